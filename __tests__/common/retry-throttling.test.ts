/** Any HTTP 429 is throttling, whatever the kind of failure it was read as: retried with the throttling backoff. */
import { describe, expect, it } from '@jest/globals'
import { Deadline } from '../../src/common/deadline.js'
import { ApiError, type ApiErrorKind } from '../../src/common/errors.js'
import { DEFAULT_BACKOFF, isRetryable, isThrottling, planRetry, THROTTLING_FACTOR } from '../../src/common/retry.js'

const failed = (kind: ApiErrorKind, code: string, httpStatus?: number) =>
  new ApiError({ operation: 'ListAppInstanceGroup', kind, code, detail: 'x', sent: true, ...(httpStatus ? { httpStatus } : {}) })

describe('isThrottling and isRetryable', () => {
  it.each([
    { name: 'a text 429', error: failed('service', 'HTTP429', 429), throttling: true, retryable: true },
    {
      name: 'a 429 read as an unreadable answer',
      error: failed('invalid-response', 'InvalidResponse', 429),
      throttling: true,
      retryable: true
    },
    { name: 'a 429 with an unknown code', error: failed('service', 'TooManyRequests', 429), throttling: true, retryable: true },
    { name: 'a throttling code at 400', error: failed('service', 'Throttling.User', 400), throttling: true, retryable: true },
    { name: 'an unknown code at 400', error: failed('service', 'TooManyRequests', 400), throttling: false, retryable: false },
    { name: 'an unreadable 400', error: failed('invalid-response', 'InvalidResponse', 400), throttling: false, retryable: false },
    { name: 'a 503', error: failed('service', 'ServiceUnavailable', 503), throttling: false, retryable: true }
  ])('read $name as throttling $throttling, retryable $retryable', ({ error, throttling, retryable }) => {
    expect([isThrottling(error), isRetryable(error)]).toEqual([throttling, retryable])
  })

  it('waits with the throttling backoff after a text 429', () => {
    const deadline = new Deadline(Infinity, Date.now, 'none')
    const ctx = { maxAttempts: 5, backoff: DEFAULT_BACKOFF, deadline, random: () => 0.999 }
    const plan = planRetry(failed('service', 'HTTP429', 429), 1, ctx)
    expect(plan).toEqual({ retry: true, waitMs: Math.floor(0.999 * DEFAULT_BACKOFF.baseMs * THROTTLING_FACTOR) })
  })
})
