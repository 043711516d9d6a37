/**
 * scheduleOta: look up the group's pending task (lookup.ts) unless task-id is given, then approve it safely
 * (approval.ts), every call under the one retry policy (retry.ts) within the step's deadline.
 */
import { approveSafely } from './approval.js'
import type { WuyingApi } from './client.js'
import { Deadline } from './deadline.js'
import { lookUp, type Target } from './lookup.js'
import type { ApiCall, Fields, Logger, OtaResult, Run, ScheduleInputs } from './phase.js'
import { DEFAULT_BACKOFF, realSleep, type Backoff, type RetryContext } from './retry.js'

// The result types and codes live in phase.ts, shared by the phases; callers keep importing them from here.
export { CODE_GROUP_NOT_FOUND, CODE_NO_PENDING_UPDATE } from './phase.js'
export type { ApiCall, Logger, OtaResult, OtaStatus, ScheduleInputs } from './phase.js'

/** ScheduleDeps are scheduleOta's effects: the log, and the retry policy's backoff, deadline, sleep and randomness. */
export interface ScheduleDeps {
  readonly logger: Logger
  /** Default DEFAULT_BACKOFF. */
  readonly backoff?: Backoff
  /** Default: no time limit. */
  readonly deadline?: Deadline
  readonly sleep?: (ms: number) => Promise<void>
  readonly random?: () => number
}

/**
 * scheduleOta looks up the group's pending task (unless `taskId` is given) and approves it; returns the result,
 * including API errors and refusals. Throws only what is not an ApiError (a bug).
 */
export async function scheduleOta(api: WuyingApi, inputs: ScheduleInputs, deps: ScheduleDeps): Promise<OtaResult> {
  const { logger } = deps
  const calls: ApiCall[] = []
  const finish = (fields: Fields): OtaResult => {
    if (fields.failure !== undefined && !inputs.failOnError && fields.status === 'failed') {
      logger.warning(`${fields.failure} (fail-on-error is false, so the step goes on)`)
      fields = { ...fields, failure: undefined }
    }
    return Object.freeze(result(inputs, calls, fields))
  }
  const retry: RetryContext = {
    maxAttempts: inputs.maxAttempts,
    backoff: deps.backoff ?? DEFAULT_BACKOFF,
    deadline: deps.deadline ?? Deadline.none(),
    sleep: deps.sleep ?? realSleep,
    random: deps.random ?? Math.random,
    log: (line) => logger.info(line)
  }
  const run: Run = { api, inputs, logger, retry, calls, finish }
  let target: Target | OtaResult
  if (inputs.taskId) {
    logger.info(`task-id ${inputs.taskId} given: approving it without looking up the group`)
    target = { taskId: inputs.taskId, otaVersion: '', newOtaVersion: '', groupName: '' }
  } else {
    target = await logger.group(`Look up delivery group ${inputs.appInstanceGroupId} in ${inputs.bizRegionId}`, () => lookUp(run))
  }
  if ('status' in target) return target
  const pending = target
  return logger.group(`Approve OTA task ${pending.taskId}`, () => approveSafely(run, pending))
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
