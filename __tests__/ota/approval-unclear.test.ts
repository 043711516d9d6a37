/**
 * ApproveOtaTask answers that neither confirm nor refuse (no Code, or `success` in another case): the group is read
 * back, an applied approval is reported approved, one that was not applied fails, and none is ever sent twice.
 */
import { describe, expect, it } from '@jest/globals'
import type { ApproveOtaTaskResponse, ListAppInstanceGroupResponse, ListOtaTaskResponse } from '../../src/common/api.js'
import {
  apiError,
  fakeApi,
  fakeClock,
  recordingLogger,
  scheduleInputs,
  scheduleOne,
  type Scripted
} from '../../__fixtures__/fake-api.js'
import {
  GROUP_ID,
  listAnswer,
  NEWER_GROUP,
  PENDING_GROUP,
  ROTATED_GROUP,
  standby,
  TASK_ID,
  taskList
} from '../../__fixtures__/groups.js'

const UNCLEAR: Array<{ said: string; answer: ApproveOtaTaskResponse }> = [
  { said: 'without a Code', answer: { RequestId: 'RID-UNCLEAR' } },
  { said: 'with an empty Code', answer: { RequestId: 'RID-UNCLEAR', Code: '' } },
  { said: 'with Code Success', answer: { RequestId: 'RID-UNCLEAR', Code: 'Success' } },
  { said: 'with Code SUCCESS', answer: { RequestId: 'RID-UNCLEAR', Code: 'SUCCESS' } }
]

async function schedule(script: {
  list: Scripted<ListAppInstanceGroupResponse>[]
  approve: Scripted<ApproveOtaTaskResponse>[]
  tasks?: Scripted<ListOtaTaskResponse>[]
}) {
  const api = fakeApi(script)
  const logger = recordingLogger()
  const clock = fakeClock()
  const result = await scheduleOne(api, scheduleInputs(5), { logger, sleep: clock.sleep, random: () => 0.5 })
  return { result, lines: logger.lines, sequence: api.calls.map((c) => c.operation), slept: clock.slept }
}

describe.each(UNCLEAR)('an approval answered $said', ({ answer }) => {
  it('is approved when the read-back shows it applied, without a second approval', async () => {
    const { result, sequence, slept } = await schedule({
      list: [listAnswer([PENDING_GROUP], 'RID-LIST'), listAnswer([ROTATED_GROUP], 'RID-READ')],
      approve: [answer]
    })
    expect(sequence).toEqual(['ListAppInstanceGroup', 'ApproveOtaTask', 'ListAppInstanceGroup'])
    expect(slept).toEqual([])
    expect(result).toMatchObject({ status: 'approved', approved: true, code: 'success', requestId: 'RID-READ', taskId: TASK_ID })
    expect(result.message).toMatch(/^approval confirmed by reading back: the group's pending task moved on from /)
    expect(result.failure).toBeUndefined()
  })

  it('is approved when only ListOtaTask shows the task', async () => {
    const { result, sequence } = await schedule({
      list: [listAnswer([PENDING_GROUP], 'RID-LIST'), listAnswer([NEWER_GROUP], 'RID-READ')],
      approve: [answer],
      tasks: [taskList([standby()], 'RID-TASKS')]
    })
    expect(sequence).toEqual(['ListAppInstanceGroup', 'ApproveOtaTask', 'ListAppInstanceGroup', 'ListOtaTask'])
    expect(result).toMatchObject({ status: 'approved', approved: true, requestId: 'RID-TASKS' })
    expect(result.message).toBe(`approval confirmed by reading back: ListOtaTask shows task ${TASK_ID} as STANDBY`)
  })

  it('fails, naming the answer and the read-back, when the task is still pending; it is not approved again', async () => {
    const { result, sequence, slept } = await schedule({
      list: [listAnswer([PENDING_GROUP], 'RID-LIST'), listAnswer([PENDING_GROUP], 'RID-READ')],
      approve: [answer]
    })
    expect(sequence).toEqual(['ListAppInstanceGroup', 'ApproveOtaTask', 'ListAppInstanceGroup'])
    expect(slept).toEqual([])
    expect(result).toMatchObject({ status: 'failed', approved: false, code: 'InvalidResponse', requestId: 'RID-UNCLEAR' })
    expect(result.failure).toMatch(
      new RegExp(
        `^failed to approve OTA task ${TASK_ID} of group ${GROUP_ID}: InvalidResponse: ApproveOtaTask answered .*, which ` +
          `neither confirms nor refuses the approval \\(HTTP 200, request id RID-UNCLEAR\\); read back \\(request id RID-READ\\): ` +
          `task ${TASK_ID} is still pending, so it was not approved$`
      )
    )
  })

  it('fails as not approved when neither the group nor ListOtaTask shows it', async () => {
    const { result } = await schedule({
      list: [listAnswer([PENDING_GROUP], 'RID-LIST'), listAnswer([NEWER_GROUP], 'RID-READ')],
      approve: [answer],
      tasks: [taskList([], 'RID-TASKS')]
    })
    expect(result).toMatchObject({ status: 'failed', approved: false, code: 'InvalidResponse' })
    expect(result.failure).toMatch(
      /; read back \(request id RID-TASKS\): ListOtaTask does not show task .*, so it was not approved$/
    )
  })

  it('says the task may have been scheduled when the read-back fails too', async () => {
    const denied = apiError({ operation: 'ListAppInstanceGroup', code: 'Forbidden.RAM', httpStatus: 403 })
    const { result, sequence } = await schedule({ list: [listAnswer([PENDING_GROUP], 'RID-LIST'), denied], approve: [answer] })
    expect(sequence).toEqual(['ListAppInstanceGroup', 'ApproveOtaTask', 'ListAppInstanceGroup'])
    expect(result).toMatchObject({ status: 'failed', code: 'InvalidResponse' })
    expect(result.failure).toContain('reading the group back failed too')
    expect(result.failure).toContain('the task may have been scheduled anyway')
  })
})

describe('an approval answered Code success', () => {
  it('stays the fast path: approved without reading back', async () => {
    const { result, sequence } = await schedule({
      list: [listAnswer([PENDING_GROUP], 'RID-LIST')],
      approve: [{ RequestId: 'RID-OK', Code: 'success' }]
    })
    expect(sequence).toEqual(['ListAppInstanceGroup', 'ApproveOtaTask'])
    expect(result).toMatchObject({ status: 'approved', approved: true, code: 'success', requestId: 'RID-OK', message: '' })
  })

  it('a refusal Code at HTTP 200 still fails at once, without reading back', async () => {
    const { result, sequence } = await schedule({
      list: [listAnswer([PENDING_GROUP], 'RID-LIST')],
      approve: [{ RequestId: 'RID-NO', Code: 'OtaTask.Running', Message: 'The task is running' }]
    })
    expect(sequence).toEqual(['ListAppInstanceGroup', 'ApproveOtaTask'])
    expect(result).toMatchObject({ status: 'failed', approved: false, code: 'OtaTask.Running' })
  })
})
