/**
 * What each group's result means in words, truthfully in every outcome: an approval that the wait saw fail or time out
 * was still scheduled, and an approval whose outcome the action cannot know says so. Pure.
 */
import { resultStatus } from '../ota/outcome.js'
import { CODE_TASK_FAILED, CODE_TASK_TERMINATED, CODE_WAIT_TIMEOUT } from '../ota/poll.js'
import type { OtaResult, OtaStatus } from '../ota/run.js'

/** APPROVED_UNKNOWN is the `approved` output when an approval may have been applied but the action cannot tell. */
export const APPROVED_UNKNOWN = 'unknown'

const STATUS_TEXT: Readonly<Record<OtaStatus, string>> = {
  approved: 'Scheduled',
  skipped: 'Nothing to approve',
  failed: 'Not scheduled',
  unchanged: 'Already scheduled or running',
  'would-approve': 'Would be scheduled (dry run)'
}

/** statusText returns the one-group summary's "Result": what happened to the update, in words. */
export function statusText(result: OtaResult): string {
  if (result.approvalUnknown) return 'Unknown: the approval may have been applied; check the group before running again'
  if (result.approved && result.status === 'failed') {
    if (result.code === CODE_WAIT_TIMEOUT) {
      return result.taskStatus
        ? `Scheduled; still ${result.taskStatus} when the wait's time limit passed`
        : "Scheduled; not listed yet when the wait's time limit passed"
    }
    if (result.code === CODE_TASK_FAILED) return 'Scheduled; the update FAILED'
    if (result.code === CODE_TASK_TERMINATED) return 'Scheduled; the update was TERMINATED'
  }
  return STATUS_TEXT[result.status]
}

/**
 * releaseNoteText returns what the summary says of the task's release note: the note, `none`, or that it could not be
 * read; undefined when it was not to be read.
 */
export function releaseNoteText(result: OtaResult): string | undefined {
  if (result.releaseNoteError !== undefined) return `could not be read (${result.releaseNoteError})`
  if (result.releaseNote === undefined) return undefined
  return result.releaseNote === '' ? 'none' : result.releaseNote
}

/** statusCell returns the fleet table's status cell: the reported status, with the code when it did not go well. */
export function statusCell(result: OtaResult): string {
  const status = resultStatus(result)
  if (result.approvalUnknown) return `unknown: ${result.code}`
  if (result.approved && status === 'failed') return `scheduled, then ${result.code}`
  return status === 'failed' ? `failed: ${result.code}` : status
}

/** approvedValue returns one group's `approved` output: `true`, `false`, or `unknown` when the action cannot tell. */
export function approvedValue(result: OtaResult): string {
  return result.approvalUnknown ? APPROVED_UNKNOWN : String(result.approved)
}

/** fleetApprovedValue returns a fleet's `approved` output: `true` if any group was approved, else `unknown` if any may have been. */
export function fleetApprovedValue(results: readonly OtaResult[]): string {
  if (results.some((result) => result.approved)) return 'true'
  return results.some((result) => result.approvalUnknown) ? APPROVED_UNKNOWN : 'false'
}
