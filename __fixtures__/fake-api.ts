/** A scripted WuyingApi for workflow tests, and a logger that records what a user would read. */
import type { ApproveOtaTaskResponse, ListAppInstanceGroupResponse, ListOtaTaskResponse, Operation } from '../src/common/api.js'
import type { WuyingApi } from '../src/wuying/client.js'
import { ApiError, type ApiErrorDetails } from '../src/common/errors.js'
import type { Logger } from '../src/common/log.js'
import type { OtaResult, ScheduleDeps, ScheduleInputs } from '../src/ota/run.js'
import { scheduleGroups } from '../src/ota/schedule.js'
import { parseStartTime } from '../src/inputs/start-time.js'
import { GROUP_ID, REGION } from './groups.js'

/** scheduleOne runs the step's one path for a fleet of one group (the group of `inputs`) and returns its result. */
export async function scheduleOne(api: WuyingApi, inputs: ScheduleInputs, deps: ScheduleDeps): Promise<OtaResult> {
  const [result] = await scheduleGroups(
    api,
    { ...inputs, appInstanceGroupIds: [inputs.appInstanceGroupId], concurrency: 1 },
    deps
  )
  return result as OtaResult
}

/** An answer is a response, or an error (ApiError or anything else) to throw. */
export type Scripted<T> = T | Error

/** failure returns an ApiError of a kind that has no service answer (timeout, network, invalid-response). */
export function failure(details: Partial<ApiErrorDetails> & Pick<ApiErrorDetails, 'operation' | 'kind' | 'code'>): ApiError {
  return new ApiError({ detail: `${details.code} happened`, sent: true, ...details })
}

/** fakeClock returns a clock that only moves when the fake sleep waits; `slept` lists every wait in ms. */
export function fakeClock(startMs = Date.parse('2026-06-15T12:00:00Z')): {
  now: () => number
  sleep: (ms: number) => Promise<void>
  slept: number[]
} {
  let now = startMs
  const slept: number[] = []
  return {
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms)
      now += ms
    },
    slept
  }
}

export interface FakeApi extends WuyingApi {
  /** Every call made, in order, with its request. */
  readonly calls: { operation: Operation; request: unknown }[]
}

/** fakeApi answers each operation with the next scripted answer; an unscripted call fails the test. */
export function fakeApi(script: {
  list?: Scripted<ListAppInstanceGroupResponse>[]
  approve?: Scripted<ApproveOtaTaskResponse>[]
  tasks?: Scripted<ListOtaTaskResponse>[]
}): FakeApi {
  const calls: FakeApi['calls'] = []
  const queues = {
    ListAppInstanceGroup: [...(script.list ?? [])],
    ApproveOtaTask: [...(script.approve ?? [])],
    ListOtaTask: [...(script.tasks ?? [])]
  }
  const next = async <T>(operation: keyof typeof queues, request: unknown): Promise<T> => {
    calls.push({ operation, request })
    const answer = queues[operation].shift()
    if (answer === undefined) throw new Error(`unscripted ${operation} call`)
    if (answer instanceof Error) throw answer
    return answer as T
  }
  const unexpected = async (): Promise<never> => {
    throw new Error('unexpected operation')
  }
  return {
    calls,
    listAppInstanceGroups: (request) => next('ListAppInstanceGroup', request),
    approveOtaTask: (request) => next('ApproveOtaTask', request),
    listOtaTasks: (request) => next('ListOtaTask', request),
    getOtaTaskByTaskId: unexpected
  }
}

/** apiError returns a service ApiError with the code's usual shape. */
export function apiError(details: Partial<ApiErrorDetails> & Pick<ApiErrorDetails, 'operation' | 'code'>): ApiError {
  return new ApiError({
    kind: 'service',
    detail: `${details.code} happened`,
    requestId: `RID-${details.code}`,
    httpStatus: 400,
    sent: true,
    ...details
  })
}

export interface RecordingLogger extends Logger {
  /** `## group name`, `info line`, `warning: line`, in order. */
  readonly lines: string[]
}

/** recordingLogger records lines; group names become `## name`, and the group's lines follow. */
export function recordingLogger(): RecordingLogger {
  const lines: string[] = []
  return {
    lines,
    info: (message) => lines.push(message),
    warning: (message) => lines.push(`warning: ${message}`),
    group: async (name, fn) => {
      lines.push(`## ${name}`)
      return fn()
    }
  }
}

/** SCHEDULE_START is the start time the scheduling tests send (as given and as sent). */
export const SCHEDULE_START = '2026-06-20T02:00:00+08:00'

/** scheduleInputs returns the scheduling tests' inputs for the fixtures' group, with `maxAttempts` attempts per call. */
export function scheduleInputs(maxAttempts: number): ScheduleInputs {
  return {
    appInstanceGroupId: GROUP_ID,
    bizRegionId: REGION,
    startTime: parseStartTime(SCHEDULE_START, new Date('2026-06-15T00:00:00Z')),
    otaType: 'Fota',
    taskId: '',
    ifNoUpdate: 'skip',
    failOnError: true,
    maxAttempts
  }
}
