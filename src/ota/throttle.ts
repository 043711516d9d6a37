/**
 * The fleet's limiter, one per step and shared by all of the step's calls (step.ts creates it for a fleet). The
 * service limits requests per second for the whole account, and a fast network answers in milliseconds, so the
 * limiter paces how often calls start. The `concurrency` input already bounds how many calls are in flight:
 * - until the first throttled answer, nothing is paced (a fleet that is never throttled runs as before);
 * - a throttled answer cuts the rate to DECREASE × the rate actually sent, at most once per CUT_SPACING_MS, because
 *   the answers that follow a cut still reflect the rate from before it;
 * - each answer that is not throttled raises the rate by INCREASE_PER_SECOND / rate, so about INCREASE_PER_SECOND
 *   per second at full pace (additive increase, multiplicative decrease);
 * - a throttled answer's `x-acs-retry-after` pauses every new call, not only its own retry. A random part of one
 *   interval is added, so that separate steps throttled together do not all come back at the same instant.
 * The decisions are pure functions of the state and the time; createThrottle applies them with the injected clock,
 * sleep and randomness.
 */
import type { Deadline } from '../common/deadline.js'
import type { ApiError } from '../common/errors.js'
import { formatWait, isThrottling, MAX_RETRY_AFTER_MS, type Admission, type Gate } from '../common/retry.js'

/** DECREASE is the factor a throttled answer cuts the rate by. */
export const DECREASE = 0.7
/** INCREASE_PER_SECOND is how much the rate grows per second of unthrottled answers at full pace, in calls per second. */
export const INCREASE_PER_SECOND = 1
/** MIN_RATE is the lowest rate, in calls per second: the limiter slows the step down but never stops it. */
export const MIN_RATE = 1
/** CUT_SPACING_MS is the least time between two cuts of the rate. */
export const CUT_SPACING_MS = 1000
/** RATE_WINDOW_MS is the window over which the rate actually sent is measured. */
export const RATE_WINDOW_MS = 1000

/** ThrottleState is what the limiter knows; times are epoch ms. */
export interface ThrottleState {
  /** Calls per second that may start; Infinity until the first throttled answer. */
  readonly rate: number
  /** No call starts before this instant. */
  readonly pausedUntilMs: number
  /** When the latest call started. */
  readonly lastStartMs: number
  /** When the rate was last cut. */
  readonly cutAtMs: number
  /** When the calls of the last RATE_WINDOW_MS started, oldest first. */
  readonly starts: readonly number[]
}

/** UNTHROTTLED is the state a step starts in: no pacing, no pause. */
export const UNTHROTTLED: ThrottleState = Object.freeze({
  rate: Infinity,
  pausedUntilMs: -Infinity,
  lastStartMs: -Infinity,
  cutAtMs: -Infinity,
  starts: Object.freeze([]) as readonly number[]
})

/** intervalMs returns the time between two starts at `rate` calls per second (0 while unpaced). */
export function intervalMs(rate: number): number {
  return Number.isFinite(rate) ? 1000 / rate : 0
}

/** startDelayMs returns how long the next call must wait before it starts: 0 when it may start now. */
export function startDelayMs(state: ThrottleState, nowMs: number): number {
  return Math.max(0, state.pausedUntilMs - nowMs, state.lastStartMs + intervalMs(state.rate) - nowMs)
}

/** sentRate returns the calls per second started over the last RATE_WINDOW_MS. */
export function sentRate(state: ThrottleState, nowMs: number): number {
  return (state.starts.filter((t) => t > nowMs - RATE_WINDOW_MS).length * 1000) / RATE_WINDOW_MS
}

/** started returns the state after a call started at `nowMs`. */
export function started(state: ThrottleState, nowMs: number): ThrottleState {
  const starts = [...state.starts.filter((t) => t > nowMs - RATE_WINDOW_MS), nowMs]
  return { ...state, lastStartMs: nowMs, starts }
}

/**
 * throttled returns the state after a throttled answer at `nowMs`: the rate cut (unless it was cut within
 * CUT_SPACING_MS), and new calls paused for `retryAfterMs` (capped at MAX_RETRY_AFTER_MS) plus `random` × one interval.
 */
