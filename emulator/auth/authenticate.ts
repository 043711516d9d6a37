/**
 * Authentication as the gateway does it: which scheme a request uses, the credential store (access keys
 * and STS tokens), the ±15 minute window and nonce reuse, and the signature check (signature.ts). Wall
 * time is passed in: clients sign with their real clock, whatever the emulator's OTA clock says.
 */
import { apiError, missingParameter } from '../state/errors.js'
import { ACS3_ALGORITHM, parseAcs3Authorization, safeEqual, sha256Hex, verifyAcs3, verifyRpc } from './signature.js'
import { parseOffsetTime, parseUtcStamp } from '../state/time.js'
import type { Fixture } from '../state/fixture.js'
import type { Pair } from '../wire/codec.js'

/** MAX_CLOCK_SKEW_MS is how far a request's date or Timestamp may be from the server's clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60_000

/** Scheme is how a request is authenticated, as the request log records it. */
export type Scheme = 'ACS3-HMAC-SHA256' | 'HMAC-SHA1' | 'anonymous' | 'none'

/** A request as the verifier sees it: decoded, before any parameter is trusted. */
export interface WireRequest {
  readonly method: string
  readonly path: string
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly query: readonly Pair[]
  /** Form fields of the body (empty unless the body is form content). */
  readonly form: readonly Pair[]
  readonly rawBody: Buffer
}

/** What a request claims before it is verified: scheme, action, version, access key id and the signature it carries. */
export interface Envelope {
  readonly scheme: Scheme
  readonly action: string
  readonly version: string
  readonly accessKeyId?: string
  readonly signature?: string
}

/** readEnvelope returns what the request claims; ACS3 names its action in headers, the RPC scheme in the query. */
export function readEnvelope(req: WireRequest): Envelope {
  const query = new Map(req.query)
  const authorization = req.headers.authorization
  if (authorization !== undefined) {
    const isAcs3 = authorization.startsWith(`${ACS3_ALGORITHM} `)
    const parsed = isAcs3 ? parseAcs3Authorization(authorization) : undefined
    return {
      scheme: isAcs3 ? ACS3_ALGORITHM : 'none',
      action: req.headers['x-acs-action'] ?? '',
      version: req.headers['x-acs-version'] ?? '',
      accessKeyId: parsed?.accessKeyId,
      signature: parsed?.signature
    }
  }
  const isRpc = ['Signature', 'AccessKeyId', 'SignatureMethod'].some((name) => query.has(name))
  return {
    scheme: isRpc ? 'HMAC-SHA1' : 'none',
    action: query.get('Action') ?? req.headers['x-acs-action'] ?? '',
    version: query.get('Version') ?? req.headers['x-acs-version'] ?? '',
    accessKeyId: query.get('AccessKeyId'),
    signature: query.get('Signature')
  }
}

/** A live STS credential (from the fixture or minted by AssumeRoleWithOIDC). */
export interface StsCredential {
  readonly accessKeyId: string
  readonly accessKeySecret: string
  readonly securityToken: string
  readonly expiresAt: number
}

/** CredentialStore holds the access keys and STS tokens the emulator accepts. */
export class CredentialStore {
  private readonly keys = new Map<string, { secret: string; active: boolean }>()
  private readonly tokens = new Map<string, StsCredential>()

  constructor(fixture: Fixture) {
    for (const k of fixture.accessKeys) this.keys.set(k.id, { secret: k.secret, active: k.status !== 'Inactive' })
    for (const t of fixture.stsTokens ?? []) {
      this.addSts({ ...t, expiresAt: parseOffsetTime(t.expiration) as number })
    }
  }

  /** addSts makes an STS credential valid until its expiry. */
  addSts(credential: StsCredential): void {
    this.tokens.set(credential.securityToken, credential)
  }

  /** secretFor returns the secret to verify with, or throws the error the service gives for these credentials. */
  secretFor(accessKeyId: string, securityToken: string | undefined, wallNow: number): string {
    if (securityToken !== undefined) {
      const sts = this.tokens.get(securityToken)
      if (!sts) throw apiError('InvalidSecurityToken.Malformed')
      if (!safeEqual(sts.accessKeyId, accessKeyId)) throw apiError('InvalidSecurityToken.MismatchWithAccessKey')
      if (wallNow >= sts.expiresAt) throw apiError('InvalidSecurityToken.Expired')
      return sts.accessKeySecret
    }
    // STS access key ids are not in the key store: without their token they are simply unknown.
    const key = this.keys.get(accessKeyId)
    if (!key) throw apiError('InvalidAccessKeyId.NotFound')
    if (!key.active) throw apiError('InvalidAccessKeyId.Inactive')
    return key.secret
  }
}

/** NonceCache remembers nonces long enough to outlive the timestamp window on both sides. */
export class NonceCache {
  private readonly seen = new Map<string, number>()

