/**
 * End to end: the built dist/index.js against the emulator with fleets of 1, 7, 250 and 1,000 groups; a mixed fleet;
 * a dry run; and waiting for the update (FINISHED, FAILED, time-out) with the emulator's short task durations and
 * the test seams for fast retries and polls.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { runAction, type ActionRun } from '../../__fixtures__/action.js'
import { FAST_BACKOFF, visible } from '../../__fixtures__/e2e.js'
import { TEST_KEY } from '../../__fixtures__/emulator-client.js'
import { fleetFixture, fleetId, fleetTask, FLEET_REGION, MIXED, mixedGroups } from '../../__fixtures__/fleet-fixture.js'
import { startEmulator, type Emulator } from '../../emulator/index.js'
import type { ResultEntry } from '../../src/report/results.js'

const KEYS = { 'access-key-id': TEST_KEY.accessKeyId, 'access-key-secret': TEST_KEY.accessKeySecret }
/** Fast retries, and polls every 100 ms rising to 500 ms. */
const SEAMS = { ...FAST_BACKOFF, WUYING_OTA_TEST_POLL_MS: '100,500' }
/** The waiting emulator's clock runs this far behind: a task approved for "now" stays STANDBY that long, as when the service lags. */
const LAG_MS = 2000
/** How long an approved task of the waiting emulator RUNs. */
const WAIT_RUNNING_MS = 1500

function run(emu: Emulator, inputs: Record<string, string>, timeoutMs = 30_000): Promise<ActionRun> {
  return runAction({ ...KEYS, endpoint: emu.url, 'biz-region-id': FLEET_REGION, ...inputs }, { env: SEAMS, timeoutMs })
}

const results = (run: ActionRun): ResultEntry[] => JSON.parse(run.outputs.results ?? 'null') as ResultEntry[]
const listCalls = (emu: Emulator) => emu.requests().filter((r) => r.action === 'ListAppInstanceGroup')
const approvals = (emu: Emulator) => emu.requests().filter((r) => r.action === 'ApproveOtaTask')
const ids = (count: number): string[] => Array.from({ length: count }, (_, n) => fleetId(n))

