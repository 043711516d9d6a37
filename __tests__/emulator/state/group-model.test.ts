import { describe, expect, it } from '@jest/globals'
import { FleetState } from '../../../emulator/state/fleet.js'
import { DEFAULT_GMT_CREATE, groupModel } from '../../../emulator/state/group-model.js'
import { HZ, SH, SH_ACTIVE, smallFleet } from '../../../__fixtures__/emulator-fleet.js'
import { OFFICIAL_GROUP_FIELDS } from '../../../__fixtures__/group-model.js'

const T0 = Date.parse('2025-03-01T00:00:00Z')

function listed(id: string) {
  const state = new FleetState(smallFleet(), T0)
  const page = state.listGroups({ groupId: id, statuses: [], pageNumber: 1, pageSize: 100 })
  return page.AppInstanceGroupModels[0] as unknown as Record<string, unknown>
}

describe('ListAppInstanceGroup group model', () => {
  it('answers every field of the official model, and no other', () => {
    expect(Object.keys(OFFICIAL_GROUP_FIELDS)).toHaveLength(38)
    expect(Object.keys(listed(HZ)).sort()).toEqual(Object.keys(OFFICIAL_GROUP_FIELDS).sort())
  })

  it.each(Object.entries(OFFICIAL_GROUP_FIELDS))('answers %s as a %s', (field, type) => {
    const value = listed(HZ)[field]
    if (type === 'array') expect(Array.isArray(value)).toBe(true)
    else if (type === 'object') expect(value !== null && typeof value === 'object' && !Array.isArray(value)).toBe(true)
    else expect(typeof value).toBe(type)
  })

  it('takes id, name, region, status, product type, creation time and versions from the fixture', () => {
    expect(listed(HZ)).toMatchObject({
      AppInstanceGroupId: HZ,
      AppInstanceGroupName: 'design-studio',
      RegionId: 'cn-hangzhou',
      Status: 'PUBLISHED',
      ProductType: 'CloudApp',
      GmtCreate: DEFAULT_GMT_CREATE,
      ResourceStatus: 'AVAILABLE',
      OtaInfo: { TaskId: 'ota-hzgroup01a', OtaVersion: '1.0.0', NewOtaVersion: '1.1.0' }
    })
    expect(listed(SH_ACTIVE).OtaInfo).toEqual({ TaskId: 'ota-shactive04b', OtaVersion: '1.0.0', NewOtaVersion: '1.1.0' })
  })

  it('gives nested lists their documented shapes', () => {
    const group = listed(HZ)
    expect(group.Apps).toEqual([
      expect.objectContaining({ AppId: expect.stringMatching(/^ca-[0-9a-f]{16}$/), AppVersion: expect.any(String) })
    ])
    const [pool] = group.NodePool as Record<string, unknown>[]
    expect(pool).toMatchObject({
      NodePoolId: expect.stringMatching(/^rg-[0-9a-f]{16}$/),
      NodeAmount: expect.any(Number),
      WarmUp: expect.any(Boolean),
      ScalingUsageThreshold: expect.any(String),
      RecurrenceSchedules: [
        { RecurrenceType: 'Weekly', RecurrenceValues: [1, 2, 3, 4, 5], TimerPeriods: [expect.objectContaining({ Amount: 2 })] }
      ]
    })
    for (const tags of [group.Tags, group.ResourceTags])
      expect(tags).toEqual([{ Key: expect.any(String), Scope: 'Custom', Value: expect.any(String) }])
  })

  it('derives ids from the group id: stable across instances, different between groups', () => {
    expect(listed(HZ).AppCenterImageId).toBe(listed(HZ).AppCenterImageId)
    expect(listed(HZ).AppCenterImageId).not.toBe(listed(SH).AppCenterImageId)
    expect(listed(HZ).OfficeSiteId).toMatch(/^cn-hangzhou\+dir-\d{9}$/)
  })

  it('follows the group status in ResourceStatus and ExpiredTime', () => {
    const seed = { id: HZ, name: 'x', region: 'cn-hangzhou', otaVersion: '1.0.0', gmtCreate: '2024-01-15T10:00:00.000+08:00' }
    const info = { TaskId: '', OtaVersion: '1.0.0', NewOtaVersion: '' }
    expect(groupModel(seed, 'MAINTAINING', info).ResourceStatus).toBe('UPGRADING')
    expect(groupModel(seed, 'EXPIRED', info).ExpiredTime).toBe('2024-02-14T02:00:00.000+00:00')
    expect(Date.parse(groupModel(seed, 'PUBLISHED', info).ExpiredTime)).toBeGreaterThan(Date.now())
  })
})
