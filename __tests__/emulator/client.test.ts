import { describe, expect, it } from '@jest/globals'
import { readTestOidcKey, signIdToken, type Emulator } from '../../emulator/index.js'
import { useEmulator } from '../../__fixtures__/emulator.js'
import {
  callOp,
  EXPIRED_STS,
  INACTIVE_KEY,
  OIDC_ISSUER,
  OIDC_PROVIDER_ARN,
  OIDC_ROLE_ARN,
  sdkClient,
  sdkError,
  TEST_KEY,
  TEST_STS,
  type Credentials,
  type SigningMode
} from '../../__fixtures__/emulator-client.js'

const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/
const GROUP = 'aig-hzdesign01'
const TASK = 'ota-hzdesign01a'
const APPROVAL = {
  AppInstanceGroupId: GROUP,
  BizRegionId: 'cn-hangzhou',
  TaskId: TASK,
  OtaType: 'Fota',
  StartTime: '2020-01-01T00:00:00+08:00'
}

let emu: Emulator

useEmulator((started) => (emu = started))

const CASES: Array<[SigningMode, string, Credentials]> = [
  ['acs3', 'an access key', TEST_KEY],
  ['acs3', 'an STS token', TEST_STS],
  ['v2', 'an access key', TEST_KEY],
  ['v2', 'an STS token', TEST_STS]
]

describe.each(CASES)('the real client library in %s mode with %s', (mode, _, credentials) => {
  const client = () => sdkClient(emu.endpoint, credentials, mode)

  it('lists groups filtered by region and Status.N sent in the body', async () => {
    const res = await callOp(client(), 'ListAppInstanceGroup', {
      query: { ProductType: 'CloudApp', BizRegionId: 'ap-southeast-1', PageSize: '10' },
      body: { 'Status.1': 'PUBLISHED', 'Status.2': 'MAINTAINING' }
    })
    expect(res.statusCode).toBe(200)
    expect(res.body.RequestId).toMatch(REQUEST_ID)
    expect(res.body).toMatchObject({ TotalCount: 2, PageNumber: 1, PageSize: 10 })
    const groups = res.body.AppInstanceGroupModels as Array<{ AppInstanceGroupId: string; RegionId: string }>
    expect(groups.map((g) => g.AppInstanceGroupId)).toEqual(['aig-sgfails006', 'aig-sgtrain007'])
    expect(emu.requests()[0]).toMatchObject({
      action: 'ListAppInstanceGroup',
      scheme: mode === 'acs3' ? 'ACS3-HMAC-SHA256' : 'HMAC-SHA1',
      accessKeyId: credentials.accessKeyId,
      status: 200
    })
    expect(emu.requests()[0]?.params).toEqual({
      ProductType: 'CloudApp',
      BizRegionId: 'ap-southeast-1',
      PageSize: '10',
      'Status.1': 'PUBLISHED',
      'Status.2': 'MAINTAINING'
    })
  })

  it('logs the signature each request carried, a different one per request', async () => {
    await callOp(client(), 'ListAppInstanceGroup', { query: { ProductType: 'CloudApp' } })
    await callOp(client(), 'ListAppInstanceGroup', { query: { ProductType: 'CloudApp' } })
    const signatures = emu.requests().map((r) => r.signature)
    expect(signatures[0]).toMatch(mode === 'acs3' ? /^[0-9a-f]{64}$/ : /^[A-Za-z0-9+/]{27}=$/)
    expect(signatures[1]).toMatch(mode === 'acs3' ? /^[0-9a-f]{64}$/ : /^[A-Za-z0-9+/]{27}=$/)
    expect(signatures[1]).not.toBe(signatures[0])
  })

  it('approves a pending task, reports OtaTask.Running with HTTP 200, and refuses the stale TaskId', async () => {
    const c = client()
    const approved = await callOp(c, 'ApproveOtaTask', { body: APPROVAL })
    expect(approved.statusCode).toBe(200)
    expect(approved.body).toEqual({ RequestId: expect.stringMatching(REQUEST_ID), Code: 'success' })

    const listed = await callOp(c, 'ListAppInstanceGroup', { query: { ProductType: 'CloudApp', AppInstanceGroupId: GROUP } })
    const info = (listed.body.AppInstanceGroupModels as Array<{ OtaInfo: { TaskId: string; NewOtaVersion: string } }>)[0]?.OtaInfo
    expect(info?.TaskId).toMatch(/^ota-[a-z0-9]{6,32}$/)
    expect(info?.TaskId).not.toBe(TASK)

    const running = await callOp(c, 'ApproveOtaTask', { body: { ...APPROVAL, TaskId: info?.TaskId as string } })
    expect(running.statusCode).toBe(200)
    expect(running.body).toMatchObject({ Code: 'OtaTask.Running', Message: 'The task is running and cannot be sumitted.' })

    const stale = await sdkError(callOp(c, 'ApproveOtaTask', { body: APPROVAL }))
    expect(stale).toMatchObject({ code: 'InvalidParameter.TaskId', statusCode: 400 })
    expect(stale.data).toMatchObject({
      Code: 'InvalidParameter.TaskId',
      RequestId: expect.stringMatching(REQUEST_ID),
      HostId: emu.endpoint
    })
  })

  it('lists the approved task and gets it by TaskId', async () => {
    const c = client()
    await callOp(c, 'ApproveOtaTask', { body: APPROVAL })
    const tasks = await callOp(c, 'ListOtaTask', {
      body: { AppInstanceGroupId: GROUP, OtaType: 'Fota', PageNumber: '1', PageSize: '10' }
    })
    expect(tasks.body).toMatchObject({
      TotalCount: 1,
      TaskList: [{ TaskId: TASK, OtaVersion: '1.5.0', TaskDisplayStatus: 'RUNNING' }]
    })
    const task = await callOp(c, 'GetOtaTaskByTaskId', { body: { TaskId: TASK } })
    expect(task.body).toMatchObject({ Code: 'success', OtaVersion: '1.5.0', ReleaseNote: expect.stringContaining('1.5.0') })
  })

  it.each<{ name: string; action: string; query: Record<string, string>; code: string; status: number }>([
    {
      name: 'a missing required parameter',
      action: 'ListAppInstanceGroup',
      query: { BizRegionId: 'cn-hangzhou' },
      code: 'MissingProductType',
      status: 400
    },
    {
      name: 'a PageSize above 100',
      action: 'ListAppInstanceGroup',
      query: { ProductType: 'CloudApp', PageSize: '101' },
      code: 'InvalidParameter.PageSize',
      status: 400
    },
    { name: 'an unknown action', action: 'DeleteAppInstanceGroup', query: {}, code: 'InvalidApi.NotFound', status: 404 }
  ])('surfaces $name as $code', async ({ action, query, code, status }) => {
    expect(await sdkError(callOp(client(), action, { query }))).toMatchObject({ code, statusCode: status })
  })

  it('surfaces a wrong API version as InvalidVersion', async () => {
    const err = await sdkError(
      callOp(client(), 'ListAppInstanceGroup', { query: { ProductType: 'CloudApp' } }, { version: '2020-10-01' })
    )
    expect(err).toMatchObject({ code: 'InvalidVersion', statusCode: 400 })
  })

  it('surfaces a wrong secret as SignatureDoesNotMatch', async () => {
    const wrong = sdkClient(emu.endpoint, { ...credentials, accessKeySecret: `${credentials.accessKeySecret}x` }, mode)
    const err = await sdkError(callOp(wrong, 'ListAppInstanceGroup', { query: { ProductType: 'CloudApp' } }))
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 })
    if (mode === 'v2') expect(err.data?.Message).toMatch(/ server string to sign is:POST&%2F&AccessKeyId%3D/)
  })

  it('reuses one TCP connection for sequential calls', async () => {
    const c = client()
    for (let i = 0; i < 3; i++) await callOp(c, 'GetOtaTaskByTaskId', { body: { TaskId: TASK } })
    const connections = new Set(emu.requests().map((r) => r.connection))
    expect(connections.size).toBe(1)
  })
})

