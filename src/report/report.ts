import * as core from '@actions/core'
import { errorMessage } from '../common/errors.js'
import { fleetTable, type SummaryRow } from './fleet-table.js'
import { escapeHtml } from './html.js'
import { redact } from '../common/redact.js'
import { countOf, resultStatus, type StepOutcome } from '../ota/outcome.js'
import { resultsJson } from './results.js'
import type { OtaResult, OtaStatus } from '../ota/run.js'

export { escapeHtml } from './html.js'

/** OUTPUT_NAMES are the step outputs, in action.yml's order; all are set on every run that got past the inputs. */
export const OUTPUT_NAMES = [
  'code',
  'message',
  'request-id',
  'task-id',
  'ota-version',
  'new-ota-version',
  'start-time',
  'approved',
  'task-status',
  'results',
  'approved-count',
  'failed-count'
] as const
export type OutputName = (typeof OUTPUT_NAMES)[number]

export const SUMMARY_HEADING = 'Wuying OTA update'
const STATUS_TEXT: Readonly<Record<OtaStatus, string>> = {
  approved: 'Scheduled',
  skipped: 'Nothing to approve',
  failed: 'Not scheduled',
  unchanged: 'Already scheduled or running',
  'would-approve': 'Would be scheduled (dry run)'
}

/** outputsOf returns the output values of a step; every value passes through redact(). */
export function outputsOf(outcome: StepOutcome): Record<OutputName, string> {
  const { results } = outcome
  const values: Record<OutputName, string> = {
    ...(outcome.single ? groupOutputs(results[0] as OtaResult) : fleetOutputs(outcome)),
    results: resultsJson(results),
    'approved-count': String(countOf(results, 'approved')),
    'failed-count': String(countOf(results, 'failed'))
  }
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, redact(value)])) as Record<OutputName, string>
}

type OwnOutputs = Omit<Record<OutputName, string>, 'results' | 'approved-count' | 'failed-count'>

/** One group: the outputs keep the meaning they had before fleets. */
function groupOutputs(result: OtaResult): OwnOutputs {
  return {
    code: result.code,
    message: result.message,
    'request-id': result.requestId,
    'task-id': result.taskId,
    'ota-version': result.otaVersion,
    'new-ota-version': result.newOtaVersion,
    'start-time': result.startTime,
    approved: String(result.approved),
    'task-status': result.taskStatus ?? ''
  }
}

/** A fleet: code and message of the whole step; the per-group values are in `results`. */
function fleetOutputs(outcome: StepOutcome): OwnOutputs {
  const firstFailed = outcome.results.find((result) => resultStatus(result) === 'failed')
  return {
    code: outcome.code,
    message: outcome.message,
    'request-id': firstFailed?.requestId ?? '',
    'task-id': '',
    'ota-version': '',
    'new-ota-version': '',
    'start-time': outcome.results.find((result) => result.startTime !== '')?.startTime ?? '',
    approved: String(outcome.results.some((result) => result.approved)),
    'task-status': ''
  }
}

/** writeReport sets every output and writes the job summary; a summary that cannot be written only warns. */
export async function writeReport(outcome: StepOutcome): Promise<void> {
  for (const [name, value] of Object.entries(outputsOf(outcome))) core.setOutput(name, value)
  try {
    const summary = core.summary.addHeading(SUMMARY_HEADING, 2)
    if (outcome.single) {
      const result = outcome.results[0] as OtaResult
      summary.addTable(summaryRows(result)).addTable(callRows(result))
    } else {
      const waited = outcome.results.some((result) => result.taskStatus !== undefined)
      const table = fleetTable(outcome.results, waited)
      summary.addRaw(`<p>${escapeHtml(redact(outcome.message))}</p>`, true).addTable(table.rows)
      if (table.hidden > 0) summary.addRaw(`<p>and ${table.hidden} more groups: see the <code>results</code> output</p>`, true)
      if (outcome.failure !== undefined)
        summary.addRaw(`<p><strong>Step failed:</strong> ${cell(clipped(outcome.failure))}</p>`, true)
    }
    await summary.write()
  } catch (error) {
    core.warning(`the job summary was not written: ${redact(errorMessage(error))}`)
  }
}

/** writeFailureOutputs sets `code`, `message`, `approved=false`, an empty `results` and no approvals when the step failed before there was a result. */
export function writeFailureOutputs(code: string, message: string): void {
  core.setOutput('code', redact(code))
  core.setOutput('message', redact(message))
  core.setOutput('approved', 'false')
  core.setOutput('results', '[]')
  core.setOutput('approved-count', '0')
}

/** summaryRows returns one group's "what was done" table: one row per fact, cells HTML-escaped. */
export function summaryRows(result: OtaResult): SummaryRow[] {
  const name = result.appInstanceGroupName ? ` (${result.appInstanceGroupName})` : ''
  const versions = result.newOtaVersion
    ? `${result.otaVersion || 'unknown'} → ${result.newOtaVersion}`
    : result.otaVersion || 'unknown'
  const facts: [string, string][] = [
    ['Result', STATUS_TEXT[result.status]],
    ['Delivery group', `${result.appInstanceGroupId}${name}`],
    ['Region', result.bizRegionId],
    ['OTA type', result.otaType],
    ['Version', versions],
    ['Task', result.taskId || '-'],
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

/** MAX_FAILURE_CHARS bounds the fleet's failure sentence in the summary (it names every failed group; `results` has them all). */
const MAX_FAILURE_CHARS = 4000

function clipped(text: string): string {
  return text.length > MAX_FAILURE_CHARS ? `${text.slice(0, MAX_FAILURE_CHARS - 1)}…` : text
}

function header(...names: string[]): SummaryRow {
  return names.map((data) => ({ data, header: true }))
}

function cell(text: string): string {
  return escapeHtml(redact(text))
}
