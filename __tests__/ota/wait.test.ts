import { describe, expect, it } from '@jest/globals'
import type { ListOtaTaskRequest, OtaTaskRecord, TaskDisplayStatus } from '../../src/common/api.js'
import { Deadline } from '../../src/common/deadline.js'
import type { OtaResult } from '../../src/ota/run.js'
import { createRun } from '../../src/ota/run.js'
import { parseStartTime } from '../../src/inputs/start-time.js'
import { waitForTasks, type WaitTarget } from '../../src/ota/wait.js'
import { apiError, fakeClock, recordingLogger } from '../../__fixtures__/fake-api.js'
import { fleetApi, task } from '../../__fixtures__/fleet-api.js'

const NOW = Date.parse('2026-06-15T12:00:00Z')
const GROUP = 'aig-waitgroup1'
const TASK = 'ota-waittask01'

const INPUTS = {
  appInstanceGroupId: GROUP,
  bizRegionId: 'cn-hangzhou',
  startTime: parseStartTime('now', new Date(NOW)),
  otaType: 'Fota' as const,
  taskId: '',
  ifNoUpdate: 'skip' as const,
  failOnError: true,
  maxAttempts: 2
}

const APPROVED: OtaResult = {
  status: 'approved',
  approved: true,
  code: 'success',
  message: '',
  requestId: 'RID-APPROVE',
  appInstanceGroupId: GROUP,
  appInstanceGroupName: 'waiting',
  bizRegionId: 'cn-hangzhou',
  otaType: 'Fota',
  taskId: TASK,
  otaVersion: '1.0.0',
  newOtaVersion: '1.1.0',
  startTime: INPUTS.startTime.text,
  calls: [{ operation: 'ApproveOtaTask', requestId: 'RID-APPROVE', code: 'success' }]
}

/** Statuses the task shows, poll by poll (the last one repeats); an Error fails that poll. */
type Script = (TaskDisplayStatus | 'missing' | Error)[]

async function wait(
  script: Script,
  options: {
    start?: string
    limitMinutes?: number
    result?: OtaResult
    taskId?: string
    failOnError?: boolean
    tasks?: (n: number) => OtaTaskRecord[]
  } = {}
) {
  const clock = fakeClock(NOW)
  const logger = recordingLogger()
  let polls = 0
  const api = fleetApi({
    groups: [],
    tasks: (_request: ListOtaTaskRequest) => {
      const step = script[Math.min(polls, script.length - 1)]
      polls++
      if (options.tasks) return options.tasks(polls)
      if (step instanceof Error) throw step
      return step === 'missing' || step === undefined ? [] : [task(TASK, step)]
    }
  })
  const limit = options.limitMinutes ?? 60
  const deadline = new Deadline(clock.now() + limit * 60_000, clock.now, `wait-timeout-minutes: ${limit}`)
  const startTime = parseStartTime(options.start ?? 'now', new Date(NOW))
  const deps = { logger, sleep: clock.sleep, random: () => 0, deadline }
  const result = options.result ?? APPROVED
  const run = createRun(api, { ...INPUTS, failOnError: options.failOnError ?? true }, deps, { calls: result.calls })
  const target: WaitTarget = { run, result, taskId: options.taskId ?? result.taskId }
  const [waited] = await waitForTasks([target], {
    logger,
    now: clock.now,
    sleep: clock.sleep,
    schedule: { firstMs: 5000, capMs: 60_000 },
    concurrency: 5,
    deadline,
    startTime
  })
  return { result: waited as OtaResult, lines: logger.lines, slept: clock.slept, api, elapsed: clock.now() - NOW }
}

