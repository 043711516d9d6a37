import { describe, expect, it } from '@jest/globals'
import { hasSubscribers } from 'node:diagnostics_channel'
import { newNonce, parseRetryAfter, RESPONSE_CHANNEL, traceAnswer } from '../../src/wuying/http-trace.js'

describe('parseRetryAfter', () => {
  it.each<{ value: string | string[] | undefined; expected: number | undefined }>([
    { value: '1500', expected: 1500 },
    { value: ' 250 ', expected: 250 },
    { value: '0', expected: 0 },
    { value: ['300', '400'], expected: 300 },
    { value: undefined, expected: undefined },
    { value: '', expected: undefined },
    { value: '1.5', expected: undefined },
    { value: '-5', expected: undefined },
    { value: 'Wed, 21 Oct 2026 07:28:00 GMT', expected: undefined },
    { value: '9999999999', expected: undefined }
  ])('reads $value as $expected ms', ({ value, expected }) => {
    expect(parseRetryAfter(value)).toBe(expected)
  })
})

describe('newNonce', () => {
  it('returns 32 hex digits, different each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce))
    expect(nonces.size).toBe(100)
    for (const nonce of nonces) expect(nonce).toMatch(/^[0-9a-f]{32}$/)
  })
})

describe('traceAnswer', () => {
  it('subscribes while it watches and unsubscribes on stop, however often stop is called', () => {
    const tracer = traceAnswer(newNonce())
    expect(hasSubscribers(RESPONSE_CHANNEL)).toBe(true)
    expect(tracer.stop()).toBeUndefined()
    expect(tracer.stop()).toBeUndefined()
    expect(hasSubscribers(RESPONSE_CHANNEL)).toBe(false)
  })
})
