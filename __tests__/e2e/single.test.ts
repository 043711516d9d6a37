/**
 * End to end: the built dist/index.js, spawned as the GitHub runner spawns it, against the emulator of
 * the sample fleet, in both signing modes.
 */
import { beforeEach, describe, expect, it } from '@jest/globals'
import { runAction, RUNNER_GITHUB_TOKEN, type ActionRun } from '../../__fixtures__/action.js'
import { EXPIRED_STS, TEST_KEY, TEST_STS } from '../../__fixtures__/emulator-client.js'
import { type Emulator } from '../../emulator/index.js'
import { useEmulator } from '../../__fixtures__/emulator.js'

let emu: Emulator
useEmulator((started) => (emu = started))
let seededTasks: Set<string>
beforeEach(() => {
  seededTasks = new Set(emu.state().tasks.map((t) => t.TaskId))
})

/** A start time tomorrow at 02:00 in UTC+8, written as a user would write it. */
function tomorrowAt2InShanghai(): string {
  const shanghai = new Date(Date.now() + 8 * 3600_000 + 24 * 3600_000)
  return `${shanghai.toISOString().slice(0, 10)}T02:00:00+08:00`
}

const KEY_INPUTS = { 'access-key-id': TEST_KEY.accessKeyId, 'access-key-secret': TEST_KEY.accessKeySecret }
const SECRETS = [TEST_KEY.accessKeySecret, TEST_STS.accessKeySecret, TEST_STS.securityToken]

/** What a person would read: the runner hides `::add-mask::` commands, so they are dropped here. */
function visible(run: ActionRun): string {
  return run.everything
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n')
}

function run(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({ endpoint: emu.url, ...inputs }, { env })
}

/** Tasks approved since the fixture was loaded (the fixture seeds one already running). */
const approvals = () => emu.state().tasks.filter((t) => !seededTasks.has(t.TaskId))
const approvalsOf = (group: string) => approvals().filter((t) => t.AppInstanceGroupId === group)

