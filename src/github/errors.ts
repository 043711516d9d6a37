/**
 * Failures of GitHub REST calls: one typed error, mapped once from what the client threw (an Octokit RequestError,
 * a fetch failure, a timeout), and what the user can do about each. Pure: the clock is a parameter.
 *
 * Rate limits follow GitHub's guidance: a 429, or a 403 with `retry-after`, `x-ratelimit-remaining: 0` or a message
 * naming a rate limit, is a rate limit (wait `retry-after` seconds, or until `x-ratelimit-reset`, or a minute when
 * neither is given); any other 403 is a missing permission, which no retry can fix.
 */
import { redact } from '../common/redact.js'
import { isRecord } from './env-context.js'

/** GitHubErrorKind is how a GitHub call failed. */
export type GitHubErrorKind =
  'unauthorized' | 'forbidden' | 'not-found' | 'rejected' | 'rate-limited' | 'server' | 'network' | 'timeout'

/** GitHubErrorDetails are a failure's facts; `detail` is GitHub's message (redacted). */
export interface GitHubErrorDetails {
  readonly kind: GitHubErrorKind
  readonly status?: number
  readonly detail: string
  /** `x-github-request-id`, for GitHub Support. */
  readonly requestId?: string
  /** How long GitHub asked to wait before another attempt. */
  readonly retryAfterMs?: number
  /** Set when the retry policy gave up: how many attempts were made. */
  readonly attempts?: number
}

/** GitHubError is every failure of a GitHub REST call; its message is safe to show. */
export class GitHubError extends Error implements GitHubErrorDetails {
  override readonly name = 'GitHubError'
  readonly kind: GitHubErrorKind
  readonly status?: number
  readonly detail: string
  readonly requestId?: string
  readonly retryAfterMs?: number
  readonly attempts?: number

  constructor(details: GitHubErrorDetails) {
    const status = details.status === undefined ? '' : `${details.status} `
    const id = details.requestId ? ` (request id ${details.requestId})` : ''
    const gaveUp = details.attempts === undefined ? '' : `; gave up after ${details.attempts} attempts`
    super(`${status}${details.detail}${id}${gaveUp}`)
    this.kind = details.kind
    this.status = details.status
    this.detail = details.detail
    this.requestId = details.requestId
    this.retryAfterMs = details.retryAfterMs
    this.attempts = details.attempts
  }

  /** details returns the error's data, for building a changed copy. */
  details(): GitHubErrorDetails {
    const { kind, status, detail, requestId, retryAfterMs, attempts } = this
    return { kind, status, detail, requestId, retryAfterMs, attempts }
  }
}

/** SECONDARY_LIMIT_WAIT_MS is GitHub's advice for a rate limit that names no wait: at least a minute. */
export const SECONDARY_LIMIT_WAIT_MS = 60_000

/** isRetryableGitHub tells whether another attempt may succeed: rate limits, 5xx, lost connections and timeouts. */
export function isRetryableGitHub(error: GitHubError): boolean {
  return error.kind === 'rate-limited' || error.kind === 'server' || error.kind === 'network' || error.kind === 'timeout'
}

/** outcomeUnknownGitHub tells whether a failed call may still have been carried out (a 5xx, a timeout, a lost answer). */
export function outcomeUnknownGitHub(error: GitHubError): boolean {
  return error.kind === 'server' || error.kind === 'network' || error.kind === 'timeout'
}

/** toGitHubError maps anything a GitHub call threw (Octokit's RequestError, a fetch failure, an abort) to a GitHubError. */
export function toGitHubError(error: unknown, nowMs: number): GitHubError {
  if (error instanceof GitHubError) return error
  const failed = isRecord(error) ? error : {}
  const name = typeof failed.name === 'string' ? failed.name : ''
  const causeName = isRecord(failed.cause) && typeof failed.cause.name === 'string' ? failed.cause.name : ''
  const message = redact(typeof failed.message === 'string' && failed.message !== '' ? failed.message : String(error))
  if ([name, causeName].some((n) => n === 'AbortError' || n === 'TimeoutError')) {
    return new GitHubError({ kind: 'timeout', detail: 'no answer within the request timeout' })
  }
  const response = isRecord(failed.response) ? failed.response : undefined
  const status = typeof failed.status === 'number' ? failed.status : undefined
  // Octokit reports a request that never got an answer as status 500 without a response.
  if (response === undefined || status === undefined) return new GitHubError({ kind: 'network', detail: message })
  const headers = lowerCaseHeaders(response.headers)
  const data = response.data
  const detail = redact(isRecord(data) && typeof data.message === 'string' ? data.message : message)
  const requestId = headers['x-github-request-id']
  const common = { status, detail, ...(requestId ? { requestId } : {}) }
  const retryAfterMs = retryAfterOf(headers, nowMs)
  const limited = status === 429 || (status === 403 && (retryAfterMs !== undefined || /rate limit/i.test(detail)))
  if (limited) return new GitHubError({ ...common, kind: 'rate-limited', retryAfterMs: retryAfterMs ?? SECONDARY_LIMIT_WAIT_MS })
  if (status >= 500) return new GitHubError({ ...common, kind: 'server' })
  if (status === 401) return new GitHubError({ ...common, kind: 'unauthorized' })
  if (status === 403) return new GitHubError({ ...common, kind: 'forbidden' })
  if (status === 404) return new GitHubError({ ...common, kind: 'not-found' })
  return new GitHubError({ ...common, kind: 'rejected' })
}

/** retryAfterOf returns the wait the headers ask for: `retry-after` (seconds or a date), else until `x-ratelimit-reset` when none remain. */
export function retryAfterOf(headers: Readonly<Record<string, string>>, nowMs: number): number | undefined {
  const retryAfter = headers['retry-after']
  if (retryAfter !== undefined) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000
    const at = Date.parse(retryAfter)
    if (!Number.isNaN(at)) return Math.max(0, at - nowMs)
  }
  const reset = headers['x-ratelimit-reset']
  if (headers['x-ratelimit-remaining'] === '0' && reset !== undefined && /^\d+$/.test(reset)) {
    return Math.max(0, Number(reset) * 1000 - nowMs)
  }
  return undefined
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
  if (!isRecord(headers)) return {}
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(headers)) {
    if (typeof value === 'string' || typeof value === 'number') out[key.toLowerCase()] = String(value)
  }
  return out
}

/** RecordTarget names what a refusal is about, for the fix: the repository, the environment and the ref. */
export interface RecordTarget {
  readonly owner: string
  readonly repo: string
  readonly environment: string
  readonly ref: string
}

/** fixFor returns what the user can do about a failure that stopped the record. */
export function fixFor(error: GitHubError, target: RecordTarget): string {
  const repository = `${target.owner}/${target.repo}`
  const permission = 'give the job `permissions: deployments: write`'
  switch (error.kind) {
    case 'forbidden':
      return `${permission} (a \`permissions:\` block that names other scopes sets this one to none), or pass a github-token that may write deployments to ${repository}`
    case 'not-found':
      return `the token cannot see ${repository}: ${permission}, or pass a github-token with access to ${repository}; on GitHub Enterprise Server check GITHUB_API_URL`
    case 'unauthorized':
      return 'github-token is invalid or expired: keep the default ${{ github.token }} or renew the token'
    case 'rejected':
      return `check that environment "${target.environment}" accepts deployments of ${target.ref} (its deployment branch and tag rules)`
    case 'rate-limited':
      return "the token's GitHub rate limit is used up; the record is skipped rather than holding the update up"
    default:
      return 'GitHub did not answer; the record may be incomplete'
  }
}
