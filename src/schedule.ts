import type { Operation } from './api.js'
import type { WuyingApi } from './client.js'
import { ApiError } from './errors.js'
import type { Inputs } from './inputs.js'
import { approveRequest, currentVersion, findGroup, isApproved, lookupRequest, pendingTask, type PendingTask } from './ota.js'

/** The code reported when the group has nothing to approve (the action's own, not the API's). */
export const CODE_NO_PENDING_UPDATE = 'NoPendingUpdate'
/** The code reported when the group does not exist in the region: the API's own code for it. */
export const CODE_GROUP_NOT_FOUND = 'InvalidAppInstanceGroup.NotFound'

export type ScheduleInputs = Pick<
  Inputs,
  'appInstanceGroupId' | 'bizRegionId' | 'startTime' | 'otaType' | 'taskId' | 'ifNoUpdate' | 'failOnError'
>

/** Logger is what scheduleOta writes to: core.info / core.warning / core.group in the action. */
export interface Logger {
  info(message: string): void
  warning(message: string): void
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

/** ApiCall is one call made: its operation, request id and `Code` (`''` when the answer has none). */
export interface ApiCall {
  readonly operation: Operation
  readonly requestId: string
  readonly code: string
}

/** `approved`: scheduled; `skipped`: nothing to approve; `failed`: not scheduled because of an error or a refusal. */
export type OtaStatus = 'approved' | 'skipped' | 'failed'

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
  /** The StartTime sent; '' when no approval was sent. */
  readonly startTime: string
  readonly calls: readonly ApiCall[]
  /** Set when the step must fail: the sentence to fail it with. */
  readonly failure?: string
}

interface Target extends PendingTask {
  readonly groupName: string
}

type Fields = Partial<Omit<OtaResult, 'calls'>> & Pick<OtaResult, 'status' | 'code'>

/** What the phases share: the API, the inputs, the log, the calls made so far, and the way to end with a result. */
interface Run {
  readonly api: WuyingApi
  readonly inputs: ScheduleInputs
  readonly logger: Logger
  readonly calls: ApiCall[]
  readonly finish: (fields: Fields) => OtaResult
}

/**
 * scheduleOta looks up the group's pending task (unless `taskId` is given) and approves it; returns the result,
 * including API errors and refusals. Throws only what is not an ApiError (a bug).
 */
export async function scheduleOta(api: WuyingApi, inputs: ScheduleInputs, deps: { readonly logger: Logger }): Promise<OtaResult> {
  const { logger } = deps
  const calls: ApiCall[] = []
  const finish = (fields: Fields): OtaResult => {
    if (fields.failure !== undefined && !inputs.failOnError && fields.status === 'failed') {
      logger.warning(`${fields.failure} (fail-on-error is false, so the step goes on)`)
      fields = { ...fields, failure: undefined }
    }
    return Object.freeze(result(inputs, calls, fields))
  }
  const run: Run = { api, inputs, logger, calls, finish }
  let target: Target | OtaResult
  if (inputs.taskId) {
    logger.info(`task-id ${inputs.taskId} given: approving it without looking up the group`)
    target = { taskId: inputs.taskId, otaVersion: '', newOtaVersion: '', groupName: '' }
  } else {
    target = await logger.group(`Look up delivery group ${inputs.appInstanceGroupId} in ${inputs.bizRegionId}`, () => lookUp(run))
  }
  if ('status' in target) return target
  const pending = target
  return logger.group(`Approve OTA task ${pending.taskId}`, () => approve(run, pending))
}

