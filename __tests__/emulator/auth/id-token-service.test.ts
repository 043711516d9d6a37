import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
import { createPublicKey } from 'node:crypto'
import {
  startEmulator,
  startIdTokenService,
  readTestOidcKey,
  type Emulator,
  type IdTokenService
} from '../../../emulator/index.js'
import { decodeIdToken, verifyIdTokenSignature } from '../../../emulator/auth/oidc.js'
import { OIDC_PROVIDER_ARN, OIDC_ROLE_ARN } from '../../../__fixtures__/emulator-client.js'
import { sendRaw, utcStamp, wireForm } from '../../../__fixtures__/emulator-sign.js'

const TEST_PUBLIC_PEM = createPublicKey(readTestOidcKey()).export({ type: 'spki', format: 'pem' }).toString()
const provider = { arn: 'p', issuer: 'https://token.actions.githubusercontent.com', clientIds: [], publicKeyPem: TEST_PUBLIC_PEM }

let service: IdTokenService
let emu: Emulator
const saved = { url: process.env.ACTIONS_ID_TOKEN_REQUEST_URL, token: process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN }

beforeAll(async () => {
  service = await startIdTokenService()
  emu = await startEmulator()
})
afterAll(async () => {
  await Promise.all([service.close(), emu.close()])
})
afterEach(() => {
  service.setMode('issue')
  restoreEnv('ACTIONS_ID_TOKEN_REQUEST_URL', saved.url)
  restoreEnv('ACTIONS_ID_TOKEN_REQUEST_TOKEN', saved.token)
  jest.restoreAllMocks()
})

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name]
  else process.env[name] = value
}

/** getIDToken runs the real core.getIDToken against the service (its ::add-mask:: and ::debug:: lines are swallowed and returned). */
async function getIDToken(
  audience?: string,
  env: Record<string, string> = service.env
): Promise<{ token: string; stdout: string }> {
  Object.assign(process.env, env)
  let stdout = ''
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk)
    return true
  })
  const token = await core.getIDToken(audience)
  return { token, stdout }
}

/** assume sends the emulator's STS the token, the way @alicloud/credentials does. */
async function assume(token: string) {
  const query = wireForm([
    ['Version', '2015-04-01'],
    ['Action', 'AssumeRoleWithOIDC'],
    ['Format', 'JSON'],
    ['Timestamp', utcStamp()]
  ])
  const body = wireForm([
    ['OIDCProviderArn', OIDC_PROVIDER_ARN],
    ['OIDCToken', token],
    ['RoleArn', OIDC_ROLE_ARN],
    ['RoleSessionName', 'ci-run'],
    ['DurationSeconds', '900']
  ])
  return sendRaw(emu.port, {
    method: 'POST',
    path: `/?${query}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body
  })
}

describe('startIdTokenService', () => {
  it('answers core.getIDToken with a GitHub-shaped RS256 token for the requested audience, signed with the test key', async () => {
    const { token, stdout } = await getIDToken('sts.aliyuncs.com')
    const decoded = decodeIdToken(token)
    expect(decoded.header).toEqual({ alg: 'RS256', typ: 'JWT' })
    expect(verifyIdTokenSignature(decoded, provider)).toBe(true)
    const now = Math.floor(Date.now() / 1000)
    expect(decoded.claims).toMatchObject({
      iss: 'https://token.actions.githubusercontent.com',
      sub: 'repo:octo-org/fleet-config:ref:refs/heads/main',
      aud: 'sts.aliyuncs.com',
      repository: 'octo-org/fleet-config',
      ref: 'refs/heads/main'
    })
    expect((decoded.claims.exp as number) - now).toBeGreaterThan(290)
    expect(stdout).toContain(`::add-mask::${token}`)
    expect(service.requests().at(-1)).toEqual({ audience: 'sts.aliyuncs.com', authorized: true, status: 200 })
    expect(service.issued().at(-1)).toBe(token)
  })

  it('issues tokens the emulator STS accepts', async () => {
    const { token } = await getIDToken('sts.aliyuncs.com')
    const res = await assume(token)
    expect(res.status).toBe(200)
    expect(res.json.Credentials).toHaveProperty('SecurityToken')
  })

  it('uses the repository owner URL as audience when none is asked for, as GitHub does', async () => {
    const { token } = await getIDToken()
    expect(decodeIdToken(token).claims.aud).toBe('https://github.com/octo-org')
    expect(service.requests().at(-1)).toEqual({ authorized: true, status: 200 })
  })

  it('mints expired tokens in expired mode, which STS refuses', async () => {
    service.setMode('expired')
    const { token } = await getIDToken('sts.aliyuncs.com')
    expect(decodeIdToken(token).claims.exp as number).toBeLessThan(Date.now() / 1000)
    expect((await assume(token)).json.Code).toBe('AuthenticationFail.OIDCToken.Expired')
  })

  it.each([
    { mode: 'refuse' as const, error: /Error Code : 403/ },
    { mode: 'empty' as const, error: /Response json body do not have ID Token field/ }
  ])('makes core.getIDToken fail in $mode mode', async ({ mode, error }) => {
    service.setMode(mode)
    await expect(getIDToken('sts.aliyuncs.com')).rejects.toThrow(error)
  })

  it('refuses a wrong bearer token with 401', async () => {
    await expect(getIDToken('sts.aliyuncs.com', { ...service.env, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong' })).rejects.toThrow(
      /Error Code : 401/
    )
    expect(service.requests().at(-1)).toEqual({ audience: 'sts.aliyuncs.com', authorized: false, status: 401 })
  })

  it('takes the repository, ref and extra claims it is started with', async () => {
    const other = await startIdTokenService({ repository: 'example/app', ref: 'refs/tags/v1', claims: { environment: 'prod' } })
    try {
      const { token } = await getIDToken('sts.aliyuncs.com', other.env)
      expect(decodeIdToken(token).claims).toMatchObject({
        sub: 'repo:example/app:ref:refs/tags/v1',
        ref_type: 'tag',
        environment: 'prod'
      })
    } finally {
      await other.close()
    }
  })
})
