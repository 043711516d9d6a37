/**
 * The one retry policy: which failures are worth another attempt, how long to wait before it, and the loop that
 * runs a call under the policy within the step's deadline. Clock, sleep and randomness are injected.
 *
 * Retried: throttling and server codes (api.ts ERROR_CODES kinds), any HTTP 429 whatever its body (throttling), any
 * other 5xx, a non-JSON 5xx answer, dropped or refused connections, and timeouts. Never retried: authentication,
 * permission, validation and business codes, other 4xx answers, and the client library's own refusals. The STS
 * exchange follows the same policy (credentials/sts-retry.ts). Whether a state change may have been applied is a
 * separate question (outcomeUnknown): approval.ts reads the group back before it approves again.
 *
 * Throttling is retried while the deadline allows, not only max-attempts times: the service refused the call without
 * doing anything, and a fleet's calls share one limit that frees up with time. max-attempts bounds the other
 * retryable failures. A step's calls may also pass a shared Gate (ota/throttle.ts) that paces them.
 */
import { errorFact, type Operation } from './api.js'
import { attemptLabel, CODE_STEP_TIMEOUT, type Deadline } from './deadline.js'
import { ApiError, type ApiErrorKind } from './errors.js'

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

/**
 * RetryFailure is what the policy reads of a failed call: an ApiError, or what the STS exchange's OidcError maps to
 * (credentials/sts-retry.ts), so that both follow one policy.
 */
export interface RetryFailure {
  readonly operation: string
  readonly kind: ApiErrorKind
  readonly code: string
  readonly requestId?: string
  readonly httpStatus?: number
  readonly retryAfterMs?: number
}

/** isRetryable tells whether another attempt of the same call may succeed. */
export function isRetryable(error: RetryFailure): boolean {
  // HTTP 429 is throttling whatever its body (JSON, text, HTML or none): a gateway may answer it before the service.
  if (error.httpStatus === 429) return true
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
      return error.code !== CODE_STEP_TIMEOUT
    case 'network':
      return RETRYABLE_NETWORK.has(error.code)
    case 'client':
      return false
  }
}

/** isThrottling tells whether the call was refused for its request rate (a throttling code, any HTTP 429): nothing was done. */
export function isThrottling(error: RetryFailure): boolean {
  if (error.httpStatus === 429) return true
  return error.kind === 'service' && errorFact(error.code)?.kind === 'throttling'
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

/** Admission is one call let through a Gate: `done` reports how it ended (the ApiError it failed with, if any). */
export interface Admission {
  done(error?: ApiError): void
}

/** Gate is a limiter shared by a step's calls: admit resolves when a call may start, or undefined when the deadline comes first. */
export interface Gate {
  admit(deadline: Deadline): Promise<Admission | undefined>
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
  /** The step's shared limiter, if any (fleets): every attempt waits for it. */
  readonly gate?: Gate
}

/** RetryPlan says whether to try again after a failed attempt, and after how long; or why not. */
export type RetryPlan =
  | { readonly retry: true; readonly waitMs: number }
  | { readonly retry: false; readonly reason: 'not-retryable' | 'attempts' | 'deadline' }

/**
 * planRetry returns what to do after attempt number `attempt` failed with `error`, `throttledBefore` of the attempts
 * before it having been throttled. Throttled attempts do not count against maxAttempts: a throttled call is retried
 * until the wait would end past the deadline.
 */
export function planRetry(
  error: RetryFailure,
  attempt: number,
  ctx: Pick<RetryContext, 'maxAttempts' | 'backoff' | 'deadline' | 'random'>,
  throttledBefore = 0
): RetryPlan {
  if (!isRetryable(error)) return { retry: false, reason: 'not-retryable' }
  const throttled = isThrottling(error)
  if (!throttled && attempt - throttledBefore >= ctx.maxAttempts) return { retry: false, reason: 'attempts' }
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
  ctx: Pick<RetryContext, 'maxAttempts' | 'deadline'>,
  throttledBefore = 0
): ApiError {
  if (plan.reason === 'not-retryable') return error
  if (plan.reason === 'attempts') return new ApiError({ ...error.details(), attempts: attempt })
  const throttled = throttledBefore + (isThrottling(error) ? 1 : 0)
  return ctx.deadline.exceeded(
    { operation: error.operation, attempt: attempt + 1, maxAttempts: ctx.maxAttempts, outstanding: false, throttled },
    error
  )
}

/**
 * retryLine returns the log line of one retry: operation, code, request id, which attempt (a throttled one says how
 * many throttled answers so far, which max-attempts does not count) and the wait.
 */
export function retryLine(
  error: RetryFailure,
  attempt: number,
  maxAttempts: number,
  waitMs: number,
  doing = 'retrying',
  throttledBefore = 0
): string {
  const which = isThrottling(error)
    ? `throttled ${throttledBefore + 1} time${throttledBefore === 0 ? '' : 's'} (not counted against max-attempts ${maxAttempts})`
    : attemptLabel(attempt, maxAttempts, throttledBefore)
  return `${error.operation} failed with ${error.code} (request id ${error.requestId ?? 'none'}): ${which}; ${doing} in ${formatWait(waitMs)}`
}

/** formatWait returns a wait as `350 ms` below a second, else `1.2 s`. */
export function formatWait(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

/**
 * withRetry runs `call` until it succeeds or the policy says stop, and throws the ApiError to fail with (see giveUp).
 * `onError` sees every failed attempt. A non-retryable error is thrown as it is; attempts never start after the
 * deadline, and a retryable failure once the deadline has passed (the call was cut at the deadline) becomes StepTimeout
 * naming the attempt that was outstanding. Errors that are not ApiErrors (bugs) pass through at once. With a gate,
 * each attempt first waits for it; when the deadline comes first, the attempt never starts (StepTimeout).
 */
export async function withRetry<T>(
  operation: Operation,
  call: () => Promise<T>,
  ctx: RetryContext,
  onError?: (error: ApiError) => void
): Promise<T> {
  let throttled = 0
  let last: ApiError | undefined
  for (let attempt = 1; ; attempt++) {
    const { maxAttempts } = ctx
    if (ctx.deadline.passed()) throw ctx.deadline.exceeded({ operation, attempt, maxAttempts, outstanding: false, throttled })
    const admission = ctx.gate ? await ctx.gate.admit(ctx.deadline) : OPEN
    if (admission === undefined)
      throw ctx.deadline.exceeded({ operation, attempt, maxAttempts, outstanding: false, throttled }, last)
    try {
      const answer = await call()
      admission.done()
      return answer
    } catch (error) {
      if (!(error instanceof ApiError)) {
        admission.done()
        throw error
      }
      admission.done(error)
      onError?.(error)
      const plan = planRetry(error, attempt, ctx, throttled)
      if (!plan.retry && plan.reason === 'not-retryable') throw error
      if (ctx.deadline.passed()) throw ctx.deadline.exceeded({ operation, attempt, maxAttempts, outstanding: true, throttled })
      if (!plan.retry) throw giveUp(error, attempt, plan, ctx, throttled)
      ctx.log(retryLine(error, attempt, maxAttempts, plan.waitMs, 'retrying', throttled))
      if (isThrottling(error)) throttled += 1
      last = error
      await ctx.sleep(plan.waitMs)
    }
  }
}

/** OPEN is the admission of a call made without a gate. */
export const OPEN: Admission = Object.freeze({ done: () => undefined })

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
