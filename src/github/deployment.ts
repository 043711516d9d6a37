/**
 * The GitHub Deployment record of a step, opt-in through `deployment-environment`: one Deployment covering every
 * planned group, `in_progress` before the approvals, one final status after them (status.ts says which).
 *
 * The record never changes the OTA result: nothing here throws. A refusal (401, 403, 404, 409, 422) is one warning
 * naming the fix, after which no further GitHub call is made; rate limits, 5xx and timeouts are retried under the
 * project's policy within the step's time limit. Octokit is loaded only when a record is about to be written.
 */
import { randomUUID } from 'node:crypto'
import type { Deadline } from '../common/deadline.js'
import { errorMessage } from '../common/errors.js'
import type { Logger } from '../common/log.js'
import { DEFAULT_BACKOFF, realSleep, type Backoff } from '../common/retry.js'
import type { DeploymentInputs } from '../inputs/github.js'
import { deploymentRef, type RunContext } from './context.js'
import { fixFor, GitHubError, isRetryableGitHub, outcomeUnknownGitHub } from './errors.js'
import { deploymentRequest, type DeploymentPlan, type DeploymentRequest } from './plan.js'
import type { ConnectOptions, GitHubRest } from './rest.js'
import { withGitHubRetry, type Attempt, type GitHubRetryContext } from './retry.js'
import { finalStatus, inProgressStatus, type DeploymentOutcome, type StatusUpdate } from './status.js'

/** DeploymentOptions are the record's settings: the inputs, the step's switches and limits, and the run's context. */
export interface DeploymentOptions {
  readonly inputs: DeploymentInputs
  readonly dryRun: boolean
  readonly wait: boolean
  readonly maxAttempts: number
  readonly requestTimeoutMs: number
  readonly context: RunContext
}

/** DeploymentDeps are the recorder's effects; the defaults are the real ones. */
export interface DeploymentDeps {
  readonly logger: Logger
  /** The time limit of the phase under way (timeout-minutes, then the wait's), read at each call. */
  readonly deadline: () => Deadline
  readonly now?: () => number
  readonly backoff?: Backoff
  readonly sleep?: (ms: number) => Promise<void>
  readonly random?: () => number
  /** Default: Octokit, loaded with import() on first use. */
  readonly connect?: (options: ConnectOptions) => Promise<GitHubRest>
  /** Default: a random UUID; the step's key in the payload. */
  readonly newKey?: () => string
}

/** DeploymentRecorder writes the record of one step. */
export interface DeploymentRecorder {
  /** The created deployment's id (the `deployment-id` output); '' when there is none. */
  readonly deploymentId: string
  /** begin creates the record of `plan` and posts `in_progress`; returns the deployment id ('' when none). Never throws. */
  begin(plan: DeploymentPlan): Promise<string>
  /** finish posts the final status for the step's outcome (nothing when there is no record). Never throws. */
  finish(outcome: DeploymentOutcome): Promise<void>
}

const loadOctokit = async (options: ConnectOptions): Promise<GitHubRest> => (await import('./octokit.js')).connectOctokit(options)

