/**
 * Time for the emulator: the injectable clock that drives OTA progress, and strict parsers for the two
 * time formats the API takes (a signing timestamp in UTC, and an ISO 8601 StartTime with an offset).
 */

/** Clock is the emulator's source of "now" in epoch milliseconds. */
export interface Clock {
  now(): number
}

/** OwnedClock is real time plus an offset that `advance` moves forward; used when no clock is injected. */
export class OwnedClock implements Clock {
  private offsetMs = 0

  now(): number {
    return Date.now() + this.offsetMs
  }

  /** advance moves this clock forward by ms (never backward). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advanceMs must be a number ≥ 0, got ${ms}`)
    this.offsetMs += ms
  }
}

/** formatIso returns `YYYY-MM-DDTHH:mm:ssZ` (UTC, whole seconds), the format the service answers with. */
export function formatIso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

const UTC_STAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z$/
const OFFSET_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/

/** parseUtcStamp returns the epoch ms of a signing timestamp (`YYYY-MM-DDTHH:mm:ssZ`), or undefined if malformed. */
export function parseUtcStamp(value: string): number | undefined {
  const m = UTC_STAMP.exec(value)
  if (!m) return undefined
  const millis = m[7] ? Number(m[7].padEnd(3, '0')) : 0
  return composeUtc(m.slice(1, 7).map(Number), millis, 0)
}

/**
 * parseOffsetTime returns the epoch ms of an ISO 8601 date-time that carries `Z` or a `±HH:MM` offset
 * (seconds and fractions optional), or undefined when it is malformed or names an impossible date.
 */
export function parseOffsetTime(value: string): number | undefined {
  const m = OFFSET_TIME.exec(value)
  if (!m) return undefined
  const fields = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number)
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0
  const zone = m[8] as string
  let offsetMinutes = 0
  if (zone !== 'Z') {
    const hours = Number(zone.slice(1, 3))
    const minutes = Number(zone.slice(4, 6))
    if (hours > 14 || minutes > 59) return undefined
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes)
  }
  return composeUtc(fields, millis, offsetMinutes)
}

function composeUtc(fields: number[], millis: number, offsetMinutes: number): number | undefined {
  const [year, month, day, hour, minute, second] = fields as [number, number, number, number, number, number]
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis)
  // Date.UTC rolls 31 February over into March; a date that does not survive the round trip is impossible.
  if (new Date(local).getUTCDate() !== day) return undefined
  return local - offsetMinutes * 60_000
}
