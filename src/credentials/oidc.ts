import * as core from '@actions/core'
import OidcProviderModule from '@alicloud/credentials/dist/src/providers/oidc_role_arn.js'
import { randomUUID } from 'node:crypto'
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { guardFile } from './token-file.js'
import { isLoopbackHost, type Endpoint } from '../inputs/endpoint.js'
import { errorMessage } from '../common/errors.js'
import { commonJsDefault } from '../common/interop.js'
import { routeThroughProxy } from '../common/proxy.js'
import { OidcError, stsFailure } from './oidc-error.js'
import { retryExchange, withAnswerStatus, type StsRetry } from './sts-retry.js'
import type { OidcRole } from '../inputs/oidc.js'

/** STS_TIMEOUT_MS bounds the connection and the answer of AssumeRoleWithOIDC (the library's own defaults are 5 s / 10 s). */
export const STS_TIMEOUT_MS = 10_000
/** ID_TOKEN_REQUEST_URL is set by the runner only for jobs granted `permissions: id-token: write`. */
export const ID_TOKEN_REQUEST_URL = 'ACTIONS_ID_TOKEN_REQUEST_URL'

/** The STS credential triple AssumeRoleWithOIDC returned; every value is masked before assumeRoleWithOidc returns. */
export interface StsCredentials {
  readonly accessKeyId: string
  readonly accessKeySecret: string
  readonly securityToken: string
  /** ISO 8601 UTC, as STS sent it. */
  readonly expiration: string
}

/** AssumeRoleOptions are the validated OIDC inputs (readOidcRole) and the STS call's timeout (default STS_TIMEOUT_MS). */
export interface AssumeRoleOptions extends OidcRole {
  readonly timeoutMs?: number
  /** The retry policy of the STS call (sts-retry.ts); without it, STS is called once. */
  readonly retry?: StsRetry
}

/** AssumedRole is the outcome of assumeRoleWithOidc. */
export interface AssumedRole {
  readonly credentials: StsCredentials
  /** dispose deletes the ID token file if it is still there; idempotent. assumeRoleWithOidc already did, so this is the caller's safety net for `finally`. */
  dispose(): Promise<void>
}

/** What the credentials provider is built from: the OidcRole plus where the ID token was written. */
export interface OidcProviderConfig {
  readonly roleArn: string
  readonly oidcProviderArn: string
  readonly oidcTokenFilePath: string
  readonly roleSessionName: string
  readonly durationSeconds: number
  readonly stsEndpoint: Endpoint
  readonly timeoutMs: number
}

/** The part of the library's SessionCredentialProvider used here: one STS call, with the Expiration STS sent. */
export interface OidcSessionProvider {
  getSession(): Promise<StsCredentials>
}

/** AssumeRoleDeps are assumeRoleWithOidc's seams; the defaults are the runner's ID token service, core.setSecret and the library. */
export interface AssumeRoleDeps {
  readonly getIDToken: (audience: string) => Promise<string>
  /** Called with the ID token before anything else happens with it, and with each STS value before they are returned. */
  readonly setSecret: (secret: string) => void
  /** ACTIONS_ID_TOKEN_REQUEST_URL, RUNNER_TEMP and the proxy variables (common/proxy.ts) are read from here. */
  readonly env: Readonly<Record<string, string | undefined>>
  readonly createProvider: (config: OidcProviderConfig) => OidcSessionProvider
}

const DEFAULT_DEPS: AssumeRoleDeps = {
  getIDToken: (audience) => core.getIDToken(audience),
  setSecret: (secret) => core.setSecret(secret),
  env: process.env,
  createProvider: createOidcProvider
}

/**
 * assumeRoleWithOidc gets the job's GitHub ID token for `role.audience`, writes it to an owner-only file under
 * RUNNER_TEMP, exchanges it through `@alicloud/credentials` (`oidc_role_arn`) for STS credentials (under `retry`, the
 * retry policy, when given), deletes the file (on failure too) and returns the masked credentials. Throws OidcError
 * (no ID token, STS refusal with its Code and RequestId, network) whose message never contains the token.
 */
export async function assumeRoleWithOidc(
  options: AssumeRoleOptions,
  overrides: Partial<AssumeRoleDeps> = {}
): Promise<AssumedRole> {
  const deps: AssumeRoleDeps = { ...DEFAULT_DEPS, ...overrides }
  const { timeoutMs = STS_TIMEOUT_MS, retry, ...role } = options
  // Before the ID token is asked for: a malformed proxy variable fails here (InputError), and the transport loads meanwhile.
  const proxied = routeThroughProxy(role.stsEndpoint, deps.env)
  proxied?.catch(() => undefined)
  const idToken = await requestIdToken(role.audience, deps)
  const tokenFile = join(deps.env.RUNNER_TEMP || tmpdir(), `wuying-ota-oidc-${randomUUID()}.jwt`)
  const unguard = guardFile(tokenFile)
  const dispose = (): Promise<void> => {
    unguard()
    return rm(tokenFile, { force: true })
  }
  let credentials: StsCredentials
  try {
    await writeTokenFile(tokenFile, idToken)
    await proxied
    // One ID token and one token file serve every attempt: the token is valid for minutes.
    const attempt = (ms: number): Promise<StsCredentials> => exchange(role, tokenFile, idToken, deps, ms)
    credentials = await (retry ? retryExchange(attempt, timeoutMs, retry) : attempt(timeoutMs))
  } catch (error) {
    await dispose().catch(() => undefined)
    throw error
  }
  await dispose()
  return { credentials, dispose }
}

