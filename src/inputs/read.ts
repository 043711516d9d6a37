import { OTA_TYPES, type OtaType } from '../common/api.js'
import { selectCredentials, type CredentialSource } from './credentials.js'
import { resolveEndpoint, userinfoOf, type Endpoint } from './endpoint.js'
import { InputError } from '../common/errors.js'
import { checkTaskIdFits, parseGroupIds } from './groups.js'
import { checkSessionFits, OIDC_INPUT_DEFAULTS, readOidcRole } from './oidc.js'
import { checkWaitFits } from './wait.js'
import { quoteValue as quote } from './quote.js'
import { parseStartTime, type StartTime } from './start-time.js'
import { GITHUB_INPUT_DEFAULTS, readDeploymentInputs, type DeploymentInputs } from './github.js'
import { parseTimeZone } from './time-zone.js'
import { parseMaintenanceWindows } from './window.js'
import { applyMaintenanceWindow } from './window-start.js'

/** REQUIRED_INPUTS are the inputs without a default; the step fails when one is empty. */
export const REQUIRED_INPUTS = ['app-instance-group-id', 'biz-region-id'] as const

/**
 * INPUT_DEFAULTS holds every optional input with the default `action.yml` declares (`''`: empty by default).
 * The runner applies action.yml's defaults; a run by hand gets these, so the two must agree (a test checks).
 */
export const INPUT_DEFAULTS = Object.freeze({
  'start-time': 'now',
  'maintenance-window': '',
  'time-zone': 'UTC',
  'ota-type': 'Fota',
  'task-id': '',
  endpoint: '',
  'access-key-id': '',
  'access-key-secret': '',
  'security-token': '',
  'role-to-assume': '',
  'oidc-provider-arn': '',
  'role-session-name': '',
  ...OIDC_INPUT_DEFAULTS,
  'if-no-update': 'skip',
  'fail-on-error': 'true',
  'signature-version': 'v3',
  'max-attempts': '5',
  'request-timeout-seconds': '10',
  'timeout-minutes': '10',
  concurrency: '5',
  'dry-run': 'false',
  'release-note': 'dry-run',
  wait: 'false',
  'wait-timeout-minutes': '60',
  ...GITHUB_INPUT_DEFAULTS
} as const)

export type InputName = (typeof REQUIRED_INPUTS)[number] | keyof typeof INPUT_DEFAULTS

export const IF_NO_UPDATE = ['skip', 'fail'] as const
export type IfNoUpdate = (typeof IF_NO_UPDATE)[number]
/**
 * When the pending update's release note is read (GetOtaTaskByTaskId, which needs the RAM action of an approval):
 * `dry-run` in dry runs only, `always` also after real approvals (one more request per approved group), `never`.
 */
export const RELEASE_NOTE_MODES = ['dry-run', 'always', 'never'] as const
export type ReleaseNoteMode = (typeof RELEASE_NOTE_MODES)[number]
/** `v3`: ACS3-HMAC-SHA256; `v2`: the legacy RPC HMAC-SHA1 signature. */
export const SIGNATURE_VERSIONS = ['v3', 'v2'] as const
export type SignatureVersion = (typeof SIGNATURE_VERSIONS)[number]

/** Inputs is every input parsed and validated; frozen. */
export interface Inputs {
  /** The first (for one group: the only) of appInstanceGroupIds. */
  readonly appInstanceGroupId: string
  /** Distinct, in the order given; one id keeps the single-group behaviour. */
  readonly appInstanceGroupIds: readonly string[]
  readonly bizRegionId: string
  /** The chosen start: start-time itself, or moved into the maintenance window (then `window` says how). */
  readonly startTime: StartTime
  readonly otaType: OtaType
  /** Empty when the task is to be looked up. */
  readonly taskId: string
  readonly endpoint: Endpoint
  readonly credentials: CredentialSource
  readonly ifNoUpdate: IfNoUpdate
  readonly failOnError: boolean
  readonly signatureVersion: SignatureVersion
  /** Attempts per API call, the first included. */
  readonly maxAttempts: number
  /** The client's connect and read timeout for each attempt. */
  readonly requestTimeoutSeconds: number
  /** The time limit of the lookups and approvals (may be fractional); a wait has its own, waitTimeoutMinutes. */
  readonly timeoutMinutes: number
  /** How many groups are approved (and polled) at once. */
  readonly concurrency: number
  /** Look up and validate, approve nothing. */
  readonly dryRun: boolean
  /** When to read the release note of each task approved (or, in a dry run, that would be). */
  readonly releaseNote: ReleaseNoteMode
  /** Follow the approved tasks until they end. */
  readonly wait: boolean
  /** The wait's own time limit, from the end of the approvals (may be fractional). */
  readonly waitTimeoutMinutes: number
  /** The GitHub Deployment record: environment ('' for none), token and environment URL. */
  readonly deployment: DeploymentInputs
}

