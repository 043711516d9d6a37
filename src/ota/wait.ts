/**
 * Waiting for approved tasks to finish: nothing is polled before the start time; then every group still open is
 * polled with ListOtaTask once per round (at most `concurrency` groups at a time; a later page only while the task is
 * not found, task-pages.ts), the rounds spaced by the poll schedule (poll.ts), until each task reached a final status
 * or the wait's time limit passes; an undocumented status (e.g. PAUSED) is not final. Each poll logs one
 * progress line; FINISHED succeeds, PART_FINISHED succeeds with a warning, FAILED, TERMINATED and the time limit fail
 * the group naming it and its task.
 */
import type { TaskDisplayStatus } from '../common/api.js'
import { CODE_STEP_TIMEOUT, type Deadline } from '../common/deadline.js'
import { ApiError } from '../common/errors.js'
import type { Logger } from '../common/log.js'
import { failWith, type OtaResult, type Run } from './run.js'
import { findTask } from './task-pages.js'
import { CODE_WAIT_TIMEOUT, failureCode, isFinal, pollDelayMs, unknownStatusNote, type PollSchedule } from './poll.js'
import { formatElapsed } from '../common/duration.js'
import { mapPool } from './pool.js'
import { isRetryable } from '../common/retry.js'
import type { StartTime } from '../inputs/start-time.js'

/** WaitTarget is a group to follow: its run (under the wait's time limit), its result so far, and the task. */
export interface WaitTarget {
  readonly run: Run
  readonly result: OtaResult
  /** The approved TaskId; '' to follow the group's task that is already under way (an `unchanged` group). */
  readonly taskId: string
}

/** WaitOptions are the wait's settings and effects. */
export interface WaitOptions {
  /** Receives the progress lines (they name the group, so they need no prefix). */
  readonly logger: Logger
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  readonly schedule: PollSchedule
  /** At most this many polls at once. */
  readonly concurrency: number
  /** The wait's time limit (wait-timeout-minutes). */
  readonly deadline: Deadline
  /** When the update starts: nothing is polled before. */
  readonly startTime: StartTime
}

/** LAST_LOOK_MS: the last poll starts at least this long before the time limit, so that its answer still counts. */
export const LAST_LOOK_MS = 1000

interface Follow {
  readonly target: WaitTarget
  taskId: string
  status: TaskDisplayStatus | ''
  done?: OtaResult
}

/** waitForTasks returns each target's result once its task ended or the time limit passed, in the targets' order. */
export async function waitForTasks(targets: readonly WaitTarget[], options: WaitOptions): Promise<OtaResult[]> {
  const { logger, now, sleep, deadline } = options
  const follows: Follow[] = targets.map((target) => ({ target, taskId: target.taskId, status: '' }))
  const began = now()
  const startAt = options.startTime.instant.getTime()
  if (startAt > began) {
    logger.info(`the update starts at ${options.startTime.text}: waiting ${formatElapsed(startAt - began)} before the first poll`)
    await sleep(Math.min(startAt - began, Math.max(0, deadline.remainingMs() - LAST_LOOK_MS)))
  }
  const since = Math.max(began, startAt)
  let open = follows
  for (let poll = 1; ; poll++) {
    await mapPool(open, options.concurrency, (follow) => pollOnce(follow, since, options))
    open = open.filter((follow) => follow.done === undefined)
    if (open.length === 0) break
    const room = deadline.remainingMs() - LAST_LOOK_MS
    if (room <= 0) {
      for (const follow of open) follow.done = timedOut(follow, since, options)
      break
    }
    await sleep(Math.min(pollDelayMs(poll, options.schedule), room))
  }
  return follows.map((follow) => follow.done as OtaResult)
}

async function pollOnce(follow: Follow, since: number, options: WaitOptions): Promise<void> {
  const { run, result } = follow.target
  const groupId = result.appInstanceGroupId
  // Only the latest poll's attempts are kept for the report: a long wait would otherwise list hundreds of polls.
  run.calls.length = result.calls.length
  let sighting
  try {
    sighting = await findTask(run, follow.taskId)
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    // Cut by the wait's time limit: the round ends with the time-out.
    if (error.code === CODE_STEP_TIMEOUT) return
    if (isRetryable(error)) {
      run.logger.info(`ListOtaTask failed: ${error.message}; polling again in the next round`)
      return
    }
    follow.done = failWith(
      run,
      error,
      `failed to follow OTA task ${follow.taskId || '(not known yet)'} of group ${groupId}`,
      known(follow)
    )
    return
  }
  const { task, requestId } = sighting
  // An undocumented status (e.g. PAUSED) is not final: it is noted once, and the wait goes on.
  const note = task && task.TaskDisplayStatus !== follow.status ? unknownStatusNote(task.TaskDisplayStatus) : ''
  if (task) {
    follow.taskId = task.TaskId
    follow.status = task.TaskDisplayStatus
  }
  const elapsed = formatElapsed(options.now() - since)
  options.logger.info(
    `group ${groupId} task ${follow.taskId || '(not known yet)'}: ${task ? task.TaskDisplayStatus : 'not listed yet'}${note} after ${elapsed}`
  )
  if (task && isFinal(task.TaskDisplayStatus)) follow.done = settle(follow, task.TaskDisplayStatus, elapsed, requestId)
}

function settle(follow: Follow, status: TaskDisplayStatus, elapsed: string, requestId: string): OtaResult {
  const { run, result } = follow.target
  const what = `OTA task ${follow.taskId} of group ${result.appInstanceGroupId}`
  const code = failureCode(status)
  if (code === undefined) {
    if (status === 'PART_FINISHED') {
      run.logger.warning(
        `${what} ended PART_FINISHED after ${elapsed}: the update is reported successful, but check that every instance of the group was updated`
      )
    }
    return run.finish({ ...known(follow), status: result.status, code: result.code })
  }
  const message = `${what} ended ${status} after ${elapsed}`
  return run.finish({
    ...known(follow),
    status: 'failed',
    code,
    message,
    failure: `${message} (ListOtaTask request id ${requestId}): the update did not complete`
  })
}

function timedOut(follow: Follow, since: number, options: WaitOptions): OtaResult {
  const { run, result } = follow.target
  const state = follow.status === '' ? 'was not listed by ListOtaTask' : `is still ${follow.status}`
  const message =
    `OTA task ${follow.taskId || '(not known)'} of group ${result.appInstanceGroupId} ${state} after ` +
    `${formatElapsed(options.now() - since)}, and the wait's time limit (${options.deadline.label}) passed`
  return run.finish({
    ...known(follow),
    status: 'failed',
    code: CODE_WAIT_TIMEOUT,
    message,
    failure: `${message}; the update goes on without the step: check the group`
  })
}

/** known returns the group's result so far as fields, with the task followed and its last status. */
function known(follow: Follow): Omit<OtaResult, 'calls' | 'failure'> {
  const { calls: _calls, failure: _failure, ...rest } = follow.target.result
  return { ...rest, taskId: follow.taskId || rest.taskId, taskStatus: follow.status }
}
