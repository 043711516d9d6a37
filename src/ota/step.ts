/**
 * The step after its inputs: every group scheduled on the one path (schedule.ts); a dry run approves nothing; with
 * `wait`, the approved tasks are followed to their end (wait.ts); then the step's outcome (outcome.ts). Between the
 * approvals and the wait, the release notes of the tasks (release-note.ts), when `release-note` asks for them.
 *
 * Time limits: timeout-minutes bounds the lookups and approvals, as for a step without wait. The wait has a limit of
 * its own, wait-timeout-minutes, that starts when the approvals are done (readInputs makes sure it reaches past the
 * start time). So a waiting step runs at most timeout-minutes + wait-timeout-minutes.
 *
 * A fleet's calls (lookups, approvals, polls) share one limiter (throttle.ts) that slows them down when the service
 * throttles. One group makes one call at a time and its retries already honour x-acs-retry-after, so it runs without.
 */
import type { WuyingApi } from '../wuying/client.js'
import { Deadline } from '../common/deadline.js'
import { prefixLogger } from '../common/log.js'
import { DEFAULT_POLL, type PollSchedule } from './poll.js'
import { fleetOutcome, singleOutcome, type StepOutcome } from './outcome.js'
import { realSleep } from '../common/retry.js'
import { addReleaseNotes, type ReleaseNoteInputs } from './release-note.js'
import { createRun, type OtaResult, type ScheduleDeps } from './run.js'
import { scheduleGroups } from './schedule.js'
import { createThrottle, type Throttle } from './throttle.js'
import { waitForTasks, type WaitTarget } from './wait.js'

/** StepInputs are the inputs runStep uses (`releaseNote` unset: no release note is read). */
export type StepInputs = ReleaseNoteInputs & {
  readonly wait: boolean
  readonly waitTimeoutMinutes: number
}

/** StepDeps are runStep's effects: scheduleOta's, the clock, the poll schedule, and the switch to the wait's time limit. */
export interface StepDeps extends ScheduleDeps {
  /** The clock, in epoch ms. */
  readonly now: () => number
  /** Default DEFAULT_POLL. */
  readonly poll?: PollSchedule
  /** Called with the wait's time limit when the wait starts, so that the client cuts its calls at it from then on. */
  readonly enterWait?: (deadline: Deadline) => void
}

/** runStep schedules the update of every group (or, in a dry run, reports what it would schedule), waits when asked, and returns the outcome. */
export async function runStep(api: WuyingApi, inputs: StepInputs, given: StepDeps): Promise<StepOutcome> {
  const single = inputs.appInstanceGroupIds.length === 1
  const deps = single || given.gate ? given : { ...given, gate: fleetThrottle(given) }
  // Release notes only after every approval is done, so that none waits for a note (release-note.ts).
  const scheduled = await addReleaseNotes(api, inputs, deps, await scheduleGroups(api, inputs, deps))
  let results = scheduled
  if (inputs.wait && inputs.dryRun) deps.logger.info('wait: a dry run approves nothing, so there is nothing to wait for')
  else if (inputs.wait) results = await waitPhase(api, inputs, deps, scheduled)
  if (single) return singleOutcome(results[0] as OtaResult)
  const outcome = fleetOutcome(results, inputs.dryRun)
  const failing = results.filter((result) => result.failure !== undefined)
  if (failing.length > 0) {
    await deps.logger.group(`${failing.length} of ${results.length} delivery groups failed`, async () => {
      for (const result of failing) deps.logger.info(`${result.appInstanceGroupId}: ${result.failure}`)
    })
  }
  return outcome
}

/** waitPhase follows the tasks of approved groups (and of `unchanged` ones, whose update is under way) and returns every result. */
async function waitPhase(
  api: WuyingApi,
  inputs: StepInputs,
  deps: StepDeps,
  results: readonly OtaResult[]
): Promise<OtaResult[]> {
  const { logger } = deps
  const chosen = results.flatMap((result, index) =>
    result.status === 'approved' || result.status === 'unchanged'
      ? [{ result, index, taskId: result.status === 'approved' ? result.taskId : '' }]
      : []
  )
  if (chosen.length === 0) {
    logger.info('wait: no task was approved or is under way, so there is nothing to wait for')
    return [...results]
  }
  const limit = inputs.waitTimeoutMinutes
  const deadline = new Deadline(deps.now() + limit * 60_000, deps.now, `wait-timeout-minutes: ${limit}`)
  deps.enterWait?.(deadline)
  const single = results.length === 1
  const targets: WaitTarget[] = chosen.map(({ result, taskId }) => {
    const groupId = result.appInstanceGroupId
    const logger = single ? deps.logger : prefixLogger(deps.logger, groupId)
    const run = createRun(api, { ...inputs, appInstanceGroupId: groupId }, deps, { logger, deadline, calls: result.calls })
    return { run, result, taskId }
  })
  const title = single
    ? `Wait for OTA task ${chosen[0]?.taskId} of group ${chosen[0]?.result.appInstanceGroupId} (at most ${limit} min)`
    : `Wait for ${chosen.length} OTA tasks (at most ${limit} min)`
  const options = {
    logger,
    now: deps.now,
    sleep: deps.sleep ?? realSleep,
    schedule: deps.poll ?? DEFAULT_POLL,
    concurrency: inputs.concurrency,
    deadline,
    startTime: inputs.startTime
  }
  const waited = await logger.group(title, () => waitForTasks(targets, options))
  const merged = [...results]
  chosen.forEach(({ index }, n) => {
    merged[index] = waited[n] as OtaResult
  })
  return merged
}

/** fleetThrottle returns the limiter a fleet's calls share, with the step's clock, sleep, randomness and log. */
function fleetThrottle(deps: StepDeps): Throttle {
  return createThrottle({
    now: deps.now,
    sleep: deps.sleep ?? realSleep,
    random: deps.random ?? Math.random,
    log: (line) => deps.logger.info(line)
  })
}
