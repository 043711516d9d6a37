import { describe, expect, it } from '@jest/globals'
import { ApiError } from '../../../emulator/state/errors.js'
import { FleetState, newTaskId, type ApproveInput } from '../../../emulator/state/fleet.js'
import { HZ, RUNNING_MS, SG_FAILS, SH, SH_ACTIVE, SH_CURRENT, smallFleet } from '../../../__fixtures__/emulator-fleet.js'

const T0 = Date.parse('2025-03-01T00:00:00Z')
const HZ_TASK = 'ota-hzgroup01a'

function fleet(): FleetState {
  let n = 0
  return new FleetState(smallFleet(), T0, () => `ota-rotated${String(++n).padStart(3, '0')}`)
}

function approval(overrides: Partial<ApproveInput> = {}): ApproveInput {
  return {
    groupId: HZ,
    region: 'cn-hangzhou',
    taskId: HZ_TASK,
    otaType: 'Fota',
    startTime: '2025-03-01T08:00:00+08:00',
    ...overrides
  }
}

function refusal(fn: () => unknown): { code: string; status: number; message: string } {
  try {
    fn()
  } catch (err) {
    if (err instanceof ApiError) return { code: err.code, status: err.status, message: err.message }
    throw err
  }
  throw new Error('expected an ApiError')
}

function otaInfo(state: FleetState, id: string): unknown {
  return state.view().groups.find((g) => g.AppInstanceGroupId === id)?.OtaInfo
}

function tasks(state: FleetState, groupId = HZ): Array<{ TaskId: string; TaskDisplayStatus: string; TaskStartTime: string }> {
  return state.listOtaTasks({ groupId, otaType: 'Fota', pageNumber: 1, pageSize: 100 }).TaskList
}

describe('FleetState.approveOtaTask', () => {
  it('answers success and rotates the group TaskId while still showing the new version', () => {
    const state = fleet()
    expect(state.approveOtaTask(approval(), T0)).toEqual({ Code: 'success' })
    expect(otaInfo(state, HZ)).toEqual({ TaskId: 'ota-rotated001', OtaVersion: '1.0.0', NewOtaVersion: '1.1.0' })
    expect(tasks(state)).toEqual([
      { TaskId: HZ_TASK, OtaVersion: '1.1.0', TaskStartTime: '2025-03-01T00:00:00Z', TaskDisplayStatus: 'RUNNING' }
    ])
  })

  it('rejects the approved (now stale) TaskId with InvalidParameter.TaskId before reporting a running task', () => {
    const state = fleet()
    state.approveOtaTask(approval(), T0)
    expect(refusal(() => state.approveOtaTask(approval(), T0 + 1))).toMatchObject({
      code: 'InvalidParameter.TaskId',
      status: 400
    })
  })

  it('answers OtaTask.Running with HTTP 200 when the rotated TaskId is approved while the task is active', () => {
    const state = fleet()
    state.approveOtaTask(approval(), T0)
    expect(refusal(() => state.approveOtaTask(approval({ taskId: 'ota-rotated001' }), T0 + 10))).toEqual({
      code: 'OtaTask.Running',
      status: 200,
      message: 'The task is running and cannot be sumitted.'
    })
  })

  it('answers OtaTask.Running for a group seeded with an active task', () => {
    const state = fleet()
    expect(
      refusal(() => state.approveOtaTask(approval({ groupId: SH_ACTIVE, region: 'cn-shanghai', taskId: 'ota-shactive04b' }), T0))
        .code
    ).toBe('OtaTask.Running')
  })

  it.each([
    { name: 'an unknown group', input: { groupId: 'aig-unknown99' }, code: 'InvalidAppInstanceGroup.NotFound' },
    { name: 'a region that is not the group one', input: { region: 'cn-shanghai' }, code: 'InvalidParameter.BizRegionId' },
    { name: 'an unsupported OtaType', input: { otaType: 'fota' }, code: 'InvalidParameter.OtaType' },
    { name: 'a TaskId of another group', input: { taskId: 'ota-shgroup02a' }, code: 'InvalidParameter.TaskId' },
    {
      name: 'a group without a pending update',
      input: { groupId: SH_CURRENT, region: 'cn-shanghai', taskId: 'ota-anything1' },
      code: 'InvalidParameter.TaskId'
    }
  ])('refuses $name with $code (HTTP 400)', ({ input, code }) => {
    expect(refusal(() => fleet().approveOtaTask(approval(input), T0))).toMatchObject({ code, status: 400 })
  })

  it.each([
    '2025-03-01 08:00:00+08:00',
    '2025-03-01T08:00:00',
    '2025-03-01T08:00:00+0800',
    '2025-02-30T08:00:00Z',
    '2025-03-01T24:00:00Z',
    '2025-03-01T08:00:00+15:00',
    '1740787200',
    'tomorrow',
    ''
  ])('refuses the malformed StartTime %j with InvalidParameter.StartTime', (startTime) => {
    expect(refusal(() => fleet().approveOtaTask(approval({ startTime }), T0)).code).toBe('InvalidParameter.StartTime')
  })

  it.each([
    ['2025-03-01T02:00:00Z', '2025-03-01T02:00:00Z'],
    ['2025-03-01T10:00:00+08:00', '2025-03-01T02:00:00Z'],
    ['2025-02-28T20:30:00-05:30', '2025-03-01T02:00:00Z'],
    ['2025-03-01T02:00:00.250Z', '2025-03-01T02:00:00Z'],
    ['2025-03-01T02:00Z', '2025-03-01T02:00:00Z']
  ])('accepts the StartTime %s and schedules the task at %s', (startTime, expected) => {
    const state = fleet()
    state.approveOtaTask(approval({ startTime }), T0)
    expect(tasks(state)[0]).toMatchObject({ TaskStartTime: expected, TaskDisplayStatus: 'STANDBY' })
  })
})