describe('waitForTasks', () => {
  it('polls through STANDBY and RUNNING to FINISHED, with waits rising from 5 s', async () => {
    const { result, lines, slept } = await wait(['STANDBY', 'RUNNING', 'RUNNING', 'RUNNING', 'FINISHED'])
    expect(slept).toEqual([5000, 10_000, 20_000, 40_000])
    expect(lines).toEqual([
      `group ${GROUP} task ${TASK}: STANDBY after 0s`,
      `group ${GROUP} task ${TASK}: RUNNING after 5s`,
      `group ${GROUP} task ${TASK}: RUNNING after 15s`,
      `group ${GROUP} task ${TASK}: RUNNING after 35s`,
      `group ${GROUP} task ${TASK}: FINISHED after 1m15s`
    ])
    expect(result).toMatchObject({
      status: 'approved',
      code: 'success',
      taskStatus: 'FINISHED',
      requestId: 'RID-APPROVE',
      taskId: TASK
    })
    expect(result.failure).toBeUndefined()
  })

  it('never waits more than a minute between polls', async () => {
    const { slept } = await wait([...Array<TaskDisplayStatus>(9).fill('RUNNING'), 'FINISHED'])
    expect(Math.max(...slept)).toBe(60_000)
    expect(slept.slice(-3)).toEqual([60_000, 60_000, 60_000])
  })

  it('keeps only the latest poll among the calls of the result', async () => {
    const { result } = await wait(['RUNNING', 'RUNNING', 'FINISHED'])
    expect(result.calls.map((c) => [c.operation, c.requestId])).toEqual([
      ['ApproveOtaTask', 'RID-APPROVE'],
      ['ListOtaTask', 'RID-ListOtaTask-3']
    ])
  })

  it('succeeds on PART_FINISHED with a warning that names group and task', async () => {
    const { result, lines } = await wait(['RUNNING', 'PART_FINISHED'])
    expect(result).toMatchObject({ status: 'approved', taskStatus: 'PART_FINISHED' })
    expect(result.failure).toBeUndefined()
    expect(lines).toContain(
      `warning: OTA task ${TASK} of group ${GROUP} ended PART_FINISHED after 5s: the update is reported successful, but check that every instance of the group was updated`
    )
  })

  it.each([
    ['FAILED', 'TaskFailed'],
    ['TERMINATED', 'TaskTerminated']
  ] as const)('fails the group when the task ends %s, naming group and task', async (status, code) => {
    const { result } = await wait(['RUNNING', status])
    expect(result).toMatchObject({
      status: 'failed',
      code,
      taskStatus: status,
      approved: true,
      message: `OTA task ${TASK} of group ${GROUP} ended ${status} after 5s`
    })
    expect(result.failure).toBe(
      `OTA task ${TASK} of group ${GROUP} ended ${status} after 5s (ListOtaTask request id RID-ListOtaTask-2): the update did not complete`
    )
  })

  it('fails the group with WaitTimeout when the task is still running at the time limit, after a last look', async () => {
    const { result, lines, elapsed } = await wait(['RUNNING'], { limitMinutes: 2 })
    expect(result).toMatchObject({ status: 'failed', code: 'WaitTimeout', taskStatus: 'RUNNING' })
    expect(result.failure).toBe(
      `OTA task ${TASK} of group ${GROUP} is still RUNNING after 1m59s, and the wait's time limit (wait-timeout-minutes: 2) passed; ` +
        'the update goes on without the step: check the group'
    )
    expect(elapsed).toBe(119_000)
    expect(lines.at(-1)).toBe(`group ${GROUP} task ${TASK}: RUNNING after 1m59s`)
  })

  it('says the task was never listed when it did not appear before the time limit', async () => {
    const { result, lines } = await wait(['missing'], { limitMinutes: 0.5 })
    expect(result).toMatchObject({ code: 'WaitTimeout', taskStatus: '' })
    expect(result.message).toContain('was not listed by ListOtaTask')
    expect(lines[0]).toBe(`group ${GROUP} task ${TASK}: not listed yet after 0s`)
  })

  it('waits until a future start time before the first poll, and says how long', async () => {
    const { lines, slept } = await wait(['RUNNING', 'FINISHED'], { start: '+30m' })
    expect(lines[0]).toBe(`the update starts at 2026-06-15T12:30:00+00:00: waiting 30m00s before the first poll`)
    expect(slept).toEqual([30 * 60_000, 5000])
    expect(lines.slice(1)).toEqual([
      `group ${GROUP} task ${TASK}: RUNNING after 0s`,
      `group ${GROUP} task ${TASK}: FINISHED after 5s`
    ])
  })

  it('polls again in the next round after a poll that failed on a server error (throttling is retried within the round)', async () => {
    const unavailable = apiError({ operation: 'ListOtaTask', code: 'ServiceUnavailable', httpStatus: 503 })
    const { result, lines } = await wait(['RUNNING', unavailable, unavailable, 'FINISHED'])
    expect(result).toMatchObject({ status: 'approved', taskStatus: 'FINISHED' })
    expect(
      lines.some(
        (line) => line.startsWith('ListOtaTask failed: ServiceUnavailable') && line.endsWith('polling again in the next round')
      )
    ).toBe(true)
  })

  it('fails the group on an error that a retry cannot mend, naming the task', async () => {
    const { result } = await wait(['RUNNING', apiError({ operation: 'ListOtaTask', code: 'Forbidden.RAM', httpStatus: 403 })])
    expect(result).toMatchObject({
      status: 'failed',
      code: 'Forbidden.RAM',
      requestId: 'RID-Forbidden.RAM',
      taskStatus: 'RUNNING'
    })
    expect(result.failure).toMatch(new RegExp(`^failed to follow OTA task ${TASK} of group ${GROUP}: Forbidden.RAM`))
  })

  it('only warns about a failed update under fail-on-error: false', async () => {
    const { result, lines } = await wait(['FAILED'], { failOnError: false })
    expect(result).toMatchObject({ status: 'failed', code: 'TaskFailed' })
    expect(result.failure).toBeUndefined()
    expect(lines.at(-1)).toMatch(/^warning: OTA task .* ended FAILED after 0s .*\(fail-on-error is false, so the step goes on\)$/)
  })

  it('waits on through an undocumented status (PAUSED), noting it once, until the task ends', async () => {
    const { result, lines } = await wait(['RUNNING', 'PAUSED', 'PAUSED', 'FINISHED'])
    expect(result).toMatchObject({ status: 'approved', taskStatus: 'FINISHED' })
    expect(lines).toEqual([
      `group ${GROUP} task ${TASK}: RUNNING after 0s`,
      `group ${GROUP} task ${TASK}: PAUSED (not a documented status: taken as under way, not final) after 5s`,
      `group ${GROUP} task ${TASK}: PAUSED after 15s`,
      `group ${GROUP} task ${TASK}: FINISHED after 35s`
    ])
  })

  it('times out on a task that stays PAUSED, saying so', async () => {
    const { result } = await wait(['PAUSED'], { limitMinutes: 2 })
    expect(result).toMatchObject({ status: 'failed', code: 'WaitTimeout', taskStatus: 'PAUSED', approved: true })
    expect(result.message).toContain(`OTA task ${TASK} of group ${GROUP} is still PAUSED after`)
  })

  it('finds the approved task on page 2 of ListOtaTask', async () => {
    const others = Array.from({ length: 100 }, (_, n) => task(`ota-newer${String(n).padStart(5, '0')}`, 'FINISHED'))
    const { result, lines, api } = await wait([], { tasks: () => [...others, task(TASK, 'FINISHED')] })
    expect(api.calls.map((c) => c.request.PageNumber)).toEqual([1, 2])
    expect(result).toMatchObject({ status: 'approved', taskStatus: 'FINISHED' })
    expect(result.calls.at(-1)).toEqual({ operation: 'ListOtaTask', requestId: 'RID-ListOtaTask-2', code: '' })
    expect(lines).toEqual([
      `task ${TASK} is not on page 1 of ListOtaTask (101 tasks): reading page 2`,
      `group ${GROUP} task ${TASK}: FINISHED after 0s`
    ])
  })

  it('reads only page 1 when the task is there, however many tasks the group has', async () => {
    const older = Array.from({ length: 400 }, (_, n) => task(`ota-older${String(n).padStart(5, '0')}`, 'FINISHED'))
    const { api } = await wait([], { tasks: () => [task(TASK, 'FINISHED'), ...older] })
    expect(api.calls.map((c) => c.request.PageNumber)).toEqual([1])
  })

  it('follows the task already under way for a group whose update was running', async () => {
    const unchanged: OtaResult = {
      ...APPROVED,
      status: 'unchanged',
      approved: false,
      code: 'OtaTask.Running',
      taskId: 'ota-rotated0001'
    }
    const { result } = await wait([], {
      result: unchanged,
      taskId: '',
      tasks: (n) => [task('ota-running0001', n < 2 ? 'RUNNING' : 'FINISHED'), task('ota-earlier001', 'FINISHED', '1.0.0')]
    })
    expect(result).toMatchObject({ status: 'unchanged', taskId: 'ota-running0001', taskStatus: 'FINISHED' })
  })
})
