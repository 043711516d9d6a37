import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { startEmulator, type Emulator } from '../../../emulator/index.js'
import { EXPIRED_STS, TEST_KEY, TEST_STS } from '../../../__fixtures__/emulator-client.js'
import { HZ, smallFleet } from '../../../__fixtures__/emulator-fleet.js'
import {
  acs3Authorization,
  sendRaw,
  signAcs3Request,
  signRpcRequest,
  utcStamp,
  wireForm,
  type PreparedRequest,
  type SignOptions
} from '../../../__fixtures__/emulator-sign.js'

let emu: Emulator

beforeAll(async () => {
  emu = await startEmulator({ fixture: smallFleet() })
})
afterAll(async () => {
  await emu.close()
})
beforeEach(() => emu.reset())

const LIST_QUERY: Array<[string, string]> = [['ProductType', 'CloudApp']]
const APPROVE_FORM: Array<[string, string]> = [
  ['AppInstanceGroupId', HZ],
  ['BizRegionId', 'cn-hangzhou'],
  ['TaskId', 'ota-hzgroup01a'],
  ['OtaType', 'Fota'],
  ['StartTime', '2025-03-01T08:00:00+08:00']
]
type Signer = (o?: Partial<SignOptions>) => PreparedRequest
const base = (): SignOptions => ({
  endpoint: emu.endpoint,
  accessKeyId: TEST_KEY.accessKeyId,
  secret: TEST_KEY.accessKeySecret,
  action: 'ListAppInstanceGroup',
  query: LIST_QUERY
})
const acs3: Signer = (o = {}) => signAcs3Request({ ...base(), ...o })
const rpc: Signer = (o = {}) => signRpcRequest({ ...base(), ...o })
const SCHEMES: Array<[string, Signer]> = [
  ['ACS3-HMAC-SHA256', acs3],
  ['HMAC-SHA1', rpc]
]
const send = (req: PreparedRequest, chunked = false) => sendRaw(emu.port, req, { chunked })

