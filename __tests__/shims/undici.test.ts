/**
 * The bundle's stand-in for undici (src/shims/undici.ts): nothing loaded until the first fetch, a stand-in
 * ProxyAgent becomes one real ProxyAgent that every fetch through it shares, and requests go through the proxy as undici sends them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { fetch, ProxyAgent } from '../../src/shims/undici.js'

let server: Server
let base: string
const seen: { method: string; url: string; host: string | undefined; proxyAuthorization: string | undefined }[] = []

beforeAll(async () => {
  // The origin and, for CONNECT, the proxy: a tunnel to itself, whatever authority is asked for.
  server = createServer((req: IncomingMessage, res) => {
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      host: req.headers.host,
      proxyAuthorization: req.headers['proxy-authorization']
    })
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ ok: true }))
  })
  server.on('connect', (req: IncomingMessage, client: Socket) => {
    seen.push({
      method: 'CONNECT',
      url: req.url ?? '',
      host: req.headers.host,
      proxyAuthorization: req.headers['proxy-authorization']
    })
    const upstream = connect((server.address() as AddressInfo).port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.pipe(client).pipe(upstream)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

describe('undici stand-in', () => {
  it('fetches like undici when no dispatcher is given', async () => {
    seen.length = 0
    const response = await fetch(`${base}/direct`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ ok: true })
    expect(seen).toEqual([{ method: 'GET', url: '/direct', host: new URL(base).host, proxyAuthorization: undefined }])
  })

  it('replaces a stand-in ProxyAgent by one real ProxyAgent, built on first use and then shared', async () => {
    seen.length = 0
    const agent = new ProxyAgent({ uri: base, token: 'Basic b2N0bzpwYXNz' })
    // Like undici's own, the stand-in has no options property (@actions/http-client touches it only with ignoreSslError).
    expect((agent as unknown as { options?: unknown }).options).toBeUndefined()
    // The real undici (`undici` itself is the stand-in under tsconfig.json `paths`).
    const undici = await import('undici/index.js')
    const real = agent.dispatcher(undici)
    expect(real).toBeInstanceOf(undici.ProxyAgent)
    expect(agent.dispatcher(undici)).toBe(real)
    for (const path of ['through', 'again']) {
      const response = await fetch(`http://origin.invalid/${path}`, { dispatcher: agent as never })
      expect(await response.json()).toEqual({ ok: true })
    }
    // Through the proxy, with its credentials; the requests themselves carry none.
    const tunnels = seen.filter((r) => r.method === 'CONNECT')
    expect(tunnels.length).toBeGreaterThan(0)
    for (const tunnel of tunnels)
      expect(tunnel).toMatchObject({ url: 'origin.invalid:80', proxyAuthorization: 'Basic b2N0bzpwYXNz' })
    expect(seen.filter((r) => r.method === 'GET')).toEqual([
      { method: 'GET', url: '/through', host: 'origin.invalid', proxyAuthorization: undefined },
      { method: 'GET', url: '/again', host: 'origin.invalid', proxyAuthorization: undefined }
    ])
    await real.close()
  })
})
