/**
 * End to end behind a proxy: the built action reaches the emulator (HTTPS) under host names that only the CONNECT
 * proxy fixture resolves, so a request that skipped the proxy would fail; with NO_PROXY it reaches them directly
 * through a preload that resolves them to 127.0.0.1. Loopback endpoints never go through a proxy (docs/proxy.md).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { runAction, ROOT, type ActionRun } from '../../__fixtures__/action.js'
import { startConnectProxy, type ConnectProxy } from '../../__fixtures__/connect-proxy.js'
import { FAST_BACKOFF, visible } from '../../__fixtures__/e2e.js'
import { OIDC_PROVIDER_ARN, OIDC_ROLE_ARN, TEST_KEY } from '../../__fixtures__/emulator-client.js'
import { runnerTemp } from '../../__fixtures__/oidc.js'
import {
  createTestCertificate,
  startEmulator,
  startIdTokenService,
  type Emulator,
  type IdTokenService,
  type TestCertificate
} from '../../emulator/index.js'

const HOSTS = { 'api.proxy.test': '127.0.0.1', 'sts.proxy.test': '127.0.0.1', 'ids.proxy.test': '127.0.0.1' }
const PROXY_SECRET = 'pr0xy-s3cret'

let cert: TestCertificate
let emu: Emulator
let ids: IdTokenService
let proxy: ConnectProxy
let guarded: ConnectProxy

beforeAll(async () => {
  cert = await createTestCertificate(['*.proxy.test'])
  emu = await startEmulator({ tls: cert })
  ids = await startIdTokenService()
  proxy = await startConnectProxy({ hosts: HOSTS })
  guarded = await startConnectProxy({ hosts: HOSTS, auth: `octo:${PROXY_SECRET}` })
})
afterAll(async () => {
  await guarded.close()
  await proxy.close()
  await ids.close()
  await emu.close()
  await cert.remove()
})
beforeEach(() => {
  emu.reset()
  proxy.reset()
  guarded.reset()
})

const GROUP = { 'app-instance-group-id': 'aig-hzdesign01', 'biz-region-id': 'cn-hangzhou' }
const KEYS = { 'access-key-id': TEST_KEY.accessKeyId, 'access-key-secret': TEST_KEY.accessKeySecret }
const api = (): string => `api.proxy.test:${emu.port}`

function keyRun(env: Record<string, string>, endpoint = `https://${api()}`): Promise<ActionRun> {
  return runAction({ ...GROUP, ...KEYS, endpoint }, { env: { NODE_EXTRA_CA_CERTS: cert.certPath, ...FAST_BACKOFF, ...env } })
}

const viaProxy = (url: string): Record<string, string> => ({ HTTPS_PROXY: url, HTTP_PROXY: url })

describe('the built action behind a proxy', () => {
  it('sends every API request through HTTPS_PROXY, both in one tunnel', async () => {
    const result = await keyRun(viaProxy(proxy.url))

    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ code: 'success', approved: 'true' })
    expect(proxy.requests()).toEqual([{ method: 'CONNECT', target: api(), authorized: true, status: 200 }])
    const requests = emu.requests()
    expect(requests.map((r) => r.action)).toEqual(['ListAppInstanceGroup', 'ApproveOtaTask'])
    expect(new Set(requests.map((r) => r.connection)).size).toBe(1)
  })

  it('authenticates with the credentials in the proxy URL and shows them nowhere', async () => {
    const result = await keyRun({ https_proxy: guarded.url.replace('//', `//octo:${PROXY_SECRET}@`) })

    expect(result.exitCode).toBe(0)
    expect(guarded.requests()).toEqual([{ method: 'CONNECT', target: api(), authorized: true, status: 200 }])
    expect(visible(result)).not.toContain(PROXY_SECRET)
  })

  it('fails with the proxy named, no credential shown and no request sent when the proxy refuses them', async () => {
    const result = await keyRun({ HTTPS_PROXY: guarded.url.replace('//', '//octo:not-the-secret@') })

    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(
      new RegExp(`::error::.*ERR_PROXY_TUNNEL.*through the proxy 127\\.0\\.0\\.1:${guarded.port}: HTTP 407`)
    )
    expect(visible(result)).not.toContain('not-the-secret')
    expect(guarded.requests().every((r) => r.status === 407)).toBe(true)
    expect(emu.requests()).toEqual([])
  })

  it.each([
    { name: 'the host', entry: (): string => 'api.proxy.test' },
    { name: 'its domain with a dot', entry: (): string => '.proxy.test' },
    { name: 'its domain with *.', entry: (): string => 'other.example, *.proxy.test' },
    { name: 'host:port', entry: (): string => api() }
  ])('connects directly when NO_PROXY names $name', async ({ entry }) => {
    const result = await keyRun({
      ...viaProxy(proxy.url),
      NO_PROXY: entry(),
      NODE_OPTIONS: `--require ${join(ROOT, '__fixtures__', 'test-hosts.cjs')}`,
      WUYING_TEST_HOSTS: 'api.proxy.test'
    })

    expect(result.exitCode).toBe(0)
    expect(emu.requests()).toHaveLength(2)
    expect(proxy.requests()).toEqual([])
  })

  it('connects directly to a loopback endpoint whatever the proxy variables say', async () => {
    const result = await keyRun(viaProxy(proxy.url), emu.url)

    expect(result.exitCode).toBe(0)
    expect(emu.requests()).toHaveLength(2)
    expect(proxy.requests()).toEqual([])
  })

  it('fails on a proxy it cannot use before any request, naming the variable', async () => {
    const result = await keyRun({ HTTPS_PROXY: 'socks5://octo:hidden-pw@proxy.corp:1080' })

    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(/::error::HTTPS_PROXY: has scheme socks5:\/\/, which the action cannot use/)
    expect(visible(result)).not.toContain('hidden-pw')
    expect(emu.requests()).toEqual([])
  })
})

describe('the built action behind a proxy with role-to-assume', () => {
  it('gets the ID token, exchanges it with STS and calls the API, each through the proxy', async () => {
    const temp = await runnerTemp()
    const idsPort = new URL(ids.requestUrl).port
    const result = await runAction(
      {
        ...GROUP,
        endpoint: `https://${api()}`,
        'sts-endpoint': `https://sts.proxy.test:${emu.port}`,
        'role-to-assume': OIDC_ROLE_ARN,
        'oidc-provider-arn': OIDC_PROVIDER_ARN
      },
      {
        env: {
          ...ids.env,
          // @actions/http-client, which fetches the ID token, never proxies loopback either: give it a name.
          ACTIONS_ID_TOKEN_REQUEST_URL: ids.requestUrl.replace('127.0.0.1', 'ids.proxy.test'),
          NODE_EXTRA_CA_CERTS: cert.certPath,
          RUNNER_TEMP: temp,
          ...viaProxy(proxy.url)
        }
      }
    )

    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ code: 'success', approved: 'true' })
    expect(proxy.requests().map((r) => [r.method, r.target, r.status])).toEqual([
      ['CONNECT', `ids.proxy.test:${idsPort}`, 200],
      ['CONNECT', `sts.proxy.test:${emu.port}`, 200],
      ['CONNECT', api(), 200]
    ])
    expect(emu.requests().map((r) => r.action)).toEqual(['AssumeRoleWithOIDC', 'ListAppInstanceGroup', 'ApproveOtaTask'])
  })
})
