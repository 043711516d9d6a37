/**
 * State of the GitHub REST stand-in: deployments with their statuses (ids counting up from 1), every call received,
 * and the queue of injected faults. No HTTP here; server.ts routes requests to these methods.
 *
 * Rules as GitHub documents them (`documented`) or as this stand-in assumes them (`assumed`):
 * - descriptions of deployments and statuses are at most 140 characters, else 422 (documented);
 * - a status's state is one of error, failure, inactive, in_progress, queued, pending, success, else 422 (documented);
 * - a deployment needs a non-empty `ref`; `environment` defaults to `production` (documented);
 * - any ref is accepted; its SHA is the ref when it is 40 hex digits, else a fixed fake one (assumed).
 */

/** GitHubCall is one request received: what a test asserts on. `authorized` is whether the token matched. */
export interface GitHubCall {
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly body: unknown
  readonly authorized: boolean
  /** The HTTP status answered (0 when the answer was dropped on purpose). */
  status: number
}

/** StoredStatus is a deployment status as created. */
export interface StoredStatus {
  readonly id: number
  readonly state: string
  readonly description: string
  readonly log_url: string
  readonly environment_url: string
  readonly created_at: string
}

/** StoredDeployment is a deployment as created, with its statuses in order. */
export interface StoredDeployment {
  readonly id: number
  readonly ref: string
  readonly sha: string
  readonly task: string
  readonly environment: string
  readonly description: string
  readonly payload: unknown
  readonly auto_merge: unknown
  readonly required_contexts: unknown
  readonly transient_environment: boolean
  readonly production_environment: boolean
  readonly created_at: string
  readonly statuses: StoredStatus[]
}

/**
 * GitHubFaultKind is an injected failure: `forbidden` (403 "Resource not accessible by integration"), `not-found`,
 * `unauthorized`, `server-error` (502), `rate-limited` (403 with x-ratelimit-remaining 0), `secondary-rate-limit`
 * (429 with retry-after), `conflict` (409), `unprocessable` (422), `lose-answer` (carried out, then the connection drops).
 */
export type GitHubFaultKind =
  | 'forbidden'
  | 'not-found'
  | 'unauthorized'
  | 'server-error'
  | 'rate-limited'
  | 'secondary-rate-limit'
  | 'conflict'
  | 'unprocessable'
  | 'lose-answer'

/** GitHubFault says which requests fail how: `times` requests (default 1; Infinity for all) on `route` (default any). */
export interface GitHubFault {
  readonly kind: GitHubFaultKind
  readonly times?: number
  readonly route?: 'deployments' | 'statuses' | 'any'
  /** For the rate limits: the seconds to wait (default 1). */
  readonly retryAfterSeconds?: number
}

/** Refusal is an error answer: status, GitHub's JSON body and extra headers. */
export interface Refusal {
  readonly status: number
  readonly message: string
  readonly headers?: Readonly<Record<string, string>>
}

export const STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success']
const MAX_DESCRIPTION = 140
const FAKE_SHA = 'feedfacecafebeef0123456789abcdef01234567'

/** GitHubState holds one stand-in's deployments, calls and faults; `reset()` empties all three. */
export class GitHubState {
  readonly deployments: StoredDeployment[] = []
  readonly calls: GitHubCall[] = []
  private faults: Array<{ fault: GitHubFault; left: number }> = []
  private nextId = 1

  constructor(private readonly now: () => Date = () => new Date()) {}

  reset(): void {
    this.deployments.length = 0
    this.calls.length = 0
    this.faults = []
    this.nextId = 1
  }

  /** inject queues a fault. */
  inject(fault: GitHubFault): void {
    this.faults.push({ fault, left: fault.times ?? 1 })
  }

  /** takeFault returns the first queued fault for the route, counting it down; undefined when none applies. */
  takeFault(route: 'deployments' | 'statuses'): GitHubFault | undefined {
    const applies = (fault: GitHubFault): boolean => (fault.route ?? 'any') === 'any' || fault.route === route
    const entry = this.faults.find((f) => f.left > 0 && applies(f.fault))
    if (!entry) return undefined
    entry.left -= 1
    return entry.fault
  }

