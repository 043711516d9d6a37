import { describe, expect, it } from '@jest/globals'
import { apiError, recordingLogger } from '../../__fixtures__/fake-api.js'
import { fleetApi, fleetGroup, fleetGroupId, fleetTaskId, type FleetApiScript } from '../../__fixtures__/fleet-api.js'
import type { GroupsInputs } from '../../src/ota/lookup.js'
import { scheduleGroups } from '../../src/ota/schedule.js'
import { parseStartTime } from '../../src/inputs/start-time.js'

const START = '2026-06-20T02:00:00+08:00'
const PENDING = 0
const RUNNING = 1
const CURRENT = 2
const UNKNOWN = 3

const IDS = [PENDING, RUNNING, CURRENT, UNKNOWN].map(fleetGroupId)

function inputs(overrides: Partial<GroupsInputs> = {}): GroupsInputs {
  return {
    appInstanceGroupId: IDS[0] as string,
    appInstanceGroupIds: IDS,
    bizRegionId: 'cn-hangzhou',
    startTime: parseStartTime(START, new Date('2026-06-15T00:00:00Z')),
    otaType: 'Fota',
    taskId: '',
    ifNoUpdate: 'skip',
    failOnError: true,
    maxAttempts: 3,
    concurrency: 2,
    ...overrides
  }
}

/** The mixed fleet: one pending, one whose task runs already, one up to date; the fourth id is not in the region. */
function mixed(extra: Partial<FleetApiScript> = {}) {
  return fleetApi({
    groups: [fleetGroup(PENDING), fleetGroup(RUNNING), fleetGroup(CURRENT, { pending: false }), fleetGroup(99)],
    approve: (request) =>
      request.AppInstanceGroupId === fleetGroupId(RUNNING)
        ? { RequestId: '', Code: 'OtaTask.Running', Message: 'The task is running and cannot be sumitted.' }
        : { RequestId: '', Code: 'success' },
    ...extra
  })
}

async function schedule(api: ReturnType<typeof fleetApi>, overrides: Partial<GroupsInputs> = {}) {
  const logger = recordingLogger()
  const results = await scheduleGroups(api, inputs(overrides), { logger, sleep: async () => {}, random: () => 0 })
  return { results, lines: logger.lines }
}

