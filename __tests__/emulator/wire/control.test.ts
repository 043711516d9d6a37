import { describe, expect, it } from '@jest/globals'
import { startEmulator, type Emulator } from '../../../emulator/index.js'
import { useEmulator } from '../../../__fixtures__/emulator.js'
import { callOp, sdkClient, sdkError, TEST_KEY } from '../../../__fixtures__/emulator-client.js'
import { HZ, RUNNING_MS, smallFleet } from '../../../__fixtures__/emulator-fleet.js'
import { sendRaw, signAcs3Request } from '../../../__fixtures__/emulator-sign.js'

let emu: Emulator

useEmulator((started) => (emu = started), { fixture: smallFleet() })

const APPROVAL = {
  AppInstanceGroupId: HZ,
  BizRegionId: 'cn-hangzhou',
  TaskId: 'ota-hzgroup01a',
  OtaType: 'Fota',
  StartTime: '2020-01-01T00:00:00Z'
}
const admin = (method: 'GET' | 'POST', route: string, body?: unknown, target: Emulator = emu) =>
  sendRaw(target.port, {
    method,
    path: `/__emulator/${route}`,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? '' : JSON.stringify(body)
  })
const approveWith = (target: Emulator) =>
  callOp(sdkClient(target.endpoint, TEST_KEY, 'acs3'), 'ApproveOtaTask', { body: APPROVAL })
const hz = (target: Emulator = emu) => target.state().groups.find((g) => g.AppInstanceGroupId === HZ)

describe('admin routes', () => {
  it('GET requests returns the log, which admin calls never enter', async () => {
    await approveWith(emu)
    const res = await admin('GET', 'requests')
    expect(res.status).toBe(200)
    expect(res.json).toEqual(emu.requests())
    expect(emu.requests().map((r) => r.action)).toEqual(['ApproveOtaTask'])
  })

  it('GET state returns the groups in wire shape and the approved tasks', async () => {
    await approveWith(emu)
    const res = await admin('GET', 'state')
    const body = res.json as unknown as ReturnType<Emulator['state']>
    expect(body.groups).toHaveLength(5)
    expect(body.tasks.filter((t) => t.AppInstanceGroupId === HZ)).toEqual([
      expect.objectContaining({
        TaskId: 'ota-hzgroup01a',
        OtaType: 'Fota',
        TaskDisplayStatus: 'RUNNING',
        ApprovedAt: expect.stringMatching(/Z$/)
      })
    ])
  })

  it('POST faults arms one fault or an array, and refuses a bad one naming the field', async () => {
    expect((await admin('POST', 'faults', { operation: 'ApproveOtaTask', kind: 'error-500' })).json).toMatchObject({
      ok: true,
      armed: [{ kind: 'error-500', count: 1 }]
    })
    expect((await admin('POST', 'faults', [{ operation: '*', kind: 'throttle', count: 2 }])).status).toBe(200)
    const bad = await admin('POST', 'faults', [
      { operation: '*', kind: 'throttle' },
      { operation: '*', kind: 'melt' }
    ])
    expect(bad.status).toBe(400)
    expect(bad.json.error).toMatch(/^faults\[1\]\.kind must be one of throttle, error-500/)
    expect((await sdkError(approveWith(emu))).code).toBe('InternalError')
    expect((await sdkError(approveWith(emu))).code).toBe('Throttling.User')
  })

  it('POST clock moves the emulator clock so that approved tasks progress', async () => {
    await approveWith(emu)
    expect((await admin('POST', 'clock', { advanceMs: RUNNING_MS })).json).toMatchObject({ ok: true, now: expect.any(String) })
    expect(hz()?.OtaInfo).toEqual({ TaskId: '', OtaVersion: '1.1.0', NewOtaVersion: '' })
    expect((await admin('POST', 'clock', { advanceMs: -5 })).status).toBe(400)
  })

  it('POST latency sets the extra latency of API answers', async () => {
    expect((await admin('POST', 'latency', { ms: 150 })).status).toBe(200)
    const start = Date.now()
    await approveWith(emu)
    expect(Date.now() - start).toBeGreaterThanOrEqual(140)
    expect((await admin('POST', 'latency', { ms: 'fast' })).json.error).toBe('body.ms must be a number ≥ 0')
  })

  it('POST reset restores the fixture state and clears the log and nonces', async () => {
    const req = signAcs3Request({
      endpoint: emu.endpoint,
      accessKeyId: TEST_KEY.accessKeyId,
      secret: TEST_KEY.accessKeySecret,
      action: 'ApproveOtaTask',
      form: Object.entries(APPROVAL)
    })
    expect((await sendRaw(emu.port, req)).json.Code).toBe('success')
    expect(hz()?.OtaInfo?.TaskId).not.toBe('ota-hzgroup01a')
    expect((await admin('POST', 'reset')).json).toEqual({ ok: true })
    expect(hz()?.OtaInfo?.TaskId).toBe('ota-hzgroup01a')
    expect(emu.requests()).toEqual([])
    expect((await sendRaw(emu.port, req)).json.Code).toBe('success')
  })

  it.each([
    ['GET', 'reset'],
    ['POST', 'requests'],
    ['GET', 'nothing']
  ] as const)('answers %s /__emulator/%s with 404 naming the known routes', async (method, route) => {
    const res = await admin(method, route)
    expect(res.status).toBe(404)
    expect(res.json.error).toContain('GET /__emulator/requests')
  })
})

