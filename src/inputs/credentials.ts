import { InputError } from '../common/errors.js'
import type { OidcRole } from './oidc.js'

/** The credential inputs as given (trimmed; empty when not set). */
export interface GivenCredentials {
  readonly accessKeyId: string
  readonly accessKeySecret: string
  readonly securityToken: string
}

/** The environment variables read when the inputs are empty (what aliyun/configure-aliyun-credentials-action exports). */
export const CREDENTIAL_ENV = {
  accessKeyId: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
  accessKeySecret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  securityToken: 'ALIBABA_CLOUD_SECURITY_TOKEN'
} as const

const CREDENTIAL_INPUTS = {
  accessKeyId: 'access-key-id',
  accessKeySecret: 'access-key-secret',
  securityToken: 'security-token'
} as const

/** KeyCredentialSource is a key pair (with an STS token or not), from the inputs, the environment or an OIDC exchange. */
export interface KeyCredentialSource {
  readonly kind: 'keys'
  readonly origin: 'inputs' | 'environment' | 'oidc'
  readonly accessKeyId: string
  readonly accessKeySecret: string
  /** Present for STS credentials. */
  readonly securityToken?: string
  /** Set when role-to-assume was given too but keys took precedence, so the log can say it was ignored. */
  readonly oidcIgnored?: boolean
}
/** OidcCredentialSource is a RAM role to assume with the job's GitHub ID token; it becomes keys at run time. */
export interface OidcCredentialSource extends OidcRole {
  readonly kind: 'oidc'
}
/** CredentialSource is the chosen source: keys now, or a role to assume. */
export type CredentialSource = KeyCredentialSource | OidcCredentialSource

/** Where the README explains the three ways to give credentials. */
export const CREDENTIALS_HELP = "the README's Credentials section"

type Names = { readonly [K in keyof GivenCredentials]: string }

/**
 * selectCredentials returns the first complete source: the key inputs, then the environment, then the OIDC role
 * (`oidc`, already validated by readOidcRole). Throws InputError naming what is missing when a source is half given,
 * or listing the three ways to give credentials when there is none.
 */
export function selectCredentials(given: GivenCredentials, env: Readonly<Record<string, string | undefined>>): KeyCredentialSource
export function selectCredentials(
  given: GivenCredentials,
  env: Readonly<Record<string, string | undefined>>,
  oidc: OidcRole | undefined
): CredentialSource
export function selectCredentials(
  given: GivenCredentials,
  env: Readonly<Record<string, string | undefined>>,
  oidc?: OidcRole
): CredentialSource {
  const keys = pickKeys(given, env)
  if (keys) return oidc ? Object.freeze({ ...keys, oidcIgnored: true }) : keys
  if (oidc) return Object.freeze({ ...oidc, kind: 'oidc' })
  throw new InputError(
    CREDENTIAL_INPUTS.accessKeyId,
    `no credentials given; use one of: (1) the access-key-id and access-key-secret inputs (plus security-token for an ` +
      `STS token); (2) the ${CREDENTIAL_ENV.accessKeyId} and ${CREDENTIAL_ENV.accessKeySecret} environment variables ` +
      `(plus ${CREDENTIAL_ENV.securityToken}), as aliyun/configure-aliyun-credentials-action exports them; (3) OIDC, ` +
      `with the role-to-assume and oidc-provider-arn inputs and \`permissions: id-token: write\` in the workflow. ` +
      `See ${CREDENTIALS_HELP}`
  )
}

function pickKeys(given: GivenCredentials, env: Readonly<Record<string, string | undefined>>): KeyCredentialSource | undefined {
  const fromInputs = pick(given, CREDENTIAL_INPUTS, 'inputs')
  if (fromInputs) return fromInputs
  return pick(
    {
      accessKeyId: env[CREDENTIAL_ENV.accessKeyId]?.trim() ?? '',
      accessKeySecret: env[CREDENTIAL_ENV.accessKeySecret]?.trim() ?? '',
      securityToken: env[CREDENTIAL_ENV.securityToken]?.trim() ?? ''
    },
    CREDENTIAL_ENV,
    'environment'
  )
}

function pick(values: GivenCredentials, names: Names, origin: 'inputs' | 'environment'): KeyCredentialSource | undefined {
  const { accessKeyId, accessKeySecret, securityToken } = values
  if (!accessKeyId && !accessKeySecret && !securityToken) return undefined
  if (!accessKeyId || !accessKeySecret) {
    const missing = [!accessKeyId && names.accessKeyId, !accessKeySecret && names.accessKeySecret].filter(isName)
    const present = [
      accessKeyId && names.accessKeyId,
      accessKeySecret && names.accessKeySecret,
      securityToken && names.securityToken
    ].filter(isName)
    const fix =
      origin === 'inputs'
        ? `set ${and(missing)} too, or none of the credential inputs to use the ALIBABA_CLOUD_* environment variables`
        : `set ${and(missing)} too, or unset ${and(present)}`
    throw new InputError(and(missing), `${isAre(missing)} empty, but ${and(present)} ${isAre(present)} set; ${fix}`)
  }
  return Object.freeze({ kind: 'keys', origin, accessKeyId, accessKeySecret, ...(securityToken ? { securityToken } : {}) })
}

function isName(name: string | false): name is string {
  return typeof name === 'string' && name !== ''
}

const and = (names: string[]): string => names.join(' and ')
const isAre = (names: string[]): string => (names.length > 1 ? 'are' : 'is')

const ORIGINS: { readonly [O in KeyCredentialSource['origin']]: string } = {
  inputs: 'the access-key-id / access-key-secret inputs',
  environment: 'the ALIBABA_CLOUD_* environment variables',
  oidc: 'the OIDC role assumption'
}

/** describeCredentials returns which kind of credential is used and where it came from, never a value. */
export function describeCredentials(source: KeyCredentialSource): string {
  const what = source.securityToken ? 'STS token' : 'AccessKey'
  return `${what} from ${ORIGINS[source.origin]}`
}
