/**
 * What the phases of a group's run (lookup.ts, approval.ts, dry-run.ts, wait.ts) share: the result they end with,
 * the calls made so far, the log, and the one way to make an API call: under the retry policy, with every attempt
 * recorded. createRun builds that context for one group.
 */
import type { AppInstanceGroupModel, Operation, TaskDisplayStatus } from '../common/api.js'
import type { WuyingApi } from '../wuying/client.js'
import { ApiError } from '../common/errors.js'
import type { Inputs } from '../inputs/read.js'
import { lookupRequest, findGroup } from './decide.js'
import type { Logger } from '../common/log.js'
import { Deadline } from '../common/deadline.js'
import { DEFAULT_BACKOFF, realSleep, withRetry, type Backoff, type Gate, type RetryContext } from '../common/retry.js'

/** The code reported when the group has nothing to approve (the action's own, not the API's). */
export const CODE_NO_PENDING_UPDATE = 'NoPendingUpdate'
/** The code reported when the group does not exist in the region: the API's own code for it. */
export const CODE_GROUP_NOT_FOUND = 'InvalidAppInstanceGroup.NotFound'
/** The code of a dry run's group that would be approved (the action's own). */
export const CODE_DRY_RUN = 'DryRun'
/** ApproveOtaTask's refusal of a TaskId that is not the group's pending one. */
export const CODE_STALE_TASK = 'InvalidParameter.TaskId'
/** ApproveOtaTask's answer (HTTP 200) while a task of the group is scheduled or running. */
export const CODE_TASK_RUNNING = 'OtaTask.Running'

/** ScheduleInputs are one group's inputs: the group, and the settings every group of the step shares. */
export type ScheduleInputs = Pick<
  Inputs,
  'appInstanceGroupId' | 'bizRegionId' | 'startTime' | 'otaType' | 'taskId' | 'ifNoUpdate' | 'failOnError' | 'maxAttempts'
> & {
  /** Look up and validate, but send no ApproveOtaTask. Default false. */
  readonly dryRun?: boolean
}

/** ApiCall is one attempt made: its operation, request id and `Code` (`''` when the answer has none). */
export interface ApiCall {
  readonly operation: Operation
  readonly requestId: string
  readonly code: string
}

/**
 * `approved`: scheduled (and, when waited for, finished); `skipped`: nothing to approve; `failed`: not scheduled
 * because of an error or a refusal, or (when waited for) the update failed; `unchanged` (fleets only): an OTA task
 * of the group was already scheduled or running (`OtaTask.Running`), so nothing changed; `would-approve`: a dry
 * run's group that has a task to approve.
 */
export type OtaStatus = 'approved' | 'skipped' | 'failed' | 'unchanged' | 'would-approve'

/** OtaResult is everything the step reports: outputs, summary, and whether (and why) the step fails. */
export interface OtaResult {
  readonly status: OtaStatus
  readonly approved: boolean
  /**
   * Set when an approval may have been applied but the action cannot tell (its answer was lost and reading the group
   * back failed, or the time limit cut it): the `approved` output says `unknown`, never `false`.
   */
  readonly approvalUnknown?: boolean
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
  /** The StartTime sent (in a dry run: the one that would be sent); '' when no approval was sent. */
  readonly startTime: string
  /** Set when the step waited for the task: its last TaskDisplayStatus seen ('' when it was never listed). */
  readonly taskStatus?: TaskDisplayStatus | ''
  /** The task's release note when it was read (release-note.ts): its first line, shortened; '' when it has none. */
  readonly releaseNote?: string
  /** Set when the release note was to be read but could not be (e.g. refused to a read-only role): the error's code. */
  readonly releaseNoteError?: string
  readonly calls: readonly ApiCall[]
  /** Set when the step must fail: the sentence to fail it with. */
  readonly failure?: string
}

/** Fields are what a phase says about its end; the rest of the OtaResult comes from the inputs and the calls. */
export type Fields = Partial<Omit<OtaResult, 'calls'>> &
  Pick<OtaResult, 'status' | 'code'> & {
    /** The task already under way, when known: an `unchanged` group reports its id and its own start time. */
    readonly running?: RunningTask
  }

