import {
  CODE_SUCCESS,
  hasPendingUpdate,
  PRODUCT_TYPE,
  type AppInstanceGroupModel,
  type ApproveOtaTaskRequest,
  type ApproveOtaTaskResponse,
  type ListAppInstanceGroupRequest,
  type ListAppInstanceGroupResponse
} from './api.js'

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
