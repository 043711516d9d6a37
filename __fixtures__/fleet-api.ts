/**
 * An in-memory WuyingApi over a list of groups, for fleet and wait tests: ListAppInstanceGroup pages and filters like
 * the service, ApproveOtaTask and ListOtaTask answer through functions the test gives, and every call is recorded.
 */
import type {
  AppInstanceGroupModel,
  ApproveOtaTaskRequest,
  ApproveOtaTaskResponse,
  ListOtaTaskRequest,
  ListOtaTaskResponse,
  OtaTaskRecord,
  TaskDisplayStatus
} from '../src/common/api.js'
import type { WuyingApi } from '../src/wuying/client.js'

export interface FleetApiScript {
  readonly groups: readonly AppInstanceGroupModel[]
  /** Default: `success`. Throw to fail the call. */
  readonly approve?: (request: ApproveOtaTaskRequest) => ApproveOtaTaskResponse
  /** Every task of the group, newest first (the request's page is answered); default none. Throw to fail the call. */
  readonly tasks?: (request: ListOtaTaskRequest) => OtaTaskRecord[]
  /** Fails the listing of this page (from 1) with the error. */
  readonly failPage?: { readonly page: number; readonly error: Error }
}

export interface FleetApi extends WuyingApi {
  readonly calls: { operation: string; request: Record<string, unknown> }[]
  /** How many of the given operation were called. */
  count(operation: string): number
}

/** fleetApi returns the in-memory API; request ids are `RID-<operation>-<n>`. */
export function fleetApi(script: FleetApiScript): FleetApi {
  const calls: FleetApi['calls'] = []
  const record = (operation: string, request: object): string => {
    calls.push({ operation, request: { ...request } })
    return `RID-${operation}-${calls.length}`
  }
  return {
    calls,
    count: (operation) => calls.filter((call) => call.operation === operation).length,
    async listAppInstanceGroups(request) {
      const requestId = record('ListAppInstanceGroup', request)
      const page = request.PageNumber ?? 1
      if (script.failPage?.page === page) throw script.failPage.error
      const size = request.PageSize ?? 20
      const matching = script.groups.filter(
        (g) =>
          (request.AppInstanceGroupId === undefined || g.AppInstanceGroupId === request.AppInstanceGroupId) &&
          (request.BizRegionId === undefined || g.RegionId === request.BizRegionId)
      )
      const models = matching.slice((page - 1) * size, page * size)
      return {
        RequestId: requestId,
        TotalCount: matching.length,
        PageNumber: page,
        PageSize: size,
        AppInstanceGroupModels: models
      }
    },
    async approveOtaTask(request) {
      const requestId = record('ApproveOtaTask', request)
      return { ...(script.approve?.(request) ?? { Code: 'success' }), RequestId: requestId }
    },
    async listOtaTasks(request): Promise<ListOtaTaskResponse> {
      const requestId = record('ListOtaTask', request)
      // Every task of the group, newest first; the request's page of them is answered, as the service does.
      const tasks = script.tasks?.(request) ?? []
      const { PageNumber: page, PageSize: size } = request
      return {
        RequestId: requestId,
        TotalCount: tasks.length,
        PageNumber: page,
        PageSize: size,
        TaskList: tasks.slice((page - 1) * size, page * size)
      }
    },
    async getOtaTaskByTaskId() {
      throw new Error('unexpected GetOtaTaskByTaskId')
    }
  }
}

/** fleetGroup returns group number n of a region: a pending update 1.0.0 → 1.1.0 by task `ota-<id-suffix>a`, or none. */
export function fleetGroup(n: number, options: { region?: string; pending?: boolean } = {}): AppInstanceGroupModel {
  const id = fleetGroupId(n)
  const pending = options.pending ?? true
  return {
    AppInstanceGroupId: id,
    AppInstanceGroupName: `group ${n}`,
    RegionId: options.region ?? 'cn-hangzhou',
    Status: 'PUBLISHED',
    OtaInfo: pending
      ? { TaskId: fleetTaskId(n), OtaVersion: '1.0.0', NewOtaVersion: '1.1.0' }
      : { TaskId: '', OtaVersion: '1.1.0', NewOtaVersion: '' }
  }
}

/** fleetGroupId returns the id of group number n (`aig-fleet0007`). */
export function fleetGroupId(n: number): string {
  return `aig-fleet${String(n).padStart(4, '0')}`
}

/** fleetTaskId returns the pending task id of group number n. */
export function fleetTaskId(n: number): string {
  return `ota-fleet${String(n).padStart(4, '0')}a`
}

/** task returns a ListOtaTask record. */
export function task(taskId: string, status: TaskDisplayStatus, version = '1.1.0'): OtaTaskRecord {
  return { TaskId: taskId, OtaVersion: version, TaskStartTime: '2026-06-15T12:00:00Z', TaskDisplayStatus: status }
}