  /** use records the nonce, or throws SignatureNonceUsed when it was seen before. */
  use(accessKeyId: string, nonce: string, wallNow: number): void {
    const key = `${accessKeyId}\n${nonce}`
    const until = this.seen.get(key)
    if (until !== undefined && until > wallNow) throw apiError('SignatureNonceUsed')
    if (this.seen.size > 10_000) for (const [k, t] of this.seen) if (t <= wallNow) this.seen.delete(k)
    this.seen.set(key, wallNow + 2 * MAX_CLOCK_SKEW_MS)
  }

  /** clear forgets every nonce. */
  clear(): void {
    this.seen.clear()
  }
}

/** verifyRequest returns the verified access key id, or throws the ApiError the gateway answers with. */
export function verifyRequest(
  req: WireRequest,
  envelope: Envelope,
  store: CredentialStore,
  nonces: NonceCache,
  wallNow: number
): string {
  if (envelope.scheme === ACS3_ALGORITHM) return verifyAcs3Request(req, store, nonces, wallNow)
  if (envelope.scheme === 'HMAC-SHA1') return verifyRpcRequest(req, store, nonces, wallNow)
  if (req.headers.authorization !== undefined)
    throw apiError('IncompleteSignature', { reason: `unsupported Authorization scheme; use ${ACS3_ALGORITHM}` })
  throw missingParameter('AccessKeyId')
}

function verifyAcs3Request(req: WireRequest, store: CredentialStore, nonces: NonceCache, wallNow: number): string {
  const auth = parseAcs3Authorization(req.headers.authorization ?? '')
  if (!auth) throw apiError('IncompleteSignature', { reason: 'Authorization needs Credential, SignedHeaders and Signature' })
  for (const name of ['host', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
    if (!req.headers[name]) throw apiError('IncompleteSignature', { reason: `header ${name} is missing` })
  }
  const mustSign = Object.keys(req.headers).filter((n) => n === 'host' || n === 'content-type' || n.startsWith('x-acs-'))
  const unsigned = mustSign.find((name) => !auth.signedHeaders.includes(name))
  if (unsigned) throw apiError('IncompleteSignature', { reason: `SignedHeaders must include ${unsigned}` })
  checkTimestamp(req.headers['x-acs-date'] as string, wallNow)
  const token = req.headers['x-acs-security-token']
  const headerKeyId = req.headers['x-acs-accesskey-id']
  if (headerKeyId !== undefined && headerKeyId !== auth.accessKeyId) {
    throw apiError('IncompleteSignature', { reason: 'x-acs-accesskey-id differs from the Credential' })
  }
  const secret = store.secretFor(auth.accessKeyId, token, wallNow)
  const payloadHash = req.headers['x-acs-content-sha256'] as string
  if (!safeEqual(sha256Hex(req.rawBody), payloadHash.toLowerCase())) {
    throw apiError('SignatureDoesNotMatch', { detail: ' The body received does not hash to x-acs-content-sha256.' })
  }
  const request = {
    method: req.method,
    path: req.path,
    query: req.query,
    headers: req.headers,
    signedHeaders: auth.signedHeaders,
    payloadHash
  }
  if (!verifyAcs3(request, secret, auth.signature).ok) throw apiError('SignatureDoesNotMatch')
  nonces.use(auth.accessKeyId, req.headers['x-acs-signature-nonce'] as string, wallNow)
  return auth.accessKeyId
}

function verifyRpcRequest(req: WireRequest, store: CredentialStore, nonces: NonceCache, wallNow: number): string {
  const query = new Map(req.query)
  const required = (name: string): string => {
    const value = query.get(name)
    if (value === undefined || value === '') throw missingParameter(name)
    return value
  }
  const accessKeyId = required('AccessKeyId')
  const signature = required('Signature')
  if (required('SignatureMethod') !== 'HMAC-SHA1')
    throw apiError('IncompleteSignature', { reason: 'SignatureMethod must be HMAC-SHA1' })
  if (required('SignatureVersion') !== '1.0') throw apiError('IncompleteSignature', { reason: 'SignatureVersion must be 1.0' })
  const nonce = required('SignatureNonce')
  checkTimestamp(required('Timestamp'), wallNow)
  const secret = store.secretFor(accessKeyId, query.get('SecurityToken'), wallNow)
  const signed = [...req.query, ...req.form].filter(([name]) => name !== 'Signature')
  const result = verifyRpc(req.method, signed, secret, signature)
  if (!result.ok) throw apiError('SignatureDoesNotMatch', { detail: ` server string to sign is:${result.stringToSign}` })
  nonces.use(accessKeyId, nonce, wallNow)
  return accessKeyId
}

function checkTimestamp(value: string, wallNow: number): void {
  const at = parseUtcStamp(value)
  if (at === undefined) throw apiError('InvalidTimeStamp.Format')
  if (Math.abs(wallNow - at) > MAX_CLOCK_SKEW_MS) throw apiError('InvalidTimeStamp.Expired')
}
