import { errorFact, RAM_ACTIONS, type Operation } from './api.js'

/** The action's own codes for failures that carry no API code (the API's codes are in api.ts). */
export const CODE_INVALID_INPUT = 'InvalidInput'
/** An answer that is not the JSON expected, or that neither confirms nor refuses what was asked. */
export const CODE_INVALID_RESPONSE = 'InvalidResponse'
/** No complete answer within the request's timeout. */
export const CODE_REQUEST_TIMEOUT = 'RequestTimeout'
/** A failure of none of the known families (a bug). */
export const CODE_UNEXPECTED = 'UnexpectedError'

/** MAX_PROBLEM_CHARS bounds what an InputError says after the input's name. */
export const MAX_PROBLEM_CHARS = 1000

/** InputError is thrown for a missing or malformed input (or credential variable); its message starts with that name. */
export class InputError extends Error {
  override readonly name = 'InputError'

  constructor(
    readonly input: string,
    problem: string
  ) {
    // A safety net under every parser's own quoting: a huge bad value never makes a huge message.
    super(`${input}: ${problem.length > MAX_PROBLEM_CHARS ? `${problem.slice(0, MAX_PROBLEM_CHARS - 1)}…` : problem}`)
  }
}

/**
 * How a call failed, which also tells whether the request may have reached the server:
 * - `service`: the service answered 4xx/5xx with its JSON error body;
 * - `invalid-response`: an answer arrived that is not the JSON expected (e.g. a gateway's HTML 503);
 * - `timeout`: no complete answer within the timeout;
 * - `network`: the connection failed (refused, reset, DNS, TLS);
 * - `client`: the client library refused before sending (e.g. no credential).
 */
export type ApiErrorKind = 'service' | 'invalid-response' | 'timeout' | 'network' | 'client'

export interface ApiErrorDetails {
  readonly operation: Operation
  readonly kind: ApiErrorKind
  /** The service's `Code`, or the action's own code for failures without one (`ECONNREFUSED`, `RequestTimeout`, ...). */
  readonly code: string
  /** The service's `Message`, or the action's description of the failure; already redacted. */
  readonly detail: string
  readonly requestId?: string
  readonly httpStatus?: number
  /**
   * False only when the request certainly never reached the server (refused connection, DNS or TLS failure,
   * refused by the client library); true when it may have, so a state-changing call's outcome is unknown
   * unless `kind` is `service` (the server answered and said what it did).
   */
  readonly sent: boolean
  /** The JSON of `AccessDeniedDetail` on permission errors. */
  readonly accessDeniedDetail?: string
  /** The wait the service asked for with the `x-acs-retry-after` header, in ms (the unit Alibaba Cloud's SDKs read). */
  readonly retryAfterMs?: number
  /** Set when the retry policy gave up on a retryable error: how many attempts were made. */
  readonly attempts?: number
}

/** ApiError is every failure of an API call, mapped once by the client; its message is safe to show. */
export class ApiError extends Error implements ApiErrorDetails {
  override readonly name = 'ApiError'
  readonly operation: Operation
  readonly kind: ApiErrorKind
  readonly code: string
  readonly detail: string
  readonly requestId?: string
  readonly httpStatus?: number
  readonly sent: boolean
  readonly accessDeniedDetail?: string
  readonly retryAfterMs?: number
  readonly attempts?: number

  constructor(details: ApiErrorDetails) {
    super(formatApiError(details))
    this.operation = details.operation
    this.kind = details.kind
    this.code = details.code
    this.detail = details.detail
    this.requestId = details.requestId
    this.httpStatus = details.httpStatus
    this.sent = details.sent
    this.accessDeniedDetail = details.accessDeniedDetail
    this.retryAfterMs = details.retryAfterMs
    this.attempts = details.attempts
  }

  /** details returns the error's data, for building a changed copy (`new ApiError({ ...error.details(), ... })`). */
  details(): ApiErrorDetails {
    const { operation, kind, code, detail, requestId, httpStatus, sent, accessDeniedDetail, retryAfterMs, attempts } = this
    return { operation, kind, code, detail, requestId, httpStatus, sent, accessDeniedDetail, retryAfterMs, attempts }
  }
}

function formatApiError(details: ApiErrorDetails): string {
  const facts = [
    details.httpStatus === undefined ? undefined : `HTTP ${details.httpStatus}`,
    details.requestId ? `request id ${details.requestId}` : undefined
  ].filter((fact) => fact !== undefined)
  const suffix = facts.length > 0 ? ` (${facts.join(', ')})` : ''
  const hint = hintFor(details)
  const gaveUp =
    details.attempts === undefined ? '' : `; gave up after ${details.attempts} attempt${details.attempts === 1 ? '' : 's'}`
  return `${details.code}: ${details.detail}${suffix}${hint ? `; ${hint}` : ''}${gaveUp}`
}

/** hintFor returns what the user can do about an error, or undefined when there is nothing specific to say. */
export function hintFor(details: Pick<ApiErrorDetails, 'operation' | 'code' | 'kind'>): string | undefined {
  const { code } = details
  if (details.kind === 'service' && errorFact(code)?.kind === 'permission') {
    return `grant the RAM action ${RAM_ACTIONS[details.operation]} to the caller`
  }
  if (code.startsWith('InvalidAccessKeyId')) return 'check the AccessKey ID and that the key is enabled'
  if (code === 'SignatureDoesNotMatch') return 'check the AccessKey secret'
  if (code.startsWith('InvalidTimeStamp'))
    return "check the runner's clock: requests must be signed within 15 minutes of the service's time"
  if (code.startsWith('InvalidSecurityToken')) return 'the STS token is expired or malformed: obtain a fresh one'
  return undefined
}

/** errorMessage returns a readable message for anything thrown, including values that are not Errors. */
export function errorMessage(error: unknown): string {
  // Duck-typed: an Error from another realm (Node's own modules under jest) fails `instanceof Error`.
  if (typeof error === 'object' && error !== null && typeof (error as Error).message === 'string') {
    const { message, name } = error as Error
    return message || String(name)
  }
  if (typeof error === 'string') return error
  if (error === undefined || error === null) return `unknown error (${String(error)} was thrown)`
  try {
    return `unknown error: ${JSON.stringify(error)}`
  } catch {
    return `unknown error: ${String(error)}`
  }
}