describe('the built action with a fleet (7 groups and the mixed ones in one region)', () => {
  let emu: Emulator
  beforeAll(async () => {
    emu = await startEmulator({ fixture: fleetFixture(7, { extra: mixedGroups() }) })
  })
  afterAll(async () => {
    await emu.close()
  })
  const reset = () => emu.reset()

  it('keeps one group to the filtered lookup and the approval, with the single-group outputs', async () => {
    reset()
    const result = await run(emu, { 'app-instance-group-id': fleetId(0) })

    expect(result.exitCode).toBe(0)
    expect(emu.requests().map((r) => r.action)).toEqual(['ListAppInstanceGroup', 'ApproveOtaTask'])
    expect(listCalls(emu)[0]?.params).toMatchObject({ AppInstanceGroupId: fleetId(0), BizRegionId: FLEET_REGION })
    expect(result.outputs).toMatchObject({
      code: 'success',
      'task-id': fleetTask(0),
      approved: 'true',
      'approved-count': '1',
      'failed-count': '0',
      'task-status': ''
    })
    expect(results(result)).toEqual([expect.objectContaining({ id: fleetId(0), status: 'approved', 'task-id': fleetTask(0) })])
  })

  it('approves 7 groups after one list call over the region', async () => {
    reset()
    const result = await run(emu, { 'app-instance-group-id': ids(7).join('\n') })

    expect(result.exitCode).toBe(0)
    expect(listCalls(emu).map((r) => r.params)).toEqual([
      { ProductType: 'CloudApp', BizRegionId: FLEET_REGION, PageNumber: '1', PageSize: '100' }
    ])
    expect(
      approvals(emu)
        .map((r) => r.params.AppInstanceGroupId)
        .sort()
    ).toEqual(ids(7))
    expect(result.outputs).toMatchObject({
      code: 'success',
      message: '7 delivery groups: 7 approved',
      approved: 'true',
      'approved-count': '7',
      'failed-count': '0'
    })
    expect(results(result).map((e) => [e.id, e.status, e['task-id'], e['request-id']])).toEqual(
      ids(7).map((id, n) => [
        id,
        'approved',
        fleetTask(n),
        approvals(emu).find((r) => r.params.AppInstanceGroupId === id)?.requestId
      ])
    )
    expect(result.stdout).toContain(`${fleetId(3)}: ApproveOtaTask: Code success`)
  })

  it('reports a mixed fleet group by group and fails naming the unknown group', async () => {
    reset()
    const list = [MIXED.pending, MIXED.running, MIXED.current, MIXED.unknown].join(', ')
    const result = await run(emu, { 'app-instance-group-id': list })

    expect(result.exitCode).toBe(1)
    expect(listCalls(emu)).toHaveLength(1)
    expect(
      approvals(emu)
        .map((r) => [r.params.AppInstanceGroupId, r.code])
        .sort()
    ).toEqual([
      [MIXED.pending, 'success'],
      [MIXED.running, 'OtaTask.Running']
    ])
    expect(results(result).map((e) => [e.id, e.status, e.code])).toEqual([
      [MIXED.pending, 'approved', 'success'],
      [MIXED.running, 'unchanged', 'OtaTask.Running'],
      [MIXED.current, 'skipped', 'NoPendingUpdate'],
      [MIXED.unknown, 'failed', 'InvalidAppInstanceGroup.NotFound']
    ])
    expect(result.outputs).toMatchObject({
      code: 'InvalidAppInstanceGroup.NotFound',
      message: '4 delivery groups: 1 approved, 1 unchanged, 1 skipped, 1 failed',
      'request-id': listCalls(emu)[0]?.requestId,
      approved: 'true',
      'approved-count': '1',
      'failed-count': '1'
    })
    expect(result.stdout).toMatch(
      new RegExp(`::error::1 of 4 delivery groups failed: ${MIXED.unknown} \\(InvalidAppInstanceGroup.NotFound\\)`)
    )
    expect(result.summary).toContain('current &lt;&amp;&gt; &quot;name&quot;')
    expect(result.summary).not.toContain('<&>')
  })

  it('leaves the emulator without a single approval in a dry run, and reports exactly what an approval would do', async () => {
    reset()
    const result = await run(emu, {
      'app-instance-group-id': [MIXED.pending, MIXED.running, MIXED.current].join(','),
      'dry-run': 'true',
      wait: 'true'
    })

    expect(result.exitCode).toBe(0)
    // One pass over the region, then one read of the tasks of each group with a task to approve, then the release
    // note of the one that would be approved (release-note: dry-run, the default); no approval.
    expect(emu.requests().map((r) => r.action)).toEqual([
      'ListAppInstanceGroup',
      'ListOtaTask',
      'ListOtaTask',
      'GetOtaTaskByTaskId'
    ])
    expect(emu.requests().at(-1)?.params).toEqual({ TaskId: 'ota-mixpending1a' })
    expect(results(result).map((e) => [e.id, e.status, e.code, e['task-id']])).toEqual([
      [MIXED.pending, 'would-approve', 'DryRun', 'ota-mixpending1a'],
      [MIXED.running, 'unchanged', 'OtaTask.Running', 'ota-mixrunning2a'],
      [MIXED.current, 'skipped', 'NoPendingUpdate', '']
    ])
    expect(result.outputs).toMatchObject({ code: 'DryRun', approved: 'false', 'approved-count': '0' })
    expect(result.stdout).toContain('wait: a dry run approves nothing, so there is nothing to wait for')
  })

  it('fails with WaitTimeout naming group and task when the update outlasts wait-timeout-minutes', async () => {
    reset()
    const result = await run(emu, { 'app-instance-group-id': fleetId(1), wait: 'true', 'wait-timeout-minutes': '0.1' })

    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ code: 'WaitTimeout', approved: 'true', 'task-status': 'RUNNING', 'failed-count': '1' })
    expect(result.stdout).toMatch(
      new RegExp(
        `::error::OTA task ${fleetTask(1)} of group ${fleetId(1)} is still RUNNING after \\d+s, and the wait's time limit \\(wait-timeout-minutes: 0.1\\) passed`
      )
    )
    const polls = emu.requests().filter((r) => r.action === 'ListOtaTask')
    expect(polls.length).toBeGreaterThan(3)
    expect(result.ms).toBeLessThan(9000)
  }, 20_000)
})