describe.each(SCHEMES)('a raw %s request', (scheme, sign) => {
  it('is accepted when correctly signed, with a form body sent in chunks too', async () => {
    expect((await send(sign())).status).toBe(200)
    const approved = await send(sign({ action: 'ApproveOtaTask', query: [], form: APPROVE_FORM }), true)
    expect(approved.json).toMatchObject({ Code: 'success' })
    expect(emu.requests().map((r) => [r.scheme, r.status])).toEqual([
      [scheme, 200],
      [scheme, 200]
    ])
  })

  it.each([
    {
      name: 'an unknown AccessKeyId',
      change: { accessKeyId: 'LTAI5tNoSuchKey01' },
      code: 'InvalidAccessKeyId.NotFound',
      status: 404
    },
    { name: 'a wrong secret', change: { secret: 'wrong' }, code: 'SignatureDoesNotMatch', status: 400 },
    {
      name: 'an expired STS token',
      change: {
        accessKeyId: EXPIRED_STS.accessKeyId,
        secret: EXPIRED_STS.accessKeySecret,
        securityToken: EXPIRED_STS.securityToken
      },
      code: 'InvalidSecurityToken.Expired',
      status: 400
    },
    {
      name: 'a malformed STS token',
      change: { accessKeyId: TEST_STS.accessKeyId, secret: TEST_STS.accessKeySecret, securityToken: 'CAIS-not-issued' },
      code: 'InvalidSecurityToken.Malformed',
      status: 400
    },
    {
      name: 'an STS token of another key',
      change: { securityToken: TEST_STS.securityToken },
      code: 'InvalidSecurityToken.MismatchWithAccessKey',
      status: 400
    },
    {
      name: 'a timestamp 16 minutes old',
      change: { date: utcStamp(Date.now() - 16 * 60_000) },
      code: 'InvalidTimeStamp.Expired',
      status: 400
    },
    {
      name: 'a timestamp 16 minutes ahead',
      change: { date: utcStamp(Date.now() + 16 * 60_000) },
      code: 'InvalidTimeStamp.Expired',
      status: 400
    },
    { name: 'a timestamp without a zone', change: { date: '2025-03-01T00:00:00' }, code: 'InvalidTimeStamp.Format', status: 400 },
    { name: 'an HTTP-date timestamp', change: { date: new Date().toUTCString() }, code: 'InvalidTimeStamp.Format', status: 400 },
    {
      name: 'a parameter given twice',
      change: { query: [...LIST_QUERY, ['ProductType', 'CloudApp']] as Array<[string, string]> },
      code: 'InvalidParameter',
      status: 400
    },
    {
      name: 'a missing required parameter',
      change: { query: [['BizRegionId', 'cn-hangzhou']] as Array<[string, string]> },
      code: 'MissingProductType',
      status: 400
    },
    { name: 'an unknown action', change: { action: 'ListUsers' }, code: 'InvalidApi.NotFound', status: 404 },
    { name: 'a wrong version', change: { version: '2021-09-02' }, code: 'InvalidVersion', status: 400 }
  ])('is refused for $name with $code', async ({ change, code, status }) => {
    const res = await send(sign(change))
    expect({ status: res.status, code: res.json.Code }).toEqual({ status, code })
    expect(Object.keys(res.json).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId'])
    expect(emu.requests().at(-1)).toMatchObject({ status, code })
  })

  it('is accepted with a timestamp 14 minutes off', async () => {
    expect((await send(sign({ date: utcStamp(Date.now() - 14 * 60_000) }))).status).toBe(200)
  })

  it('is refused with SignatureNonceUsed when replayed', async () => {
    const req = sign()
    expect((await send(req)).status).toBe(200)
    const replay = await send(req)
    expect({ status: replay.status, code: replay.json.Code }).toEqual({ status: 400, code: 'SignatureNonceUsed' })
  })

  it('is refused with SignatureDoesNotMatch when the body is changed after signing', async () => {
    const req = sign({ action: 'ApproveOtaTask', query: [], form: APPROVE_FORM })
    req.body = req.body.replace('Fota', 'AppUpdate')
    const res = await send(req)
    expect({ status: res.status, code: res.json.Code }).toEqual({ status: 400, code: 'SignatureDoesNotMatch' })
    expect(emu.state().tasks.filter((t) => t.AppInstanceGroupId === HZ)).toEqual([])
  })

  it('is refused with InvalidParameter when a body field repeats a query parameter', async () => {
    const res = await send(sign({ action: 'ApproveOtaTask', query: [['OtaType', 'Fota']], form: APPROVE_FORM }))
    expect({ status: res.status, code: res.json.Code }).toEqual({ status: 400, code: 'InvalidParameter' })
    expect(res.json.Message).toContain('OtaType')
  })
})

describe('the ACS3 scheme', () => {
  function resignWithout(req: PreparedRequest, omit: string): PreparedRequest {
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([n]) => n !== omit && n !== 'authorization'))
    const query = req.path.includes('?') ? ([...new URLSearchParams(req.path.slice(2))] as Array<[string, string]>) : []
    return {
      ...req,
      headers: {
        ...req.headers,
        authorization: acs3Authorization('POST', query, headers, TEST_KEY.accessKeyId, TEST_KEY.accessKeySecret)
      }
    }
  }

  it.each(['host', 'content-type', 'x-acs-date', 'x-acs-signature-nonce'])(
    'refuses a request that does not sign %s with IncompleteSignature',
    async (header) => {
      const res = await send(resignWithout(acs3({ action: 'ApproveOtaTask', query: [], form: APPROVE_FORM }), header))
      expect({ status: res.status, code: res.json.Code }).toEqual({ status: 400, code: 'IncompleteSignature' })
      expect(res.json.Message).toContain(header)
    }
  )

  it('refuses an x-acs-* header added after signing with IncompleteSignature', async () => {
    const req = acs3()
    req.headers['x-acs-extra'] = 'x'
    expect((await send(req)).json.Code).toBe('IncompleteSignature')
  })

  it('refuses an x-acs-content-sha256 that does not match the body even when it was signed', async () => {
    const req = acs3({ action: 'ApproveOtaTask', query: [], form: APPROVE_FORM })
    req.headers['x-acs-content-sha256'] = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    const resigned = resignWithout(req, 'none')
    const res = await send(resigned)
    expect({ status: res.status, code: res.json.Code }).toEqual({ status: 400, code: 'SignatureDoesNotMatch' })
    expect(res.json.Message).toContain('x-acs-content-sha256')
  })

  it.each([
    {
      name: 'an Authorization without Signature',
      authorization: `ACS3-HMAC-SHA256 Credential=${TEST_KEY.accessKeyId},SignedHeaders=host`,
      code: 'IncompleteSignature'
    },
    { name: 'another Authorization scheme', authorization: 'Bearer abc', code: 'IncompleteSignature' }
  ])('refuses $name with $code', async ({ authorization, code }) => {
    const req = acs3()
    req.headers.authorization = authorization
    const res = await send(req)
    expect({ status: res.status, code: res.json.Code }).toEqual({ status: 400, code })
  })
})

