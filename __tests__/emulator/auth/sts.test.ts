import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readTestOidcKey, signIdToken, startEmulator, type Emulator } from '../../../emulator/index.js'
import { callOp, sdkClient } from '../../../__fixtures__/emulator-client.js'
import { OIDC, oidcFleet } from '../../../__fixtures__/emulator-fleet.js'
import { sendRaw, utcStamp, wireForm } from '../../../__fixtures__/emulator-sign.js'

const TEST_KEY_PEM = readTestOidcKey()
const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
const OTHER_KEY_PEM = other.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()

let emu: Emulator

beforeAll(async () => {
  const jwk = createPublicKey(TEST_KEY_PEM).export({ format: 'jwk' })
  emu = await startEmulator({ fixture: oidcFleet(jwk, other.publicKey.export({ type: 'spki', format: 'pem' }).toString()) })
})
afterAll(async () => {
  await emu.close()
})

const nowSeconds = () => Math.floor(Date.now() / 1000)
const claims = (extra: Record<string, unknown> = {}) => ({
  iss: OIDC.issuer,
  aud: OIDC.audience,
  sub: OIDC.subject,
  iat: nowSeconds(),
  exp: nowSeconds() + 300,
  ...extra
})
const token = (extra: Record<string, unknown> = {}, key = TEST_KEY_PEM) => signIdToken(claims(extra), key, { kid: 'k1' })

/** assume sends AssumeRoleWithOIDC the way @alicloud/credentials does: Action etc. in the query, form body, no signature. */
function assume(form: Record<string, string>, version = '2015-04-01') {
  const query: Array<[string, string]> = [
    ['Version', version],
    ['Action', 'AssumeRoleWithOIDC'],
    ['Format', 'JSON'],
    ['Timestamp', utcStamp()]
  ]
  const body = wireForm(
    Object.entries({
      OIDCProviderArn: OIDC.provider,
      OIDCToken: token(),
      RoleArn: OIDC.role,
      RoleSessionName: 'ci-run',
      DurationSeconds: '3600',
      ...form
    })
  )
  return sendRaw(emu.port, {
    method: 'POST',
    path: `/?${wireForm(query)}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body
  })
}

describe('AssumeRoleWithOIDC', () => {
  it('answers STS credentials, assumed role and token info for a valid token', async () => {
    const res = await assume({})
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      Credentials: {
        AccessKeyId: expect.stringMatching(/^STS\.[A-Za-z0-9]+$/),
        AccessKeySecret: expect.any(String),
        SecurityToken: expect.stringMatching(/^CAIS/),
        Expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
      },
      AssumedRoleUser: { Arn: `${OIDC.role}/ci-run`, AssumedRoleId: expect.stringMatching(/^\d+:ci-run$/) },
      OIDCTokenInfo: { Subject: OIDC.subject, Issuer: OIDC.issuer, ClientIds: OIDC.audience }
    })
    const expiresIn = Date.parse(String((res.json.Credentials as { Expiration: string }).Expiration)) - Date.now()
    expect(expiresIn).toBeGreaterThan(3590_000)
    expect(expiresIn).toBeLessThanOrEqual(3600_000)
    expect(emu.requests().at(-1)).toMatchObject({
      action: 'AssumeRoleWithOIDC',
      version: '2015-04-01',
      scheme: 'anonymous',
      status: 200
    })
    expect(emu.requests().at(-1)?.params).not.toHaveProperty('Timestamp')
  })

  it('mints credentials the API then accepts', async () => {
    const creds = (await assume({})).json.Credentials as { AccessKeyId: string; AccessKeySecret: string; SecurityToken: string }
    const client = sdkClient(
      emu.endpoint,
      { accessKeyId: creds.AccessKeyId, accessKeySecret: creds.AccessKeySecret, securityToken: creds.SecurityToken },
      'acs3'
    )
    expect((await callOp(client, 'ListAppInstanceGroup', { query: { ProductType: 'CloudApp' } })).statusCode).toBe(200)
  })

  it('accepts an audience list that contains a client ID', async () => {
    expect((await assume({ OIDCToken: token({ aud: ['other', OIDC.audience] }) })).status).toBe(200)
  })

  it.each<{ name: string; form: Record<string, string>; code: string; status: number }>([
    {
      name: 'an unknown provider',
      form: { OIDCProviderArn: 'acs:ram::1:oidc-provider/nope' },
      code: 'EntityNotExist.OIDCProvider',
      status: 404
    },
    { name: 'a token that is not a JWT', form: { OIDCToken: 'not-a-jwt' }, code: 'InvalidParameter.OIDCToken', status: 400 },
    {
      name: 'a token signed with another key',
      form: { OIDCToken: token({}, OTHER_KEY_PEM) },
      code: 'AuthenticationFail.OIDCToken.Invalid',
      status: 400
    },
    {
      name: 'an unsigned token',
      form: {
        OIDCToken: `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.AA`
      },
      code: 'AuthenticationFail.OIDCToken.Invalid',
      status: 400
    },
    {
      name: 'another issuer',
      form: { OIDCToken: token({ iss: 'https://evil.example' }) },
      code: 'AuthenticationFail.OIDCToken.Invalid',
      status: 400
    },
    {
      name: 'an expired token',
      form: { OIDCToken: token({ exp: nowSeconds() - 1 }) },
      code: 'AuthenticationFail.OIDCToken.Expired',
      status: 400
    },
    {
      name: 'a token not valid yet',
      form: { OIDCToken: token({ nbf: nowSeconds() + 600 }) },
      code: 'AuthenticationFail.OIDCToken.Invalid',
      status: 400
    },
    {
      name: 'another audience',
      form: { OIDCToken: token({ aud: 'sts.example.com' }) },
      code: 'AuthenticationFail.OIDCToken.AudienceMismatch',
      status: 400
    },
    { name: 'an unknown role', form: { RoleArn: 'acs:ram::1:role/nope' }, code: 'EntityNotExist.Role', status: 404 },
    {
      name: 'a role that trusts another provider',
      form: { RoleArn: OIDC.untrustingRole },
      code: 'NoPermission.AssumeRole',
      status: 403
    },
    {
      name: 'a subject the role does not allow',
      form: { OIDCToken: token({ sub: 'repo:attacker/app:ref:refs/heads/main' }) },
      code: 'NoPermission.AssumeRole',
      status: 403
    },
    {
      name: 'DurationSeconds below 900',
      form: { DurationSeconds: '899' },
      code: 'InvalidParameter.DurationSeconds',
      status: 400
    },
    {
      name: 'DurationSeconds above the role maximum',
      form: { DurationSeconds: '7201' },
      code: 'InvalidParameter.DurationSeconds',
      status: 400
    },
    { name: 'no token', form: { OIDCToken: '' }, code: 'MissingOIDCToken', status: 400 }
  ])('refuses $name with $code', async ({ form, code, status }) => {
    const res = await assume(form)
    expect({ status: res.status, code: res.json.Code }).toEqual({ status, code })
  })

  it('refuses another STS version with InvalidVersion', async () => {
    const res = await assume({}, '2015-04-02')
    expect({ status: res.status, code: res.json.Code }).toEqual({ status: 400, code: 'InvalidVersion' })
  })
})
