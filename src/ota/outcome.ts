/**
 * What the step decides as a whole from its groups' results: each group's reported status, the counts, and the step's
 * code, message and failure, for one group (its result, as before) or a fleet. Pure.
 */
import { CODE_DRY_RUN, type OtaResult, type OtaStatus } from './run.js'

/** StepOutcome is what the step reports: every group's result (in input order), and the step's code, message and failure. */
export interface StepOutcome {
  readonly results: readonly OtaResult[]
  /** One group: the single-group outputs and summary keep their meaning. */
  readonly single: boolean
  readonly code: string
  readonly message: string
  /** Set when the step must fail: the sentence to fail it with. */
  readonly failure?: string
}

/** resultStatus returns a group's reported status: a group skipped under if-no-update: fail counts as failed. */
export function resultStatus(result: OtaResult): OtaStatus {
  return result.status === 'skipped' && result.failure !== undefined ? 'failed' : result.status
}

/** countOf returns how many groups have the reported status. */
export function countOf(results: readonly OtaResult[], status: OtaStatus): number {
  return results.filter((result) => resultStatus(result) === status).length
}

const STATUS_ORDER: readonly OtaStatus[] = ['approved', 'would-approve', 'unchanged', 'skipped', 'failed']

/** countLine returns e.g. `7 delivery groups: 4 approved, 1 unchanged, 1 skipped, 1 failed` (statuses with none left out). */
export function countLine(results: readonly OtaResult[]): string {
  const parts = STATUS_ORDER.flatMap((status) => {
    const count = countOf(results, status)
    return count === 0 ? [] : [`${count} ${status}`]
  })
  return `${results.length} delivery group${results.length === 1 ? '' : 's'}: ${parts.join(', ')}`
}

/** singleOutcome returns the outcome of a one-group step: the group's own code, message and failure. */
export function singleOutcome(result: OtaResult): StepOutcome {
  return {
    results: [result],
    single: true,
    code: result.code,
    message: result.message,
    ...(result.failure === undefined ? {} : { failure: result.failure })
  }
}

/**
 * fleetOutcome returns the outcome of a fleet: code `success` (`DryRun` in a dry run) when no group failed, else the
 * code of the first failed group in input order; the failure names every group that fails the step.
 */
export function fleetOutcome(results: readonly OtaResult[], dryRun: boolean): StepOutcome {
  const firstFailed = results.find((result) => resultStatus(result) === 'failed')
  const failing = results.filter((result) => result.failure !== undefined)
  const failure =
    failing.length === 0
      ? undefined
      : `${failing.length} of ${results.length} delivery groups failed: ` +
        failing.map((result) => `${result.appInstanceGroupId} (${result.code})`).join(', ')
  return {
    results,
    single: false,
    code: firstFailed?.code ?? (dryRun ? CODE_DRY_RUN : 'success'),
    message: `${dryRun ? 'dry run: ' : ''}${countLine(results)}`,
    ...(failure === undefined ? {} : { failure })
  }
}