describe('the RPC scheme', () => {
  it('returns the server string to sign, which the sender signed with its (wrong) secret', async () => {
    const req = rpc({ secret: 'wrong-secret' })
    const res = await send(req)
    const message = String(res.json.Message)
    const match = / server string to sign is:(.+)$/.exec(message)
    expect(match?.[1]).toMatch(/^POST&%2F&AccessKeyId%3DLTAI5tEmulatorTestKey01%26Action%3DListAppInstanceGroup%26/)
    const sent = new URLSearchParams(req.path.slice(2)).get('Signature')
    expect(
      createHmac('sha1', 'wrong-secret&')
        .update(match?.[1] ?? '')
        .digest('base64')
    ).toBe(sent)
  })

  it.each([
    { name: 'no Signature', drop: 'Signature', code: 'MissingSignature' },
    { name: 'no Timestamp', drop: 'Timestamp', code: 'MissingTimestamp' },
    { name: 'no SignatureNonce', drop: 'SignatureNonce', code: 'MissingSignatureNonce' }
  ])('refuses a request with $name with $code', async ({ drop, code }) => {
    const req = rpc()
    const query = new URLSearchParams(req.path.slice(2))
    query.delete(drop)
    const res = await send({ ...req, path: `/?${query.toString()}` })
    expect({ status: res.status, code: res.json.Code }).toEqual({ status: 400, code })
  })
})

describe('a request without any signature', () => {
  it('is refused with MissingAccessKeyId', async () => {
    const res = await send({
      method: 'POST',
      path: `/?${wireForm([['Action', 'ListAppInstanceGroup'], ['Version', '2021-09-01'], ...LIST_QUERY])}`,
      headers: {},
      body: ''
    })
    expect({ status: res.status, code: res.json.Code, message: res.json.Message }).toEqual({
      status: 400,
      code: 'MissingAccessKeyId',
      message: 'AccessKeyId is mandatory for this action.'
    })
    expect(emu.requests()[0]).toMatchObject({ scheme: 'none', status: 400, params: { ProductType: 'CloudApp' } })
  })

  it.each([
    { name: 'no Action', query: [['Version', '2021-09-01']], code: 'MissingAction', status: 400 },
    {
      name: 'an unknown Action',
      query: [
        ['Action', 'Nope'],
        ['Version', '2021-09-01']
      ],
      code: 'InvalidApi.NotFound',
      status: 404
    }
  ])('is refused for $name with $code before authentication', async ({ query, code, status }) => {
    const res = await send({ method: 'POST', path: `/?${wireForm(query as Array<[string, string]>)}`, headers: {}, body: '' })
    expect({ status: res.status, code: res.json.Code }).toEqual({ status, code })
  })

  it('gets InvalidApi.NotFound on any path but /', async () => {
    const res = await send({ ...acs3(), path: '/v1/groups' })
    expect({ status: res.status, code: res.json.Code }).toEqual({ status: 404, code: 'InvalidApi.NotFound' })
    expect(emu.requests()).toEqual([])
  })

  it('is refused with InvalidParameter when the query is not valid percent-encoding', async () => {
    const res = await send({
      method: 'POST',
      path: '/?Action=ListAppInstanceGroup&Version=2021-09-01&ProductType=%E0%A4%A',
      headers: {},
      body: ''
    })
    expect({ status: res.status, code: res.json.Code }).toEqual({ status: 400, code: 'InvalidParameter' })
  })
})

describe('connections', () => {
  it('numbers each new TCP connection in order of accept', async () => {
    await send(acs3())
    await send(acs3())
    const [first, second] = emu.requests().map((r) => r.connection)
    expect(second).toBe((first as number) + 1)
  })
})
