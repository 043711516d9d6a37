/**
 * The proxy transport in process: httpx requests (the client libraries' transport) through the CONNECT proxy
 * fixture to the emulator, under host names only the proxy can resolve.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import httpx from 'httpx'
import { startConnectProxy, type ConnectProxy } from '../../__fixtures__/connect-proxy.js'
import { createTestCertificate, startEmulator, type Emulator, type TestCertificate } from '../../emulator/index.js'
import { proxyFor, type ProxyEnv } from '../../src/common/proxy.js'
import { installProxyTransport, TUNNEL_ERROR_CODE, uninstallProxyTransport } from '../../src/common/proxy-transport.js'
import { mapError } from '../../src/wuying/client-errors.js'

const HOSTS = { 'api.proxy.test': '127.0.0.1', 'plain.proxy.test': '127.0.0.1' }

let cert: TestCertificate
let tlsEmu: Emulator
let plainEmu: Emulator
let proxy: ConnectProxy

beforeAll(async () => {
  cert = await createTestCertificate(['*.proxy.test'])
  tlsEmu = await startEmulator({ tls: cert })
  plainEmu = await startEmulator()
  proxy = await startConnectProxy({ hosts: HOSTS, auth: 'octo:p@ss word' })
})
afterAll(async () => {
  await proxy.close()
  await plainEmu.close()
  await tlsEmu.close()
  await cert.remove()
})
beforeEach(() => {
  proxy.reset()
  tlsEmu.reset()
  plainEmu.reset()
})
afterEach(() => uninstallProxyTransport())

const withAuth = (url: string, userinfo = 'octo:p%40ss%20word'): string => url.replace('http://', `http://${userinfo}@`)

function use(env: ProxyEnv): void {
  installProxyTransport((url) => proxyFor(url, env))
}

/** get sends GET through httpx (trusting the test certificate) and returns the status once the body is read. */
async function get(url: string): Promise<number> {
  const response = await httpx.request(url, { method: 'GET', ca: cert.certPem, readTimeout: 5000, connectTimeout: 5000 })
  await httpx.read(response, 'utf8')
  return response.statusCode ?? 0
}

describe('installProxyTransport', () => {
  it('sends https requests through one CONNECT tunnel with Proxy-Authorization', async () => {
    use({ HTTPS_PROXY: withAuth(proxy.url) })
    const url = `https://api.proxy.test:${tlsEmu.port}/`

    expect(await get(url)).toBeGreaterThanOrEqual(200)
    expect(await get(url)).toBeGreaterThanOrEqual(200)

    expect(proxy.requests()).toEqual([
      { method: 'CONNECT', target: `api.proxy.test:${tlsEmu.port}`, authorized: true, status: 200 }
    ])
    expect(tlsEmu.requests()).toHaveLength(2)
  })

  it('sends http requests through a CONNECT tunnel too', async () => {
    use({ HTTP_PROXY: withAuth(proxy.url) })

    expect(await get(`http://plain.proxy.test:${plainEmu.port}/`)).toBeGreaterThanOrEqual(200)

    expect(proxy.requests()).toEqual([
      { method: 'CONNECT', target: `plain.proxy.test:${plainEmu.port}`, authorized: true, status: 200 }
    ])
  })

  it('connects directly where the choice is no proxy', async () => {
    use({ HTTPS_PROXY: withAuth(proxy.url), NO_PROXY: '*' })

    expect(await get(`https://127.0.0.1:${tlsEmu.port}/`)).toBeGreaterThanOrEqual(200)

    expect(proxy.requests()).toEqual([])
  })

  it.each([
    { name: 'refuses the credentials', userinfo: 'octo:wrong-secret', cause: 'HTTP 407 Proxy Authentication Required' },
    { name: 'is given none', userinfo: '', cause: 'HTTP 407 Proxy Authentication Required' }
  ])('fails with ERR_PROXY_TUNNEL, the proxy and the status when the proxy $name', async ({ userinfo, cause }) => {
    use({ HTTPS_PROXY: userinfo === '' ? proxy.url : withAuth(proxy.url, userinfo) })

    const failure = get(`https://api.proxy.test:${tlsEmu.port}/`)

    await expect(failure).rejects.toMatchObject({
      code: TUNNEL_ERROR_CODE,
      message: expect.stringContaining(
        `cannot open a tunnel to api.proxy.test:${tlsEmu.port} through the proxy 127.0.0.1:${proxy.port}: ${cause}`
      )
    })
    await expect(failure).rejects.toMatchObject({ message: expect.not.stringContaining('wrong-secret') })
    expect(tlsEmu.requests()).toEqual([])
  })

  it('fails with the connection code and the proxy named when nothing listens at the proxy address', async () => {
    const gone = await startConnectProxy()
    await gone.close()
    use({ HTTPS_PROXY: gone.url })

    await expect(get(`https://api.proxy.test:${tlsEmu.port}/`)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
      proxy: `127.0.0.1:${gone.port}`,
      message: expect.stringMatching(/through the proxy 127\.0\.0\.1:\d+: connect ECONNREFUSED/)
    })
  })

  it('fails with ETIMEDOUT within the connect timeout when the proxy never answers', async () => {
    const stalled = await startConnectProxy({ silent: true })
    use({ HTTPS_PROXY: stalled.url })
    try {
      const response = httpx.request(`https://api.proxy.test:${tlsEmu.port}/`, { method: 'GET', connectTimeout: 200 })

      await expect(response).rejects.toMatchObject({
        code: 'ETIMEDOUT',
        message: expect.stringContaining('no answer within 0.2 s')
      })
      expect(stalled.requests()).toEqual([expect.objectContaining({ method: 'CONNECT', status: 0 })])
    } finally {
      await stalled.close()
    }
  })

  it('leaves httpx as it was after uninstallProxyTransport', async () => {
    use({ HTTPS_PROXY: proxy.url })
    uninstallProxyTransport()

    expect(await get(`https://127.0.0.1:${tlsEmu.port}/`)).toBeGreaterThanOrEqual(200)
    expect(proxy.requests()).toEqual([])
  })
})

describe('a tunnel failure as the client maps it', () => {
  it('is a network error that was not sent, whose detail names the proxy and the cause without the request URL', async () => {
    use({ HTTPS_PROXY: proxy.url })
    const failure = await get(`https://api.proxy.test:${tlsEmu.port}/?Signature=abc`).catch((error: unknown) => error)

    const mapped = mapError('ApproveOtaTask', failure, {
      endpoint: { host: `api.proxy.test:${tlsEmu.port}`, protocol: 'HTTPS' },
      timeoutMs: 5000
    })

    expect(mapped).toMatchObject({
      kind: 'network',
      code: TUNNEL_ERROR_CODE,
      sent: false,
      detail: `cannot open a tunnel to api.proxy.test:${tlsEmu.port} through the proxy 127.0.0.1:${proxy.port}: HTTP 407 Proxy Authentication Required`
    })
  })
})
