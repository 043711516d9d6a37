import { describe, expect, it } from '@jest/globals'
import { Deadline } from '../../src/common/deadline.js'

describe('Deadline', () => {
  const at = (now: number) => new Deadline(10_000, () => now, 'timeout-minutes: 0.2')

  it('tells the time left, and that it has passed from the limit on', () => {
    expect(at(4000).remainingMs()).toBe(6000)
    expect(at(9999).passed()).toBe(false)
    expect(at(10_000).passed()).toBe(true)
    expect(at(12_000).remainingMs()).toBe(-2000)
  })

  it('allows only a wait that ends before the limit', () => {
    expect(at(4000).allowsWait(5999)).toBe(true)
    expect(at(4000).allowsWait(6000)).toBe(false)
  })

  it('never passes without a limit', () => {
    const none = Deadline.none()
    expect(none.passed()).toBe(false)
    expect(none.allowsWait(3_600_000)).toBe(true)
  })

  it.each([
    {
      outstanding: true,
      message:
        "StepTimeout: the step's time limit (timeout-minutes: 0.2) passed while ApproveOtaTask attempt 2 of 5 was outstanding",
      sent: true
    },
    {
      outstanding: false,
      message: "StepTimeout: the step's time limit (timeout-minutes: 0.2) leaves no time for ApproveOtaTask attempt 2 of 5",
      sent: false
    }
  ])('names the call in its StepTimeout error (outstanding: $outstanding)', ({ outstanding, message, sent }) => {
    const error = at(10_000).exceeded({ operation: 'ApproveOtaTask', attempt: 2, maxAttempts: 5, outstanding })
    expect(error).toMatchObject({ code: 'StepTimeout', kind: 'timeout', operation: 'ApproveOtaTask', sent })
    expect(error.message).toBe(message)
  })
})
