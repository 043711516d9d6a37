import {
  type AppInstanceGroupModel,
  type ApproveOtaTaskResponse,
  type GetOtaTaskByTaskIdResponse,
  type ListAppInstanceGroupResponse,
  type ListOtaTaskResponse,
  type Operation,
  type OperationShapes,
  type OtaInfo,
  type OtaTaskRecord
} from '../common/api.js'

/** ShapeError says which field of a response body is missing or of the wrong type. */
export class ShapeError extends Error {
  override readonly name = 'ShapeError'
}

type Json = Record<string, unknown>

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ShapeError(`${path} is not an object`)
  return value as Json
}

function string(body: Json, key: string, path: string): string {
  const value = body[key]
  if (typeof value !== 'string') throw new ShapeError(`${path}.${key} is not a string`)
  return value
}

function optionalString(body: Json, key: string, path: string): string | undefined {
  return body[key] === undefined || body[key] === null ? undefined : string(body, key, path)
}

// Counts are not used for decisions; tolerate a numeric string, reject anything else.
function count(body: Json, key: string, path: string, fallback: number): number {
  const value = body[key]
  if (value === undefined || value === null) return fallback
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new ShapeError(`${path}.${key} is not a count`)
  return n
}

function array(body: Json, key: string, path: string): unknown[] {
  const value = body[key] ?? []
  if (!Array.isArray(value)) throw new ShapeError(`${path}.${key} is not an array`)
  return value
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}

function otaInfo(value: unknown, path: string): OtaInfo | undefined {
  if (value === undefined || value === null) return undefined
  const body = object(value, path)
  return definedOnly({
    TaskId: optionalString(body, 'TaskId', path),
    OtaVersion: optionalString(body, 'OtaVersion', path),
    NewOtaVersion: optionalString(body, 'NewOtaVersion', path)
  })
}

function group(value: unknown, path: string): AppInstanceGroupModel {
  const body = object(value, path)
  return definedOnly({
    AppInstanceGroupId: string(body, 'AppInstanceGroupId', path),
    AppInstanceGroupName: optionalString(body, 'AppInstanceGroupName', path),
    RegionId: optionalString(body, 'RegionId', path) ?? '',
    ProductType: optionalString(body, 'ProductType', path),
    Status: optionalString(body, 'Status', path),
    OtaInfo: otaInfo(body.OtaInfo, `${path}.OtaInfo`)
  })
}

function listAppInstanceGroup(value: unknown): ListAppInstanceGroupResponse {
  const body = object(value, 'body')
  const models = array(body, 'AppInstanceGroupModels', 'body').map((m, i) => group(m, `body.AppInstanceGroupModels[${i}]`))
  return {
    RequestId: string(body, 'RequestId', 'body'),
    TotalCount: count(body, 'TotalCount', 'body', models.length),
    PageNumber: count(body, 'PageNumber', 'body', 1),
    PageSize: count(body, 'PageSize', 'body', models.length),
    AppInstanceGroupModels: models
  }
}

function withCode(value: unknown): ApproveOtaTaskResponse {
  const body = object(value, 'body')
  return definedOnly({
    RequestId: string(body, 'RequestId', 'body'),
    Code: optionalString(body, 'Code', 'body'),
    Message: optionalString(body, 'Message', 'body')
  })
}

function task(value: unknown, path: string): OtaTaskRecord {
  const body = object(value, path)
  // An undocumented status (e.g. `PAUSED`) is carried as it is: the workflow decides what it means (ota/poll.ts).
  const status = string(body, 'TaskDisplayStatus', path)
  return {
    TaskId: string(body, 'TaskId', path),
    OtaVersion: optionalString(body, 'OtaVersion', path) ?? '',
    TaskStartTime: optionalString(body, 'TaskStartTime', path) ?? '',
    TaskDisplayStatus: status
  }
}

function listOtaTask(value: unknown): ListOtaTaskResponse {
  const body = object(value, 'body')
  const tasks = array(body, 'TaskList', 'body').map((t, i) => task(t, `body.TaskList[${i}]`))
  return {
    RequestId: string(body, 'RequestId', 'body'),
    TotalCount: count(body, 'TotalCount', 'body', tasks.length),
    PageNumber: count(body, 'PageNumber', 'body', 1),
    PageSize: count(body, 'PageSize', 'body', tasks.length),
    TaskList: tasks
  }
}

function getOtaTaskByTaskId(value: unknown): GetOtaTaskByTaskIdResponse {
  const body = object(value, 'body')
  return definedOnly({
    ...withCode(body),
    ReleaseNote: optionalString(body, 'ReleaseNote', 'body'),
    OtaVersion: optionalString(body, 'OtaVersion', 'body'),
    TaskStartTime: optionalString(body, 'TaskStartTime', 'body')
  })
}

/** RESPONSE_PARSERS turn a decoded JSON body into the operation's typed response, or throw ShapeError. */
export const RESPONSE_PARSERS: { readonly [O in Operation]: (body: unknown) => OperationShapes[O]['response'] } = {
  ListAppInstanceGroup: listAppInstanceGroup,
  ApproveOtaTask: withCode,
  ListOtaTask: listOtaTask,
  GetOtaTaskByTaskId: getOtaTaskByTaskId
}