/** RunningTask is a group's OTA task that is already scheduled or running (from ListOtaTask). */
export interface RunningTask {
  readonly taskId: string
  readonly startTime: string
}

/** Run is what the phases share: the API, the inputs, the log, the retry policy, the calls so far, and the way to end. */
export interface Run {
  readonly api: WuyingApi
  readonly inputs: ScheduleInputs
  readonly logger: Logger
  readonly retry: RetryContext
  readonly calls: ApiCall[]
  readonly finish: (fields: Fields) => OtaResult
}

/** recordError adds a failed attempt to the calls made. */
export function recordError(run: Run, error: ApiError): void {
  run.calls.push({ operation: error.operation, requestId: error.requestId ?? '', code: error.code })
}

/** callWithRetry runs one operation under the retry policy, recording every attempt; throws the ApiError to fail with. */
export async function callWithRetry<T extends { RequestId: string; Code?: string }>(
  run: Run,
  operation: Operation,
  fn: () => Promise<T>
): Promise<T> {
  const answer = await withRetry(operation, fn, run.retry, (error) => recordError(run, error))
  run.calls.push({ operation, requestId: answer.RequestId, code: answer.Code ?? '' })
  return answer
}

/** GroupRead is one read of the group: undefined when it is not listed, and the request id of the read. */
export interface GroupRead {
  readonly group?: AppInstanceGroupModel
  readonly requestId: string
}

/** readGroup lists the group of the inputs under the retry policy; `InvalidAppInstanceGroup.NotFound` reads as not listed. */
export async function readGroup(run: Run): Promise<GroupRead> {
  const { appInstanceGroupId: groupId, bizRegionId: region } = run.inputs
  try {
    const response = await callWithRetry(run, 'ListAppInstanceGroup', () =>
      run.api.listAppInstanceGroups(lookupRequest(groupId, region))
    )
    run.logger.info(`ListAppInstanceGroup: request id ${response.RequestId}`)
    return { group: findGroup(response, groupId), requestId: response.RequestId }
  } catch (error) {
    if (error instanceof ApiError && error.code === CODE_GROUP_NOT_FOUND) return { requestId: error.requestId ?? '' }
    throw error
  }
}

/** failWith ends the run with an API error: its code, detail and request id as outputs; `clause: error` as the failure. */
export function failWith(run: Run, error: ApiError, clause: string, known: Partial<OtaResult> = {}, extra = ''): OtaResult {
  return run.finish({
    ...known,
    status: 'failed',
    code: error.code,
    message: error.detail,
    requestId: error.requestId ?? '',
    failure: `${clause}: ${error.message}${extra}`
  })
}

/** PlannedApproval is a group whose task is about to be approved: what a record of the step (GitHub) names. */
export interface PlannedApproval {
  readonly id: string
  readonly taskId: string
  readonly otaVersion: string
  readonly newOtaVersion: string
}

/** ScheduleDeps are the step's effects: the log, the retry policy's backoff, deadline, sleep and randomness, and hooks. */
export interface ScheduleDeps {
  readonly logger: Logger
  /** Called once, after the lookups and before the first approval (not in a dry run, not when none is pending). */
  readonly beforeApprovals?: (planned: readonly PlannedApproval[]) => Promise<void>
  /** Default DEFAULT_BACKOFF. */
  readonly backoff?: Backoff
  /** Default: no time limit. */
  readonly deadline?: Deadline
  readonly sleep?: (ms: number) => Promise<void>
  readonly random?: () => number
  /** The step's shared limiter (throttle.ts), which every call waits for; default none (one group). */
  readonly gate?: Gate
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
      const running = fields.running ? { taskId: fields.running.taskId, startTime: fields.running.startTime } : {}
      fields = { ...fields, ...running, status: 'unchanged', failure: undefined }
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
    log: (line) => logger.info(line),
    ...(deps.gate ? { gate: deps.gate } : {})
  }
  return { api, inputs, logger, retry, calls, finish }
}

function result(inputs: ScheduleInputs, calls: readonly ApiCall[], fields: Fields): OtaResult {
  const { failure, running: _running, ...rest } = fields
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
