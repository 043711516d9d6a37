/**
 * Safe approval. ApproveOtaTask is not idempotent: each success rotates the group's TaskId. So an approval is only
 * sent again when the attempt before is known not to have been applied:
 * - throttled (a 4xx answer): not applied; approve again after the backoff, while the deadline allows (throttled
 *   attempts do not count against max-attempts);
 * - outcome unknown (timeout, dropped connection, 5xx or broken answer after sending): read the group back first
 *   (decide.ts decideReadBack): applied → success, "confirmed by reading back"; same TaskId still pending → approve
 *   the same TaskId again after the backoff;
 * - a 2xx answer without `Code`, or with `success` in another case (decide.ts unclearAnswer): read back the same way,
 *   but still pending → failed, never approved again (the answer came from the service; nothing says to retry);
 * - `InvalidParameter.TaskId`: after an unknown outcome, read back (the earlier attempt may have been applied late);
 *   otherwise one fresh lookup, and the new pending task is approved only when it installs the same version;
 * - anything else: fail at once.
 */
import type { ApproveOtaTaskResponse } from '../common/api.js'
import { ApiError } from '../common/errors.js'
import type { Target } from './lookup.js'
import {
  approveRequest,
  decideReadBack,
  isApproved,
  pendingTask,
  taskListRequest,
  unclearAnswer,
  type ReadBackDecision
} from './decide.js'
import { callWithRetry, CODE_STALE_TASK, failWith, readGroup, recordError, type OtaResult, type Run } from './run.js'
import { giveUp, isRetryable, isThrottling, OPEN, outcomeUnknown, planRetry, retryLine } from '../common/retry.js'
import { attemptLabel } from '../common/deadline.js'

const MAY_HAVE_BEEN_SCHEDULED = '; the task may have been scheduled anyway: check the group before running the step again'

/** What the loop knows between attempts. */
interface Progress {
  target: Target
  attempt: number
  /** How many of the attempts were throttled (they do not count against max-attempts). */
  throttled: number
  /** An earlier attempt's outcome was unknown: a stale TaskId may then be our own approval, applied late. */
  unknownBefore: boolean
  refreshed: boolean
}

type Next = { readonly again: true } | OtaResult

/** approveSafely approves the target's task and returns the result; never sends a second approval that could apply twice. */
export async function approveSafely(run: Run, target: Target): Promise<OtaResult> {
  const { inputs, logger, retry } = run
  const progress: Progress = { target, attempt: 0, throttled: 0, unknownBefore: false, refreshed: false }
  for (;;) {
    progress.attempt += 1
    const { taskId } = progress.target
    // A step's shared limiter (fleets) decides when the attempt may start; none starts past the deadline.
    const admission = retry.deadline.passed() ? undefined : retry.gate ? await retry.gate.admit(retry.deadline) : OPEN
    if (admission === undefined) {
      const late = retry.deadline.exceeded({
        operation: 'ApproveOtaTask',
        attempt: progress.attempt,
        maxAttempts: retry.maxAttempts,
        outstanding: false,
        throttled: progress.throttled
      })
      return failWith(
        run,
        late,
        clause(run, progress),
        known(run, progress, progress.unknownBefore),
        progress.unknownBefore ? MAY_HAVE_BEEN_SCHEDULED : ''
      )
    }
    const counter = progress.attempt > 1 ? ` (${attemptLabel(progress.attempt, retry.maxAttempts, progress.throttled)})` : ''
    logger.info(
      `approving task ${taskId} (${inputs.otaType}) of group ${inputs.appInstanceGroupId} to start at ${inputs.startTime.text}${counter}`
    )
    let response
    try {
      response = await run.api.approveOtaTask(
        approveRequest({
          appInstanceGroupId: inputs.appInstanceGroupId,
          bizRegionId: inputs.bizRegionId,
          taskId,
          otaType: inputs.otaType,
          startTime: inputs.startTime.text
        })
      )
      // No Code, or `success` in another case: handled as an unreadable answer (read back, never approved again).
      const unclear = unclearAnswer(response)
      if (unclear) throw unclear
    } catch (error) {
      admission.done(error instanceof ApiError ? error : undefined)
      if (!(error instanceof ApiError)) throw error
      recordError(run, error)
      const next = await afterFailure(run, progress, error)
      if ('again' in next) continue
      return next
    }
    admission.done()
    return answered(run, progress, response)
  }
}

