import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { hasSubscribers } from 'node:diagnostics_channel'
import { RESPONSE_CHANNEL } from '../../src/wuying/http-trace.js'
import { createClient, splitRequest, USER_AGENT, type WuyingApi } from '../../src/wuying/client.js'
import { createCredential } from '../../src/credentials/keys.js'
import { selectCredentials, type KeyCredentialSource } from '../../src/inputs/credentials.js'
import { ApiError } from '../../src/common/errors.js'
import type { SignatureVersion } from '../../src/inputs/read.js'
import { forgetSecrets } from '../../src/common/redact.js'
import {
  freePort,
  startCannedServer,
  type CannedReply,
  type CannedServer,
  type RecordedRequest
} from '../../__fixtures__/canned-server.js'
import { APPROVED, GROUP_ID, listAnswer, PENDING_GROUP, REGION, TASK_ID, TASK_RUNNING } from '../../__fixtures__/groups.js'

const STS: KeyCredentialSource = selectCredentials(
  {
    accessKeyId: 'STS.TestAccessKeyId9876',
    accessKeySecret: 'TestSecretMustNotLeak+/=',
    securityToken: 'CAIS.TestTokenMustNotLeak/+='
  },
  {}
)
const KEYS: KeyCredentialSource = selectCredentials(
  { accessKeyId: 'LTAI5tPlainKeyId', accessKeySecret: 'PlainSecretMustNotLeak', securityToken: '' },
  {}
)
const SECRETS = [
  STS.accessKeyId,
  STS.accessKeySecret,
  STS.securityToken as string,
  encodeURIComponent(STS.securityToken as string)
]
const APPROVE = {
  AppInstanceGroupId: GROUP_ID,
  BizRegionId: REGION,
  TaskId: TASK_ID,
  OtaType: 'Fota',
  StartTime: '2026-06-20T02:00:00+08:00'
}
const LOOKUP = { ProductType: 'CloudApp', AppInstanceGroupId: GROUP_ID, BizRegionId: REGION } as const

let server: CannedServer
beforeAll(async () => {
  server = await startCannedServer()
})
afterAll(async () => server.close())
afterEach(() => {
  server.requests.length = 0
  forgetSecrets()
})

function client(
  signatureVersion: SignatureVersion = 'v3',
  extra: { timeoutMs?: number; debug?: (m: string) => void; source?: KeyCredentialSource; remainingMs?: () => number } = {}
): WuyingApi {
  const credential = createCredential(extra.source ?? STS, () => undefined)
  return createClient({
    endpoint: server.endpoint,
    credential,
    signatureVersion,
    timeoutMs: extra.timeoutMs ?? 2000,
    debug: extra.debug,
    ...(extra.remainingMs ? { remainingMs: extra.remainingMs } : {})
  })
}

async function failure(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('the call succeeded')
}

