import { describe, expect, it } from '@jest/globals'
import {
  DEFAULT_POLL,
  failureCode,
  followedTask,
  isFinal,
  isKnownStatus,
  isUnderWay,
  pollDelayMs,
  pollFromEnv,
  TEST_POLL_ENV,
  unknownStatusNote
} from '../../src/ota/poll.js'
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

describe('task statuses', () => {
  it.each([
    { status: 'STANDBY', known: true, final: false, underWay: true },
    { status: 'RUNNING', known: true, final: false, underWay: true },
    { status: 'FINISHED', known: true, final: true, underWay: false },
    { status: 'PART_FINISHED', known: true, final: true, underWay: false },
    { status: 'FAILED', known: true, final: true, underWay: false },
    { status: 'TERMINATED', known: true, final: true, underWay: false },
    // Undocumented statuses are carried as they are: not final (the wait goes on), under way (a dry run predicts a refusal).
    { status: 'PAUSED', known: false, final: false, underWay: true },
    { status: 'finished', known: false, final: false, underWay: true },
    { status: 'ROLLING_BACK', known: false, final: false, underWay: true }
  ])('reads $status as known $known, final $final, under way $underWay', ({ status, known, final, underWay }) => {
    expect([isKnownStatus(status), isFinal(status), isUnderWay(status)]).toEqual([known, final, underWay])
    expect(unknownStatusNote(status)).toBe(known ? '' : ' (not a documented status: taken as under way, not final)')
  })

  it('follows a PAUSED task, the newest under way, when the id is not known', () => {
    expect(followedTask([task('ota-paused0001', 'PAUSED'), task('ota-done000001', 'FINISHED')], '')?.TaskId).toBe(
      'ota-paused0001'
    )
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
