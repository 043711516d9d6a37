/** chooseWindowStart across daylight-saving changes: skipped and repeated local times, and a 30-minute shift. */
import { describe, it } from '@jest/globals'
import { checkCase as check, type WindowCase as Case } from '../../__fixtures__/window-cases.js'

describe('chooseWindowStart in America/New_York', () => {
  const zone = 'America/New_York'
  it.each<Case>([
    {
      name: 'moves an opening in the skipped hour forward by the jump',
      zone,
      window: 'Sun 02:30-04:00',
      now: '2026-03-06T12:00:00Z',
      expected: '2026-03-08T03:30:00-04:00',
      reason: 'next-opening'
    },
    {
      name: 'skips a window that lies wholly in the skipped hour',
      zone,
      window: 'Sun 02:00-03:00',
      now: '2026-03-06T12:00:00Z',
      expected: '2026-03-15T02:00:00-04:00',
      reason: 'next-opening'
    },
    {
      name: 'takes the earlier of a repeated opening',
      zone,
      window: 'Sun 01:30-03:00',
      now: '2026-10-30T12:00:00Z',
      expected: '2026-11-01T01:30:00-04:00',
      reason: 'next-opening'
    },
    {
      name: 'writes the offset of the opening, not of the earliest start',
      zone,
      window: 'Mon 09:00-17:00',
      now: '2026-10-30T12:00:00Z',
      expected: '2026-11-02T09:00:00-05:00',
      reason: 'next-opening'
    }
  ])('$name', check)
})

describe('chooseWindowStart in Europe/Berlin', () => {
  const zone = 'Europe/Berlin'
  it.each<Case>([
    {
      name: 'moves an opening in the skipped hour forward by the jump',
      zone,
      window: 'Sun 02:00-04:00',
      now: '2026-03-27T12:00:00Z',
      expected: '2026-03-29T03:00:00+02:00',
      reason: 'next-opening'
    },
    {
      name: 'takes the earlier of a repeated opening',
      zone,
      window: 'Sun 02:30-05:00',
      now: '2026-10-23T12:00:00Z',
      expected: '2026-10-25T02:30:00+02:00',
      reason: 'next-opening'
    },
    // 02:00-03:00 lasts two hours when the clocks fall back: 02:00 CEST to 03:00 CET.
    {
      name: 'starts in the second run of a repeated hour with 45 minutes left',
      zone,
      window: 'Sun 02:00-03:00',
      earliest: '2026-10-25T02:15:00+01:00',
      now: '2026-10-23T12:00:00Z',
      expected: '2026-10-25T02:15:00+01:00',
      reason: 'inside'
    },
    {
      name: 'picks the next opening late in the second run of a repeated hour',
      zone,
      window: 'Sun 02:00-03:00',
      earliest: '2026-10-25T02:45:00+01:00',
      now: '2026-10-23T12:00:00Z',
      expected: '2026-11-01T02:00:00+01:00',
      reason: 'next-opening'
    }
  ])('$name', check)
})

describe('chooseWindowStart in Australia/Lord_Howe (a 30-minute shift)', () => {
  const zone = 'Australia/Lord_Howe'
  it.each<Case>([
    {
      name: 'moves an opening at the skipped half hour forward by 30 minutes',
      zone,
      window: 'Sun 02:00-04:00',
      now: '2026-10-01T00:00:00Z',
      expected: '2026-10-04T02:30:00+11:00',
      reason: 'next-opening'
    },
    {
      name: 'moves an opening inside the skipped half hour forward by 30 minutes',
      zone,
      window: 'Sun 02:15-04:00',
      now: '2026-10-01T00:00:00Z',
      expected: '2026-10-04T02:45:00+11:00',
      reason: 'next-opening'
    },
    {
      name: 'takes the earlier of a repeated opening',
      zone,
      window: 'Sun 01:45-03:00',
      now: '2026-04-01T00:00:00Z',
      expected: '2026-04-05T01:45:00+11:00',
      reason: 'next-opening'
    },
    {
      name: 'writes a half-hour offset after the shift',
      zone,
      window: 'Sun 03:00-04:00',
      now: '2026-04-01T00:00:00Z',
      expected: '2026-04-05T03:00:00+10:30',
      reason: 'next-opening'
    }
  ])('$name', check)
})
