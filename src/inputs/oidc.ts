import { STS_ENDPOINT } from '../common/api.js'
import { parseEndpoint, type Endpoint } from './endpoint.js'
import { InputError } from '../common/errors.js'
import { parseRoleSessionName, roleSessionName } from './session-name.js'

/** OIDC_INPUT_DEFAULTS are the defaults action.yml must declare for the OIDC inputs (the others default to empty). */
export const OIDC_INPUT_DEFAULTS = Object.freeze({
  audience: 'sts.aliyuncs.com',
  'role-duration-seconds': '900',
  'sts-endpoint': STS_ENDPOINT
} as const)

/** STS accepts DurationSeconds from 900 up to the role's MaxSessionDuration, which RAM caps at 43200 (12 hours). */
export const MIN_ROLE_DURATION_SECONDS = 900
export const MAX_ROLE_DURATION_SECONDS = 43200

// RAM: account ids are digits; role and OIDC provider names are letters, digits, `.`, `-` (and `_`, accepted here).
const ROLE_ARN = /^acs:ram::(\d{1,32}):role\/([A-Za-z0-9._-]{1,64})$/
const PROVIDER_ARN = /^acs:ram::(\d{1,32}):oidc-provider\/([A-Za-z0-9._-]{1,128})$/
// RAM OIDC provider client ids: letters, digits and `. - _ : /`, not starting with a special character, up to 128.
const AUDIENCE = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/

const ROLE_EXAMPLE = 'acs:ram::1234567890123456:role/github-wuying-ota'
const PROVIDER_EXAMPLE = 'acs:ram::1234567890123456:oidc-provider/github-actions'

/** The OIDC inputs as given (trimmed; empty when not set). */
export interface GivenOidcInputs {
  readonly roleToAssume: string
  readonly oidcProviderArn: string
  readonly audience: string
  readonly roleSessionName: string
  readonly roleDurationSeconds: string
  readonly stsEndpoint: string
}

/** OidcRole is everything the role assumption needs, validated; frozen. */
export interface OidcRole {
  readonly roleArn: string
  readonly oidcProviderArn: string
  /** The `aud` to request from GitHub; must be a client ID of the RAM OIDC provider. */
  readonly audience: string
  readonly roleSessionName: string
  /** Whether roleSessionName is the default built from the run (for the log line). */
  readonly roleSessionNameIsDefault: boolean
  readonly durationSeconds: number
  readonly stsEndpoint: Endpoint
}

/**
 * readOidcRole returns the validated OIDC settings, or undefined when neither role-to-assume nor oidc-provider-arn
 * is given. `env` supplies GITHUB_REPOSITORY, GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT for the default session name.
 * Throws InputError naming the input that is missing (one of the two ARNs without the other) or malformed.
 */
export function readOidcRole(given: GivenOidcInputs, env: Readonly<Record<string, string | undefined>>): OidcRole | undefined {
  const role = given.roleToAssume.trim()
  const provider = given.oidcProviderArn.trim()
  if (role === '' && provider === '') return undefined
  if (provider === '') {
    throw new InputError(
      'oidc-provider-arn',
      `is empty, but role-to-assume is set; OIDC needs both: set oidc-provider-arn to the RAM OIDC provider's ARN, e.g. ${PROVIDER_EXAMPLE}`
    )
  }
  if (role === '') {
    throw new InputError(
      'role-to-assume',
      `is empty, but oidc-provider-arn is set; OIDC needs both: set role-to-assume to the RAM role's ARN, e.g. ${ROLE_EXAMPLE}`
    )
  }
  const sessionName = given.roleSessionName.trim()
  return Object.freeze({
    roleArn: parseRoleArn(role),
    oidcProviderArn: parseOidcProviderArn(provider),
    audience: parseAudience(orDefault(given.audience, 'audience')),
    roleSessionName:
      sessionName === ''
        ? roleSessionName(env.GITHUB_REPOSITORY ?? '', env.GITHUB_RUN_ID ?? '', env.GITHUB_RUN_ATTEMPT)
        : parseRoleSessionName(sessionName),
    roleSessionNameIsDefault: sessionName === '',
    durationSeconds: parseRoleDurationSeconds(orDefault(given.roleDurationSeconds, 'role-duration-seconds')),
    stsEndpoint: parseStsEndpoint(given.stsEndpoint)
  })
}

