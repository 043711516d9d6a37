/**
 * The job summary's table for a fleet: one row per group (group, region, version from → to, start time, status, task
 * status when waited, release note when read, request id), cells redacted and HTML-escaped. The runner refuses a summary above 1 MiB, so the
 * table shows at most MAX_SUMMARY_ROWS rows within SUMMARY_BUDGET_BYTES, failed groups first when not all fit; the
 * rest are counted, and the `results` output has them all. Pure.
 */
import { escapeHtml } from '../common/html.js'
import type { OtaResult } from '../ota/run.js'
import { redact } from '../common/redact.js'
import { resultStatus } from '../ota/outcome.js'
import { releaseNoteText, statusCell } from './status.js'

/** SummaryRow is a row as core.summary.addTable takes it. */
export type SummaryRow = { data: string; header?: boolean }[]

/** MAX_SUMMARY_ROWS is how many groups the table shows at most. */
export const MAX_SUMMARY_ROWS = 300
/** SUMMARY_BUDGET_BYTES bounds the table's HTML, half the runner's 1 MiB limit for a step's summary. */
export const SUMMARY_BUDGET_BYTES = 512 * 1024
/** Free texts (names, versions) longer than this are cut in the table. */
const MAX_CELL_CHARS = 64
// `<td></td>` around each cell and `<tr></tr>` around each row.
const CELL_MARKUP_BYTES = 9
const ROW_MARKUP_BYTES = 9

/** FleetTable is the table's rows (the header first) and how many groups it leaves out. */
export interface FleetTable {
  readonly rows: SummaryRow[]
  readonly hidden: number
}

/** fleetTable returns the summary table of the groups; `waited` adds the task status column, a read release note its own. */
export function fleetTable(
  results: readonly OtaResult[],
  waited: boolean,
  limits = { rows: MAX_SUMMARY_ROWS, bytes: SUMMARY_BUDGET_BYTES }
): FleetTable {
  const notes = results.some((result) => releaseNoteText(result) !== undefined)
  const header = [
    'Group',
    'Region',
    'Version',
    'Start time',
    'Status',
    ...(waited ? ['Task status'] : []),
    ...(notes ? ['Release note'] : []),
    'Request id'
  ]
  const ordered = results.length <= limits.rows ? results : [...results.filter(isFailed), ...results.filter((r) => !isFailed(r))]
  const rows: SummaryRow[] = [header.map((data) => ({ data, header: true }))]
  let bytes = rowBytes(rows[0] as SummaryRow)
  for (const result of ordered) {
    if (rows.length - 1 >= limits.rows) break
    const row = groupRow(result, waited, notes)
    const size = rowBytes(row)
    if (bytes + size > limits.bytes) break
    rows.push(row)
    bytes += size
  }
  return { rows, hidden: results.length - (rows.length - 1) }
}

function groupRow(result: OtaResult, waited: boolean, notes: boolean): SummaryRow {
  const name = result.appInstanceGroupName ? ` (${clip(result.appInstanceGroupName)})` : ''
  const from = clip(result.otaVersion) || 'unknown'
  const version = result.newOtaVersion ? `${from} → ${clip(result.newOtaVersion)}` : result.otaVersion ? from : '-'
  const cells = [
    `${result.appInstanceGroupId}${name}`,
    result.bizRegionId,
    version,
    result.startTime || '-',
    statusCell(result),
    ...(waited ? [result.taskStatus || '-'] : []),
    ...(notes ? [clip(releaseNoteText(result) ?? '-')] : []),
    result.requestId || '-'
  ]
  return cells.map((text) => ({ data: escapeHtml(redact(text)) }))
}

function isFailed(result: OtaResult): boolean {
  return resultStatus(result) === 'failed'
}

function clip(text: string): string {
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS - 1)}…` : text
}

function rowBytes(row: SummaryRow): number {
  return row.reduce((sum, cell) => sum + Buffer.byteLength(cell.data) + CELL_MARKUP_BYTES, ROW_MARKUP_BYTES)
}
