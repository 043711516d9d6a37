import { InputError } from '../common/errors.js'
import { quoteValue } from './quote.js'

const INPUT = 'start-time'
const MINUTE_MS = 60_000
const UNIT_MS = { d: 24 * 60 * MINUTE_MS, h: 60 * MINUTE_MS, m: MINUTE_MS } as const
type Unit = keyof typeof UNIT_MS

/** MAX_START_DELAY_DAYS is how far ahead an update may be scheduled (the docs give no limit; this keeps typos out). */
export const MAX_START_DELAY_DAYS = 30
const MAX_START_DELAY_MS = MAX_START_DELAY_DAYS * UNIT_MS.d
/** PAST_TOLERANCE_MINUTES is how far in the past an absolute time may be (a queued job's computed time) before it is refused. */
export const PAST_TOLERANCE_MINUTES = 5
const PAST_TOLERANCE_MS = PAST_TOLERANCE_MINUTES * MINUTE_MS
const MAX_OFFSET_MINUTES = 14 * 60

const FORMS = 'now, an offset such as +30m, +2h, +1d or +1h30m, or a date-time with an offset such as 2026-12-01T02:00:00+08:00'
const OFFSET = /^\+(?:\d+[a-z]+)+$/i
const OFFSET_PART = /(\d+)([a-z]+)/gi
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/

/** StartTime is when the update starts: the instant, and the `StartTime` text sent to the API. */
export interface StartTime {
  readonly form: 'now' | 'offset' | 'absolute'
  /** The input as given (trimmed). */
  readonly given: string
  readonly instant: Date
  /**
   * `YYYY-MM-DDTHH:mm:ss±HH:MM`, the documented example's form: with a maintenance window, the zone's offset at the
   * instant; otherwise the user's offset kept, `+00:00` for now and offsets.
   */
  readonly text: string
  /** Set when a maintenance window moved or confirmed the start: which window, and why. */
  readonly window?: WindowChoice
}

/** WindowChoice is how the start was placed in a maintenance window (see src/inputs/window-start.ts). */
export interface WindowChoice {
  /** The window the update starts in, as given, e.g. `Sat,Sun 22:00-02:00`. */
  readonly window: string
  /** The IANA zone of the windows, e.g. `Asia/Shanghai`. */
  readonly zone: string
  /** `inside`: the earliest start is in a window with at least 30 minutes left; `next-opening`: the next opening after it. */
  readonly reason: 'inside' | 'next-opening'
  /** The chosen start on the zone's clock, e.g. `Sat 2026-12-05 22:00`. */
  readonly local: string
  /** The chosen start in UTC, e.g. `2026-12-05T14:00:00Z`. */
  readonly utc: string
  /** The earliest start (start-time) on the zone's clock. */
  readonly earliest: string
  /** Whole minutes of a window left at the earliest start, when it fell inside one. */
  readonly minutesLeft?: number
}

/**
 * describeStartTime returns the lines the log and the job summary show for the start: one line without a maintenance
 * window (as before), two with one: the start in the zone and in UTC, then the window and why it was chosen.
 */
export function describeStartTime(startTime: StartTime): readonly string[] {
  const { text, given, window } = startTime
  if (window === undefined) return [`start time: ${text}${given === text ? '' : ` (${given})`}`]
  const earliest = `the earliest start (start-time ${given}: ${window.earliest})`
  const left = window.minutesLeft === undefined ? '' : formatMinutes(window.minutesLeft)
  const why =
    window.reason === 'inside'
      ? `${earliest} is inside it, ${left} left`
      : `next opening after ${earliest}, ${left === '' ? 'which is outside every window' : `which left only ${left} of a window (30 min needed)`}`
  return [
    `start time: ${text} = ${window.utc} UTC (${window.local} ${window.zone})`,
    `maintenance window ${window.window} (${window.zone}): ${why}`
  ]
}

function formatMinutes(minutes: number): string {
  if (minutes >= 24 * 60) return 'more than a day'
  const hours = Math.floor(minutes / 60)
  return hours === 0 ? `${minutes} min` : `${hours}h ${String(minutes % 60).padStart(2, '0')}m`
}

/**
 * parseStartTime returns the start time for `now`, an offset from now (`+30m`, `+2h`, `+1d`, `+1d2h30m`; units
 * m, h, d, each once, largest first; at most MAX_START_DELAY_DAYS), or an ISO 8601 date-time with a UTC offset
 * (seconds and fractions optional; fractions are dropped). Throws InputError naming `start-time` otherwise.
 */
export function parseStartTime(value: string, now: Date): StartTime {
  const text = value.trim()
  if (text === 'now') return relative('now', text, now, 0)
  if (/^[+-]/.test(text)) return relative('offset', text, now, parseOffset(text))
  if (/^\d+[a-z]+$/i.test(text)) throw new InputError(INPUT, `${quoteValue(text)} needs a leading +: +${text}`)
  return parseAbsolute(text, now)
}

