/**
 * API facts for Wuying App Streaming (`appstream-center`, 2021-09-01) and the STS calls this project makes.
 * The one place for operation names, field shapes, endpoints, error codes and the documented assumptions
 * about behaviour the public docs leave open. The emulator imports these facts too, so the action and its
 * test double cannot drift apart on them.
 */

export const API_VERSION = '2021-09-01'
export const STS_VERSION = '2015-04-01'
export const PRODUCT_TYPE = 'CloudApp'
export const MAX_PAGE_SIZE = 100

/** Public endpoints; a group's region is not the endpoint's region (a cn-hangzhou group uses Shanghai). */
export const ENDPOINT_CHINA = 'appstream-center.cn-shanghai.aliyuncs.com'
export const ENDPOINT_INTERNATIONAL = 'appstream-center.ap-southeast-1.aliyuncs.com'
export const STS_ENDPOINT = 'sts.aliyuncs.com'

/** defaultEndpoint returns the public endpoint that manages groups of the given region. */
export function defaultEndpoint(bizRegionId: string): string {
  return bizRegionId.startsWith('cn-') ? ENDPOINT_CHINA : ENDPOINT_INTERNATIONAL
}

export const OPERATIONS = ['ListAppInstanceGroup', 'ApproveOtaTask', 'ListOtaTask', 'GetOtaTaskByTaskId'] as const
export type Operation = (typeof OPERATIONS)[number]

/** OtaType values from the API metadata; `Fota` (Wuying system components) is the documented one. */
export const OTA_TYPES = ['Fota', 'AppUpdate', 'ImageUpdate'] as const
export type OtaType = (typeof OTA_TYPES)[number]

export const GROUP_STATUSES = [
  'PUBLISHED',
  'FAILED',
  'MAINTAIN_FAILED',
  'EXPIRED',
  'MAINTAINING',
  'CEASED',
  'EXPIRED_RECYCLING',
  'DEPLOYING'
] as const
export type GroupStatus = (typeof GROUP_STATUSES)[number]

export const TASK_STATUSES = ['STANDBY', 'RUNNING', 'FINISHED', 'PART_FINISHED', 'FAILED', 'TERMINATED'] as const
export type KnownTaskStatus = (typeof TASK_STATUSES)[number]
/** A documented status, or one the service added (e.g. `PAUSED`): carried as it is, never a parse failure (poll.ts). */
export type TaskDisplayStatus = KnownTaskStatus | (string & {})
/** Statuses after which a task never changes again. */
export const FINAL_TASK_STATUSES: readonly TaskDisplayStatus[] = ['FINISHED', 'PART_FINISHED', 'FAILED', 'TERMINATED']
/** Statuses of a task that is scheduled or under way: a second approval meanwhile gets `OtaTask.Running`. */
export const ACTIVE_TASK_STATUSES: readonly TaskDisplayStatus[] = ['STANDBY', 'RUNNING']

/** `Code` of a successful ApproveOtaTask (and GetOtaTaskByTaskId). */
export const CODE_SUCCESS = 'success'

// ---------- wire shapes ----------

export interface OtaInfo {
  TaskId?: string
  /** The group's current version. */
  OtaVersion?: string
  /** The version the pending task updates to; empty or absent means no new version. */
  NewOtaVersion?: string
}

export interface AppModel {
  AppId: string
  AppName?: string
  AppVersion?: string
}

export interface AppInstanceGroupModel {
  AppInstanceGroupId: string
  AppInstanceGroupName?: string
  /** The group's region: the value to send as `BizRegionId`. */
  RegionId: string
  ProductType?: string
  Status?: string
  ResourceStatus?: string
  OsType?: string
  GmtCreate?: string
  Apps?: AppModel[]
  OtaInfo?: OtaInfo
}

export interface ListAppInstanceGroupRequest {
  ProductType: typeof PRODUCT_TYPE
  AppInstanceGroupId?: string
  /** Matches as a substring. */
  AppInstanceGroupName?: string
  BizRegionId?: string
  PageNumber?: number
  PageSize?: number
  /** Sent in the body as `Status.1`, `Status.2`, ... */
  Status?: string[]
}

export interface ListAppInstanceGroupResponse {
  RequestId: string
  TotalCount: number
  PageNumber: number
  PageSize: number
  AppInstanceGroupModels: AppInstanceGroupModel[]
}

export interface ApproveOtaTaskRequest {
  AppInstanceGroupId: string
  BizRegionId: string
  TaskId: string
  OtaType: string
  /** ISO 8601 with an offset, e.g. `2022-08-04T14:36:00+08:00`. */
  StartTime: string
}

/** HTTP 200 does not mean success: `Code` may be `OtaTask.Running` or another business code. */
export interface ApproveOtaTaskResponse {
  RequestId: string
  Code?: string
  Message?: string
}

export interface ListOtaTaskRequest {
  AppInstanceGroupId: string
  OtaType: string
  PageNumber: number
  PageSize: number
}

