/** The `maintenance-window` input: weekly windows of wall-clock time, `[DAYS ]HH:MM-HH:MM`, separated by `;`. */
import { InputError } from '../common/errors.js'
import { quoteValue } from './quote.js'

const INPUT = 'maintenance-window'
/** MIN_WINDOW_MINUTES is the shortest window: an update starts only with this much of a window left. */
export const MIN_WINDOW_MINUTES = 30
/** MAX_WINDOWS bounds how many windows one input may list. */
export const MAX_WINDOWS = 20
const DAY_MINUTES = 24 * 60
/** WEEKDAYS are the day names in week order, Monday first; a window's `days` index into it. */
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const
const FULL_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']
const FORMS =
  'one or more windows [DAYS ]HH:MM-HH:MM separated by ";", in 24-hour time, where DAYS is daily or a comma list of ' +
  'Mon ... Sun and ranges such as Mon-Fri (no DAYS means daily), e.g. "Sat,Sun 22:00-02:00" or "Mon-Fri 01:00-05:00; Sun 00:00-24:00"'
const ENTRY = /^(.*?)\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/
const CLOCK = /^(\d{1,2}):(\d{2})$/

/** MaintenanceWindow is one weekly window; an end at or before the start crosses midnight into the next day. */
export interface MaintenanceWindow {
  /** The window as given, spaces tidied, for logs. */
  readonly text: string
  /** Days the window opens on, 0 = Monday ... 6 = Sunday, ascending. */
  readonly days: readonly number[]
  /** Minutes after midnight the window opens, 0 to 1439. */
  readonly start: number
  /** Minutes after midnight it closes, 1 to 1440 (24:00); at or before `start` means the next day. */
  readonly end: number
}

/**
 * parseMaintenanceWindows returns the windows of the input, none for an empty one. Throws InputError naming
 * `maintenance-window` and the accepted forms for a malformed entry, an unknown day, or a window shorter than
 * MIN_WINDOW_MINUTES (a start equal to its end included).
 */
export function parseMaintenanceWindows(value: string): readonly MaintenanceWindow[] {
  if (value.trim() === '') return Object.freeze([])
  const entries = value
    .split(/[;\n]/)
    .map((entry) => entry.trim().replace(/\s+/g, ' '))
    .filter((entry) => entry !== '')
  if (entries.length === 0) throw new InputError(INPUT, `${quoteValue(value)} lists no window; use ${FORMS}`)
  if (entries.length > MAX_WINDOWS) {
    throw new InputError(INPUT, `lists ${entries.length} windows; give at most ${MAX_WINDOWS}`)
  }
  return Object.freeze(entries.map(parseWindow))
}

function parseWindow(text: string): MaintenanceWindow {
  const match = ENTRY.exec(text)
  if (!match) throw new InputError(INPUT, `${quoteValue(text)} is not a window; use ${FORMS}`)
  const [, daysText, startText, endText] = match as unknown as [string, string, string, string]
  const start = parseClock(text, startText, false)
  const end = parseClock(text, endText, true)
  if (start === end) {
    throw new InputError(INPUT, `${quoteValue(text)} starts and ends at ${startText}; for a whole day use 00:00-24:00`)
  }
  const length = (end - start + DAY_MINUTES) % DAY_MINUTES || DAY_MINUTES
  if (length < MIN_WINDOW_MINUTES) {
    throw new InputError(
      INPUT,
      `${quoteValue(text)} is ${length} minutes long; a window needs at least ${MIN_WINDOW_MINUTES}, since an update starts only with ${MIN_WINDOW_MINUTES} minutes of its window left`
    )
  }
  return Object.freeze({ text, days: Object.freeze(parseDays(text, daysText)), start, end })
}

function parseClock(text: string, clock: string, isEnd: boolean): number {
  const [, hours, minutes] = (CLOCK.exec(clock) ?? []).map(Number) as [number, number, number]
  if (isEnd && hours === 24 && minutes === 0) return DAY_MINUTES
  if (hours > 23 || minutes > 59) {
    const end = isEnd ? ' (24:00 may end a window)' : ''
    throw new InputError(INPUT, `${quoteValue(text)}: ${clock} is not a time of day; use 00:00 to 23:59${end}`)
  }
  return hours * 60 + minutes
}

function parseDays(text: string, daysText: string): number[] {
  if (daysText === '' || daysText.toLowerCase() === 'daily') return [0, 1, 2, 3, 4, 5, 6]
  const days = new Set<number>()
  for (const item of daysText.split(',').map((part) => part.trim())) {
    const range = item.split(/\s*-\s*/)
    if (range.length > 2 || range.includes('')) throw dayError(text, item)
    const [first, last = first] = range.map((name) => dayIndex(text, name)) as [number, number?]
    // A range that runs past Sunday wraps into the next week: Fri-Mon is Fri, Sat, Sun, Mon.
    for (let day = first; ; day = (day + 1) % 7) {
      days.add(day)
      if (day === last) break
    }
  }
  return [...days].sort((a, b) => a - b)
}

function dayIndex(text: string, name: string): number {
  const lower = name.toLowerCase()
  const index = WEEKDAYS.findIndex((day, i) => day.toLowerCase() === lower || FULL_NAMES[i] === lower)
  if (index < 0) throw dayError(text, name)
  return index
}

function dayError(text: string, item: string): InputError {
  const daily = item.toLowerCase() === 'daily' ? '; daily stands alone, without other days' : ''
  return new InputError(
    INPUT,
    `${quoteValue(text)}: ${quoteValue(item)} is not a day or a range of days${daily}; use daily or Mon, Tue, Wed, Thu, Fri, Sat, Sun (any case) and ranges such as Mon-Fri or Fri-Mon, e.g. "Sat,Sun 22:00-02:00"`
  )
}
