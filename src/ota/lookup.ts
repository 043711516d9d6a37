/**
 * The lookup phase: read the group and find its pending OTA task, or end the run (not found, nothing to approve,
 * or the lookup failed after the retry policy gave up).
 */
import { ApiError } from '../common/errors.js'
import { currentVersion, pendingTask, type PendingTask } from './decide.js'
import {
  CODE_GROUP_NOT_FOUND,
  CODE_NO_PENDING_UPDATE,
  failWith,
  readGroup,
  type GroupRead,
  type OtaResult,
  type Run
} from './run.js'

/** Target is the task to approve and the group's name (for the report). */
export interface Target extends PendingTask {
  readonly groupName: string
}

/** lookUp returns the group's pending task, or the result to end with when there is none or the group cannot be read. */
export async function lookUp(run: Run): Promise<Target | OtaResult> {
  const { inputs, logger } = run
  const { appInstanceGroupId: groupId, bizRegionId: region } = inputs
  let read
  try {
    read = await readGroup(run)
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    logger.info(`ListAppInstanceGroup failed: ${error.code} (request id ${error.requestId ?? 'none'})`)
    return failWith(run, error, `failed to look up delivery group ${groupId} in ${region}`)
  }
  return examine(run, read)
}

/**
 * examine returns the pending task of the group as read (`read.group` undefined: not listed in the region), or the
 * result to end with: not found, or nothing to approve (failing under if-no-update: fail).
 */
export function examine(run: Run, read: GroupRead): Target | OtaResult {
  const { inputs, logger } = run
  const { appInstanceGroupId: groupId, bizRegionId: region } = inputs
  const { group, requestId } = read
  if (!group) return notFound(run, requestId)
  const groupName = group.AppInstanceGroupName ?? ''
  logger.info(`group: ${groupId}${groupName ? ` "${groupName}"` : ''} in ${region}, status ${group.Status ?? 'unknown'}`)
  const task = pendingTask(group)
  if (!task) {
    const version = currentVersion(group)
    logger.info(`no pending OTA update; current version ${version || 'unknown'}`)
    const message = `delivery group ${groupId} has no pending OTA update (current version ${version || 'unknown'})`
    return run.finish({
      status: 'skipped',
      code: CODE_NO_PENDING_UPDATE,
      message,
      requestId,
      appInstanceGroupName: groupName,
      otaVersion: version,
      ...(inputs.ifNoUpdate === 'fail' ? { failure: `${message}, and if-no-update is fail` } : {})
    })
  }
  logger.info(`pending OTA update: ${task.otaVersion || 'unknown'} → ${task.newOtaVersion}, task ${task.taskId}`)
  return { ...task, groupName }
}

function notFound(run: Run, requestId: string): OtaResult {
  const { appInstanceGroupId: groupId, bizRegionId: region } = run.inputs
  return run.finish({
    status: 'failed',
    code: CODE_GROUP_NOT_FOUND,
    message: `no delivery group ${groupId} in region ${region}`,
    requestId,
    failure:
      `no delivery group ${groupId} in region ${region} (request id ${requestId || 'none'}): check ` +
      `app-instance-group-id, and that biz-region-id is the region the group lives in`
  })
}
