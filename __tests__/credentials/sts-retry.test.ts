/**
 * The STS exchange under the one retry policy: which of its failures are tried again, one log line per retry, the
 * attempts and the deadline that end the retries, and the HTTP status read at the library's transport seam.
 */
import { describe, expect, it } from '@jest/globals'
import { Deadline } from '../../src/common/deadline.js'
import { OidcError, stsFailure, type StsFailureContext } from '../../src/credentials/oidc-error.js'
import { retryExchange, stsRetryFailure, withAnswerStatus, type StsRetry } from '../../src/credentials/sts-retry.js'
import { fakeClock } from '../../__fixtures__/fake-api.js'

const CONTEXT: StsFailureContext = {
  roleArn: 'acs:ram::1234567890123456:role/deploy',
  oidcProviderArn: 'acs:ram::1234567890123456:oidc-provider/github',
  audience: 'sts.aliyuncs.com',
  roleSessionName: 'octo-org.app-1-1',
  stsEndpoint: { host: 'sts.aliyuncs.com', protocol: 'HTTPS' },
  idToken: 'eyJ.token.sig'
}

/** answered returns the OidcError of an STS answer with this status and body, as the library and the seam report it. */
function answered(statusCode: number, body: string): OidcError {
  return stsFailure(Object.assign(new Error(`get sts token failed with OIDC: ${body}`), { statusCode }), CONTEXT)
}
const json = (code: string) => JSON.stringify({ RequestId: `RID-${code}`, Code: code, Message: `${code} happened` })
const network = (code: string) =>
  stsFailure(
    Object.assign(new Error(`connect ${code} 1.2.3.4:443 POST https://sts.aliyuncs.com/?x=1 failed.`), { code }),
    CONTEXT
  )
const timeout = stsFailure(Object.assign(new Error('ReadTimeout(10000)'), { name: 'RequestTimeoutError' }), CONTEXT)
const configuration = new OidcError({ stage: 'sts', kind: 'configuration', code: 'InsecureEndpoint', detail: 'no' }, 'where')
const idToken = new OidcError({ stage: 'id-token', kind: 'network', code: 'IdTokenRequestFailed', detail: 'no' }, 'where')

function policy(maxAttempts = 3, limitMs = 600_000) {
  const clock = fakeClock()
  const lines: string[] = []
  const retry: StsRetry = {
    maxAttempts,
    backoff: { baseMs: 1000, capMs: 20_000 },
    deadline: new Deadline(clock.now() + limitMs, clock.now, 'timeout-minutes: 10'),
    sleep: clock.sleep,
    random: () => 0.5,
    log: (line) => lines.push(line)
  }
  return { retry, lines, slept: clock.slept }
}

/** run returns what retryExchange did with attempts that fail with `errors` in turn and then succeed. */
async function run(errors: readonly unknown[], maxAttempts = 3, limitMs?: number) {
  const { retry, lines, slept } = policy(maxAttempts, limitMs)
  const timeouts: number[] = []
  let n = 0
  const outcome = await retryExchange(
    async (timeoutMs) => {
      timeouts.push(timeoutMs)
      const error = errors[n++]
      if (error !== undefined) throw error
      return 'credentials'
    },
    10_000,
    retry
  ).catch((error: unknown) => error)
  return { outcome, attempts: n, lines, slept, timeouts }
}

