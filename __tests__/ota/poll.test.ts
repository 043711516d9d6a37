import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/common/errors.js'
import {
  checkWaitFits,
  DEFAULT_POLL,
  failureCode,
  followedTask,
  formatElapsed,
  pollDelayMs,
  pollFromEnv,
  TEST_POLL_ENV
} from '../../src/ota/poll.js'
import { parseStartTime } from '../../src/inputs/start-time.js'
import { task } from '../../__fixtures__/fleet-api.js'

describe('pollDelayMs', () => {
  it('starts at 5 s and doubles up to a minute', () => {
    expect(Array.from({ length: 8 }, (_, n) => pollDelayMs(n + 1, DEFAULT_POLL))).toEqual([
      5000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000, 60_000
    ])
  })

  it('follows a shortened schedule', () => {
    expect([1, 2, 3, 4].map((n) => pollDelayMs(n, { firstMs: 50, capMs: 120 }))).toEqual([50, 100, 120, 120])
  })
})

describe('pollFromEnv', () => {
  it.each([
    { value: '50,200', expected: { firstMs: 50, capMs: 200 } },
    { value: ' 10,10 ', expected: { firstMs: 10, capMs: 10 } },
    { value: '', expected: undefined },
    { value: '200,50', expected: undefined },
    { value: '0,50', expected: undefined },
    { value: '50,60001', expected: undefined },
    { value: '50;200', expected: undefined },
    { value: '5s,20s', expected: undefined }
  ])('reads "$value" as $expected', ({ value, expected }) => {
    expect(pollFromEnv({ [TEST_POLL_ENV]: value })).toEqual(expected)
  })

  it('is undefined when the variable is not set', () => {
    expect(pollFromEnv({})).toBeUndefined()
  })
})

describe('formatElapsed', () => {
  it.each([
    [0, '0s'],
    [999, '0s'],
    [45_000, '45s'],
    [80_000, '1m20s'],
    [65_000, '1m05s'],
    [3_599_000, '59m59s'],
    [3_600_000, '1h00m'],
    [7_500_000, '2h05m'],
    [-5000, '0s']
  ])('shows %i ms as %s', (ms, expected) => {
    expect(formatElapsed(ms)).toBe(expected)
  })
})

describe('followedTask', () => {
  const tasks = [task('ota-newest0001', 'RUNNING'), task('ota-older00001', 'FINISHED')]

  it('finds the task by its id', () => {
    expect(followedTask(tasks, 'ota-older00001')?.TaskDisplayStatus).toBe('FINISHED')
  })

  it('is undefined when the task is not listed', () => {
    expect(followedTask(tasks, 'ota-missing0001')).toBeUndefined()
  })

  it('follows the newest scheduled or running task when the id is not known', () => {
    expect(followedTask([task('ota-done000001', 'FINISHED'), task('ota-stand00001', 'STANDBY')], '')?.TaskId).toBe(
      'ota-stand00001'
    )
  })

  it('falls back to the newest task when none is under way, and to nothing for no tasks', () => {
    expect(followedTask([task('ota-done000001', 'FAILED'), task('ota-done000002', 'FINISHED')], '')?.TaskId).toBe(
      'ota-done000001'
    )
    expect(followedTask([], '')).toBeUndefined()
  })
})

describe('failureCode', () => {
  it.each([
    ['FINISHED', undefined],
    ['PART_FINISHED', undefined],
    ['FAILED', 'TaskFailed'],
    ['TERMINATED', 'TaskTerminated']
  ] as const)('gives %s the code %p', (status, expected) => {
    expect(failureCode(status)).toBe(expected)
  })
})

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