describe('FleetState task progress', () => {
  it('moves a task STANDBY → RUNNING → FINISHED and then shows the new version with no pending update', () => {
    const state = fleet()
    const start = T0 + 5000
    state.approveOtaTask(approval({ startTime: new Date(start).toISOString() }), T0)
    const statusAt = (t: number): string | undefined => {
      state.advance(t)
      return tasks(state)[0]?.TaskDisplayStatus
    }
    expect(statusAt(start - 1)).toBe('STANDBY')
    expect(otaInfo(state, HZ)).toMatchObject({ OtaVersion: '1.0.0', NewOtaVersion: '1.1.0' })
    expect(statusAt(start)).toBe('RUNNING')
    expect(statusAt(start + RUNNING_MS - 1)).toBe('RUNNING')
    expect(statusAt(start + RUNNING_MS)).toBe('FINISHED')
    expect(otaInfo(state, HZ)).toEqual({ TaskId: '', OtaVersion: '1.1.0', NewOtaVersion: '' })
    expect(statusAt(start + 10 * RUNNING_MS)).toBe('FINISHED')
  })

  it('ends a task FAILED when the fixture says so, leaving the update pending under the rotated TaskId', () => {
    const state = fleet()
    state.approveOtaTask(approval({ groupId: SG_FAILS, region: 'ap-southeast-1', taskId: 'ota-sgfails03a' }), T0)
    state.advance(T0 + RUNNING_MS)
    expect(tasks(state, SG_FAILS)[0]?.TaskDisplayStatus).toBe('FAILED')
    expect(otaInfo(state, SG_FAILS)).toEqual({ TaskId: 'ota-rotated001', OtaVersion: '1.0.0', NewOtaVersion: '1.1.0' })
    state.approveOtaTask(approval({ groupId: SG_FAILS, region: 'ap-southeast-1', taskId: 'ota-rotated001' }), T0 + RUNNING_MS + 1)
    expect(tasks(state, SG_FAILS).map((t) => [t.TaskId, t.TaskDisplayStatus])).toEqual([
      ['ota-rotated001', 'RUNNING'],
      ['ota-sgfails03a', 'FAILED']
    ])
  })

  it('finishes a seeded RUNNING task runningMs after the fixture was loaded', () => {
    const state = fleet()
    expect(tasks(state, SH_ACTIVE)[0]?.TaskDisplayStatus).toBe('RUNNING')
    state.advance(T0 + RUNNING_MS)
    expect(tasks(state, SH_ACTIVE)[0]?.TaskDisplayStatus).toBe('FINISHED')
    expect(otaInfo(state, SH_ACTIVE)).toEqual({ TaskId: '', OtaVersion: '1.1.0', NewOtaVersion: '' })
  })

  it('lists tasks of another OtaType separately', () => {
    const state = fleet()
    state.approveOtaTask(approval({ otaType: 'AppUpdate' }), T0)
    expect(tasks(state)).toEqual([])
    expect(state.listOtaTasks({ groupId: HZ, otaType: 'AppUpdate', pageNumber: 1, pageSize: 10 }).TotalCount).toBe(1)
  })

  it.each([
    { name: 'an unknown group', query: { groupId: 'aig-unknown99', otaType: 'Fota' }, code: 'InvalidAppInstanceGroup.NotFound' },
    { name: 'an unsupported OtaType', query: { groupId: HZ, otaType: 'Firmware' }, code: 'InvalidParameter.OtaType' }
  ])('refuses ListOtaTask for $name', ({ query, code }) => {
    expect(refusal(() => fleet().listOtaTasks({ ...query, pageNumber: 1, pageSize: 10 })).code).toBe(code)
  })
})

