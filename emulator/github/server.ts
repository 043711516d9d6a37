/**
 * A loopback stand-in of the GitHub REST API's deployment endpoints, for tests and the demo: node:http on 127.0.0.1
 * (port 0 by default), reached by the action through GITHUB_API_URL. It checks `Authorization: Bearer <token>` or
 * `token <token>`, records every call, and answers as GitHub does, or with an injected fault.
 *
 *   POST /repos/{owner}/{repo}/deployments              201 deployment
 *   GET  /repos/{owner}/{repo}/deployments              200 list (ref, environment, task, sha, per_page)
 *   POST /repos/{owner}/{repo}/deployments/{id}/statuses 201 status
 *   GET  /repos/{owner}/{repo}/deployments/{id}/statuses 200 list
 *
 * Another repository than the one served answers 404, as GitHub does for a repository the token cannot see.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  faultRefusal,
  GitHubState,
  isRefusal,
  type GitHubCall,
  type GitHubFault,
  type Refusal,
  type StoredDeployment
} from './state.js'

/** GitHubApiOptions configure the stand-in: the token it accepts and the repository it serves. */
export interface GitHubApiOptions {
  readonly token?: string
  /** `owner/repo`; default TEST_REPOSITORY. */
  readonly repository?: string
  readonly port?: number
}

/** GitHubApi is a started stand-in. */
export interface GitHubApi {
  /** The base URL to put in GITHUB_API_URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string
  readonly token: string
  /** Every call received so far, in order. */
  calls(): readonly GitHubCall[]
  /** Every deployment created so far, with its statuses. */
  deployments(): readonly StoredDeployment[]
  /** fail queues a fault for the next matching requests. */
  fail(fault: GitHubFault): void
  /** reset forgets deployments, calls and faults. */
  reset(): void
  close(): Promise<void>
}

/** TEST_GITHUB_TOKEN is the stand-in's default token: FAKE, TEST-ONLY. */
export const TEST_GITHUB_TOKEN = 'ghs_EmulatorTestTokenNotARealToken0001'
/** TEST_REPOSITORY is the repository served by default; the e2e runner sets GITHUB_REPOSITORY to it. */
export const TEST_REPOSITORY = 'octo-org/fleet-config'

const ROUTE = /^\/repos\/([^/]+)\/([^/]+)\/deployments(?:\/(\d+)\/statuses)?\/?$/

/** startGitHubApi starts the stand-in on loopback and resolves once it listens. */
export async function startGitHubApi(options: GitHubApiOptions = {}): Promise<GitHubApi> {
  const token = options.token ?? TEST_GITHUB_TOKEN
  const repository = options.repository ?? TEST_REPOSITORY
  const state = new GitHubState()
  const server = createServer((request, response) => {
    void handle(request, response, { state, token, repository }).catch(() => {
      if (!response.headersSent) answer(response, { status: 500, message: 'stand-in failure' })
    })
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    calls: () => [...state.calls],
    deployments: () => state.deployments.map((d) => ({ ...d, statuses: [...d.statuses] })),
    fail: (fault) => state.inject(fault),
    reset: () => state.reset(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

interface Served {
  readonly state: GitHubState
  readonly token: string
  readonly repository: string
}

async function handle(request: IncomingMessage, response: ServerResponse, served: Served): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1')
  const text = await readBody(request)
  const method = request.method ?? 'GET'
  const body = parseBody(text)
  const authorized = isAuthorized(request.headers.authorization, served.token)
  const call: GitHubCall = {
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    body,
    authorized,
    status: 0
  }
  served.state.calls.push(call)
  const reply = (status: number, data: unknown, headers: Record<string, string> = {}): void => {
    call.status = status
    send(response, status, data, headers)
  }
  if (!authorized) {
    const message = request.headers.authorization ? 'Bad credentials' : 'Requires authentication'
    return reply(401, errorBody(message))
  }
  const match = ROUTE.exec(url.pathname)
  if (!match || `${match[1]}/${match[2]}` !== served.repository || !['GET', 'POST'].includes(method)) {
    return reply(404, errorBody('Not Found'))
  }
  const route = match[3] === undefined ? 'deployments' : 'statuses'
  const fault = method === 'POST' ? served.state.takeFault(route) : undefined
  if (fault) {
    const refusal = faultRefusal(fault, Date.now())
    if (refusal) return reply(refusal.status, errorBody(refusal.message), { ...refusal.headers })
  }
  const result = dispatch(served.state, method, route, Number(match[3]), url.searchParams, body)
  if (fault?.kind === 'lose-answer') {
    // Carried out, then the answer is lost: what a client sees when a connection drops mid-response.
    response.destroy()
    return
  }
  if (isRefusal(result)) return reply(result.status, errorBody(result.message))
  reply(method === 'POST' ? 201 : 200, result)
}

function dispatch(
  state: GitHubState,
  method: string,
  route: 'deployments' | 'statuses',
  id: number,
  query: URLSearchParams,
  body: unknown
): object | Refusal {
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {}
  if (route === 'deployments') {
    return method === 'POST'
      ? state.createDeployment(fields)
      : state.listDeployments(Object.fromEntries(query)).map(withoutStatuses)
  }
  if (method === 'POST') return state.createStatus(id, fields)
  const deployment = state.deployments.find((d) => d.id === id)
  return deployment ? [...deployment.statuses].reverse() : { status: 404, message: 'Not Found' }
}

function withoutStatuses({ statuses: _statuses, ...deployment }: StoredDeployment): object {
  return deployment
}

/** isAuthorized accepts `Bearer <token>` and `token <token>`, as GitHub does. */
function isAuthorized(header: string | undefined, token: string): boolean {
  const match = /^(?:Bearer|token)\s+(\S+)$/i.exec(header ?? '')
  return match?.[1] === token
}

function errorBody(message: string): object {
  return { message, documentation_url: 'https://docs.github.com/rest/deployments' }
}

function answer(response: ServerResponse, refusal: Refusal): void {
  send(response, refusal.status, errorBody(refusal.message), {})
}

function send(response: ServerResponse, status: number, data: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(data)
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-github-request-id': `STANDIN:${Math.random().toString(16).slice(2, 10).toUpperCase()}`,
    ...headers
  })
  response.end(text)
}

function parseBody(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
