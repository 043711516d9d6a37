/**
 * Chooses when an update starts from the earliest start (start-time) and the maintenance windows in a time zone:
 * at the earliest start when it falls in a window with MIN_WINDOW_MINUTES left, else at the next opening.
 */
import { InputError } from '../common/errors.js'
import { MAX_START_DELAY_DAYS, type StartTime, type WindowChoice } from './start-time.js'
import { formatInZone, fromWallMs, toWallMs } from './time-zone.js'
import { MIN_WINDOW_MINUTES, WEEKDAYS, type MaintenanceWindow } from './window.js'

const MINUTE_MS = 60_000
const DAY_MS = 24 * 60 * MINUTE_MS
const MIN_LEFT_MS = MIN_WINDOW_MINUTES * MINUTE_MS
// A window opened up to two days before the earliest start (crossing midnight, ending 24:00) may still be open.
const LOOK_BACK_DAYS = 2

/** WindowStart is the chosen start: the instant, the `StartTime` text with the zone's offset, and why. */
export interface WindowStart {
  readonly instant: Date
  /** `YYYY-MM-DDTHH:mm:ss±HH:MM` with the zone's UTC offset at the instant. */
  readonly text: string
  readonly choice: WindowChoice
}

interface Occurrence {
  readonly open: number
  readonly close: number
  readonly window: MaintenanceWindow
}

/**
 * chooseWindowStart returns the start for the earliest start (an instant), the windows (at least one) and the zone:
 * the earliest start itself when it is in a window with at least MIN_WINDOW_MINUTES of it left (windows that overlap
 * or touch count as one), otherwise the next opening. Throws InputError naming `maintenance-window` when that is
 * more than MAX_START_DELAY_DAYS after `now`.
 */
export function chooseWindowStart(earliest: Date, windows: readonly MaintenanceWindow[], zone: string, now: Date): WindowStart {
  const from = earliest.getTime()
  const limit = now.getTime() + MAX_START_DELAY_DAYS * DAY_MS
  const spans = mergeSpans(occurrences(windows, zone, from, limit))
  const current = spans.find((span) => span[0].open <= from && from < closeOf(span))
  const chosen = spans.find((span) => closeOf(span) - Math.max(from, span[0].open) >= MIN_LEFT_MS)
  const at = chosen === undefined ? Infinity : Math.max(from, chosen[0].open)
  if (chosen === undefined || at > limit) {
    throw new InputError(
      'maintenance-window',
      `no window in ${zone} opens with ${MIN_WINDOW_MINUTES} minutes to spare between the earliest start ` +
        `(${localText(zone, from)}) and ${MAX_START_DELAY_DAYS} days from now (${localText(zone, limit)}); ` +
        'give an earlier start-time or a window that opens sooner'
    )
  }
  const instant = new Date(at)
  const inWindow = chosen.find((o) => o.open <= at && at < o.close) ?? chosen[0]
  const choice: WindowChoice = {
    window: inWindow.window.text,
    zone,
    reason: at === from ? 'inside' : 'next-opening',
    local: localText(zone, at),
    utc: instant.toISOString().replace('.000Z', 'Z'),
    earliest: localText(zone, from),
    ...(current === undefined ? {} : { minutesLeft: Math.floor((closeOf(current) - from) / MINUTE_MS) })
  }
  return Object.freeze({ instant, text: formatInZone(zone, instant), choice: Object.freeze(choice) })
}

/** applyMaintenanceWindow returns the start time moved into the windows (unchanged when there are none). */
export function applyMaintenanceWindow(
  startTime: StartTime,
  windows: readonly MaintenanceWindow[],
  zone: string,
  now: Date
): StartTime {
  if (windows.length === 0) return startTime
  const { instant, text, choice } = chooseWindowStart(startTime.instant, windows, zone, now)
  return Object.freeze({ ...startTime, instant, text, window: choice })
}

// Every opening of every window from a little before `from` to `limit`, as instants by the `compatible` rule.
function occurrences(windows: readonly MaintenanceWindow[], zone: string, from: number, limit: number): Occurrence[] {
  const firstDay = Math.floor(toWallMs(zone, new Date(from)) / DAY_MS) - LOOK_BACK_DAYS
  const lastDay = Math.floor(toWallMs(zone, new Date(limit)) / DAY_MS)
  const found: Occurrence[] = []
  for (let day = firstDay; day <= lastDay; day++) {
    const weekday = (new Date(day * DAY_MS).getUTCDay() + 6) % 7
    for (const window of windows) {
      if (!window.days.includes(weekday)) continue
      const crosses = window.end <= window.start ? DAY_MS : 0
      const open = fromWallMs(zone, day * DAY_MS + window.start * MINUTE_MS).getTime()
      const close = fromWallMs(zone, day * DAY_MS + crosses + window.end * MINUTE_MS).getTime()
      // A window inside a skipped hour (02:00-03:00 on the day clocks jump 02:00 to 03:00) does not happen that day.
      if (close > open && close > from) found.push({ open, close, window })
    }
  }
  return found.sort((a, b) => a.open - b.open)
}

// Groups occurrences that overlap or touch: the update may run on from one window into the next.
function mergeSpans(sorted: readonly Occurrence[]): Occurrence[][] {
  const spans: Occurrence[][] = []
  for (const occurrence of sorted) {
    const last = spans[spans.length - 1]
    if (last !== undefined && occurrence.open <= closeOf(last)) last.push(occurrence)
    else spans.push([occurrence])
  }
  return spans
}

function closeOf(span: readonly Occurrence[]): number {
  return Math.max(...span.map((o) => o.close))
}

function localText(zone: string, at: number): string {
  const wall = toWallMs(zone, new Date(at))
  const iso = new Date(wall).toISOString()
  const time = iso.slice(17, 19) === '00' ? iso.slice(11, 16) : iso.slice(11, 19)
  return `${WEEKDAYS[(new Date(wall).getUTCDay() + 6) % 7]} ${iso.slice(0, 10)} ${time}`
}
