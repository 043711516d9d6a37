/** A step that failed before it had a result: its code (which family of error stopped it), message, input and stage. */
import { ApiError, CODE_INVALID_INPUT, CODE_UNEXPECTED, errorMessage, InputError } from '../common/errors.js'
import { redact } from '../common/redact.js'
import { OidcError } from '../credentials/oidc-error.js'
import type { EarlyFailure } from './summary.js'

/** failureCode returns `InvalidInput`, the API's or the OIDC exchange's code, or `UnexpectedError`. */
export function failureCode(error: unknown): string {
  if (error instanceof InputError) return CODE_INVALID_INPUT
  if (error instanceof ApiError || error instanceof OidcError) return error.code
  return CODE_UNEXPECTED
}

/** RunStage is how far a step got: reading its inputs, resolving credentials, connecting, or scheduling the groups. */
export type RunStage = 'inputs' | 'credentials' | 'connect' | 'schedule'

const STAGE_TEXT: Readonly<Record<RunStage, string>> = {
  inputs: 'reading the inputs',
  credentials: 'resolving the credentials',
  connect: 'setting up the API client',
  schedule: 'scheduling the groups'
}

/**
 * earlyFailure returns what the outputs and the summary say of an error that stopped the step at `stage` before it had
 * a result; the message is redacted. Only a failure while scheduling may have left an approval behind.
 */
export function earlyFailure(error: unknown, stage: RunStage): EarlyFailure {
  const message = redact(errorMessage(error))
  const code = failureCode(error)
  const where = error instanceof OidcError ? 'assuming the OIDC role (credentials)' : STAGE_TEXT[stage]
  return {
    code,
    message,
    ...(error instanceof InputError ? { input: error.input } : {}),
    stage: where,
    beforeAnyApproval: stage !== 'schedule'
  }
}
