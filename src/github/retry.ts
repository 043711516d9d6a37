/**
 * The project's retry policy (src/common/retry.ts) applied to GitHub calls: the same attempts, full-jitter backoff
 * and deadline, with GitHub's own classification (errors.ts) instead of the Wuying error codes. A rate limit waits
 * what GitHub asked, plus jitter, but never longer than MAX_GITHUB_WAIT_MS: a record is not worth holding the update.
 */
import { backoffMs, formatWait, type RetryContext } from '../common/retry.js'
import { GitHubError, isRetryableGitHub, toGitHubError } from './errors.js'

/** MAX_GITHUB_WAIT_MS is the longest single wait for GitHub; a rate limit asking for more gives up at once. */
export const MAX_GITHUB_WAIT_MS = 60_000

/** GitHubRetryContext is the policy (attempts, backoff, deadline, effects) and each attempt's timeout. */
export interface GitHubRetryContext extends RetryContext {
  readonly requestTimeoutMs: number
  /** The clock in epoch ms, for `retry-after` dates and `x-ratelimit-reset`. */
  readonly now: () => number
}

/** Attempt is what a call learns about the attempt it makes: its number, the error before it, and its signal. */
export interface Attempt {
  readonly number: number
  readonly previous?: GitHubError
  readonly signal: AbortSignal
}

/**
 * withGitHubRetry runs `call` until it succeeds or the policy says stop, and throws the GitHubError to give up with
 * (with its attempt count when retries ran out). `atLeastOnce` makes the first attempt even when the deadline has
 * passed (with the full request timeout): a record's final status must not be lost to a wait that used up the time.
 */
export async function withGitHubRetry<T>(
  label: string,
  call: (attempt: Attempt) => Promise<T>,
  ctx: GitHubRetryContext,
  atLeastOnce = false
): Promise<T> {
  let previous: GitHubError | undefined
  for (let number = 1; ; number++) {
    const remaining = ctx.deadline.remainingMs()
    const forced = atLeastOnce && number === 1
    if (remaining <= 0 && !forced) throw gaveUp(previous, number - 1, `the step's time limit (${ctx.deadline.label}) passed`)
    const timeoutMs = forced ? ctx.requestTimeoutMs : Math.min(ctx.requestTimeoutMs, remaining)
    try {
      return await call({
        number,
        signal: AbortSignal.timeout(Math.max(1, Math.ceil(timeoutMs))),
        ...(previous ? { previous } : {})
      })
    } catch (thrown) {
      const error = toGitHubError(thrown, ctx.now())
      if (!isRetryableGitHub(error)) throw error
      if (number >= ctx.maxAttempts) throw withAttempts(error, number)
      const waitMs = retryWait(error, number, ctx)
      if (waitMs === undefined) {
        const asked = `GitHub asked to wait ${formatWait(error.retryAfterMs ?? 0)}`
        throw withAttempts(new GitHubError({ ...error.details(), detail: `${error.detail}; ${asked}` }), number)
      }
      if (!ctx.deadline.allowsWait(waitMs)) throw withAttempts(error, number)
      ctx.log(`${label} failed with ${error.message}: attempt ${number} of ${ctx.maxAttempts}; retrying in ${formatWait(waitMs)}`)
      previous = error
      await ctx.sleep(waitMs)
    }
  }
}

/** retryWait returns the wait before the next attempt, or undefined when GitHub asked for longer than MAX_GITHUB_WAIT_MS. */
export function retryWait(
  error: GitHubError,
  attempt: number,
  ctx: Pick<GitHubRetryContext, 'backoff' | 'random'>
): number | undefined {
  if (error.retryAfterMs !== undefined && error.retryAfterMs > MAX_GITHUB_WAIT_MS) return undefined
  const jitter = backoffMs(attempt, ctx.backoff, ctx.random, undefined, error.kind === 'rate-limited')
  return Math.min(MAX_GITHUB_WAIT_MS, (error.retryAfterMs ?? 0) + jitter)
}

function withAttempts(error: GitHubError, attempts: number): GitHubError {
  return attempts < 2 ? error : new GitHubError({ ...error.details(), attempts })
}

function gaveUp(previous: GitHubError | undefined, attempts: number, why: string): GitHubError {
  if (previous) return new GitHubError({ ...previous.details(), detail: `${previous.detail}; ${why}`, attempts })
  return new GitHubError({ kind: 'timeout', detail: `${why} before GitHub was called` })
}
