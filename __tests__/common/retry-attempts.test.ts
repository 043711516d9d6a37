/**
 * The retry policy's rule for throttled attempts: they do not count against max-attempts, so a throttled call is
 * retried until its next wait would end past the deadline, while max-attempts still bounds every other retryable
 * error. And the shared Gate that each attempt waits for.
 */
import { describe, expect, it } from '@jest/globals'
import { Deadline } from '../../src/common/deadline.js'
import type { ApiError } from '../../src/common/errors.js'
import {
  DEFAULT_BACKOFF,
  planRetry,
  retryLine,
  withRetry,
  type Admission,
  type Gate,
  type RetryContext,
  type RetryPlan
} from '../../src/common/retry.js'
import { apiError, fakeClock } from '../../__fixtures__/fake-api.js'

const THROTTLED = apiError({ operation: 'ListAppInstanceGroup', code: 'Throttling.User' })
const UNAVAILABLE = apiError({ operation: 'ListAppInstanceGroup', code: 'ServiceUnavailable', httpStatus: 503 })

function context(gate?: Gate): RetryContext & { lines: string[]; slept: number[]; now: () => number } {
  const clock = fakeClock(0)
  const lines: string[] = []
  return {
    maxAttempts: 3,
    backoff: DEFAULT_BACKOFF,
    deadline: new Deadline(60_000, clock.now, 'timeout-minutes: 1'),
    sleep: clock.sleep,
    random: () => 0.5,
    log: (line) => lines.push(line),
    lines,
    slept: clock.slept,
    now: clock.now,
    ...(gate ? { gate } : {})
  }
}

/** answers returns a call that fails with each error in turn, then answers 'ok'. */
function answers(errors: ApiError[]): () => Promise<string> {
  const queue = [...errors]
  return async () => {
    const next = queue.shift()
    if (next) throw next
    return 'ok'
  }
}

describe('planRetry with throttled attempts', () => {
  it.each<{ name: string; error: ApiError; attempt: number; throttledBefore: number; expected: RetryPlan }>([
    {
      name: 'retries a throttled attempt at max-attempts, since it is not counted',
      error: THROTTLED,
      attempt: 3,
      throttledBefore: 2,
      expected: { retry: true, waitMs: 4000 }
    },
    {
      name: 'retries a throttled attempt far past max-attempts, the wait capped',
      error: THROTTLED,
      attempt: 12,
      throttledBefore: 11,
      expected: { retry: true, waitMs: 10_000 }
    },
    {
      name: 'retries a server error that is the 2nd counted of 3, after one throttled',
      error: UNAVAILABLE,
      attempt: 3,
      throttledBefore: 1,
      expected: { retry: true, waitMs: 2000 }
    },
    {
      name: 'stops a server error that is the 3rd counted of 3, after one throttled',
      error: UNAVAILABLE,
      attempt: 4,
      throttledBefore: 1,
      expected: { retry: false, reason: 'attempts' }
    }
  ])('$name', ({ error, attempt, throttledBefore, expected }) => {
    expect(planRetry(error, attempt, context(), throttledBefore)).toEqual(expected)
  })
})

describe('retryLine', () => {
  it.each([
    {
      name: 'a throttled attempt: how many, not counted',
      error: THROTTLED,
      throttledBefore: 4,
      expected: 'throttled 5 times (not counted against max-attempts 3); retrying in 1.0 s'
    },
    { name: 'the first throttled attempt', error: THROTTLED, throttledBefore: 0, expected: 'throttled 1 time (not counted' },
    { name: 'a server error with none throttled, as before', error: UNAVAILABLE, throttledBefore: 0, expected: 'attempt 6 of 3' },
    {
      name: 'a server error after throttled ones',
      error: UNAVAILABLE,
      throttledBefore: 4,
      expected: 'attempt 6 (after 4 throttled, which max-attempts 3 does not count); retrying in 1.0 s'
    }
  ])('names $name', ({ error, throttledBefore, expected }) => {
    expect(retryLine(error, 6, 3, 1000, 'retrying', throttledBefore)).toContain(expected)
  })
})

describe('withRetry with throttled attempts', () => {
  it('retries a call throttled more often than max-attempts until it succeeds', async () => {
    const ctx = context()
    const result = await withRetry('ListAppInstanceGroup', answers(Array(6).fill(THROTTLED)), ctx)
    expect(result).toBe('ok')
    expect(ctx.slept).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000])
    expect(ctx.lines.at(-1)).toBe(
      'ListAppInstanceGroup failed with Throttling.User (request id RID-Throttling.User): throttled 6 times ' +
        '(not counted against max-attempts 3); retrying in 10.0 s'
    )
  })

  it('still stops a server error after max-attempts counted ones, however many were throttled between them', async () => {
    const ctx = context()
    const errors = [THROTTLED, UNAVAILABLE, THROTTLED, THROTTLED, UNAVAILABLE, UNAVAILABLE]
    const thrown = await withRetry('ListAppInstanceGroup', answers(errors), ctx).catch((e: unknown) => e)
    expect(thrown).toMatchObject({ code: 'ServiceUnavailable', attempts: 6 })
    expect(ctx.slept).toHaveLength(5)
  })

  it('gives a call that stays throttled up only when the next wait would end past the deadline', async () => {
    const ctx = context()
    let calls = 0
    const thrown = await withRetry(
      'ListAppInstanceGroup',
      async () => {
        calls += 1
        throw THROTTLED
      },
      ctx
    ).catch((e: unknown) => e)
    // Waits of 1, 2, 4, 8, 10, 10, 10, 10 s: 55 s; the next 10 s would end past 60 s.
    expect(calls).toBe(9)
    expect(ctx.now()).toBe(55_000)
    expect(thrown).toMatchObject({ code: 'StepTimeout', sent: false, requestId: 'RID-Throttling.User' })
    expect((thrown as ApiError).message).toBe(
      "StepTimeout: the step's time limit (timeout-minutes: 1) leaves no time for ListAppInstanceGroup attempt 10 " +
        '(after 9 throttled, which max-attempts 3 does not count) after Throttling.User (request id RID-Throttling.User)'
    )
  })
})

describe('withRetry with a gate', () => {
  it('waits for the gate before each attempt and reports how each ended', async () => {
    const ended: (string | undefined)[] = []
    const gate: Gate = {
      admit: async () => ({ done: (error) => ended.push(error?.code) }) satisfies Admission
    }
    const result = await withRetry('ListAppInstanceGroup', answers([THROTTLED, UNAVAILABLE]), context(gate))
    expect(result).toBe('ok')
    expect(ended).toEqual(['Throttling.User', 'ServiceUnavailable', undefined])
  })

  it('starts no attempt the gate refuses for the deadline, and names the throttled answer before it', async () => {
    let admitted = 0
    const gate: Gate = { admit: async () => (admitted++ === 0 ? { done: () => undefined } : undefined) }
    let calls = 0
    const thrown = await withRetry(
      'ListAppInstanceGroup',
      async () => {
        calls += 1
        throw THROTTLED
      },
      context(gate)
    ).catch((e: unknown) => e)
    expect(calls).toBe(1)
    expect(thrown).toMatchObject({ code: 'StepTimeout', sent: false })
    expect((thrown as ApiError).message).toBe(
      "StepTimeout: the step's time limit (timeout-minutes: 1) leaves no time for ListAppInstanceGroup attempt 2 " +
        '(after 1 throttled, which max-attempts 3 does not count) after Throttling.User (request id RID-Throttling.User)'
    )
  })
})
