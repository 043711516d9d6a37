import OpenApiModule, { Config, OpenApiRequest, Params } from '@alicloud/openapi-client'
import OpenApiUtilModule from '@alicloud/openapi-util'
import { RuntimeOptions } from '@alicloud/tea-util'
import pkg from '../package.json' with { type: 'json' }
import { API_VERSION, BODY_FIELDS, type Operation, type OperationShapes } from './api.js'
import type { AlibabaCredential } from './credentials.js'
import type { Endpoint } from './endpoint.js'
import { ApiError, type ApiErrorDetails } from './errors.js'
import type { SignatureVersion } from './inputs.js'
import { redact } from './redact.js'
import { RESPONSE_PARSERS, ShapeError } from './responses.js'

type Request<O extends Operation> = OperationShapes[O]['request']
type Response<O extends Operation> = OperationShapes[O]['response']

/** WuyingApi is one typed method per operation; every failure is an ApiError. HTTP 200 may still carry a failing `Code`. */
export interface WuyingApi {
  listAppInstanceGroups(request: Request<'ListAppInstanceGroup'>): Promise<Response<'ListAppInstanceGroup'>>
  approveOtaTask(request: Request<'ApproveOtaTask'>): Promise<Response<'ApproveOtaTask'>>
  listOtaTasks(request: Request<'ListOtaTask'>): Promise<Response<'ListOtaTask'>>
  getOtaTaskByTaskId(request: Request<'GetOtaTaskByTaskId'>): Promise<Response<'GetOtaTaskByTaskId'>>
}

export interface ClientOptions {
  readonly endpoint: Endpoint
  readonly credential: AlibabaCredential
  readonly signatureVersion: SignatureVersion
  /** Both the connect (socket idle) and the read timeout, in ms; the library's own default is 3 s. */
  readonly timeoutMs?: number
  /** Receives request parameters and raw responses (redacted); give it core.debug. */
  readonly debug?: (message: string) => void
}

export const DEFAULT_TIMEOUT_MS = 10_000
/** USER_AGENT is appended to the client library's own user agent. */
export const USER_AGENT = `${pkg.name}/${pkg.version}`

// In Node and jest the default import of this CommonJS package is its exports object; in the ncc bundle it is the class.
const Client: typeof OpenApiModule.default = typeof OpenApiModule === 'function' ? OpenApiModule : OpenApiModule.default
type SdkClient = InstanceType<typeof Client>
const OpenApiUtil: typeof OpenApiUtilModule.default =
  typeof OpenApiUtilModule === 'function' ? OpenApiUtilModule : OpenApiUtilModule.default
const flatten = (params: Record<string, unknown>): Record<string, string> => OpenApiUtil.query(params)

/** createClient returns the WuyingApi over `@alicloud/openapi-client`'s `callApi` (RPC style, POST, form body, JSON). */
export function createClient(options: ClientOptions): WuyingApi {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const sdk = new Client(
    new Config({
      endpoint: options.endpoint.host,
      protocol: options.endpoint.protocol,
      credential: options.credential,
      readTimeout: timeoutMs,
      connectTimeout: timeoutMs,
      userAgent: USER_AGENT,
      ...(options.signatureVersion === 'v2' ? { signatureAlgorithm: 'v2' } : {})
    })
  )
  const debug = (message: string): void => options.debug?.(redact(message))
  const call = <O extends Operation>(operation: O, request: Request<O>): Promise<Response<O>> =>
    callOperation(sdk, operation, request, { ...options, timeoutMs, debug })
  return {
    listAppInstanceGroups: (request) => call('ListAppInstanceGroup', request),
    approveOtaTask: (request) => call('ApproveOtaTask', request),
    listOtaTasks: (request) => call('ListOtaTask', request),
    getOtaTaskByTaskId: (request) => call('GetOtaTaskByTaskId', request)
  }
}

interface CallContext {
  readonly endpoint: Endpoint
  readonly timeoutMs: number
  readonly debug: (message: string) => void
}