describe('FleetState.getOtaTask', () => {
  it('finds a pending task, an approved task, and refuses an unknown one', () => {
    const state = fleet()
    expect(state.getOtaTask(HZ_TASK)).toEqual({
      Code: 'success',
      ReleaseNote: 'notes 1.1.0',
      OtaVersion: '1.1.0',
      TaskStartTime: ''
    })
    state.approveOtaTask(approval({ startTime: '2025-03-02T00:00:00Z' }), T0)
    expect(state.getOtaTask(HZ_TASK)).toEqual({
      Code: 'success',
      ReleaseNote: 'notes 1.1.0',
      OtaVersion: '1.1.0',
      TaskStartTime: '2025-03-02T00:00:00Z'
    })
    expect(state.getOtaTask('ota-rotated001').TaskStartTime).toBe('')
    expect(refusal(() => state.getOtaTask('ota-nothing00')).code).toBe('InvalidParameter.TaskId')
  })
})

describe('FleetState.listGroups', () => {
  const all = { statuses: [], pageNumber: 1, pageSize: 100 }
  const ids = (query: Parameters<FleetState['listGroups']>[0]): string[] =>
    fleet()
      .listGroups(query)
      .AppInstanceGroupModels.map((g) => g.AppInstanceGroupId)

  it.each([
    { name: 'no filter', query: all, expected: [HZ, SH, SG_FAILS, SH_ACTIVE, SH_CURRENT] },
    { name: 'group id', query: { ...all, groupId: SH }, expected: [SH] },
    { name: 'name substring', query: { ...all, name: 'studio' }, expected: [HZ, SH] },
    { name: 'region', query: { ...all, region: 'cn-shanghai' }, expected: [SH, SH_ACTIVE, SH_CURRENT] },
    { name: 'status list', query: { ...all, statuses: ['MAINTAINING', 'FAILED'] }, expected: [SH_CURRENT] },
    { name: 'region and status', query: { ...all, region: 'cn-shanghai', statuses: ['PUBLISHED'] }, expected: [SH, SH_ACTIVE] },
    { name: 'an unknown id', query: { ...all, groupId: 'aig-unknown99' }, expected: [] }
  ])('filters by $name', ({ query, expected }) => {
    expect(ids(query)).toEqual(expected)
  })

  it('pages with a true TotalCount', () => {
    const state = fleet()
    const pages = [1, 2, 3, 4].map((pageNumber) => state.listGroups({ statuses: [], pageNumber, pageSize: 2 }))
    expect(pages.map((p) => p.AppInstanceGroupModels.length)).toEqual([2, 2, 1, 0])
    expect(pages.map((p) => p.TotalCount)).toEqual([5, 5, 5, 5])
    expect(pages[1]).toMatchObject({ PageNumber: 2, PageSize: 2 })
    expect(pages.flatMap((p) => p.AppInstanceGroupModels.map((g) => g.AppInstanceGroupId))).toEqual([
      HZ,
      SH,
      SG_FAILS,
      SH_ACTIVE,
      SH_CURRENT
    ])
  })

  it('shows each group in wire shape', () => {
    expect(fleet().listGroups({ ...all, groupId: HZ }).AppInstanceGroupModels[0]).toMatchObject({
      AppInstanceGroupId: HZ,
      AppInstanceGroupName: 'design-studio',
      RegionId: 'cn-hangzhou',
      ProductType: 'CloudApp',
      Status: 'PUBLISHED',
      OtaInfo: { TaskId: HZ_TASK, OtaVersion: '1.0.0', NewOtaVersion: '1.1.0' }
    })
  })
})

describe('newTaskId', () => {
  it('returns distinct ids of the shape the action validates', () => {
    const a = newTaskId()
    expect(a).toMatch(/^ota-[a-z0-9]{6,32}$/)
    expect(newTaskId()).not.toBe(a)
  })
})
