/**
 * Throttling, integrated: one group through the scripted fake API and fake clock (throttled approvals are approved
 * again with the same TaskId, past max-attempts, until the deadline is near), and whole steps (runStep) over a fleet
 * under a 10 requests/s limit in virtual time, with the default settings: the step's shared limiter slows the calls
 * down, and no group gives up.
 */
import { describe, expect, it } from '@jest/globals'
import { Deadline } from '../../src/common/deadline.js'
import { DEFAULT_BACKOFF, OPEN } from '../../src/common/retry.js'
import { parseStartTime } from '../../src/inputs/start-time.js'
import { runStep, type StepDeps, type StepInputs } from '../../src/ota/step.js'
import { apiError, fakeApi, fakeClock, recordingLogger, scheduleInputs, scheduleOne } from '../../__fixtures__/fake-api.js'
import { fleetGroupId } from '../../__fixtures__/fleet-api.js'
import { APPROVED, listAnswer, PENDING_GROUP, TASK_ID } from '../../__fixtures__/groups.js'
import { limitedApi, seededRandom, virtualClock, type LimitedApi } from '../../__fixtures__/limited-api.js'

const NOW = Date.parse('2026-06-15T12:00:00Z')
const throttled = apiError({ operation: 'ApproveOtaTask', code: 'Throttling.User', retryAfterMs: 300 })

async function approveOne(approve: (typeof APPROVED | typeof throttled)[], minutes = 10) {
  const api = fakeApi({ list: [listAnswer([PENDING_GROUP])], approve })
  const logger = recordingLogger()
  const clock = fakeClock(NOW)
  const deadline = new Deadline(NOW + minutes * 60_000, clock.now, `timeout-minutes: ${minutes}`)
  const result = await scheduleOne(api, scheduleInputs(3), { logger, sleep: clock.sleep, random: () => 0.5, deadline })
  const operations = api.calls.map((c) => c.operation)
  const approvedTasks = api.calls.flatMap((c) =>
    c.operation === 'ApproveOtaTask' ? [(c.request as { TaskId: string }).TaskId] : []
  )
  return { result, lines: logger.lines, slept: clock.slept, operations, approvedTasks }
}

