import * as core from '@actions/core'
import { createClient, type ClientOptions, type WuyingApi } from './wuying/client.js'
import {
  createCredential,
  describeCredentials,
  type KeyCredentialSource,
  type OidcCredentialSource
} from './inputs/credentials.js'
import { Deadline } from './common/deadline.js'
import { ApiError, errorMessage, InputError } from './common/errors.js'
import { readInputs, type InputName, type Inputs } from './inputs/read.js'
import { OidcError } from './credentials/oidc-error.js'
import { redact, registerSecret } from './common/redact.js'
import { writeFailureOutputs, writeReport } from './report/report.js'
import { backoffFromEnv, DEFAULT_BACKOFF, realSleep, TEST_BACKOFF_ENV, type Backoff } from './common/retry.js'
import { describeGroupIds } from './inputs/groups.js'
import { DEFAULT_POLL, pollFromEnv, TEST_POLL_ENV, type PollSchedule } from './ota/poll.js'
import { createLogger } from './common/log.js'
import { runStep } from './ota/step.js'

/** RunDeps are run()'s seams for tests; the defaults are the runner's inputs, environment, clock, timers and the real client. */
export interface RunDeps {
  readonly getInput: (name: InputName) => string
  readonly env: Readonly<Record<string, string | undefined>>
  readonly now: () => Date
  readonly createApi: (options: ClientOptions) => WuyingApi
  readonly sleep: (ms: number) => Promise<void>
  readonly random: () => number
  /** The job's GitHub ID token for an audience (OIDC only). */
  readonly getIDToken: (audience: string) => Promise<string>
}

const DEFAULT_DEPS: RunDeps = {
  getInput: (name) => core.getInput(name),
  env: process.env,
  now: () => new Date(),
  createApi: createClient,
  sleep: realSleep,
  random: Math.random,
  getIDToken: (audience) => core.getIDToken(audience)
}

/** mask registers a credential with the runner's log masking and with redact(), before anything could print it. */
function mask(secret: string): void {
  registerSecret(secret)
  core.setSecret(secret)
}

/** Keys to sign with, how to describe them, and what to clean up when the step ends. */
interface ResolvedCredentials {
  readonly source: KeyCredentialSource
  readonly description: string
  readonly release?: () => Promise<void>
}

/** Every line the action logs passes through the one funnel (redacted, unable to start a workflow command). */
const logger = createLogger(core)

/**
 * run reads the inputs, schedules the OTA update and reports it; it never throws, and fails the step through
 * core.setFailed exactly once when something went wrong (also when a non-Error was thrown).
 */
export async function run(overrides: Partial<RunDeps> = {}): Promise<void> {
  const deps: RunDeps = { ...DEFAULT_DEPS, ...overrides }
  const clock = (): number => deps.now().getTime()
  const started = clock()
  let release: (() => Promise<void>) | undefined
  try {
    const inputs = readInputs(deps.getInput, deps.env, deps.now())
    const deadline = new Deadline(started + inputs.timeoutMinutes * 60_000, clock, `timeout-minutes: ${inputs.timeoutMinutes}`)
    const backoff = backoffFromEnv(deps.env) ?? DEFAULT_BACKOFF
    const poll = pollFromEnv(deps.env) ?? DEFAULT_POLL
    // The client cuts each call at the time limit of the phase under way: timeout-minutes, then the wait's own.
    let limit = deadline
    const api = await logger.group('Inputs', async () => {
      const credentials = await resolveCredentials(inputs, deps, deadline)
      release = credentials.release
      return connect(inputs, credentials, deps, { remainingMs: () => limit.remainingMs() }, { backoff, poll })
    })
    const enterWait = (waitDeadline: Deadline): void => {
      limit = waitDeadline
    }
    const outcome = await runStep(api, inputs, {
      logger,
      backoff,
      deadline,
      sleep: deps.sleep,
      random: deps.random,
      now: clock,
      poll,
      enterWait
    })
    await writeReport(outcome)
    if (outcome.failure !== undefined) core.setFailed(redact(outcome.failure))
  } catch (error) {
    const message = redact(errorMessage(error))
    try {
      writeFailureOutputs(codeOf(error), message)
    } finally {
      core.setFailed(message)
    }
  } finally {
    // The ID token file is already gone after the exchange; this is the safety net for every other path.
    await release?.().catch(() => undefined)
  }
}