/** NUMBER_RANGES are the accepted ranges of the numeric inputs; `step` 1 means whole numbers only. */
export const NUMBER_RANGES = Object.freeze({
  'max-attempts': { min: 1, max: 10, step: 1, unit: 'attempts' },
  'request-timeout-seconds': { min: 1, max: 300, step: 1, unit: 'seconds' },
  'timeout-minutes': { min: 0.1, max: 360, step: 0.1, unit: 'minutes' },
  concurrency: { min: 1, max: 50, step: 1, unit: 'groups at a time' },
  'wait-timeout-minutes': { min: 0.1, max: 360, step: 0.1, unit: 'minutes' }
} as const)
type NumberInput = keyof typeof NUMBER_RANGES

const TASK_ID = /^ota-[a-z0-9]{6,32}$/
const REGION_ID = /^[a-z]{2,4}(?:-[a-z0-9]+){1,4}$/
// YAML 1.2 core schema booleans, as core.getBooleanInput accepts them.
const BOOLEANS: Readonly<Record<string, boolean>> = {
  true: true,
  True: true,
  TRUE: true,
  false: false,
  False: false,
  FALSE: false
}

/**
 * readInputs returns the validated inputs: `getInput` gives an input's raw value (empty when unset), `env` the
 * environment for the credential fallback, `now` the clock for start-time. Throws InputError for the first bad input.
 */
export function readInputs(
  getInput: (name: InputName) => string,
  env: Readonly<Record<string, string | undefined>>,
  now: Date
): Inputs {
  const get = (name: InputName): string => {
    const value = getInput(name).trim()
    return value === '' && name in INPUT_DEFAULTS ? INPUT_DEFAULTS[name as keyof typeof INPUT_DEFAULTS] : value
  }
  const appInstanceGroupIds = parseGroupIds(get('app-instance-group-id'))
  const bizRegionId = match(get('biz-region-id'), 'biz-region-id', REGION_ID, 'a region id such as cn-hangzhou or ap-southeast-1')
  const inputs: Inputs = Object.freeze({
    appInstanceGroupId: appInstanceGroupIds[0] as string,
    appInstanceGroupIds: Object.freeze(appInstanceGroupIds),
    bizRegionId,
    startTime: applyMaintenanceWindow(
      parseStartTime(get('start-time'), now),
      parseMaintenanceWindows(get('maintenance-window')),
      parseTimeZone(get('time-zone')),
      now
    ),
    otaType: oneOf(get('ota-type'), 'ota-type', OTA_TYPES),
    taskId: optional(get('task-id'), 'task-id', TASK_ID, idRule('ota', 'ota-7xkdwuwbwsq9h5mtx')),
    endpoint: resolveEndpoint(get('endpoint'), bizRegionId),
    credentials: selectCredentials(
      { accessKeyId: get('access-key-id'), accessKeySecret: get('access-key-secret'), securityToken: get('security-token') },
      env,
      readOidcRole(
        {
          roleToAssume: get('role-to-assume'),
          oidcProviderArn: get('oidc-provider-arn'),
          audience: get('audience'),
          roleSessionName: get('role-session-name'),
          roleDurationSeconds: get('role-duration-seconds'),
          stsEndpoint: get('sts-endpoint')
        },
        env
      )
    ),
    ifNoUpdate: oneOf(get('if-no-update'), 'if-no-update', IF_NO_UPDATE),
    failOnError: parseBoolean(get('fail-on-error'), 'fail-on-error'),
    signatureVersion: oneOf(get('signature-version'), 'signature-version', SIGNATURE_VERSIONS),
    maxAttempts: parseNumber(get('max-attempts'), 'max-attempts'),
    requestTimeoutSeconds: parseNumber(get('request-timeout-seconds'), 'request-timeout-seconds'),
    timeoutMinutes: parseNumber(get('timeout-minutes'), 'timeout-minutes'),
    concurrency: parseNumber(get('concurrency'), 'concurrency'),
    dryRun: parseBoolean(get('dry-run'), 'dry-run'),
    releaseNote: oneOf(get('release-note'), 'release-note', RELEASE_NOTE_MODES),
    wait: parseBoolean(get('wait'), 'wait'),
    waitTimeoutMinutes: parseNumber(get('wait-timeout-minutes'), 'wait-timeout-minutes'),
    deployment: readDeploymentInputs(
      { environment: get('deployment-environment'), token: get('github-token'), environmentUrl: get('environment-url') },
      env
    )
  })
  checkTaskIdFits(inputs.taskId, inputs.appInstanceGroupIds)
  if (inputs.wait) checkWaitFits(inputs.startTime, inputs.waitTimeoutMinutes, now)
  if (inputs.credentials.kind === 'oidc') {
    checkSessionFits(inputs.credentials, inputs.timeoutMinutes + (inputs.wait ? inputs.waitTimeoutMinutes : 0))
  }
  return inputs
}

