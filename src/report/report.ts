/**
 * The report's edge: sets every step output and writes the job summary through @actions/core, for a step's outcome
 * and for a step that failed before it had one. A summary that cannot be written only warns.
 */
import * as core from '@actions/core'
import { errorMessage } from '../common/errors.js'
import type { Logger } from '../common/log.js'
import type { StepOutcome } from '../ota/outcome.js'
import { failureOutputs, outputsOf, type Outputs } from './outputs.js'
import { addEarlyFailure, addOutcome, type EarlyFailure, type SummaryBuilder, type SummaryExtras } from './summary.js'

/** ReportOptions are what the report adds beside the outcome: dry run, the deployment id, the summary's extras. */
export interface ReportOptions extends SummaryExtras {
  readonly dryRun?: boolean
  readonly deploymentId?: string
}

/** writeReport sets every output and writes the job summary of the step's outcome. */
export async function writeReport(outcome: StepOutcome, logger: Logger, options: ReportOptions = {}): Promise<void> {
  setOutputs(outputsOf(outcome, options.deploymentId))
  await writeSummary(logger, (summary) => addOutcome(summary, outcome, options.dryRun ?? false, options))
}

/** writeEarlyFailure sets every output (zero counts) and writes a summary naming the error, for a step that failed early. */
export async function writeEarlyFailure(failure: EarlyFailure, logger: Logger, extras: SummaryExtras = {}): Promise<void> {
  setOutputs(failureOutputs(failure.code, failure.message, failure.beforeAnyApproval))
  await writeSummary(logger, (summary) => addEarlyFailure(summary, failure, extras))
}

function setOutputs(outputs: Outputs): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
}

async function writeSummary(logger: Logger, add: (summary: SummaryBuilder) => void): Promise<void> {
  try {
    add(core.summary)
    await core.summary.write()
  } catch (error) {
    logger.warning(`the job summary was not written: ${errorMessage(error)}`)
  }
}
