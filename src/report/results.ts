/**
 * The `results` output: each group's entry (JSON, keys named like the step outputs), redacted and compact. Pure.
 */
import type { OtaResult, OtaStatus } from '../ota/run.js'
import { resultStatus } from '../ota/outcome.js'
import { redact } from '../common/redact.js'

/** ResultEntry is one group in the `results` output (JSON; keys named like the step outputs). */
export interface ResultEntry {
  readonly id: string
  readonly name: string
  readonly region: string
  readonly 'task-id': string
  readonly 'ota-version': string
  readonly 'new-ota-version': string
  readonly 'start-time': string
  readonly code: string
  readonly message: string
  readonly 'request-id': string
  readonly status: OtaStatus
  /** The task's last TaskDisplayStatus when the step waited for it, else ''. */
  readonly 'task-status': string
  /** The task's release note as read (its first line, shortened by ota/release-note.ts), else ''. */
  readonly 'release-note': string
}

/** MAX_RESULT_MESSAGE bounds each entry's message, so that `results` stays compact for 1,000 groups. */
export const MAX_RESULT_MESSAGE = 200

/** resultEntry returns a group's `results` entry; every text passes through redact(), the message is cut to MAX_RESULT_MESSAGE. */
export function resultEntry(result: OtaResult): ResultEntry {
  const message = redact(result.message)
  return {
    id: result.appInstanceGroupId,
    name: redact(result.appInstanceGroupName),
    region: result.bizRegionId,
    'task-id': result.taskId,
    'ota-version': redact(result.otaVersion),
    'new-ota-version': redact(result.newOtaVersion),
    'start-time': result.startTime,
    code: redact(result.code),
    message: message.length > MAX_RESULT_MESSAGE ? `${message.slice(0, MAX_RESULT_MESSAGE - 1)}…` : message,
    'request-id': redact(result.requestId),
    status: resultStatus(result),
    'task-status': result.taskStatus ?? '',
    'release-note': redact(result.releaseNote ?? '')
  }
}

/** RESULTS_BUDGET_BYTES bounds the `results` output, below the runner's 1 MiB limit for one output. */
export const RESULTS_BUDGET_BYTES = 1_000_000

/**
 * resultsJson returns the `results` output: a compact JSON array of the entries, in input order. Release notes are the
 * one text that may not fit 1,000 groups at full length: when the whole would pass RESULTS_BUDGET_BYTES, each note is
 * cut to an equal share of the bytes the other fields leave.
 */
export function resultsJson(results: readonly OtaResult[]): string {
  const entries = results.map(resultEntry)
  const json = JSON.stringify(entries)
  const noted = entries.filter((entry) => entry['release-note'] !== '').length
  if (noted === 0 || Buffer.byteLength(json) <= RESULTS_BUDGET_BYTES) return json
  const bare = entries.map((entry) => ({ ...entry, 'release-note': '' }))
  const share = Math.floor((RESULTS_BUDGET_BYTES - Buffer.byteLength(JSON.stringify(bare))) / noted)
  return JSON.stringify(entries.map((entry) => ({ ...entry, 'release-note': cutToBytes(entry['release-note'], share) })))
}

/** cutToBytes returns the text cut so that its JSON string (quotes aside) takes at most `bytes`, `…` marking a cut. */
function cutToBytes(text: string, bytes: number): string {
  const cost = (chars: string): number => Buffer.byteLength(JSON.stringify(chars)) - 2
  if (cost(text) <= bytes) return text
  const room = bytes - cost('…')
  let kept = ''
  let used = 0
  for (const char of text) {
    used += cost(char)
    if (used > room) break
    kept += char
  }
  return kept === '' ? '' : `${kept}…`
}
