/**
 * A dry run's end for a group with a task to approve: what ApproveOtaTask would answer, found without sending it.
 */
import { ApiError } from '../common/errors.js'
import { taskListRequest } from './decide.js'
import type { Target } from './lookup.js'
import { isUnderWay, unknownStatusNote } from './poll.js'
import { callWithRetry, CODE_DRY_RUN, CODE_STALE_TASK, CODE_TASK_RUNNING, failWith, type OtaResult, type Run } from './run.js'

/**
 * wouldApprove ends a dry run's group that has a task to approve, as ApproveOtaTask would answer it: `would-approve`
 * with code DryRun; failed when task-id names another task than the group's pending one; `OtaTask.Running` (so
 * `unchanged` in a fleet) when ListOtaTask shows an update of the group already scheduled or running, or a task in a
 * status the docs do not list (e.g. PAUSED: not final, so taken as under way). `requestId` is the lookup's.
 */
export async function wouldApprove(run: Run, target: Target, requestId: string): Promise<OtaResult> {
  const { inputs, logger } = run
  const groupId = inputs.appInstanceGroupId
  const known = {
    taskId: target.taskId,
    otaVersion: target.otaVersion,
    newOtaVersion: target.newOtaVersion,
    appInstanceGroupName: target.groupName,
    startTime: inputs.startTime.text,
    requestId
  }
  if (inputs.taskId && inputs.taskId !== target.taskId) {
    const message = `task-id ${inputs.taskId} is not the pending task of group ${groupId} (that is ${target.taskId})`
    return run.finish({
      ...known,
      taskId: inputs.taskId,
      status: 'failed',
      code: CODE_STALE_TASK,
      message,
      failure: `dry run: ${message}; ApproveOtaTask would refuse it`
    })
  }
  let tasks
  try {
    tasks = await callWithRetry(run, 'ListOtaTask', () => run.api.listOtaTasks(taskListRequest(groupId, inputs.otaType)))
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    return failWith(run, error, `dry run: failed to read the OTA tasks of group ${groupId}`, known)
  }
  // An undocumented status (e.g. PAUSED) counts as under way (poll.ts isUnderWay): the prediction is then a refusal.
  const active = tasks.TaskList.find((task) => isUnderWay(task.TaskDisplayStatus))
  if (active) {
    const status = `${active.TaskDisplayStatus}${unknownStatusNote(active.TaskDisplayStatus)}`
    const message = `an update of group ${groupId} is already under way (task ${active.TaskId} is ${status}): ApproveOtaTask would answer ${CODE_TASK_RUNNING}`
    logger.info(`dry run: ${message}`)
    return run.finish({
      ...known,
      requestId: tasks.RequestId,
      status: 'failed',
      code: CODE_TASK_RUNNING,
      message,
      failure: `dry run: ${message}`,
      running: { taskId: active.TaskId, startTime: active.TaskStartTime }
    })
  }
  const versions = `${target.otaVersion || 'unknown'} → ${target.newOtaVersion}`
  const message = `dry run: would approve task ${target.taskId} (${versions}) to start at ${inputs.startTime.text}`
  logger.info(message)
  return run.finish({ ...known, status: 'would-approve', code: CODE_DRY_RUN, message })
}
