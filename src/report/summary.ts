/**
 * The job summary: what the step did, for one group (a fact table and the API calls made), for a fleet (a table of
 * groups), or for a step that failed before it had a result (the error, and which input or stage). Every outside text
 * is redacted and HTML-escaped before it reaches a cell. Writes through a summary builder (core.summary in the action).
 */
import { redact } from '../common/redact.js'
import type { StepOutcome } from '../ota/outcome.js'
import type { OtaResult } from '../ota/run.js'
import { fleetTable, type SummaryRow } from './fleet-table.js'
import { escapeHtml } from '../common/html.js'
import { releaseNoteText, statusText } from './status.js'

/** SummaryBuilder is the part of core.summary the report writes through. */
export interface SummaryBuilder {
  addHeading(text: string, level?: number | string): SummaryBuilder
  addTable(rows: SummaryRow[]): SummaryBuilder
  addRaw(text: string, addEOL?: boolean): SummaryBuilder
}

/** SummaryExtras are what the stages beside the OTA add: the run's GitHub context (HTML, already escaped) and notes. */
export interface SummaryExtras {
  /** HTML paragraphs under the heading (the release, the actor, the commit and run links), already escaped. */
  readonly contextHtml?: readonly string[]
  /** Plain-text notes shown under the table (e.g. how the start time was chosen); escaped here. */
  readonly notes?: readonly string[]
}

export const SUMMARY_HEADING = 'Wuying OTA update'
/** MAX_FAILURE_CHARS bounds the fleet's failure sentence in the summary (it names every failed group; `results` has them all). */
const MAX_FAILURE_CHARS = 4000

/** addOutcome adds the summary of a step's outcome: the heading (marked for a dry run), then one group's or the fleet's tables. */
export function addOutcome(summary: SummaryBuilder, outcome: StepOutcome, dryRun: boolean, extras: SummaryExtras = {}): void {
  addHeading(summary, dryRun ? `${SUMMARY_HEADING} (dry run)` : SUMMARY_HEADING, extras)
  if (outcome.single) {
    const result = outcome.results[0] as OtaResult
    summary.addTable(summaryRows(result)).addTable(callRows(result))
  } else {
    const waited = outcome.results.some((result) => result.taskStatus !== undefined)
    const table = fleetTable(outcome.results, waited)
    summary.addRaw(`<p>${cell(outcome.message)}</p>`, true).addTable(table.rows)
    if (table.hidden > 0) summary.addRaw(`<p>and ${table.hidden} more groups: see the <code>results</code> output</p>`, true)
    if (outcome.failure !== undefined)
      summary.addRaw(`<p><strong>Step failed:</strong> ${cell(clipped(outcome.failure))}</p>`, true)
  }
  for (const note of extras.notes ?? []) summary.addRaw(`<p>${cell(note)}</p>`, true)
}

/** EarlyFailure is a step that stopped before any group had a result: its code, message, and the input or stage. */
export interface EarlyFailure {
  readonly code: string
  readonly message: string
  /** The input that was refused, for a bad input. */
  readonly input?: string
  /** Where the step stopped, in words (e.g. "reading the inputs", "assuming the OIDC role"). */
  readonly stage: string
  /** True when the step stopped before any request about a group (bad input, credentials): nothing was approved. */
  readonly beforeAnyApproval: boolean
}

/** addEarlyFailure adds the summary of a step that failed before any request for a group: nothing was approved. */
export function addEarlyFailure(summary: SummaryBuilder, failure: EarlyFailure, extras: SummaryExtras = {}): void {
  addHeading(summary, `${SUMMARY_HEADING}: failed`, extras)
  const facts: [string, string][] = [
    [
      'Result',
      failure.beforeAnyApproval
        ? 'Not scheduled: the step stopped before any approval'
        : 'Unknown: the step failed unexpectedly; check the groups before running it again'
    ],
    ['Stopped while', failure.stage],
    ...(failure.input ? [['Input', failure.input] as [string, string]] : []),
    ['Code', failure.code],
    ['Message', clipped(failure.message)]
  ]
  summary.addTable([header('Item', 'Value'), ...facts.map(([item, value]) => [{ data: item }, { data: cell(value) }])])
}

/** summaryRows returns one group's "what was done" table: one row per fact, cells HTML-escaped. */
export function summaryRows(result: OtaResult): SummaryRow[] {
  const name = result.appInstanceGroupName ? ` (${result.appInstanceGroupName})` : ''
  const versions = result.newOtaVersion
    ? `${result.otaVersion || 'unknown'} → ${result.newOtaVersion}`
    : result.otaVersion || 'unknown'
  const note = releaseNoteText(result)
  const facts: [string, string][] = [
    ['Result', statusText(result)],
    ['Delivery group', `${result.appInstanceGroupId}${name}`],
    ['Region', result.bizRegionId],
    ['OTA type', result.otaType],
    ['Version', versions],
    ['Task', result.taskId || '-'],
    ...(note === undefined ? [] : [['Release note', note] as [string, string]]),
    ['Start time', result.startTime || '-'],
    ...(result.taskStatus === undefined ? [] : [['Task status', result.taskStatus || 'not listed'] as [string, string]]),
    ['Code', result.code],
    ['Message', result.message || '-'],
    ['Request id', result.requestId || '-'],
    ...(result.failure === undefined ? [] : [['Step failed', result.failure] as [string, string]])
  ]
  return [header('Item', 'Value'), ...facts.map(([item, value]) => [{ data: item }, { data: cell(value) }])]
}

/** callRows returns the table of API calls made: operation, code, request id. */
export function callRows(result: OtaResult): SummaryRow[] {
  const rows = result.calls.map((call) => [
    { data: cell(call.operation) },
    { data: cell(call.code || '-') },
    { data: cell(call.requestId || '-') }
  ])
  return [header('API call', 'Code', 'Request id'), ...rows]
}

function addHeading(summary: SummaryBuilder, title: string, extras: SummaryExtras): void {
  summary.addHeading(title, 2)
  for (const html of extras.contextHtml ?? []) if (html !== '') summary.addRaw(html, true)
}

function clipped(text: string): string {
  return text.length > MAX_FAILURE_CHARS ? `${text.slice(0, MAX_FAILURE_CHARS - 1)}…` : text
}

function header(...names: string[]): SummaryRow {
  return names.map((data) => ({ data, header: true }))
}

function cell(text: string): string {
  return escapeHtml(redact(text))
}
