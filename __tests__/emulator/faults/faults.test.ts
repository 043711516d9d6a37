import { describe, expect, it } from '@jest/globals'
import { startEmulator, type Emulator } from '../../../emulator/index.js'
import { useEmulator } from '../../../__fixtures__/emulator.js'
import { callOp, sdkClient, sdkError, TEST_KEY } from '../../../__fixtures__/emulator-client.js'
import { HZ, smallFleet } from '../../../__fixtures__/emulator-fleet.js'
import { sendRaw, signAcs3Request } from '../../../__fixtures__/emulator-sign.js'

let emu: Emulator

useEmulator((started) => (emu = started), { fixture: smallFleet() })

const APPROVAL = {
  AppInstanceGroupId: HZ,
  BizRegionId: 'cn-hangzhou',
  TaskId: 'ota-hzgroup01a',
  OtaType: 'Fota',
  StartTime: '2025-03-01T08:00:00+08:00'
}
const client = () => sdkClient(emu.endpoint, TEST_KEY, 'acs3')
const list = () => callOp(client(), 'ListAppInstanceGroup', { query: { ProductType: 'CloudApp' } })
const approve = () => callOp(client(), 'ApproveOtaTask', { body: APPROVAL })
const rawList = (secret = TEST_KEY.accessKeySecret) =>
  sendRaw(
    emu.port,
    signAcs3Request({
      endpoint: emu.endpoint,
      accessKeyId: TEST_KEY.accessKeyId,
      secret,
      action: 'ListAppInstanceGroup',
      query: [['ProductType', 'CloudApp']]
    })
  )
const hzTaskId = () => emu.state().groups.find((g) => g.AppInstanceGroupId === HZ)?.OtaInfo?.TaskId
const hzTasks = () => emu.state().tasks.filter((t) => t.AppInstanceGroupId === HZ)

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const start = Date.now()
  await fn()
  return Date.now() - start
}

describe('throttle faults', () => {
  it('throttles the next N calls with x-acs-retry-after in milliseconds, then lets calls through', async () => {
    emu.addFault({ operation: 'ListAppInstanceGroup', kind: 'throttle', count: 2, retryAfterSeconds: 1.5 })
    const raw = await rawList()
    expect({ status: raw.status, code: raw.json.Code, retryAfter: raw.headers['x-acs-retry-after'] }).toEqual({
      status: 400,
      code: 'Throttling.User',
      retryAfter: '1500'
    })
    expect(await sdkError(list())).toMatchObject({ code: 'Throttling.User', statusCode: 400 })
    expect((await list()).statusCode).toBe(200)
    expect(emu.requests().map((r) => r.fault)).toEqual(['throttle', 'throttle', undefined])
  })

  it('uses the given code and sends no x-acs-retry-after unless asked', async () => {
    emu.addFault({ operation: 'ListAppInstanceGroup', kind: 'throttle', code: 'Throttling.Api' })
    const raw = await rawList()
    expect({ code: raw.json.Code, retryAfter: raw.headers['x-acs-retry-after'] }).toEqual({
      code: 'Throttling.Api',
      retryAfter: undefined
    })
  })

  it('answers before authentication, as the gateway throttles before the backend', async () => {
    emu.addFault({ operation: 'ListAppInstanceGroup', kind: 'throttle' })
    expect((await rawList('wrong-secret')).json.Code).toBe('Throttling.User')
    expect((await rawList('wrong-secret')).json.Code).toBe('SignatureDoesNotMatch')
  })
})

describe('server error faults', () => {
  it.each([
    { kind: 'error-500' as const, code: 'InternalError', status: 500 },
    { kind: 'error-503' as const, code: 'ServiceUnavailable', status: 503 }
  ])('answers $kind as $code with a JSON body', async ({ kind, code, status }) => {
    emu.addFault({ operation: 'ListAppInstanceGroup', kind })
    const err = await sdkError(list())
    expect(err).toMatchObject({
      code,
      statusCode: status,
      data: { Code: code, RequestId: expect.any(String), HostId: expect.any(String) }
    })
  })

  it('answers html-503 with an HTML page, which the client library cannot parse', async () => {
    emu.addFault({ operation: 'ListAppInstanceGroup', kind: 'html-503', count: 2 })
    const raw = await rawList()
    expect(raw.status).toBe(503)
    expect(raw.headers['content-type']).toBe('text/html')
    expect(raw.text).toContain('<html>')
    const err = await sdkError(list())
    expect(err.name).toBe('SyntaxError')
    expect(err.statusCode).toBeUndefined()
    expect(emu.requests().map((r) => [r.status, r.code, r.fault])).toEqual([
      [503, undefined, 'html-503'],
      [503, undefined, 'html-503']
    ])
  })
})

describe('dropped connections', () => {
  it('drop-before: the client sees a reset and nothing changed', async () => {
    emu.addFault({ operation: 'ApproveOtaTask', kind: 'drop-before' })
    expect((await sdkError(approve())).code).toBe('ECONNRESET')
    expect(hzTaskId()).toBe('ota-hzgroup01a')
    expect(hzTasks()).toEqual([])
    expect(emu.requests()).toEqual([expect.objectContaining({ action: 'ApproveOtaTask', status: 0, fault: 'drop-before' })])
    expect(emu.requests()[0]?.code).toBeUndefined()
  })

  it('drop-after: the client sees a reset but the approval was applied, so a blind retry is refused', async () => {
    emu.addFault({ operation: 'ApproveOtaTask', kind: 'drop-after' })
    expect((await sdkError(approve())).code).toBe('ECONNRESET')
    expect(hzTaskId()).not.toBe('ota-hzgroup01a')
    expect(hzTasks().map((t) => t.TaskId)).toEqual(['ota-hzgroup01a'])
    expect(emu.requests()[0]).toMatchObject({ status: 0, code: 'success', fault: 'drop-after' })
    expect(await sdkError(approve())).toMatchObject({ code: 'InvalidParameter.TaskId', statusCode: 400 })
  })
})

