/**
 * End to end, OIDC: the built action gets the job's ID token from a loopback stand-in for GitHub's
 * ID-token service, exchanges it with the emulator's STS (over HTTPS, trusted through NODE_EXTRA_CA_CERTS
 * as the library insists on https) and signs its API calls with the STS token the emulator verifies.
 */
import { describe, expect, it } from '@jest/globals'
import { readdir } from 'node:fs/promises'
import { runAction, type ActionRun } from '../../__fixtures__/action.js'
import { EXPIRED_STS, OIDC_PROVIDER_ARN, OIDC_ROLE_ARN, TEST_KEY } from '../../__fixtures__/emulator-client.js'
import { useOidcSetup } from '../../__fixtures__/oidc-e2e.js'

const oidc = useOidcSetup()
const GROUP = { 'app-instance-group-id': 'aig-hzdesign01', 'biz-region-id': 'cn-hangzhou' }
const oidcRun = (inputs: Record<string, string> = {}, env: Record<string, string> = {}): Promise<ActionRun> =>
  oidc.run(inputs, env)

/** Every value the action masked, and whatever else must never be shown. */
function secretsOf(run: ActionRun): string[] {
  const masked = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('::add-mask::'))
    .map((line) => line.slice('::add-mask::'.length))
  return [...masked, ...oidc.ids().issued()]
}

/** The run as a person sees it: the runner consumes `::add-mask::` lines. */
function visible(run: ActionRun): string {
  return run.everything
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n')
}

