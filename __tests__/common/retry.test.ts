import { describe, expect, it } from '@jest/globals'
import { Deadline } from '../../src/common/deadline.js'
import { ApiError, type ApiErrorDetails } from '../../src/common/errors.js'
import {
  backoffFromEnv,
  backoffMs,
  DEFAULT_BACKOFF,
  formatWait,
  isRetryable,
  MAX_RETRY_AFTER_MS,
  outcomeUnknown,
  planRetry,
  TEST_BACKOFF_ENV,
  withRetry,
  type RetryContext
} from '../../src/common/retry.js'
import { fakeClock } from '../../__fixtures__/fake-api.js'

type Details = Partial<ApiErrorDetails> & Pick<ApiErrorDetails, 'kind' | 'code'>
const error = (details: Details): ApiError =>
  new ApiError({ operation: 'ListAppInstanceGroup', detail: 'x', sent: true, ...details })
const service = (code: string, httpStatus: number, extra: Partial<ApiErrorDetails> = {}): ApiError =>
  error({ kind: 'service', code, httpStatus, requestId: `RID-${code}`, ...extra })

describe('isRetryable', () => {
  it.each<{ name: string; error: ApiError; expected: boolean }>([
    { name: 'Throttling', error: service('Throttling', 400), expected: true },
    { name: 'Throttling.User', error: service('Throttling.User', 400), expected: true },
    { name: 'Throttling.Api', error: service('Throttling.Api', 400), expected: true },
    { name: 'an unlisted Throttling.* code', error: service('Throttling.Tenant', 400), expected: true },
    { name: 'InternalError', error: service('InternalError', 500), expected: true },
    { name: 'ServiceUnavailable', error: service('ServiceUnavailable', 503), expected: true },
    { name: 'an unknown code at 502', error: service('BadGateway', 502), expected: true },
    { name: 'a 5xx without a code', error: service('HTTP504', 504), expected: true },
    {
      name: 'an HTML 503 (status from the trace)',
      error: error({ kind: 'invalid-response', code: 'InvalidResponse', httpStatus: 503 }),
      expected: true
    },
    {
      name: 'a non-JSON answer without a status',
      error: error({ kind: 'invalid-response', code: 'InvalidResponse' }),
      expected: true
    },
    {
      name: 'a 200 of the wrong shape',
      error: error({ kind: 'invalid-response', code: 'InvalidResponse', httpStatus: 200 }),
      expected: false
    },
    { name: 'a timeout', error: error({ kind: 'timeout', code: 'RequestTimeout' }), expected: true },
    { name: 'the step timeout', error: error({ kind: 'timeout', code: 'StepTimeout' }), expected: false },
    { name: 'a reset connection', error: error({ kind: 'network', code: 'ECONNRESET' }), expected: true },
    { name: 'a refused connection', error: error({ kind: 'network', code: 'ECONNREFUSED', sent: false }), expected: true },
    { name: 'a broken pipe', error: error({ kind: 'network', code: 'EPIPE' }), expected: true },
    { name: 'an unknown host', error: error({ kind: 'network', code: 'ENOTFOUND', sent: false }), expected: false },
    { name: 'a certificate error', error: error({ kind: 'network', code: 'CERT_HAS_EXPIRED', sent: false }), expected: false },
    {
      name: 'the client library refusing',
      error: error({ kind: 'client', code: 'InvalidCredentials', sent: false }),
      expected: false
    },
    { name: 'InvalidAccessKeyId.NotFound', error: service('InvalidAccessKeyId.NotFound', 404), expected: false },
    { name: 'InvalidAccessKeyId.Inactive', error: service('InvalidAccessKeyId.Inactive', 400), expected: false },
    { name: 'SignatureDoesNotMatch', error: service('SignatureDoesNotMatch', 400), expected: false },
    { name: 'InvalidTimeStamp.Expired', error: service('InvalidTimeStamp.Expired', 400), expected: false },
    { name: 'InvalidSecurityToken.Expired', error: service('InvalidSecurityToken.Expired', 400), expected: false },
    { name: 'Forbidden.RAM', error: service('Forbidden.RAM', 403), expected: false },
    { name: 'NoPermission', error: service('NoPermission', 403), expected: false },
    { name: 'InvalidParameter.TaskId', error: service('InvalidParameter.TaskId', 400), expected: false },
    { name: 'MissingTaskId', error: service('MissingTaskId', 400), expected: false },
    { name: 'InvalidAppInstanceGroup.NotFound', error: service('InvalidAppInstanceGroup.NotFound', 400), expected: false },
    { name: 'an unknown 4xx code', error: service('SomethingElse', 400), expected: false }
  ])('retries $name: $expected', ({ error, expected }) => {
    expect(isRetryable(error)).toBe(expected)
  })
})

