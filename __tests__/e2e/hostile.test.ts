/**
 * End to end through the built dist/index.js: text from the API (group names, statuses, versions, task and request
 * ids, error codes and messages) never starts a workflow command in the log, and reaches the summary only escaped,
 * on success and failure paths, for one group and for a fleet.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { runAction, type ActionRun } from '../../__fixtures__/action.js'
import { startCannedServer, type CannedServer } from '../../__fixtures__/canned-server.js'
import { FAST_BACKOFF } from '../../__fixtures__/e2e.js'
import { TEST_KEY } from '../../__fixtures__/emulator-client.js'
import { fleetFixture, FLEET_REGION, fleetId } from '../../__fixtures__/fleet-fixture.js'
import { hostile, injectedLines, MARK } from '../../__fixtures__/hostile.js'
import { startEmulator, type Emulator } from '../../emulator/index.js'

const KEYS = { 'access-key-id': TEST_KEY.accessKeyId, 'access-key-secret': TEST_KEY.accessKeySecret }
const SEAMS = { ...FAST_BACKOFF, WUYING_OTA_TEST_POLL_MS: '100,500' }

function expectNoInjection(result: ActionRun): void {
  expect(injectedLines(result)).toEqual([])
  // The vectors did reach the log, escaped: the test would pass vacuously otherwise.
  expect(result.stdout).toContain(`%0A::warning::${MARK}`)
  expect(result.summary).not.toMatch(/<script>/)
}

describe('the built action with hostile text in the emulator’s answers', () => {
  let emu: Emulator
  beforeAll(async () => {
    const fixture = fleetFixture(3, { runningMs: 300 })
    fixture.groups = fixture.groups.map((group, n) => ({
      ...group,
      name: hostile(`name${n}`),
      otaVersion: hostile(`from${n}`),
      ...(group.pending ? { pending: { ...group.pending, newVersion: hostile(`to${n}`) } } : {})
    }))
    emu = await startEmulator({ fixture })
  })
  afterAll(async () => {
    await emu.close()
  })

  it('schedules one group and logs its name and versions without starting a command', async () => {
    emu.reset()
    const result = await runAction(
      { ...KEYS, endpoint: emu.url, 'biz-region-id': FLEET_REGION, 'app-instance-group-id': fleetId(0) },
      { env: SEAMS }
    )
    expect(result.exitCode).toBe(0)
    expect(result.outputs.approved).toBe('true')
    expectNoInjection(result)
  })

  it('schedules and waits for a fleet, with a missing group failing, without starting a command', async () => {
    emu.reset()
    const ids = [fleetId(0), fleetId(1), fleetId(2), 'aig-notthere01'].join(',')
    const result = await runAction(
      { ...KEYS, endpoint: emu.url, 'biz-region-id': FLEET_REGION, 'app-instance-group-id': ids, wait: 'true' },
      { env: SEAMS, timeoutMs: 30_000 }
    )
    expect(result.exitCode).toBe(1)
    expect(result.outputs['approved-count']).toBe('3')
    expect(result.outputs['failed-count']).toBe('1')
    expectNoInjection(result)
  })
})

describe('the built action with hostile codes, messages and ids from a server', () => {
  let server: CannedServer
  beforeAll(async () => {
    server = await startCannedServer()
  })
  afterAll(async () => {
    await server.close()
  })
  const run = (inputs: Record<string, string> = {}) =>
    runAction(
      {
        ...KEYS,
        endpoint: `http://${server.endpoint.host}`,
        'biz-region-id': 'cn-hangzhou',
        'app-instance-group-id': 'aig-hostile001',
        ...inputs
      },
      { env: SEAMS }
    )
  const listing = {
    RequestId: hostile('rid-list'),
    TotalCount: 1,
    PageNumber: 1,
    PageSize: 100,
    AppInstanceGroupModels: [
      {
        AppInstanceGroupId: 'aig-hostile001',
        AppInstanceGroupName: hostile('name'),
        RegionId: 'cn-hangzhou',
        Status: hostile('status'),
        OtaInfo: { TaskId: `ota-hostile01a${hostile('task')}`, OtaVersion: hostile('from'), NewOtaVersion: hostile('to') }
      }
    ]
  }

  it('fails on a refusal whose Code and Message are hostile, without starting a command', async () => {
    server.reply(
      { status: 200, body: listing },
      { status: 200, body: { RequestId: hostile('rid-approve'), Code: hostile('code'), Message: hostile('message') } }
    )
    const result = await run()
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(/^::error::/m)
    expectNoInjection(result)
  })

  it('fails on an error answer whose Code and Message are hostile, without starting a command', async () => {
    server.reply({
      status: 403,
      body: { RequestId: hostile('rid-error'), Code: `Forbidden.RAM${hostile('code')}`, Message: hostile('message') }
    })
    const result = await run()
    expect(result.exitCode).toBe(1)
    expect(result.outputs.approved).toBe('false')
    expectNoInjection(result)
  })
})