describe.each(['acs3', 'v2'] as SigningMode[])('credential refusals through the client library in %s mode', (mode) => {
  it.each([
    {
      name: 'an unknown access key',
      credentials: { ...TEST_KEY, accessKeyId: 'LTAI5tNoSuchKey' },
      code: 'InvalidAccessKeyId.NotFound',
      status: 404
    },
    { name: 'a disabled access key', credentials: INACTIVE_KEY, code: 'InvalidAccessKeyId.Inactive', status: 400 },
    { name: 'an expired STS token', credentials: EXPIRED_STS, code: 'InvalidSecurityToken.Expired', status: 400 },
    {
      name: 'an unknown STS token',
      credentials: { ...TEST_STS, securityToken: 'CAISforged' },
      code: 'InvalidSecurityToken.Malformed',
      status: 400
    },
    {
      name: 'an STS key without its token',
      credentials: { accessKeyId: TEST_STS.accessKeyId, accessKeySecret: TEST_STS.accessKeySecret },
      code: 'InvalidAccessKeyId.NotFound',
      status: 404
    }
  ])('refuses $name with $code', async ({ credentials, code, status }) => {
    const err = await sdkError(
      callOp(sdkClient(emu.endpoint, credentials, mode), 'ListAppInstanceGroup', { query: { ProductType: 'CloudApp' } })
    )
    expect(err).toMatchObject({ code, statusCode: status })
  })

  it('exchanges an OIDC token anonymously and uses the minted STS credentials', async () => {
    const now = Math.floor(Date.now() / 1000)
    const token = signIdToken(
      { iss: OIDC_ISSUER, aud: 'sts.aliyuncs.com', sub: 'repo:example/app:ref:refs/heads/main', iat: now, exp: now + 300 },
      readTestOidcKey()
    )
    const anonymous = sdkClient(emu.endpoint, { accessKeyId: '', accessKeySecret: '' }, mode)
    const res = await callOp(
      anonymous,
      'AssumeRoleWithOIDC',
      {
        body: {
          OIDCProviderArn: OIDC_PROVIDER_ARN,
          OIDCToken: token,
          RoleArn: OIDC_ROLE_ARN,
          RoleSessionName: 'github-actions',
          DurationSeconds: '900'
        }
      },
      { version: '2015-04-01', authType: 'Anonymous' }
    )
    const creds = res.body.Credentials as {
      AccessKeyId: string
      AccessKeySecret: string
      SecurityToken: string
      Expiration: string
    }
    expect(creds.AccessKeyId).toMatch(/^STS\./)
    expect(Date.parse(creds.Expiration) - Date.now()).toBeGreaterThan(800_000)
    expect(emu.requests().at(-1)).toMatchObject({ action: 'AssumeRoleWithOIDC', scheme: 'anonymous', status: 200 })

    const minted = sdkClient(
      emu.endpoint,
      { accessKeyId: creds.AccessKeyId, accessKeySecret: creds.AccessKeySecret, securityToken: creds.SecurityToken },
      mode
    )
    const listed = await callOp(minted, 'ListAppInstanceGroup', { query: { ProductType: 'CloudApp' } })
    expect(listed.body.TotalCount).toBe(8)
  })
})