describe('createClient requests', () => {
  it('sends ListAppInstanceGroup signed with ACS3 as a POST with the filters in the query', async () => {
    server.reply({ body: listAnswer([PENDING_GROUP]) })
    const answer = await client('v3').listAppInstanceGroups(LOOKUP)
    expect(answer).toEqual(listAnswer([PENDING_GROUP]))
    const [request] = server.requests
    expect(request).toMatchObject({ method: 'POST', path: '/', query: LOOKUP, body: '' })
    expect(request?.headers).toMatchObject({
      'x-acs-action': 'ListAppInstanceGroup',
      'x-acs-version': '2021-09-01',
      'x-acs-security-token': STS.securityToken,
      host: server.endpoint.host
    })
    expect(request?.headers.authorization).toMatch(
      /^ACS3-HMAC-SHA256 Credential=STS\.TestAccessKeyId9876,SignedHeaders=.*,Signature=[0-9a-f]{64}$/
    )
    expect(request?.headers['user-agent']).toContain(USER_AGENT)
    expect(USER_AGENT).toMatch(/^wuying-ota-action\/\d+\.\d+\.\d+/)
  })

  it('sends ApproveOtaTask fields in the form body', async () => {
    server.reply({ body: APPROVED })
    expect(await client('v3').approveOtaTask(APPROVE)).toEqual(APPROVED)
    const [request] = server.requests
    expect(request?.form).toEqual(APPROVE)
    expect(request?.query).toEqual({})
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded')
  })

  it('signs the legacy RPC way with signature-version v2', async () => {
    server.reply({ body: APPROVED })
    await client('v2').approveOtaTask(APPROVE)
    const [request] = server.requests
    expect(request?.query).toMatchObject({
      Action: 'ApproveOtaTask',
      Version: '2021-09-01',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      AccessKeyId: STS.accessKeyId,
      SecurityToken: STS.securityToken
    })
    expect(request?.query.Signature).toMatch(/^[A-Za-z0-9+/]{27}=$/)
    expect(request?.form).toEqual(APPROVE)
    expect(request?.headers.authorization).toBeUndefined()
  })

  it('signs with plain AccessKeys without a token header', async () => {
    server.reply({ body: APPROVED })
    await client('v3', { source: KEYS }).approveOtaTask(APPROVE)
    expect(server.requests[0]?.headers['x-acs-security-token']).toBeUndefined()
    expect(server.requests[0]?.headers.authorization).toContain('Credential=LTAI5tPlainKeyId,')
  })

  it('flattens the Status list into Status.N body fields', async () => {
    server.reply({ body: listAnswer([]) })
    await client('v3').listAppInstanceGroups({ ...LOOKUP, Status: ['PUBLISHED', 'MAINTAIN_FAILED'] })
    expect(server.requests[0]?.form).toEqual({ 'Status.1': 'PUBLISHED', 'Status.2': 'MAINTAIN_FAILED' })
    expect(server.requests[0]?.query).toEqual(LOOKUP)
  })

  it('sends ListOtaTask and GetOtaTaskByTaskId fields in the body and reads their answers', async () => {
    const tasks = {
      RequestId: 'RID-T',
      TotalCount: 1,
      PageNumber: 1,
      PageSize: 10,
      TaskList: [
        { TaskId: TASK_ID, OtaVersion: '1.1.0', TaskStartTime: '2026-06-20T02:00:00+08:00', TaskDisplayStatus: 'STANDBY' }
      ]
    }
    const task = {
      RequestId: 'RID-G',
      Code: 'success',
      OtaVersion: '1.1.0',
      ReleaseNote: 'fixes',
      TaskStartTime: '2026-06-20T02:00:00+08:00'
    }
    server.reply({ body: tasks }, { body: task })
    const api = client('v3')
    expect(await api.listOtaTasks({ AppInstanceGroupId: GROUP_ID, OtaType: 'Fota', PageNumber: 1, PageSize: 10 })).toEqual(tasks)
    expect(await api.getOtaTaskByTaskId({ TaskId: TASK_ID })).toEqual(task)
    expect(server.requests.map((r) => r.form)).toEqual([
      { AppInstanceGroupId: GROUP_ID, OtaType: 'Fota', PageNumber: '1', PageSize: '10' },
      { TaskId: TASK_ID }
    ])
  })

  it('returns an HTTP 200 answer whose Code is not success, for the caller to judge', async () => {
    server.reply({ body: TASK_RUNNING })
    expect(await client('v3').approveOtaTask(APPROVE)).toEqual(TASK_RUNNING)
  })

  it('waits longer than the library default of 3 s when the timeout allows it (both timeouts are set)', async () => {
    server.reply({ body: APPROVED, delayMs: 3300 })
    expect(await client('v3', { timeoutMs: 6000 }).approveOtaTask(APPROVE)).toEqual(APPROVED)
  }, 10_000)

  it('gives raw responses only to the debug logger, redacted', async () => {
    const lines: string[] = []
    server.reply({ body: { ...APPROVED, Echo: `AccessKeySecret=${STS.accessKeySecret}` } })
    await client('v3', { debug: (line) => lines.push(line) }).approveOtaTask(APPROVE)
    expect(lines.join('\n')).toContain('ApproveOtaTask response: HTTP 200 {"RequestId":"RID-APPROVE","Code":"success"')
    expect(lines.join('\n')).not.toContain(STS.accessKeySecret)
  })
})

