/**
 * Pure facts of waiting for an approved task: when to poll ListOtaTask, which listed task is ours, what its status
 * means, how elapsed time reads in the log, and whether a wait can reach the start time at all.
 */
import {
  ACTIVE_TASK_STATUSES,
  FINAL_TASK_STATUSES,
  TASK_STATUSES,
  type KnownTaskStatus,
  type OtaTaskRecord,
  type TaskDisplayStatus
} from '../common/api.js'

/** PollSchedule is the shape of the waits between polls: the first, doubling after each poll up to the cap. */
export interface PollSchedule {
  readonly firstMs: number
  readonly capMs: number
}

/** DEFAULT_POLL waits 5 s after the first poll, then 10, 20, 40, and a minute from then on. */
export const DEFAULT_POLL: PollSchedule = Object.freeze({ firstMs: 5000, capMs: 60_000 })
/**
 * TEST_POLL_ENV is a test seam, not a setting: `<firstMs>,<capMs>` (e.g. `50,200`) shortens the poll interval so that
 * end-to-end tests of the built action wait in seconds. Ignored unless it parses cleanly with firstMs ≤ capMs ≤ the default cap.
 */
export const TEST_POLL_ENV = 'WUYING_OTA_TEST_POLL_MS'

/** pollDelayMs returns the wait after poll number `poll` (1 for the first): firstMs · 2^(poll-1), at most capMs. */
export function pollDelayMs(poll: number, schedule: PollSchedule): number {
  return Math.min(schedule.capMs, schedule.firstMs * 2 ** Math.max(0, poll - 1))
}

/** pollFromEnv returns the schedule the TEST_POLL_ENV test seam asks for, or undefined when it is unset or malformed. */
export function pollFromEnv(env: Readonly<Record<string, string | undefined>>): PollSchedule | undefined {
  const match = /^(\d{1,6}),(\d{1,6})$/.exec(env[TEST_POLL_ENV]?.trim() ?? '')
  if (!match) return undefined
  const firstMs = Number(match[1])
  const capMs = Number(match[2])
  return firstMs >= 1 && firstMs <= capMs && capMs <= DEFAULT_POLL.capMs ? Object.freeze({ firstMs, capMs }) : undefined
}

/**
 * followedTask returns the listed task to follow: the one with `taskId`, or, when the id is not known (`''`: a group
 * whose update was already under way), its newest scheduled or running task, else its newest task (ListOtaTask lists
 * newest first). Undefined when nothing fits.
 */
export function followedTask(tasks: readonly OtaTaskRecord[], taskId: string): OtaTaskRecord | undefined {
  if (taskId !== '') return tasks.find((task) => task.TaskId === taskId)
  return tasks.find((task) => isUnderWay(task.TaskDisplayStatus)) ?? tasks[0]
}

/** isKnownStatus tells whether a task status is one of the documented TASK_STATUSES. */
export function isKnownStatus(status: TaskDisplayStatus): status is KnownTaskStatus {
  return (TASK_STATUSES as readonly string[]).includes(status)
}

/** isFinal tells whether a task status never changes again; an unknown status (e.g. `PAUSED`) is not final. */
export function isFinal(status: TaskDisplayStatus | ''): status is TaskDisplayStatus {
  return status !== '' && FINAL_TASK_STATUSES.includes(status)
}

/**
 * isUnderWay tells whether a task is scheduled or running, so that ApproveOtaTask would answer `OtaTask.Running`.
 * An unknown status counts as under way (assumed; docs silent): it is not final, a task that has not ended is what
 * blocks a new approval, and the wait keeps following such a task; a dry run then predicts a refusal, not an approval.
 */
export function isUnderWay(status: TaskDisplayStatus): boolean {
  return ACTIVE_TASK_STATUSES.includes(status) || !isKnownStatus(status)
}

/** unknownStatusNote returns the log note for a status this action does not know, or '' for a documented one. */
export function unknownStatusNote(status: TaskDisplayStatus): string {
  return isKnownStatus(status) ? '' : ' (not a documented status: taken as under way, not final)'
}

/** The action's own codes for a waited-for update that did not succeed. */
export const CODE_TASK_FAILED = 'TaskFailed'
export const CODE_TASK_TERMINATED = 'TaskTerminated'
export const CODE_WAIT_TIMEOUT = 'WaitTimeout'

/** failureCode returns the code of a final status that fails the wait (FAILED, TERMINATED), or undefined for a success. */
export function failureCode(status: TaskDisplayStatus): string | undefined {
  if (status === 'FAILED') return CODE_TASK_FAILED
  if (status === 'TERMINATED') return CODE_TASK_TERMINATED
  return undefined
}
