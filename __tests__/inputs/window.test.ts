import { describe, expect, it } from '@jest/globals'
import { inputErrorOf } from '../../__fixtures__/errors.js'
import { MAX_WINDOWS, parseMaintenanceWindows } from '../../src/inputs/window.js'

const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6]
const at = (hours: number, minutes = 0): number => hours * 60 + minutes

describe('parseMaintenanceWindows', () => {
  it.each(['', '   ', '\n'])('gives no window for the empty input %j', (input) => {
    expect(parseMaintenanceWindows(input)).toEqual([])
  })

  it.each([
    { name: 'a window without days, daily', input: '01:00-05:00', days: ALL_DAYS, start: at(1), end: at(5) },
    { name: 'daily', input: 'daily 01:00-05:00', days: ALL_DAYS, start: at(1), end: at(5) },
    { name: 'daily in capitals', input: 'DAILY 01:00-05:00', days: ALL_DAYS, start: at(1), end: at(5) },
    { name: 'one day', input: 'Sat 22:00-23:30', days: [5], start: at(22), end: at(23, 30) },
    { name: 'a list of days', input: 'Sat,Sun 22:00-02:00', days: [5, 6], start: at(22), end: at(2) },
    { name: 'a list with spaces', input: 'Sat, Sun 22:00 - 02:00', days: [5, 6], start: at(22), end: at(2) },
    { name: 'days in any case', input: 'sat,SUN 22:00-02:00', days: [5, 6], start: at(22), end: at(2) },
    { name: 'full day names', input: 'Saturday,sunday 22:00-02:00', days: [5, 6], start: at(22), end: at(2) },
    { name: 'a range', input: 'Mon-Fri 01:00-05:00', days: [0, 1, 2, 3, 4], start: at(1), end: at(5) },
    { name: 'a range that wraps past Sunday', input: 'Fri-Mon 01:00-05:00', days: [0, 4, 5, 6], start: at(1), end: at(5) },
    { name: 'a range of one day', input: 'Wed-Wed 01:00-05:00', days: [2], start: at(1), end: at(5) },
    { name: 'a range and a day', input: 'Mon-Wed,Fri 01:00-05:00', days: [0, 1, 2, 4], start: at(1), end: at(5) },
    { name: 'a day given twice', input: 'Sat,Sat-Sun 01:00-05:00', days: [5, 6], start: at(1), end: at(5) },
    { name: 'a single-digit hour', input: 'Sun 2:00-4:30', days: [6], start: at(2), end: at(4, 30) },
    { name: 'a whole day, ending at 24:00', input: 'Sun 00:00-24:00', days: [6], start: 0, end: at(24) },
    { name: 'an evening to midnight', input: 'Fri 20:00-24:00', days: [4], start: at(20), end: at(24) },
    { name: 'the shortest window', input: '03:00-03:30', days: ALL_DAYS, start: at(3), end: at(3, 30) },
    { name: 'the shortest window across midnight', input: '23:45-00:15', days: ALL_DAYS, start: at(23, 45), end: at(0, 15) },
    { name: 'a window of almost a day', input: '03:00-02:59', days: ALL_DAYS, start: at(3), end: at(2, 59) }
  ])('reads $name', ({ input, days, start, end }) => {
    const [window] = parseMaintenanceWindows(input)
    expect(window).toEqual({ text: input.trim(), days, start, end })
  })

  it('reads several windows separated by semicolons or new lines, keeping their text tidied', () => {
    const windows = parseMaintenanceWindows('Mon-Fri  22:00-23:00 ;Sat,Sun 10:00-12:00;\n03:00-04:00;')
    expect(windows.map((w) => w.text)).toEqual(['Mon-Fri 22:00-23:00', 'Sat,Sun 10:00-12:00', '03:00-04:00'])
    expect(Object.isFrozen(windows)).toBe(true)
    expect(Object.isFrozen(windows[0])).toBe(true)
  })

  it(`accepts ${MAX_WINDOWS} windows and refuses one more`, () => {
    const list = (n: number) => Array.from({ length: n }, () => 'Sun 01:00-02:00').join(';')
    expect(parseMaintenanceWindows(list(MAX_WINDOWS))).toHaveLength(MAX_WINDOWS)
    expect(inputErrorOf(() => parseMaintenanceWindows(list(MAX_WINDOWS + 1))).message).toBe(
      `maintenance-window: lists ${MAX_WINDOWS + 1} windows; give at most ${MAX_WINDOWS}`
    )
  })

  const FORMS = 'use one or more windows [DAYS ]HH:MM-HH:MM separated by ";"'
  const DAYS = 'use daily or Mon, Tue, Wed, Thu, Fri, Sat, Sun (any case) and ranges such as Mon-Fri'
  it.each([
    { name: 'only separators', input: ' ; ;', error: `" ; ;" lists no window; ${FORMS}` },
    { name: 'no minutes', input: 'Sat 22-02', error: `"Sat 22-02" is not a window; ${FORMS}` },
    { name: 'a 12-hour clock', input: 'Sat 10pm-2am', error: `"Sat 10pm-2am" is not a window; ${FORMS}` },
    { name: 'one time only', input: 'Sat 22:00', error: `"Sat 22:00" is not a window; ${FORMS}` },
    { name: 'three-digit minutes', input: '22:000-23:00', error: `"22:000-23:00" is not a window; ${FORMS}` },
    {
      name: 'an hour past 23',
      input: 'Mon-Fri 25:00-01:00',
      error: '"Mon-Fri 25:00-01:00": 25:00 is not a time of day; use 00:00 to 23:59'
    },
    { name: 'a minute past 59', input: '01:60-03:00', error: '"01:60-03:00": 01:60 is not a time of day' },
    { name: '24:00 as a start', input: '24:00-02:00', error: '"24:00-02:00": 24:00 is not a time of day; use 00:00 to 23:59' },
    {
      name: '24:30 as an end',
      input: '22:00-24:30',
      error: '24:30 is not a time of day; use 00:00 to 23:59 (24:00 may end a window)'
    },
    {
      name: 'a start equal to its end',
      input: 'Sat 22:00-22:00',
      error: '"Sat 22:00-22:00" starts and ends at 22:00; for a whole day use 00:00-24:00'
    },
    { name: 'an empty whole day', input: '00:00-00:00', error: 'starts and ends at 00:00' },
    {
      name: 'a window too short',
      input: 'Sat 22:00-22:29',
      error: '"Sat 22:00-22:29" is 29 minutes long; a window needs at least 30'
    },
    { name: 'a window too short across midnight', input: '23:50-00:10', error: 'is 20 minutes long' },
    { name: 'an unknown day', input: 'Sa 22:00-02:00', error: `"Sa 22:00-02:00": "Sa" is not a day or a range of days; ${DAYS}` },
    { name: 'a weekend keyword', input: 'weekend 22:00-02:00', error: '"weekend" is not a day or a range of days' },
    {
      name: 'daily with other days',
      input: 'daily,Sat 01:00-02:00',
      error: '"daily" is not a day or a range of days; daily stands alone'
    },
    { name: 'a range of three', input: 'Mon-Wed-Fri 01:00-02:00', error: '"Mon-Wed-Fri" is not a day or a range of days' },
    { name: 'an open range', input: 'Mon- 01:00-02:00', error: '"Mon-" is not a day or a range of days' },
    { name: 'an empty day in a list', input: 'Mon,,Tue 01:00-02:00', error: '"" is not a day or a range of days' },
    { name: 'one good window and one bad', input: 'Sat 22:00-02:00; Sun 2:00', error: `"Sun 2:00" is not a window; ${FORMS}` }
  ])('refuses $name', ({ input, error }) => {
    const thrown = inputErrorOf(() => parseMaintenanceWindows(input))
    expect(thrown.input).toBe('maintenance-window')
    expect(thrown.message.startsWith('maintenance-window: ')).toBe(true)
    expect(thrown.message).toContain(error)
  })

  it('names the accepted forms with examples in every malformed-window error', () => {
    expect(inputErrorOf(() => parseMaintenanceWindows('soon')).message).toBe(
      'maintenance-window: "soon" is not a window; use one or more windows [DAYS ]HH:MM-HH:MM separated by ";", in 24-hour ' +
        'time, where DAYS is daily or a comma list of Mon ... Sun and ranges such as Mon-Fri (no DAYS means daily), e.g. ' +
        '"Sat,Sun 22:00-02:00" or "Mon-Fri 01:00-05:00; Sun 00:00-24:00"'
    )
  })

  it('cuts a long bad value to a readable length', () => {
    const message = inputErrorOf(() => parseMaintenanceWindows(`Sat ${'9'.repeat(500)}`)).message
    expect(message).toContain(`"Sat ${'9'.repeat(60)}…" is not a window`)
    expect(message.length).toBeLessThan(400)
  })
})