async function lookUp({ api, inputs, logger, calls, finish }: Run): Promise<Target | OtaResult> {
  const { appInstanceGroupId: groupId, bizRegionId: region } = inputs
  const notFound = (requestId: string): OtaResult =>
    finish({
      status: 'failed',
      code: CODE_GROUP_NOT_FOUND,
      message: `no delivery group ${groupId} in region ${region}`,
      requestId,
      failure:
        `no delivery group ${groupId} in region ${region} (request id ${requestId || 'none'}): check ` +
        `app-instance-group-id, and that biz-region-id is the region the group lives in`
    })
  let response
  try {
    response = await api.listAppInstanceGroups(lookupRequest(groupId, region))
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    calls.push({ operation: error.operation, requestId: error.requestId ?? '', code: error.code })
    logger.info(`ListAppInstanceGroup failed: ${error.code} (request id ${error.requestId ?? 'none'})`)
    if (error.code === CODE_GROUP_NOT_FOUND) return notFound(error.requestId ?? '')
    return failedCall(error, `failed to look up delivery group ${groupId} in ${region}`, finish)
  }
  calls.push({ operation: 'ListAppInstanceGroup', requestId: response.RequestId, code: '' })
  logger.info(`ListAppInstanceGroup: request id ${response.RequestId}`)
  const group = findGroup(response, groupId)
  if (!group) return notFound(response.RequestId)
  const groupName = group.AppInstanceGroupName ?? ''
  logger.info(`group: ${groupId}${groupName ? ` "${groupName}"` : ''} in ${region}, status ${group.Status ?? 'unknown'}`)
  const task = pendingTask(group)
  if (!task) {
    const version = currentVersion(group)
    logger.info(`no pending OTA update; current version ${version || 'unknown'}`)
    const message = `delivery group ${groupId} has no pending OTA update (current version ${version || 'unknown'})`
    return finish({
      status: 'skipped',
      code: CODE_NO_PENDING_UPDATE,
      message,
      requestId: response.RequestId,
      appInstanceGroupName: groupName,
      otaVersion: version,
      ...(inputs.ifNoUpdate === 'fail' ? { failure: `${message}, and if-no-update is fail` } : {})
    })
  }
  logger.info(`pending OTA update: ${task.otaVersion || 'unknown'} → ${task.newOtaVersion}, task ${task.taskId}`)
  return { ...task, groupName }
}

async function approve({ api, inputs, logger, calls, finish }: Run, target: Target): Promise<OtaResult> {
  const { appInstanceGroupId: groupId, bizRegionId: region } = inputs
  const startTime = inputs.startTime.text
  const known = {
    taskId: target.taskId,
    otaVersion: target.otaVersion,
    newOtaVersion: target.newOtaVersion,
    appInstanceGroupName: target.groupName,
    startTime
  }
  logger.info(`approving task ${target.taskId} (${inputs.otaType}) of group ${groupId} to start at ${startTime}`)
  let response
  try {
    response = await api.approveOtaTask(
      approveRequest({ appInstanceGroupId: groupId, bizRegionId: region, taskId: target.taskId, otaType: inputs.otaType, startTime })
    )
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    calls.push({ operation: error.operation, requestId: error.requestId ?? '', code: error.code })
    logger.info(`ApproveOtaTask failed: ${error.code} (request id ${error.requestId ?? 'none'})`)
    const unknownOutcome =
      error.sent && error.kind !== 'service'
        ? '; the task may have been scheduled anyway: check the group before running the step again'
        : ''
    return failedCall(error, `failed to approve OTA task ${target.taskId} of group ${groupId}`, finish, known, unknownOutcome)
  }
  const code = response.Code ?? ''
  calls.push({ operation: 'ApproveOtaTask', requestId: response.RequestId, code })
  logger.info(`ApproveOtaTask: Code ${code || '(none)'}, request id ${response.RequestId}`)
  const fields = { ...known, code, message: response.Message ?? '', requestId: response.RequestId }
  if (isApproved(response)) {
    logger.info(`scheduled: group ${groupId} updates ${versions(target)} at ${startTime}`)
    return finish({ ...fields, status: 'approved', approved: true })
  }
  return finish({
    ...fields,
    status: 'failed',
    failure:
      `OTA task ${target.taskId} of group ${groupId} was not scheduled: ApproveOtaTask answered ` +
      `${code || 'without a Code'}${response.Message ? `: ${response.Message}` : ''} (request id ${response.RequestId})`
  })
}

function failedCall(
  error: ApiError,
  clause: string,
  finish: (fields: Fields) => OtaResult,
  known: Partial<OtaResult> = {},
  extra = ''
): OtaResult {
  return finish({
    ...known,
    status: 'failed',
    code: error.code,
    message: error.detail,
    requestId: error.requestId ?? '',
    failure: `${clause}: ${error.message}${extra}`
  })
}

function versions(target: PendingTask): string {
  return target.newOtaVersion ? `${target.otaVersion || 'unknown'} → ${target.newOtaVersion}` : 'to the pending version'
}

function result(inputs: ScheduleInputs, calls: readonly ApiCall[], fields: Fields): OtaResult {
  const { failure, ...rest } = fields
  return {
    approved: false,
    message: '',
    requestId: '',
    appInstanceGroupId: inputs.appInstanceGroupId,
    appInstanceGroupName: '',
    bizRegionId: inputs.bizRegionId,
    otaType: inputs.otaType,
    taskId: '',
    otaVersion: '',
    newOtaVersion: '',
    startTime: '',
    ...rest,
    calls: [...calls],
    ...(failure === undefined ? {} : { failure })
  }
}
