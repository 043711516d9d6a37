/**
 * Mapping of what `@alicloud/openapi-client` throws to ApiError, once, with what the HTTP trace saw added:
 * the status and request id of a non-JSON answer, and `x-acs-retry-after`. Every text is redacted here,
 * because the library's network errors quote the signed request URL.
 */
import type { Operation } from '../common/api.js'
import type { Endpoint } from '../inputs/endpoint.js'
import { ApiError, type ApiErrorDetails, CODE_INVALID_RESPONSE, CODE_REQUEST_TIMEOUT } from '../common/errors.js'
import type { AnswerTrace } from './http-trace.js'
import { redact } from '../common/redact.js'
import { ShapeError } from './responses.js'

/** What the mapping needs to know about the call. */
export interface MapContext {
  readonly endpoint: Endpoint
  /** The timeouts the call ran with, in ms. */
  readonly timeoutMs: number
  /** What the HTTP trace saw of the answer, if one arrived. */
  readonly trace?: AnswerTrace
  /** The answer that arrived but did not have the expected shape. */
  readonly answer?: { statusCode?: number; body?: unknown }
}

// Network error codes that occur before any byte of the request can have reached the server.
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ERR_INVALID_URL'
])
// httpx appends the request line to a network error's message, without a space: `...causePOST https://host/?... failed.`
const HTTPX_SUFFIX = /\s*[A-Z]+ https?:\/\/\S* failed\.$/
const TLS_CODE = /CERT|^ERR_SSL_|^ERR_TLS_/
const NETWORK_CODE = /^(E[A-Z]+|ERR_[A-Z_]+|[A-Z_]*CERT[A-Z_]*)$/

type SdkError = Error & { code?: unknown; statusCode?: unknown; data?: unknown; accessDeniedDetail?: unknown }

/** mapError returns the ApiError for anything the client library threw (or a ShapeError of the answer). */
export function mapError(operation: Operation, error: unknown, ctx: MapContext): ApiError {
  // Not `instanceof Error`: errors from Node's own modules can come from another realm (as under jest).
  const e = (typeof error === 'object' && error !== null ? error : new Error(String(error))) as SdkError
  const name = typeof e.name === 'string' ? e.name : 'Error'
  const text = typeof e.message === 'string' ? e.message : String(error)
  const { trace, answer } = ctx
  const make = (details: Omit<ApiErrorDetails, 'operation' | 'sent'> & { sent?: boolean }): ApiError =>
    new ApiError({ operation, sent: true, ...details, detail: redact(details.detail) })
  if (typeof e.statusCode === 'number') return serviceError(operation, e, e.statusCode, trace)
  if (e instanceof ShapeError || text === 'The value is not a object') {
    const requestId = (answer?.body as { RequestId?: unknown } | undefined)?.RequestId
    return make({
      kind: 'invalid-response',
      code: CODE_INVALID_RESPONSE,
      httpStatus: answer?.statusCode ?? trace?.status,
      ...(typeof requestId === 'string' ? { requestId } : trace?.requestId ? { requestId: trace.requestId } : {}),
      detail: `unexpected response: ${text}`
    })
  }
  if (name === 'SyntaxError' && trace?.status === 429) {
    // Throttled by a gateway that answers in text, HTML or nothing: refused before anything was done (retry.ts).
    return make({
      kind: 'service',
      code: 'HTTP429',
      httpStatus: 429,
      ...(trace.requestId ? { requestId: trace.requestId } : {}),
      ...(trace.retryAfterMs === undefined ? {} : { retryAfterMs: trace.retryAfterMs }),
      detail: 'throttled: HTTP 429 Too Many Requests, without a JSON error body'
    })
  }
  if (name === 'SyntaxError') {
    // The library reads a 4xx/5xx body as JSON before anything else: an HTML 503 from a gateway ends up here.
    return make({
      kind: 'invalid-response',
      code: CODE_INVALID_RESPONSE,
      ...(trace ? { httpStatus: trace.status } : {}),
      ...(trace?.requestId ? { requestId: trace.requestId } : {}),
      ...(trace?.retryAfterMs === undefined ? {} : { retryAfterMs: trace.retryAfterMs }),
      detail: 'the answer is not JSON (often an HTML error page from a gateway)'
    })
  }
  if (name === 'RequestTimeoutError') {
    return make({
      kind: 'timeout',
      code: CODE_REQUEST_TIMEOUT,
      detail: `no complete answer from ${ctx.endpoint.host} within ${ctx.timeoutMs / 1000} s`
    })
  }
  const code = typeof e.code === 'string' ? e.code : ''
  if (NETWORK_CODE.test(code) || /socket hang up/.test(text)) {
    const networkCode = code || 'ECONNRESET'
    // A failure to open a proxy tunnel (common/proxy-transport.ts TunnelError) came before anything was sent, and its
    // message names the endpoint, the proxy's host:port and the cause, never the proxy's credentials.
    const tunnel = typeof (e as { proxy?: unknown }).proxy === 'string'
    const sent = !(tunnel || NOT_SENT.has(networkCode) || TLS_CODE.test(networkCode))
    const detail = tunnel ? text.replace(HTTPX_SUFFIX, '') : describeNetwork(networkCode, ctx.endpoint.host)
    return make({ kind: 'network', code: networkCode, sent, detail })
  }
  // The library's own refusals (e.g. `InvalidCredentials`) come before sending; anything unknown may not have.
  return make({ kind: 'client', code: code || name, sent: code === '', detail: text })
}

function serviceError(operation: Operation, e: SdkError, status: number, trace: AnswerTrace | undefined): ApiError {
  const data = (typeof e.data === 'object' && e.data !== null ? e.data : {}) as Record<string, unknown>
  const text = (key: string): string | undefined => {
    const value = data[key] ?? data[key.charAt(0).toLowerCase() + key.slice(1)]
    return typeof value === 'string' && value !== '' ? value : undefined
  }
  // The RPC SignatureDoesNotMatch message quotes the whole string to sign, credentials included.
  const message = (text('Message') ?? `the service answered HTTP ${status}`).replace(/\s*server string to sign is:[\s\S]*$/, '')
  const denied = e.accessDeniedDetail ?? data.AccessDeniedDetail
  return new ApiError({
    operation,
    kind: 'service',
    code: text('Code') ?? `HTTP${status}`,
    detail: redact(message),
    requestId: text('RequestId') ?? trace?.requestId,
    httpStatus: status,
    sent: true,
    ...(denied === undefined || denied === null ? {} : { accessDeniedDetail: redact(JSON.stringify(denied)) }),
    ...(trace?.retryAfterMs === undefined ? {} : { retryAfterMs: trace.retryAfterMs })
  })
}

function describeNetwork(code: string, host: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return `${host} refused the connection`
    case 'ECONNRESET':
      return `the connection to ${host} was closed before an answer arrived`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve the host name of ${host}`
    default:
      return TLS_CODE.test(code) ? `TLS with ${host} failed (${code})` : `network error talking to ${host} (${code})`
  }
}

/** describeRaw returns the library's own words for a failure (name, message, body), for the debug log only; redact it. */
export function describeRaw(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error)
  const { name, message, data } = error as SdkError
  return `${String(name)}: ${String(message)}${data === undefined ? '' : ` ${JSON.stringify(data)}`}`
}
