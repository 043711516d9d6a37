/**
 * Safe approval through scheduleOta with a scripted API: which calls follow each kind of failed approval, and what
 * the step reports. The end-to-end fault matrix (e2e-faults.test.ts) proves the same against the emulator.
 */
import { describe, expect, it } from '@jest/globals'
import type { ApproveOtaTaskResponse, ListAppInstanceGroupResponse, ListOtaTaskResponse } from '../../src/common/api.js'
import { Deadline } from '../../src/common/deadline.js'
import { type ApiError } from '../../src/common/errors.js'
import type { OtaResult, ScheduleInputs } from '../../src/ota/run.js'
import {
  apiError,
  failure,
  fakeApi,
  fakeClock,
  recordingLogger,
  SCHEDULE_START,
  scheduleInputs,
  scheduleOne,
  type Scripted
} from '../../__fixtures__/fake-api.js'
import {
  APPROVED,
  GROUP_ID,
  listAnswer,
  NEWER_GROUP,
  PENDING_GROUP,
  ROTATED_GROUP,
  ROTATED_TASK_ID,
  standby,
  TASK_ID,
  taskList,
  UP_TO_DATE_GROUP
} from '../../__fixtures__/groups.js'

const START = SCHEDULE_START
const INPUTS = scheduleInputs(3)

const dropped = failure({ operation: 'ApproveOtaTask', kind: 'network', code: 'ECONNRESET' })
const timedOut = failure({ operation: 'ApproveOtaTask', kind: 'timeout', code: 'RequestTimeout' })
const html503 = failure({
  operation: 'ApproveOtaTask',
  kind: 'invalid-response',
  code: 'InvalidResponse',
  httpStatus: 503,
  requestId: 'RID-HTML'
})
const garbage200 = failure({ operation: 'ApproveOtaTask', kind: 'invalid-response', code: 'InvalidResponse', httpStatus: 200 })
const error500 = apiError({ operation: 'ApproveOtaTask', code: 'InternalError', httpStatus: 500 })
const throttled = apiError({ operation: 'ApproveOtaTask', code: 'Throttling.User' })
const stale = apiError({ operation: 'ApproveOtaTask', code: 'InvalidParameter.TaskId' })
const pending = (id = 'RID-READ') => listAnswer([PENDING_GROUP], id)
const rotated = (id = 'RID-READ') => listAnswer([ROTATED_GROUP], id)

interface Script {
  list?: Scripted<ListAppInstanceGroupResponse>[]
  approve?: Scripted<ApproveOtaTaskResponse>[]
  tasks?: Scripted<ListOtaTaskResponse>[]
}

async function schedule(script: Script, inputs: Partial<ScheduleInputs> = {}, deadline?: Deadline) {
  const api = fakeApi(script)
  const logger = recordingLogger()
  const clock = fakeClock()
  const result = await scheduleOne(
    api,
    { ...INPUTS, ...inputs },
    { logger, sleep: clock.sleep, random: () => 0.5, ...(deadline ? { deadline } : {}) }
  )
  const sequence = api.calls.map((c) => c.operation.replace(/[a-z]/g, ''))
  const approvedTasks = api.calls
    .filter((c) => c.operation === 'ApproveOtaTask')
    .map((c) => (c.request as { TaskId: string }).TaskId)
  return { result, lines: logger.lines, slept: clock.slept, sequence, approvedTasks }
}

const approved = (requestId: string, message: string | RegExp = ''): Partial<Record<keyof OtaResult, unknown>> => ({
  status: 'approved',
  approved: true,
  code: 'success',
  requestId,
  message: typeof message === 'string' ? message : expect.stringMatching(message),
  taskId: TASK_ID
})