describe('outcomeUnknown', () => {
  it.each<{ name: string; error: ApiError; expected: boolean }>([
    { name: 'a throttled call', error: service('Throttling.User', 400), expected: false },
    { name: 'a permission error', error: service('Forbidden.RAM', 403), expected: false },
    { name: 'a 500 answer', error: service('InternalError', 500), expected: true },
    { name: 'a 503 answer', error: service('ServiceUnavailable', 503), expected: true },
    { name: 'an HTML 503', error: error({ kind: 'invalid-response', code: 'InvalidResponse', httpStatus: 503 }), expected: true },
    {
      name: 'a 200 of the wrong shape',
      error: error({ kind: 'invalid-response', code: 'InvalidResponse', httpStatus: 200 }),
      expected: true
    },
    { name: 'a timeout', error: error({ kind: 'timeout', code: 'RequestTimeout' }), expected: true },
    { name: 'a reset after sending', error: error({ kind: 'network', code: 'ECONNRESET' }), expected: true },
    { name: 'a refused connection', error: error({ kind: 'network', code: 'ECONNREFUSED', sent: false }), expected: false },
    {
      name: 'the client library refusing',
      error: error({ kind: 'client', code: 'InvalidCredentials', sent: false }),
      expected: false
    }
  ])('says $expected for $name', ({ error, expected }) => {
    expect(outcomeUnknown(error)).toBe(expected)
  })
})

describe('backoffMs', () => {
  const backoff = { baseMs: 1000, capMs: 20_000 }

  it.each([
    { retry: 1, random: 0.999999, expected: 999 },
    { retry: 2, random: 0.5, expected: 1000 },
    { retry: 3, random: 0.5, expected: 2000 },
    { retry: 5, random: 0.999999, expected: 15_999 },
    { retry: 6, random: 0.999999, expected: 19_999 },
    { retry: 9, random: 0.5, expected: 10_000 },
    { retry: 3, random: 0, expected: 0 }
  ])(
    'waits random × min(cap, base × 2^(n-1)) before retry $retry (random $random): $expected ms',
    ({ retry, random, expected }) => {
      expect(backoffMs(retry, backoff, () => random)).toBe(expected)
    }
  )

  it('waits what x-acs-retry-after asks plus the jitter, so callers throttled together come back spread out', () => {
    expect(backoffMs(1, backoff, () => 0.1, 2500)).toBe(2600)
    expect(backoffMs(4, backoff, () => 0.5, 300)).toBe(4300)
  })

  it.each([
    { retry: 1, random: 0.5, expected: 1000 },
    { retry: 3, random: 0.5, expected: 4000 },
    { retry: 5, random: 0.999999, expected: 19_999 }
  ])('doubles the ceiling after a throttling code, still capped: retry $retry → $expected ms', ({ retry, random, expected }) => {
    expect(backoffMs(retry, backoff, () => random, undefined, true)).toBe(expected)
  })

  it(`caps x-acs-retry-after at ${MAX_RETRY_AFTER_MS} ms`, () => {
    expect(backoffMs(1, backoff, () => 0, 3_600_000)).toBe(MAX_RETRY_AFTER_MS)
  })

  it('honours x-acs-retry-after even when the backoff itself is shortened', () => {
    expect(backoffMs(1, { baseMs: 1, capMs: 5 }, () => 0.5, 200)).toBe(200)
  })
})

