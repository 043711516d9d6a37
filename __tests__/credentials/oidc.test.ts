import { describe, expect, it, jest } from '@jest/globals'
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ROOT } from '../../emulator/cli/runner.js'
import { startEmulator, startIdTokenService, type Emulator } from '../../emulator/index.js'
import { useEmulator } from '../../__fixtures__/emulator.js'
import { callOp, sdkClient } from '../../__fixtures__/emulator-client.js'
import { fleetRole, maskRecorder, mintIdToken, REPOSITORY, useRunnerTemp } from '../../__fixtures__/oidc.js'
import type { Endpoint } from '../../src/inputs/endpoint.js'
import { OidcError } from '../../src/credentials/oidc-error.js'
import { assumeRoleWithOidc, createOidcProvider, describeOidcRole, type OidcProviderConfig } from '../../src/credentials/oidc.js'

let emu: Emulator
let sts: Endpoint
let temp: string

useEmulator((started) => {
  emu = started
  sts = { host: started.endpoint, protocol: 'HTTP' }
})
useRunnerTemp((dir) => (temp = dir))

/** deps returns seams for one call: ID tokens minted for the requested audience, a recording setSecret, the runner's variables. */
function deps(overrides: { expired?: boolean } = {}) {
  const masks = maskRecorder(temp)
  const issued: string[] = []
  const getIDToken = jest.fn(async (audience: string) => {
    issued.push(mintIdToken(audience, overrides))
    return issued.at(-1) as string
  })
  const env = { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/idtoken?api-version=2.0', RUNNER_TEMP: temp }
  return { masks, issued, getIDToken, env, seams: { getIDToken, setSecret: masks.setSecret, env } }
}

/** failure returns the OidcError a call rejects with. */
async function failure(call: Promise<unknown>): Promise<OidcError> {
  const error = await call.then(
    () => undefined,
    (err: unknown) => err
  )
  expect(error).toBeInstanceOf(OidcError)
  return error as OidcError
}

/** watchTokenFile returns a createProvider that records the token file (mode, content, place) before the real provider reads it. */
function watchTokenFile() {
  const seen: Array<{ mode: number; content: string; dir: string }> = []
  const createProvider = (config: OidcProviderConfig) => {
    const stat = statSync(config.oidcTokenFilePath)
    seen.push({
      mode: stat.mode & 0o777,
      content: readFileSync(config.oidcTokenFilePath, 'utf8'),
      dir: dirname(config.oidcTokenFilePath)
    })
    return createOidcProvider(config)
  }
  return { seen, createProvider }
}

describe('assumeRoleWithOidc', () => {
  it('exchanges the ID token for STS credentials that the API then accepts', async () => {
    const d = deps()
    const assumed = await assumeRoleWithOidc(fleetRole(sts), d.seams)
    expect(d.getIDToken).toHaveBeenCalledWith('sts.aliyuncs.com')
    expect(assumed.credentials).toEqual({
      accessKeyId: expect.stringMatching(/^STS\./),
      accessKeySecret: expect.any(String),
      securityToken: expect.stringMatching(/^CAIS/),
      expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    })
    const lifetime = Date.parse(assumed.credentials.expiration) - Date.now()
    expect(lifetime).toBeGreaterThan(890_000)
    expect(lifetime).toBeLessThanOrEqual(900_000)
    expect(emu.requests().at(-1)).toMatchObject({
      action: 'AssumeRoleWithOIDC',
      scheme: 'anonymous',
      status: 200,
      params: {
        RoleArn: fleetRole(sts).roleArn,
        RoleSessionName: 'octo-org.fleet-config-4242-1',
        DurationSeconds: '900',
        OIDCToken: d.issued[0]
      }
    })
    const client = sdkClient(emu.endpoint, assumed.credentials, 'acs3')
    expect((await callOp(client, 'ListAppInstanceGroup', { query: { ProductType: 'CloudApp' } })).statusCode).toBe(200)
    expect(emu.requests().at(-1)).toMatchObject({
      action: 'ListAppInstanceGroup',
      accessKeyId: assumed.credentials.accessKeyId,
      status: 200
    })
  })

  it('masks the ID token before the token file exists, and every STS value before returning', async () => {
    const d = deps()
    const assumed = await assumeRoleWithOidc(fleetRole(sts), d.seams)
    d.masks.returned()
    const { accessKeyId, accessKeySecret, securityToken } = assumed.credentials
    expect(d.masks.calls).toEqual([
      { value: d.issued[0], filesThen: [], afterReturn: false },
      { value: accessKeyId, filesThen: [expect.stringMatching(/^wuying-ota-oidc-.+\.jwt$/)], afterReturn: false },
      { value: accessKeySecret, filesThen: [expect.any(String)], afterReturn: false },
      { value: securityToken, filesThen: [expect.any(String)], afterReturn: false }
    ])
  })

  it('writes the token to an owner-only file under RUNNER_TEMP and deletes it before returning', async () => {
    const d = deps()
    const watch = watchTokenFile()
    const assumed = await assumeRoleWithOidc(fleetRole(sts), { ...d.seams, createProvider: watch.createProvider })
    expect(watch.seen).toEqual([{ mode: 0o600, content: d.issued[0], dir: temp }])
    expect(readdirSync(temp)).toEqual([])
    await assumed.dispose()
    await assumed.dispose()
    expect(readdirSync(temp)).toEqual([])
  })

  it('deletes the token file when STS refuses, and reports STS code and request id without the token', async () => {
    const d = deps()
    const watch = watchTokenFile()
    const role = fleetRole(sts, { roleArn: 'acs:ram::1234567890123456:role/no-such-role' })
    const error = await failure(assumeRoleWithOidc(role, { ...d.seams, createProvider: watch.createProvider }))
    expect(watch.seen).toHaveLength(1)
    expect(readdirSync(temp)).toEqual([])
    const requestId = emu.requests().at(-1)?.requestId
    expect(error).toMatchObject({ stage: 'sts', kind: 'service', code: 'EntityNotExist.Role', requestId })
    expect(error.message).toBe(
      `failed to assume role acs:ram::1234567890123456:role/no-such-role with OIDC through STS at ${emu.endpoint}: EntityNotExist.Role: ` +
        `The role does not exist: acs:ram::1234567890123456:role/no-such-role (request id ${requestId}); check role-to-assume (acs:ram::1234567890123456:role/no-such-role)`
    )
    expect(error.message).not.toContain(d.issued[0])
  })

  it.each([
    {
      name: 'an audience the provider does not list',
      role: { audience: 'sts.example.com' },
      code: 'AuthenticationFail.OIDCToken.AudienceMismatch',
      hint: 'set audience to a client ID of the OIDC provider'
    },
    {
      name: 'an unknown OIDC provider',
      role: { oidcProviderArn: 'acs:ram::1234567890123456:oidc-provider/nope' },
      code: 'EntityNotExist.OIDCProvider',
      hint: 'check oidc-provider-arn'
    },
    {
      name: 'a duration above the role maximum',
      role: { durationSeconds: 7200 },
      code: 'InvalidParameter.DurationSeconds',
      hint: "must not exceed the role's MaxSessionDuration"
    }
  ])('maps the refusal of $name to $code', async ({ role, code, hint }) => {
    const d = deps()
    const error = await failure(assumeRoleWithOidc(fleetRole(sts, role), d.seams))
    expect(error).toMatchObject({ code, requestId: emu.requests().at(-1)?.requestId })
    expect(error.message).toContain(hint)
    expect(readdirSync(temp)).toEqual([])
  })

  it('maps an expired ID token to AuthenticationFail.OIDCToken.Expired', async () => {
    const error = await failure(assumeRoleWithOidc(fleetRole(sts), deps({ expired: true }).seams))
    expect(error).toMatchObject({ code: 'AuthenticationFail.OIDCToken.Expired' })
    expect(error.message).toContain("check the runner's clock")
  })

  it('says the workflow needs id-token: write when ACTIONS_ID_TOKEN_REQUEST_URL is not set, before asking for a token', async () => {
    const d = deps()
    const error = await failure(assumeRoleWithOidc(fleetRole(sts), { ...d.seams, env: { RUNNER_TEMP: temp } }))
    expect(error.message).toBe(
      'failed to get the GitHub OIDC ID token for audience "sts.aliyuncs.com": IdTokenPermissionMissing: the workflow does not grant this job ' +
        '`permissions: id-token: write` (ACTIONS_ID_TOKEN_REQUEST_URL is not set); add `permissions: { id-token: write, contents: read }` ' +
        'to the job or workflow; pull requests from forks never get an ID token'
    )
    expect(d.getIDToken).not.toHaveBeenCalled()
    expect(d.masks.calls).toEqual([])
    expect(emu.requests()).toEqual([])
  })

  it('reports a refused ID token request on one line, without writing a file', async () => {
    const d = deps()
    const getIDToken = async (): Promise<string> => {
      throw new Error('Error message: Failed to get ID Token. \n \n Error Code : 403\n \n Error Message: refused')
    }
    const error = await failure(assumeRoleWithOidc(fleetRole(sts), { ...d.seams, getIDToken }))
    expect(error).toMatchObject({ stage: 'id-token', code: 'IdTokenRequestFailed' })
    expect(error.message).toMatch(
      /: IdTokenRequestFailed: Error message: Failed to get ID Token\. Error Code : 403 Error Message: refused$/
    )
    expect(readdirSync(temp)).toEqual([])
  })

  it('says RUNNER_TEMP must be writable when the token file cannot be written', async () => {
    const d = deps()
    const missing = join(temp, 'missing')
    const error = await failure(assumeRoleWithOidc(fleetRole(sts), { ...d.seams, env: { ...d.env, RUNNER_TEMP: missing } }))
    expect(error.message).toMatch(
      /^failed to store the GitHub OIDC ID token: TokenFileNotWritten: cannot write .*\/missing\/wuying-ota-oidc-.*\.jwt: ENOENT; RUNNER_TEMP must be a writable directory$/
    )
    expect(error.message).not.toContain(d.issued[0])
    expect(emu.requests()).toEqual([])
  })

  it('refuses an empty ID token', async () => {
    const d = deps()
    const error = await failure(assumeRoleWithOidc(fleetRole(sts), { ...d.seams, getIDToken: async () => '' }))
    expect(error).toMatchObject({ stage: 'id-token', code: 'IdTokenEmpty' })
  })

  it('reports an STS answer that is not JSON as InvalidResponse', async () => {
    emu.addFault({ operation: 'AssumeRoleWithOIDC', kind: 'html-503' })
    const error = await failure(assumeRoleWithOidc(fleetRole(sts), deps().seams))
    expect(error).toMatchObject({ stage: 'sts', kind: 'invalid-response', code: 'InvalidResponse' })
    expect(readdirSync(temp)).toEqual([])
  })

  it('reports a refused connection with its code and without the request URL', async () => {
    const closed = await startEmulator()
    await closed.close()
    const error = await failure(assumeRoleWithOidc(fleetRole({ host: closed.endpoint, protocol: 'HTTP' }), deps().seams))
    expect(error).toMatchObject({ stage: 'sts', kind: 'network', code: 'ECONNREFUSED' })
    expect(error.message).not.toMatch(/Version=|Timestamp=|https?:\/\//)
    expect(readdirSync(temp)).toEqual([])
  })

  it('gives up after timeoutMs when STS does not answer', async () => {
    emu.addFault({ operation: 'AssumeRoleWithOIDC', kind: 'delay', delayMs: 2000 })
    const error = await failure(assumeRoleWithOidc({ ...fleetRole(sts), timeoutMs: 300 }, deps().seams))
    expect(error).toMatchObject({ stage: 'sts', kind: 'timeout', code: 'RequestTimeout' })
    expect(readdirSync(temp)).toEqual([])
  })

  it('reaches an https:// STS with TLS verified: an untrusted certificate is refused with a NODE_EXTRA_CA_CERTS hint', async () => {
    const tlsEmu = await startEmulator({ tls: true })
    try {
      const error = await failure(assumeRoleWithOidc(fleetRole({ host: tlsEmu.endpoint, protocol: 'HTTPS' }), deps().seams))
      expect(error).toMatchObject({ stage: 'sts', kind: 'network', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })
      expect(error.message).toContain('point NODE_EXTRA_CA_CERTS at its certificate')
      expect(tlsEmu.requests()).toEqual([])
    } finally {
      await tlsEmu.close()
    }
  })
})

describe('createOidcProvider', () => {
  it('refuses plain HTTP to a host that is not loopback', () => {
    const config = {
      roleArn: 'r',
      oidcProviderArn: 'p',
      oidcTokenFilePath: '/nonexistent',
      roleSessionName: 'ci',
      durationSeconds: 900,
      timeoutMs: 1000
    }
    expect(() => createOidcProvider({ ...config, stsEndpoint: { host: 'sts.aliyuncs.com', protocol: 'HTTP' } })).toThrow(
      'cannot reach STS at http://sts.aliyuncs.com: InsecureEndpoint: http:// is only for loopback hosts; use https://'
    )
  })
})

describe('describeOidcRole', () => {
  it('names role, session, duration, expiry and STS endpoint, and no credential', () => {
    const credentials = {
      accessKeyId: 'STS.id',
      accessKeySecret: 'secret',
      securityToken: 'CAIStoken',
      expiration: '2030-01-01T00:15:00Z'
    }
    expect(describeOidcRole(fleetRole({ host: 'sts.aliyuncs.com', protocol: 'HTTPS' }), credentials)).toBe(
      'STS token from OIDC role acs:ram::1234567890123456:role/emulator-wuying-ota (session octo-org.fleet-config-4242-1 (default from the run), ' +
        '900 s, valid until 2030-01-01T00:15:00Z) via https://sts.aliyuncs.com'
    )
  })
})

describe('the production path in a fresh process', () => {
  /** runExchange runs __fixtures__/oidc-exchange.ts the way the runner runs the action: a new node with only the given environment. */
  async function runExchange(
    env: Record<string, string>
  ): Promise<{ code: number | null; stdout: string; result: Record<string, unknown> }> {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, '__fixtures__', 'oidc-exchange.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: temp, GITHUB_ACTIONS: 'true', RUNNER_TEMP: temp, ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    const line = stdout.split('\n').find((l) => l.startsWith('RESULT '))
    return { code, stdout, result: line ? (JSON.parse(line.slice(7)) as Record<string, unknown>) : {} }
  }

  it('gets the ID token from the runner, trusts the HTTPS STS through NODE_EXTRA_CA_CERTS and masks everything', async () => {
    const tlsEmu = await startEmulator({ tls: true })
    const idTokens = await startIdTokenService()
    try {
      const run = await runExchange({
        ...idTokens.env,
        NODE_EXTRA_CA_CERTS: tlsEmu.caCertPath as string,
        GITHUB_REPOSITORY: REPOSITORY,
        GITHUB_RUN_ID: '4242',
        GITHUB_RUN_ATTEMPT: '1',
        OIDC_ROLE_ARN: fleetRole(sts).roleArn,
        OIDC_PROVIDER_ARN: fleetRole(sts).oidcProviderArn,
        OIDC_STS_ENDPOINT: `https://${tlsEmu.endpoint}`,
        API_ENDPOINT: tlsEmu.endpoint
      })
      expect(run.result).toEqual({
        sessionName: 'octo-org.fleet-config-4242-1',
        expiration: expect.any(String),
        statusCode: 200,
        totalCount: 8,
        filesLeft: []
      })
      expect(run.code).toBe(0)
      expect(idTokens.requests()).toEqual([{ audience: 'sts.aliyuncs.com', authorized: true, status: 200 }])
      const [assume, list] = tlsEmu.requests()
      expect(assume).toMatchObject({ action: 'AssumeRoleWithOIDC', status: 200, params: { OIDCToken: idTokens.issued()[0] } })
      expect(list).toMatchObject({ action: 'ListAppInstanceGroup', status: 200, accessKeyId: expect.stringMatching(/^STS\./) })
      // Every secret is registered with the runner and shows up nowhere but in ::add-mask:: lines (core.getIDToken
      // masks the ID token itself too, hence possibly twice).
      const masked = new Set(run.stdout.split('\n').flatMap((l) => (l.startsWith('::add-mask::') ? [l.slice(12)] : [])))
      expect(masked).toEqual(
        new Set([idTokens.issued()[0], list?.accessKeyId, expect.any(String), expect.stringMatching(/^CAIS/)])
      )
      for (const secret of masked) {
        const lines = run.stdout.split('\n').filter((l) => l.includes(secret))
        expect(lines.length).toBeGreaterThan(0)
        expect(new Set(lines)).toEqual(new Set([`::add-mask::${secret}`]))
      }
    } finally {
      await Promise.all([tlsEmu.close(), idTokens.close()])
    }
  }, 30_000)

  it('fails with the runner message when the ID token service refuses', async () => {
    const idTokens = await startIdTokenService({ mode: 'refuse' })
    try {
      const run = await runExchange({
        ...idTokens.env,
        OIDC_ROLE_ARN: fleetRole(sts).roleArn,
        OIDC_PROVIDER_ARN: fleetRole(sts).oidcProviderArn,
        OIDC_STS_ENDPOINT: `http://${emu.endpoint}`
      })
      expect(run.code).toBe(1)
      expect(run.result).toEqual({
        code: 'IdTokenRequestFailed',
        error: expect.stringMatching(
          /^failed to get the GitHub OIDC ID token for audience "sts\.aliyuncs\.com": IdTokenRequestFailed: .*Error Code : 403/
        )
      })
      expect(emu.requests()).toEqual([])
    } finally {
      await idTokens.close()
    }
  }, 30_000)
})
