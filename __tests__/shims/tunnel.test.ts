/**
 * The bundle's stand-in for `tunnel` (src/shims/tunnel.cjs): the real module's four agent factories, the module
 * required by the first call. A proxy used through it end to end: __tests__/e2e/proxy.test.ts (the ID token behind a
 * proxy goes through @actions/http-client's tunnel agent).
 */
import { describe, expect, it } from '@jest/globals'
import { createRequire } from 'node:module'
import type { Agent } from 'node:http'

const require = createRequire(import.meta.url)
type Factory = (options: { proxy: { host: string; port: number } }) => Agent & { proxyOptions?: unknown; request?: unknown }
const shim = require('../../src/shims/tunnel.cjs') as Record<string, Factory>
const real = require('tunnel/lib/tunnel.js') as Record<string, Factory>

describe('tunnel stand-in', () => {
  it.each(['httpOverHttp', 'httpsOverHttp', 'httpOverHttps', 'httpsOverHttps'])('%s builds the real tunnelling agent', (name) => {
    const options = { proxy: { host: '127.0.0.1', port: 3128 } }
    const agent = shim[name](options)
    const expected = real[name](options)
    expect(Object.getPrototypeOf(agent)).toBe(Object.getPrototypeOf(expected))
    expect(agent.proxyOptions).toEqual(options.proxy)
    expect(agent.request).toBe(expected.request)
  })

  it('offers exactly the factories @actions/http-client calls', () => {
    expect(Object.keys(shim).sort()).toEqual(['httpOverHttp', 'httpOverHttps', 'httpsOverHttp', 'httpsOverHttps'])
  })
})
