/**
 * A fleet under a rate limit, in virtual time: a clock whose sleeps fire in time order (so that concurrent sleepers
 * interleave as on a real clock, but instantly), and an in-memory WuyingApi over fleetGroup()s that throttles above
 * N requests in any 1 s window, as the emulator's gateway does (Throttling.User with x-acs-retry-after; refused requests
 * take no slot). Approvals rotate the TaskId and answer `OtaTask.Running` while the group's task is scheduled, so
 * several steps can share one API.
 */
import type { AppInstanceGroupModel, ApproveOtaTaskResponse, ListOtaTaskResponse } from '../src/common/api.js'
import { ApiError } from '../src/common/errors.js'
import type { WuyingApi } from '../src/wuying/client.js'
import { fleetGroup } from './fleet-api.js'

/** VirtualClock is a clock whose time moves only when every task is waiting on its sleep. */
export interface VirtualClock {
  now(): number
  sleep(ms: number): Promise<void>
  /** run returns what `work` resolves to, firing the sleeps in time order until it settles. */
  run<T>(work: Promise<T>): Promise<T>
}

/** virtualClock returns a VirtualClock starting at `startMs`. */
export function virtualClock(startMs = Date.parse('2026-06-15T12:00:00Z')): VirtualClock {
  let now = startMs
  let seq = 0
  const timers: { at: number; seq: number; fire: () => void }[] = []
  const idle = () => new Promise<void>((resolve) => setImmediate(resolve))
  return {
    now: () => now,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        timers.push({ at: now + Math.max(0, ms), seq: seq++, fire: resolve })
      }),
    async run(work) {
      let settled = false
      const done = work.finally(() => {
        settled = true
      })
      for (;;) {
        await idle()
        if (settled) return done
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq)
        const next = timers.shift()
        if (!next) throw new Error('virtualClock: the work waits on something other than the clock')
        now = Math.max(now, next.at)
        next.fire()
      }
    }
  }
}

/** LimitedApi is the rate-limited fleet API, with what it saw. */
export interface LimitedApi extends WuyingApi {
  /** Requests answered (throttled ones included). */
  requests(): number
  /** Requests refused by the rate limit. */
  throttled(): number
  /** How many approvals each group got (the ones that scheduled a task). */
  approvals(groupId: string): number
}

/** limitedApi returns the API over `size` fleetGroup()s, at most `perSecond` requests in any 1 s, each taking `latencyMs`. */
export function limitedApi(clock: VirtualClock, size: number, perSecond: number, latencyMs = 5): LimitedApi {
  const groups = Array.from({ length: size }, (_, n) => fleetGroup(n))
  const pending = new Map(groups.map((g) => [g.AppInstanceGroupId, g.OtaInfo?.TaskId ?? '']))
  const scheduled = new Map<string, number>()
  let admitted: number[] = []
  let requests = 0
  let refused = 0
  let ids = 0
  const gateway = async (operation: 'ListAppInstanceGroup' | 'ApproveOtaTask' | 'ListOtaTask'): Promise<string> => {
    requests += 1
    await clock.sleep(latencyMs / 2)
    const now = clock.now()
    admitted = admitted.filter((t) => now - t < 1000)
    if (admitted.length >= perSecond) {
      refused += 1
      const retryAfterMs = Math.max(1, 1000 - (now - (admitted[0] as number)))
      await clock.sleep(latencyMs / 2)
      throw new ApiError({
        operation,
        kind: 'service',
        code: 'Throttling.User',
        detail: 'Request was denied due to user flow control.',
        httpStatus: 400,
        sent: true,
        retryAfterMs,
        requestId: `RID-THROTTLED-${++ids}`
      })
    }
    admitted.push(now)
    await clock.sleep(latencyMs / 2)
    return `RID-${++ids}`
  }
  const current = (g: AppInstanceGroupModel): AppInstanceGroupModel => ({
    ...g,
    OtaInfo: { ...g.OtaInfo, TaskId: pending.get(g.AppInstanceGroupId) ?? '' }
  })
  return {
    requests: () => requests,
    throttled: () => refused,
    approvals: (groupId) => scheduled.get(groupId) ?? 0,
    async listAppInstanceGroups(request) {
      const requestId = await gateway('ListAppInstanceGroup')
      const matching = groups.filter(
        (g) => request.AppInstanceGroupId === undefined || g.AppInstanceGroupId === request.AppInstanceGroupId
      )
      const size = request.PageSize ?? 20
      const page = request.PageNumber ?? 1
      const models = matching.slice((page - 1) * size, page * size).map(current)
      return {
        RequestId: requestId,
        TotalCount: matching.length,
        PageNumber: page,
        PageSize: size,
        AppInstanceGroupModels: models
      }
    },
    async approveOtaTask(request): Promise<ApproveOtaTaskResponse> {
      const requestId = await gateway('ApproveOtaTask')
      const id = request.AppInstanceGroupId
      if (pending.get(id) !== request.TaskId) {
        throw new ApiError({
          operation: 'ApproveOtaTask',
          kind: 'service',
          code: 'InvalidParameter.TaskId',
          detail: `the TaskId ${request.TaskId} is not the current OTA task`,
          httpStatus: 400,
          sent: true,
          requestId
        })
      }
      if (scheduled.has(id)) return { RequestId: requestId, Code: 'OtaTask.Running', Message: 'a task is running' }
      scheduled.set(id, 1)
      pending.set(id, `${request.TaskId}-next`)
      return { RequestId: requestId, Code: 'success' }
    },
    async listOtaTasks(): Promise<ListOtaTaskResponse> {
      const requestId = await gateway('ListOtaTask')
      return { RequestId: requestId, TotalCount: 0, PageNumber: 1, PageSize: 100, TaskList: [] }
    },
    async getOtaTaskByTaskId() {
      throw new Error('unexpected GetOtaTaskByTaskId')
    }
  }
}

/** seededRandom returns a repeatable stand-in for Math.random (a linear congruential generator). */
export function seededRandom(seed: number): () => number {
  let x = seed >>> 0
  return () => {
    x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0
    return x / 2 ** 32
  }
}
