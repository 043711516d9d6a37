import { describe, expect, it } from '@jest/globals'
import { Deadline } from '../../src/common/deadline.js'
import { MAX_RETRY_AFTER_MS } from '../../src/common/retry.js'
import {
  answered,
  createThrottle,
  MIN_RATE,
  sentRate,
  startDelayMs,
  started,
  throttled,
  UNTHROTTLED,
  type ThrottleState
} from '../../src/ota/throttle.js'
import { apiError } from '../../__fixtures__/fake-api.js'
import { virtualClock } from '../../__fixtures__/limited-api.js'

const T = 1_000_000
const at = (overrides: Partial<ThrottleState>): ThrottleState => ({ ...UNTHROTTLED, ...overrides })
/** starts returns `n` start times spread over the 1 s before T. */
const starts = (n: number): number[] => Array.from({ length: n }, (_, i) => T - 999 + Math.floor((i * 999) / n))

describe('startDelayMs', () => {
  it.each<{ name: string; state: ThrottleState; expected: number }>([
    { name: 'nothing while never throttled', state: UNTHROTTLED, expected: 0 },
    { name: 'the rest of a pause', state: at({ pausedUntilMs: T + 300 }), expected: 300 },
    { name: 'the rest of the interval at 4 calls/s', state: at({ rate: 4, lastStartMs: T - 100 }), expected: 150 },
    { name: 'nothing once the interval has passed', state: at({ rate: 4, lastStartMs: T - 300 }), expected: 0 },
    {
      name: 'the longer of pause and interval',
      state: at({ rate: 4, lastStartMs: T - 100, pausedUntilMs: T + 50 }),
      expected: 150
    },
    { name: 'nothing after a pause that ended', state: at({ pausedUntilMs: T - 1 }), expected: 0 }
  ])('waits $expected ms: $name', ({ state, expected }) => {
    expect(startDelayMs(state, T)).toBe(expected)
  })
})

describe('sentRate and started', () => {
  it.each<{ name: string; times: number[]; expected: number }>([
    { name: 'no call', times: [], expected: 0 },
    { name: 'calls of the last second only', times: [T - 1500, T - 1000, T - 999, T - 1], expected: 2 },
    { name: 'a burst', times: starts(50), expected: 50 }
  ])('measures $expected calls/s for $name', ({ times, expected }) => {
    expect(sentRate(at({ starts: times }), T)).toBe(expected)
  })

  it('records the start and forgets starts older than the window', () => {
    expect(started(at({ starts: [T - 2000, T - 10] }), T)).toEqual(at({ starts: [T - 10, T], lastStartMs: T }))
  })
})

describe('throttled', () => {
  it.each<{
    name: string
    state: ThrottleState
    retryAfterMs?: number
    random: number
    expected: Partial<ThrottleState>
  }>([
    {
      name: 'the first throttling cuts the rate actually sent by 0.7 and pauses for x-acs-retry-after',
      state: at({ starts: starts(20) }),
      retryAfterMs: 400,
      random: 0,
      expected: { rate: 14, cutAtMs: T, pausedUntilMs: T + 400 }
    },
    {
      name: 'a random part of one interval spreads the end of the pause',
      state: at({ starts: starts(20) }),
      retryAfterMs: 400,
      random: 0.5,
      expected: { rate: 14, pausedUntilMs: T + 400 + 500 / 14 }
    },
    {
      name: 'a rate below the rate sent is the one cut',
      state: at({ rate: 5, cutAtMs: T - 5000, starts: starts(8) }),
      random: 0,
      expected: { rate: 3.5, cutAtMs: T, pausedUntilMs: T }
    },
    {
      name: 'a second throttling within a second of the cut pauses but does not cut again',
      state: at({ rate: 10, cutAtMs: T - 500, starts: starts(10) }),
      retryAfterMs: 200,
      random: 0,
      expected: { rate: 10, cutAtMs: T - 500, pausedUntilMs: T + 200 }
    },
    {
      name: `the rate never falls below ${MIN_RATE} call/s`,
      state: at({ rate: 1.2, cutAtMs: T - 5000, starts: [T - 10] }),
      random: 0,
      expected: { rate: MIN_RATE }
    },
    {
      name: `x-acs-retry-after is capped at ${MAX_RETRY_AFTER_MS} ms`,
      state: at({ starts: starts(10) }),
      retryAfterMs: 3_600_000,
      random: 0,
      expected: { pausedUntilMs: T + MAX_RETRY_AFTER_MS }
    },
    {
      name: 'a pause under way is never shortened',
      state: at({ pausedUntilMs: T + 5000, starts: starts(10) }),
      retryAfterMs: 100,
      random: 0,
      expected: { pausedUntilMs: T + 5000 }
    }
  ])('$name', ({ state, retryAfterMs, random, expected }) => {
    const after = throttled(state, T, retryAfterMs, random)
    expect(after).toMatchObject(expected)
    expect(after.rate).toBeCloseTo(expected.rate ?? after.rate, 9)
  })
})

