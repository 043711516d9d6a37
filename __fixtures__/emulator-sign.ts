/**
 * A client-side signer for raw emulator requests, written separately from emulator/auth/signature.ts (so that a
 * mistake in one is not mirrored by the other), and a plain node:http sender. Tests sign a request, then
 * tamper with the prepared request to provoke each refusal.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto'
import { request } from 'node:http'

/** A request ready to send; tests may change any field after signing. */
export interface PreparedRequest {
  method: string
  /** Path with the wire query, e.g. `/?Action=...`. */
  path: string
  headers: Record<string, string>
  body: string
}

/** SignOptions say what to sign; `date` and `nonce` default to now and a fresh UUID. */
export interface SignOptions {
  endpoint: string
  accessKeyId: string
  secret: string
  securityToken?: string
  action: string
  version?: string
  query?: Array<[string, string]>
  form?: Array<[string, string]>
  /** UTC `YYYY-MM-DDTHH:mm:ssZ`; default now. */
  date?: string
  nonce?: string
}

/** rfc3986 percent-encodes per RFC 3986 (upper-case hex, space as %20, `*` as %2A). */
export function rfc3986(value: string): string {
  return Array.from(Buffer.from(value, 'utf8'))
    .map((byte) => {
      const c = String.fromCharCode(byte)
      return /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
    })
    .join('')
}

/** utcStamp returns the signing timestamp for a time (default now). */
export function utcStamp(ms = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** wireForm returns pairs as the client library puts them on the wire (Node querystring style). */
export function wireForm(pairs: Array<[string, string]>): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
}

function canonical(pairs: Array<[string, string]>): string {
  return [...pairs]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .join('&')
}

/** signAcs3Request returns a POST / signed with ACS3-HMAC-SHA256 (form body when `form` is given). */
export function signAcs3Request(o: SignOptions): PreparedRequest {
  const body = o.form ? wireForm(o.form) : ''
  const headers: Record<string, string> = {
    host: o.endpoint,
    'x-acs-action': o.action,
    'x-acs-version': o.version ?? '2021-09-01',
    'x-acs-date': o.date ?? utcStamp(),
    'x-acs-signature-nonce': o.nonce ?? randomUUID(),
    'x-acs-content-sha256': createHash('sha256').update(body).digest('hex')
  }
  if (o.form) headers['content-type'] = 'application/x-www-form-urlencoded'
  if (o.securityToken) {
    headers['x-acs-accesskey-id'] = o.accessKeyId
    headers['x-acs-security-token'] = o.securityToken
  }
  const query = o.query ?? []
  headers.authorization = acs3Authorization('POST', query, headers, o.accessKeyId, o.secret)
  return { method: 'POST', path: query.length ? `/?${wireForm(query)}` : '/', headers, body }
}

/** acs3Authorization returns the Authorization header over every host, x-acs-* and content-type header given. */
export function acs3Authorization(
  method: string,
  query: Array<[string, string]>,
  headers: Record<string, string>,
  accessKeyId: string,
  secret: string
): string {
  const names = Object.keys(headers)
    .map((n) => n.toLowerCase())
    .filter((n) => n === 'host' || n === 'content-type' || n.startsWith('x-acs-'))
    .sort()
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
  const canonicalHeaders = names.map((n) => `${n}:${String(lower[n]).trim()}\n`).join('')
  const request = [method, '/', canonical(query), canonicalHeaders, names.join(';'), lower['x-acs-content-sha256']].join('\n')
  const stringToSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(request).digest('hex')}`
  const signature = createHmac('sha256', secret).update(stringToSign).digest('hex')
  return `ACS3-HMAC-SHA256 Credential=${accessKeyId},SignedHeaders=${names.join(';')},Signature=${signature}`
}

/** signRpcRequest returns a POST / signed with the RPC HMAC-SHA1 scheme; protocol parameters go in the query. */
export function signRpcRequest(o: SignOptions & { extraQuery?: Array<[string, string]> }): PreparedRequest {
  const query: Array<[string, string]> = [
    ['Action', o.action],
    ['Format', 'json'],
    ['Version', o.version ?? '2021-09-01'],
    ['Timestamp', o.date ?? utcStamp()],
    ['SignatureNonce', o.nonce ?? randomUUID()],
    ...(o.query ?? []),
    ...(o.securityToken ? ([['SecurityToken', o.securityToken]] as Array<[string, string]>) : []),
    ['SignatureMethod', 'HMAC-SHA1'],
    ['SignatureVersion', '1.0'],
    ['AccessKeyId', o.accessKeyId]
  ]
  const stringToSign = `POST&%2F&${rfc3986(canonical([...query, ...(o.form ?? [])]))}`
  const signature = createHmac('sha1', `${o.secret}&`).update(stringToSign).digest('base64')
  const headers: Record<string, string> = { host: o.endpoint }
  if (o.form) headers['content-type'] = 'application/x-www-form-urlencoded'
  return {
    method: 'POST',
    path: `/?${wireForm([...query, ['Signature', signature]])}`,
    headers,
    body: o.form ? wireForm(o.form) : ''
  }
}

/** A raw HTTP answer. */
export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  json: Record<string, unknown>
}

/** sendRaw sends a prepared request to 127.0.0.1:port on a fresh connection; `chunked` sends the body in two chunks. */
export function sendRaw(port: number, req: PreparedRequest, options: { chunked?: boolean } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...req.headers }
    if (!options.chunked) headers['content-length'] = Buffer.byteLength(req.body)
    const r = request({ host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let json: Record<string, unknown> = {}
        try {
          json = JSON.parse(text) as Record<string, unknown>
        } catch {
          // not JSON (the HTML 503 page); callers read .text
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json })
      })
    })
    r.on('error', reject)
    if (options.chunked && req.body.length > 1) {
      const half = Math.floor(req.body.length / 2)
      r.write(req.body.slice(0, half))
      r.write(req.body.slice(half))
    } else if (req.body) {
      r.write(req.body)
    }
    r.end()
  })
}