  /** createDeployment stores a deployment, or returns the 422 GitHub would answer. */
  createDeployment(body: Record<string, unknown>): StoredDeployment | Refusal {
    const ref = body.ref
    if (typeof ref !== 'string' || ref === '') return invalid('ref', 'missing')
    const description = typeof body.description === 'string' ? body.description : ''
    if (description.length > MAX_DESCRIPTION) return invalid('description', 'too long (maximum is 140 characters)')
    const environment = typeof body.environment === 'string' && body.environment !== '' ? body.environment : 'production'
    const deployment: StoredDeployment = {
      id: this.nextId++,
      ref,
      sha: /^[0-9a-f]{40}$/.test(ref) ? ref : FAKE_SHA,
      task: typeof body.task === 'string' ? body.task : 'deploy',
      environment,
      description,
      payload: body.payload ?? {},
      auto_merge: body.auto_merge,
      required_contexts: body.required_contexts,
      transient_environment: body.transient_environment === true,
      production_environment:
        typeof body.production_environment === 'boolean' ? body.production_environment : environment === 'production',
      created_at: this.now().toISOString(),
      statuses: []
    }
    this.deployments.push(deployment)
    return deployment
  }

  /** listDeployments returns the deployments matching the filters given, newest first. */
  listDeployments(query: Readonly<Record<string, string>>): StoredDeployment[] {
    const perPage = Math.min(100, Number(query.per_page ?? '30') || 30)
    return this.deployments
      .filter((d) =>
        ['ref', 'environment', 'task', 'sha'].every(
          (key) => query[key] === undefined || query[key] === d[key as keyof StoredDeployment]
        )
      )
      .reverse()
      .slice(0, perPage)
  }

  /** createStatus adds a status to deployment `id`, or returns the 404 or 422 GitHub would answer. */
  createStatus(id: number, body: Record<string, unknown>): StoredStatus | Refusal {
    const deployment = this.deployments.find((d) => d.id === id)
    if (!deployment) return { status: 404, message: 'Not Found' }
    if (typeof body.state !== 'string' || !STATES.includes(body.state)) return invalid('state', 'invalid')
    const description = typeof body.description === 'string' ? body.description : ''
    if (description.length > MAX_DESCRIPTION) return invalid('description', 'too long (maximum is 140 characters)')
    const status: StoredStatus = {
      id: this.nextId++,
      state: body.state,
      description,
      log_url: typeof body.log_url === 'string' ? body.log_url : '',
      environment_url: typeof body.environment_url === 'string' ? body.environment_url : '',
      created_at: this.now().toISOString()
    }
    deployment.statuses.push(status)
    return status
  }
}

/** isRefusal tells a Refusal from a stored record. */
export function isRefusal(value: object): value is Refusal {
  return 'status' in value && 'message' in value && typeof value.status === 'number'
}

/** faultRefusal returns the answer of an injected fault (undefined for `lose-answer`, which drops the connection). */
export function faultRefusal(fault: GitHubFault, nowMs: number): Refusal | undefined {
  const wait = fault.retryAfterSeconds ?? 1
  switch (fault.kind) {
    case 'forbidden':
      return { status: 403, message: 'Resource not accessible by integration' }
    case 'not-found':
      return { status: 404, message: 'Not Found' }
    case 'unauthorized':
      return { status: 401, message: 'Bad credentials' }
    case 'server-error':
      return { status: 502, message: 'Server Error' }
    case 'rate-limited':
      return {
        status: 403,
        message: 'API rate limit exceeded for installation ID 1.',
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(nowMs / 1000) + wait) }
      }
    case 'secondary-rate-limit':
      return {
        status: 429,
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        headers: { 'retry-after': String(wait) }
      }
    case 'conflict':
      return { status: 409, message: 'Conflict: Commit status checks failed for main.' }
    case 'unprocessable':
      return { status: 422, message: 'Validation Failed' }
    case 'lose-answer':
      return undefined
  }
}

function invalid(field: string, code: string): Refusal {
  return { status: 422, message: `Validation Failed: ${field} ${code}` }
}
