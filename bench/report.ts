/**
 * The benchmark's output: rows of the table (figure, median with its spread, baseline, ratio, goal, verdict),
 * the goal lines, and the text rendering. results.json holds the same rows with every sample.
 */
import type { Samples } from './measure.js'

/** Verdict of a row against its goal: `n/a` when the figure could not be measured, '' when there is no goal. */
export type Verdict = 'met' | 'missed' | 'n/a' | ''

export interface Row {
  readonly section: string
  readonly figure: string
  readonly value: string
  readonly baseline: string
  readonly ratio: string
  readonly goal: string
  readonly verdict: Verdict
  /** Samples and anything else worth keeping in results.json. */
  readonly data?: Record<string, unknown>
}

export interface Goal {
  readonly goal: string
  readonly verdict: Exclude<Verdict, ''>
  readonly detail: string
}

/** ms formats a duration: whole ms. */
export function ms(value: number): string {
  return Number.isFinite(value) ? `${Math.round(value)} ms` : '—'
}

/** spread formats a median with its min–max range, e.g. `312 ms (298–340, n=7)`. */
export function spread(s: Samples): string {
  if (s.samples.length <= 1) return ms(s.median)
  return `${ms(s.median)} (${Math.round(s.min)}–${Math.round(s.max)}, n=${s.samples.length})`
}

/** ratio formats a ratio with two decimals and a ×. */
export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '—'
}

/** bytes formats a size in bytes as MB (10^6) with the exact count. */
export function bytes(value: number): string {
  return `${(value / 1e6).toFixed(3)} MB (${value.toLocaleString('en-US')} B)`
}

/** verdict returns `met` when ok, `missed` otherwise. */
export function verdictOf(ok: boolean): 'met' | 'missed' {
  return ok ? 'met' : 'missed'
}

/** renderTable lays the rows out as a fixed-width text table, grouped by section. */
export function renderTable(rows: readonly Row[]): string {
  const head = ['figure', 'median (min–max, n)', 'baseline', 'ratio', 'goal', 'verdict']
  const cells = rows.map((r) => [r.figure, r.value, r.baseline, r.ratio, r.goal, r.verdict])
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)))
  const line = (c: readonly string[]): string =>
    c
      .map((v, i) => v.padEnd(widths[i]))
      .join(' │ ')
      .trimEnd()
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─')
  const out: string[] = [line(head), rule]
  let section = ''
  rows.forEach((r, i) => {
    if (r.section !== section) {
      if (section !== '') out.push(rule)
      section = r.section
      out.push(`[${section}]`)
    }
    out.push(line(cells[i]))
  })
  return out.join('\n')
}

/** renderGoals lists each goal as met, missed or n/a with what decided it. */
export function renderGoals(goals: readonly Goal[]): string {
  const width = Math.max(...goals.map((g) => g.goal.length))
  return goals.map((g) => `${g.verdict.toUpperCase().padEnd(6)} ${g.goal.padEnd(width)}  ${g.detail}`).join('\n')
}

/** The figures the side-by-side table shows, by the start of their row's figure. */
const KEY_FIGURES = [
  'single-group run, 0 ms latency',
  'single group, 50 ms latency',
  'single group, 200 ms latency',
  'load time',
  'V8 code cache',
  'peak RSS, single-group run',
  'peak RSS, fleet of'
]

/** sideBySide lays the key figures of each runtime's rows out in one table, a column per runtime. */
export function sideBySide(runs: readonly { runtime: { version: string }; rows: readonly Row[] }[]): string {
  const cell = (rows: readonly Row[], figure: string): string => {
    const row = rows.find((r) => r.figure.startsWith(figure))
    if (!row) return '—'
    const value = row.value.replace(/ \([^)]*n=\d+\)/, '')
    return [value, row.ratio, row.verdict ? `(${row.verdict})` : ''].filter(Boolean).join(' ')
  }
  const head = ['figure', ...runs.map((r) => `Node ${r.runtime.version}`)]
  const cells = KEY_FIGURES.map((figure) => [figure, ...runs.map((r) => cell(r.rows, figure))])
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)))
  const line = (c: readonly string[]): string =>
    c
      .map((v, i) => v.padEnd(widths[i]))
      .join(' │ ')
      .trimEnd()
  return [line(head), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...cells.map(line)].join('\n')
}