describe.each(['v3', 'v2'] as const)('the built action with signature-version %s', (signatureVersion) => {
  const scheme = signatureVersion === 'v3' ? 'ACS3-HMAC-SHA256' : 'HMAC-SHA1'

  it('looks up the pending task, approves it once and reports the approval', async () => {
    const startTime = tomorrowAt2InShanghai()
    const result = await run({
      ...KEY_INPUTS,
      'app-instance-group-id': 'aig-hzdesign01',
      'biz-region-id': 'cn-hangzhou',
      'start-time': startTime,
      'signature-version': signatureVersion
    })

    expect(result.exitCode).toBe(0)
    const requests = emu.requests()
    expect(requests.map((r) => [r.action, r.scheme, r.status])).toEqual([
      ['ListAppInstanceGroup', scheme, 200],
      ['ApproveOtaTask', scheme, 200]
    ])
    expect(requests[0].params).toMatchObject({
      ProductType: 'CloudApp',
      AppInstanceGroupId: 'aig-hzdesign01',
      BizRegionId: 'cn-hangzhou'
    })
    expect(requests[1].params).toEqual({
      AppInstanceGroupId: 'aig-hzdesign01',
      BizRegionId: 'cn-hangzhou',
      TaskId: 'ota-hzdesign01a',
      OtaType: 'Fota',
      StartTime: startTime
    })
    expect(requests[1].connection).toBe(requests[0].connection)
    expect(result.outputs).toMatchObject({
      code: 'success',
      'request-id': requests[1].requestId,
      'task-id': 'ota-hzdesign01a',
      'ota-version': '1.4.2',
      'new-ota-version': '1.5.0',
      'start-time': startTime,
      approved: 'true'
    })
    expect(approvalsOf('aig-hzdesign01')).toEqual([
      expect.objectContaining({ TaskId: 'ota-hzdesign01a', TaskDisplayStatus: 'STANDBY', OtaVersion: '1.5.0' })
    ])
    expect(result.summary).toContain('aig-hzdesign01')
    expect(result.summary).toContain('ota-hzdesign01a')
    expect(result.summary).toContain(requests[1].requestId)
    for (const secret of SECRETS) expect(visible(result)).not.toContain(secret)
    // github-token's default, the job's token as the runner fills it in, is masked though no Deployment is recorded.
    expect(result.stdout).toContain(`::add-mask::${RUNNER_GITHUB_TOKEN}\n`)
    expect(visible(result)).not.toContain(RUNNER_GITHUB_TOKEN)
    // Nothing else in the log: on Node 24 the bundled client library's url.parse() used to print DEP0169 here.
    expect(result.stderr).toBe('')
  })

  it('takes credentials from the environment when the inputs are empty', async () => {
    const result = await run(
      { 'app-instance-group-id': 'aig-sgtrain007', 'biz-region-id': 'ap-southeast-1', 'signature-version': signatureVersion },
      { ALIBABA_CLOUD_ACCESS_KEY_ID: TEST_KEY.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: TEST_KEY.accessKeySecret }
    )

    expect(result.exitCode).toBe(0)
    expect(result.outputs.approved).toBe('true')
    expect(emu.requests().every((r) => r.accessKeyId === TEST_KEY.accessKeyId)).toBe(true)
    expect(approvalsOf('aig-sgtrain007')).toHaveLength(1)
    expect(visible(result)).not.toContain(TEST_KEY.accessKeySecret)
  })

  it('signs with an STS token that the emulator verifies', async () => {
    const result = await run({
      'access-key-id': TEST_STS.accessKeyId,
      'access-key-secret': TEST_STS.accessKeySecret,
      'security-token': TEST_STS.securityToken,
      'app-instance-group-id': 'aig-shcad00003',
      'biz-region-id': 'cn-shanghai',
      'signature-version': signatureVersion
    })

    expect(result.exitCode).toBe(0)
    expect(result.outputs.code).toBe('success')
    expect(emu.requests().map((r) => [r.accessKeyId, r.status])).toEqual([
      [TEST_STS.accessKeyId, 200],
      [TEST_STS.accessKeyId, 200]
    ])
    expect(visible(result)).not.toContain(TEST_STS.securityToken)
    expect(visible(result)).not.toContain(TEST_STS.accessKeySecret)
  })

  it('fails on an expired STS token with the code, and approves nothing', async () => {
    const result = await run({
      'access-key-id': EXPIRED_STS.accessKeyId,
      'access-key-secret': EXPIRED_STS.accessKeySecret,
      'security-token': EXPIRED_STS.securityToken,
      'app-instance-group-id': 'aig-shcad00003',
      'biz-region-id': 'cn-shanghai',
      'signature-version': signatureVersion
    })

    expect(result.exitCode).toBe(1)
    expect(result.outputs.code).toBe('InvalidSecurityToken.Expired')
    expect(result.outputs['request-id']).toBe(emu.requests()[0].requestId)
    expect(result.outputs.approved).toBe('false')
    expect(result.stdout).toContain('::error::')
    expect(approvals()).toHaveLength(0)
  })
})

describe('the built action when there is nothing to approve', () => {
  const noUpdate = { ...KEY_INPUTS, 'app-instance-group-id': 'aig-shkiosk005', 'biz-region-id': 'cn-shanghai' }

  it('succeeds without approving under if-no-update: skip', async () => {
    const result = await run(noUpdate)

    expect(result.exitCode).toBe(0)
    expect(emu.requests().map((r) => r.action)).toEqual(['ListAppInstanceGroup'])
    expect(result.outputs).toMatchObject({
      code: 'NoPendingUpdate',
      approved: 'false',
      'request-id': emu.requests()[0].requestId,
      'ota-version': '1.5.0'
    })
    expect(result.outputs.message).toMatch(/no pending/i)
  })

  it('fails the step under if-no-update: fail, with the same outputs', async () => {
    const result = await run({ ...noUpdate, 'if-no-update': 'fail' })

    expect(result.exitCode).toBe(1)
    expect(emu.requests().map((r) => r.action)).toEqual(['ListAppInstanceGroup'])
    expect(result.outputs).toMatchObject({ code: 'NoPendingUpdate', approved: 'false' })
    expect(result.stdout).toMatch(/::error::.*aig-shkiosk005/)
  })
})

