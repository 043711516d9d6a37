import CredentialsModule, { Config as CredentialConfig } from '@alicloud/credentials'
import { InputError } from './errors.js'

/** The credential object `@alicloud/openapi-client` signs with. */
export type AlibabaCredential = InstanceType<typeof CredentialsModule.default>

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

/** CredentialSource is the chosen source and its values; an `oidc` kind can join this union. */
export interface KeyCredentialSource {
  readonly kind: 'keys'
  readonly origin: 'inputs' | 'environment'
  readonly accessKeyId: string
  readonly accessKeySecret: string
  /** Present for STS credentials. */
  readonly securityToken?: string
}
export type CredentialSource = KeyCredentialSource

type Names = { readonly [K in keyof GivenCredentials]: string }

/**
 * selectCredentials returns the first complete source: the inputs, then the environment. Throws InputError naming
 * what is missing when a source is half given, or listing the ways to give credentials when there is none.
 */
export function selectCredentials(given: GivenCredentials, env: Readonly<Record<string, string | undefined>>): CredentialSource {
  const fromInputs = pick(given, CREDENTIAL_INPUTS, 'inputs')
  if (fromInputs) return fromInputs
  const fromEnv = pick(
    {
      accessKeyId: env[CREDENTIAL_ENV.accessKeyId]?.trim() ?? '',
      accessKeySecret: env[CREDENTIAL_ENV.accessKeySecret]?.trim() ?? '',
      securityToken: env[CREDENTIAL_ENV.securityToken]?.trim() ?? ''
    },
    CREDENTIAL_ENV,
    'environment'
  )
  if (fromEnv) return fromEnv
  throw new InputError(
    CREDENTIAL_INPUTS.accessKeyId,
    `no credentials given; set the access-key-id and access-key-secret inputs (plus security-token for an STS token), ` +
      `or the ${CREDENTIAL_ENV.accessKeyId} and ${CREDENTIAL_ENV.accessKeySecret} environment variables ` +
      `(plus ${CREDENTIAL_ENV.securityToken}), as aliyun/configure-aliyun-credentials-action exports them`
  )
}

function pick(values: GivenCredentials, names: Names, origin: KeyCredentialSource['origin']): CredentialSource | undefined {
  const { accessKeyId, accessKeySecret, securityToken } = values
  if (!accessKeyId && !accessKeySecret && !securityToken) return undefined
  if (!accessKeyId || !accessKeySecret) {
    const missing = [!accessKeyId && names.accessKeyId, !accessKeySecret && names.accessKeySecret].filter(isName)
    const present = [accessKeyId && names.accessKeyId, accessKeySecret && names.accessKeySecret, securityToken && names.securityToken].filter(isName)
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

/** describeCredentials returns which kind of credential is used and where it came from, never a value. */
export function describeCredentials(source: CredentialSource): string {
  const what = source.securityToken ? 'STS token' : 'AccessKey'
  const where =
    source.origin === 'inputs'
      ? 'the access-key-id / access-key-secret inputs'
      : 'the ALIBABA_CLOUD_* environment variables'
  return `${what} from ${where}`
}

/**
 * createCredential masks every value of the source with `mask`, then builds the matching `@alicloud/credentials`
 * provider explicitly (`access_key` or `sts`); the library's default chain, which probes ECS metadata, is never used.
 */
export function createCredential(source: CredentialSource, mask: (secret: string) => void): AlibabaCredential {
  for (const value of [source.accessKeyId, source.accessKeySecret, source.securityToken]) {
    if (value) mask(value)
  }
  const config = new CredentialConfig(
    source.securityToken
      ? { type: 'sts', accessKeyId: source.accessKeyId, accessKeySecret: source.accessKeySecret, securityToken: source.securityToken }
      : { type: 'access_key', accessKeyId: source.accessKeyId, accessKeySecret: source.accessKeySecret }
  )
  return new CredentialClass(config)
}

// In Node and jest the default import of this CommonJS package is its exports object; in the ncc bundle it is the class.
const CredentialClass: typeof CredentialsModule.default =
  typeof CredentialsModule === 'function' ? CredentialsModule : CredentialsModule.default
