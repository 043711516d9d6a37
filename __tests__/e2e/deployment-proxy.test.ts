/**
 * End to end: a Deployment record through HTTP(S)_PROXY. Octokit sends through @actions/github's proxy-aware fetch,
 * an undici ProxyAgent, which the bundle loads only for that first request (src/shims/undici.ts); the GitHub REST
 * stand-in is named by a host only the CONNECT proxy fixture resolves, so a request that skipped the proxy would fail.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { runAction } from '../../__fixtures__/action.js'
import { startConnectProxy, type ConnectProxy } from '../../__fixtures__/connect-proxy.js'
import { FAST_BACKOFF, visible } from '../../__fixtures__/e2e.js'
import { TEST_KEY } from '../../__fixtures__/emulator-client.js'
import { fleetFixture, fleetId, FLEET_REGION } from '../../__fixtures__/fleet-fixture.js'
import { RELEASE_TAG, releaseEnv, TEST_GITHUB_TOKEN, useGitHubApi } from '../../__fixtures__/github-api.js'
import type { GitHubApi } from '../../emulator/github/server.js'
import { startEmulator, type Emulator } from '../../emulator/index.js'

let github: GitHubApi
useGitHubApi((api) => (github = api))

let emu: Emulator
let proxy: ConnectProxy
beforeAll(async () => {
  emu = await startEmulator({ fixture: fleetFixture(1) })
  proxy = await startConnectProxy({ hosts: { 'github.proxy.test': '127.0.0.1' }, auth: 'octo:pr0xy' })
})
afterAll(async () => {
  await proxy.close()
  await emu.close()
})

describe('the built action recording a Deployment through a proxy', () => {
  it('sends every GitHub API request through the proxy, with its credentials, and records the release', async () => {
    const apiUrl = github.url.replace('127.0.0.1', 'github.proxy.test')
    const proxyUrl = proxy.url.replace('//', '//octo:pr0xy@')
    const result = await runAction(
      {
        'access-key-id': TEST_KEY.accessKeyId,
        'access-key-secret': TEST_KEY.accessKeySecret,
        // Loopback: the API goes direct, whatever the proxy variables say.
        endpoint: emu.url,
        'biz-region-id': FLEET_REGION,
        'app-instance-group-id': fleetId(0),
        'deployment-environment': 'production',
        'github-token': TEST_GITHUB_TOKEN
      },
      { env: { ...FAST_BACKOFF, ...releaseEnv(apiUrl), HTTPS_PROXY: proxyUrl, HTTP_PROXY: proxyUrl }, timeoutMs: 20_000 }
    )

    expect(result.exitCode).toBe(0)
    expect(github.deployments()).toHaveLength(1)
    expect(github.deployments()[0]).toMatchObject({ ref: RELEASE_TAG, environment: 'production' })
    expect(github.deployments()[0]?.statuses.map((s) => s.state)).toEqual(['in_progress', 'success'])
    const port = new URL(github.url).port
    expect(proxy.requests().length).toBeGreaterThan(0)
    for (const request of proxy.requests()) {
      expect(request).toMatchObject({ method: 'CONNECT', target: `github.proxy.test:${port}`, authorized: true, status: 200 })
    }
    expect(emu.requests()).toHaveLength(2)
    expect(visible(result)).not.toContain('pr0xy')
    expect(visible(result)).not.toContain(TEST_GITHUB_TOKEN)
  })
})
