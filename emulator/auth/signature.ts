/**
 * Pure verifiers for the two request signatures the client library sends, written from the published
 * algorithms (shared/wuying-api.md §4), never from the client library's signer. Inputs are already decoded
 * from the wire; everything here re-encodes per RFC 3986 before signing.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/** ACS3_ALGORITHM names the V3 signature in the Authorization header and the string to sign. */
export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256'

/** percentEncode returns the RFC 3986 encoding of the UTF-8 bytes: only `A-Za-z0-9-_.~` stay as they are. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** sha256Hex returns the lower-case hex SHA-256 of the bytes. */
export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

/** safeEqual compares two strings in constant time (for equal lengths); a length difference is a mismatch. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  if (left.length !== right.length) {
    timingSafeEqual(left, left)
    return false
  }
  return timingSafeEqual(left, right)
}

/** The decoded parts of an ACS3-HMAC-SHA256 request that its signature covers. */
export interface Acs3Request {
  readonly method: string
  /** Decoded path, `/` for every RPC-style call. */
  readonly path: string
  /** Decoded query pairs (the URL query only, never the body). */
  readonly query: ReadonlyArray<readonly [string, string]>
  /** Request headers with lower-case names. */
  readonly headers: Readonly<Record<string, string | undefined>>
  /** Lower-case header names from the Authorization header's SignedHeaders, as sent. */
  readonly signedHeaders: readonly string[]
  /** Hex SHA-256 of the payload (the value the signer put in the canonical request). */
  readonly payloadHash: string
}

/** The parts of an `Authorization: ACS3-HMAC-SHA256 ...` header. */
export interface Acs3Authorization {
  readonly accessKeyId: string
  readonly signedHeaders: string[]
  readonly signature: string
}

/** parseAcs3Authorization returns the Credential, SignedHeaders and Signature of the header, or undefined if one is missing. */
export function parseAcs3Authorization(header: string): Acs3Authorization | undefined {
  if (!header.startsWith(`${ACS3_ALGORITHM} `)) return undefined
  const fields = new Map<string, string>()
  for (const part of header.slice(ACS3_ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=')
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  const accessKeyId = fields.get('Credential')
  const signed = fields.get('SignedHeaders')
  const signature = fields.get('Signature')
  if (!accessKeyId || !signed || !signature) return undefined
  return { accessKeyId, signedHeaders: signed.split(';').map((h) => h.trim().toLowerCase()), signature }
}

/** canonicalQueryAcs3 returns the decoded query re-encoded as `k=v`, sorted by key and joined by `&`. */
export function canonicalQueryAcs3(query: ReadonlyArray<readonly [string, string]>): string {
  return [...query]
    .sort(([a], [b]) => compareKeys(a, b))
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&')
}

/** canonicalRequestAcs3 returns the canonical request: method, path, query, headers, signed list, payload hash. */
export function canonicalRequestAcs3(request: Acs3Request): string {
  const names = [...request.signedHeaders].sort(compareKeys)
  const headers = names.map((name) => `${name}:${(request.headers[name] ?? '').trim()}\n`).join('')
  const path = request.path.split('/').map(percentEncode).join('/') || '/'
  return [
    request.method.toUpperCase(),
    path,
    canonicalQueryAcs3(request.query),
    headers,
    names.join(';'),
    request.payloadHash
  ].join('\n')
}

/** stringToSignAcs3 returns `ACS3-HMAC-SHA256` + newline + hex SHA-256 of the canonical request. */
export function stringToSignAcs3(canonicalRequest: string): string {
  return `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`
}

/** signAcs3 returns the lower-hex HMAC-SHA256 of the string to sign keyed with the secret. */
export function signAcs3(secret: string, stringToSign: string): string {
  return createHmac('sha256', secret).update(stringToSign).digest('hex')
}

/** verifyAcs3 returns whether the signature matches the request, and the server's string to sign. */
export function verifyAcs3(request: Acs3Request, secret: string, signature: string): { ok: boolean; stringToSign: string } {
  const stringToSign = stringToSignAcs3(canonicalRequestAcs3(request))
  return { ok: safeEqual(signAcs3(secret, stringToSign), signature.toLowerCase()), stringToSign }
}

/** canonicalQueryRpc returns the sorted, RFC 3986 encoded `name=value` list of the RPC parameter set. */
export function canonicalQueryRpc(params: ReadonlyArray<readonly [string, string]>): string {
  return [...params]
    .sort(([a], [b]) => compareKeys(a, b))
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&')
}

/** stringToSignRpc returns `METHOD&%2F&` + the percent-encoded canonical query of the parameter set. */
export function stringToSignRpc(method: string, params: ReadonlyArray<readonly [string, string]>): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalQueryRpc(params))}`
}

/** signRpc returns base64(HMAC-SHA1(secret + '&', string to sign)). */
export function signRpc(secret: string, stringToSign: string): string {
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64')
}

/** verifyRpc returns whether the signature matches the parameter set (which must exclude `Signature`). */
export function verifyRpc(
  method: string,
  params: ReadonlyArray<readonly [string, string]>,
  secret: string,
  signature: string
): { ok: boolean; stringToSign: string } {
  const stringToSign = stringToSignRpc(method, params)
  return { ok: safeEqual(signRpc(secret, stringToSign), signature), stringToSign }
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