async function callOperation<O extends Operation>(sdk: SdkClient, operation: O, request: Request<O>, ctx: CallContext): Promise<Response<O>> {
  const params = new Params({
    action: operation,
    version: API_VERSION,
    protocol: ctx.endpoint.protocol,
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json'
  })
  const { query, body } = splitRequest(operation, request)
  ctx.debug(`${operation} request: ${JSON.stringify(request)}`)
  let answer: { statusCode?: number; body?: unknown }
  try {
    answer = await sdk.callApi(params, new OpenApiRequest({ query, body }), new RuntimeOptions({}))
  } catch (error) {
    const mapped = mapError(operation, error, ctx)
    ctx.debug(`${operation} failed: ${describeRaw(error)}`)
    throw mapped
  }
  ctx.debug(`${operation} response: HTTP ${answer.statusCode} ${JSON.stringify(answer.body)}`)
  let parsed: Response<O>
  try {
    parsed = RESPONSE_PARSERS[operation](answer.body)
  } catch (error) {
    throw mapError(operation, error, ctx, answer)
  }
  // A `Message` reaches outputs and logs like an error's: scrub it the same way.
  return 'Message' in parsed && typeof parsed.Message === 'string' ? { ...parsed, Message: redact(parsed.Message) } : parsed
}

/** splitRequest puts each field in the query or the form body as the official SDKs do, arrays flattened to `Name.N`. */
export function splitRequest<O extends Operation>(
  operation: O,
  request: Request<O>
): { query: Record<string, string>; body: Record<string, string> | undefined } {
  const inBody = new Set<string>(BODY_FIELDS[operation] as readonly string[])
  const entries = Object.entries(request).filter(([, value]) => value !== undefined)
  const query = flatten(Object.fromEntries(entries.filter(([key]) => !inBody.has(key))))
  const body = flatten(Object.fromEntries(entries.filter(([key]) => inBody.has(key))))
  return { query, body: Object.keys(body).length > 0 ? body : undefined }
}

// Network error codes that occur before any byte of the request can have reached the server.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ERR_INVALID_URL'])
const TLS_CODE = /CERT|^ERR_SSL_|^ERR_TLS_/
const NETWORK_CODE = /^(E[A-Z]+|ERR_[A-Z_]+|[A-Z_]*CERT[A-Z_]*)$/

type SdkError = Error & { code?: unknown; statusCode?: unknown; data?: unknown; accessDeniedDetail?: unknown }

function mapError(operation: Operation, error: unknown, ctx: CallContext, answer?: { statusCode?: number; body?: unknown }): ApiError {
  // Not `instanceof Error`: errors from Node's own modules can come from another realm (as under jest).
  const e = (typeof error === 'object' && error !== null ? error : new Error(String(error))) as SdkError
  const name = typeof e.name === 'string' ? e.name : 'Error'
  const text = typeof e.message === 'string' ? e.message : String(error)
  const base = { operation, sent: true }
  const make = (details: Omit<ApiErrorDetails, 'operation' | 'sent'> & { sent?: boolean }): ApiError =>
    new ApiError({ ...base, ...details, detail: redact(details.detail) })
  if (typeof e.statusCode === 'number') return serviceError(operation, e, e.statusCode)
  if (e instanceof ShapeError || text === 'The value is not a object') {
    const requestId = (answer?.body as { RequestId?: unknown } | undefined)?.RequestId
    return make({
      kind: 'invalid-response',
      code: 'InvalidResponse',
      httpStatus: answer?.statusCode,
      ...(typeof requestId === 'string' ? { requestId } : {}),
      detail: `unexpected response: ${text}`
    })
  }
  if (name === 'SyntaxError') {
    return make({ kind: 'invalid-response', code: 'InvalidResponse', detail: 'the answer is not JSON (often an HTML error page from a gateway)' })
  }
  if (name === 'RequestTimeoutError') {
    return make({ kind: 'timeout', code: 'RequestTimeout', detail: `no complete answer from ${ctx.endpoint.host} within ${ctx.timeoutMs / 1000} s` })
  }
  const code = typeof e.code === 'string' ? e.code : ''
  if (NETWORK_CODE.test(code) || /socket hang up/.test(text)) {
    const networkCode = code || 'ECONNRESET'
    const sent = !(NOT_SENT.has(networkCode) || TLS_CODE.test(networkCode))
    return make({ kind: 'network', code: networkCode, sent, detail: describeNetwork(networkCode, ctx.endpoint.host) })
  }
  // The library's own refusals (e.g. `InvalidCredentials`) come before sending; anything unknown may not have.
  return make({ kind: 'client', code: code || name, sent: code === '', detail: text })
}

function serviceError(operation: Operation, e: SdkError, status: number): ApiError {
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
    requestId: text('RequestId'),
    httpStatus: status,
    sent: true,
    ...(denied === undefined || denied === null ? {} : { accessDeniedDetail: redact(JSON.stringify(denied)) })
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

function describeRaw(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error)
  const { name, message, data } = error as SdkError
  return `${String(name)}: ${String(message)}${data === undefined ? '' : ` ${JSON.stringify(data)}`}`
}
