/**
 * The operation table: Action → version, whether it may be anonymous, and a small handler that checks
 * the required parameters, makes one state call and returns the plain result (RequestId is added later).
 */
import { API_VERSION, MAX_PAGE_SIZE, PRODUCT_TYPE, STS_VERSION } from '../../src/common/api.js'
import { apiError, missingParameter } from './errors.js'
import type { FleetState } from './fleet.js'
import type { StsService } from '../auth/sts.js'
import { readList } from '../wire/codec.js'

/** What a handler may use: the fleet, STS, the emulator's OTA time and wall time. */
export interface OperationContext {
  readonly state: FleetState
  readonly sts: StsService
  readonly now: number
  readonly wallNow: number
}

type Params = Readonly<Record<string, string>>

/** One API operation. */
export interface Route {
  readonly version: string
  /** STS AssumeRoleWithOIDC is called without a signature. */
  readonly anonymous: boolean
  handle(params: Params, ctx: OperationContext): object
}

/** DEFAULT_PAGE_SIZE is what ListAppInstanceGroup uses when PageSize is not given (assumed). */
const DEFAULT_PAGE_SIZE = 20

/** ROUTES maps each Action the emulator serves to its operation. */
export const ROUTES: Readonly<Record<string, Route>> = {
  ListAppInstanceGroup: {
    version: API_VERSION,
    anonymous: false,
    handle(params, { state }) {
      const productType = required(params, 'ProductType')
      if (productType !== PRODUCT_TYPE) throw apiError('InvalidParameter.ProductType', { value: productType })
      return state.listGroups({
        groupId: params.AppInstanceGroupId,
        name: params.AppInstanceGroupName,
        region: params.BizRegionId,
        statuses: readList(params, 'Status'),
        pageNumber: pageNumber(params.PageNumber ?? '1'),
        pageSize: pageSize(params.PageSize ?? String(DEFAULT_PAGE_SIZE))
      })
    }
  },
  ApproveOtaTask: {
    version: API_VERSION,
    anonymous: false,
    handle(params, { state, now }) {
      const [groupId, region, taskId, otaType, startTime] = [
        'AppInstanceGroupId',
        'BizRegionId',
        'TaskId',
        'OtaType',
        'StartTime'
      ].map((n) => required(params, n)) as [string, string, string, string, string]
      return state.approveOtaTask({ groupId, region, taskId, otaType, startTime }, now)
    }
  },
  ListOtaTask: {
    version: API_VERSION,
    anonymous: false,
    handle(params, { state }) {
      const [groupId, otaType, number, size] = ['AppInstanceGroupId', 'OtaType', 'PageNumber', 'PageSize'].map((n) =>
        required(params, n)
      ) as [string, string, string, string]
      return state.listOtaTasks({ groupId, otaType, pageNumber: pageNumber(number), pageSize: pageSize(size) })
    }
  },
  GetOtaTaskByTaskId: {
    version: API_VERSION,
    anonymous: false,
    handle(params, { state }) {
      return state.getOtaTask(required(params, 'TaskId'))
    }
  },
  AssumeRoleWithOIDC: {
    version: STS_VERSION,
    anonymous: true,
    handle(params, { sts, wallNow }) {
      const input = {
        providerArn: required(params, 'OIDCProviderArn'),
        token: required(params, 'OIDCToken'),
        roleArn: required(params, 'RoleArn'),
        sessionName: params.RoleSessionName,
        durationSeconds: params.DurationSeconds
      }
      return sts.assumeRoleWithOidc(input, wallNow)
    }
  }
}

/** findRoute returns the operation for an Action and Version, or throws Missing*, InvalidApi.NotFound or InvalidVersion. */
export function findRoute(action: string, version: string): Route {
  if (action === '') throw missingParameter('Action')
  const route = Object.hasOwn(ROUTES, action) ? ROUTES[action] : undefined
  if (!route) throw apiError('InvalidApi.NotFound')
  if (version === '') throw missingParameter('Version')
  if (version !== route.version) throw apiError('InvalidVersion')
  return route
}

function required(params: Params, name: string): string {
  const value = params[name]
  if (value === undefined || value === '') throw missingParameter(name)
  return value
}

function pageNumber(raw: string): number {
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value < 1) throw apiError('InvalidParameter.PageNumber', { value: raw })
  return value
}

function pageSize(raw: string): number {
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value < 1 || value > MAX_PAGE_SIZE) throw apiError('InvalidParameter.PageSize', { value: raw })
  return value
}
