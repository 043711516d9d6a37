/**
 * Finding one task in ListOtaTask, which lists newest first: page 1 nearly always shows a task approved moments before,
 * so a later page is read only while the task is not found, and never past MAX_TASK_PAGES, a page that is not full,
 * or the end `TotalCount` names (common/pages.ts).
 */
import type { OtaTaskRecord } from '../common/api.js'
import { isLastPage, MAX_TASK_PAGES, nextPage } from '../common/pages.js'
import { taskListRequest } from './decide.js'
import { followedTask } from './poll.js'
import { callWithRetry, type Run } from './run.js'

/** TaskSighting is what the pages showed: the task (absent when not listed) and the request id of the page read last. */
export interface TaskSighting {
  readonly task?: OtaTaskRecord
  readonly requestId: string
  /** How many pages were read. */
  readonly pages: number
}

/**
 * findTask returns the task of the run's group that followedTask picks for `taskId`, reading pages until it is found
 * or the pages end; with `taskId` '' (the newest task under way) page 1 is all it reads. Throws the ApiError of a page
 * that failed under the retry policy.
 */
export async function findTask(run: Run, taskId: string): Promise<TaskSighting> {
  const { appInstanceGroupId: groupId, otaType } = run.inputs
  for (let page = 1; ;) {
    const number = page
    const answer = await callWithRetry(run, 'ListOtaTask', () => run.api.listOtaTasks(taskListRequest(groupId, otaType, number)))
    const task = followedTask(answer.TaskList, taskId)
    const { length } = answer.TaskList
    const next = task || taskId === '' ? undefined : nextPage(page, length, answer.TotalCount, MAX_TASK_PAGES)
    if (next === undefined) {
      if (!task && taskId !== '' && !isLastPage(page, length, answer.TotalCount)) {
        run.logger.info(`task ${taskId} is not on the first ${page} pages of ListOtaTask, the most this action reads per poll`)
      }
      return { ...(task ? { task } : {}), requestId: answer.RequestId, pages: page }
    }
    run.logger.info(`task ${taskId} is not on page ${page} of ListOtaTask (${answer.TotalCount} tasks): reading page ${next}`)
    page = next
  }
}