function context(
  overrides: Partial<RetryContext> = {}
): RetryContext & { lines: string[]; slept: number[]; advance(ms: number): void } {
  const clock = fakeClock(0)
  let extra = 0
  const lines: string[] = []
  return {
    maxAttempts: 3,
    backoff: DEFAULT_BACKOFF,
    deadline: new Deadline(60_000, () => clock.now() + extra, 'timeout-minutes: 1'),
    sleep: clock.sleep,
    random: () => 0.5,
    log: (line) => lines.push(line),
    lines,
    slept: clock.slept,
    advance: (ms) => (extra += ms),
    ...overrides
  }
}

describe('planRetry', () => {
  it('retries a retryable error after the jittered wait', () => {
    expect(planRetry(service('ServiceUnavailable', 503), 1, context())).toEqual({ retry: true, waitMs: 500 })
  })

  it('waits twice as long after throttling', () => {
    expect(planRetry(service('Throttling.User', 400), 1, context())).toEqual({ retry: true, waitMs: 1000 })
  })

  it('stops at once on an error that is not retryable', () => {
    expect(planRetry(service('Forbidden.RAM', 403), 1, context())).toEqual({ retry: false, reason: 'not-retryable' })
  })

  it('stops after the last attempt of a server error (throttling is not counted: retry-throttling.test.ts)', () => {
    expect(planRetry(service('ServiceUnavailable', 503), 3, context())).toEqual({ retry: false, reason: 'attempts' })
  })

  it('stops when the wait would end past the deadline', () => {
    const ctx = context()
    ctx.advance(59_600)
    expect(planRetry(service('Throttling.User', 400), 1, ctx)).toEqual({ retry: false, reason: 'deadline' })
  })
})

