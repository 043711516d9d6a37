import { describe, expect, it } from '@jest/globals'
import { fleetTable, MAX_SUMMARY_ROWS } from '../../src/report/fleet-table.js'
import { failedResult, groupResult, worstCaseResult } from '../../__fixtures__/results.js'
import { fleetGroupId } from '../../__fixtures__/fleet-api.js'

const texts = (rows: { data: string }[][]): string[][] => rows.map((row) => row.map((cell) => cell.data))

/** html returns the table as core.summary.addTable writes it, to measure it. */
function html(rows: { data: string; header?: boolean }[][]): string {
  const body = rows
    .map((row) => `<tr>${row.map((cell) => (cell.header ? `<th>${cell.data}</th>` : `<td>${cell.data}</td>`)).join('')}</tr>`)
    .join('')
  return `<table>${body}</table>`
}

describe('fleetTable', () => {
  it('shows group, region, version from → to, start time, status and request id per group', () => {
    const table = fleetTable(
      [
        groupResult(0),
        failedResult(1, 'OtaTask.Running'),
        groupResult(2, { status: 'skipped', newOtaVersion: '', otaVersion: '1.1.0', startTime: '', requestId: '' })
      ],
      false
    )
    expect(texts(table.rows)).toEqual([
      ['Group', 'Region', 'Version', 'Start time', 'Status', 'Request id'],
      [`${fleetGroupId(0)} (group 0)`, 'cn-hangzhou', '1.0.0 → 1.1.0', '2026-06-20T02:00:00+08:00', 'approved', 'RID-APPROVE-0'],
      [
        `${fleetGroupId(1)} (group 1)`,
        'cn-hangzhou',
        '1.0.0 → 1.1.0',
        '2026-06-20T02:00:00+08:00',
        'failed: OtaTask.Running',
        'RID-OtaTask.Running-1'
      ],
      [`${fleetGroupId(2)} (group 2)`, 'cn-hangzhou', '1.1.0', '-', 'skipped', '-']
    ])
    expect(table.hidden).toBe(0)
  })

  it('adds the task status column when the step waited', () => {
    const table = fleetTable([groupResult(0, { taskStatus: 'FINISHED' }), groupResult(1, { status: 'skipped' })], true)
    expect(texts(table.rows).map((row) => row[5])).toEqual(['Task status', 'FINISHED', '-'])
  })

  it('escapes HTML in every cell', () => {
    const table = fleetTable(
      [groupResult(0, { appInstanceGroupName: '<img src=x onerror="alert(1)">', requestId: "<b>'" })],
      false
    )
    const cells = texts(table.rows).flat()
    expect(cells).toContain(`${fleetGroupId(0)} (&lt;img src=x onerror=&quot;alert(1)&quot;&gt;)`)
    expect(cells).toContain('&lt;b&gt;&#39;')
    expect(cells.join('')).not.toMatch(/<(img|b)\b/)
  })

  it(`shows ${MAX_SUMMARY_ROWS} of 1,000 groups, failed ones first, and counts the rest`, () => {
    const results = Array.from({ length: 1000 }, (_, n) => (n % 100 === 99 ? failedResult(n) : groupResult(n)))
    const table = fleetTable(results, false)
    expect(table.rows).toHaveLength(MAX_SUMMARY_ROWS + 1)
    expect(table.hidden).toBe(1000 - MAX_SUMMARY_ROWS)
    const shown = texts(table.rows.slice(1)).map((row) => row[0])
    expect(shown.slice(0, 10)).toEqual(
      Array.from({ length: 10 }, (_, k) => `${fleetGroupId(k * 100 + 99)} (group ${k * 100 + 99})`)
    )
    expect(shown[10]).toBe(`${fleetGroupId(0)} (group 0)`)
  })

  it('stays in input order when every group fits', () => {
    const table = fleetTable([groupResult(0), failedResult(1), groupResult(2)], false)
    expect(texts(table.rows.slice(1)).map((row) => row[4])).toEqual(['approved', 'failed: Forbidden.RAM', 'approved'])
  })

  it('stops at the byte budget before the row limit', () => {
    const table = fleetTable(
      Array.from({ length: 50 }, (_, n) => groupResult(n)),
      false,
      { rows: 300, bytes: 2000 }
    )
    expect(table.rows.length).toBeLessThan(51)
    expect(table.hidden).toBe(50 - (table.rows.length - 1))
    expect(Buffer.byteLength(html(table.rows))).toBeLessThanOrEqual(2000 + 100)
  })

  it('keeps the table of 1,000 worst-case groups far below the 1 MiB summary limit', () => {
    const table = fleetTable(
      Array.from({ length: 1000 }, (_, n) => worstCaseResult(n)),
      true
    )
    expect(Buffer.byteLength(html(table.rows))).toBeLessThan(512 * 1024 + 1024)
    expect(table.hidden + table.rows.length - 1).toBe(1000)
  })
})
