/**
 * Wiring only: inputs → credentials → API client → the OTA step → report. Every effect comes through RunDeps, so
 * tests can run the whole step with fakes; the defaults are the runner's.
 */
import * as core from '@actions/core'
import { Deadline } from './common/deadline.js'
import { createLogger } from './common/log.js'
import { describeProxyUse, proxySecrets } from './common/proxy.js'
import { redact, registerSecret } from './common/redact.js'
import { backoffFromEnv, DEFAULT_BACKOFF, realSleep } from './common/retry.js'
import { createCredential } from './credentials/keys.js'
import { resolveCredentials } from './credentials/resolve.js'
import { readInputs, secretsInInputs, type InputName } from './inputs/read.js'
import { describeStartTime } from './inputs/start-time.js'
import { DEFAULT_POLL, pollFromEnv } from './ota/poll.js'
import { runStep } from './ota/step.js'
import { earlyFailure, type RunStage } from './report/failure.js'
import { writeEarlyFailure, writeReport } from './report/report.js'
import { setupLines } from './report/setup.js'
import { runContextFrom } from './github/context.js'
import { createDeploymentRecorder, type DeploymentRecorder } from './github/deployment.js'
import { readGitHubContext } from './github/env-context.js'
import { summaryHeadingHtml, summaryHeadingPieces } from './github/heading.js'
import { planOf } from './github/plan.js'
import { createClient, type ClientOptions, type WuyingApi } from './wuying/client.js'

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

/** masker returns a run's `mask`: it registers a credential with the runner's log masking and with redact(), once. */
function masker(): (secret: string) => void {
  const masked = new Set<string>()
  return (secret) => {
    if (masked.has(secret)) return
    masked.add(secret)
    registerSecret(secret)
    core.setSecret(secret)
  }
}

/** Every line the action logs passes through the one funnel (redacted, unable to start a workflow command). */
const logger = createLogger(core)

/**
 * run reads the inputs, schedules the OTA update and reports it; it never throws, and fails the step through
 * core.setFailed exactly once when something went wrong (also when a non-Error was thrown).
 */
export async function run(overrides: Partial<RunDeps> = {}): Promise<void> {
  const deps: RunDeps = { ...DEFAULT_DEPS, ...overrides }
  const mask = masker()
  const clock = (): number => deps.now().getTime()
  const started = clock()
  let release: (() => Promise<void>) | undefined
  let stage: RunStage = 'inputs'
  let recorder: DeploymentRecorder | undefined
  // The run's GitHub context (release, actor, commit, run link) heads the summary in every outcome.
  const github = runContextFrom(readGitHubContext(deps.env))
  const contextHtml = [summaryHeadingHtml(summaryHeadingPieces(github))]
  const summaryFile = deps.env.GITHUB_STEP_SUMMARY
  try {
    // Every credential in the inputs, also one written where it should not be, is masked before anything can echo it.
    for (const secret of [...secretsInInputs(deps.getInput), ...proxySecrets(deps.env)]) mask(secret)
    const inputs = readInputs(deps.getInput, deps.env, deps.now())
    // The GitHub token may come from the environment when the input is empty: masked here too.
    if (inputs.deployment.token !== '') mask(inputs.deployment.token)
    const deadline = new Deadline(started + inputs.timeoutMinutes * 60_000, clock, `timeout-minutes: ${inputs.timeoutMinutes}`)
    const backoff = backoffFromEnv(deps.env) ?? DEFAULT_BACKOFF
    const poll = pollFromEnv(deps.env) ?? DEFAULT_POLL
    // The client cuts each call at the time limit of the phase under way: timeout-minutes, then the wait's own.
    let limit = deadline
    const record = createDeploymentRecorder(
      {
        inputs: inputs.deployment,
        dryRun: inputs.dryRun,
        wait: inputs.wait,
        maxAttempts: inputs.maxAttempts,
        requestTimeoutMs: inputs.requestTimeoutSeconds * 1000,
        context: github
      },
      { logger, deadline: () => limit, backoff, sleep: deps.sleep, random: deps.random, now: clock }
    )
    recorder = record
    const api = await logger.group('Inputs', async () => {
      stage = 'credentials'
      const proxyLine = describeProxyUse(
        [inputs.endpoint, ...(inputs.credentials.kind === 'oidc' ? [inputs.credentials.stsEndpoint] : [])],
        deps.env
      )
      if (proxyLine !== undefined) logger.info(proxyLine)
      const retry = { backoff, sleep: deps.sleep, random: deps.random, log: (line: string) => logger.info(line) }
      const credentials = await resolveCredentials(inputs, { getIDToken: deps.getIDToken, mask, env: deps.env, retry }, deadline)
      release = credentials.release
      stage = 'connect'
      // Masked before anything else happens with them.
      const credential = createCredential(credentials.source, mask)
      for (const line of setupLines(inputs, credentials, { backoff, poll })) {
        if (line.warning) logger.warning(line.text)
        else logger.info(line.text)
      }
      return deps.createApi({
        endpoint: inputs.endpoint,
        credential,
        proxyEnv: deps.env,
        signatureVersion: inputs.signatureVersion,
        timeoutMs: inputs.requestTimeoutSeconds * 1000,
        remainingMs: () => limit.remainingMs(),
        // Raw requests and responses only when the runner's debug logging is on (ACTIONS_STEP_DEBUG).
        ...(core.isDebug() ? { debug: (message: string) => core.debug(message) } : {})
      })
    })
    stage = 'schedule'
    const outcome = await runStep(api, inputs, {
      logger,
      backoff,
      deadline,
      sleep: deps.sleep,
      random: deps.random,
      now: clock,
      poll,
      enterWait: (waitDeadline) => {
        limit = waitDeadline
      },
      // The Deployment record names the groups about to be approved, so it is created between lookups and approvals.
      beforeApprovals: async (planned) => {
        await record.begin(planOf(inputs.bizRegionId, inputs.otaType, inputs.startTime.text, planned))
      }
    })
    await record.finish(outcome)
    writeReport(outcome, logger, {
      dryRun: inputs.dryRun,
      deploymentId: record.deploymentId,
      contextHtml,
      // How a maintenance window chose the start, in the summary too.
      notes: inputs.startTime.window ? describeStartTime(inputs.startTime) : [],
      summaryFile
    })
    if (outcome.failure !== undefined) core.setFailed(redact(outcome.failure))
  } catch (error) {
    const failure = earlyFailure(error, stage)
    try {
      await recorder?.finish({ results: [], fault: failure.message })
      writeEarlyFailure(failure, logger, { contextHtml, summaryFile })
    } finally {
      core.setFailed(failure.message)
    }
  } finally {
    // The ID token file is already gone after the exchange; this is the safety net for every other path.
    await release?.().catch(() => undefined)
  }
}