describe('the built action waiting for the update', () => {
  let emu: Emulator
  beforeAll(async () => {
    emu = await startEmulator({
      fixture: fleetFixture(3, { runningMs: WAIT_RUNNING_MS, extra: mixedGroups() }),
      clock: { now: () => Date.now() - LAG_MS }
    })
  })
  afterAll(async () => {
    await emu.close()
  })

  it('polls nothing before a future start time, then follows one group through STANDBY and RUNNING to FINISHED', async () => {
    emu.reset()
    const start = new Date(Math.ceil((Date.now() + 2000) / 1000) * 1000)
    const startTime = `${start.toISOString().slice(0, 19)}Z`
    const result = await run(emu, {
      'app-instance-group-id': fleetId(0),
      wait: 'true',
      'wait-timeout-minutes': '1',
      'start-time': startTime
    })

    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/the update starts at \S+: waiting \ds before the first poll/)
    const polls = emu.requests().filter((r) => r.action === 'ListOtaTask')
    for (const poll of polls) expect(Date.parse(poll.time) + LAG_MS).toBeGreaterThanOrEqual(start.getTime())
    const progress = [
      ...result.stdout.matchAll(new RegExp(`group ${fleetId(0)} task ${fleetTask(0)}: ([A-Z_]+) after \\d+s`, 'g'))
    ].map((m) => m[1])
    expect(progress).toHaveLength(polls.length)
    expect([...new Set(progress)]).toEqual(['STANDBY', 'RUNNING', 'FINISHED'])
    expect(result.outputs).toMatchObject({
      code: 'success',
      approved: 'true',
      'task-status': 'FINISHED',
      'task-id': fleetTask(0)
    })
    expect(results(result)[0]).toMatchObject({ status: 'approved', 'task-status': 'FINISHED' })
    expect(emu.state().groups.find((g) => g.AppInstanceGroupId === fleetId(0))?.OtaInfo?.OtaVersion).toBe('3.1.0')
  }, 20_000)

  it('fails the fleet naming the group and task whose update FAILED, and reports the others as they ended', async () => {
    emu.reset()
    const result = await run(emu, {
      'app-instance-group-id': [fleetId(2), MIXED.fails, MIXED.running].join('\n'),
      wait: 'true',
      'wait-timeout-minutes': '1'
    })

    expect(result.exitCode).toBe(1)
    expect(results(result).map((e) => [e.id, e.status, e.code, e['task-status']])).toEqual([
      [fleetId(2), 'approved', 'success', 'FINISHED'],
      [MIXED.fails, 'failed', 'TaskFailed', 'FAILED'],
      [MIXED.running, 'unchanged', 'OtaTask.Running', 'FINISHED']
    ])
    expect(results(result)[2]?.['task-id']).toBe('ota-mixrunning2a')
    expect(result.outputs).toMatchObject({ code: 'TaskFailed', 'approved-count': '1', 'failed-count': '1' })
    expect(result.stdout).toMatch(new RegExp(`::error::1 of 3 delivery groups failed: ${MIXED.fails} \\(TaskFailed\\)`))
    expect(result.stdout).toMatch(
      new RegExp(`${MIXED.fails}: OTA task ota-mixfailing4a of group ${MIXED.fails} ended FAILED after \\d+s`)
    )
    expect(result.summary).toContain('Task status')
  }, 20_000)
})

describe('the built action with 250 groups', () => {
  let emu: Emulator
  beforeAll(async () => {
    emu = await startEmulator({ fixture: fleetFixture(250) })
  })
  afterAll(async () => {
    await emu.close()
  })

  it('lists the region in 3 pages and approves every group exactly once', async () => {
    const result = await run(emu, { 'app-instance-group-id': ids(250).join(','), concurrency: '10' }, 60_000)

    expect(result.exitCode).toBe(0)
    expect(
      listCalls(emu)
        .map((r) => r.params.PageNumber)
        .sort()
    ).toEqual(['1', '2', '3'])
    const approved = approvals(emu).map((r) => r.params.AppInstanceGroupId)
    expect(approved).toHaveLength(250)
    expect(new Set(approved).size).toBe(250)
    expect(result.outputs).toMatchObject({ code: 'success', 'approved-count': '250', 'failed-count': '0' })
    expect(results(result).map((e) => e.id)).toEqual(ids(250))
  }, 60_000)
})

describe('the built action with 1,000 groups', () => {
  let emu: Emulator
  beforeAll(async () => {
    emu = await startEmulator({ fixture: fleetFixture(1000) })
  })
  afterAll(async () => {
    await emu.close()
  })

  it('keeps the job summary and the results output under 1 MiB, counting the rows it leaves out', async () => {
    const result = await run(emu, { 'app-instance-group-id': ids(1000).join('\n'), concurrency: '50' }, 90_000)

    expect(result.exitCode).toBe(0)
    expect(listCalls(emu)).toHaveLength(10)
    expect(approvals(emu)).toHaveLength(1000)
    expect(Buffer.byteLength(result.summary)).toBeLessThan(1024 * 1024)
    expect(result.summary).toContain('and 700 more groups: see the <code>results</code> output')
    expect((result.summary.match(/<tr>/g) ?? []).length).toBe(301)
    expect(Buffer.byteLength(result.outputs.results ?? '')).toBeLessThan(1024 * 1024)
    expect(results(result)).toHaveLength(1000)
    expect(visible(result)).not.toContain(TEST_KEY.accessKeySecret)
  }, 90_000)
})