describe('retryExchange', () => {
  it.each([
    { name: 'a 503 JSON answer', error: answered(503, json('ServiceUnavailable')) },
    { name: 'a 500 JSON answer', error: answered(500, json('InternalError')) },
    { name: 'throttling', error: answered(400, json('Throttling.User')) },
    { name: 'a 503 HTML page', error: answered(503, '<html>503</html>') },
    { name: 'a 429 text answer', error: answered(429, 'Too Many Requests') },
    { name: 'a 429 with an unknown code', error: answered(429, json('TooManyRequests')) },
    { name: 'an unknown code at 502', error: answered(502, json('BadGateway')) },
    { name: 'a dropped connection', error: network('ECONNRESET') },
    { name: 'a refused connection', error: network('ECONNREFUSED') },
    { name: 'a timeout', error: timeout }
  ])('tries again after $name, with one log line', async ({ error }) => {
    const { outcome, attempts, lines, slept } = await run([error])
    expect([outcome, attempts]).toEqual(['credentials', 2])
    expect(slept).toHaveLength(1)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      new RegExp(`^AssumeRoleWithOIDC failed with ${error.code.replace('.', '\\.')} \\(request id [^)]+\\): `)
    )
    expect(lines[0]).toMatch(/; retrying in \d+(\.\d)? m?s$/)
  })

  it.each([
    { name: 'an expired ID token', error: answered(400, json('AuthenticationFail.OIDCToken.Expired')) },
    { name: 'an audience mismatch', error: answered(400, json('AuthenticationFail.OIDCToken.AudienceMismatch')) },
    { name: 'an unknown role', error: answered(404, json('EntityNotExist.Role')) },
    { name: 'a trust policy refusal', error: answered(403, json('NoPermission.AssumeRole')) },
    { name: 'a bad duration', error: answered(400, json('InvalidParameter.DurationSeconds')) },
    { name: 'an unknown 4xx code', error: answered(400, json('Something.Else')) },
    { name: 'a 200 without credentials', error: answered(200, '{"RequestId":"R"}') },
    { name: 'an unresolvable host', error: network('ENOTFOUND') },
    { name: 'a certificate error', error: network('UNABLE_TO_VERIFY_LEAF_SIGNATURE') },
    { name: 'a failed proxy tunnel', error: network('ERR_PROXY_TUNNEL') },
    { name: 'a configuration error', error: configuration },
    { name: 'a failure to get the ID token', error: idToken },
    { name: 'a bug', error: new TypeError('x is not a function') }
  ])('never tries again after $name', async ({ error }) => {
    const { outcome, attempts, lines, slept } = await run([error])
    expect(outcome).toBe(error)
    expect(attempts).toBe(1)
    expect([lines, slept]).toEqual([[], []])
  })

  it('gives up after max-attempts, saying so after the last error', async () => {
    const unavailable = answered(503, json('ServiceUnavailable'))
    const { outcome, attempts, lines } = await run([unavailable, unavailable, unavailable, unavailable], 3)
    expect(attempts).toBe(3)
    expect(lines).toEqual([
      'AssumeRoleWithOIDC failed with ServiceUnavailable (request id RID-ServiceUnavailable): attempt 1 of 3; retrying in 500 ms',
      'AssumeRoleWithOIDC failed with ServiceUnavailable (request id RID-ServiceUnavailable): attempt 2 of 3; retrying in 1.0 s'
    ])
    expect(outcome).toBeInstanceOf(OidcError)
    expect(outcome).toMatchObject({ code: 'ServiceUnavailable', httpStatus: 503, gaveUp: 'gave up after 3 attempts' })
    expect((outcome as OidcError).message).toBe(`${unavailable.message}; gave up after 3 attempts`)
  })

  it('gives up when the step has no time left for the wait before another attempt', async () => {
    const { outcome, attempts } = await run([network('ECONNRESET'), network('ECONNRESET')], 5, 400)
    expect(attempts).toBe(1)
    expect((outcome as OidcError).message).toMatch(
      /; gave up after 1 attempt: the step's time limit \(timeout-minutes: 10\) leaves no time for another$/
    )
  })

  it('cuts each attempt to the time the step has left', async () => {
    const { timeouts } = await run([network('ECONNRESET')], 3, 4000)
    expect(timeouts).toEqual([4000, 3500])
  })
})

describe('stsRetryFailure', () => {
  it.each([
    {
      error: answered(503, json('ServiceUnavailable')),
      expected: { kind: 'service', code: 'ServiceUnavailable', httpStatus: 503 }
    },
    { error: answered(429, 'slow down'), expected: { kind: 'invalid-response', code: 'InvalidResponse', httpStatus: 429 } },
    { error: configuration, expected: { kind: 'client', code: 'InsecureEndpoint' } }
  ])('reads $expected.code as the policy sees it', ({ error, expected }) => {
    expect(stsRetryFailure(error)).toEqual({
      operation: 'AssumeRoleWithOIDC',
      ...expected,
      ...(error.requestId ? { requestId: error.requestId } : {})
    })
  })
})

describe('withAnswerStatus', () => {
  /** A provider shaped like the library's: getSession calls its doRequest seam, then judges the answer. */
  function provider(statusCode: number) {
    return {
      doRequest: async (_request: object) => ({ statusCode, body: Buffer.from('Too Many Requests') }),
      async getSession(): Promise<string> {
        const response = await this.doRequest({})
        if (response.statusCode !== 200) throw new Error(`get sts token failed with OIDC: ${response.body.toString()}`)
        return 'session'
      }
    }
  }

  it('adds the answer status to what the provider throws', async () => {
    const error = await withAnswerStatus(provider(429))
      .getSession()
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 429, message: 'get sts token failed with OIDC: Too Many Requests' })
    expect(stsFailure(error, CONTEXT)).toMatchObject({ kind: 'invalid-response', httpStatus: 429 })
  })

  it('passes a success through', async () => {
    await expect(withAnswerStatus(provider(200)).getSession()).resolves.toBe('session')
  })

  it('leaves a provider without the seam as it is', () => {
    const bare = { getSession: async () => 'session' }
    expect(withAnswerStatus(bare)).toBe(bare)
  })
})