describe('createClient errors', () => {
  it.each<{ name: string; reply: CannedReply; expected: Partial<ApiError>; message: string }>([
    {
      name: 'a 400 JSON error',
      reply: {
        status: 400,
        body: {
          RequestId: 'RID-400',
          HostId: 'h',
          Code: 'InvalidParameter.TaskId',
          Message: 'The TaskId is invalid.',
          Recommend: 'https://x'
        }
      },
      expected: {
        kind: 'service',
        code: 'InvalidParameter.TaskId',
        detail: 'The TaskId is invalid.',
        requestId: 'RID-400',
        httpStatus: 400,
        sent: true
      },
      message: 'InvalidParameter.TaskId: The TaskId is invalid. (HTTP 400, request id RID-400)'
    },
    {
      name: 'a 403 with AccessDeniedDetail',
      reply: {
        status: 403,
        body: {
          RequestId: 'RID-403',
          Code: 'Forbidden.RAM',
          Message: 'User not authorized to operate on the specified resource.',
          AccessDeniedDetail: { AuthAction: 'appstreaming:ModifyAppInstanceGroupAttribute', NoPermissionType: 'ImplicitDeny' }
        }
      },
      expected: {
        kind: 'service',
        code: 'Forbidden.RAM',
        httpStatus: 403,
        requestId: 'RID-403',
        accessDeniedDetail: '{"AuthAction":"appstreaming:ModifyAppInstanceGroupAttribute","NoPermissionType":"ImplicitDeny"}'
      },
      message:
        'Forbidden.RAM: User not authorized to operate on the specified resource. (HTTP 403, request id RID-403); grant the RAM action appstreaming:ModifyAppInstanceGroupAttribute to the caller'
    },
    {
      name: 'a 500 JSON error',
      reply: {
        status: 500,
        body: {
          RequestId: 'RID-500',
          Code: 'InternalError',
          Message: 'The request processing has failed due to some unknown error.'
        }
      },
      expected: { kind: 'service', code: 'InternalError', httpStatus: 500, requestId: 'RID-500', sent: true },
      message: 'InternalError: The request processing has failed due to some unknown error. (HTTP 500, request id RID-500)'
    },
    {
      name: 'a 503 JSON error',
      reply: {
        status: 503,
        body: {
          RequestId: 'RID-503',
          Code: 'ServiceUnavailable',
          Message: 'The request has failed due to a temporary failure of the server.'
        }
      },
      expected: { kind: 'service', code: 'ServiceUnavailable', httpStatus: 503, sent: true },
      message:
        'ServiceUnavailable: The request has failed due to a temporary failure of the server. (HTTP 503, request id RID-503)'
    },
    {
      name: 'a 404 JSON error without a Code',
      reply: { status: 404, body: { message: 'not here' } },
      expected: { kind: 'service', code: 'HTTP404', detail: 'not here', httpStatus: 404, requestId: undefined },
      message: 'HTTP404: not here (HTTP 404)'
    },
    {
      name: 'a 503 HTML page',
      reply: { status: 503, body: '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>' },
      expected: { kind: 'invalid-response', code: 'InvalidResponse', httpStatus: 503, sent: true },
      message: 'InvalidResponse: the answer is not JSON (often an HTML error page from a gateway) (HTTP 503)'
    },
    {
      name: 'a 200 that is not JSON',
      reply: { status: 200, body: 'OK' },
      expected: { kind: 'invalid-response', code: 'InvalidResponse', sent: true },
      message: 'InvalidResponse: the answer is not JSON'
    },
    {
      name: 'a 200 JSON array',
      reply: { status: 200, body: [1, 2] },
      expected: { kind: 'invalid-response', code: 'InvalidResponse', sent: true },
      message: 'InvalidResponse: unexpected response'
    },
    {
      name: 'a 200 without a RequestId',
      reply: { status: 200, body: { Code: 'success' } },
      expected: { kind: 'invalid-response', code: 'InvalidResponse', httpStatus: 200, sent: true },
      message: 'InvalidResponse: unexpected response: body.RequestId is not a string (HTTP 200)'
    },
    {
      name: 'a dropped connection',
      reply: 'reset',
      expected: { kind: 'network', code: 'ECONNRESET', sent: true },
      message: 'ECONNRESET: the connection to 127.0.0.1:'
    }
  ])('maps $name', async ({ reply, expected, message }) => {
    server.reply(reply)
    const error = await failure(client('v3').approveOtaTask(APPROVE))
    expect(error).toMatchObject({ operation: 'ApproveOtaTask', ...expected })
    expect(error.message).toContain(message)
  })

  it('maps a group list of the wrong shape, keeping the request id', async () => {
    server.reply({ body: { RequestId: 'RID-SHAPE', AppInstanceGroupModels: [{ AppInstanceGroupName: 'no id' }] } })
    const error = await failure(client('v3').listAppInstanceGroups(LOOKUP))
    expect(error).toMatchObject({ kind: 'invalid-response', requestId: 'RID-SHAPE', httpStatus: 200 })
    expect(error.message).toContain('body.AppInstanceGroupModels[0].AppInstanceGroupId is not a string')
  })

  it('maps a refused connection as never sent', async () => {
    const port = await freePort()
    const api = createClient({
      endpoint: { host: `127.0.0.1:${port}`, protocol: 'HTTP' },
      credential: createCredential(STS, () => undefined),
      signatureVersion: 'v3'
    })
    const error = await failure(api.approveOtaTask(APPROVE))
    expect(error).toMatchObject({ kind: 'network', code: 'ECONNREFUSED', sent: false })
    expect(error.message).toBe(`ECONNREFUSED: 127.0.0.1:${port} refused the connection`)
  })

  it('maps a timeout, with the time waited', async () => {
    server.reply('hang')
    const started = Date.now()
    const error = await failure(client('v3', { timeoutMs: 200 }).approveOtaTask(APPROVE))
    expect(Date.now() - started).toBeLessThan(2000)
    expect(error).toMatchObject({ kind: 'timeout', code: 'RequestTimeout', sent: true })
    expect(error.message).toBe(`RequestTimeout: no complete answer from ${server.endpoint.host} within 0.2 s`)
  })
})

