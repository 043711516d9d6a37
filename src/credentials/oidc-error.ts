import type { Endpoint } from '../inputs/endpoint.js'
import { CODE_INVALID_RESPONSE, CODE_REQUEST_TIMEOUT, errorMessage } from '../common/errors.js'

/**
 * Where the OIDC role assumption failed:
 * - `id-token`: GitHub gave no ID token (missing `permissions: id-token: write`, or its token service refused);
 * - `sts`: STS AssumeRoleWithOIDC refused, answered something unreadable, or could not be reached.
 */
export type OidcStage = 'id-token' | 'sts'

/** How the STS call failed, as ApiErrorKind says it for the Wuying API (`service`: STS answered with its error body). */
export type OidcErrorKind = 'service' | 'invalid-response' | 'timeout' | 'network' | 'configuration'

export interface OidcErrorDetails {
  readonly stage: OidcStage
  readonly kind: OidcErrorKind
  /** STS's `Code`, or the action's own code (`IdTokenPermissionMissing`, `ECONNREFUSED`, `RequestTimeout`, ...). */
  readonly code: string
  /** STS's `Message` or the action's description; never contains the ID token. */
  readonly detail: string
  readonly requestId?: string
  /** What the user can do about it. */
  readonly hint?: string
  /** The HTTP status of STS's answer, when one arrived (credentials/sts-retry.ts reads it from the transport). */
  readonly httpStatus?: number
  /** Set when the retry policy stopped retrying: why, e.g. `gave up after 5 attempts`. */
  readonly gaveUp?: string
}

/** OidcError is every failure of the OIDC role assumption; its message is safe to show (no token, no secret). */
export class OidcError extends Error implements OidcErrorDetails {
  override readonly name = 'OidcError'
  readonly stage: OidcStage
  readonly kind: OidcErrorKind
  readonly code: string
  readonly detail: string
  readonly requestId?: string
  readonly hint?: string
  readonly httpStatus?: number
  readonly gaveUp?: string

  constructor(
    details: OidcErrorDetails,
    /** Where it failed, the message's first clause. */
    readonly context: string
  ) {
    const requestId = details.requestId ? ` (request id ${details.requestId})` : ''
    const gaveUp = details.gaveUp ? `; ${details.gaveUp}` : ''
    super(`${context}: ${details.code}: ${details.detail}${requestId}${details.hint ? `; ${details.hint}` : ''}${gaveUp}`)
    this.httpStatus = details.httpStatus
    this.gaveUp = details.gaveUp
    this.stage = details.stage
    this.kind = details.kind
    this.code = details.code
    this.detail = details.detail
    this.requestId = details.requestId
    this.hint = details.hint
  }
}

/** What the STS error mapping needs to know to give a useful hint, and the token it must never repeat. */
export interface StsFailureContext {
  readonly roleArn: string
  readonly oidcProviderArn: string
  readonly audience: string
  readonly roleSessionName: string
  readonly stsEndpoint: Endpoint
  readonly idToken: string
}

// @alicloud/credentials' OIDC provider throws `Error('get sts token failed with OIDC: <body>')` for a non-200 answer,
// `...with OIDC, unmarshal fail: <body>` for a non-JSON one and a bare `...with OIDC` when Credentials are missing.
const PROVIDER_FAILURE = /^get sts token failed with OIDC(, unmarshal fail)?(?::\s*([\s\S]*))?$/