function relative(form: 'now' | 'offset', given: string, now: Date, offsetMs: number): StartTime {
  const instant = new Date(Math.floor((now.getTime() + offsetMs) / 1000) * 1000)
  return Object.freeze({ form, given, instant, text: `${instant.toISOString().slice(0, 19)}+00:00` })
}

function parseOffset(text: string): number {
  if (text.startsWith('-')) {
    throw new InputError(INPUT, `${quoteValue(text)} is in the past; use now to start at once, or a positive offset such as +30m`)
  }
  if (!OFFSET.test(text)) throw new InputError(INPUT, `${quoteValue(text)} is not an offset; use ${FORMS}`)
  const seen: Unit[] = []
  let total = 0
  for (const [, digits, rawUnit] of text.matchAll(OFFSET_PART)) {
    const unit = rawUnit as string
    if (unit === 's') throw new InputError(INPUT, `${quoteValue(text)}: seconds are not supported; use now or minutes, e.g. +1m`)
    if (!(unit in UNIT_MS)) {
      throw new InputError(
        INPUT,
        `${quoteValue(text)}: unknown unit "${unit}"; use m (minutes), h (hours) or d (days) in lower case, e.g. +30m`
      )
    }
    const order = Object.keys(UNIT_MS).indexOf(unit)
    if (seen.some((u) => Object.keys(UNIT_MS).indexOf(u) >= order)) {
      throw new InputError(INPUT, `${quoteValue(text)}: give each unit once, largest first, e.g. +1d2h30m`)
    }
    seen.push(unit as Unit)
    total += Number(digits) * UNIT_MS[unit as Unit]
  }
  if (total === 0) throw new InputError(INPUT, `${quoteValue(text)} is no delay; use now to start at once`)
  if (total > MAX_START_DELAY_MS) {
    throw new InputError(
      INPUT,
      `${quoteValue(text)} is more than ${MAX_START_DELAY_DAYS} days ahead; use at most +${MAX_START_DELAY_DAYS}d`
    )
  }
  return total
}

function parseAbsolute(text: string, now: Date): StartTime {
  const match = DATE_TIME.exec(text)
  if (!match) throw new InputError(INPUT, absoluteProblem(text))
  const [, y, mo, d, h, mi, s = '00', offset] = match as unknown as string[]
  if (offset === undefined) {
    throw new InputError(
      INPUT,
      `${quoteValue(text)} has no UTC offset, so the time is ambiguous; add one, e.g. ${text}+08:00 or ${text}Z`
    )
  }
  checkFields(text, Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s))
  const offsetText = offset === 'Z' || offset === '-00:00' ? '+00:00' : offset
  const offsetMinutes = Number(offsetText.slice(1, 3)) * 60 + Number(offsetText.slice(4, 6))
  if (Number(offsetText.slice(4, 6)) > 59 || offsetMinutes > MAX_OFFSET_MINUTES) {
    throw new InputError(INPUT, `${quoteValue(text)}: UTC offset ${offset} is out of range (-14:00 to +14:00)`)
  }
  const sign = offsetText.startsWith('-') ? -1 : 1
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
  const instant = new Date(wall - sign * offsetMinutes * MINUTE_MS)
  checkWindow(text, instant, now)
  return Object.freeze({ form: 'absolute', given: text, instant, text: `${y}-${mo}-${d}T${h}:${mi}:${s}${offsetText}` })
}

function absoluteProblem(text: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    return `${quoteValue(text)} is a date without a time; add a time and a UTC offset, e.g. ${text}T02:00:00+08:00`
  }
  if (DATE_TIME.test(text.replace(' ', 'T'))) {
    return `${quoteValue(text)}: separate the date and the time with T, e.g. ${text.replace(' ', 'T')}`
  }
  return `${quoteValue(text)} is not a start time; use ${FORMS}`
}

function checkFields(text: string, y: number, mo: number, d: number, h: number, mi: number, s: number): void {
  if (mo < 1 || mo > 12) throw new InputError(INPUT, `${quoteValue(text)}: there is no month ${mo}`)
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate()
  if (d < 1 || d > days) {
    throw new InputError(INPUT, `${quoteValue(text)} is not a real date: ${y}-${String(mo).padStart(2, '0')} has ${days} days`)
  }
  if (h > 23 || mi > 59 || s > 59) {
    throw new InputError(INPUT, `${quoteValue(text)}: the time of day must be 00:00:00 to 23:59:59`)
  }
}

function checkWindow(text: string, instant: Date, now: Date): void {
  const ahead = instant.getTime() - now.getTime()
  if (ahead < -PAST_TOLERANCE_MS) {
    throw new InputError(
      INPUT,
      `${quoteValue(text)} is in the past (it is now ${now.toISOString().slice(0, 19)}Z); use now to start at once`
    )
  }
  if (ahead > MAX_START_DELAY_MS) {
    throw new InputError(INPUT, `${quoteValue(text)} is more than ${MAX_START_DELAY_DAYS} days ahead`)
  }
}