describe('one group under throttling', () => {
  it('approves the same task again after each throttled answer, past max-attempts, and never reads back', async () => {
    const { result, slept, operations, approvedTasks, lines } = await approveOne([...Array(5).fill(throttled), APPROVED])
    expect(result).toMatchObject({ status: 'approved', approved: true, requestId: 'RID-APPROVE', taskId: TASK_ID })
    expect(operations).toEqual(['ListAppInstanceGroup', ...Array(6).fill('ApproveOtaTask')])
    expect(approvedTasks).toEqual(Array(6).fill(TASK_ID))
    // x-acs-retry-after (300 ms) plus half of the doubled, growing ceiling: 2, 4, 8, 16, 20 s.
    expect(slept).toEqual([1300, 2300, 4300, 8300, 10_300])
    expect(lines).toContain(
      'ApproveOtaTask failed with Throttling.User (request id RID-Throttling.User): throttled 5 times ' +
        '(not counted against max-attempts 3); retrying in 10.3 s'
    )
    expect(lines.at(-3)).toMatch(/\(attempt 6 \(after 5 throttled, which max-attempts 3 does not count\)\)$/)
  })

  it('gives an approval that stays throttled up only when the next wait would end past the deadline, approved by nobody', async () => {
    const { result, slept } = await approveOne(Array(40).fill(throttled), 1)
    expect(result).toMatchObject({ status: 'failed', approved: false, code: 'StepTimeout' })
    expect(slept.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThan(45_000)
    // Throttled means not applied: nothing may have been scheduled, so the message does not say it might have.
    expect(result.failure).toBe(
      `failed to approve OTA task ${TASK_ID} of group ${PENDING_GROUP.AppInstanceGroupId}: StepTimeout: the step's time ` +
        `limit (timeout-minutes: 1) leaves no time for ApproveOtaTask attempt ${slept.length + 2} (after ${slept.length + 1} ` +
        'throttled, which max-attempts 3 does not count) after Throttling.User (request id RID-Throttling.User)'
    )
  })
})

const GROUPS = 250

function fleetInputs(): StepInputs {
  const ids = Array.from({ length: GROUPS }, (_, n) => fleetGroupId(n))
  return {
    appInstanceGroupId: ids[0] as string,
    appInstanceGroupIds: ids,
    bizRegionId: 'cn-hangzhou',
    startTime: parseStartTime('+1h', new Date(NOW)),
    otaType: 'Fota',
    taskId: '',
    ifNoUpdate: 'skip',
    failOnError: true,
    // action.yml's defaults: max-attempts 5, timeout-minutes 10; concurrency at its most, 50.
    maxAttempts: 5,
    concurrency: 50,
    dryRun: false,
    wait: false,
    waitTimeoutMinutes: 60
  }
}

/** fleets runs `count` steps over the same groups at once against `perSecond`, in virtual time. */
async function fleets(count: number, options: { perSecond?: number; minutes?: number; gate?: StepDeps['gate'] } = {}) {
  const clock = virtualClock(NOW)
  const api: LimitedApi = limitedApi(clock, GROUPS, options.perSecond ?? 10)
  const random = seededRandom(7)
  const cuts: string[] = []
  const logger = { ...recordingLogger(), info: (line: string) => void (line.includes('calls per second') && cuts.push(line)) }
  const minutes = options.minutes ?? 10
  const steps = Array.from({ length: count }, () =>
    runStep(api, fleetInputs(), {
      logger,
      deadline: new Deadline(NOW + minutes * 60_000, clock.now, `timeout-minutes: ${minutes}`),
      backoff: DEFAULT_BACKOFF,
      sleep: clock.sleep,
      random,
      now: clock.now,
      ...(options.gate ? { gate: options.gate } : {})
    })
  )
  const outcomes = await clock.run(Promise.all(steps))
  const statuses = outcomes.flatMap((o) => o.results.map((r) => r.status))
  const count_ = (status: string) => statuses.filter((s) => s === status).length
  const approvedOnce = Array.from({ length: GROUPS }, (_, n) => api.approvals(fleetGroupId(n))).every((a) => a === 1)
  return {
    api,
    outcomes,
    approved: count_('approved'),
    unchanged: count_('unchanged'),
    approvedOnce,
    cuts,
    seconds: (clock.now() - NOW) / 1000
  }
}

describe(`fleets of ${GROUPS} groups at concurrency 50 against 10 requests/s, default settings`, () => {
  it('approves every group exactly once in one step, slowing down instead of giving up', async () => {
    const run = await fleets(1)
    expect(run.outcomes[0]?.failure).toBeUndefined()
    expect(run.approved).toBe(GROUPS)
    expect(run.approvedOnce).toBe(true)
    expect(run.cuts.length).toBeGreaterThan(0)
    // 253 requests at 10/s need 25.3 s: the limiter stays within 1.5× that and wastes few requests.
    expect(run.seconds).toBeLessThan(38)
    expect(run.api.throttled()).toBeLessThan(GROUPS / 2)
  })

  it('sends far fewer throttled requests than the same step with a pass-through gate', async () => {
    const paced = await fleets(1)
    const unpaced = await fleets(1, { gate: { admit: async () => OPEN } })
    expect(unpaced.approved).toBe(GROUPS)
    expect(paced.api.throttled() * 3).toBeLessThan(unpaced.api.throttled())
  })

  it('approves each group exactly once across three steps at once, the others unchanged, within timeout-minutes', async () => {
    const run = await fleets(3)
    expect(run.outcomes.map((o) => o.failure)).toEqual([undefined, undefined, undefined])
    expect(run.approved).toBe(GROUPS)
    expect(run.unchanged).toBe(2 * GROUPS)
    expect(run.approvedOnce).toBe(true)
    expect(run.seconds).toBeLessThan(600)
  })

  it('gives groups up only as StepTimeout, when timeout-minutes is near, never approving one twice', async () => {
    const run = await fleets(1, { perSecond: 1, minutes: 1 })
    const results = run.outcomes[0]?.results ?? []
    const failedCodes = new Set(results.filter((r) => r.status === 'failed').map((r) => r.code))
    expect(run.approved).toBeGreaterThan(0)
    expect(run.approved).toBeLessThan(GROUPS)
    expect([...failedCodes]).toEqual(['StepTimeout'])
    expect(run.seconds).toBeLessThanOrEqual(60)
    expect(Array.from({ length: GROUPS }, (_, n) => run.api.approvals(fleetGroupId(n))).every((a) => a <= 1)).toBe(true)
  })
})
