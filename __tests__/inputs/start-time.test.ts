import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/common/errors.js'
import { describeStartTime, MAX_START_DELAY_DAYS, parseStartTime } from '../../src/inputs/start-time.js'

const NOW = new Date('2026-06-15T12:00:00.750Z')

describe('parseStartTime', () => {
  it.each([
    { name: 'now', input: 'now', text: '2026-06-15T12:00:00+00:00', form: 'now' },
    { name: 'now with spaces around it', input: '  now ', text: '2026-06-15T12:00:00+00:00', form: 'now' },
    { name: 'minutes', input: '+30m', text: '2026-06-15T12:30:00+00:00', form: 'offset' },
    { name: 'minutes with a leading zero', input: '+05m', text: '2026-06-15T12:05:00+00:00', form: 'offset' },
    { name: 'hours', input: '+2h', text: '2026-06-15T14:00:00+00:00', form: 'offset' },
    { name: 'a day', input: '+1d', text: '2026-06-16T12:00:00+00:00', form: 'offset' },
    { name: 'hours and minutes', input: '+1h30m', text: '2026-06-15T13:30:00+00:00', form: 'offset' },
    { name: 'days, hours and minutes', input: '+1d2h30m', text: '2026-06-16T14:30:00+00:00', form: 'offset' },
    { name: 'zero hours and some minutes', input: '+0h45m', text: '2026-06-15T12:45:00+00:00', form: 'offset' },
    { name: 'the longest delay in days', input: `+${MAX_START_DELAY_DAYS}d`, text: '2026-07-15T12:00:00+00:00', form: 'offset' },
    { name: 'the longest delay in hours', input: '+720h', text: '2026-07-15T12:00:00+00:00', form: 'offset' },
    { name: 'the longest delay in minutes', input: '+43200m', text: '2026-07-15T12:00:00+00:00', form: 'offset' },
    { name: 'an offset across a month end', input: '+16d', text: '2026-07-01T12:00:00+00:00', form: 'offset' },
    {
      name: 'a China time with seconds',
      input: '2026-06-20T02:00:00+08:00',
      text: '2026-06-20T02:00:00+08:00',
      instant: '2026-06-19T18:00:00.000Z'
    },
    {
      name: 'UTC without seconds',
      input: '2026-06-20T02:00Z',
      text: '2026-06-20T02:00:00+00:00',
      instant: '2026-06-20T02:00:00.000Z'
    },
    { name: 'a fraction of a second, dropped', input: '2026-06-20T02:00:30.123Z', text: '2026-06-20T02:00:30+00:00' },
    {
      name: 'a negative offset with minutes',
      input: '2026-06-20T02:00-05:30',
      text: '2026-06-20T02:00:00-05:30',
      instant: '2026-06-20T07:30:00.000Z'
    },
    { name: 'the largest offset', input: '2026-06-20T02:00:00+14:00', text: '2026-06-20T02:00:00+14:00' },
    { name: '-00:00 as UTC', input: '2026-06-20T02:00:00-00:00', text: '2026-06-20T02:00:00+00:00' },
    { name: 'a time two minutes ago (within the tolerance)', input: '2026-06-15T11:58:00Z', text: '2026-06-15T11:58:00+00:00' },
    { name: 'the end of the horizon', input: '2026-07-15T12:00:00Z', text: '2026-07-15T12:00:00+00:00' }
  ])('accepts $name', ({ input, text, form, instant }: { input: string; text: string; form?: string; instant?: string }) => {
    const parsed = parseStartTime(input, NOW)
    expect(parsed.text).toBe(text)
    expect(parsed.given).toBe(input.trim())
    if (form) expect(parsed.form).toBe(form)
    if (instant) expect(parsed.instant.toISOString()).toBe(instant)
  })

  it('sends the instant it reports, to the second', () => {
    const parsed = parseStartTime('+2h', NOW)
    expect(parsed.instant.toISOString()).toBe('2026-06-15T14:00:00.000Z')
    expect(Object.isFrozen(parsed)).toBe(true)
  })

  it.each([
    { name: 'a leap day in a leap year', input: '2028-02-29T03:00:00+08:00', now: '2028-02-20T00:00:00Z', ok: true },
    {
      name: 'a leap day in a common year',
      input: '2027-02-29T03:00:00+08:00',
      now: '2027-02-20T00:00:00Z',
      error: '2027-02 has 28 days'
    },
    { name: 'the 30th of February', input: '2028-02-30T03:00:00Z', now: '2028-02-20T00:00:00Z', error: '2028-02 has 29 days' },
    { name: 'the 31st of April', input: '2026-04-31T00:00:00Z', now: '2026-04-20T00:00:00Z', error: '2026-04 has 30 days' },
    { name: 'the 31st of December', input: '2026-12-31T23:59:59Z', now: '2026-12-20T00:00:00Z', ok: true },
    {
      name: 'a century year that is not a leap year',
      input: '2100-02-29T00:00:00Z',
      now: '2100-02-20T00:00:00Z',
      error: '2100-02 has 28 days'
    },
    { name: 'a 400th year that is a leap year', input: '2400-02-29T00:00:00Z', now: '2400-02-20T00:00:00Z', ok: true }
  ])('handles $name', ({ input, now, ok, error }: { input: string; now: string; ok?: boolean; error?: string }) => {
    if (ok) expect(parseStartTime(input, new Date(now)).text).toBe(input.replace('Z', '+00:00'))
    else expect(() => parseStartTime(input, new Date(now))).toThrow(error)
  })

  it.each([
    { name: 'a word', input: 'tomorrow', error: '"tomorrow" is not a start time; use now, an offset such as +30m' },
    { name: 'an empty value', input: '', error: 'is not a start time' },
    { name: 'NOW in capitals', input: 'NOW', error: 'is not a start time' },
    { name: 'a zero offset', input: '+0m', error: '"+0m" is no delay; use now' },
    { name: 'a zero offset in two units', input: '+0h0m', error: 'is no delay' },
    { name: 'a negative offset', input: '-5m', error: '"-5m" is in the past; use now' },
    { name: 'an unknown unit', input: '+2w', error: 'unknown unit "w"; use m (minutes), h (hours) or d (days)' },
    { name: 'a spelled-out unit', input: '+5min', error: 'unknown unit "min"' },
    { name: 'an upper-case unit', input: '+5M', error: 'unknown unit "M"' },
    { name: 'seconds', input: '+30s', error: 'seconds are not supported; use now or minutes' },
    { name: 'units smallest first', input: '+30m1h', error: 'give each unit once, largest first, e.g. +1d2h30m' },
    { name: 'a unit twice', input: '+1h1h', error: 'give each unit once' },
    { name: 'an offset without +', input: '30m', error: '"30m" needs a leading +: +30m' },
    { name: 'a number without a unit', input: '+30', error: '"+30" is not an offset' },
    { name: 'a bare plus', input: '+', error: 'is not an offset' },
    { name: 'a space inside an offset', input: '+30 m', error: 'is not an offset' },
    {
      name: 'an offset beyond the horizon',
      input: '+31d',
      error: `is more than ${MAX_START_DELAY_DAYS} days ahead; use at most +30d`
    },
    { name: 'a huge offset', input: '+99999d', error: 'is more than 30 days ahead' },
    { name: 'an absurdly long offset', input: '+99999999999999999999999m', error: 'is more than 30 days ahead' },
    { name: 'month 13', input: '2026-13-01T00:00:00Z', error: 'there is no month 13' },
    { name: 'month 0', input: '2026-00-10T00:00:00Z', error: 'there is no month 0' },
    { name: 'day 0', input: '2026-06-00T00:00:00Z', error: 'is not a real date: 2026-06 has 30 days' },
    {
      name: 'the 30th of February',
      input: '2026-02-30T00:00:00Z',
      error: '"2026-02-30T00:00:00Z" is not a real date: 2026-02 has 28 days'
    },
    { name: 'hour 24', input: '2026-06-20T24:00:00Z', error: 'the time of day must be 00:00:00 to 23:59:59' },
    { name: 'minute 60', input: '2026-06-20T12:60Z', error: 'the time of day must be' },
    { name: 'a leap second', input: '2026-06-20T23:59:60Z', error: 'the time of day must be' },
    {
      name: 'a date-time without an offset',
      input: '2026-06-20T02:00:00',
      error: 'has no UTC offset, so the time is ambiguous; add one, e.g. 2026-06-20T02:00:00+08:00 or 2026-06-20T02:00:00Z'
    },
    { name: 'a date-time without seconds or offset', input: '2026-06-20T02:00', error: 'is ambiguous' },
    {
      name: 'a date alone',
      input: '2026-06-20',
      error: 'is a date without a time; add a time and a UTC offset, e.g. 2026-06-20T02:00:00+08:00'
    },
    {
      name: 'a space instead of T',
      input: '2026-06-20 02:00:00Z',
      error: 'separate the date and the time with T, e.g. 2026-06-20T02:00:00Z'
    },
    { name: 'an offset beyond +14:00', input: '2026-06-20T02:00:00+15:00', error: 'UTC offset +15:00 is out of range' },
    { name: 'offset minutes over 59', input: '2026-06-20T02:00:00+08:60', error: 'is out of range' },
    { name: 'an offset without a colon', input: '2026-06-20T02:00:00+0800', error: 'is not a start time' },
    { name: 'single-digit fields', input: '2026-6-20T2:00Z', error: 'is not a start time' },
    {
      name: 'a time in the past',
      input: '2026-06-15T11:00:00Z',
      error: 'is in the past (it is now 2026-06-15T12:00:00Z); use now to start at once'
    },
    { name: 'a time just beyond the tolerance', input: '2026-06-15T11:54:59Z', error: 'is in the past' },
    { name: 'last year', input: '2025-06-20T02:00:00+08:00', error: 'is in the past' },
    { name: 'a time beyond the horizon', input: '2026-07-15T12:00:01Z', error: 'is more than 30 days ahead' },
    { name: 'a Unix timestamp', input: '1781000000', error: 'is not a start time' }
  ])('rejects $name', ({ input, error }) => {
    let thrown: unknown
    try {
      parseStartTime(input, NOW)
    } catch (e) {
      thrown = e
    }
    expect(thrown).toBeInstanceOf(InputError)
    expect((thrown as InputError).message).toMatch(/^start-time: /)
    expect((thrown as InputError).message).toContain(error)
    expect((thrown as InputError).input).toBe('start-time')
  })
})

