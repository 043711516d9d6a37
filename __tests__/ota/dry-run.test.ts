/**
 * A dry run's prediction from ListOtaTask, for every status a task may show, the undocumented ones included: a task
 * that is not final (PAUSED, anything new) is taken as under way, so the prediction is ApproveOtaTask's refusal.
 */
import { describe, expect, it } from '@jest/globals'
import type { TaskDisplayStatus } from '../../src/common/api.js'
import { fakeApi, fakeClock, recordingLogger, scheduleInputs, scheduleOne } from '../../__fixtures__/fake-api.js'
import { fleetApi, fleetGroup, fleetGroupId, task } from '../../__fixtures__/fleet-api.js'
import { listAnswer, PENDING_GROUP, taskList } from '../../__fixtures__/groups.js'
import { scheduleGroups } from '../../src/ota/schedule.js'

const EARLIER = 'ota-earlier000001'

async function dryRun(status: TaskDisplayStatus) {
  const api = fakeApi({ list: [listAnswer([PENDING_GROUP])], tasks: [taskList([task(EARLIER, status)], 'RID-TASKS')] })
  const logger = recordingLogger()
  const result = await scheduleOne(
    api,
    { ...scheduleInputs(3), dryRun: true },
    { logger, sleep: fakeClock().sleep, random: () => 0 }
  )
  return { result, lines: logger.lines, calls: api.calls.map((c) => c.operation) }
}

describe('wouldApprove', () => {
  it.each<{ status: TaskDisplayStatus; expected: 'would-approve' | 'failed'; note: string }>([
    { status: 'STANDBY', expected: 'failed', note: '' },
    { status: 'RUNNING', expected: 'failed', note: '' },
    { status: 'PAUSED', expected: 'failed', note: ' (not a documented status: taken as under way, not final)' },
    { status: 'SOMETHING_NEW', expected: 'failed', note: ' (not a documented status: taken as under way, not final)' },
    { status: 'FINISHED', expected: 'would-approve', note: '' },
    { status: 'PART_FINISHED', expected: 'would-approve', note: '' },
    { status: 'FAILED', expected: 'would-approve', note: '' },
    { status: 'TERMINATED', expected: 'would-approve', note: '' }
  ])('predicts $expected for an earlier task that is $status', async ({ status, expected, note }) => {
    const { result, calls } = await dryRun(status)
    expect(calls).toEqual(['ListAppInstanceGroup', 'ListOtaTask'])
    expect(result.status).toBe(expected)
    if (expected === 'failed') {
      expect(result).toMatchObject({ code: 'OtaTask.Running', requestId: 'RID-TASKS', approved: false })
      expect(result.failure).toBe(
        `dry run: an update of group ${PENDING_GROUP.AppInstanceGroupId} is already under way (task ${EARLIER} is ${status}${note}): ` +
          'ApproveOtaTask would answer OtaTask.Running'
      )
    } else expect(result).toMatchObject({ code: 'DryRun', approved: false })
  })

  it('shows a fleet group with a PAUSED task as unchanged, not failed', async () => {
    const api = fleetApi({
      groups: [fleetGroup(0), fleetGroup(1)],
      tasks: (request) => (request.AppInstanceGroupId === fleetGroupId(1) ? [task('ota-paused00001', 'PAUSED')] : [])
    })
    const results = await scheduleGroups(
      api,
      {
        ...scheduleInputs(3),
        appInstanceGroupId: fleetGroupId(0),
        appInstanceGroupIds: [fleetGroupId(0), fleetGroupId(1)],
        concurrency: 2,
        dryRun: true
      },
      { logger: recordingLogger(), sleep: fakeClock().sleep, random: () => 0 }
    )
    expect(results.map((r) => [r.status, r.code])).toEqual([
      ['would-approve', 'DryRun'],
      ['unchanged', 'OtaTask.Running']
    ])
    expect(results.every((r) => r.failure === undefined)).toBe(true)
  })
})