/** answered ends the run with the service's answer: scheduled only for `Code: success`, whatever the HTTP status. */
function answered(run: Run, progress: Progress, response: ApproveOtaTaskResponse): OtaResult {
  const { inputs, logger } = run
  const code = response.Code ?? ''
  run.calls.push({ operation: 'ApproveOtaTask', requestId: response.RequestId, code })
  logger.info(`ApproveOtaTask: Code ${code || '(none)'}, request id ${response.RequestId}`)
  const fields = { ...known(run, progress), code, message: response.Message ?? '', requestId: response.RequestId }
  if (isApproved(response)) {
    logger.info(`scheduled: group ${inputs.appInstanceGroupId} updates ${versions(progress.target)} at ${inputs.startTime.text}`)
    return run.finish({ ...fields, status: 'approved', approved: true })
  }
  return run.finish({
    ...fields,
    status: 'failed',
    failure:
      `OTA task ${progress.target.taskId} of group ${inputs.appInstanceGroupId} was not scheduled: ApproveOtaTask answered ` +
      `${code || 'without a Code'}${response.Message ? `: ${response.Message}` : ''} (request id ${response.RequestId})`
  })
}

async function afterFailure(run: Run, progress: Progress, error: ApiError): Promise<Next> {
  const { retry } = run
  const unknown = outcomeUnknown(error)
  if (retry.deadline.passed() && isRetryable(error)) {
    // The call was cut at the step's deadline (the client never waits past it).
    const late = retry.deadline.exceeded({
      operation: 'ApproveOtaTask',
      attempt: progress.attempt,
      maxAttempts: retry.maxAttempts,
      outstanding: true,
      throttled: progress.throttled
    })
    return failWith(
      run,
      late,
      clause(run, progress),
      known(run, progress, unknown || progress.unknownBefore),
      unknown || progress.unknownBefore ? MAY_HAVE_BEEN_SCHEDULED : ''
    )
  }
  if (error.code === CODE_STALE_TASK && !progress.unknownBefore) return refresh(run, progress, error)
  let stillPending = ''
  if (unknown || error.code === CODE_STALE_TASK) {
    progress.unknownBefore = true
    const decided = await readBack(run, progress, error)
    if (!('action' in decided)) return decided
    if (decided.action === 'confirmed') return confirmed(run, progress, decided.evidence, decided.requestId)
    if (decided.action === 'not-approved') {
      return failWith(
        run,
        error,
        clause(run, progress),
        known(run, progress),
        `; read back (request id ${decided.requestId}): ${decided.reason}, so it was not approved`
      )
    }
    stillPending = `; read back (request id ${decided.requestId}): task ${progress.target.taskId} is still pending, so it was not approved`
  }
  // Planned after the read-back, so that the wait is measured against the time that is really left.
  const plan = planRetry(error, progress.attempt, retry, progress.throttled)
  if (!plan.retry) {
    const cause = giveUp(error, progress.attempt, plan, retry, progress.throttled)
    return failWith(run, cause, clause(run, progress), known(run, progress), stillPending)
  }
  const doing = stillPending ? 'approving the same task again' : 'retrying'
  retry.log(retryLine(error, progress.attempt, retry.maxAttempts, plan.waitMs, doing, progress.throttled))
  // Throttled means not applied (a 4xx answer), so approving the same TaskId again is safe however often it happens.
  if (isThrottling(error)) progress.throttled += 1
  await retry.sleep(plan.waitMs)
  return { again: true }
}

type ReadBack = (Exclude<ReadBackDecision, { action: 'list-tasks' }> & { readonly requestId: string }) | OtaResult