describe('answered', () => {
  it.each<{ name: string; state: ThrottleState; expected: number }>([
    { name: 'never throttled: no pacing at all', state: UNTHROTTLED, expected: Infinity },
    { name: 'in use: grows by 1/rate, about 1 call/s per second', state: at({ rate: 5, starts: starts(5) }), expected: 5.2 },
    { name: 'not in use: a rate twice what is sent does not grow', state: at({ rate: 5, starts: starts(2) }), expected: 5 },
    { name: 'at the least rate: grows while used', state: at({ rate: 1, starts: starts(1) }), expected: 2 }
  ])('leaves the rate at $expected when $name', ({ state, expected }) => {
    expect(answered(state, T).rate).toBeCloseTo(expected, 9)
  })
})

describe('createThrottle', () => {
  const THROTTLED = apiError({ operation: 'ApproveOtaTask', code: 'Throttling.User', retryAfterMs: 400 })

  function setUp(deadlineMs = Infinity) {
    const clock = virtualClock(T)
    const lines: string[] = []
    const throttle = createThrottle({ now: clock.now, sleep: clock.sleep, random: () => 0, log: (l) => lines.push(l) })
    const deadline = new Deadline(deadlineMs, clock.now, 'timeout-minutes: 1')
    const startedAt: number[] = []
    /** call waits for the gate, records when it started, and ends with `error` after 5 ms. */
    const call = async (error?: typeof THROTTLED): Promise<boolean> => {
      const admission = await throttle.admit(deadline)
      if (!admission) return false
      startedAt.push(clock.now())
      await clock.sleep(5)
      admission.done(error)
      return true
    }
    return { clock, throttle, lines, startedAt, call }
  }

  it('lets every call start at once, in order, while nothing was throttled', async () => {
    const { clock, call, startedAt, throttle } = setUp()
    await clock.run(Promise.all(Array.from({ length: 20 }, () => call())))
    expect(startedAt).toEqual(Array(20).fill(T))
    expect(throttle.state().rate).toBe(Infinity)
  })

  it('pauses every waiting call for x-acs-retry-after, then paces them at the cut rate', async () => {
    const { clock, call, startedAt, throttle, lines } = setUp()
    await clock.run(Promise.all(Array.from({ length: 10 }, () => call())))
    await clock.run(call(THROTTLED))
    // 11 calls started within the last second: 11 × 0.7; the throttled one started at T + 5 and ended 5 ms later.
    const cutAt = T + 10
    expect(throttle.state()).toMatchObject({ rate: expect.closeTo(7.7, 9), pausedUntilMs: cutAt + 400 })
    expect(lines).toEqual([
      'ApproveOtaTask was throttled (Throttling.User): the step starts at most 7.7 calls per second from now on, none for the next 400 ms'
    ])
    startedAt.length = 0
    await clock.run(Promise.all([call(), call(), call()]))
    // The first answer after the cut, unthrottled, raises the rate by 1/rate before the third call starts.
    const rate = 11 * 0.7
    const gaps = [0, 1000 / rate, 1000 / (rate + 1 / rate)]
    expect(startedAt.map((t, n) => t - (startedAt[n - 1] ?? cutAt + 400))).toEqual(gaps.map((ms) => expect.closeTo(ms, 6)))
  })

  it('refuses a call whose deadline passes before it could start, so that it never starts', async () => {
    const { clock, call, startedAt } = setUp(T + 200)
    await clock.run(call(THROTTLED))
    expect(await clock.run(call())).toBe(false)
    expect(startedAt).toEqual([T])
  })

  it('counts an admission that reports its end twice once', async () => {
    const { clock, throttle } = setUp()
    const admission = await clock.run(throttle.admit(Deadline.none()))
    admission?.done(THROTTLED)
    const after = throttle.state()
    admission?.done(THROTTLED)
    expect(throttle.state()).toBe(after)
  })
})