/** parseRoleArn returns a RAM role ARN `acs:ram::<account id>:role/<name>`; throws InputError naming `inputName`. */
export function parseRoleArn(text: string, inputName = 'role-to-assume'): string {
  const value = text.trim()
  if (ROLE_ARN.test(value)) return value
  const swapped = PROVIDER_ARN.test(value)
    ? '; this is an OIDC provider ARN: did you swap role-to-assume and oidc-provider-arn?'
    : ''
  throw new InputError(
    inputName,
    `${describe(value)} is not a RAM role ARN; expected acs:ram::<account id>:role/<role name>, e.g. ${ROLE_EXAMPLE}${swapped || awsHint(value)}`
  )
}

/** parseOidcProviderArn returns a RAM OIDC provider ARN `acs:ram::<account id>:oidc-provider/<name>`; throws InputError naming `inputName`. */
export function parseOidcProviderArn(text: string, inputName = 'oidc-provider-arn'): string {
  const value = text.trim()
  if (PROVIDER_ARN.test(value)) return value
  const swapped = ROLE_ARN.test(value) ? '; this is a role ARN: did you swap role-to-assume and oidc-provider-arn?' : ''
  throw new InputError(
    inputName,
    `${describe(value)} is not a RAM OIDC provider ARN; expected acs:ram::<account id>:oidc-provider/<provider name>, e.g. ${PROVIDER_EXAMPLE}${swapped || awsHint(value)}`
  )
}

/** parseRoleDurationSeconds returns a whole number of seconds from 900 to 43200; throws InputError naming `inputName`. */
export function parseRoleDurationSeconds(text: string, inputName = 'role-duration-seconds'): number {
  const value = text.trim()
  const rule = `use whole seconds from ${MIN_ROLE_DURATION_SECONDS} (15 minutes, the default) to ${MAX_ROLE_DURATION_SECONDS} (12 hours), e.g. 900; the role's MaxSessionDuration (3600 unless changed) may be lower`
  if (!/^\d{1,6}$/.test(value)) throw new InputError(inputName, `${describe(value)} is not a number of seconds; ${rule}`)
  const seconds = Number(value)
  if (seconds < MIN_ROLE_DURATION_SECONDS || seconds > MAX_ROLE_DURATION_SECONDS) {
    throw new InputError(inputName, `${seconds} is out of range; ${rule}`)
  }
  return seconds
}

/** parseAudience returns the ID token audience (a client ID of the RAM OIDC provider); throws InputError naming `inputName`. */
export function parseAudience(text: string, inputName = 'audience'): string {
  const value = text.trim()
  if (AUDIENCE.test(value)) return value
  throw new InputError(
    inputName,
    `${describe(value)} is not a RAM OIDC client ID; use up to 128 letters, digits and . - _ : / starting with a letter or digit, ` +
      `the same as a client ID of the OIDC provider, e.g. ${OIDC_INPUT_DEFAULTS.audience}`
  )
}

/** parseStsEndpoint returns the STS endpoint (`sts.aliyuncs.com` over HTTPS when empty), with the same rules as `endpoint`. */
export function parseStsEndpoint(text: string, inputName = 'sts-endpoint'): Endpoint {
  const value = text.trim()
  if (value === '') return Object.freeze({ host: STS_ENDPOINT, protocol: 'HTTPS' })
  return parseEndpoint(value, inputName)
}

function orDefault(value: string, name: keyof typeof OIDC_INPUT_DEFAULTS): string {
  return value.trim() === '' ? OIDC_INPUT_DEFAULTS[name] : value
}

function describe(value: string): string {
  if (value === '') return 'an empty value'
  return JSON.stringify(value.length > 160 ? `${value.slice(0, 160)}…` : value)
}

function awsHint(value: string): string {
  return value.startsWith('arn:') ? '; Alibaba Cloud ARNs start with acs:ram::, not arn:' : ''
}

/**
 * checkSessionFits throws InputError naming `role-duration-seconds` when the STS token of an OIDC role could expire
 * before the step ends: the token is fetched once, and the step may run for timeout-minutes plus, with `wait`, the
 * wait's own limit. Checked before any request, since an expiry midway would leave the wait unable to tell the end.
 */
export function checkSessionFits(role: OidcRole, stepMinutes: number): void {
  const neededSeconds = Math.ceil(stepMinutes * 60)
  if (role.durationSeconds >= neededSeconds) return
  const fix =
    neededSeconds <= MAX_ROLE_DURATION_SECONDS
      ? `set role-duration-seconds to at least ${Math.max(neededSeconds, MIN_ROLE_DURATION_SECONDS)} (and the role's maximum session duration as high)`
      : `STS allows at most ${MAX_ROLE_DURATION_SECONDS}; lower timeout-minutes or wait-timeout-minutes`
  throw new InputError(
    'role-duration-seconds',
    `${role.durationSeconds} s is shorter than the step may run (${stepMinutes} min with its waits), so the STS token could expire midway; ${fix}`
  )
}
