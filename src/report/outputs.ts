/** The step outputs: their names, and their values for a step's outcome or for a step that failed early. Pure. */
import { redact } from '../common/redact.js'
import { countOf, resultStatus, type StepOutcome } from '../ota/outcome.js'
import type { OtaResult } from '../ota/run.js'
import { resultsJson } from './results.js'
import { APPROVED_UNKNOWN, approvedValue, fleetApprovedValue } from './status.js'

/** OUTPUT_NAMES are the step outputs, in action.yml's order; all are set on every run, also one that failed early. */
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
  'failed-count',
  'deployment-id'
] as const
export type OutputName = (typeof OUTPUT_NAMES)[number]
export type Outputs = Record<OutputName, string>

/** outputsOf returns the output values of a step (deploymentId '' without a record); every value passes through redact(). */
export function outputsOf(outcome: StepOutcome, deploymentId = ''): Outputs {
  const { results } = outcome
  return redacted({
    ...(outcome.single ? groupOutputs(results[0] as OtaResult) : fleetOutputs(outcome)),
    results: resultsJson(results),
    'approved-count': String(countOf(results, 'approved')),
    'failed-count': String(countOf(results, 'failed')),
    'deployment-id': deploymentId
  })
}

/**
 * failureOutputs returns the outputs of a step that failed before it had a result: the code and message, zero counts,
 * and `approved` false when it stopped before any approval, else unknown.
 */
export function failureOutputs(code: string, message: string, beforeAnyApproval = true): Outputs {
  return redacted({
    code,
    message,
    'request-id': '',
    'task-id': '',
    'ota-version': '',
    'new-ota-version': '',
    'start-time': '',
    approved: beforeAnyApproval ? 'false' : APPROVED_UNKNOWN,
    'task-status': '',
    results: '[]',
    'approved-count': '0',
    'failed-count': '0',
    'deployment-id': ''
  })
}

type OwnOutputs = Omit<Outputs, 'results' | 'approved-count' | 'failed-count' | 'deployment-id'>

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
    approved: approvedValue(result),
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
    // The start the step asked for; an `unchanged` group shows its running task's own start instead.
    'start-time': outcome.results.find((result) => result.startTime !== '' && result.status !== 'unchanged')?.startTime ?? '',
    approved: fleetApprovedValue(outcome.results),
    'task-status': ''
  }
}

function redacted(values: Outputs): Outputs {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, redact(value)])) as Outputs
}
