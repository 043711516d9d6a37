/**
 * The `time-zone` input and wall-clock arithmetic in an IANA zone, on the runtime's own `Intl` data (no dependency).
 * A wall time is carried as "wall ms": the epoch ms the same calendar digits would have in UTC.
 */
import { InputError } from '../common/errors.js'
import { quoteValue } from './quote.js'
import { IANA_ROOT_NAMES, suggestTimeZone } from './time-zone-names.js'

const INPUT = 'time-zone'
const MINUTE_MS = 60_000
const DAY_MS = 24 * 60 * MINUTE_MS
const FORMS = 'an IANA time zone name such as Asia/Shanghai, Europe/Berlin or America/New_York, or UTC'
// Fixed-offset zones whose names read like the daylight-saving abbreviations people mean by them.
const FIXED_ABBREVIATIONS: Readonly<Record<string, string>> = {
  EST: 'America/New_York for New York time, or Etc/GMT+5 for a fixed UTC-05:00',
  MST: 'America/Denver for Mountain time, America/Phoenix for Arizona, or Etc/GMT+7 for a fixed UTC-07:00',
  HST: 'Pacific/Honolulu'
}
const formatters = new Map<string, Intl.DateTimeFormat>()

/**
 * parseTimeZone returns the zone name as given when the runtime knows it (`UTC`, a canonical name, or an IANA link
 * such as `Asia/Kolkata`). Throws InputError naming `time-zone`, with a suggestion where one is obvious, otherwise.
 */
export function parseTimeZone(value: string): string {
  const name = value.trim()
  // The default needs no look-up: listing the zones costs a few ms of start-up on every run.
  if (name === 'UTC') return name
  const known = knownZones()
  if (known.has(name)) return name
  const fixed = FIXED_ABBREVIATIONS[name.toUpperCase()]
  if (fixed !== undefined) {
    throw new InputError(INPUT, `${quoteValue(name)} is ambiguous (the IANA zone has no daylight saving); use ${fixed}`)
  }
  const resolved = resolveZone(name)
  if (resolved !== undefined && !sameLetters(name, resolved) && ianaShaped(name)) return name
  const hint = suggestTimeZone(name, known) ?? (resolved === name ? undefined : resolved)
  const caseOnly = hint !== undefined && sameLetters(name, hint) ? ', case matters' : ''
  const tail = hint === undefined ? '' : ` (did you mean ${hint}${caseOnly}?)`
  throw new InputError(INPUT, `${quoteValue(name)} is not a known time zone${tail}; use ${FORMS}`)
}

/** knownZones returns the runtime's canonical IANA names plus `UTC` (which `supportedValuesOf` leaves out). */
export function knownZones(): ReadonlySet<string> {
  return new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])
}

function resolveZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone
  } catch {
    return undefined
  }
}

function sameLetters(a: string, b: string): boolean {
  return a !== b && a.toLowerCase() === b.toLowerCase()
}

// Intl also takes `us/eastern` and ICU's own ids (`BST` is Asia/Dhaka there, `SystemV/EST5`); IANA names have
// capitalised parts and, without a `/`, are one of the few root names.
function ianaShaped(name: string): boolean {
  if (!name.split('/').every((part) => /^[A-Z]/.test(part))) return false
  return name.includes('/') ? !name.startsWith('SystemV/') : IANA_ROOT_NAMES.has(name)
}

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit'
    })
    formatters.set(zone, format)
  }
  return format
}

/** toWallMs returns the zone's wall-clock time at the instant, as wall ms (whole seconds). */
export function toWallMs(zone: string, instant: Date): number {
  const parts: Record<string, number> = {}
  for (const part of formatter(zone).formatToParts(instant)) parts[part.type] = Number(part.value)
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts
  return Date.UTC(year, month - 1, day, hour, minute, second)
}

/** offsetMinutesAt returns the zone's UTC offset at the instant, in whole minutes (+480 for Asia/Shanghai). */
export function offsetMinutesAt(zone: string, instant: Date): number {
  const seconds = Math.floor(instant.getTime() / 1000) * 1000
  return Math.round((toWallMs(zone, instant) - seconds) / MINUTE_MS)
}

/**
 * fromWallMs returns the instant the zone's clocks show the wall time, by the RFC 5545 / Temporal `compatible` rule:
 * a time skipped when the clocks jump forward moves forward by the jump; a repeated one takes the earlier instant.
 */
export function fromWallMs(zone: string, wallMs: number): Date {
  // A day either side is past any transition at this wall time (offsets are within ±14 h) and short of the next.
  const before = offsetMinutesAt(zone, new Date(wallMs - DAY_MS)) * MINUTE_MS
  const after = offsetMinutesAt(zone, new Date(wallMs + DAY_MS)) * MINUTE_MS
  const fits = (offset: number): boolean => offsetMinutesAt(zone, new Date(wallMs - offset)) * MINUTE_MS === offset
  const candidates = [...new Set([before, after])].filter(fits)
  if (candidates.length === 0) return new Date(wallMs - before)
  return new Date(wallMs - Math.max(...candidates))
}

/** formatOffset returns minutes east of UTC as `±HH:MM` (`+00:00` for UTC). */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

/** formatInZone returns the instant as `YYYY-MM-DDTHH:mm:ss±HH:MM` with the zone's offset at that instant. */
export function formatInZone(zone: string, instant: Date): string {
  const offset = offsetMinutesAt(zone, instant)
  const wall = new Date(Math.floor(instant.getTime() / 1000) * 1000 + offset * MINUTE_MS)
  return `${wall.toISOString().slice(0, 19)}${formatOffset(offset)}`
}
