/**
 * A loopback stand-in for GitHub's ID token service, so that the action's real `core.getIDToken(audience)` path runs
 * in tests: @actions/core sends `GET <ACTIONS_ID_TOKEN_REQUEST_URL>&audience=<aud>` with
 * `Authorization: Bearer <ACTIONS_ID_TOKEN_REQUEST_TOKEN>` and reads `value` from the JSON answer. Tokens are RS256
 * JWTs signed with the emulator's TEST-ONLY key (the sample fleet's OIDC provider trusts it), shaped like GitHub's.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { readTestOidcKey, signIdToken } from './oidc.js'

/** GITHUB_ISSUER is the `iss` of GitHub Actions ID tokens. */
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
const HOST = '127.0.0.1'
const TOKEN_PATH = '/_apis/distributedtask/hubs/build/plans/emulator-plan/jobs/emulator-job/idtoken'

/**
 * How the service answers: `issue` a valid token; `expired` a token whose `exp` is already past; `refuse` HTTP 403
 * (what @actions/core reports as "Failed to get ID Token"); `empty` 200 without `value`.
 */
export type IdTokenMode = 'issue' | 'expired' | 'refuse' | 'empty'

/** Options of startIdTokenService; all optional. */
export interface IdTokenServiceOptions {
  /** `owner/repo` for `sub` and `repository`; default `octo-org/fleet-config` (the repository runAction sets). */
  readonly repository?: string
  /** Git ref for `sub` and `ref`; default `refs/heads/main`. */
  readonly ref?: string
  /** Signing key PEM; default the emulator's TEST-ONLY key. */
  readonly privateKeyPem?: string
  /** `kid` header, when the provider is given a JWKS. */
  readonly kid?: string
  /** Validity of issued tokens; default 300 s. */
  readonly lifetimeSeconds?: number
  readonly mode?: IdTokenMode
  /** Extra or replaced claims (e.g. another `sub`), applied last. */
  readonly claims?: Readonly<Record<string, unknown>>
}

/** One request as the service saw it. */
export interface IdTokenRequest {
  /** The `audience` query parameter, absent when none was asked for. */
  readonly audience?: string
  /** Whether the bearer token matched ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  readonly authorized: boolean
  readonly status: number
}

/** A running stand-in. */
export interface IdTokenService {
  /** The value for ACTIONS_ID_TOKEN_REQUEST_URL (already carries `?api-version=2.0`, as GitHub's does). */
  readonly requestUrl: string
  /** The value for ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  readonly requestToken: string
  /** Both variables, ready to spread into a spawned action's environment. */
  readonly env: Readonly<{ ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string }>
  /** setMode changes how the next requests are answered. */
  setMode(mode: IdTokenMode): void
  /** requests returns every request so far, oldest first. */
  requests(): IdTokenRequest[]
  /** issued returns every token handed out, for "never appears in any output" checks. */
  issued(): string[]
  close(): Promise<void>
}

/** githubIdTokenClaims returns the claims GitHub puts in a job's ID token for a repository, ref and audience at `nowMs`. */
export function githubIdTokenClaims(
  repository: string,
  ref: string,
  audience: string,
  nowMs: number,
  lifetimeSeconds: number
): Record<string, unknown> {
  const now = Math.floor(nowMs / 1000)
  const [owner = ''] = repository.split('/')
  return {
    jti: randomUUID(),
    sub: `repo:${repository}:ref:${ref}`,
    aud: audience,
    ref,
    repository,
    repository_owner: owner,
    event_name: 'workflow_dispatch',
    ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    runner_environment: 'github-hosted',
    iss: GITHUB_ISSUER,
    nbf: now - 5,
    iat: now,
    exp: now + lifetimeSeconds
  }
}

/** startIdTokenService listens on 127.0.0.1 (ephemeral port) and resolves once it accepts requests. */
export async function startIdTokenService(options: IdTokenServiceOptions = {}): Promise<IdTokenService> {
  const key = options.privateKeyPem ?? readTestOidcKey()
  const repository = options.repository ?? 'octo-org/fleet-config'
  const requestToken = randomBytes(24).toString('base64url')
  const log: IdTokenRequest[] = []
  const tokens: string[] = []
  const sockets = new Set<Socket>()
  let mode: IdTokenMode = options.mode ?? 'issue'

  const answer = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', `http://${HOST}`)
    const audience = url.searchParams.get('audience') ?? undefined
    const authorized = req.headers.authorization === `Bearer ${requestToken}`
    const reply = (status: number, body: object): void => {
      log.push({ ...(audience === undefined ? {} : { audience }), authorized, status })
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body))
    }
    if (req.method !== 'GET' || url.pathname !== TOKEN_PATH) return reply(404, { message: 'not found' })
    if (!authorized) return reply(401, { message: 'Bearer token does not match ACTIONS_ID_TOKEN_REQUEST_TOKEN' })
    if (mode === 'refuse') return reply(403, { message: 'the ID token service refused (emulated)' })
    if (mode === 'empty') return reply(200, { count: 0 })
    // Without `audience` GitHub uses the repository owner's URL.
    const aud = audience ?? `https://github.com/${repository.split('/')[0] ?? ''}`
    const lifetime = options.lifetimeSeconds ?? 300
    const claims = githubIdTokenClaims(
      repository,
      options.ref ?? 'refs/heads/main',
      aud,
      mode === 'expired' ? Date.now() - 2 * lifetime * 1000 : Date.now(),
      lifetime
    )
    const token = signIdToken({ ...claims, ...options.claims }, key, options.kid ? { kid: options.kid } : {})
    tokens.push(token)
    reply(200, { count: token.length, value: token })
  }

  const server = createServer(answer)
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, HOST, () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  const requestUrl = `http://${HOST}:${port}${TOKEN_PATH}?api-version=2.0`
  return {
    requestUrl,
    requestToken,
    env: Object.freeze({ ACTIONS_ID_TOKEN_REQUEST_URL: requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken }),
    setMode: (next) => {
      mode = next
    },
    requests: () => log.map((entry) => ({ ...entry })),
    issued: () => [...tokens],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
  }
}
