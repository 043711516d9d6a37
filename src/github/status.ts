/**
 * The Deployment statuses of a step: `in_progress` while approving, then one final status from the step's outcome.
 * Pure; the table is in docs/github-deployments.md.
 *
 * Approved without `wait`: `success`, described as "Scheduled". `queued` would be the literal state, but nothing ever
 * moves a record on from it once the step has ended, and GitHub retires (`inactive`) only records that reached
 * `success`, so every queued record would stay pending on the environment's page for good. `success` shows the version
 * as the environment's latest; `wait: true` is the way to have the record say whether the update itself finished.
 */
import { CODE_INVALID_RESPONSE, CODE_REQUEST_TIMEOUT, CODE_UNEXPECTED } from '../common/errors.js'
import { errorFact } from '../common/api.js'
import { CODE_STEP_TIMEOUT } from '../common/deadline.js'
import { redact } from '../common/redact.js'
import { CODE_TASK_FAILED, CODE_TASK_TERMINATED, CODE_WAIT_TIMEOUT } from '../ota/poll.js'
import type { OtaResult } from '../ota/run.js'

/** DeploymentState is a Deployment status's `state` as the REST API names it. */
export type DeploymentState = 'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success'

/** StatusUpdate is a status to post: its state and description (at most MAX_DESCRIPTION characters). */
export interface StatusUpdate {
  readonly state: DeploymentState
  readonly description: string
}

/** DeploymentOutcome is how the step ended: every group's result, or the fault that stopped it. */
export interface DeploymentOutcome {
  /** The step's results (a StepOutcome's `results`); only the planned groups count. */
  readonly results: readonly OtaResult[]
  /** Set when the step stopped on something thrown after the record was created: the record ends in `error`. */
  readonly fault?: string
}

/** MAX_DESCRIPTION is GitHub's limit on a deployment's and a status's description. */
export const MAX_DESCRIPTION = 140

/** Codes that leave the update's outcome unknown (`error`), as opposed to a refusal or a failed task (`failure`). */
const UNDETERMINED_CODES = new Set([
  CODE_WAIT_TIMEOUT,
  CODE_STEP_TIMEOUT,
  CODE_REQUEST_TIMEOUT,
  CODE_INVALID_RESPONSE,
  CODE_UNEXPECTED
])
const FAILED_TASK_CODES = new Set([CODE_TASK_FAILED, CODE_TASK_TERMINATED])

/** inProgressStatus returns the status posted once the record exists, before the approvals. */
export function inProgressStatus(groupCount: number, region: string, waiting: boolean): StatusUpdate {
  const wait = waiting ? ', then waiting for the update' : ''
  return { state: 'in_progress', description: clipDescription(`Approving ${groups(groupCount)} in ${region}${wait}`) }
}

/**
 * finalStatus returns the record's last status: `failure` when a group's approval was refused or its task FAILED or
 * was TERMINATED; else `error` when a group's outcome is unknown (wait or step time limit, a call that gave up) or the
 * step stopped on a fault; else `success`: "Finished" with `wait`, "Scheduled" without. PART_FINISHED is a success
 * whose description warns. `planned` are the ids of the record's groups (all results count when it is empty).
 */
export function finalStatus(outcome: DeploymentOutcome, waited: boolean, planned: readonly string[] = []): StatusUpdate {
  if (outcome.fault !== undefined) return { state: 'error', description: clipDescription(`Error: ${outcome.fault}`) }
  const ids = new Set(planned)
  const results = ids.size === 0 ? outcome.results : outcome.results.filter((r) => ids.has(r.appInstanceGroupId))
  const failed = results.filter((r) => r.status === 'failed')
  const refused = failed.filter((r) => !isUndetermined(r.code))
  if (refused.length > 0) return { state: 'failure', description: listed('Failed', refused, results.length) }
  if (failed.length > 0) return { state: 'error', description: listed('Outcome unknown', failed, results.length) }
  const approved = results.filter((r) => r.status === 'approved')
  const underWay = results.filter((r) => r.status === 'unchanged')
  if (approved.length + underWay.length === 0) {
    return { state: 'error', description: 'Outcome unknown: the step reported none of the groups it was about to approve' }
  }
  return { state: 'success', description: waited ? finished(approved, underWay) : scheduled(approved, underWay) }
}

function finished(approved: readonly OtaResult[], underWay: readonly OtaResult[]): string {
  const all = [...approved, ...underWay]
  const partial = all.filter((r) => r.taskStatus === 'PART_FINISHED')
  if (partial.length > 0) {
    return clipDescription(
      `Finished with warnings: ${partial.length} of ${groups(all.length)} PART_FINISHED, check their instances: ${ids(partial)}`
    )
  }
  const versions = [...new Set(all.map((r) => r.newOtaVersion).filter((v) => v !== ''))]
  return clipDescription(`Finished: ${groups(all.length)} updated${versions.length === 1 ? ` to ${versions[0]}` : ''}`)
}

function scheduled(approved: readonly OtaResult[], underWay: readonly OtaResult[]): string {
  const already = underWay.length === 0 ? '' : `; ${underWay.length} already scheduled or running`
  if (approved.length === 0) return clipDescription(`Under way: ${groups(underWay.length)} already scheduled or running`)
  const start = approved[0]?.startTime ? ` to start ${approved[0].startTime}` : ''
  return clipDescription(`Scheduled (not waited for): ${groups(approved.length)} approved${start}${already}`)
}

function listed(label: string, bad: readonly OtaResult[], total: number): string {
  const list = bad.map((r) => `${r.appInstanceGroupId} (${r.code})`).join(', ')
  return clipDescription(total === 1 ? `${label}: ${list}` : `${label}: ${bad.length} of ${groups(total)}: ${list}`)
}

function ids(results: readonly OtaResult[]): string {
  return results.map((r) => r.appInstanceGroupId).join(', ')
}

/** isUndetermined tells whether a failed group's code leaves its update's outcome unknown. */
export function isUndetermined(code: string): boolean {
  if (FAILED_TASK_CODES.has(code)) return false
  if (UNDETERMINED_CODES.has(code) || /^E[A-Z]+$/.test(code) || /^HTTP5\d\d$/.test(code)) return true
  const kind = errorFact(code)?.kind
  return kind === 'throttling' || kind === 'server'
}

/** clipDescription returns the text redacted, on one line, and cut to MAX_DESCRIPTION characters with `…`. */
export function clipDescription(text: string): string {
  const line = redact(text).replace(/\s+/g, ' ').trim()
  if (line.length <= MAX_DESCRIPTION) return line
  // Never half a surrogate pair at the cut.
  return `${line.slice(0, MAX_DESCRIPTION - 1).replace(/[\uD800-\uDBFF]$/, '')}…`
}

/** groups returns `1 group` or `n groups`. */
export function groups(count: number): string {
  return `${count} group${count === 1 ? '' : 's'}`
}