describe.each(['v3', 'v2'] as const)(
  'createClient with signature-version %s, beyond what the client library passes on',
  (version) => {
    const nonceOf = (request: RecordedRequest | undefined): string | undefined =>
      version === 'v3' ? (request?.headers['x-acs-signature-nonce'] as string | undefined) : request?.query.SignatureNonce

    it('signs each call with its own nonce', async () => {
      server.reply({ body: APPROVED }, { body: APPROVED })
      const api = client(version)
      await api.approveOtaTask(APPROVE)
      await api.approveOtaTask(APPROVE)
      const nonces = server.requests.map(nonceOf)
      expect(nonces[0]).toMatch(/^[0-9a-f]{32}$/)
      expect(nonces[1]).toMatch(/^[0-9a-f]{32}$/)
      expect(nonces[1]).not.toBe(nonces[0])
    })

    it('reads x-acs-retry-after (ms) of a throttled answer that the library throws on', async () => {
      server.reply({
        status: 400,
        headers: { 'x-acs-retry-after': '1500' },
        body: { RequestId: 'RID-T', Code: 'Throttling.User', Message: 'flow control' }
      })
      const error = await failure(client(version).listAppInstanceGroups(LOOKUP))
      expect(error).toMatchObject({ code: 'Throttling.User', httpStatus: 400, requestId: 'RID-T', retryAfterMs: 1500 })
    })

    it('gives each of two concurrent calls the retry-after of its own answer', async () => {
      server.reply(
        (request) => ({
          status: 400,
          headers: { 'x-acs-retry-after': '111' },
          body: { RequestId: `RID-${nonceOf(request)}`, Code: 'Throttling.User', Message: 'a' },
          delayMs: 50
        }),
        (request) => ({
          status: 400,
          headers: { 'x-acs-retry-after': '222' },
          body: { RequestId: `RID-${nonceOf(request)}`, Code: 'Throttling.User', Message: 'b' }
        })
      )
      const api = client(version)
      const [first, second] = await Promise.all([
        failure(api.listAppInstanceGroups(LOOKUP)),
        failure(api.listAppInstanceGroups(LOOKUP))
      ])
      const byRequestId = Object.fromEntries([first, second].map((e) => [e.requestId, e.retryAfterMs]))
      expect(byRequestId).toEqual({ [`RID-${nonceOf(server.requests[0])}`]: 111, [`RID-${nonceOf(server.requests[1])}`]: 222 })
    })

    it('gives an HTML 503 its status and the request id of the x-acs-request-id header', async () => {
      server.reply({
        status: 503,
        headers: { 'x-acs-request-id': 'RID-GATEWAY' },
        body: '<html>503 Service Temporarily Unavailable</html>'
      })
      const error = await failure(client(version).approveOtaTask(APPROVE))
      expect(error).toMatchObject({ kind: 'invalid-response', httpStatus: 503, requestId: 'RID-GATEWAY' })
    })

    it('cuts both timeouts to the time the step has left', async () => {
      server.reply('hang')
      const started = Date.now()
      const error = await failure(client(version, { timeoutMs: 10_000, remainingMs: () => 300 }).approveOtaTask(APPROVE))
      expect(Date.now() - started).toBeLessThan(2000)
      expect(error).toMatchObject({ kind: 'timeout', code: 'RequestTimeout' })
      expect(error.message).toContain('within 0.3 s')
    })

    it('leaves no subscriber on the diagnostics channel behind, after success and failure', async () => {
      server.reply({ body: APPROVED }, 'reset')
      const api = client(version)
      await api.approveOtaTask(APPROVE)
      await failure(api.approveOtaTask(APPROVE))
      expect(hasSubscribers(RESPONSE_CHANNEL)).toBe(false)
    })
  }
)