/** readBack reads the group (and, when that cannot tell, its task list) and decides; a failed read ends the run. */
async function readBack(run: Run, progress: Progress, cause: ApiError): Promise<ReadBack> {
  const { inputs, logger } = run
  const sent = progress.target
  const why =
    cause.code === CODE_STALE_TASK
      ? `task ${sent.taskId} is reported stale after an attempt whose outcome was unknown`
      : `the outcome of approving task ${sent.taskId} is unknown (${cause.code})`
  logger.info(`${why}: reading the group back before anything else`)
  try {
    const read = await readGroup(run)
    let decision = decideReadBack(sent, read.group)
    let requestId = read.requestId
    if (decision.action === 'list-tasks') {
      const tasks = await callWithRetry(run, 'ListOtaTask', () =>
        run.api.listOtaTasks(taskListRequest(inputs.appInstanceGroupId, inputs.otaType))
      )
      logger.info(`ListOtaTask: request id ${tasks.RequestId}`)
      decision = decideReadBack(sent, read.group, tasks.TaskList)
      requestId = tasks.RequestId
    }
    if (decision.action === 'list-tasks') throw new Error('decideReadBack asked for the task list twice')
    return { ...decision, requestId }
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    return failWith(
      run,
      cause,
      clause(run, progress),
      known(run, progress, true),
      `; reading the group back failed too (${error.message})${MAY_HAVE_BEEN_SCHEDULED}`
    )
  }
}

function confirmed(run: Run, progress: Progress, evidence: string, requestId: string): OtaResult {
  const message = `approval confirmed by reading back: ${evidence}`
  run.logger.info(`${message} (request id ${requestId})`)
  run.logger.info(
    `scheduled: group ${run.inputs.appInstanceGroupId} updates ${versions(progress.target)} at ${run.inputs.startTime.text}`
  )
  return run.finish({ ...known(run, progress), status: 'approved', approved: true, code: 'success', message, requestId })
}

/** refresh handles a stale TaskId that is not our own doing: one fresh lookup, then only the same version is approved. */
async function refresh(run: Run, progress: Progress, error: ApiError): Promise<Next> {
  const sent = progress.target
  if (progress.refreshed || sent.newOtaVersion === '') return failWith(run, error, clause(run, progress), known(run, progress))
  run.logger.info(`task ${sent.taskId} is no longer the group's pending task: looking the group up once more`)
  let read
  try {
    read = await readGroup(run)
  } catch (readError) {
    if (!(readError instanceof ApiError)) throw readError
    return failWith(
      run,
      error,
      clause(run, progress),
      known(run, progress),
      `; looking the group up again failed too (${readError.message})`
    )
  }
  const pending = read.group === undefined ? undefined : pendingTask(read.group)
  if (pending?.newOtaVersion !== sent.newOtaVersion) {
    const now = pending
      ? `its pending task is now ${pending.taskId} for version ${pending.newOtaVersion}, not ${sent.newOtaVersion}`
      : 'it has no pending update now'
    return failWith(
      run,
      error,
      clause(run, progress),
      known(run, progress),
      `; looked up again (request id ${read.requestId}): ${now}, so nothing was approved`
    )
  }
  run.logger.info(`the group's pending task for version ${sent.newOtaVersion} is now ${pending.taskId}: approving that one`)
  progress.target = { ...pending, groupName: sent.groupName }
  progress.refreshed = true
  progress.attempt = 0
  progress.throttled = 0
  return { again: true }
}

function clause(run: Run, progress: Progress): string {
  return `failed to approve OTA task ${progress.target.taskId} of group ${run.inputs.appInstanceGroupId}`
}

/** known returns what the run knows of the task; `unsure` marks an approval that may have been applied (approved=unknown). */
function known(run: Run, progress: Progress, unsure = false): Partial<OtaResult> {
  const { target } = progress
  return {
    ...(unsure ? { approvalUnknown: true } : {}),
    taskId: target.taskId,
    otaVersion: target.otaVersion,
    newOtaVersion: target.newOtaVersion,
    appInstanceGroupName: target.groupName,
    startTime: run.inputs.startTime.text
  }
}

function versions(target: Target): string {
  return target.newOtaVersion ? `${target.otaVersion || 'unknown'} → ${target.newOtaVersion}` : 'to the pending version'
}