function idRule(prefix: string, example: string): string {
  return `"${prefix}-" followed by 6 to 32 lower-case letters or digits, e.g. ${example}`
}

function match(value: string, name: InputName, pattern: RegExp, rule: string): string {
  if (value === '') throw new InputError(name, `is required; give ${rule}`)
  if (!pattern.test(value)) throw new InputError(name, `${quote(value)} is malformed; expected ${rule}`)
  return value
}

function optional(value: string, name: InputName, pattern: RegExp, rule: string): string {
  return value === '' ? '' : match(value, name, pattern, rule)
}

function oneOf<T extends string>(value: string, name: InputName, allowed: readonly T[]): T {
  const found = allowed.find((option) => option === value)
  if (found !== undefined) return found
  const sameLetters = allowed.find((option) => option.toLowerCase() === value.toLowerCase())
  const hint = sameLetters ? `; did you mean ${sameLetters}? (case matters)` : ''
  throw new InputError(name, `${quote(value)} is not one of ${allowed.join(', ')}${hint}`)
}

/** parseBoolean accepts true/True/TRUE and false/False/FALSE, like core.getBooleanInput; throws InputError otherwise. */
export function parseBoolean(value: string, name: string): boolean {
  const parsed = BOOLEANS[value]
  if (parsed === undefined || !Object.hasOwn(BOOLEANS, value)) {
    throw new InputError(name, `${quote(value)} is not a boolean; use true or false`)
  }
  return parsed
}

/**
 * parseNumber reads a numeric input within its NUMBER_RANGES entry: digits only (and one decimal digit where the
 * step is 0.1, e.g. `2.5`), no sign, exponent or unit. Throws InputError naming the input and the accepted range.
 */
export function parseNumber(value: string, name: NumberInput): number {
  const { min, max, step, unit } = NUMBER_RANGES[name]
  const whole = step === 1
  const range = `${whole ? 'a whole number' : 'a number'} of ${unit} from ${min} to ${max}${whole ? '' : ' (at most one decimal, e.g. 2.5)'}`
  const pattern = whole ? /^\d{1,6}$/ : /^\d{1,6}(?:\.\d)?$/
  if (!pattern.test(value)) throw new InputError(name, `${quote(value)} is not ${range}`)
  const number = Number(value)
  if (number < min || number > max) throw new InputError(name, `${quote(value)} is out of range; use ${range}`)
  return number
}

/** URL_INPUTS are the inputs that take a URL, where a user may write credentials by mistake (`https://id:secret@host`). */
const URL_INPUTS = ['endpoint', 'sts-endpoint'] as const satisfies readonly InputName[]
/** SECRET_INPUTS are the inputs whose whole value is a credential. */
const SECRET_INPUTS = ['access-key-secret', 'security-token', 'github-token'] as const satisfies readonly InputName[]

/**
 * secretsInInputs returns every credential given in the inputs, the secret ones and any written into a URL input, so
 * that all are masked before the inputs are read (an error about any input could otherwise echo one).
 */
export function secretsInInputs(getInput: (name: InputName) => string): string[] {
  const whole = SECRET_INPUTS.map((name) => getInput(name).trim()).filter((value) => value !== '')
  return [...whole, ...URL_INPUTS.flatMap((name) => userinfoOf(getInput(name)))]
}
