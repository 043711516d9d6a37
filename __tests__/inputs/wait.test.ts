import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/common/errors.js'
import { parseStartTime } from '../../src/inputs/start-time.js'
import { checkWaitFits } from '../../src/inputs/wait.js'

describe('checkWaitFits', () => {
  const now = new Date('2026-06-15T12:00:00Z')

  it('accepts a start within the wait', () => {
    expect(() => checkWaitFits(parseStartTime('now', now), 0.1, now)).not.toThrow()
    expect(() => checkWaitFits(parseStartTime('+1h', now), 60, now)).not.toThrow()
  })

  it('throws naming wait-timeout-minutes when the update starts after the wait would end', () => {
    let thrown: unknown
    try {
      checkWaitFits(parseStartTime('+2h', now), 60, now)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(InputError)
    expect((thrown as InputError).message).toBe(
      'wait-timeout-minutes: 60 minutes end before the update starts (start-time +2h is 2h00m away); ' +
        'raise wait-timeout-minutes to cover the time until the start and the update itself, or set wait: false'
    )
  })
})
