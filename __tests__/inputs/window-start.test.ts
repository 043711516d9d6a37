import { describe, expect, it } from '@jest/globals'
import { inputErrorOf } from '../../__fixtures__/errors.js'
import { checkCase as check, choose, NOW, type WindowCase as Case } from '../../__fixtures__/window-cases.js'
import { parseStartTime } from '../../src/inputs/start-time.js'
import { parseMaintenanceWindows } from '../../src/inputs/window.js'
import { applyMaintenanceWindow } from '../../src/inputs/window-start.js'

describe('chooseWindowStart in a zone without daylight saving (Asia/Shanghai)', () => {
  const zone = 'Asia/Shanghai'
  const weekend = 'Sat,Sun 22:00-02:00'
  it.each<Case>([
    {
      name: 'picks the next opening when the earliest start is outside every window',
      zone,
      window: weekend,
      expected: '2026-12-05T22:00:00+08:00',
      reason: 'next-opening'
    },
    {
      name: 'starts at the earliest start inside a window with hours left',
      zone,
      window: weekend,
      earliest: '2026-12-05T23:00:00+08:00',
      expected: '2026-12-05T23:00:00+08:00',
      reason: 'inside'
    },
    {
      name: 'starts at the earliest start exactly at the opening',
      zone,
      window: weekend,
      earliest: '2026-12-05T22:00:00+08:00',
      expected: '2026-12-05T22:00:00+08:00',
      reason: 'inside'
    },
    {
      name: 'starts after midnight in a window opened the day before',
      zone,
      window: weekend,
      earliest: '2026-12-06T01:00:00+08:00',
      expected: '2026-12-06T01:00:00+08:00',
      reason: 'inside'
    },
    {
      name: 'starts with exactly 30 minutes left',
      zone,
      window: weekend,
      earliest: '2026-12-06T01:30:00+08:00',
      expected: '2026-12-06T01:30:00+08:00',
      reason: 'inside'
    },
    {
      name: 'picks the next opening when fewer than 30 minutes are left',
      zone,
      window: weekend,
      earliest: '2026-12-06T01:31:00+08:00',
      expected: '2026-12-06T22:00:00+08:00',
      reason: 'next-opening'
    },
    {
      name: 'picks the next opening at the close',
      zone,
      window: weekend,
      earliest: '2026-12-06T02:00:00+08:00',
      expected: '2026-12-06T22:00:00+08:00',
      reason: 'next-opening'
    },
    {
      name: 'runs into the next week from a Sunday-night window',
      zone,
      window: 'Sun 22:00-02:00',
      earliest: '2026-12-07T01:00:00+08:00',
      expected: '2026-12-07T01:00:00+08:00',
      reason: 'inside'
    },
    {
      name: 'waits for the next week after a Sunday-night window',
      zone,
      window: 'Sun 22:00-02:00',
      earliest: '2026-12-07T03:00:00+08:00',
      expected: '2026-12-13T22:00:00+08:00',
      reason: 'next-opening'
    },
    {
      name: 'reads a wrapping range Fri-Mon on the Monday',
      zone,
      window: 'Fri-Mon 01:00-05:00',
      earliest: '2026-12-07T02:00:00+08:00',
      expected: '2026-12-07T02:00:00+08:00',
      reason: 'inside'
    },
    {
      name: 'skips Tuesday to Thursday in a wrapping range Fri-Mon',
      zone,
      window: 'Fri-Mon 01:00-05:00',
      earliest: '2026-12-08T03:00:00+08:00',
      expected: '2026-12-11T01:00:00+08:00',
      reason: 'next-opening'
    },
    {
      name: 'picks the sooner of several windows',
      zone,
      window: 'Sat,Sun 10:00-12:00; Mon-Fri 22:00-23:00',
      expected: '2026-12-02T22:00:00+08:00',
      reason: 'next-opening'
    },
    {
      name: 'moves on to another window when one is nearly over',
      zone,
      window: 'Mon-Fri 22:00-23:00; Sat,Sun 10:00-12:00',
      earliest: '2026-12-04T22:45:00+08:00',
      expected: '2026-12-05T10:00:00+08:00',
      reason: 'next-opening'
    },
    {
      name: 'counts windows that touch as one',
      zone,
      window: 'Sat 22:00-24:00; Sun 00:00-01:00',
      earliest: '2026-12-05T23:45:00+08:00',
      expected: '2026-12-05T23:45:00+08:00',
      reason: 'inside'
    },
    {
      name: 'counts windows that overlap as one',
      zone,
      window: 'Sat 20:00-23:00; Sat 22:00-23:50',
      earliest: '2026-12-05T23:15:00+08:00',
      expected: '2026-12-05T23:15:00+08:00',
      reason: 'inside'
    },
    {
      name: 'starts at once in an all-day window',
      zone,
      window: '00:00-24:00',
      expected: '2026-12-02T18:00:00+08:00',
      reason: 'inside'
    },
    {
      name: 'writes an earliest start given with another offset in the zone',
      zone,
      window: 'Sat 00:00-06:00',
      earliest: '2026-12-04T12:00:00-05:00',
      expected: '2026-12-05T01:00:00+08:00',
      reason: 'inside'
    }
  ])('$name', check)
})