export function throttled(state: ThrottleState, nowMs: number, retryAfterMs: number | undefined, random: number): ThrottleState {
  const cut = nowMs - state.cutAtMs >= CUT_SPACING_MS
  const rate = cut ? Math.max(MIN_RATE, Math.min(state.rate, sentRate(state, nowMs)) * DECREASE) : state.rate
  const pauseMs = Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS) + random * intervalMs(rate)
  return {
    ...state,
    rate,
    cutAtMs: cut ? nowMs : state.cutAtMs,
    pausedUntilMs: Math.max(state.pausedUntilMs, nowMs + pauseMs)
  }
}

/**
 * answered returns the state after an answer that was not throttled: the rate raised by INCREASE_PER_SECOND / rate,
 * but only while the step uses at least half of it (a rate that is not used says nothing about the limit).
 */
export function answered(state: ThrottleState, nowMs: number): ThrottleState {
  if (!Number.isFinite(state.rate) || state.rate >= 2 * Math.max(MIN_RATE, sentRate(state, nowMs))) return state
  return { ...state, rate: state.rate + INCREASE_PER_SECOND / state.rate }
}

/** ThrottleOptions are the limiter's effects. */
export interface ThrottleOptions {
  /** The clock, in epoch ms. */
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  readonly random: () => number
  /** Receives a line each time the rate is cut. */
  readonly log: (line: string) => void
}

/** Throttle is the step's Gate, with its state for tests and the report. */
export interface Throttle extends Gate {
  state(): ThrottleState
}

interface Waiter {
  readonly deadline: Deadline
  readonly resolve: (admission: Admission | undefined) => void
}

/**
 * createThrottle returns the step's limiter: calls are admitted in the order they asked, each when startDelayMs allows;
 * one whose deadline would pass first is refused (admit resolves undefined), so it never starts.
 */
export function createThrottle(options: ThrottleOptions): Throttle {
  let state = UNTHROTTLED
  const queue: Waiter[] = []
  let pumping = false

  const finish = (error?: ApiError): void => {
    const now = options.now()
    if (error !== undefined && isThrottling(error)) {
      const before = state.rate
      state = throttled(state, now, error.retryAfterMs, options.random())
      if (state.rate < before) options.log(cutLine(state, now, error))
    } else if (error === undefined || (error.kind === 'service' && (error.httpStatus ?? 0) < 500)) {
      // Only an answer of the service itself says that the rate was fine; a 5xx or a lost connection says nothing.
      state = answered(state, now)
    }
  }

  const pump = async (): Promise<void> => {
    if (pumping) return
    pumping = true
    try {
      while (queue.length > 0) {
        const delay = startDelayMs(state, options.now())
        if (delay > 0) {
          refuseExpired(queue, delay)
          if (queue.length > 0) await options.sleep(delay)
          continue
        }
        const waiter = queue.shift() as Waiter
        state = started(state, options.now())
        let open = true
        waiter.resolve({
          done: (error) => {
            if (open) finish(error)
            open = false
          }
        })
      }
    } finally {
      pumping = false
    }
  }

  return {
    admit: (deadline) =>
      new Promise((resolve) => {
        queue.push({ deadline, resolve })
        void pump()
      }),
    state: () => state
  }
}

/** refuseExpired resolves, with undefined, every waiter whose deadline passes within `delayMs`. */
function refuseExpired(queue: Waiter[], delayMs: number): void {
  for (let i = queue.length - 1; i >= 0; i--) {
    const waiter = queue[i] as Waiter
    if (waiter.deadline.allowsWait(delayMs)) continue
    queue.splice(i, 1)
    waiter.resolve(undefined)
  }
}

function cutLine(state: ThrottleState, nowMs: number, error: ApiError): string {
  const pause = state.pausedUntilMs - nowMs
  return (
    `${error.operation} was throttled (${error.code}): the step starts at most ${state.rate.toFixed(1)} calls per second ` +
    `from now on, none for the next ${formatWait(pause)}`
  )
}
