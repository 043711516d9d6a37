/**
 * The step's time limit (`timeout-minutes`): how much time is left, and the ApiError the step fails with when
 * the limit passes while a call is outstanding or before the next attempt could start. Pure: the clock is injected.
 */
import type { Operation } from './api.js'
import { ApiError } from './errors.js'

/** CODE_STEP_TIMEOUT is the action's own code for a step that ran out of time (not an API code). */
export const CODE_STEP_TIMEOUT = 'StepTimeout'

/** Deadline is the instant the step's API work must end by. */
export class Deadline {
  /**
   * @param atMs the instant (epoch ms) of the limit; Infinity for none
   * @param now the clock, in epoch ms
   * @param label how the user set the limit, for messages, e.g. `timeout-minutes: 10`
   */
  constructor(
    readonly atMs: number,
    private readonly now: () => number,
    readonly label: string
  ) {}

  /** none returns a deadline that never passes (for callers without a time limit). */
  static none(): Deadline {
    return new Deadline(Infinity, Date.now, 'no time limit')
  }

  /** remainingMs returns the time left (≤ 0 once passed; Infinity without a limit). */
  remainingMs(): number {
    return this.atMs - this.now()
  }

  /** passed tells whether the limit has been reached. */
  passed(): boolean {
    return this.remainingMs() <= 0
  }

  /** allowsWait tells whether a wait of `ms` from now still ends before the limit. */
  allowsWait(ms: number): boolean {
    return this.remainingMs() > ms
  }

  /**
   * exceeded returns the StepTimeout error naming the call that was outstanding (`outstanding` true) or that
   * could not start any more; `last` is the error of the attempt before, if any.
   */
  exceeded(
    call: { operation: Operation; attempt: number; maxAttempts: number; outstanding: boolean; throttled?: number },
    last?: ApiError
  ): ApiError {
    const which = `${call.operation} ${attemptLabel(call.attempt, call.maxAttempts, call.throttled)}`
    const when = call.outstanding ? `passed while ${which} was outstanding` : `leaves no time for ${which}`
    const before = last ? ` after ${last.code}` : ''
    return new ApiError({
      operation: call.operation,
      kind: 'timeout',
      code: CODE_STEP_TIMEOUT,
      detail: `the step's time limit (${this.label}) ${when}${before}`,
      // An outstanding call may have reached the service; one that never started did not.
      sent: call.outstanding,
      ...(last?.requestId ? { requestId: last.requestId } : {})
    })
  }
}

/**
 * attemptLabel returns how an attempt is named in messages: `attempt 2 of 5`; after throttled attempts, which
 * max-attempts does not count, `attempt 4 (after 3 throttled, which max-attempts 5 does not count)`.
 */
export function attemptLabel(attempt: number, maxAttempts: number, throttled = 0): string {
  if (throttled <= 0) return `attempt ${attempt} of ${maxAttempts}`
  return `attempt ${attempt} (after ${throttled} throttled, which max-attempts ${maxAttempts} does not count)`
}
