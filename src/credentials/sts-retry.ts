/**
 * The STS exchange under the one retry policy (common/retry.ts): throttling, 5xx, dropped connections and timeouts are
 * tried again within the step's deadline and max-attempts, with one log line per retry; refusals of the token, the
 * role or the provider never are. AssumeRoleWithOIDC changes nothing, so another attempt is always safe, and the same
 * ID token serves every attempt (it is valid for minutes).
 */
import { isThrottling, planRetry, retryLine, type RetryContext, type RetryFailure } from '../common/retry.js'
import { OidcError } from './oidc-error.js'

/** The STS operation's name in retry lines. */
const OPERATION = 'AssumeRoleWithOIDC'

/** StsRetry is the policy's part the exchange uses: max-attempts, backoff, the step's deadline and the effects. */
export type StsRetry = Pick<RetryContext, 'maxAttempts' | 'backoff' | 'deadline' | 'sleep' | 'random' | 'log'>

/** stsRetryFailure returns what the retry policy reads of an OidcError: a configuration error is a client refusal. */
export function stsRetryFailure(error: OidcError): RetryFailure {
  return {
    operation: OPERATION,
    kind: error.kind === 'configuration' ? 'client' : error.kind,
    code: error.code,
    ...(error.requestId ? { requestId: error.requestId } : {}),
    ...(error.httpStatus === undefined ? {} : { httpStatus: error.httpStatus })
  }
}

/**
 * retryExchange returns what `attempt` resolves to, calling it again under the policy after each OidcError that is
 * retryable; `attempt` gets the time the call may take (its timeout, cut to the time left before the deadline). Throws
 * the last OidcError, with why the retries stopped when they did; anything else that is thrown passes through at once.
 */
export async function retryExchange<T>(
  attempt: (timeoutMs: number) => Promise<T>,
  timeoutMs: number,
  retry: StsRetry
): Promise<T> {
  let throttled = 0
  for (let n = 1; ; n++) {
    try {
      return await attempt(Math.max(1, Math.min(timeoutMs, retry.deadline.remainingMs())))
    } catch (error) {
      if (!(error instanceof OidcError) || error.stage !== 'sts') throw error
      const failure = stsRetryFailure(error)
      const plan = planRetry(failure, n, retry, throttled)
      if (!plan.retry) {
        if (plan.reason === 'not-retryable') throw error
        const why =
          plan.reason === 'attempts'
            ? `gave up after ${n} attempts`
            : `gave up after ${n} attempt${n === 1 ? '' : 's'}: the step's time limit (${retry.deadline.label}) leaves no time for another`
        throw new OidcError({ ...details(error), gaveUp: why }, error.context)
      }
      retry.log(retryLine(failure, n, retry.maxAttempts, plan.waitMs, 'retrying', throttled))
      if (isThrottling(failure)) throttled += 1
      await retry.sleep(plan.waitMs)
    }
  }
}

function details(error: OidcError): ConstructorParameters<typeof OidcError>[0] {
  const { stage, kind, code, detail, requestId, hint, httpStatus } = error
  return { stage, kind, code, detail, requestId, hint, httpStatus }
}

type Transport = (request: object) => Promise<{ statusCode?: unknown } | undefined>

/**
 * withAnswerStatus returns the provider with a getSession whose failures carry the HTTP status of STS's answer as
 * `statusCode` (stsFailure reads it): the library's own errors name none, and a 429 or 503 is then classified by its
 * status whatever its body. It reads the status at the library's transport seam (`doRequest`), and changes nothing
 * when this library version has none.
 */
export function withAnswerStatus<S>(provider: { getSession(): Promise<S> }): { getSession(): Promise<S> } {
  const seam = provider as { doRequest?: Transport }
  const send = seam.doRequest
  if (typeof send !== 'function') return provider
  let status: number | undefined
  seam.doRequest = async (request) => {
    const response = await send.call(provider, request)
    status = typeof response?.statusCode === 'number' ? response.statusCode : undefined
    return response
  }
  return {
    getSession: async () => {
      status = undefined
      try {
        return await provider.getSession()
      } catch (error) {
        if (status !== undefined && typeof error === 'object' && error !== null) Object.assign(error, { statusCode: status })
        throw error
      }
    }
  }
}
