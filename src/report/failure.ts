/** The `code` output of a step that failed before it had a result: which family of error stopped it. */
import { ApiError, InputError } from '../common/errors.js'
import { OidcError } from '../credentials/oidc-error.js'

/** CODE_INVALID_INPUT is the action's own code for a bad input or credential variable. */
export const CODE_INVALID_INPUT = 'InvalidInput'
/** CODE_UNEXPECTED is the action's own code for a failure that is none of the known families (a bug). */
export const CODE_UNEXPECTED = 'UnexpectedError'

/** failureCode returns `InvalidInput`, the API's or the OIDC exchange's code, or `UnexpectedError`. */
export function failureCode(error: unknown): string {
  if (error instanceof InputError) return CODE_INVALID_INPUT
  if (error instanceof ApiError || error instanceof OidcError) return error.code
  return CODE_UNEXPECTED
}
