import { describe, expect, it } from '@jest/globals'
import { RESPONSE_PARSERS, ShapeError } from '../../src/wuying/responses.js'

const listed = (task: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  RequestId: 'RID',
  TotalCount: 1,
  PageNumber: 1,
  PageSize: 100,
  TaskList: [{ TaskId: 'ota-1', OtaVersion: '1.1.0', TaskStartTime: '2026-06-15T12:00:00Z', ...task }],
  ...extra
})

describe('RESPONSE_PARSERS.ListOtaTask', () => {
  it.each(['STANDBY', 'FINISHED', 'PAUSED', 'SOMETHING_NEW', 'paused', ''])(
    'carries the TaskDisplayStatus "%s" as it is',
    (status) => {
      expect(RESPONSE_PARSERS.ListOtaTask(listed({ TaskDisplayStatus: status })).TaskList[0]?.TaskDisplayStatus).toBe(status)
    }
  )

  it.each([
    { name: 'missing', task: {} },
    { name: 'a number', task: { TaskDisplayStatus: 3 } },
    { name: 'null', task: { TaskDisplayStatus: null } }
  ])('rejects a TaskDisplayStatus that is $name', ({ task }) => {
    expect(() => RESPONSE_PARSERS.ListOtaTask(listed(task))).toThrow(ShapeError)
  })

  it.each([1e9, 1e12])('reads a TotalCount of %d as it is (the pagination bounds it)', (total) => {
    expect(RESPONSE_PARSERS.ListOtaTask(listed({ TaskDisplayStatus: 'RUNNING' }, { TotalCount: total })).TotalCount).toBe(total)
  })
})