async function writeTokenFile(path: string, idToken: string): Promise<void> {
  try {
    // `wx`: never follow or reuse something already at that path; 0600: readable by the runner's user only.
    await writeFile(path, idToken, { mode: 0o600, flag: 'wx' })
  } catch (error) {
    const detail = `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`
    throw new OidcError(
      {
        stage: 'id-token',
        kind: 'configuration',
        code: 'TokenFileNotWritten',
        detail,
        hint: 'RUNNER_TEMP must be a writable directory'
      },
      'failed to store the GitHub OIDC ID token'
    )
  }
}

async function requestIdToken(audience: string, deps: AssumeRoleDeps): Promise<string> {
  const where = `failed to get the GitHub OIDC ID token for audience "${audience}"`
  if (!deps.env[ID_TOKEN_REQUEST_URL]) {
    throw new OidcError(
      {
        stage: 'id-token',
        kind: 'configuration',
        code: 'IdTokenPermissionMissing',
        detail: `the workflow does not grant this job \`permissions: id-token: write\` (${ID_TOKEN_REQUEST_URL} is not set)`,
        hint: 'add `permissions: { id-token: write, contents: read }` to the job or workflow; pull requests from forks never get an ID token'
      },
      where
    )
  }
  let idToken: unknown
  try {
    idToken = await deps.getIDToken(audience)
  } catch (error) {
    const detail = errorMessage(error).replace(/\s+/g, ' ').trim()
    throw new OidcError({ stage: 'id-token', kind: 'network', code: 'IdTokenRequestFailed', detail }, where)
  }
  // Masked first, before it is checked, written or sent anywhere.
  if (typeof idToken === 'string' && idToken !== '') deps.setSecret(idToken)
  if (typeof idToken !== 'string' || idToken.trim() === '') {
    throw new OidcError(
      { stage: 'id-token', kind: 'invalid-response', code: 'IdTokenEmpty', detail: 'the runner returned an empty ID token' },
      where
    )
  }
  return idToken
}

async function exchange(
  role: OidcRole,
  tokenFile: string,
  idToken: string,
  deps: AssumeRoleDeps,
  timeoutMs: number
): Promise<StsCredentials> {
  let session: StsCredentials
  try {
    const provider = deps.createProvider({
      roleArn: role.roleArn,
      oidcProviderArn: role.oidcProviderArn,
      oidcTokenFilePath: tokenFile,
      roleSessionName: role.roleSessionName,
      durationSeconds: role.durationSeconds,
      stsEndpoint: role.stsEndpoint,
      timeoutMs
    })
    session = await provider.getSession()
  } catch (error) {
    if (error instanceof OidcError) throw error
    throw stsFailure(error, { ...role, idToken })
  }
  const { accessKeyId, accessKeySecret, securityToken, expiration } = session
  for (const value of [accessKeyId, accessKeySecret, securityToken]) deps.setSecret(value)
  return Object.freeze({ accessKeyId, accessKeySecret, securityToken, expiration: String(expiration ?? '') })
}

// The provider's own module, not the package's index, which requires every provider the library has.
const OIDCRoleArnCredentialsProvider = commonJsDefault(OidcProviderModule)

/**
 * createOidcProvider returns `@alicloud/credentials`' OIDCRoleArnCredentialsProvider built explicitly from the config
 * (never the default chain, which probes ECS metadata); for a loopback `http://` STS endpoint it is switched to HTTP.
 */
export function createOidcProvider(config: OidcProviderConfig): OidcSessionProvider {
  const provider = OIDCRoleArnCredentialsProvider.builder()
    .withRoleArn(config.roleArn)
    .withOIDCProviderArn(config.oidcProviderArn)
    .withOIDCTokenFilePath(config.oidcTokenFilePath)
    .withRoleSessionName(config.roleSessionName)
    .withDurationSeconds(config.durationSeconds)
    .withStsEndpoint(config.stsEndpoint.host)
    .withReadTimeout(config.timeoutMs)
    .withConnectTimeout(config.timeoutMs)
    .build()
  if (config.stsEndpoint.protocol === 'HTTP') useLoopbackHttp(provider, config.stsEndpoint.host)
  return withAnswerStatus(provider)
}

type HttpRequest = { protocol: string; host: string }

/**
 * useLoopbackHttp sends the provider's STS request over plain HTTP. The provider hard-codes `https` and keeps its
 * transport in the `doRequest` field (the library's own test seam); only a loopback host may be reached this way.
 */
function useLoopbackHttp(provider: object, host: string): void {
  const seam = provider as { doRequest?: (request: HttpRequest) => Promise<unknown> }
  const send = seam.doRequest
  const where = `cannot reach STS at http://${host}`
  if (!isLoopbackHost(new URL(`http://${host}`).hostname)) {
    throw new OidcError(
      {
        stage: 'sts',
        kind: 'configuration',
        code: 'InsecureEndpoint',
        detail: 'http:// is only for loopback hosts',
        hint: 'use https://'
      },
      where
    )
  }
  if (typeof send !== 'function') {
    const detail = 'this version of @alicloud/credentials offers no way to call STS over http://'
    throw new OidcError(
      { stage: 'sts', kind: 'configuration', code: 'HttpNotSupported', detail, hint: 'use an https:// sts-endpoint' },
      where
    )
  }
  seam.doRequest = (request) => send.call(provider, Object.assign(request, { protocol: 'http' }))
}

/** describeOidcRole returns the log line for the OIDC source: role, session name and expiry, never a credential value. */
export function describeOidcRole(role: OidcRole, credentials?: StsCredentials): string {
  const session = `session ${role.roleSessionName}${role.roleSessionNameIsDefault ? ' (default from the run)' : ''}`
  const until = credentials?.expiration ? `, valid until ${credentials.expiration}` : ''
  return `STS token from OIDC role ${role.roleArn} (${session}, ${role.durationSeconds} s${until}) via ${role.stsEndpoint.protocol.toLowerCase()}://${role.stsEndpoint.host}`
}
