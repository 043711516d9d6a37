/**
 * The one retry policy: which failures are worth another attempt, how long to wait before it, and the loop that
 * runs a call under the policy within the step's deadline. Clock, sleep and randomness are injected.
 *
 * Retried: throttling and server codes (api.ts ERROR_CODES kinds), any other 5xx, a non-JSON 5xx answer, dropped
 * or refused connections, and timeouts. Never retried: authentication, permission, validation and business codes,
 * other 4xx answers, and the client library's own refusals. Whether a state change may have been applied is a
 * separate question (outcomeUnknown): approval.ts reads the group back before it approves again.
 */
import { errorFact, type Operation } from './api.js'
import type { Deadline } from './deadline.js'
import { ApiError } from './errors.js'

/** Backoff is the shape of the waits: the n-th retry waits a random time below min(capMs, baseMs · 2^(n-1)) ("full jitter"). */
export interface Backoff {
  readonly baseMs: number
  readonly capMs: number
}

/** DEFAULT_BACKOFF is the policy's backoff: up to 1 s before the first retry, doubling, never more than 20 s. */
export const DEFAULT_BACKOFF: Backoff = Object.freeze({ baseMs: 1000, capMs: 20_000 })
/** MAX_RETRY_AFTER_MS caps the wait an `x-acs-retry-after` header may ask for. */
export const MAX_RETRY_AFTER_MS = 30_000
/**
 * TEST_BACKOFF_ENV is a test seam, not a setting: `<baseMs>,<capMs>` (e.g. `10,50`) shortens the backoff so that
 * end-to-end tests of the built action run fast. Ignored unless it parses cleanly with baseMs ≤ capMs ≤ the default cap.
 */
export const TEST_BACKOFF_ENV = 'WUYING_OTA_TEST_BACKOFF_MS'

// Failures of the connection that a later attempt can get past. DNS failures (ENOTFOUND) and TLS errors cannot.
const RETRYABLE_NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN'
])

/** isRetryable tells whether another attempt of the same call may succeed. */
export function isRetryable(error: ApiError): boolean {
  switch (error.kind) {
    case 'service': {
      const kind = errorFact(error.code)?.kind
      if (kind === 'throttling' || kind === 'server') return true
      return kind === undefined && (error.httpStatus ?? 0) >= 500
    }
    case 'invalid-response':
      // The client library gives no status for a body that is not JSON; the HTTP trace usually does.
      return error.httpStatus === undefined || error.httpStatus >= 500
    case 'timeout':
      return error.code !== 'StepTimeout'
    case 'network':
      return RETRYABLE_NETWORK.has(error.code)
    case 'client':
      return false
  }
}

/** outcomeUnknown tells whether a failed call may still have been carried out: sent, and not refused by a 4xx answer. */
export function outcomeUnknown(error: ApiError): boolean {
  if (!error.sent) return false
  return !(error.kind === 'service' && (error.httpStatus ?? 0) < 500)
}

/**
 * THROTTLING_FACTOR widens the backoff after a throttling code: the limit is shared with every other caller of the
 * account, so only waiting longer frees it (AWS's SDKs use a larger base for throttling for the same reason).
 */
export const THROTTLING_FACTOR = 2

/**
 * backoffMs returns the wait before retry number `retry` (1 for the first): full jitter below the ceiling (doubled
 * for throttling), added to what `x-acs-retry-after` asked, so that callers throttled together come back spread out
 * rather than all at the instant the header named.
 */
export function backoffMs(
  retry: number,
  backoff: Backoff,
  random: () => number,
  retryAfterMs?: number,
  throttled = false
): number {
  const base = throttled ? backoff.baseMs * THROTTLING_FACTOR : backoff.baseMs
  const ceiling = Math.min(backoff.capMs, base * 2 ** Math.max(0, retry - 1))
  const jittered = Math.floor(random() * ceiling)
  return retryAfterMs === undefined ? jittered : Math.min(retryAfterMs, MAX_RETRY_AFTER_MS) + jittered
}

/** RetryContext is the policy's settings and the effects it uses. */
export interface RetryContext {
  readonly maxAttempts: number
  readonly backoff: Backoff
  readonly deadline: Deadline
  readonly sleep: (ms: number) => Promise<void>
  readonly random: () => number
  /** Receives one line per retry. */
  readonly log: (line: string) => void
}

