/** Suggestions for a `time-zone` that is not an IANA name: common aliases, UTC offsets, a city, a near miss. */

// Names people write for a zone, lower case with spaces as `_`; Chinese cities cover the Alibaba Cloud regions.
const ALIASES: Readonly<Record<string, string>> = {
  beijing: 'Asia/Shanghai',
  china: 'Asia/Shanghai',
  china_standard_time: 'Asia/Shanghai',
  'asia/beijing': 'Asia/Shanghai',
  'asia/hangzhou': 'Asia/Shanghai',
  'asia/shenzhen': 'Asia/Shanghai',
  'asia/guangzhou': 'Asia/Shanghai',
  'asia/chengdu': 'Asia/Shanghai',
  'asia/qingdao': 'Asia/Shanghai',
  cst: 'Asia/Shanghai for China, America/Chicago for US Central',
  cdt: 'America/Chicago',
  edt: 'America/New_York',
  eastern_time: 'America/New_York',
  mdt: 'America/Denver',
  pst: 'America/Los_Angeles',
  pdt: 'America/Los_Angeles',
  pacific_time: 'America/Los_Angeles',
  cest: 'Europe/Berlin',
  bst: 'Europe/London',
  ist: 'Asia/Kolkata',
  jst: 'Asia/Tokyo',
  kst: 'Asia/Seoul',
  sgt: 'Asia/Singapore',
  hkt: 'Asia/Hong_Kong',
  aest: 'Australia/Sydney',
  aedt: 'Australia/Sydney',
  wib: 'Asia/Jakarta',
  msk: 'Europe/Moscow'
}
/** IANA_ROOT_NAMES are the IANA zone names without a `/` (tzdata `backward` links and the POSIX-style rules). */
export const IANA_ROOT_NAMES: ReadonlySet<string> = new Set(
  (
    'CET CST6CDT Cuba EET EST EST5EDT Egypt Eire GB GB-Eire GMT GMT+0 GMT-0 GMT0 Greenwich HST Hongkong Iceland Iran ' +
    'Israel Jamaica Japan Kwajalein Libya MET MST MST7MDT NZ NZ-CHAT Navajo PRC PST8PDT Poland Portugal ROC ROK ' +
    'Singapore Turkey UCT UTC Universal W-SU WET Zulu'
  ).split(' ')
)
const UTC_OFFSET = /^(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i
const MAX_EDITS = 2

/** suggestTimeZone returns the zone (or a short hint) the name most likely meant, or undefined when none is obvious. */
export function suggestTimeZone(name: string, known: ReadonlySet<string>): string | undefined {
  const key = name.trim().toLowerCase().replace(/\s+/g, '_')
  return ALIASES[key] ?? offsetHint(name.trim()) ?? cityMatch(key, known) ?? nearMiss(key, known)
}

function offsetHint(name: string): string | undefined {
  const match = UTC_OFFSET.exec(name)
  if (!match) return undefined
  const [, sign, hours, minutes = '00'] = match as unknown as [string, string, string, string | undefined]
  const fixed = `UTC${sign}${hours.padStart(2, '0')}:${minutes}`
  if (minutes !== '00') return `the region's name, e.g. Asia/Kolkata for ${fixed}`
  // Etc/GMT names count west of Greenwich as positive: Etc/GMT-8 is UTC+08:00.
  const etc = Number(hours) === 0 ? 'UTC' : `Etc/GMT${sign === '+' ? '-' : '+'}${Number(hours)}`
  return `the region's name (e.g. Asia/Shanghai for China), or ${etc} for a fixed ${fixed} without daylight saving`
}

function cityMatch(key: string, known: ReadonlySet<string>): string | undefined {
  const city = key.split('/').pop() ?? key
  const found = [...known].filter((zone) => zone.toLowerCase().split('/').pop() === city)
  return found.length === 1 ? found[0] : undefined
}

function nearMiss(key: string, known: ReadonlySet<string>): string | undefined {
  let best: string | undefined
  let bestEdits = MAX_EDITS + 1
  if (!key.includes('/')) return undefined
  for (const zone of known) {
    const edits = editDistance(key, zone.toLowerCase(), bestEdits)
    if (edits < bestEdits) [best, bestEdits] = [zone, edits]
  }
  return best
}

// Optimal string alignment distance (a swap of two neighbours is one edit), stopping once it exceeds `limit`.
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit
  let before: number[] = []
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (before[j - 2] as number) + 1)
      row.push(value)
    }
    if (Math.min(...row) >= limit) return limit
    ;[before, previous] = [previous, row]
  }
  return previous[b.length] as number
}