export interface OtaTaskRecord {
  TaskId: string
  OtaVersion: string
  TaskStartTime: string
  TaskDisplayStatus: TaskDisplayStatus
}

export interface ListOtaTaskResponse {
  RequestId: string
  TotalCount: number
  PageNumber: number
  PageSize: number
  TaskList: OtaTaskRecord[]
}

export interface GetOtaTaskByTaskIdRequest {
  TaskId: string
}

export interface GetOtaTaskByTaskIdResponse {
  RequestId: string
  Code?: string
  Message?: string
  ReleaseNote?: string
  OtaVersion?: string
  TaskStartTime?: string
}

export interface AssumeRoleWithOidcRequest {
  OIDCProviderArn: string
  OIDCToken: string
  RoleArn: string
  RoleSessionName: string
  DurationSeconds?: number
  Policy?: string
}

export interface AssumeRoleWithOidcResponse {
  RequestId: string
  Credentials: { AccessKeyId: string; AccessKeySecret: string; SecurityToken: string; Expiration: string }
  AssumedRoleUser?: { Arn: string; AssumedRoleId: string }
  OIDCTokenInfo?: { Subject: string; Issuer: string; ClientIds: string }
}

/** The JSON body of every 4xx/5xx answer. */
export interface ApiErrorBody {
  RequestId: string
  HostId?: string
  Code: string
  Message: string
  Recommend?: string
  AccessDeniedDetail?: unknown
}

/** Request and response shapes per operation, so the client is typed end to end. */
export interface OperationShapes {
  ListAppInstanceGroup: { request: ListAppInstanceGroupRequest; response: ListAppInstanceGroupResponse }
  ApproveOtaTask: { request: ApproveOtaTaskRequest; response: ApproveOtaTaskResponse }
  ListOtaTask: { request: ListOtaTaskRequest; response: ListOtaTaskResponse }
  GetOtaTaskByTaskId: { request: GetOtaTaskByTaskIdRequest; response: GetOtaTaskByTaskIdResponse }
}

/**
 * Request fields the official SDKs send in the form body; all others go in the query.
 * ListAppInstanceGroup is the mixed one: its filters are query parameters, its `Status` list is a body field.
 */
export const BODY_FIELDS: { readonly [O in Operation]: readonly (keyof OperationShapes[O]['request'])[] } = {
  ListAppInstanceGroup: ['Status'],
  ApproveOtaTask: ['AppInstanceGroupId', 'BizRegionId', 'TaskId', 'OtaType', 'StartTime'],
  ListOtaTask: ['AppInstanceGroupId', 'OtaType', 'PageNumber', 'PageSize'],
  GetOtaTaskByTaskId: ['TaskId']
}

/** RAM action each operation needs (`Forbidden.RAM` / `NoPermission` tell the user to grant it). */
export const RAM_ACTIONS: { readonly [O in Operation]: string } = {
  ListAppInstanceGroup: 'appstreaming:ListAppInstanceGroup',
  ListOtaTask: 'appstreaming:ListAppInstanceGroup',
  ApproveOtaTask: 'appstreaming:ModifyAppInstanceGroupAttribute',
  GetOtaTaskByTaskId: 'appstreaming:ModifyAppInstanceGroupAttribute'
}

// ---------- error codes ----------

/** How an error code should be treated by a caller. */
export type ErrorKind = 'throttling' | 'server' | 'validation' | 'authentication' | 'permission' | 'business'

export interface ErrorFact {
  /** HTTP status the service answers with. */
  readonly status: number
  readonly kind: ErrorKind
  /** `documented` on the public API pages; `assumed` where the docs are silent and this project chose. */
  readonly basis: 'documented' | 'assumed'
}

