/**
 * An `unchanged` group (its update already scheduled or under way, `OtaTask.Running`) reports the task that is under
 * way, with that task's own start time, not the start this step asked for: one ListOtaTask read finds it.
 */
import { ACTIVE_TASK_STATUSES } from '../common/api.js'
import { ApiError } from '../common/errors.js'
import { taskListRequest } from './decide.js'
import { callWithRetry, type OtaResult, type Run } from './run.js'

/** withRunningTask returns the result with the running task's id and start time; the result as it was when none is listed or the read fails. */
export async function withRunningTask(run: Run, result: OtaResult): Promise<OtaResult> {
  const { appInstanceGroupId: groupId, otaType } = run.inputs
  try {
    const tasks = await callWithRetry(run, 'ListOtaTask', () => run.api.listOtaTasks(taskListRequest(groupId, otaType)))
    const task = tasks.TaskList.find((listed) => ACTIVE_TASK_STATUSES.includes(listed.TaskDisplayStatus))
    if (!task) return result
    run.logger.info(`the update under way is task ${task.TaskId}, ${task.TaskDisplayStatus}, starting ${task.TaskStartTime}`)
    return Object.freeze({ ...result, taskId: task.TaskId, startTime: task.TaskStartTime, calls: [...run.calls] })
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    run.logger.info(`the task under way could not be read (${error.code}); its start time is not known`)
    return result
  }
}