describe('createClient secrecy', () => {
  const faults: [string, CannedReply][] = [
    ['a reset', 'reset'],
    ['a timeout', 'hang'],
    ['an HTML 503', { status: 503, body: '<html>down</html>' }],
    [
      'a 400 that echoes the request',
      (request) => ({ status: 400, body: { RequestId: 'R', Code: 'InvalidParameter', Message: echo(request) } })
    ],
    [
      'a 200 that echoes the request',
      (request) => ({ status: 200, body: { RequestId: 'R', Code: 'Echo', Message: echo(request) } })
    ]
  ]

  it.each((['v3', 'v2'] as const).flatMap((version) => faults.map(([name, reply]) => [version, name, reply] as const)))(
    'keeps credentials and the signature out of the error and debug lines (%s, %s)',
    async (version, _name, reply) => {
      const lines: string[] = []
      server.reply(reply)
      const api = client(version, { timeoutMs: 300, debug: (line) => lines.push(line) })
      const answer = await api.approveOtaTask(APPROVE).catch((error: unknown) => error)
      const signature =
        server.requests[0]?.query.Signature ??
        /Signature=([0-9a-f]+)/.exec(String(server.requests[0]?.headers.authorization))?.[1]
      expect(signature).toBeTruthy()
      const shown = [answer instanceof ApiError ? [answer.message, answer.detail] : [], JSON.stringify(answer), ...lines]
        .flat()
        .join('\n')
      for (const secret of [...SECRETS, signature as string]) expect(shown).not.toContain(secret)
    }
  )

  it('cuts the string to sign from an RPC SignatureDoesNotMatch message', async () => {
    const stringToSign = `POST&%2F&AccessKeyId%3D${STS.accessKeyId}%26Action%3DApproveOtaTask%26SecurityToken%3D${encodeURIComponent(encodeURIComponent(STS.securityToken as string))}`
    server.reply({
      status: 400,
      body: {
        RequestId: 'RID-SIG',
        Code: 'SignatureDoesNotMatch',
        Message: `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`
      }
    })
    const error = await failure(client('v2').approveOtaTask(APPROVE))
    expect(error.message).toBe(
      'SignatureDoesNotMatch: Specified signature is not matched with our calculation. (HTTP 400, request id RID-SIG); check the AccessKey secret'
    )
  })
})

describe('splitRequest', () => {
  it('puts ListAppInstanceGroup filters in the query and Status in the body', () => {
    expect(splitRequest('ListAppInstanceGroup', { ...LOOKUP, PageNumber: 2, PageSize: 100, Status: ['PUBLISHED'] })).toEqual({
      query: { ...LOOKUP, PageNumber: '2', PageSize: '100' },
      body: { 'Status.1': 'PUBLISHED' }
    })
  })

  it('sends no body when there are no body fields', () => {
    expect(splitRequest('ListAppInstanceGroup', LOOKUP).body).toBeUndefined()
  })
})

/** A Message quoting the raw request line and authorization, as some gateways do: the debug log must scrub it. */
function echo(request: RecordedRequest): string {
  const query = new URLSearchParams(request.query).toString()
  return `bad request POST http://${server.endpoint.host}/?${query} authorization: ${request.headers.authorization ?? ''}`
}