/** Every error code the project knows, with its HTTP status and kind. */
export const ERROR_CODES = {
  Throttling: { status: 400, kind: 'throttling', basis: 'documented' },
  'Throttling.User': { status: 400, kind: 'throttling', basis: 'documented' },
  'Throttling.Api': { status: 400, kind: 'throttling', basis: 'documented' },
  ServiceUnavailable: { status: 503, kind: 'server', basis: 'documented' },
  InternalError: { status: 500, kind: 'server', basis: 'documented' },
  MissingParameter: { status: 400, kind: 'validation', basis: 'documented' },
  InvalidParameter: { status: 400, kind: 'validation', basis: 'documented' },
  'InvalidAccessKeyId.NotFound': { status: 404, kind: 'authentication', basis: 'documented' },
  'InvalidAccessKeyId.Inactive': { status: 400, kind: 'authentication', basis: 'documented' },
  IncompleteSignature: { status: 400, kind: 'authentication', basis: 'documented' },
  SignatureDoesNotMatch: { status: 400, kind: 'authentication', basis: 'documented' },
  'InvalidTimeStamp.Expired': { status: 400, kind: 'authentication', basis: 'documented' },
  'InvalidTimeStamp.Format': { status: 400, kind: 'authentication', basis: 'documented' },
  SignatureNonceUsed: { status: 400, kind: 'authentication', basis: 'documented' },
  'InvalidSecurityToken.Expired': { status: 400, kind: 'authentication', basis: 'documented' },
  'InvalidSecurityToken.Malformed': { status: 400, kind: 'authentication', basis: 'documented' },
  'InvalidSecurityToken.MismatchWithAccessKey': { status: 400, kind: 'authentication', basis: 'assumed' },
  InvalidVersion: { status: 400, kind: 'validation', basis: 'documented' },
  'InvalidApi.NotFound': { status: 404, kind: 'validation', basis: 'documented' },
  'Forbidden.RAM': { status: 403, kind: 'permission', basis: 'documented' },
  NoPermission: { status: 403, kind: 'permission', basis: 'documented' },
  Forbidden: { status: 403, kind: 'permission', basis: 'documented' },
  // ApproveOtaTask answers this with HTTP 200 (the doc's own "normal response" example).
  'OtaTask.Running': { status: 200, kind: 'business', basis: 'documented' },
  'InvalidAppInstanceGroup.NotFound': { status: 400, kind: 'validation', basis: 'assumed' },
  'InvalidParameter.TaskId': { status: 400, kind: 'validation', basis: 'assumed' },
  'InvalidParameter.StartTime': { status: 400, kind: 'validation', basis: 'assumed' },
  'InvalidParameter.OtaType': { status: 400, kind: 'validation', basis: 'assumed' },
  'InvalidParameter.BizRegionId': { status: 400, kind: 'validation', basis: 'assumed' },
  'InvalidParameter.PageSize': { status: 400, kind: 'validation', basis: 'assumed' },
  'InvalidParameter.ProductType': { status: 400, kind: 'validation', basis: 'assumed' },
  // STS AssumeRoleWithOIDC refusals.
  'InvalidParameter.OIDCToken': { status: 400, kind: 'authentication', basis: 'documented' },
  'AuthenticationFail.OIDCToken.Expired': { status: 400, kind: 'authentication', basis: 'documented' },
  'AuthenticationFail.OIDCToken.Invalid': { status: 400, kind: 'authentication', basis: 'documented' },
  'AuthenticationFail.OIDCToken.AudienceMismatch': { status: 400, kind: 'authentication', basis: 'assumed' },
  'EntityNotExist.Role': { status: 404, kind: 'permission', basis: 'documented' },
  'EntityNotExist.OIDCProvider': { status: 404, kind: 'permission', basis: 'documented' },
  'NoPermission.AssumeRole': { status: 403, kind: 'permission', basis: 'assumed' }
} as const satisfies Record<string, ErrorFact>

export type KnownErrorCode = keyof typeof ERROR_CODES

/** errorFact returns what is known of a code; `Missing<Name>` and `InvalidParameter.<Name>` share their family's facts. */
export function errorFact(code: string): ErrorFact | undefined {
  if (code in ERROR_CODES) return ERROR_CODES[code as KnownErrorCode]
  if (/^Missing[A-Z]/.test(code)) return ERROR_CODES.MissingParameter
  if (code.startsWith('InvalidParameter.')) return ERROR_CODES.InvalidParameter
  if (code.startsWith('Throttling.')) return ERROR_CODES.Throttling
  return undefined
}

// ---------- documented assumptions about behaviour ----------

/**
 * hasPendingUpdate is the project's reading of `OtaInfo` (assumed; docs silent): there is an update to
 * approve only when `OtaInfo` is present and both its `TaskId` and `NewOtaVersion` are non-empty.
 */
export function hasPendingUpdate(info: OtaInfo | undefined): info is OtaInfo & { TaskId: string; NewOtaVersion: string } {
  return Boolean(info?.TaskId && info.NewOtaVersion)
}

/*
 * Assumed behaviour of the service where the docs are silent; the emulator implements these and the
 * action relies on them.
 * - A StartTime in the past is accepted and means "start now".
 * - A successful approval rotates the group's `OtaInfo.TaskId`; the approved task appears in ListOtaTask
 *   under the approved TaskId: STANDBY until its start time, then RUNNING, then FINISHED (or FAILED).
 * - While that task is STANDBY or RUNNING the group still shows `NewOtaVersion`, and approving its rotated
 *   TaskId answers HTTP 200 `OtaTask.Running`. After FINISHED, `OtaVersion` is the new version and
 *   `NewOtaVersion` is empty. After FAILED or TERMINATED the update is pending again.
 * - A TaskId that is not the group's current one: `InvalidParameter.TaskId`; checked before `OtaTask.Running`.
 * - An unknown group id: HTTP 400 `InvalidAppInstanceGroup.NotFound`; a BizRegionId other than the group's
 *   region: `InvalidParameter.BizRegionId`; a malformed StartTime: `InvalidParameter.StartTime`.
 */
