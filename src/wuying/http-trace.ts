/**
 * What the client library does not pass on: the status and headers of each HTTP answer. When it throws on a
 * 4xx/5xx answer (or on a body that is not JSON) it drops the response, and with it `x-acs-retry-after` and
 * the `x-acs-request-id` of an HTML 503. Node's `http.client.response.finish` diagnostics channel (Node 20 and
 * later) sees every answer; each call is matched to its own by the signature nonce the client sets itself.
 * Nothing here reads or logs a request's headers or URL beyond that nonce.
 */
import { randomBytes } from 'node:crypto'
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import type { ClientRequest, IncomingMessage } from 'node:http'

/** RESPONSE_CHANNEL is Node's channel for a client response whose headers have arrived. */
export const RESPONSE_CHANNEL = 'http.client.response.finish'
/** NONCE_HEADER carries the nonce in ACS3 signing. */
export const NONCE_HEADER = 'x-acs-signature-nonce'
/** NONCE_PARAMETER carries the nonce in the RPC (v2) scheme, as a query parameter. */
export const NONCE_PARAMETER = 'SignatureNonce'

/** AnswerTrace is what arrived for one request: its HTTP status and the headers the action uses. */
export interface AnswerTrace {
  readonly status: number
  /** `x-acs-retry-after`, in ms (the unit Alibaba Cloud's own SDKs read it in). */
  readonly retryAfterMs?: number
  /** `x-acs-request-id`: present also on answers whose body is not JSON. */
  readonly requestId?: string
}

/** Tracer watches for the answer to one request; stop() ends the watch (idempotent) and returns what was seen. */
export interface Tracer {
  stop(): AnswerTrace | undefined
}

/** newNonce returns a fresh signature nonce (32 hex digits), unique per attempt as the service requires. */
export function newNonce(): string {
  return randomBytes(16).toString('hex')
}

/** traceAnswer starts watching for the answer to the request signed with `nonce`. */
export function traceAnswer(nonce: string): Tracer {
  let seen: AnswerTrace | undefined
  let active = true
  const onAnswer = (message: unknown): void => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage }
    if (seen === undefined && nonceOf(request) === nonce) seen = readAnswer(response)
  }
  subscribe(RESPONSE_CHANNEL, onAnswer)
  return {
    stop() {
      if (active) unsubscribe(RESPONSE_CHANNEL, onAnswer)
      active = false
      return seen
    }
  }
}

function nonceOf(request: ClientRequest): string | undefined {
  const header = request.getHeader(NONCE_HEADER)
  if (typeof header === 'string') return header
  const q = request.path.indexOf('?')
  return q < 0 ? undefined : (new URLSearchParams(request.path.slice(q + 1)).get(NONCE_PARAMETER) ?? undefined)
}

function readAnswer(response: IncomingMessage): AnswerTrace {
  const retryAfterMs = parseRetryAfter(response.headers['x-acs-retry-after'])
  const requestId = response.headers['x-acs-request-id']
  return {
    status: response.statusCode ?? 0,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(typeof requestId === 'string' && requestId !== '' ? { requestId } : {})
  }
}

/** parseRetryAfter reads `x-acs-retry-after` as a whole number of milliseconds; anything else is ignored. */
export function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value
  if (text === undefined || !/^\d{1,9}$/.test(text.trim())) return undefined
  return Number(text.trim())
}
