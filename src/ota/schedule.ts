/**
 * scheduleOta: look up the group's pending task (lookup.ts) unless task-id is given, then approve it safely
 * (approval.ts), every call under the one retry policy (retry.ts) within the step's deadline; or, in a dry run,
 * report what would be approved. createRun builds the per-group context that fleet.ts and wait.ts use too.
 */
import { ACTIVE_TASK_STATUSES } from '../common/api.js'
import { approveSafely } from './approval.js'
import type { WuyingApi } from '../wuying/client.js'
import { Deadline } from '../common/deadline.js'
import { ApiError } from '../common/errors.js'
import { lookUp, type Target } from './lookup.js'
import { taskListRequest } from './decide.js'
import type { Logger } from '../common/log.js'
import {
  callWithRetry,
  CODE_DRY_RUN,
  CODE_TASK_RUNNING,
  failWith,
  type ApiCall,
  type Fields,
  type OtaResult,
  type Run,
  type ScheduleInputs
} from './run.js'
import { DEFAULT_BACKOFF, realSleep, type Backoff, type RetryContext } from '../common/retry.js'

const CODE_STALE_TASK = 'InvalidParameter.TaskId'

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

/** RunOptions adjust one Run: its log, its time limit and the calls it starts from. */
export interface RunOptions {
  /** Default deps.logger (a fleet gives each group a logger that prefixes its lines). */
  readonly logger?: Logger
  /** Default deps.deadline (the wait runs under wait-timeout-minutes). */
  readonly deadline?: Deadline
  /** Calls made before this run (the wait continues a group's result). */
  readonly calls?: readonly ApiCall[]
  /**
   * Fleets: `OtaTask.Running` means that the group's update is already scheduled or under way, so the group is
   * `unchanged`, not failed. One group keeps failing on it (unless fail-on-error is false).
   */
  readonly runningIsUnchanged?: boolean
}

/**
 * createRun returns what the phases share for one group: the API, the inputs, the log, the retry policy and the
 * calls; its `finish` applies runningIsUnchanged and then fail-on-error (a failed group fails the step only when
 * fail-on-error is true; the reason is logged as a warning otherwise).
 */
export function createRun(api: WuyingApi, inputs: ScheduleInputs, deps: ScheduleDeps, options: RunOptions = {}): Run {
  const logger = options.logger ?? deps.logger
  const calls: ApiCall[] = [...(options.calls ?? [])]
  const finish = (fields: Fields): OtaResult => {
    if (options.runningIsUnchanged && fields.status === 'failed' && fields.code === CODE_TASK_RUNNING) {
      logger.info(`an OTA task of the group is already scheduled or running (${CODE_TASK_RUNNING}): nothing changed`)
      fields = { ...fields, status: 'unchanged', failure: undefined }
    }
    if (fields.failure !== undefined && !inputs.failOnError && fields.status === 'failed') {
      logger.warning(`${fields.failure} (fail-on-error is false, so the step goes on)`)
      fields = { ...fields, failure: undefined }
    }
    return Object.freeze(result(inputs, calls, fields))
  }
  const retry: RetryContext = {
    maxAttempts: inputs.maxAttempts,
    backoff: deps.backoff ?? DEFAULT_BACKOFF,
    deadline: options.deadline ?? deps.deadline ?? Deadline.none(),
    sleep: deps.sleep ?? realSleep,
    random: deps.random ?? Math.random,
    log: (line) => logger.info(line)
  }
  return { api, inputs, logger, retry, calls, finish }
}

/**
 * scheduleOta looks up the group's pending task (unless `taskId` is given) and approves it; returns the result,
 * including API errors and refusals. A dry run looks the group up also when `taskId` is given, and approves nothing.
 * Throws only what is not an ApiError (a bug).
 */
export async function scheduleOta(api: WuyingApi, inputs: ScheduleInputs, deps: ScheduleDeps): Promise<OtaResult> {
  const { logger } = deps
  const run = createRun(api, inputs, deps)
  let target: Target | OtaResult
  if (inputs.taskId && !inputs.dryRun) {
    logger.info(`task-id ${inputs.taskId} given: approving it without looking up the group`)
    target = { taskId: inputs.taskId, otaVersion: '', newOtaVersion: '', groupName: '' }
  } else {
    target = await logger.group(`Look up delivery group ${inputs.appInstanceGroupId} in ${inputs.bizRegionId}`, () => lookUp(run))
  }
  if ('status' in target) return target
  const pending = target
  if (inputs.dryRun)
    return logger.group('Dry run: approve nothing', () => wouldApprove(run, pending, run.calls.at(-1)?.requestId ?? ''))
  return logger.group(`Approve OTA task ${pending.taskId}`, () => approveSafely(run, pending))
}

/**
 * wouldApprove ends a dry run's group that has a task to approve, as ApproveOtaTask would answer it: `would-approve`
 * with code DryRun; failed when task-id names another task than the group's pending one; `OtaTask.Running` (so
 * `unchanged` in a fleet) when ListOtaTask shows an update of the group already scheduled or running. `requestId` is
 * the lookup's.
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
  const active = tasks.TaskList.find((task) => ACTIVE_TASK_STATUSES.includes(task.TaskDisplayStatus))
  if (active) {
    const message = `an update of group ${groupId} is already under way (task ${active.TaskId} is ${active.TaskDisplayStatus}): ApproveOtaTask would answer ${CODE_TASK_RUNNING}`
    logger.info(`dry run: ${message}`)
    return run.finish({
      ...known,
      requestId: tasks.RequestId,
      status: 'failed',
      code: CODE_TASK_RUNNING,
      message,
      failure: `dry run: ${message}`
    })
  }
  const versions = `${target.otaVersion || 'unknown'} → ${target.newOtaVersion}`
  const message = `dry run: would approve task ${target.taskId} (${versions}) to start at ${inputs.startTime.text}`
  logger.info(message)
  return run.finish({ ...known, status: 'would-approve', code: CODE_DRY_RUN, message })
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