describe('chooseWindowStart limits and explanations', () => {
  it('starts in UTC by default zone name', () => {
    check({
      name: '',
      zone: 'UTC',
      window: 'daily 01:00-03:00',
      now: '2026-06-15T12:00:00Z',
      expected: '2026-06-16T01:00:00+00:00',
      reason: 'next-opening'
    })
  })

  it('refuses an opening more than 30 days ahead, naming maintenance-window', () => {
    const error = inputErrorOf(() =>
      choose({
        name: '',
        zone: 'Asia/Shanghai',
        window: 'Sat 22:00-02:00',
        earliest: '2026-12-31T10:00:00Z',
        expected: '',
        reason: 'inside'
      })
    )
    expect(error.message).toBe(
      'maintenance-window: no window in Asia/Shanghai opens with 30 minutes to spare between the earliest start ' +
        '(Thu 2026-12-31 18:00) and 30 days from now (Fri 2027-01-01 18:00); give an earlier start-time or a window that opens sooner'
    )
  })

  it('accepts an opening exactly 30 days ahead', () => {
    const chosen = choose({
      name: '',
      zone: 'UTC',
      window: 'Fri 10:00-12:00',
      earliest: '2026-12-31T10:00:00Z',
      now: '2026-12-02T10:00:00Z',
      expected: '',
      reason: 'inside'
    })
    expect(chosen.text).toBe('2027-01-01T10:00:00+00:00')
  })

  it('explains a choice inside a window: the window, the zone, the local and UTC times, the time left', () => {
    const chosen = choose({
      name: '',
      zone: 'Asia/Shanghai',
      window: 'Sat,Sun 22:00-02:00',
      earliest: '2026-12-05T23:10:00+08:00',
      expected: '',
      reason: 'inside'
    })
    expect(chosen.choice).toEqual({
      window: 'Sat,Sun 22:00-02:00',
      zone: 'Asia/Shanghai',
      reason: 'inside',
      local: 'Sat 2026-12-05 23:10',
      utc: '2026-12-05T15:10:00Z',
      earliest: 'Sat 2026-12-05 23:10',
      minutesLeft: 170
    })
  })

  it('explains a next opening taken because too little of the window was left', () => {
    const chosen = choose({
      name: '',
      zone: 'Asia/Shanghai',
      window: 'Mon-Fri 22:00-23:00; Sat 10:00-12:00',
      earliest: '2026-12-04T22:50:30+08:00',
      expected: '',
      reason: 'inside'
    })
    expect(chosen.choice).toEqual({
      window: 'Sat 10:00-12:00',
      zone: 'Asia/Shanghai',
      reason: 'next-opening',
      local: 'Sat 2026-12-05 10:00',
      utc: '2026-12-05T02:00:00Z',
      earliest: 'Fri 2026-12-04 22:50:30',
      minutesLeft: 9
    })
  })
})

describe('applyMaintenanceWindow', () => {
  it('leaves the start time as it was without a window', () => {
    const startTime = parseStartTime('+2h', NOW)
    expect(applyMaintenanceWindow(startTime, [], 'Asia/Shanghai', NOW)).toBe(startTime)
  })

  it('moves the start time into the window and keeps what start-time said', () => {
    const moved = applyMaintenanceWindow(
      parseStartTime('now', NOW),
      parseMaintenanceWindows('Sat,Sun 22:00-02:00'),
      'Asia/Shanghai',
      NOW
    )
    expect(moved).toMatchObject({ form: 'now', given: 'now', text: '2026-12-05T22:00:00+08:00' })
    expect(moved.instant.toISOString()).toBe('2026-12-05T14:00:00.000Z')
    expect(moved.window?.reason).toBe('next-opening')
    expect(Object.isFrozen(moved)).toBe(true)
  })
})
