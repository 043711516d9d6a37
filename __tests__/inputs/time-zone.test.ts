import { describe, expect, it } from '@jest/globals'
import { inputErrorOf } from '../../__fixtures__/errors.js'
import { formatInZone, formatOffset, fromWallMs, offsetMinutesAt, parseTimeZone, toWallMs } from '../../src/inputs/time-zone.js'

const wall = (text: string): number => Date.parse(`${text}Z`)
/** 4 h 15 min: over a year the samples fall on every quarter hour of the day (the transitions have their own cases). */
const STEP_MS = 255 * 60_000

describe('parseTimeZone', () => {
  it.each([
    { name: 'UTC, the default', input: 'UTC' },
    { name: 'a zone without daylight saving', input: 'Asia/Shanghai' },
    { name: 'a zone with daylight saving', input: 'Europe/Berlin' },
    { name: 'a zone with a 30-minute shift', input: 'Australia/Lord_Howe' },
    { name: 'a zone of three parts', input: 'America/Argentina/Buenos_Aires' },
    { name: 'an IANA link the runtime may not list', input: 'Asia/Kolkata' },
    { name: 'a renamed zone under its new name', input: 'Europe/Kyiv' },
    { name: 'a backward link', input: 'US/Eastern' },
    { name: 'a root name of the IANA database', input: 'PRC' },
    { name: 'a fixed offset zone', input: 'Etc/GMT-8' }
  ])('accepts $name', ({ input }) => {
    expect(parseTimeZone(input)).toBe(input)
  })

  it('trims spaces around the name', () => {
    expect(parseTimeZone('  Asia/Shanghai \n')).toBe('Asia/Shanghai')
  })

  it.each([
    { name: 'a city the database files under another', input: 'Asia/Beijing', hint: 'did you mean Asia/Shanghai?' },
    { name: 'a city alone', input: 'Shanghai', hint: 'did you mean Asia/Shanghai?' },
    { name: 'a city with a space', input: 'New York', hint: 'did you mean America/New_York?' },
    { name: 'a name in the wrong case', input: 'asia/shanghai', hint: 'did you mean Asia/Shanghai, case matters?' },
    { name: 'a name in capitals', input: 'EUROPE/BERLIN', hint: 'did you mean Europe/Berlin, case matters?' },
    { name: 'utc in lower case', input: 'utc', hint: 'did you mean UTC, case matters?' },
    { name: 'a link in lower case', input: 'us/eastern', hint: 'did you mean America/New_York?' },
    { name: 'two letters swapped', input: 'America/New_Yrok', hint: 'did you mean America/New_York?' },
    { name: 'a letter missing', input: 'Europe/Berln', hint: 'did you mean Europe/Berlin?' },
    {
      name: 'an abbreviation that means two zones',
      input: 'CST',
      hint: 'Asia/Shanghai for China, America/Chicago for US Central'
    },
    { name: 'an abbreviation ICU reads as another country', input: 'BST', hint: 'did you mean Europe/London?' },
    { name: 'a daylight-saving abbreviation', input: 'PDT', hint: 'did you mean America/Los_Angeles?' },
    { name: 'a UTC offset', input: 'UTC+8', hint: 'Etc/GMT-8 for a fixed UTC+08:00' },
    { name: 'a GMT offset west', input: 'GMT-05:00', hint: 'Etc/GMT+5 for a fixed UTC-05:00' },
    { name: 'an offset with minutes', input: '+05:30', hint: 'Asia/Kolkata for UTC+05:30' },
    { name: 'an ICU-only id', input: 'SystemV/EST5', hint: 'not a known time zone; use' },
    { name: 'a made-up zone', input: 'Mars/Olympus_Mons', hint: 'not a known time zone; use' },
    { name: 'an empty name', input: ' ', hint: 'not a known time zone; use' }
  ])('refuses $name with a suggestion where one is obvious', ({ input, hint }) => {
    const error = inputErrorOf(() => parseTimeZone(input))
    expect(error.input).toBe('time-zone')
    expect(error.message).toContain(hint)
    expect(error.message).toContain('use an IANA time zone name such as Asia/Shanghai')
  })

  it.each([
    { input: 'EST', hint: 'use America/New_York for New York time, or Etc/GMT+5 for a fixed UTC-05:00' },
    { input: 'MST', hint: 'America/Phoenix for Arizona' },
    { input: 'HST', hint: 'use Pacific/Honolulu' }
  ])('refuses the fixed-offset zone $input, which reads like daylight-saving time', ({ input, hint }) => {
    const error = inputErrorOf(() => parseTimeZone(input))
    expect(error.message).toContain(`time-zone: "${input}" is ambiguous`)
    expect(error.message).toContain(hint)
  })

  it('cuts a long bad value in the message', () => {
    const error = inputErrorOf(() => parseTimeZone(`Asia/${'x'.repeat(300)}`))
    expect(error.message).toContain(`"Asia/${'x'.repeat(59)}…"`)
    expect(error.message.length).toBeLessThan(250)
  })
})

