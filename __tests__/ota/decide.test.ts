import { describe, expect, it } from '@jest/globals'
import type { AppInstanceGroupModel } from '../../src/common/api.js'
import type { OtaTaskRecord } from '../../src/common/api.js'
import type { ApiError } from '../../src/common/errors.js'
import { isRetryable, outcomeUnknown } from '../../src/common/retry.js'
import {
  approveRequest,
  currentVersion,
  decideReadBack,
  findGroup,
  isApproved,
  lookupRequest,
  pendingTask,
  taskListRequest,
  unclearAnswer,
  type ReadBackDecision
} from '../../src/ota/decide.js'
import {
  APPROVED,
  GROUP_ID,
  listAnswer,
  NEWER_GROUP,
  OTHER_GROUP,
  PENDING_GROUP,
  REGION,
  ROTATED_GROUP,
  ROTATED_TASK_ID,
  standby,
  TASK_ID,
  TASK_RUNNING,
  UP_TO_DATE_GROUP
} from '../../__fixtures__/groups.js'

describe('lookupRequest', () => {
  it('asks for one CloudApp group of one region', () => {
    expect(lookupRequest(GROUP_ID, REGION)).toEqual({
      ProductType: 'CloudApp',
      AppInstanceGroupId: GROUP_ID,
      BizRegionId: REGION
    })
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
    {
      name: 'a task and a new version',
      group: PENDING_GROUP,
      expected: { taskId: TASK_ID, otaVersion: '1.0.2', newOtaVersion: '1.1.0' }
    },
    {
      name: 'no current version reported',
      group: withInfo({ TaskId: TASK_ID, NewOtaVersion: '2.0' }),
      expected: { taskId: TASK_ID, otaVersion: '', newOtaVersion: '2.0' }
    },
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
      approveRequest({
        appInstanceGroupId: GROUP_ID,
        bizRegionId: REGION,
        taskId: TASK_ID,
        otaType: 'Fota',
        startTime: '2026-06-20T02:00:00+08:00'
      })
    ).toEqual({
      AppInstanceGroupId: GROUP_ID,
      BizRegionId: REGION,
      TaskId: TASK_ID,
      OtaType: 'Fota',
      StartTime: '2026-06-20T02:00:00+08:00'
    })
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

describe('unclearAnswer', () => {
  it.each([
    { name: 'Code success', answer: APPROVED, expected: undefined },
    { name: 'a refusal at HTTP 200', answer: TASK_RUNNING, expected: undefined },
    { name: 'another Code', answer: { RequestId: 'R', Code: 'Whatever' }, expected: undefined },
    { name: 'no Code at all', answer: { RequestId: 'R' }, expected: 'answered without a Code' },
    { name: 'an empty Code', answer: { RequestId: 'R', Code: '' }, expected: 'answered without a Code' },
    { name: 'Success', answer: { RequestId: 'R', Code: 'Success' }, expected: 'answered Code "Success", not "success"' },
    { name: 'SUCCESS', answer: { RequestId: 'R', Code: 'SUCCESS' }, expected: 'answered Code "SUCCESS", not "success"' },
    { name: 'success with spaces', answer: { RequestId: 'R', Code: ' success ' }, expected: 'answered Code " success "' }
  ])('reads $name as $expected', ({ answer, expected }) => {
    const error = unclearAnswer(answer)
    if (expected === undefined) expect(error).toBeUndefined()
    else {
      // Unknown outcome (read back first), but never retryable: the approval is not sent twice.
      expect(error).toMatchObject({ kind: 'invalid-response', code: 'InvalidResponse', httpStatus: 200, requestId: 'R' })
      expect(error?.detail).toContain(expected)
      expect([outcomeUnknown(error as ApiError), isRetryable(error as ApiError)]).toEqual([true, false])
    }
  })
})

describe('taskListRequest', () => {
  it('asks for a later page when told', () => {
    expect(taskListRequest(GROUP_ID, 'Fota', 3)).toMatchObject({ PageNumber: 3, PageSize: 100 })
  })

  it('asks for the newest tasks of the group and type, one full page', () => {
    expect(taskListRequest(GROUP_ID, 'Fota')).toEqual({
      AppInstanceGroupId: GROUP_ID,
      OtaType: 'Fota',
      PageNumber: 1,
      PageSize: 100
    })
  })
})

describe('decideReadBack', () => {
  const looked = { taskId: TASK_ID, newOtaVersion: '1.1.0' }
  const given = { taskId: TASK_ID, newOtaVersion: '' }
  const running: OtaTaskRecord = { ...standby(), TaskDisplayStatus: 'RUNNING' }

  it.each<{
    name: string
    sent: typeof looked
    group?: AppInstanceGroupModel
    tasks?: OtaTaskRecord[]
    expected: ReadBackDecision
  }>([
    { name: 'the same task still pending', sent: looked, group: PENDING_GROUP, expected: { action: 'approve-again' } },
    { name: 'the given task still pending', sent: given, group: PENDING_GROUP, expected: { action: 'approve-again' } },
    {
      name: 'the task moved on to a new TaskId for the same version',
      sent: looked,
      group: ROTATED_GROUP,
      expected: {
        action: 'confirmed',
        evidence: `the group's pending task moved on from ${TASK_ID} to ${ROTATED_TASK_ID} (version 1.1.0)`
      }
    },
    {
      name: 'the version already installed',
      sent: looked,
      group: UP_TO_DATE_GROUP,
      expected: { action: 'confirmed', evidence: 'the group already runs version 1.1.0' }
    },
    {
      name: 'a pending task of another version (lookup path)',
      sent: looked,
      group: NEWER_GROUP,
      expected: { action: 'list-tasks' }
    },
    {
      name: 'a moved-on task when task-id was given (version unknown)',
      sent: given,
      group: ROTATED_GROUP,
      expected: { action: 'list-tasks' }
    },
    { name: 'a group that is not listed', sent: looked, group: undefined, expected: { action: 'list-tasks' } },
    {
      name: 'the task STANDBY in the task list',
      sent: given,
      group: ROTATED_GROUP,
      tasks: [standby('ota-older000000001'), standby()],
      expected: { action: 'confirmed', evidence: `ListOtaTask shows task ${TASK_ID} as STANDBY` }
    },
    {
      name: 'the task RUNNING in the task list while the group lags behind with another version',
      sent: looked,
      group: NEWER_GROUP,
      tasks: [running],
      expected: { action: 'confirmed', evidence: `ListOtaTask shows task ${TASK_ID} as RUNNING` }
    },
    {
      name: 'the task missing from the list and a newer version pending',
      sent: looked,
      group: NEWER_GROUP,
      tasks: [],
      expected: {
        action: 'not-approved',
        reason: `ListOtaTask does not show task ${TASK_ID}, and the group's pending task is ota-newer00000000001 (version 1.2.0)`
      }
    },
    {
      name: 'the given task missing from the list and another pending',
      sent: given,
      group: ROTATED_GROUP,
      tasks: [standby('ota-someoneelse0001')],
      expected: {
        action: 'not-approved',
        reason: `ListOtaTask does not show task ${TASK_ID}, and the group's pending task is ${ROTATED_TASK_ID} (version 1.1.0)`
      }
    },
    {
      name: 'the given task missing and nothing pending',
      sent: given,
      group: UP_TO_DATE_GROUP,
      tasks: [],
      expected: {
        action: 'not-approved',
        reason: `ListOtaTask does not show task ${TASK_ID}, and the group has no pending update (version 1.1.0)`
      }
    },
    {
      name: 'the task missing and the group gone',
      sent: looked,
      group: undefined,
      tasks: [],
      expected: {
        action: 'not-approved',
        reason: `ListOtaTask does not show task ${TASK_ID}, and the group is not listed any more`
      }
    },
    {
      name: 'the task in the list while the group still shows it pending (never approve twice)',
      sent: looked,
      group: PENDING_GROUP,
      tasks: [standby()],
      expected: { action: 'confirmed', evidence: `ListOtaTask shows task ${TASK_ID} as STANDBY` }
    }
  ])('decides $expected.action for $name', ({ sent, group, tasks, expected }) => {
    expect(decideReadBack(sent, group, tasks)).toEqual(expected)
  })
})
