import * as core from '@actions/core'
import { errorMessage } from './errors.js'
import { redact } from './redact.js'
import type { OtaResult, OtaStatus } from './schedule.js'

/** OUTPUT_NAMES are the step outputs, in action.yml's order; all are set on every run that got past the inputs. */
export const OUTPUT_NAMES = ['code', 'message', 'request-id', 'task-id', 'ota-version', 'new-ota-version', 'start-time', 'approved'] as const
export type OutputName = (typeof OUTPUT_NAMES)[number]

export const SUMMARY_HEADING = 'Wuying OTA update'
const STATUS_TEXT: Readonly<Record<OtaStatus, string>> = {
  approved: 'Scheduled',
  skipped: 'Nothing to approve',
  failed: 'Not scheduled'
}

/** outputsOf returns the output values for a result; every value passes through redact(). */
export function outputsOf(result: OtaResult): Record<OutputName, string> {
  const values: Record<OutputName, string> = {
    code: result.code,
    message: result.message,
    'request-id': result.requestId,
    'task-id': result.taskId,
    'ota-version': result.otaVersion,
    'new-ota-version': result.newOtaVersion,
    'start-time': result.startTime,
    approved: String(result.approved)
  }
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, redact(value)])) as Record<OutputName, string>
}

/** writeReport sets every output and writes the job summary; a summary that cannot be written only warns. */
export async function writeReport(result: OtaResult): Promise<void> {
  for (const [name, value] of Object.entries(outputsOf(result))) core.setOutput(name, value)
  try {
    await core.summary.addHeading(SUMMARY_HEADING, 2).addTable(summaryRows(result)).addTable(callRows(result)).write()
  } catch (error) {
    core.warning(`the job summary was not written: ${redact(errorMessage(error))}`)
  }
}

/** writeFailureOutputs sets `code`, `message` and `approved=false` when the step failed before there was a result. */
export function writeFailureOutputs(code: string, message: string): void {
  core.setOutput('code', redact(code))
  core.setOutput('message', redact(message))
  core.setOutput('approved', 'false')
}

type Row = { data: string; header?: boolean }[]

/** summaryRows returns the "what was done" table: one row per fact, cells HTML-escaped. */
export function summaryRows(result: OtaResult): Row[] {
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
    ['Code', result.code],
    ['Message', result.message || '-'],
    ['Request id', result.requestId || '-'],
    ...(result.failure === undefined ? [] : [['Step failed', result.failure] as [string, string]])
  ]
  return [header('Item', 'Value'), ...facts.map(([item, value]) => [{ data: item }, { data: cell(value) }])]
}

/** callRows returns the table of API calls made: operation, code, request id. */
export function callRows(result: OtaResult): Row[] {
  const rows = result.calls.map((call) => [
    { data: cell(call.operation) },
    { data: cell(call.code || '-') },
    { data: cell(call.requestId || '-') }
  ])
  return [header('API call', 'Code', 'Request id'), ...rows]
}

function header(...names: string[]): Row {
  return names.map((data) => ({ data, header: true }))
}

/** escapeHtml returns text safe to put in an HTML cell: `& < > " '` become entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] as string)
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

function cell(text: string): string {
  return escapeHtml(redact(text))
}
