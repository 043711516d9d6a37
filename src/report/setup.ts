/** The log lines that open a run: what the step is about to do, with which settings. Pure. */
import { describeCredentials } from '../inputs/credentials.js'
import { describeGroupIds } from '../inputs/groups.js'
import type { Inputs } from '../inputs/read.js'
import { describeStartTime } from '../inputs/start-time.js'
import type { ResolvedCredentials } from '../credentials/resolve.js'
import { DEFAULT_BACKOFF, TEST_BACKOFF_ENV, type Backoff } from '../common/retry.js'
import { DEFAULT_POLL, TEST_POLL_ENV, type PollSchedule } from '../ota/poll.js'

/** SetupLine is one opening line of the log: information, or a warning about a setting that is ignored. */
export interface SetupLine {
  readonly text: string
  readonly warning?: boolean
}

/** setupLines returns the opening lines for the inputs, the credentials in use and the retry and poll schedules. */
export function setupLines(
  inputs: Inputs,
  credentials: ResolvedCredentials,
  { backoff, poll }: { readonly backoff: Backoff; readonly poll: PollSchedule }
): SetupLine[] {
  const { endpoint, startTime } = inputs
  const ignored = credentials.source.oidcIgnored
    ? [`role-to-assume is set but ignored: ${describeCredentials(credentials.source)} take precedence over OIDC`]
    : []
  const info = [
    describeGroupIds(inputs.appInstanceGroupIds, inputs.bizRegionId, inputs.concurrency),
    ...describeStartTime(startTime),
    `OTA type: ${inputs.otaType}`,
    `credentials: ${credentials.description}`,
    ...ignored.map((text) => ({ text, warning: true })),
    `endpoint: ${endpoint.protocol.toLowerCase()}://${endpoint.host}, signature ${inputs.signatureVersion}`,
    `retries: up to ${inputs.maxAttempts} attempts per call, ${inputs.requestTimeoutSeconds} s per attempt, ` +
      `${inputs.timeoutMinutes} min for the ${inputs.wait ? 'lookups and approvals' : 'step'}`,
    ...(inputs.dryRun ? ['dry run: look up and validate, approve nothing'] : []),
    ...(inputs.wait ? [`wait: until each approved task ends, at most ${inputs.waitTimeoutMinutes} min after the approvals`] : []),
    ...(backoff !== DEFAULT_BACKOFF
      ? [`test seam ${TEST_BACKOFF_ENV}: backoff ${backoff.baseMs} ms, at most ${backoff.capMs} ms`]
      : []),
    ...(poll !== DEFAULT_POLL ? [`test seam ${TEST_POLL_ENV}: polls every ${poll.firstMs} ms, rising to ${poll.capMs} ms`] : [])
  ]
  return info.map((line) => (typeof line === 'string' ? { text: line } : line))
}