describe('the built action with role-to-assume', () => {
  it('assumes the role through OIDC and approves with the STS token the emulator verifies', async () => {
    const tokensBefore = oidc.ids().requests().length
    const result = await oidcRun()

    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ code: 'success', approved: 'true', 'task-id': 'ota-hzdesign01a' })
    expect(oidc.ids().requests().slice(tokensBefore)).toEqual([
      expect.objectContaining({ audience: 'sts.aliyuncs.com', authorized: true, status: 200 })
    ])
    const requests = oidc.emu().requests()
    expect(requests.map((r) => [r.action, r.scheme, r.status])).toEqual([
      ['AssumeRoleWithOIDC', 'anonymous', 200],
      ['ListAppInstanceGroup', 'ACS3-HMAC-SHA256', 200],
      ['ApproveOtaTask', 'ACS3-HMAC-SHA256', 200]
    ])
    expect(requests[0].params).toMatchObject({
      RoleArn: OIDC_ROLE_ARN,
      OIDCProviderArn: OIDC_PROVIDER_ARN,
      RoleSessionName: 'octo-org.fleet-config-4242-1',
      DurationSeconds: '900'
    })
    // The API calls are signed with the minted STS key, not with any long-lived key.
    expect(requests[1].accessKeyId).toMatch(/^STS\./)
    expect(requests[2].accessKeyId).toBe(requests[1].accessKeyId)
    expect(result.stdout).toContain(OIDC_ROLE_ARN)
    expect(result.stdout).toContain('octo-org.fleet-config-4242-1')
  })

  it('leaves no ID token file behind and shows no credential value anywhere', async () => {
    const result = await oidcRun()

    expect(result.exitCode).toBe(0)
    expect(await readdir(oidc.temp())).toEqual([])
    const secrets = secretsOf(result)
    expect(secrets.length).toBeGreaterThanOrEqual(4)
    for (const secret of secrets) expect(visible(result)).not.toContain(secret)
  })

  it('removes the ID token file when STS refuses too', async () => {
    const result = await oidcRun({ audience: 'sts.example.com' })

    expect(result.exitCode).toBe(1)
    expect(await readdir(oidc.temp())).toEqual([])
    for (const secret of secretsOf(result)) expect(visible(result)).not.toContain(secret)
  })

  it('refuses a wrong audience with STS code, request id and the input to check', async () => {
    const result = await oidcRun({ audience: 'sts.example.com' })

    expect(result.exitCode).toBe(1)
    const sts = oidc.emu().requests()[0]
    expect([sts.action, sts.status]).toEqual(['AssumeRoleWithOIDC', 400])
    expect(result.stdout).toMatch(/::error::.*AuthenticationFail\.OIDCToken\.AudienceMismatch/)
    expect(result.stdout).toContain(sts.requestId)
    expect(result.stdout).toMatch(/::error::.*audience/)
    expect(
      oidc
        .emu()
        .requests()
        .filter((r) => r.action === 'ApproveOtaTask')
    ).toHaveLength(0)
  })

  it('refuses an unknown role with STS code and request id', async () => {
    const result = await oidcRun({ 'role-to-assume': 'acs:ram::1234567890123456:role/no-such-role' })

    expect(result.exitCode).toBe(1)
    const sts = oidc.emu().requests()[0]
    expect(result.stdout).toMatch(new RegExp(`::error::.*${sts.code?.replace('.', '\\.')}`))
    expect(sts.code).toMatch(/^EntityNotExist\.Role|NoPermission/)
    expect(result.stdout).toContain(sts.requestId)
    expect(oidc.emu().requests()).toHaveLength(1)
  })

  it('says the workflow needs id-token: write when the runner gives no ID-token URL', async () => {
    const result = await oidcRun({}, { ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' })

    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(/::error::.*id-token: write/)
    expect(oidc.emu().requests()).toHaveLength(0)
  })

  it('refuses, before any request, an STS token that could expire during wait', async () => {
    const tokensBefore = oidc.ids().requests().length
    const result = await oidcRun({ wait: 'true' })

    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(/::error::role-duration-seconds: 900 s is shorter than the step may run \(70 min/)
    expect(oidc.emu().requests()).toHaveLength(0)
    expect(oidc.ids().requests()).toHaveLength(tokensBefore)
  })

  it('names the missing provider ARN when only the role is given', async () => {
    const tokensBefore = oidc.ids().requests().length
    const result = await oidcRun({ 'oidc-provider-arn': '' })

    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(/::error::.*oidc-provider-arn/)
    expect(oidc.emu().requests()).toHaveLength(0)
    expect(oidc.ids().requests()).toHaveLength(tokensBefore)
  })
})

describe('the built action with an expired STS token', () => {
  it('is refused by the API with InvalidSecurityToken.Expired', async () => {
    const result = await runAction(
      {
        ...GROUP,
        endpoint: `https://${oidc.emu().endpoint}`,
        'access-key-id': EXPIRED_STS.accessKeyId,
        'access-key-secret': EXPIRED_STS.accessKeySecret,
        'security-token': EXPIRED_STS.securityToken
      },
      { env: { NODE_EXTRA_CA_CERTS: oidc.emu().caCertPath ?? '' } }
    )

    expect(result.exitCode).toBe(1)
    expect(result.outputs.code).toBe('InvalidSecurityToken.Expired')
    expect(oidc.emu().requests()).toHaveLength(1)
    expect(visible(result)).not.toContain(EXPIRED_STS.securityToken)
  })
})

describe('the built action with no credentials at all', () => {
  it('lists the three ways to provide them and points at the README', async () => {
    const result = await runAction(
      { ...GROUP, endpoint: `https://${oidc.emu().endpoint}` },
      { env: { NODE_EXTRA_CA_CERTS: oidc.emu().caCertPath ?? '' } }
    )

    expect(result.exitCode).toBe(1)
    const error = result.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? ''
    expect(error).toContain('access-key-id')
    expect(error).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID')
    expect(error).toContain('role-to-assume')
    expect(error).toMatch(/README/)
    expect(oidc.emu().requests()).toHaveLength(0)
  })

  it('prefers the access-key inputs over the environment', async () => {
    const result = await runAction(
      {
        ...GROUP,
        endpoint: `https://${oidc.emu().endpoint}`,
        'access-key-id': TEST_KEY.accessKeyId,
        'access-key-secret': TEST_KEY.accessKeySecret
      },
      {
        env: {
          NODE_EXTRA_CA_CERTS: oidc.emu().caCertPath ?? '',
          ALIBABA_CLOUD_ACCESS_KEY_ID: EXPIRED_STS.accessKeyId,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: EXPIRED_STS.accessKeySecret
        }
      }
    )

    expect(result.exitCode).toBe(0)
    expect(
      oidc
        .emu()
        .requests()
        .every((r) => r.accessKeyId === TEST_KEY.accessKeyId)
    ).toBe(true)
  })
})
