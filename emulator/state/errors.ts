/**
 * The emulator's error catalogue: code → message. HTTP statuses come from `ERROR_CODES` in src/common/api.ts (one
 * place for the facts the action relies on too); this file only adds the words the service answers with.
 * Messages marked `documented` follow the texts the real gateway is known to send; the rest are the
 * project's wording for codes the public docs leave open (their `basis` in src/common/api.ts is `assumed`).
 */
import { errorFact } from '../../src/common/api.js'

/** Messages per code; `{name}` placeholders are filled from ApiError vars. */
const MESSAGES: Readonly<Record<string, string>> = {
  Throttling: 'Request was denied due to request throttling.',
  'Throttling.User': 'Request was denied due to user flow control.',
  'Throttling.Api': 'Request was denied due to api flow control.',
  ServiceUnavailable: 'The request has failed due to a temporary failure of the server.',
  InternalError: 'The request processing has failed due to some unknown error, exception or failure.',
  MissingParameter: 'The input parameter "{name}" that is mandatory for processing this request is not supplied.',
  MissingAccessKeyId: 'AccessKeyId is mandatory for this action.',
  InvalidParameter: 'The specified parameter "{name}" is not valid: {reason}',
  'InvalidAccessKeyId.NotFound': 'Specified access key is not found.',
  'InvalidAccessKeyId.Inactive': 'Specified access key is disabled.',
  IncompleteSignature: 'The request signature does not conform to Aliyun standards: {reason}',
  SignatureDoesNotMatch: 'Specified signature is not matched with our calculation.{detail}',
  'InvalidTimeStamp.Expired': 'Specified time stamp or date value is expired.',
  'InvalidTimeStamp.Format': 'Specified time stamp or date value is not well formatted.',
  SignatureNonceUsed: 'Specified signature nonce was used already.',
  'InvalidSecurityToken.Expired': 'Specified SecurityToken is expired.',
  'InvalidSecurityToken.Malformed': 'Specified SecurityToken is malformed.',
  'InvalidSecurityToken.MismatchWithAccessKey': 'Specified SecurityToken mismatch with the AccessKey.',
  InvalidVersion: 'Specified parameter Version is not valid.',
  'InvalidApi.NotFound': 'Specified api is not found, please check your url and method.',
  'Forbidden.RAM':
    "User not authorized to operate on the specified resource, or this API doesn't support RAM. Missing permission: {action}",
  'OtaTask.Running': 'The task is running and cannot be sumitted.',
  'InvalidAppInstanceGroup.NotFound': 'The specified delivery group {id} does not exist.',
  'InvalidParameter.TaskId': 'The specified TaskId {id} {reason}.',
  'InvalidParameter.StartTime': 'The specified StartTime "{value}" is not an ISO 8601 time with an offset.',
  'InvalidParameter.OtaType': 'The specified OtaType "{value}" is not supported.',
  'InvalidParameter.BizRegionId': 'The specified BizRegionId "{value}" is not the region of the delivery group.',
  'InvalidParameter.PageSize': 'The specified PageSize "{value}" must be an integer from 1 to 100.',
  'InvalidParameter.PageNumber': 'The specified PageNumber "{value}" must be an integer from 1.',
  'InvalidParameter.ProductType': 'The specified ProductType "{value}" is not supported.',
  'InvalidParameter.OIDCToken': 'The OIDC token is malformed: {reason}',
  'InvalidParameter.DurationSeconds': 'The DurationSeconds {value} must be from 900 to {max}.',
  'InvalidParameter.RoleSessionName': 'The RoleSessionName "{value}" is not valid.',
  'AuthenticationFail.OIDCToken.Expired': 'The OIDC token has expired.',
  'AuthenticationFail.OIDCToken.Invalid': 'The OIDC token is not valid: {reason}',
  'AuthenticationFail.OIDCToken.AudienceMismatch': 'The audience of the OIDC token does not match any client ID of the provider.',
  'EntityNotExist.Role': 'The role does not exist: {id}',
  'EntityNotExist.OIDCProvider': 'The OIDC provider does not exist: {id}',
  'NoPermission.AssumeRole': 'You are not authorized to assume the role with this OIDC token: {reason}'
}

/** ApiError is one refusal as data: the code, its HTTP status and message; the wire format lives in wire/codec.ts. */
export class ApiError extends Error {
  readonly code: string
  readonly status: number
  readonly headers: Readonly<Record<string, string>>

  constructor(code: string, message: string, status: number, headers: Record<string, string> = {}) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.status = status
    this.headers = headers
  }
}

/** apiError returns the ApiError for a catalogued code, filling `{name}` placeholders from vars. */
export function apiError(
  code: string,
  vars: Record<string, string | number> = {},
  headers: Record<string, string> = {}
): ApiError {
  const fact = errorFact(code)
  if (!fact) throw new Error(`emulator bug: error code ${code} is not in src/common/api.ts ERROR_CODES`)
  const template = MESSAGES[code] ?? familyTemplate(code)
  const message = template.replace(/\{(\w+)\}/g, (_, key: string) => String(vars[key] ?? ''))
  return new ApiError(code, message, fact.status, headers)
}

/** missingParameter returns the `Missing<Name>` error the service gives for an absent required parameter. */
export function missingParameter(name: string): ApiError {
  const base = name.replace(/[^A-Za-z0-9]/g, '')
  return apiError(`Missing${base.charAt(0).toUpperCase()}${base.slice(1)}`, { name })
}

/** invalidParameter returns `InvalidParameter` naming the parameter and the rule it broke. */
export function invalidParameter(name: string, reason: string): ApiError {
  return apiError('InvalidParameter', { name, reason })
}

/** catalogueCodes lists every code the catalogue has a message for (for tests that keep it in step with src/common/api.ts). */
export function catalogueCodes(): string[] {
  return Object.keys(MESSAGES)
}

function familyTemplate(code: string): string {
  if (code.startsWith('Missing')) return MESSAGES.MissingParameter as string
  if (code.startsWith('Throttling')) return MESSAGES.Throttling as string
  return 'The request was refused: {reason}'
}