describe('clocks', () => {
  it('advanceClock on the emulator clock finishes a task after runningMs', async () => {
    await approveWith(emu)
    emu.advanceClock(RUNNING_MS - 50)
    expect(emu.state().tasks.find((t) => t.TaskId === 'ota-hzgroup01a')?.TaskDisplayStatus).toBe('RUNNING')
    emu.advanceClock(50)
    expect(emu.state().tasks.find((t) => t.TaskId === 'ota-hzgroup01a')?.TaskDisplayStatus).toBe('FINISHED')
    expect(() => emu.advanceClock(-1)).toThrow(RangeError)
  })

  it('an injected clock drives OTA progress while requests are still signed with wall time', async () => {
    let now = Date.parse('2030-06-01T00:00:00Z')
    const local = await startEmulator({ fixture: smallFleet(), clock: { now: () => now } })
    try {
      await approveWith(local)
      expect(local.state().tasks.find((t) => t.TaskId === 'ota-hzgroup01a')).toMatchObject({
        TaskDisplayStatus: 'RUNNING',
        TaskStartTime: '2030-06-01T00:00:00Z'
      })
      now += RUNNING_MS
      expect(hz(local)?.OtaInfo?.OtaVersion).toBe('1.1.0')
      expect(() => local.advanceClock(1)).toThrow(/injected/)
      expect((await admin('POST', 'clock', { advanceMs: 1 }, local)).status).toBe(400)
    } finally {
      await local.close()
    }
  })
})

describe('close', () => {
  it('returns promptly although the client library keeps its connection alive', async () => {
    const local = await startEmulator({ fixture: smallFleet() })
    await callOp(sdkClient(local.endpoint, TEST_KEY, 'v2'), 'ListAppInstanceGroup', { query: { ProductType: 'CloudApp' } })
    const start = Date.now()
    await local.close()
    expect(Date.now() - start).toBeLessThan(500)
  })

  it('refuses a fixture that breaks a rule before listening', async () => {
    const fixture = smallFleet()
    fixture.groups[0] = { ...fixture.groups[0], id: 'aig-X' } as (typeof fixture.groups)[0]
    await expect(startEmulator({ fixture })).rejects.toThrow('fixture.groups[0].id "aig-X" must match ^aig-[a-z0-9]{6,32}$')
  })
})