describe('safe approval', () => {
  it.each<{
    name: string
    script: Script
    sequence: string[]
    approvedTasks: string[]
    expected: Partial<Record<keyof OtaResult, unknown>>
  }>([
    {
      name: 'a throttled approval is retried directly, without reading back',
      script: { list: [pending('RID-LIST')], approve: [throttled, throttled, APPROVED] },
      sequence: ['LAIG', 'AOT', 'AOT', 'AOT'],
      approvedTasks: [TASK_ID, TASK_ID, TASK_ID],
      expected: approved('RID-APPROVE')
    },
    ...[
      ['a dropped connection', dropped],
      ['a timeout', timedOut],
      ['an HTML 503', html503],
      ['a 500 answer', error500]
    ].map(([what, error]) => ({
      name: `${what as string} with the same task still pending leads to one read-back, then the same task again`,
      script: { list: [pending('RID-LIST'), pending()], approve: [error as ApiError, APPROVED] },
      sequence: ['LAIG', 'AOT', 'LAIG', 'AOT'],
      approvedTasks: [TASK_ID, TASK_ID],
      expected: approved('RID-APPROVE')
    })),
    {
      name: 'a dropped approval whose task moved on is confirmed by the read-back, with its request id',
      script: { list: [pending('RID-LIST'), rotated('RID-READBACK')], approve: [dropped] },
      sequence: ['LAIG', 'AOT', 'LAIG'],
      approvedTasks: [TASK_ID],
      expected: approved(
        'RID-READBACK',
        `approval confirmed by reading back: the group's pending task moved on from ${TASK_ID} to ${ROTATED_TASK_ID} (version 1.1.0)`
      )
    },
    {
      name: 'a timed-out approval of an update that already finished is confirmed',
      script: { list: [pending('RID-LIST'), listAnswer([UP_TO_DATE_GROUP], 'RID-READBACK')], approve: [timedOut] },
      sequence: ['LAIG', 'AOT', 'LAIG'],
      approvedTasks: [TASK_ID],
      expected: approved('RID-READBACK', /the group already runs version 1\.1\.0$/)
    },
    {
      name: 'a dropped approval while a newer version appeared is confirmed by ListOtaTask',
      script: {
        list: [pending('RID-LIST'), listAnswer([NEWER_GROUP])],
        approve: [dropped],
        tasks: [taskList([standby()], 'RID-TASKS')]
      },
      sequence: ['LAIG', 'AOT', 'LAIG', 'LOT'],
      approvedTasks: [TASK_ID],
      expected: approved('RID-TASKS', `approval confirmed by reading back: ListOtaTask shows task ${TASK_ID} as STANDBY`)
    },
    {
      name: 'a stale TaskId after an unknown outcome is our own late approval: read back, confirmed',
      script: { list: [pending('RID-LIST'), pending(), rotated('RID-READBACK2')], approve: [dropped, stale] },
      sequence: ['LAIG', 'AOT', 'LAIG', 'AOT', 'LAIG'],
      approvedTasks: [TASK_ID, TASK_ID],
      expected: approved('RID-READBACK2', /moved on/)
    },
    {
      name: 'a stale TaskId (someone else approved) leads to one fresh lookup and the new task of the same version',
      script: { list: [pending('RID-LIST'), rotated()], approve: [stale, APPROVED] },
      sequence: ['LAIG', 'AOT', 'LAIG', 'AOT'],
      approvedTasks: [TASK_ID, ROTATED_TASK_ID],
      expected: { ...approved('RID-APPROVE'), taskId: ROTATED_TASK_ID }
    }
  ])('$name', async ({ script, sequence, approvedTasks, expected }) => {
    const run = await schedule(script)
    expect(run.sequence).toEqual(sequence)
    expect(run.approvedTasks).toEqual(approvedTasks)
    expect(run.result).toMatchObject(expected)
    expect(run.result.failure).toBeUndefined()
  })

  it('logs the read-back and the retry with the operation, code, attempt and wait', async () => {
    const { lines, slept } = await schedule({ list: [pending('RID-LIST'), pending('RID-READ')], approve: [dropped, APPROVED] })
    expect(lines).toContain(
      `the outcome of approving task ${TASK_ID} is unknown (ECONNRESET): reading the group back before anything else`
    )
    expect(lines).toContain(
      'ApproveOtaTask failed with ECONNRESET (request id none): attempt 1 of 3; approving the same task again in 500 ms'
    )
    expect(lines).toContain(`approving task ${TASK_ID} (Fota) of group ${GROUP_ID} to start at ${START} (attempt 2 of 3)`)
    expect(slept).toEqual([500])
  })

  it('fails after the last attempt, saying the read-back found the task still pending', async () => {
    const { result, sequence } = await schedule({
      list: [pending('RID-LIST'), pending('R1'), pending('R2'), pending('R3')],
      approve: [dropped, dropped, dropped]
    })
    expect(sequence).toEqual(['LAIG', 'AOT', 'LAIG', 'AOT', 'LAIG', 'AOT', 'LAIG'])
    expect(result).toMatchObject({ status: 'failed', approved: false, code: 'ECONNRESET' })
    expect(result.failure).toMatch(
      new RegExp(
        `^failed to approve OTA task ${TASK_ID} of group ${GROUP_ID}: ECONNRESET: .*; gave up after 3 attempts; read back \\(request id R3\\): task ${TASK_ID} is still pending, so it was not approved$`
      )
    )
  })

  it('does not approve again after a broken 200 answer, but tells what the read-back found', async () => {
    const { result, sequence } = await schedule({ list: [pending('RID-LIST'), pending('RID-READ')], approve: [garbage200] })
    expect(sequence).toEqual(['LAIG', 'AOT', 'LAIG'])
    expect(result.failure).toMatch(
      /InvalidResponse: .*; read back \(request id RID-READ\): task .* is still pending, so it was not approved$/
    )
  })

  it('fails when the read-back shows neither the task nor its version, approving nothing more', async () => {
    const { result, sequence } = await schedule({
      list: [pending('RID-LIST'), listAnswer([NEWER_GROUP])],
      approve: [dropped],
      tasks: [taskList([], 'RID-TASKS')]
    })
    expect(sequence).toEqual(['LAIG', 'AOT', 'LAIG', 'LOT'])
    expect(result).toMatchObject({ status: 'failed', approved: false, code: 'ECONNRESET' })
    expect(result.failure).toMatch(
      /read back \(request id RID-TASKS\): ListOtaTask does not show task .*, and the group's pending task is ota-newer00000000001 \(version 1\.2\.0\), so it was not approved$/
    )
  })

  it('approves nothing when the stale task was replaced by another version', async () => {
    const { result, sequence } = await schedule({
      list: [pending('RID-LIST'), listAnswer([NEWER_GROUP], 'RID-AGAIN')],
      approve: [stale]
    })
    expect(sequence).toEqual(['LAIG', 'AOT', 'LAIG'])
    expect(result).toMatchObject({ status: 'failed', code: 'InvalidParameter.TaskId', approved: false })
    expect(result.failure).toMatch(
      /; looked up again \(request id RID-AGAIN\): its pending task is now ota-newer00000000001 for version 1\.2\.0, not 1\.1\.0, so nothing was approved$/
    )
  })

  it('approves nothing when the stale task left no pending update', async () => {
    const { result } = await schedule({
      list: [pending('RID-LIST'), listAnswer([UP_TO_DATE_GROUP], 'RID-AGAIN')],
      approve: [stale]
    })
    expect(result.failure).toMatch(/: it has no pending update now, so nothing was approved$/)
  })

  it('looks up a stale task only once', async () => {
    const { result, sequence } = await schedule({ list: [pending('RID-LIST'), rotated()], approve: [stale, stale] })
    expect(sequence).toEqual(['LAIG', 'AOT', 'LAIG', 'AOT'])
    expect(result).toMatchObject({ status: 'failed', code: 'InvalidParameter.TaskId', taskId: ROTATED_TASK_ID })
  })

  describe('with task-id given', () => {
    it('reads back group and task list after a dropped approval, and confirms from the list', async () => {
      const { result, sequence } = await schedule(
        { list: [rotated('RID-GROUP')], approve: [dropped], tasks: [taskList([standby()], 'RID-TASKS')] },
        { taskId: TASK_ID }
      )
      expect(sequence).toEqual(['AOT', 'LAIG', 'LOT'])
      expect(result).toMatchObject({
        status: 'approved',
        approved: true,
        requestId: 'RID-TASKS',
        message: expect.stringContaining('confirmed by reading back')
      })
    })

    it('approves the given task again when the read-back shows it still pending', async () => {
      const { sequence, approvedTasks, result } = await schedule(
        { list: [pending()], approve: [timedOut, APPROVED] },
        { taskId: TASK_ID }
      )
      expect(sequence).toEqual(['AOT', 'LAIG', 'AOT'])
      expect(approvedTasks).toEqual([TASK_ID, TASK_ID])
      expect(result.approved).toBe(true)
    })

    it('fails on a stale given task without looking anything up', async () => {
      const { sequence, result } = await schedule({ approve: [stale] }, { taskId: TASK_ID })
      expect(sequence).toEqual(['AOT'])
      expect(result).toMatchObject({ status: 'failed', code: 'InvalidParameter.TaskId' })
    })
  })

  describe('at the deadline', () => {
    it('fails as StepTimeout naming the outstanding approval, warning that it may have been applied', async () => {
      let now = 0
      const api = fakeApi({ list: [pending('RID-LIST')], approve: [timedOut] })
      const approve = api.approveOtaTask
      // The client cuts a call at the deadline: the approval is still outstanding when the time runs out.
      const cutAtDeadline = {
        ...api,
        approveOtaTask: (request: Parameters<typeof approve>[0]) => ((now = 61_000), approve(request))
      }
      const deadline = new Deadline(60_000, () => now, 'timeout-minutes: 1')
      const result = await scheduleOne(cutAtDeadline, INPUTS, { logger: recordingLogger(), sleep: fakeClock().sleep, deadline })
      expect(api.calls.map((c) => c.operation)).toEqual(['ListAppInstanceGroup', 'ApproveOtaTask'])
      expect(result).toMatchObject({ status: 'failed', code: 'StepTimeout', approved: false })
      expect(result.failure).toBe(
        `failed to approve OTA task ${TASK_ID} of group ${GROUP_ID}: StepTimeout: the step's time limit (timeout-minutes: 1) ` +
          'passed while ApproveOtaTask attempt 1 of 3 was outstanding; the task may have been scheduled anyway: check the group before running the step again'
      )
    })

    it('fails as StepTimeout without any call when the lookup could not start in time', async () => {
      const api = fakeApi({})
      const deadline = new Deadline(0, () => 1, 'timeout-minutes: 0.1')
      const result = await scheduleOne(api, INPUTS, { logger: recordingLogger(), deadline })
      expect(api.calls).toEqual([])
      expect(result).toMatchObject({ status: 'failed', code: 'StepTimeout' })
      expect(result.failure).toContain('leaves no time for ListAppInstanceGroup attempt 1 of 3')
    })
  })
})