/** stsFailure maps what the credentials provider threw to a readable OidcError carrying STS's Code and RequestId. */
export function stsFailure(error: unknown, context: StsFailureContext): OidcError {
  const where = `failed to assume role ${context.roleArn} with OIDC through STS at ${context.stsEndpoint.host}`
  const scrub = (text: string): string => (context.idToken ? text.split(context.idToken).join('***') : text)
  // httpx appends the request URL to network errors (`...POST https://host/?Version=... failed.`).
  const message = errorMessage(error).replace(/\s*(?:GET|POST) https?:\/\/\S* failed\.$/, '')
  const status = (error as { statusCode?: unknown } | null)?.statusCode
  const httpStatus = typeof status === 'number' ? { httpStatus: status } : {}
  const match = PROVIDER_FAILURE.exec(message)
  if (match) {
    const body = scrub(match[2] ?? '')
    const parsed = parseErrorBody(body)
    if (parsed && !match[1]) {
      const hint = stsHint(parsed.code, context)
      return new OidcError(
        {
          stage: 'sts',
          kind: 'service',
          code: parsed.code,
          detail: parsed.message,
          requestId: parsed.requestId,
          hint,
          ...httpStatus
        },
        where
      )
    }
    const shown = body === '' ? 'STS answered without credentials' : `STS answered ${JSON.stringify(body.slice(0, 200))}`
    return new OidcError(
      {
        stage: 'sts',
        kind: 'invalid-response',
        code: CODE_INVALID_RESPONSE,
        detail: shown,
        hint: 'check sts-endpoint',
        ...httpStatus
      },
      where
    )
  }
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : undefined
  if (/timeout/i.test((error as Error)?.name ?? '')) {
    return new OidcError(
      {
        stage: 'sts',
        kind: 'timeout',
        code: CODE_REQUEST_TIMEOUT,
        detail: scrub(message),
        hint: "check sts-endpoint and the runner's network"
      },
      where
    )
  }
  const tls = code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|EPROTO/.test(code)
  const hint = tls
    ? 'STS is reached over HTTPS; for a private CA (e.g. the local emulator) point NODE_EXTRA_CA_CERTS at its certificate'
    : typeof (error as { proxy?: unknown })?.proxy === 'string'
      ? 'check HTTPS_PROXY (its address and credentials) and NO_PROXY'
      : "check sts-endpoint and the runner's network"
  return new OidcError({ stage: 'sts', kind: 'network', code: code ?? 'NetworkError', detail: scrub(message), hint }, where)
}

interface ErrorBody {
  readonly code: string
  readonly message: string
  readonly requestId?: string
}

function parseErrorBody(body: string): ErrorBody | undefined {
  try {
    const value = JSON.parse(body) as Record<string, unknown>
    if (typeof value !== 'object' || value === null || typeof value.Code !== 'string') return undefined
    return {
      code: value.Code,
      message: typeof value.Message === 'string' ? value.Message : '(no message)',
      requestId: typeof value.RequestId === 'string' ? value.RequestId : undefined
    }
  } catch {
    return undefined
  }
}

/** stsHint returns what to check for an STS refusal code, naming the input concerned. */
function stsHint(code: string, context: StsFailureContext): string | undefined {
  if (/Audience/i.test(code)) {
    return `the ID token was requested for audience "${context.audience}"; set audience to a client ID of the OIDC provider ${context.oidcProviderArn}`
  }
  if (code === 'EntityNotExist.Role') return `check role-to-assume (${context.roleArn})`
  if (code === 'EntityNotExist.OIDCProvider') return `check oidc-provider-arn (${context.oidcProviderArn})`
  if (/Expired/i.test(code)) return "the ID token expired before STS checked it; check the runner's clock and run the step again"
  if (code.startsWith('NoPermission') || code.startsWith('AuthenticationFail.NoPermission')) {
    return `the trust policy of ${context.roleArn} must trust ${context.oidcProviderArn} and allow this repository and branch (oidc:sub)`
  }
  if (code.includes('DurationSeconds')) return "role-duration-seconds must not exceed the role's MaxSessionDuration"
  if (code.includes('RoleSessionName')) return `check role-session-name (${context.roleSessionName})`
  if (code.includes('OIDCToken'))
    return `check that ${context.oidcProviderArn} has issuer https://token.actions.githubusercontent.com and GitHub's current keys`
  return undefined
}
