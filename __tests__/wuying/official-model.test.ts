/**
 * The client reads answers as full as the service's: every field of the official group model (38 per group, nested
 * lists and objects the action never uses), fields a later API version may add, and GetOtaTaskByTaskId's ReleaseNote.
 */
import { describe, expect, it } from '@jest/globals'
import { createClient } from '../../src/wuying/client.js'
import { createCredential } from '../../src/credentials/keys.js'
import { selectCredentials } from '../../src/inputs/credentials.js'
import { RESPONSE_PARSERS } from '../../src/wuying/responses.js'
import { groupModel } from '../../emulator/state/group-model.js'
import type { Emulator } from '../../emulator/index.js'
import { useEmulator } from '../../__fixtures__/emulator.js'
import { TEST_KEY } from '../../__fixtures__/emulator-client.js'
import { OFFICIAL_GROUP_FIELDS } from '../../__fixtures__/group-model.js'

let emu: Emulator
useEmulator((started) => (emu = started))

function api() {
  const source = selectCredentials({ ...TEST_KEY, securityToken: '' }, {})
  return createClient({
    endpoint: { host: emu.endpoint, protocol: emu.protocol },
    credential: createCredential(source, () => undefined),
    signatureVersion: 'v3',
    timeoutMs: 5000
  })
}

const FULL = groupModel({ id: 'aig-hzdesign01', name: 'design', region: 'cn-hangzhou', otaVersion: '1.4.2' }, 'PUBLISHED', {
  TaskId: 'ota-hzdesign01a',
  OtaVersion: '1.4.2',
  NewOtaVersion: '1.5.0'
})
const READ = {
  AppInstanceGroupId: 'aig-hzdesign01',
  AppInstanceGroupName: 'design',
  RegionId: 'cn-hangzhou',
  ProductType: 'CloudApp',
  Status: 'PUBLISHED',
  OtaInfo: { TaskId: 'ota-hzdesign01a', OtaVersion: '1.4.2', NewOtaVersion: '1.5.0' }
}
const page = (group: object) => ({
  RequestId: 'RID',
  TotalCount: 1,
  PageNumber: 1,
  PageSize: 20,
  AppInstanceGroupModels: [group]
})

describe('the client with the official group model', () => {
  it('reads the emulator answer of all 38 fields per group, keeping the fields the action uses', async () => {
    const answer = await api().listAppInstanceGroups({ ProductType: 'CloudApp', BizRegionId: 'cn-hangzhou' })

    const raw = emu.state().groups.filter((g) => g.RegionId === 'cn-hangzhou')
    expect(raw.length).toBeGreaterThan(1)
    for (const group of raw) expect(Object.keys(group).sort()).toEqual(Object.keys(OFFICIAL_GROUP_FIELDS).sort())
    expect(answer.AppInstanceGroupModels.map((g) => g.AppInstanceGroupId)).toEqual(raw.map((g) => g.AppInstanceGroupId))
    expect(answer.AppInstanceGroupModels[0]).toEqual(
      expect.objectContaining({ RegionId: 'cn-hangzhou', OtaInfo: raw[0]?.OtaInfo, Status: raw[0]?.Status })
    )
  })

  it('reads GetOtaTaskByTaskId with its ReleaseNote', async () => {
    const answer = await api().getOtaTaskByTaskId({ TaskId: 'ota-hzdesign01a' })
    expect(answer).toMatchObject({ Code: 'success', OtaVersion: '1.5.0', ReleaseNote: expect.stringContaining('1.5.0') })
  })

  it.each([
    { name: 'the full model', group: FULL },
    { name: 'fields a later version adds', group: { ...FULL, FutureField: { Nested: [1, 'a', null] }, Another: 7 } },
    {
      name: 'nested fields null or empty',
      group: { ...FULL, Apps: null, NodePool: [], Tags: null, ResourceTags: [{}], ExpiredTime: null, Amount: '2' }
    },
    { name: 'OtaInfo with fields a later version adds', group: { ...FULL, OtaInfo: { ...FULL.OtaInfo, ReleaseNote: 'x' } } }
  ])('parses $name, keeping what the action reads', ({ group }) => {
    expect(RESPONSE_PARSERS.ListAppInstanceGroup(page(group)).AppInstanceGroupModels).toEqual([READ])
  })
})