/** RetryPlan says whether to try again after a failed attempt, and after how long; or why not. */
export type RetryPlan =
  | { readonly retry: true; readonly waitMs: number }
  | { readonly retry: false; readonly reason: 'not-retryable' | 'attempts' | 'deadline' }

/** planRetry returns what to do after attempt number `attempt` failed with `error`. */
export function planRetry(
  error: ApiError,
  attempt: number,
  ctx: Pick<RetryContext, 'maxAttempts' | 'backoff' | 'deadline' | 'random'>
): RetryPlan {
  if (!isRetryable(error)) return { retry: false, reason: 'not-retryable' }
  if (attempt >= ctx.maxAttempts) return { retry: false, reason: 'attempts' }
  const throttled = error.kind === 'service' && errorFact(error.code)?.kind === 'throttling'
  const waitMs = backoffMs(attempt, ctx.backoff, ctx.random, error.retryAfterMs, throttled)
  if (!ctx.deadline.allowsWait(waitMs)) return { retry: false, reason: 'deadline' }
  return { retry: true, waitMs }
}

/**
 * giveUp returns the error to fail with when a plan says stop: the error itself when it is not retryable, the
 * error with its attempt count when they ran out, and StepTimeout when the deadline leaves no time for another.
 */
export function giveUp(
  error: ApiError,
  attempt: number,
  plan: Extract<RetryPlan, { retry: false }>,
  ctx: Pick<RetryContext, 'maxAttempts' | 'deadline'>
): ApiError {
  if (plan.reason === 'not-retryable') return error
  if (plan.reason === 'attempts') return new ApiError({ ...error.details(), attempts: attempt })
  return ctx.deadline.exceeded(
    { operation: error.operation, attempt: attempt + 1, maxAttempts: ctx.maxAttempts, outstanding: false },
    error
  )
}

/** retryLine returns the log line of one retry: operation, code, request id, attempt n of N and the wait. */
export function retryLine(error: ApiError, attempt: number, maxAttempts: number, waitMs: number, doing = 'retrying'): string {
  return (
    `${error.operation} failed with ${error.code} (request id ${error.requestId ?? 'none'}): ` +
    `attempt ${attempt} of ${maxAttempts}; ${doing} in ${formatWait(waitMs)}`
  )
}

/** formatWait returns a wait as `350 ms` below a second, else `1.2 s`. */
export function formatWait(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

/**
 * withRetry runs `call` until it succeeds or the policy says stop, and throws the ApiError to fail with (see giveUp).
 * `onError` sees every failed attempt. A non-retryable error is thrown as it is; attempts never start after the
 * deadline, and a retryable failure once the deadline has passed (the call was cut at the deadline) becomes StepTimeout
 * naming the attempt that was outstanding. Errors that are not ApiErrors (bugs) pass through at once.
 */
export async function withRetry<T>(
  operation: Operation,
  call: () => Promise<T>,
  ctx: RetryContext,
  onError?: (error: ApiError) => void
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    if (ctx.deadline.passed())
      throw ctx.deadline.exceeded({ operation, attempt, maxAttempts: ctx.maxAttempts, outstanding: false })
    try {
      return await call()
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      onError?.(error)
      const plan = planRetry(error, attempt, ctx)
      if (!plan.retry && plan.reason === 'not-retryable') throw error
      if (ctx.deadline.passed())
        throw ctx.deadline.exceeded({ operation, attempt, maxAttempts: ctx.maxAttempts, outstanding: true })
      if (!plan.retry) throw giveUp(error, attempt, plan, ctx)
      ctx.log(retryLine(error, attempt, ctx.maxAttempts, plan.waitMs))
      await ctx.sleep(plan.waitMs)
    }
  }
}

/** backoffFromEnv returns the backoff the TEST_BACKOFF_ENV test seam asks for, or undefined when it is unset or malformed. */
export function backoffFromEnv(env: Readonly<Record<string, string | undefined>>): Backoff | undefined {
  const match = /^(\d{1,6}),(\d{1,6})$/.exec(env[TEST_BACKOFF_ENV]?.trim() ?? '')
  if (!match) return undefined
  const baseMs = Number(match[1])
  const capMs = Number(match[2])
  return baseMs <= capMs && capMs <= DEFAULT_BACKOFF.capMs ? Object.freeze({ baseMs, capMs }) : undefined
}

/** realSleep waits `ms` on a timer. */
export function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
