/**
 * OIDC ID tokens (JWT, RS256) for the emulated STS: decoding and signature verification with node:crypto,
 * and `signIdToken` to mint test tokens with the test key pair that ships in emulator/fixtures/.
 */
import { createPublicKey, createSign, createVerify, type JsonWebKey, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { apiError } from '../state/errors.js'
import type { FixtureOidcProvider } from '../state/fixture.js'

/** TEST_OIDC_PRIVATE_KEY_PATH is the TEST-ONLY RSA key whose public half the sample fleet's OIDC provider trusts. */
export const TEST_OIDC_PRIVATE_KEY_PATH = fileURLToPath(new URL('../fixtures/oidc-test-key.pem', import.meta.url))

/** readTestOidcKey returns the TEST-ONLY private key PEM (never a real issuer's key). */
export function readTestOidcKey(): string {
  return readFileSync(TEST_OIDC_PRIVATE_KEY_PATH, 'utf8')
}

/** A decoded ID token: header, claims, and what its signature covers. */
export interface DecodedIdToken {
  readonly header: Record<string, unknown>
  readonly claims: Record<string, unknown>
  readonly signingInput: string
  readonly signature: Buffer
}

/** signIdToken returns a compact RS256 JWT over the claims, signed with the given private key PEM. */
export function signIdToken(claims: Record<string, unknown>, privateKeyPem: string, options: { kid?: string } = {}): string {
  const header = { alg: 'RS256', typ: 'JWT', ...(options.kid ? { kid: options.kid } : {}) }
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`
  const signature = createSign('RSA-SHA256').update(signingInput).sign(privateKeyPem)
  return `${signingInput}.${signature.toString('base64url')}`
}

/** decodeIdToken returns the token's parts, or throws InvalidParameter.OIDCToken when it is not a JWT. */
export function decodeIdToken(token: string): DecodedIdToken {
  const parts = token.trim().split('.')
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) {
    throw apiError('InvalidParameter.OIDCToken', { reason: 'expected three base64url parts' })
  }
  const [head, body, sig] = parts as [string, string, string]
  return {
    header: parseJson(head, 'header'),
    claims: parseJson(body, 'payload'),
    signingInput: `${head}.${body}`,
    signature: Buffer.from(sig, 'base64url')
  }
}

/** verifyIdTokenSignature returns whether an RS256 token is signed by one of the provider's keys (kid-selected when named). */
export function verifyIdTokenSignature(token: DecodedIdToken, provider: FixtureOidcProvider): boolean {
  if (token.header.alg !== 'RS256') return false
  return providerKeys(provider, token.header.kid).some((key) =>
    createVerify('RSA-SHA256').update(token.signingInput).verify(key, token.signature)
  )
}

function providerKeys(provider: FixtureOidcProvider, kid: unknown): KeyObject[] {
  const keys: KeyObject[] = []
  if (provider.publicKeyPem) keys.push(createPublicKey(provider.publicKeyPem))
  for (const jwk of provider.jwks?.keys ?? []) {
    const named = (jwk as JsonWebKey & { kid?: string }).kid
    if (kid === undefined || named === undefined || named === kid) keys.push(createPublicKey({ key: jwk, format: 'jwk' }))
  }
  return keys
}

function parseJson(part: string, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>
  } catch {
    // falls through to the refusal below
  }
  throw apiError('InvalidParameter.OIDCToken', { reason: `the ${what} is not a JSON object` })
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url')
}