describe('describeStartTime', () => {
  const shanghai = {
    window: 'Sat,Sun 22:00-02:00',
    zone: 'Asia/Shanghai',
    local: 'Sat 2026-12-05 22:00',
    utc: '2026-12-05T14:00:00Z'
  }
  const chosen = {
    form: 'now',
    given: 'now',
    instant: new Date('2026-12-05T14:00:00Z'),
    text: '2026-12-05T22:00:00+08:00'
  } as const

  it.each([
    { name: 'now', startTime: parseStartTime('now', NOW), lines: ['start time: 2026-06-15T12:00:00+00:00 (now)'] },
    {
      name: 'an absolute time as given',
      startTime: parseStartTime('2026-06-20T02:00:00+08:00', NOW),
      lines: ['start time: 2026-06-20T02:00:00+08:00']
    },
    {
      name: 'a next opening outside every window',
      startTime: { ...chosen, window: { ...shanghai, reason: 'next-opening', earliest: 'Wed 2026-12-02 18:00' } },
      lines: [
        'start time: 2026-12-05T22:00:00+08:00 = 2026-12-05T14:00:00Z UTC (Sat 2026-12-05 22:00 Asia/Shanghai)',
        'maintenance window Sat,Sun 22:00-02:00 (Asia/Shanghai): next opening after the earliest start (start-time now: Wed 2026-12-02 18:00), which is outside every window'
      ]
    },
    {
      name: 'a next opening when too little of a window was left',
      startTime: { ...chosen, window: { ...shanghai, reason: 'next-opening', earliest: 'Fri 2026-12-04 22:51', minutesLeft: 9 } },
      lines: [
        'start time: 2026-12-05T22:00:00+08:00 = 2026-12-05T14:00:00Z UTC (Sat 2026-12-05 22:00 Asia/Shanghai)',
        'maintenance window Sat,Sun 22:00-02:00 (Asia/Shanghai): next opening after the earliest start (start-time now: Fri 2026-12-04 22:51), which left only 9 min of a window (30 min needed)'
      ]
    },
    {
      name: 'a start inside a window',
      startTime: { ...chosen, window: { ...shanghai, reason: 'inside', earliest: 'Sat 2026-12-05 22:00', minutesLeft: 240 } },
      lines: [
        'start time: 2026-12-05T22:00:00+08:00 = 2026-12-05T14:00:00Z UTC (Sat 2026-12-05 22:00 Asia/Shanghai)',
        'maintenance window Sat,Sun 22:00-02:00 (Asia/Shanghai): the earliest start (start-time now: Sat 2026-12-05 22:00) is inside it, 4h 00m left'
      ]
    },
    {
      name: 'a start inside an all-day window',
      startTime: { ...chosen, window: { ...shanghai, reason: 'inside', earliest: 'Sat 2026-12-05 22:00', minutesLeft: 43_000 } },
      lines: [
        'start time: 2026-12-05T22:00:00+08:00 = 2026-12-05T14:00:00Z UTC (Sat 2026-12-05 22:00 Asia/Shanghai)',
        'maintenance window Sat,Sun 22:00-02:00 (Asia/Shanghai): the earliest start (start-time now: Sat 2026-12-05 22:00) is inside it, more than a day left'
      ]
    }
  ] as const)('shows $name', ({ startTime, lines }) => {
    expect(describeStartTime(startTime)).toEqual(lines)
  })
})