describe('scheduleGroups for a fleet', () => {
  it('lists the region once and approves only the groups with a pending update', async () => {
    const api = mixed()
    const { results } = await schedule(api)
    expect(api.count('ListAppInstanceGroup')).toBe(1)
    expect(api.calls.filter((c) => c.operation === 'ApproveOtaTask').map((c) => c.request)).toEqual([
      {
        AppInstanceGroupId: fleetGroupId(PENDING),
        BizRegionId: 'cn-hangzhou',
        TaskId: fleetTaskId(PENDING),
        OtaType: 'Fota',
        StartTime: START
      },
      {
        AppInstanceGroupId: fleetGroupId(RUNNING),
        BizRegionId: 'cn-hangzhou',
        TaskId: fleetTaskId(RUNNING),
        OtaType: 'Fota',
        StartTime: START
      }
    ])
    expect(results.map((r) => [r.appInstanceGroupId, r.status, r.code, r.failure === undefined])).toEqual([
      [fleetGroupId(PENDING), 'approved', 'success', true],
      [fleetGroupId(RUNNING), 'unchanged', 'OtaTask.Running', true],
      [fleetGroupId(CURRENT), 'skipped', 'NoPendingUpdate', true],
      [fleetGroupId(UNKNOWN), 'failed', 'InvalidAppInstanceGroup.NotFound', false]
    ])
    expect(results[0]).toMatchObject({
      taskId: fleetTaskId(PENDING),
      otaVersion: '1.0.0',
      newOtaVersion: '1.1.0',
      startTime: START,
      approved: true
    })
    expect(results[2]).toMatchObject({ requestId: 'RID-ListAppInstanceGroup-1', otaVersion: '1.1.0' })
    expect(results[3]?.failure).toContain(`no delivery group ${fleetGroupId(UNKNOWN)} in region cn-hangzhou`)
  })

  it('prefixes every line about one group with its id', async () => {
    const { lines } = await schedule(mixed())
    expect(lines).toContain(`${fleetGroupId(RUNNING)}: ApproveOtaTask: Code OtaTask.Running, request id RID-ApproveOtaTask-3`)
    expect(lines).toContain(
      `${fleetGroupId(RUNNING)}: an OTA task of the group is already scheduled or running (OtaTask.Running): nothing changed`
    )
    expect(lines.filter((line) => line.startsWith('## '))).toEqual([
      '## List 4 delivery groups in cn-hangzhou (one pass over the region)',
      '## Approve 2 OTA tasks, at most 2 at a time'
    ])
    const decision = lines.indexOf(`${fleetGroupId(CURRENT)}: no pending OTA update; current version 1.1.0`)
    expect(decision).toBeGreaterThan(lines.indexOf('## List 4 delivery groups in cn-hangzhou (one pass over the region)'))
    expect(decision).toBeLessThan(lines.indexOf('## Approve 2 OTA tasks, at most 2 at a time'))
  })

  it('sends no approval in a dry run and reports what would be approved', async () => {
    const api = mixed()
    const { results, lines } = await schedule(api, { dryRun: true })
    expect(api.count('ApproveOtaTask')).toBe(0)
    expect(results.map((r) => [r.status, r.code])).toEqual([
      ['would-approve', 'DryRun'],
      ['would-approve', 'DryRun'],
      ['skipped', 'NoPendingUpdate'],
      ['failed', 'InvalidAppInstanceGroup.NotFound']
    ])
    expect(results[0]).toMatchObject({
      taskId: fleetTaskId(PENDING),
      startTime: START,
      approved: false,
      requestId: 'RID-ListAppInstanceGroup-1'
    })
    expect(lines).toContain(
      `${fleetGroupId(PENDING)}: dry run: would approve task ${fleetTaskId(PENDING)} (1.0.0 → 1.1.0) to start at ${START}`
    )
  })

  it('fails a group without update under if-no-update: fail, and approves the others', async () => {
    const api = mixed()
    const { results } = await schedule(api, { ifNoUpdate: 'fail' })
    expect(results[2]).toMatchObject({ status: 'skipped', code: 'NoPendingUpdate' })
    expect(results[2]?.failure).toContain('and if-no-update is fail')
    expect(results[0]?.status).toBe('approved')
  })

  it('keeps the step going under fail-on-error: false, with the failures as warnings', async () => {
    const { results, lines } = await schedule(mixed(), { failOnError: false })
    expect(results[3]).toMatchObject({ status: 'failed', code: 'InvalidAppInstanceGroup.NotFound' })
    expect(results[3]?.failure).toBeUndefined()
    expect(lines.some((line) => line.startsWith(`warning: ${fleetGroupId(UNKNOWN)}: no delivery group`))).toBe(true)
  })

  it('fails every group with the error when the region cannot be listed, and approves nothing', async () => {
    const error = apiError({ operation: 'ListAppInstanceGroup', code: 'Forbidden.RAM', httpStatus: 403 })
    const api = mixed({ failPage: { page: 1, error } })
    const { results } = await schedule(api)
    expect(api.count('ApproveOtaTask')).toBe(0)
    expect(results.map((r) => [r.status, r.code])).toEqual(IDS.map(() => ['failed', 'Forbidden.RAM']))
    expect(results[0]?.failure).toMatch(/^failed to list the delivery groups of cn-hangzhou: Forbidden\.RAM/)
  })

  it('keeps approving the other groups when one approval fails', async () => {
    const api = mixed({
      approve: (request) => {
        if (request.AppInstanceGroupId === fleetGroupId(PENDING))
          throw apiError({ operation: 'ApproveOtaTask', code: 'Forbidden.RAM', httpStatus: 403 })
        return { RequestId: '', Code: 'success' }
      }
    })
    const { results } = await schedule(api)
    expect(results.map((r) => r.status)).toEqual(['failed', 'approved', 'skipped', 'failed'])
    expect(results[0]?.failure).toContain(
      `failed to approve OTA task ${fleetTaskId(PENDING)} of group ${fleetGroupId(PENDING)}: Forbidden.RAM`
    )
  })

  it('never has more approvals under way than concurrency allows', async () => {
    const ids = Array.from({ length: 12 }, (_, n) => fleetGroupId(n))
    let running = 0
    let most = 0
    const base = fleetApi({ groups: ids.map((_, n) => fleetGroup(n)) })
    const api = {
      ...base,
      approveOtaTask: async (request: Parameters<typeof base.approveOtaTask>[0]) => {
        running++
        most = Math.max(most, running)
        await new Promise((resolve) => setImmediate(resolve))
        running--
        return base.approveOtaTask(request)
      }
    }
    const { results } = await schedule(api as typeof base, { appInstanceGroupIds: ids, concurrency: 3 })
    expect(results.every((r) => r.status === 'approved')).toBe(true)
    expect(most).toBe(3)
  })
})