describe('the built action against a business refusal', () => {
  const running = { ...KEY_INPUTS, 'app-instance-group-id': 'aig-shvideo004', 'biz-region-id': 'cn-shanghai' }

  it('fails on OtaTask.Running answered with HTTP 200 and reports its code and message', async () => {
    const result = await run(running)

    expect(result.exitCode).toBe(1)
    const approve = emu.requests()[1]
    expect([approve.action, approve.status, approve.code]).toEqual(['ApproveOtaTask', 200, 'OtaTask.Running'])
    expect(result.outputs).toMatchObject({
      code: 'OtaTask.Running',
      message: 'The task is running and cannot be sumitted.',
      'request-id': approve.requestId,
      approved: 'false'
    })
    expect(result.stdout).toMatch(/::error::.*OtaTask\.Running/)
  })

  it('keeps the step green under fail-on-error: false, outputs still set', async () => {
    const result = await run({ ...running, 'fail-on-error': 'false' })

    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ code: 'OtaTask.Running', approved: 'false' })
    expect(result.stdout).not.toContain('::error::')
  })
})

describe('the built action with a wrong group or region', () => {
  it.each([
    ['an unknown group', 'aig-doesnotexist', 'cn-hangzhou'],
    ['a group looked for in the wrong region', 'aig-hzdesign01', 'cn-shanghai']
  ])('fails on %s naming the group and region, and approves nothing', async (_, group, region) => {
    const result = await run({ ...KEY_INPUTS, 'app-instance-group-id': group, 'biz-region-id': region })

    expect(result.exitCode).toBe(1)
    expect(emu.requests().map((r) => r.action)).toEqual(['ListAppInstanceGroup'])
    expect(result.stdout).toMatch(new RegExp(`::error::.*no delivery group ${group}.*${region}`))
    expect(result.outputs.approved).toBe('false')
    expect(approvals()).toHaveLength(0)
  })
})

describe('the built action with bad input', () => {
  it.each([
    ['start-time', 'tomorrow'],
    ['start-time', '2026-02-30T00:00:00Z'],
    ['start-time', '2026-12-01T02:00:00'],
    ['app-instance-group-id', 'group-1'],
    ['biz-region-id', 'Hangzhou'],
    ['signature-version', 'v4'],
    ['endpoint', 'http://appstream-center.cn-shanghai.aliyuncs.com']
  ])('rejects %s=%s naming the input, with zero requests sent', async (name, value) => {
    const result = await run({
      ...KEY_INPUTS,
      'app-instance-group-id': 'aig-hzdesign01',
      'biz-region-id': 'cn-hangzhou',
      [name]: value
    })

    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(new RegExp(`::error::.*${name}`))
    expect(emu.requests()).toHaveLength(0)
  })
})

describe('the built action with task-id given', () => {
  it('approves that task with exactly one request', async () => {
    const result = await run({
      ...KEY_INPUTS,
      'app-instance-group-id': 'aig-hzoffice02',
      'biz-region-id': 'cn-hangzhou',
      'task-id': 'ota-hzoffice02a',
      'start-time': '+2h'
    })

    expect(result.exitCode).toBe(0)
    const requests = emu.requests()
    expect(requests.map((r) => r.action)).toEqual(['ApproveOtaTask'])
    expect(requests[0].params.TaskId).toBe('ota-hzoffice02a')
    const sent = Date.parse(requests[0].params.StartTime)
    expect(sent - Date.now()).toBeGreaterThan(2 * 3600_000 - 60_000)
    expect(sent - Date.now()).toBeLessThanOrEqual(2 * 3600_000)
    expect(result.outputs).toMatchObject({ code: 'success', 'task-id': 'ota-hzoffice02a', approved: 'true' })
    expect(approvalsOf('aig-hzoffice02')).toHaveLength(1)
  })

  it('reports a stale task id as the API refused it', async () => {
    const result = await run({
      ...KEY_INPUTS,
      'app-instance-group-id': 'aig-hzoffice02',
      'biz-region-id': 'cn-hangzhou',
      'task-id': 'ota-notthecurrent1'
    })

    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ code: 'InvalidParameter.TaskId', approved: 'false' })
    expect(approvalsOf('aig-hzoffice02')).toHaveLength(0)
  })
})
