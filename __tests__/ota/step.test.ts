import { describe, expect, it } from '@jest/globals'
import type { ListOtaTaskRequest } from '../../src/common/api.js'
import { Deadline } from '../../src/common/deadline.js'
import { parseStartTime } from '../../src/inputs/start-time.js'
import { runStep, type StepInputs } from '../../src/ota/step.js'
import { fakeClock, recordingLogger } from '../../__fixtures__/fake-api.js'
import { fleetApi, fleetGroup, fleetGroupId, fleetTaskId, task, type FleetApiScript } from '../../__fixtures__/fleet-api.js'

const NOW = Date.parse('2026-06-15T12:00:00Z')

function inputs(ids: string[], overrides: Partial<StepInputs> = {}): StepInputs {
  return {
    appInstanceGroupId: ids[0] as string,
    appInstanceGroupIds: ids,
    bizRegionId: 'cn-hangzhou',
    startTime: parseStartTime('now', new Date(NOW)),
    otaType: 'Fota',
    taskId: '',
    ifNoUpdate: 'skip',
    failOnError: true,
    maxAttempts: 3,
    concurrency: 5,
    dryRun: false,
    wait: false,
    waitTimeoutMinutes: 60,
    ...overrides
  }
}

/** Tasks finish on the second poll of each group. */
function finishing(): FleetApiScript['tasks'] {
  const polls = new Map<string, number>()
  return (request: ListOtaTaskRequest) => {
    const n = (polls.get(request.AppInstanceGroupId) ?? 0) + 1
    polls.set(request.AppInstanceGroupId, n)
    const index = Number(request.AppInstanceGroupId.slice(-4))
    return [task(fleetTaskId(index), n < 2 ? 'RUNNING' : 'FINISHED')]
  }
}

async function step(api: ReturnType<typeof fleetApi>, given: StepInputs) {
  const clock = fakeClock(NOW)
  const logger = recordingLogger()
  const deadlines: Deadline[] = []
  const deadline = new Deadline(NOW + 10 * 60_000, clock.now, 'timeout-minutes: 10')
  const outcome = await runStep(api, given, {
    logger,
    deadline,
    sleep: clock.sleep,
    random: () => 0,
    now: clock.now,
    poll: { firstMs: 5000, capMs: 60_000 },
    enterWait: (d) => deadlines.push(d)
  })
  return { outcome, lines: logger.lines, deadlines, api }
}

describe('runStep', () => {
  it('handles one group as before: the filtered lookup, then the approval', async () => {
    const api = fleetApi({ groups: [fleetGroup(0), fleetGroup(1)] })
    const { outcome } = await step(api, inputs([fleetGroupId(0)]))
    expect(api.calls.map((c) => [c.operation, c.request.AppInstanceGroupId])).toEqual([
      ['ListAppInstanceGroup', fleetGroupId(0)],
      ['ApproveOtaTask', fleetGroupId(0)]
    ])
    expect(outcome).toMatchObject({ single: true, code: 'success' })
    expect(outcome.results[0]?.taskStatus).toBeUndefined()
  })

  it('reads a fleet with one unfiltered pass and reports it as a whole', async () => {
    const api = fleetApi({ groups: [fleetGroup(0), fleetGroup(1)] })
    const { outcome } = await step(api, inputs([fleetGroupId(0), fleetGroupId(1)]))
    expect(api.calls[0]?.request).toEqual({ ProductType: 'CloudApp', BizRegionId: 'cn-hangzhou', PageNumber: 1, PageSize: 100 })
    expect(outcome).toMatchObject({ single: false, code: 'success', message: '2 delivery groups: 2 approved' })
  })

  it('waits for one approved group under its own time limit and reports the task status', async () => {
    const api = fleetApi({ groups: [fleetGroup(0)], tasks: finishing() })
    const { outcome, lines, deadlines } = await step(api, inputs([fleetGroupId(0)], { wait: true, waitTimeoutMinutes: 30 }))
    expect(outcome.results[0]).toMatchObject({ status: 'approved', taskStatus: 'FINISHED' })
    expect(deadlines.map((d) => [d.label, d.atMs - NOW])).toEqual([['wait-timeout-minutes: 30', 30 * 60_000]])
    expect(lines).toContain(`## Wait for OTA task ${fleetTaskId(0)} of group ${fleetGroupId(0)} (at most 30 min)`)
    expect(lines).toContain(`group ${fleetGroupId(0)} task ${fleetTaskId(0)}: FINISHED after 5s`)
  })

  it('waits for every approved group of a fleet and leaves the others alone', async () => {
    const api = fleetApi({ groups: [fleetGroup(0), fleetGroup(1), fleetGroup(2, { pending: false })], tasks: finishing() })
    const { outcome } = await step(api, inputs([0, 1, 2].map(fleetGroupId), { wait: true }))
    expect(outcome.results.map((r) => [r.status, r.taskStatus])).toEqual([
      ['approved', 'FINISHED'],
      ['approved', 'FINISHED'],
      ['skipped', undefined]
    ])
    expect(api.calls.filter((c) => c.operation === 'ListOtaTask').map((c) => c.request.AppInstanceGroupId)).toEqual(
      [0, 1, 0, 1].map(fleetGroupId)
    )
  })

  it('names each failed group in a last log group', async () => {
    const api = fleetApi({ groups: [fleetGroup(0)] })
    const { outcome, lines } = await step(api, inputs([fleetGroupId(0), fleetGroupId(5)]))
    expect(outcome.failure).toBe(`1 of 2 delivery groups failed: ${fleetGroupId(5)} (InvalidAppInstanceGroup.NotFound)`)
    const last = lines.slice(lines.indexOf('## 1 of 2 delivery groups failed'))
    expect(last[1]).toMatch(new RegExp(`^${fleetGroupId(5)}: no delivery group ${fleetGroupId(5)} in region cn-hangzhou`))
  })

  it('does not wait in a dry run, and says why', async () => {
    const api = fleetApi({ groups: [fleetGroup(0)] })
    const { outcome, lines, deadlines } = await step(api, inputs([fleetGroupId(0)], { wait: true, dryRun: true }))
    expect(outcome).toMatchObject({ code: 'DryRun' })
    // The dry run reads the group's tasks once (to see an update already under way) and never polls.
    expect(api.count('ApproveOtaTask')).toBe(0)
    expect(api.count('ListOtaTask')).toBe(1)
    expect(deadlines).toEqual([])
    expect(lines).toContain('wait: a dry run approves nothing, so there is nothing to wait for')
  })

  it('does not wait when nothing was approved', async () => {
    const api = fleetApi({ groups: [fleetGroup(0, { pending: false })] })
    const { lines } = await step(api, inputs([fleetGroupId(0)], { wait: true }))
    expect(api.count('ListOtaTask')).toBe(0)
    expect(lines).toContain('wait: no task was approved or is under way, so there is nothing to wait for')
  })
})
