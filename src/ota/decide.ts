import {
  CODE_SUCCESS,
  MAX_PAGE_SIZE,
  hasPendingUpdate,
  PRODUCT_TYPE,
  type AppInstanceGroupModel,
  type ApproveOtaTaskRequest,
  type ApproveOtaTaskResponse,
  type ListAppInstanceGroupRequest,
  type ListAppInstanceGroupResponse,
  type ListOtaTaskRequest,
  type OtaTaskRecord,
  type OtaType
} from '../common/api.js'
import { ApiError, CODE_INVALID_RESPONSE } from '../common/errors.js'

/** PendingTask is the OTA task a group is waiting to have approved. */
export interface PendingTask {
  readonly taskId: string
  /** The group's current version. */
  readonly otaVersion: string
  /** The version the task installs. */
  readonly newOtaVersion: string
}

/** lookupRequest returns the ListAppInstanceGroup request that reads one group of a region. */
export function lookupRequest(appInstanceGroupId: string, bizRegionId: string): ListAppInstanceGroupRequest {
  return { ProductType: PRODUCT_TYPE, AppInstanceGroupId: appInstanceGroupId, BizRegionId: bizRegionId }
}

/** findGroup returns the group with exactly this id from a ListAppInstanceGroup answer, or undefined. */
export function findGroup(response: ListAppInstanceGroupResponse, appInstanceGroupId: string): AppInstanceGroupModel | undefined {
  return response.AppInstanceGroupModels.find((group) => group.AppInstanceGroupId === appInstanceGroupId)
}

/** pendingTask returns the group's task waiting for approval, or undefined when it has no new version to install. */
export function pendingTask(group: AppInstanceGroupModel): PendingTask | undefined {
  const info = group.OtaInfo
  if (!hasPendingUpdate(info)) return undefined
  return { taskId: info.TaskId, otaVersion: info.OtaVersion ?? '', newOtaVersion: info.NewOtaVersion }
}

/** currentVersion returns the group's installed OTA version, or '' when it reports none. */
export function currentVersion(group: AppInstanceGroupModel): string {
  return group.OtaInfo?.OtaVersion ?? ''
}

/** approveRequest returns the ApproveOtaTask request that schedules a task of a group at a start time. */
export function approveRequest(options: {
  readonly appInstanceGroupId: string
  readonly bizRegionId: string
  readonly taskId: string
  readonly otaType: string
  readonly startTime: string
}): ApproveOtaTaskRequest {
  return {
    AppInstanceGroupId: options.appInstanceGroupId,
    BizRegionId: options.bizRegionId,
    TaskId: options.taskId,
    OtaType: options.otaType,
    StartTime: options.startTime
  }
}

/** isApproved tells whether an ApproveOtaTask answer scheduled the task: only `Code: success` does, whatever the HTTP status. */
export function isApproved(response: ApproveOtaTaskResponse): boolean {
  return response.Code === CODE_SUCCESS
}

/**
 * unclearAnswer returns the error to handle an ApproveOtaTask answer with when it neither confirms nor refuses: no
 * `Code`, or `success` in another case (`Success`, `SUCCESS`). Such an answer is treated as an unreadable 2xx answer
 * (the client's InvalidResponse): its outcome is unknown, so the group is read back, and, not being retryable, it is
 * never approved again. Undefined for `success` and for any other Code (a refusal).
 */
export function unclearAnswer(response: ApproveOtaTaskResponse): ApiError | undefined {
  const code = (response.Code ?? '').trim()
  if (response.Code === CODE_SUCCESS || (code !== '' && code.toLowerCase() !== CODE_SUCCESS)) return undefined
  const said = code === '' ? 'without a Code' : `Code ${JSON.stringify(response.Code)}, not "${CODE_SUCCESS}"`
  return new ApiError({
    operation: 'ApproveOtaTask',
    kind: 'invalid-response',
    code: CODE_INVALID_RESPONSE,
    detail: `ApproveOtaTask answered ${said}, which neither confirms nor refuses the approval`,
    requestId: response.RequestId,
    // The client returns an answer only for a 2xx status; 200 keeps it out of the retry policy (isRetryable).
    httpStatus: 200,
    sent: true
  })
}

/** taskListRequest returns the ListOtaTask request for a page (default 1: the newest) of a group's tasks of one OtaType. */
export function taskListRequest(appInstanceGroupId: string, otaType: OtaType, pageNumber = 1): ListOtaTaskRequest {
  return { AppInstanceGroupId: appInstanceGroupId, OtaType: otaType, PageNumber: pageNumber, PageSize: MAX_PAGE_SIZE }
}

/** The approval whose outcome is unknown: its TaskId, and the version it installs ('' when task-id was given, unknown). */
export interface SentApproval {
  readonly taskId: string
  readonly newOtaVersion: string
}

/**
 * ReadBackDecision is what to do after an approval whose outcome is unknown:
 * `approve-again` (it was not applied), `list-tasks` (the group alone cannot tell), `confirmed` (it was applied; the
 * evidence says how we know) or `not-approved` (it was not applied, and approving the same TaskId again cannot work).
 */
export type ReadBackDecision =
  | { readonly action: 'approve-again' }
  | { readonly action: 'list-tasks' }
  | { readonly action: 'confirmed'; readonly evidence: string }
  | { readonly action: 'not-approved'; readonly reason: string }

/**
 * decideReadBack decides from the group as read back (undefined when it is not listed) and, on the second pass, the
 * group's task list. The TaskId in the task list means the approval was applied; the same TaskId still pending
 * means it was not. A rotated TaskId for the same version, or that version installed, means it was (approval
 * rotates the TaskId). Anything else is decided by the task list: a pending task of another version, or no pending
 * task, does not prove an approval.
 */
export function decideReadBack(
  sent: SentApproval,
  group: AppInstanceGroupModel | undefined,
  tasks?: readonly OtaTaskRecord[]
): ReadBackDecision {
  const listed = tasks?.find((task) => task.TaskId === sent.taskId)
  if (listed) return { action: 'confirmed', evidence: `ListOtaTask shows task ${sent.taskId} as ${listed.TaskDisplayStatus}` }
  const pending = group === undefined ? undefined : pendingTask(group)
  if (pending?.taskId === sent.taskId) return { action: 'approve-again' }
  if (group !== undefined && sent.newOtaVersion !== '') {
    if (pending?.newOtaVersion === sent.newOtaVersion) {
      return {
        action: 'confirmed',
        evidence: `the group's pending task moved on from ${sent.taskId} to ${pending.taskId} (version ${sent.newOtaVersion})`
      }
    }
    if (!pending && currentVersion(group) === sent.newOtaVersion) {
      return { action: 'confirmed', evidence: `the group already runs version ${sent.newOtaVersion}` }
    }
  }
  if (tasks === undefined) return { action: 'list-tasks' }
  const now =
    group === undefined
      ? 'the group is not listed any more'
      : pending
        ? `the group's pending task is ${pending.taskId} (version ${pending.newOtaVersion})`
        : `the group has no pending update (version ${currentVersion(group) || 'unknown'})`
  return { action: 'not-approved', reason: `ListOtaTask does not show task ${sent.taskId}, and ${now}` }
}
