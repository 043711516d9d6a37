import * as core from '@actions/core'
import { createClient, type ClientOptions, type WuyingApi } from './client.js'
import { createCredential, describeCredentials } from './credentials.js'
import { Deadline } from './deadline.js'
import { ApiError, errorMessage, InputError } from './errors.js'
import { readInputs, type InputName, type Inputs } from './inputs.js'
import { redact, registerSecret } from './redact.js'
import { writeFailureOutputs, writeReport } from './report.js'
import { backoffFromEnv, DEFAULT_BACKOFF, realSleep, TEST_BACKOFF_ENV, type Backoff } from './retry.js'
import { scheduleOta, type Logger } from './schedule.js'

/** RunDeps are run()'s seams for tests; the defaults are the runner's inputs, environment, clock, timers and the real client. */
export interface RunDeps {
  readonly getInput: (name: InputName) => string
  readonly env: Readonly<Record<string, string | undefined>>
  readonly now: () => Date
  readonly createApi: (options: ClientOptions) => WuyingApi
  readonly sleep: (ms: number) => Promise<void>
  readonly random: () => number
}

const DEFAULT_DEPS: RunDeps = {
  getInput: (name) => core.getInput(name),
  env: process.env,
  now: () => new Date(),
  createApi: createClient,
  sleep: realSleep,
  random: Math.random
}

/** Every line the action logs passes through redact(). */
const logger: Logger = {
  info: (message) => core.info(redact(message)),
  warning: (message) => core.warning(redact(message)),
  group: (name, fn) => core.group(redact(name), fn)
}

/**
 * run reads the inputs, schedules the OTA update and reports it; it never throws, and fails the step through
 * core.setFailed exactly once when something went wrong (also when a non-Error was thrown).
 */
export async function run(overrides: Partial<RunDeps> = {}): Promise<void> {
  const deps: RunDeps = { ...DEFAULT_DEPS, ...overrides }
  const clock = (): number => deps.now().getTime()
  const started = clock()
  try {
    const inputs = readInputs(deps.getInput, deps.env, deps.now())
    const deadline = new Deadline(started + inputs.timeoutMinutes * 60_000, clock, `timeout-minutes: ${inputs.timeoutMinutes}`)
    const backoff = backoffFromEnv(deps.env) ?? DEFAULT_BACKOFF
    const api = await logger.group('Inputs', async () => connect(inputs, deps, deadline, backoff))
    const result = await scheduleOta(api, inputs, { logger, backoff, deadline, sleep: deps.sleep, random: deps.random })
    await writeReport(result)
    if (result.failure !== undefined) core.setFailed(redact(result.failure))
  } catch (error) {
    const message = redact(errorMessage(error))
    try {
      writeFailureOutputs(codeOf(error), message)
    } finally {
      core.setFailed(message)
    }
  }
}

function connect(inputs: Inputs, deps: RunDeps, deadline: Deadline, backoff: Backoff): WuyingApi {
  // Masked before anything else happens with them.
  const credential = createCredential(inputs.credentials, (secret) => {
    registerSecret(secret)
    core.setSecret(secret)
  })
  const { endpoint, startTime } = inputs
  logger.info(`delivery group: ${inputs.appInstanceGroupId} in ${inputs.bizRegionId}`)
  logger.info(`start time: ${startTime.text}${startTime.given === startTime.text ? '' : ` (${startTime.given})`}`)
  logger.info(`OTA type: ${inputs.otaType}`)
  logger.info(`credentials: ${describeCredentials(inputs.credentials)}`)
  logger.info(`endpoint: ${endpoint.protocol.toLowerCase()}://${endpoint.host}, signature ${inputs.signatureVersion}`)
  logger.info(
    `retries: up to ${inputs.maxAttempts} attempts per call, ${inputs.requestTimeoutSeconds} s per attempt, ` +
      `${inputs.timeoutMinutes} min for the step`
  )
  if (backoff !== DEFAULT_BACKOFF) logger.info(`test seam ${TEST_BACKOFF_ENV}: backoff ${backoff.baseMs} ms, at most ${backoff.capMs} ms`)
  return deps.createApi({
    endpoint,
    credential,
    signatureVersion: inputs.signatureVersion,
    timeoutMs: inputs.requestTimeoutSeconds * 1000,
    remainingMs: () => deadline.remainingMs(),
    debug: (message) => core.debug(redact(message))
  })
}

function codeOf(error: unknown): string {
  if (error instanceof InputError) return 'InvalidInput'
  if (error instanceof ApiError) return error.code
  return 'UnexpectedError'
}