describe('permission refusals', () => {
  it('forbidden: answers 403 Forbidden.RAM naming the RAM action, after authentication, and changes nothing', async () => {
    emu.addFault({ operation: 'ApproveOtaTask', kind: 'forbidden' })
    const refused = await sdkError(approve())
    expect(refused).toMatchObject({ code: 'Forbidden.RAM', statusCode: 403 })
    expect(refused.message).toContain('appstreaming:ModifyAppInstanceGroupAttribute')
    expect(hzTasks()).toEqual([])
    expect(emu.requests()[0]).toMatchObject({ status: 403, code: 'Forbidden.RAM', fault: 'forbidden' })
    // RAM judges a verified caller: a bad signature is refused as such.
    emu.addFault({ operation: 'ListAppInstanceGroup', kind: 'forbidden' })
    expect((await rawList('NotTheSecret')).json.Code).toBe('SignatureDoesNotMatch')
  })
})

describe('delay and latency', () => {
  it('delay: applies the change at once and holds the answer for delayMs', async () => {
    emu.addFault({ operation: 'ApproveOtaTask', kind: 'delay', delayMs: 300 })
    const start = Date.now()
    const pending = approve()
    await new Promise((resolve) => setTimeout(resolve, 120))
    expect(hzTasks()).toHaveLength(1)
    expect((await pending).body.Code).toBe('success')
    expect(Date.now() - start).toBeGreaterThanOrEqual(290)
    expect(emu.requests()[0]).toMatchObject({ status: 200, code: 'success', fault: 'delay' })
  })

  it('latency: adds a fixed delay to every API answer', async () => {
    expect(await timed(list)).toBeLessThan(150)
    emu.setLatency(200)
    expect(await timed(list)).toBeGreaterThanOrEqual(190)
  })
})

describe('fault matching', () => {
  it('consumes faults per matching operation in the order they were added', async () => {
    emu.addFault({ operation: 'ApproveOtaTask', kind: 'error-500' })
    emu.addFault({ operation: 'ListAppInstanceGroup', kind: 'error-503' })
    emu.addFault({ operation: '*', kind: 'throttle' })
    expect((await sdkError(list())).code).toBe('ServiceUnavailable')
    expect((await sdkError(list())).code).toBe('Throttling.User')
    expect((await list()).statusCode).toBe(200)
    expect((await sdkError(approve())).code).toBe('InternalError')
    expect((await approve()).body.Code).toBe('success')
  })

  it('rejects a fault with an unknown operation or kind, naming the field', () => {
    expect(() => emu.addFault({ operation: 'ListGroups' as 'ListOtaTask', kind: 'throttle' })).toThrow(/operation must be one of/)
    expect(() => emu.addFault({ operation: '*', kind: 'explode' as 'throttle' })).toThrow(/kind must be one of/)
    expect(() => emu.addFault({ operation: '*', kind: 'delay' })).toThrow(/delayMs is required/)
  })

  it('arms fixture faults at start and again after reset', async () => {
    const local = await startEmulator({
      fixture: { ...smallFleet(), faults: [{ operation: 'ListAppInstanceGroup', kind: 'error-503' }] }
    })
    try {
      const c = sdkClient(local.endpoint, TEST_KEY, 'v2')
      const call = () => callOp(c, 'ListAppInstanceGroup', { query: { ProductType: 'CloudApp' } })
      expect((await sdkError(call())).code).toBe('ServiceUnavailable')
      expect((await call()).statusCode).toBe(200)
      local.reset()
      expect((await sdkError(call())).code).toBe('ServiceUnavailable')
    } finally {
      await local.close()
    }
  })
})

describe('rate limit', () => {
  it('answers Throttling.User above rateLimitPerSecond requests in one second', async () => {
    const local = await startEmulator({ fixture: smallFleet(), rateLimitPerSecond: 3 })
    try {
      const c = sdkClient(local.endpoint, TEST_KEY, 'acs3')
      const call = () => callOp(c, 'ListAppInstanceGroup', { query: { ProductType: 'CloudApp' } })
      for (let i = 0; i < 3; i++) expect((await call()).statusCode).toBe(200)
      expect(await sdkError(call())).toMatchObject({ code: 'Throttling.User', statusCode: 400 })
      const raw = await sendRaw(
        local.port,
        signAcs3Request({
          endpoint: local.endpoint,
          accessKeyId: TEST_KEY.accessKeyId,
          secret: TEST_KEY.accessKeySecret,
          action: 'ListOtaTask'
        })
      )
      expect(raw.json.Code).toBe('Throttling.User')
      expect(Number(raw.headers['x-acs-retry-after'])).toBeGreaterThan(0)
      expect(Number(raw.headers['x-acs-retry-after'])).toBeLessThanOrEqual(1000)
      expect(local.requests().map((r) => r.fault)).toEqual([undefined, undefined, undefined, 'rate-limit', 'rate-limit'])
    } finally {
      await local.close()
    }
  })
})