describe('withRetry', () => {
  it('returns the first success and sleeps only between attempts, a throttled one not counted against max-attempts', async () => {
    const ctx = context()
    const answers: Array<ApiError | string> = [service('Throttling.User', 400), service('ServiceUnavailable', 503), 'ok']
    const result = await withRetry(
      'ListAppInstanceGroup',
      async () => {
        const next = answers.shift()
        if (next instanceof ApiError) throw next
        return next
      },
      ctx
    )
    expect(result).toBe('ok')
    expect(ctx.slept).toEqual([1000, 1000])
    expect(ctx.lines).toEqual([
      'ListAppInstanceGroup failed with Throttling.User (request id RID-Throttling.User): throttled 1 time ' +
        '(not counted against max-attempts 3); retrying in 1.0 s',
      'ListAppInstanceGroup failed with ServiceUnavailable (request id RID-ServiceUnavailable): attempt 2 ' +
        '(after 1 throttled, which max-attempts 3 does not count); retrying in 1.0 s'
    ])
  })

  it('never sleeps after the last attempt of a server error and says how many were made (throttling has no last)', async () => {
    const ctx = context()
    let calls = 0
    const thrown = await withRetry(
      'ListAppInstanceGroup',
      async () => {
        calls += 1
        throw service('ServiceUnavailable', 503)
      },
      ctx
    ).catch((e: unknown) => e)
    expect(calls).toBe(3)
    expect(ctx.slept).toHaveLength(2)
    expect(thrown).toMatchObject({ code: 'ServiceUnavailable', attempts: 3, requestId: 'RID-ServiceUnavailable' })
    expect((thrown as ApiError).message).toMatch(/; gave up after 3 attempts$/)
  })

  it('throws an error that is not retryable at once, unchanged', async () => {
    const ctx = context()
    const denied = service('InvalidAccessKeyId.Inactive', 400)
    let calls = 0
    const thrown = await withRetry(
      'ListAppInstanceGroup',
      async () => {
        calls += 1
        throw denied
      },
      ctx
    ).catch((e: unknown) => e)
    expect(thrown).toBe(denied)
    expect(calls).toBe(1)
    expect(ctx.slept).toEqual([])
  })

  it('hands every failed attempt to onError (a server error, which max-attempts bounds)', async () => {
    const seen: string[] = []
    await withRetry(
      'ListAppInstanceGroup',
      async () => {
        throw service('ServiceUnavailable', 503)
      },
      context(),
      (e) => seen.push(e.code)
    ).catch(() => undefined)
    expect(seen).toEqual(['ServiceUnavailable', 'ServiceUnavailable', 'ServiceUnavailable'])
  })

  it('fails as StepTimeout naming the attempt that was outstanding when the deadline passed during it', async () => {
    const ctx = context()
    const thrown = await withRetry(
      'ApproveOtaTask',
      async () => {
        ctx.advance(61_000)
        throw error({ operation: 'ApproveOtaTask', kind: 'timeout', code: 'RequestTimeout' })
      },
      ctx
    ).catch((e: unknown) => e)
    expect(thrown).toMatchObject({ code: 'StepTimeout', kind: 'timeout', operation: 'ApproveOtaTask', sent: true })
    expect((thrown as ApiError).message).toBe(
      "StepTimeout: the step's time limit (timeout-minutes: 1) passed while ApproveOtaTask attempt 1 of 3 was outstanding"
    )
  })

  it('gives up before a wait that would end past the deadline, naming the attempt that could not start and the throttled ones', async () => {
    const ctx = context()
    ctx.advance(59_700)
    const thrown = await withRetry(
      'ListAppInstanceGroup',
      async () => {
        throw service('Throttling.User', 400)
      },
      ctx
    ).catch((e: unknown) => e)
    expect(ctx.slept).toEqual([])
    expect((thrown as ApiError).message).toBe(
      "StepTimeout: the step's time limit (timeout-minutes: 1) leaves no time for ListAppInstanceGroup attempt 2 " +
        '(after 1 throttled, which max-attempts 3 does not count) after Throttling.User (request id RID-Throttling.User)'
    )
  })

  it('starts no attempt once the deadline has passed', async () => {
    const ctx = context()
    ctx.advance(60_000)
    let calls = 0
    const thrown = await withRetry(
      'ListAppInstanceGroup',
      async () => {
        calls += 1
        return 'ok'
      },
      ctx
    ).catch((e: unknown) => e)
    expect(calls).toBe(0)
    expect(thrown).toMatchObject({ code: 'StepTimeout', sent: false })
  })

  it('lets an error that is not an ApiError through at once', async () => {
    const ctx = context()
    await expect(
      withRetry(
        'ListAppInstanceGroup',
        async () => {
          throw new TypeError('bug')
        },
        ctx
      )
    ).rejects.toThrow('bug')
    expect(ctx.slept).toEqual([])
  })
})

describe('backoffFromEnv', () => {
  it.each<{ value: string | undefined; expected: { baseMs: number; capMs: number } | undefined }>([
    { value: '10,50', expected: { baseMs: 10, capMs: 50 } },
    { value: ' 0,0 ', expected: { baseMs: 0, capMs: 0 } },
    { value: '1000,20000', expected: { baseMs: 1000, capMs: 20_000 } },
    { value: undefined, expected: undefined },
    { value: '', expected: undefined },
    { value: '50,10', expected: undefined },
    { value: '10,50000', expected: undefined },
    { value: '10', expected: undefined },
    { value: '10;50', expected: undefined },
    { value: '-1,50', expected: undefined },
    { value: '1e1,50', expected: undefined },
    { value: '10,50,90', expected: undefined }
  ])('reads "$value" as $expected', ({ value, expected }) => {
    expect(backoffFromEnv({ [TEST_BACKOFF_ENV]: value })).toEqual(expected)
  })
})

describe('formatWait', () => {
  it.each([
    [0, '0 ms'],
    [999, '999 ms'],
    [1000, '1.0 s'],
    [12_345, '12.3 s']
  ])('writes %s ms as %s', (ms, expected) => {
    expect(formatWait(ms)).toBe(expected)
  })
})
