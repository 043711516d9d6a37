import type CredentialsClient from '@alicloud/credentials/dist/src/client.js'
import OpenApiModule, { Config, OpenApiRequest, Params } from '@alicloud/openapi-client'
import OpenApiUtilModule from '@alicloud/openapi-util'
import { RuntimeOptions } from '@alicloud/tea-util'
import pkg from '../../package.json' with { type: 'json' }
import { API_VERSION, BODY_FIELDS, type Operation, type OperationShapes } from '../common/api.js'
import { describeRaw, mapError } from './client-errors.js'
import type { AlibabaCredential } from '../credentials/keys.js'
import type { Endpoint } from '../inputs/endpoint.js'
import { NONCE_HEADER, NONCE_PARAMETER, newNonce, traceAnswer } from './http-trace.js'
import type { SignatureVersion } from '../inputs/read.js'
import { commonJsDefault } from '../common/interop.js'
import { redact } from '../common/redact.js'
import { routeThroughProxy, type ProxyEnv } from '../common/proxy.js'
import { RESPONSE_PARSERS } from './responses.js'
import { holdXmlAnswers } from './xml-answers.js'

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
  /** The step's remaining time in ms: each call's timeouts are cut to it, so that no call outlives the step's deadline. */
  readonly remainingMs?: () => number
  /** Receives request parameters and raw responses (redacted); give it core.debug. */
  readonly debug?: (message: string) => void
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read from (common/proxy.ts); default process.env. */
  readonly proxyEnv?: ProxyEnv
}

export const DEFAULT_TIMEOUT_MS = 10_000
/** USER_AGENT is appended to the client library's own user agent. */
export const USER_AGENT = `${pkg.name}/${pkg.version}`

const Client = commonJsDefault(OpenApiModule)
type SdkClient = InstanceType<typeof Client>
const OpenApiUtil = commonJsDefault(OpenApiUtilModule)
const flatten = (params: Record<string, unknown>): Record<string, string> => OpenApiUtil.query(params)

/** createClient returns the WuyingApi over `@alicloud/openapi-client`'s `callApi` (RPC style, POST, form body, JSON). */
export function createClient(options: ClientOptions): WuyingApi {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const sdk = new Client(
    new Config({
      endpoint: options.endpoint.host,
      protocol: options.endpoint.protocol,
      // Typed as @alicloud/credentials' Credential class; the client only calls the methods AlibabaCredential names.
      credential: options.credential as unknown as InstanceType<typeof CredentialsClient.default>,
      readTimeout: timeoutMs,
      connectTimeout: timeoutMs,
      userAgent: USER_AGENT,
      ...(options.signatureVersion === 'v2' ? { signatureAlgorithm: 'v2' } : {})
    })
  )
  // An XML error answer waits for the XML parser, which start-up leaves out (xml-answers.ts).
  holdXmlAnswers()
  // Without a debug sink (the runner's debug logging off) no raw request or response is even serialised.
  const sink = options.debug
  const debug = sink ? (message: string): void => sink(redact(message)) : undefined
  // Undefined (and nothing loaded) unless a proxy applies to the endpoint; throws InputError for a malformed one.
  const proxied = routeThroughProxy(options.endpoint, options.proxyEnv ?? process.env)
  // Awaited by every call, which reports a failure to load; this only keeps it from counting as unhandled meanwhile.
  proxied?.catch(() => undefined)
  const call = <O extends Operation>(operation: O, request: Request<O>): Promise<Response<O>> => {
    const send = (): Promise<Response<O>> => callOperation(sdk, operation, request, { ...options, timeoutMs, debug })
    return proxied === undefined ? send() : proxied.then(send)
  }
  return {
    listAppInstanceGroups: (request) => call('ListAppInstanceGroup', request),
    approveOtaTask: (request) => call('ApproveOtaTask', request),
    listOtaTasks: (request) => call('ListOtaTask', request),
    getOtaTaskByTaskId: (request) => call('GetOtaTaskByTaskId', request)
  }
}

interface CallContext {
  readonly endpoint: Endpoint
  readonly signatureVersion: SignatureVersion
  readonly timeoutMs: number
  readonly remainingMs?: () => number
  readonly debug?: (message: string) => void
}

async function callOperation<O extends Operation>(
  sdk: SdkClient,
  operation: O,
  request: Request<O>,
  ctx: CallContext
): Promise<Response<O>> {
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
  // The call's own nonce (the library lets a request's value win over its own) finds its answer in the HTTP trace.
  const nonce = newNonce()
  const signed =
    ctx.signatureVersion === 'v2'
      ? new OpenApiRequest({ query: { ...query, [NONCE_PARAMETER]: nonce }, body })
      : new OpenApiRequest({ query, body, headers: { [NONCE_HEADER]: nonce } })
  const timeoutMs = Math.max(1, Math.min(ctx.timeoutMs, Math.floor(ctx.remainingMs?.() ?? Infinity)))
  ctx.debug?.(`${operation} request: ${JSON.stringify(request)}`)
  const tracer = traceAnswer(nonce)
  let answer: { statusCode?: number; body?: unknown }
  try {
    answer = await sdk.callApi(params, signed, new RuntimeOptions({ readTimeout: timeoutMs, connectTimeout: timeoutMs }))
  } catch (error) {
    const mapped = mapError(operation, error, { endpoint: ctx.endpoint, timeoutMs, trace: tracer.stop() })
    ctx.debug?.(`${operation} failed: ${describeRaw(error)}`)
    throw mapped
  } finally {
    tracer.stop()
  }
  ctx.debug?.(`${operation} response: HTTP ${answer.statusCode} ${JSON.stringify(answer.body)}`)
  let parsed: Response<O>
  try {
    parsed = RESPONSE_PARSERS[operation](answer.body)
  } catch (error) {
    throw mapError(operation, error, { endpoint: ctx.endpoint, timeoutMs, answer })
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
