/**
 * What the phases of scheduleOta (lookup.ts, approval.ts) share: the result they end with, the calls made so far,
 * the log, and the one way to make an API call: under the retry policy, with every attempt recorded.
 */
import type { AppInstanceGroupModel, Operation, TaskDisplayStatus } from '../common/api.js'
import type { WuyingApi } from '../wuying/client.js'
import { ApiError } from '../common/errors.js'
import type { Inputs } from '../inputs/read.js'
import { lookupRequest, findGroup } from './decide.js'
import type { Logger } from '../common/log.js'
import { withRetry, type RetryContext } from '../common/retry.js'

/** The code reported when the group has nothing to approve (the action's own, not the API's). */
export const CODE_NO_PENDING_UPDATE = 'NoPendingUpdate'
/** The code reported when the group does not exist in the region: the API's own code for it. */
export const CODE_GROUP_NOT_FOUND = 'InvalidAppInstanceGroup.NotFound'
/** The code of a dry run's group that would be approved (the action's own). */
export const CODE_DRY_RUN = 'DryRun'
/** ApproveOtaTask's answer (HTTP 200) while a task of the group is scheduled or running. */
export const CODE_TASK_RUNNING = 'OtaTask.Running'

/** ScheduleInputs are the inputs scheduleOta uses. */
export type ScheduleInputs = Pick<
  Inputs,
  'appInstanceGroupId' | 'bizRegionId' | 'startTime' | 'otaType' | 'taskId' | 'ifNoUpdate' | 'failOnError' | 'maxAttempts'
> & {
  /** Look up and validate, but send no ApproveOtaTask. Default false. */
  readonly dryRun?: boolean
}

/** ApiCall is one attempt made: its operation, request id and `Code` (`''` when the answer has none). */
export interface ApiCall {
  readonly operation: Operation
  readonly requestId: string
  readonly code: string
}

/**
 * `approved`: scheduled (and, when waited for, finished); `skipped`: nothing to approve; `failed`: not scheduled
 * because of an error or a refusal, or (when waited for) the update failed; `unchanged` (fleets only): an OTA task
 * of the group was already scheduled or running (`OtaTask.Running`), so nothing changed; `would-approve`: a dry
 * run's group that has a task to approve.
 */
export type OtaStatus = 'approved' | 'skipped' | 'failed' | 'unchanged' | 'would-approve'

/** OtaResult is everything the step reports: outputs, summary, and whether (and why) the step fails. */
export interface OtaResult {
  readonly status: OtaStatus
  readonly approved: boolean
  readonly code: string
  readonly message: string
  readonly requestId: string
  readonly appInstanceGroupId: string
  /** '' when unknown (the lookup was skipped). */
  readonly appInstanceGroupName: string
  readonly bizRegionId: string
  readonly otaType: string
  readonly taskId: string
  readonly otaVersion: string
  readonly newOtaVersion: string
  /** The StartTime sent (in a dry run: the one that would be sent); '' when no approval was sent. */
  readonly startTime: string
  /** Set when the step waited for the task: its last TaskDisplayStatus seen ('' when it was never listed). */
  readonly taskStatus?: TaskDisplayStatus | ''
  readonly calls: readonly ApiCall[]
  /** Set when the step must fail: the sentence to fail it with. */
  readonly failure?: string
}

/** Fields are what a phase says about its end; the rest of the OtaResult comes from the inputs and the calls. */
export type Fields = Partial<Omit<OtaResult, 'calls'>> & Pick<OtaResult, 'status' | 'code'>

/** Run is what the phases share: the API, the inputs, the log, the retry policy, the calls so far, and the way to end. */
export interface Run {
  readonly api: WuyingApi
  readonly inputs: ScheduleInputs
  readonly logger: Logger
  readonly retry: RetryContext
  readonly calls: ApiCall[]
  readonly finish: (fields: Fields) => OtaResult
}

/** recordError adds a failed attempt to the calls made. */
export function recordError(run: Run, error: ApiError): void {
  run.calls.push({ operation: error.operation, requestId: error.requestId ?? '', code: error.code })
}

/** callWithRetry runs one operation under the retry policy, recording every attempt; throws the ApiError to fail with. */
export async function callWithRetry<T extends { RequestId: string; Code?: string }>(
  run: Run,
  operation: Operation,
  fn: () => Promise<T>
): Promise<T> {
  const answer = await withRetry(operation, fn, run.retry, (error) => recordError(run, error))
  run.calls.push({ operation, requestId: answer.RequestId, code: answer.Code ?? '' })
  return answer
}

/** GroupRead is one read of the group: undefined when it is not listed, and the request id of the read. */
export interface GroupRead {
  readonly group?: AppInstanceGroupModel
  readonly requestId: string
}

/** readGroup lists the group of the inputs under the retry policy; `InvalidAppInstanceGroup.NotFound` reads as not listed. */
export async function readGroup(run: Run): Promise<GroupRead> {
  const { appInstanceGroupId: groupId, bizRegionId: region } = run.inputs
  try {
    const response = await callWithRetry(run, 'ListAppInstanceGroup', () =>
      run.api.listAppInstanceGroups(lookupRequest(groupId, region))
    )
    run.logger.info(`ListAppInstanceGroup: request id ${response.RequestId}`)
    return { group: findGroup(response, groupId), requestId: response.RequestId }
  } catch (error) {
    if (error instanceof ApiError && error.code === CODE_GROUP_NOT_FOUND) return { requestId: error.requestId ?? '' }
    throw error
  }
}

/** failWith ends the run with an API error: its code, detail and request id as outputs; `clause: error` as the failure. */
export function failWith(run: Run, error: ApiError, clause: string, known: Partial<OtaResult> = {}, extra = ''): OtaResult {
  return run.finish({
    ...known,
    status: 'failed',
    code: error.code,
    message: error.detail,
    requestId: error.requestId ?? '',
    failure: `${clause}: ${error.message}${extra}`
  })
}