/** createDeploymentRecorder returns the recorder; it makes no call and loads nothing until begin() has groups to record. */
export function createDeploymentRecorder(options: DeploymentOptions, deps: DeploymentDeps): DeploymentRecorder {
  const { inputs, context } = options
  const { logger } = deps
  const now = deps.now ?? Date.now
  const ref = deploymentRef(context)
  const target = { owner: context.owner, repo: context.repo, environment: inputs.environment, ref }
  let rest: GitHubRest | undefined
  let id = 0
  let planned: readonly string[] = []
  let begun = false

  const retryContext = (): GitHubRetryContext => ({
    maxAttempts: options.maxAttempts,
    backoff: deps.backoff ?? DEFAULT_BACKOFF,
    deadline: deps.deadline(),
    sleep: deps.sleep ?? realSleep,
    random: deps.random ?? Math.random,
    log: (line) => logger.info(line),
    requestTimeoutMs: options.requestTimeoutMs,
    now
  })

  /** Warns once about a failed call; after a refusal (not a call that ran out of retries) no GitHub call follows. */
  const stop = (doing: string, error: unknown): void => {
    if (!(error instanceof GitHubError && isRetryableGitHub(error))) rest = undefined
    const fix = error instanceof GitHubError ? `; ${fixFor(error, target)}` : ''
    logger.warning(`GitHub Deployment record: ${doing} failed: ${errorMessage(error)}${fix}. The OTA update is not affected.`)
  }

  const create = async (client: GitHubRest, body: DeploymentRequest, attempt: Attempt): Promise<number> => {
    if (attempt.previous && outcomeUnknownGitHub(attempt.previous)) {
      // The lost answer may have created the record: find it rather than create a second one.
      const query = { ref: body.ref, environment: body.environment, task: body.task }
      const found = (await client.listDeployments(query, attempt.signal)).find((d) => isOwnRecord(d.payload, body))
      if (found) return found.id
    }
    return client.createDeployment(body, attempt.signal)
  }

  const post = async (status: StatusUpdate, final: boolean): Promise<void> => {
    const client = rest
    if (client === undefined) return
    const body = {
      ...status,
      ...(context.runUrl ? { log_url: context.runUrl } : {}),
      ...(inputs.environmentUrl ? { environment_url: inputs.environmentUrl } : {})
    }
    try {
      await withGitHubRetry(
        `GitHub deployment ${id} status`,
        (a) => client.createStatus(id, body, a.signal),
        retryContext(),
        final
      )
      logger.info(`GitHub Deployment ${id}: ${status.state} (${status.description})`)
    } catch (error) {
      stop(`posting status ${status.state} to deployment ${id}`, error)
    }
  }

  return {
    get deploymentId() {
      return id > 0 ? String(id) : ''
    },

    async begin(plan) {
      if (begun || inputs.environment === '') return this.deploymentId
      begun = true
      const where = `deployment-environment "${inputs.environment}"`
      if (options.dryRun) return skip(logger, `${where}: a dry run writes no GitHub Deployment record`)
      if (plan.groups.length === 0) return skip(logger, `${where}: no group has an update to approve, so no record is written`)
      const missing = context.owner === '' ? 'GITHUB_REPOSITORY' : ref === '' ? 'GITHUB_SHA' : ''
      if (missing !== '') {
        logger.warning(
          `GitHub Deployment record skipped: ${missing} is not set (run outside a workflow?). The OTA update is not affected.`
        )
        return ''
      }
      const body = deploymentRequest(plan, inputs.environment, context, (deps.newKey ?? randomUUID)())
      try {
        const connect = deps.connect ?? loadOctokit
        const client = await connect({ token: inputs.token, apiUrl: context.apiUrl, owner: context.owner, repo: context.repo })
        id = await withGitHubRetry('GitHub create deployment', (a) => create(client, body, a), retryContext())
        rest = client
      } catch (error) {
        stop(`creating it in environment "${inputs.environment}" for ${ref}`, error)
        return ''
      }
      planned = plan.groups.map((group) => group.id)
      logger.info(`GitHub Deployment ${id} created: ${body.description}, environment "${inputs.environment}", ref ${ref}`)
      await post(inProgressStatus(plan.groups.length, plan.region, options.wait), false)
      return this.deploymentId
    },

    async finish(outcome) {
      await post(finalStatus(outcome, options.wait, planned), true)
      rest = undefined
    }
  }
}

function skip(logger: Logger, line: string): string {
  logger.info(line)
  return ''
}

/** isOwnRecord tells whether a listed deployment's payload carries this step's key (so it was made by this step). */
function isOwnRecord(listed: unknown, body: DeploymentRequest): boolean {
  const payload = typeof listed === 'string' ? parseJson(listed) : listed
  if (typeof payload !== 'object' || payload === null || !('run' in payload)) return false
  const run: unknown = payload.run
  return typeof run === 'object' && run !== null && 'key' in run && run.key === body.payload.run.key
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
