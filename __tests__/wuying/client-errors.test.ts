/**
 * Error mapping of answers the service's own error body does not describe, through the real client library against
 * a canned server: any HTTP 429 is throttling, whatever its body.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { createClient } from '../../src/wuying/client.js'
import { createCredential } from '../../src/credentials/keys.js'
import { selectCredentials } from '../../src/inputs/credentials.js'
import { ApiError } from '../../src/common/errors.js'
import { isRetryable, isThrottling, outcomeUnknown } from '../../src/common/retry.js'
import { startCannedServer, type CannedReply, type CannedServer } from '../../__fixtures__/canned-server.js'
import { GROUP_ID, REGION, TASK_ID } from '../../__fixtures__/groups.js'

const KEYS = selectCredentials({ accessKeyId: 'LTAI5tPlainKeyId', accessKeySecret: 'PlainSecret', securityToken: '' }, {})
const APPROVE = {
  AppInstanceGroupId: GROUP_ID,
  BizRegionId: REGION,
  TaskId: TASK_ID,
  OtaType: 'Fota',
  StartTime: '2026-06-20T02:00:00+08:00'
}

let server: CannedServer
beforeAll(async () => {
  server = await startCannedServer()
})
afterAll(async () => server.close())
afterEach(() => {
  server.requests.length = 0
})

async function failure(reply: CannedReply, signatureVersion: 'v2' | 'v3'): Promise<ApiError> {
  server.reply(reply)
  const api = createClient({
    endpoint: server.endpoint,
    credential: createCredential(KEYS, () => undefined),
    signatureVersion,
    timeoutMs: 2000
  })
  try {
    await api.approveOtaTask(APPROVE)
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('the call succeeded')
}

describe.each(['v3', 'v2'] as const)('mapError of HTTP 429, signature-version %s', (signatureVersion) => {
  it.each<{ name: string; reply: CannedReply; code: string }>([
    { name: 'a text body', reply: { status: 429, body: 'Too Many Requests' }, code: 'HTTP429' },
    { name: 'an HTML page', reply: { status: 429, body: '<html><h1>429 Too Many Requests</h1></html>' }, code: 'HTTP429' },
    { name: 'an empty body', reply: { status: 429, body: '' }, code: 'HTTP429' },
    {
      name: 'a JSON body with an unknown Code',
      reply: { status: 429, body: { Code: 'TooManyRequests' } },
      code: 'TooManyRequests'
    },
    {
      name: 'a JSON throttling body',
      reply: { status: 429, body: { RequestId: 'R', Code: 'Throttling.User' } },
      code: 'Throttling.User'
    }
  ])('is throttling, retryable and not applied with $name', async ({ reply, code }) => {
    const error = await failure(reply, signatureVersion)
    expect(error).toMatchObject({ kind: 'service', code, httpStatus: 429, sent: true })
    expect([isThrottling(error), isRetryable(error), outcomeUnknown(error)]).toEqual([true, true, false])
  })

  it('keeps the request id and x-acs-retry-after of a text 429', async () => {
    const error = await failure(
      { status: 429, body: 'slow down', headers: { 'x-acs-request-id': 'RID-GW-429', 'x-acs-retry-after': '250' } },
      signatureVersion
    )
    expect(error).toMatchObject({ code: 'HTTP429', requestId: 'RID-GW-429', retryAfterMs: 250 })
    expect(error.message).toBe(
      'HTTP429: throttled: HTTP 429 Too Many Requests, without a JSON error body (HTTP 429, request id RID-GW-429)'
    )
  })
})
