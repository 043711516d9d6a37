/**
 * The wire format: decoding the query and the form body into name/value pairs, picking business
 * parameters out of them, expanding `Status.N` lists, and the one encoder for every reply (results,
 * ApiErrors, and the HTML page a broken gateway sends). No state.
 */
import { randomUUID } from 'node:crypto'
import { type ApiError, invalidParameter } from '../state/errors.js'

/** One decoded `name=value` pair, in arrival order. */
export type Pair = readonly [string, string]

/** Protocol parameters of the RPC scheme; they never reach an operation or the request log. */
const PROTOCOL_PARAMS = new Set(['Timestamp', 'AccessKeyId', 'SecurityToken', 'Format', 'Action', 'Version'])

/** decodeForm returns the pairs of an `application/x-www-form-urlencoded` string (also a URL query); throws InvalidParameter on bad escapes. */
export function decodeForm(raw: string): Pair[] {
  const pairs: Pair[] = []
  for (const segment of raw.split('&')) {
    if (segment === '') continue
    const eq = segment.indexOf('=')
    const name = eq < 0 ? segment : segment.slice(0, eq)
    const value = eq < 0 ? '' : segment.slice(eq + 1)
    pairs.push([decodeComponent(name, segment), decodeComponent(value, segment)])
  }
  return pairs
}

function decodeComponent(text: string, segment: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    throw invalidParameter(segment.slice(0, 64), 'malformed percent-encoding')
  }
}

/** isFormContent returns whether a Content-Type names a form body (whose fields join the parameter set). */
export function isFormContent(contentType: string | undefined): boolean {
  return (contentType ?? '').toLowerCase().split(';')[0]?.trim() === 'application/x-www-form-urlencoded'
}

/** findDuplicate returns the first parameter name that appears more than once, or undefined. */
export function findDuplicate(pairs: readonly Pair[]): string | undefined {
  const seen = new Set<string>()
  for (const [name] of pairs) {
    if (seen.has(name)) return name
    seen.add(name)
  }
  return undefined
}

/** isProtocolParam returns whether a name belongs to the signing protocol rather than to the operation. */
export function isProtocolParam(name: string): boolean {
  return PROTOCOL_PARAMS.has(name) || name.startsWith('Signature')
}

/** businessParams returns the operation's parameters: every pair except the protocol ones. */
export function businessParams(pairs: readonly Pair[]): Record<string, string> {
  const params: Record<string, string> = {}
  for (const [name, value] of pairs) if (!isProtocolParam(name)) params[name] = value
  return params
}

/** readList returns the values of a flattened list (`Status.1`, `Status.2`, ...) in index order. */
export function readList(params: Readonly<Record<string, string>>, name: string): string[] {
  const pattern = new RegExp(`^${name}\\.(\\d+)$`)
  return Object.entries(params)
    .flatMap(([key, value]) => {
      const m = pattern.exec(key)
      return m ? [[Number(m[1]), value] as const] : []
    })
    .sort(([a], [b]) => a - b)
    .map(([, value]) => value)
}

/** A reply ready to be written: status, headers and body text. */
export interface Reply {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: string
}

/** newRequestId returns a fresh upper-case UUID, the shape of the service's RequestId. */
export function newRequestId(): string {
  return randomUUID().toUpperCase()
}

/** successReply returns HTTP 200 with `RequestId` first and then the operation's result. */
export function successReply(requestId: string, result: object): Reply {
  return jsonReply(200, { RequestId: requestId, ...result }, requestId)
}

/**
 * errorReply returns the reply for an ApiError: the service's error JSON for 4xx/5xx; for a business
 * refusal that the service answers with HTTP 200 (`OtaTask.Running`), only `RequestId`, `Code` and `Message`.
 */
export function errorReply(error: ApiError, requestId: string, hostId: string): Reply {
  if (error.status < 400) {
    return jsonReply(error.status, { RequestId: requestId, Code: error.code, Message: error.message }, requestId, error.headers)
  }
  const body = {
    RequestId: requestId,
    HostId: hostId,
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=appstream-center&requestId=${requestId}`
  }
  return jsonReply(error.status, body, requestId, error.headers)
}

/** htmlUnavailableReply returns the HTML 503 page a load balancer sends when the backend is away. */
export function htmlUnavailableReply(requestId: string): Reply {
  const body =
    '<!DOCTYPE html>\n<html>\n<head><title>503 Service Temporarily Unavailable</title></head>\n' +
    '<body>\n<center><h1>503 Service Temporarily Unavailable</h1></center>\n<hr><center>Tengine</center>\n</body>\n</html>\n'
  return { status: 503, headers: { 'content-type': 'text/html', 'x-acs-request-id': requestId }, body }
}

/** jsonReply returns a JSON reply with the service's content type and request-id header. */
export function jsonReply(status: number, body: unknown, requestId?: string, headers: Record<string, string> = {}): Reply {
  const base: Record<string, string> = { 'content-type': 'application/json;charset=utf-8' }
  if (requestId) base['x-acs-request-id'] = requestId
  return { status, headers: { ...base, ...headers }, body: JSON.stringify(body) }
}
