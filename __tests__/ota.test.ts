import { describe, expect, it } from '@jest/globals'
import type { AppInstanceGroupModel } from '../src/api.js'
import { approveRequest, currentVersion, findGroup, isApproved, lookupRequest, pendingTask } from '../src/ota.js'
import { APPROVED, GROUP_ID, listAnswer, OTHER_GROUP, PENDING_GROUP, REGION, TASK_ID, TASK_RUNNING, UP_TO_DATE_GROUP } from '../__fixtures__/groups.js'

describe('lookupRequest', () => {
  it('asks for one CloudApp group of one region', () => {
    expect(lookupRequest(GROUP_ID, REGION)).toEqual({ ProductType: 'CloudApp', AppInstanceGroupId: GROUP_ID, BizRegionId: REGION })
  })
})

describe('findGroup', () => {
  it('finds the group among others', () => {
    expect(findGroup(listAnswer([OTHER_GROUP, PENDING_GROUP]), GROUP_ID)).toBe(PENDING_GROUP)
  })

  it('finds nothing in an empty answer', () => {
    expect(findGroup(listAnswer([]), GROUP_ID)).toBeUndefined()
  })

  it('does not take a group whose id merely contains the one asked for', () => {
    const longer = { ...PENDING_GROUP, AppInstanceGroupId: `${GROUP_ID}0` }
    expect(findGroup(listAnswer([longer]), GROUP_ID)).toBeUndefined()
  })
})

describe('pendingTask', () => {
  const withInfo = (OtaInfo: AppInstanceGroupModel['OtaInfo']): AppInstanceGroupModel => ({ ...PENDING_GROUP, OtaInfo })

  it.each([
    { name: 'a task and a new version', group: PENDING_GROUP, expected: { taskId: TASK_ID, otaVersion: '1.0.2', newOtaVersion: '1.1.0' } },
    { name: 'no current version reported', group: withInfo({ TaskId: TASK_ID, NewOtaVersion: '2.0' }), expected: { taskId: TASK_ID, otaVersion: '', newOtaVersion: '2.0' } },
    { name: 'an empty new version', group: UP_TO_DATE_GROUP, expected: undefined },
    { name: 'no new version field', group: withInfo({ TaskId: TASK_ID, OtaVersion: '1.0' }), expected: undefined },
    { name: 'an empty task id', group: withInfo({ TaskId: '', OtaVersion: '1.0', NewOtaVersion: '1.1' }), expected: undefined },
    { name: 'no OtaInfo', group: withInfo(undefined), expected: undefined }
  ])('reads $name', ({ group, expected }) => {
    expect(pendingTask(group)).toEqual(expected)
  })
})

describe('currentVersion', () => {
  it('reads the installed version, or empty', () => {
    expect(currentVersion(UP_TO_DATE_GROUP)).toBe('1.1.0')
    expect(currentVersion({ ...PENDING_GROUP, OtaInfo: undefined })).toBe('')
  })
})

describe('approveRequest', () => {
  it('builds every required field', () => {
    expect(
      approveRequest({ appInstanceGroupId: GROUP_ID, bizRegionId: REGION, taskId: TASK_ID, otaType: 'Fota', startTime: '2026-06-20T02:00:00+08:00' })
    ).toEqual({ AppInstanceGroupId: GROUP_ID, BizRegionId: REGION, TaskId: TASK_ID, OtaType: 'Fota', StartTime: '2026-06-20T02:00:00+08:00' })
  })
})

describe('isApproved', () => {
  it.each([
    { name: 'Code success', answer: APPROVED, expected: true },
    { name: 'OtaTask.Running at HTTP 200', answer: TASK_RUNNING, expected: false },
    { name: 'no Code at all', answer: { RequestId: 'R' }, expected: false },
    { name: 'Success in another case', answer: { RequestId: 'R', Code: 'Success' }, expected: false }
  ])('says $expected for $name', ({ answer, expected }) => {
    expect(isApproved(answer)).toBe(expected)
  })
})