/** resolveCredentials returns the keys to sign with: as given, or from the OIDC role assumption (loaded only then). */
async function resolveCredentials(inputs: Inputs, deps: RunDeps, deadline: Deadline): Promise<ResolvedCredentials> {
  const source = inputs.credentials
  if (source.kind === 'keys') return { source, description: describeCredentials(source) }
  return assumeRole(source, inputs, deps, deadline)
}

async function assumeRole(
  role: OidcCredentialSource,
  inputs: Inputs,
  deps: RunDeps,
  deadline: Deadline
): Promise<ResolvedCredentials> {
  const { assumeRoleWithOidc, describeOidcRole, STS_TIMEOUT_MS } = await import('./credentials/oidc.js')
  const timeoutMs = Math.min(STS_TIMEOUT_MS, inputs.requestTimeoutSeconds * 1000, deadline.remainingMs())
  const assumed = await assumeRoleWithOidc(
    { ...role, timeoutMs },
    { getIDToken: deps.getIDToken, setSecret: mask, env: deps.env }
  )
  const { accessKeyId, accessKeySecret, securityToken } = assumed.credentials
  return {
    source: { kind: 'keys', origin: 'oidc', accessKeyId, accessKeySecret, securityToken },
    description: describeOidcRole(role, assumed.credentials),
    release: () => assumed.dispose()
  }
}

function connect(
  inputs: Inputs,
  credentials: ResolvedCredentials,
  deps: RunDeps,
  deadline: Pick<Deadline, 'remainingMs'>,
  { backoff, poll }: { backoff: Backoff; poll: PollSchedule }
): WuyingApi {
  // Masked before anything else happens with them.
  const credential = createCredential(credentials.source, mask)
  const { endpoint, startTime } = inputs
  logger.info(describeGroupIds(inputs.appInstanceGroupIds, inputs.bizRegionId, inputs.concurrency))
  logger.info(`start time: ${startTime.text}${startTime.given === startTime.text ? '' : ` (${startTime.given})`}`)
  logger.info(`OTA type: ${inputs.otaType}`)
  logger.info(`credentials: ${credentials.description}`)
  if (credentials.source.oidcIgnored) {
    logger.warning(`role-to-assume is set but ignored: ${describeCredentials(credentials.source)} take precedence over OIDC`)
  }
  logger.info(`endpoint: ${endpoint.protocol.toLowerCase()}://${endpoint.host}, signature ${inputs.signatureVersion}`)
  logger.info(
    `retries: up to ${inputs.maxAttempts} attempts per call, ${inputs.requestTimeoutSeconds} s per attempt, ` +
      `${inputs.timeoutMinutes} min for the ${inputs.wait ? 'lookups and approvals' : 'step'}`
  )
  if (inputs.dryRun) logger.info('dry run: look up and validate, approve nothing')
  if (inputs.wait)
    logger.info(`wait: until each approved task ends, at most ${inputs.waitTimeoutMinutes} min after the approvals`)
  if (backoff !== DEFAULT_BACKOFF)
    logger.info(`test seam ${TEST_BACKOFF_ENV}: backoff ${backoff.baseMs} ms, at most ${backoff.capMs} ms`)
  if (poll !== DEFAULT_POLL) logger.info(`test seam ${TEST_POLL_ENV}: polls every ${poll.firstMs} ms, rising to ${poll.capMs} ms`)
  return deps.createApi({
    endpoint,
    credential,
    signatureVersion: inputs.signatureVersion,
    timeoutMs: inputs.requestTimeoutSeconds * 1000,
    remainingMs: () => deadline.remainingMs(),
    // Raw requests and responses only when the runner's debug logging is on (ACTIONS_STEP_DEBUG).
    ...(core.isDebug() ? { debug: (message: string) => core.debug(message) } : {})
  })
}

function codeOf(error: unknown): string {
  if (error instanceof InputError) return 'InvalidInput'
  if (error instanceof ApiError || error instanceof OidcError) return error.code
  return 'UnexpectedError'
}