describe('offsetMinutesAt', () => {
  it.each([
    { zone: 'UTC', at: '2026-06-15T12:00:00Z', expected: 0 },
    { zone: 'Asia/Shanghai', at: '2026-01-15T12:00:00Z', expected: 480 },
    { zone: 'Asia/Shanghai', at: '2026-07-15T12:00:00Z', expected: 480 },
    { zone: 'America/New_York', at: '2026-03-08T06:59:59Z', expected: -300 },
    { zone: 'America/New_York', at: '2026-03-08T07:00:00Z', expected: -240 },
    { zone: 'America/New_York', at: '2026-11-01T05:59:59Z', expected: -240 },
    { zone: 'America/New_York', at: '2026-11-01T06:00:00Z', expected: -300 },
    { zone: 'Europe/Berlin', at: '2026-03-29T00:59:59Z', expected: 60 },
    { zone: 'Europe/Berlin', at: '2026-03-29T01:00:00Z', expected: 120 },
    { zone: 'Europe/Berlin', at: '2026-10-25T00:59:59Z', expected: 120 },
    { zone: 'Europe/Berlin', at: '2026-10-25T01:00:00Z', expected: 60 },
    { zone: 'Australia/Lord_Howe', at: '2026-04-04T14:59:59Z', expected: 660 },
    { zone: 'Australia/Lord_Howe', at: '2026-04-04T15:00:00Z', expected: 630 },
    { zone: 'Australia/Lord_Howe', at: '2026-10-03T15:29:59Z', expected: 630 },
    { zone: 'Australia/Lord_Howe', at: '2026-10-03T15:30:00Z', expected: 660 }
  ])('gives $zone $expected minutes at $at', ({ zone, at, expected }) => {
    expect(offsetMinutesAt(zone, new Date(at))).toBe(expected)
  })
})

describe('fromWallMs', () => {
  it.each([
    { name: 'an ordinary time in China', zone: 'Asia/Shanghai', local: '2026-12-05T22:00', expected: '2026-12-05T14:00:00.000Z' },
    {
      name: 'an ordinary winter time in New York',
      zone: 'America/New_York',
      local: '2026-01-10T09:00',
      expected: '2026-01-10T14:00:00.000Z'
    },
    {
      name: 'an ordinary summer time in New York',
      zone: 'America/New_York',
      local: '2026-07-10T09:00',
      expected: '2026-07-10T13:00:00.000Z'
    },
    // Skipped: 02:00-03:00 does not exist on 2026-03-08; 02:30 becomes 03:30 EDT.
    {
      name: 'a skipped time in New York',
      zone: 'America/New_York',
      local: '2026-03-08T02:30',
      expected: '2026-03-08T07:30:00.000Z'
    },
    {
      name: 'the first skipped minute in New York',
      zone: 'America/New_York',
      local: '2026-03-08T02:00',
      expected: '2026-03-08T07:00:00.000Z'
    },
    // Repeated: 01:00-02:00 happens twice on 2026-11-01; the first (EDT) is taken.
    {
      name: 'a repeated time in New York',
      zone: 'America/New_York',
      local: '2026-11-01T01:30',
      expected: '2026-11-01T05:30:00.000Z'
    },
    { name: 'a skipped time in Berlin', zone: 'Europe/Berlin', local: '2026-03-29T02:30', expected: '2026-03-29T01:30:00.000Z' },
    { name: 'a repeated time in Berlin', zone: 'Europe/Berlin', local: '2026-10-25T02:30', expected: '2026-10-25T00:30:00.000Z' },
    {
      name: 'the end of the repeated hour in Berlin',
      zone: 'Europe/Berlin',
      local: '2026-10-25T03:00',
      expected: '2026-10-25T02:00:00.000Z'
    },
    // Lord Howe moves 30 minutes: 02:00-02:30 is skipped in October, 01:30-02:00 repeated in April.
    {
      name: 'a skipped time on Lord Howe',
      zone: 'Australia/Lord_Howe',
      local: '2026-10-04T02:15',
      expected: '2026-10-03T15:45:00.000Z'
    },
    {
      name: 'a repeated time on Lord Howe',
      zone: 'Australia/Lord_Howe',
      local: '2026-04-05T01:45',
      expected: '2026-04-04T14:45:00.000Z'
    },
    {
      name: 'the time after the repeat on Lord Howe',
      zone: 'Australia/Lord_Howe',
      local: '2026-04-05T02:00',
      expected: '2026-04-04T15:30:00.000Z'
    }
  ])('finds $name', ({ zone, local, expected }) => {
    const instant = fromWallMs(zone, wall(local))
    expect(instant.toISOString()).toBe(expected)
  })

  it.each(['Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe'])(
    'turns an instant into wall time and back in %s all through a year',
    (zone) => {
      for (let at = Date.parse('2026-01-01T00:00:00Z'); at < Date.parse('2027-01-01T00:00:00Z'); at += STEP_MS) {
        const back = fromWallMs(zone, toWallMs(zone, new Date(at))).getTime()
        // Only a repeated wall time maps to another instant, the earlier one, an hour (or 30 minutes) before.
        if (back !== at) expect([at - 3_600_000, at - 1_800_000]).toContain(back)
      }
    }
  )
})

describe('formatInZone', () => {
  it.each([
    { zone: 'UTC', at: '2026-06-15T12:00:00Z', expected: '2026-06-15T12:00:00+00:00' },
    { zone: 'Asia/Shanghai', at: '2026-12-04T18:00:00Z', expected: '2026-12-05T02:00:00+08:00' },
    { zone: 'America/New_York', at: '2026-03-08T07:30:00Z', expected: '2026-03-08T03:30:00-04:00' },
    { zone: 'Australia/Lord_Howe', at: '2026-04-04T16:30:00Z', expected: '2026-04-05T03:00:00+10:30' },
    { zone: 'Asia/Shanghai', at: '2026-12-04T18:00:00.999Z', expected: '2026-12-05T02:00:00+08:00' }
  ])('writes $at in $zone as $expected', ({ zone, at, expected }) => {
    expect(formatInZone(zone, new Date(at))).toBe(expected)
  })

  it.each([
    { minutes: 0, expected: '+00:00' },
    { minutes: 630, expected: '+10:30' },
    { minutes: -570, expected: '-09:30' }
  ])('writes an offset of $minutes minutes as $expected', ({ minutes, expected }) => {
    expect(formatOffset(minutes)).toBe(expected)
  })
})
