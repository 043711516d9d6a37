/**
 * The report's edge: sets every step output through @actions/core and writes the job summary (built with
 * core.summary), for a step's outcome and for a step that failed before it had one. A summary that cannot be written
 * only warns.
 */
import { appendFileSync } from 'node:fs'
import * as core from '@actions/core'
import { errorMessage } from '../common/errors.js'
import type { Logger } from '../common/log.js'
import type { StepOutcome } from '../ota/outcome.js'
import { failureOutputs, outputsOf, type Outputs } from './outputs.js'
import { addEarlyFailure, addOutcome, type EarlyFailure, type SummaryBuilder, type SummaryExtras } from './summary.js'

/** SummaryFile is where the job summary goes: the runner's GITHUB_STEP_SUMMARY, unset where summaries are not supported. */
export interface SummaryFile {
  readonly summaryFile?: string | undefined
}

/** ReportOptions are what the report adds beside the outcome: dry run, the deployment id, the summary's extras and file. */
export interface ReportOptions extends SummaryExtras, SummaryFile {
  readonly dryRun?: boolean
  readonly deploymentId?: string
}

/** writeReport sets every output and writes the job summary of the step's outcome. */
export function writeReport(outcome: StepOutcome, logger: Logger, options: ReportOptions = {}): void {
  setOutputs(outputsOf(outcome, options.deploymentId))
  writeSummary(logger, options.summaryFile, (summary) => addOutcome(summary, outcome, options.dryRun ?? false, options))
}

/** writeEarlyFailure sets every output (zero counts) and writes a summary naming the error, for a step that failed early. */
export function writeEarlyFailure(failure: EarlyFailure, logger: Logger, options: SummaryExtras & SummaryFile = {}): void {
  setOutputs(failureOutputs(failure.code, failure.message, failure.beforeAnyApproval))
  writeSummary(logger, options.summaryFile, (summary) => addEarlyFailure(summary, failure, options))
}

function setOutputs(outputs: Outputs): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
}

/**
 * writeSummary builds the summary with core.summary and appends it to the step's summary file in one synchronous
 * write. core.summary.write() takes fs.promises' way (an access check, then appendFile on libuv's thread pool, whose
 * threads the first call starts): 3.5-4 ms at the end of a one-group run, when nothing else is left to do, against
 * 0.2 ms for appendFileSync.
 */
function writeSummary(logger: Logger, file: string | undefined, add: (summary: SummaryBuilder) => void): void {
  try {
    add(core.summary)
    if (!file) throw new Error('GITHUB_STEP_SUMMARY is not set: there is no summary file to append to')
    appendFileSync(file, core.summary.stringify(), { encoding: 'utf8' })
  } catch (error) {
    logger.warning(`the job summary was not written: ${errorMessage(error)}`)
  } finally {
    core.summary.emptyBuffer()
  }
}
