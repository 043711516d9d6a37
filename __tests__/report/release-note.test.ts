import { describe, expect, it } from '@jest/globals'
import { fleetTable } from '../../src/report/fleet-table.js'
import { RESULTS_BUDGET_BYTES, resultEntry, resultsJson } from '../../src/report/results.js'
import { summaryRows } from '../../src/report/summary.js'
import { groupResult, worstCaseResult } from '../../__fixtures__/results.js'

const HOSTILE = `<img src=x onerror="alert('x')"> & ::warning::pwned`
const ESCAPED = '&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; ::warning::pwned'

const row = (rows: { data: string }[][], item: string) => rows.find((cells) => cells[0]?.data === item)?.[1]?.data

describe('the release note in the one-group summary', () => {
  it.each([
    { name: 'a note', fields: { releaseNote: HOSTILE }, shown: ESCAPED },
    { name: 'an empty note', fields: { releaseNote: '' }, shown: 'none' },
    { name: 'a refusal', fields: { releaseNoteError: 'Forbidden.RAM' }, shown: 'could not be read (Forbidden.RAM)' },
    { name: 'no read', fields: {}, shown: undefined }
  ])('shows $name escaped in the Release note row', ({ fields, shown }) => {
    expect(row(summaryRows(groupResult(0, fields)), 'Release note')).toBe(shown)
  })
})

describe('the release note in the fleet table', () => {
  it('adds a column, clipped and escaped, only when a note was to be read', () => {
    const long = `${'<'.repeat(100)}`
    const table = fleetTable([groupResult(0, { releaseNote: long }), groupResult(1, { releaseNoteError: 'Throttling' })], false)
    const [header, first, second] = table.rows.map((cells) => cells.map((cell) => cell.data))
    const column = header?.indexOf('Release note') as number
    expect(column).toBeGreaterThan(0)
    expect(first?.[column]).toBe(`${'&lt;'.repeat(63)}…`)
    expect(second?.[column]).toBe('could not be read (Throttling)')
    expect(fleetTable([groupResult(0)], false).rows[0]?.map((cell) => cell.data)).not.toContain('Release note')
  })
})

describe('the release note in results', () => {
  it('is the note as read, or empty', () => {
    expect(resultEntry(groupResult(0, { releaseNote: HOSTILE }))['release-note']).toBe(HOSTILE)
    expect(resultEntry(groupResult(0, { releaseNoteError: 'Forbidden.RAM' }))['release-note']).toBe('')
  })

  it('keeps whole notes while results fit its budget', () => {
    const note = `${'😀"'.repeat(99)}😀…`
    const entries = JSON.parse(resultsJson([groupResult(0, { releaseNote: note }), groupResult(1)]))
    expect(entries.map((entry: Record<string, string>) => entry['release-note'])).toEqual([note, ''])
  })

  it('cuts every note to an equal share when 1000 worst-case groups would pass the budget', () => {
    const json = resultsJson(Array.from({ length: 1000 }, (_, n) => worstCaseResult(n)))
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(RESULTS_BUDGET_BYTES)
    const notes = (JSON.parse(json) as Record<string, string>[]).map((entry) => entry['release-note'] as string)
    expect(new Set(notes).size).toBe(1)
    expect(notes[0]?.endsWith('…')).toBe(true)
    expect((notes[0] as string).length).toBeGreaterThan(2)
    expect(worstCaseResult(0).releaseNote?.startsWith((notes[0] as string).slice(0, -1))).toBe(true)
  })
})
