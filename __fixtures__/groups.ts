/** Group records and answers in wire shape, modelled on the API documentation's examples. */
import type {
  AppInstanceGroupModel,
  ApproveOtaTaskResponse,
  ListAppInstanceGroupResponse,
  ListOtaTaskResponse,
  OtaTaskRecord
} from '../src/common/api.js'

export const GROUP_ID = 'aig-9ciijz60n4xsv1234'
export const REGION = 'cn-hangzhou'
export const TASK_ID = 'ota-be7jzm29wrrz5abcd'

/** PENDING_GROUP has an update waiting: 1.0.2 → 1.1.0 by TASK_ID. */
export const PENDING_GROUP: AppInstanceGroupModel = Object.freeze({
  AppInstanceGroupId: GROUP_ID,
  AppInstanceGroupName: 'Sales apps',
  RegionId: REGION,
  ProductType: 'CloudApp',
  Status: 'PUBLISHED',
  OtaInfo: { TaskId: TASK_ID, OtaVersion: '1.0.2', NewOtaVersion: '1.1.0' }
})

/** UP_TO_DATE_GROUP has no new version (its TaskId may linger, NewOtaVersion is empty). */
export const UP_TO_DATE_GROUP: AppInstanceGroupModel = Object.freeze({
  ...PENDING_GROUP,
  OtaInfo: { TaskId: TASK_ID, OtaVersion: '1.1.0', NewOtaVersion: '' }
})

/** ROTATED_TASK_ID is the TaskId the group shows after TASK_ID was approved. */
export const ROTATED_TASK_ID = 'ota-rotated0000000001'

/** ROTATED_GROUP is PENDING_GROUP after TASK_ID was approved: a new TaskId for the same version while the task runs. */
export const ROTATED_GROUP: AppInstanceGroupModel = Object.freeze({
  ...PENDING_GROUP,
  OtaInfo: { TaskId: ROTATED_TASK_ID, OtaVersion: '1.0.2', NewOtaVersion: '1.1.0' }
})

/** NEWER_GROUP has a different pending task for a newer version (1.2.0) than PENDING_GROUP's. */
export const NEWER_GROUP: AppInstanceGroupModel = Object.freeze({
  ...PENDING_GROUP,
  OtaInfo: { TaskId: 'ota-newer00000000001', OtaVersion: '1.0.2', NewOtaVersion: '1.2.0' }
})

/** taskList returns a ListOtaTask answer holding the tasks. */
export function taskList(tasks: OtaTaskRecord[], requestId = 'RID-TASKS'): ListOtaTaskResponse {
  return { RequestId: requestId, TotalCount: tasks.length, PageNumber: 1, PageSize: 100, TaskList: tasks }
}

/** standby returns TASK_ID (or another) as ListOtaTask shows it once approved. */
export function standby(taskId = TASK_ID): OtaTaskRecord {
  return { TaskId: taskId, OtaVersion: '1.1.0', TaskStartTime: '2026-06-20T02:00:00+08:00', TaskDisplayStatus: 'STANDBY' }
}

/** OTHER_GROUP is a different group of the same region. */
export const OTHER_GROUP: AppInstanceGroupModel = Object.freeze({
  ...PENDING_GROUP,
  AppInstanceGroupId: 'aig-otherg0up0001',
  AppInstanceGroupName: 'Other'
})

/** listAnswer returns a ListAppInstanceGroup answer holding the groups. */
export function listAnswer(groups: AppInstanceGroupModel[], requestId = 'RID-LIST'): ListAppInstanceGroupResponse {
  return { RequestId: requestId, TotalCount: groups.length, PageNumber: 1, PageSize: 20, AppInstanceGroupModels: groups }
}

export const APPROVED: ApproveOtaTaskResponse = Object.freeze({ RequestId: 'RID-APPROVE', Code: 'success' })
/** The documentation's own "normal response" example: HTTP 200 and a Code that is not success. */
export const TASK_RUNNING: ApproveOtaTaskResponse = Object.freeze({
  RequestId: 'RID-RUNNING',
  Code: 'OtaTask.Running',
  Message: 'The task is running and cannot be sumitted.'
})
