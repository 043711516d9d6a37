import { afterEach, describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/common/errors.js'
import { bypasses, describeProxyUse, proxyFor, proxySecrets, routeThroughProxy, type ProxyEnv } from '../../src/common/proxy.js'
import { uninstallProxyTransport } from '../../src/common/proxy-transport.js'
import { forgetSecrets, redact } from '../../src/common/redact.js'

const API = 'https://appstream-center.cn-shanghai.aliyuncs.com/'
const PROXY = 'http://proxy.corp:3128'

afterEach(() => {
  uninstallProxyTransport()
  forgetSecrets()
})

describe('proxyFor', () => {
  it.each<{ name: string; target: string; env: ProxyEnv; expected: string | undefined }>([
    { name: 'no variable is set', target: API, env: {}, expected: undefined },
    { name: 'HTTPS_PROXY is set, for an https URL', target: API, env: { HTTPS_PROXY: PROXY }, expected: `${PROXY}/` },
    {
      name: 'both cases are set: the lower-case one wins',
      target: API,
      env: { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' },
      expected: 'http://lower:1/'
    },
    {
      name: 'the lower-case one is blank: the upper-case one applies',
      target: API,
      env: { https_proxy: ' ', HTTPS_PROXY: PROXY },
      expected: `${PROXY}/`
    },
    { name: 'only HTTP_PROXY is set, for an https URL', target: API, env: { HTTP_PROXY: PROXY }, expected: undefined },
    {
      name: 'only HTTPS_PROXY is set, for an http URL',
      target: 'http://example.com/',
      env: { HTTPS_PROXY: PROXY },
      expected: undefined
    },
    {
      name: 'http_proxy is set, for an http URL',
      target: 'http://example.com/',
      env: { http_proxy: PROXY },
      expected: `${PROXY}/`
    },
    { name: 'the value has no scheme: http://', target: API, env: { HTTPS_PROXY: 'proxy.corp:3128' }, expected: `${PROXY}/` },
    { name: 'the proxy is https://', target: API, env: { HTTPS_PROXY: 'https://proxy.corp' }, expected: 'https://proxy.corp/' },
    {
      name: 'the value carries credentials: kept for Proxy-Authorization',
      target: API,
      env: { HTTPS_PROXY: 'http://octo:p%40ss@proxy.corp:3128' },
      expected: 'http://octo:p%40ss@proxy.corp:3128/'
    },
    { name: 'NO_PROXY names the host', target: API, env: { HTTPS_PROXY: PROXY, NO_PROXY: 'aliyuncs.com' }, expected: undefined },
    {
      name: 'no_proxy wins over NO_PROXY',
      target: API,
      env: { HTTPS_PROXY: PROXY, no_proxy: 'example.com', NO_PROXY: 'aliyuncs.com' },
      expected: `${PROXY}/`
    }
  ])('returns $expected when $name', ({ target, env, expected }) => {
    expect(proxyFor(target, env)?.href).toBe(expected)
  })

  it.each(['127.0.0.1', '127.8.9.10', 'localhost', 'LOCALHOST', 'api.localhost', '[::1]', '[::ffff:127.0.0.1]'])(
    'never sends to loopback host %s through a proxy',
    (host) => {
      const env = { HTTPS_PROXY: PROXY, HTTP_PROXY: PROXY }
      expect(proxyFor(`https://${host}:8443/`, env)).toBeUndefined()
      expect(proxyFor(`http://${host}/`, env)).toBeUndefined()
    }
  )

  it('sends a non-loopback address through the proxy', () => {
    expect(proxyFor('https://10.0.0.7/', { HTTPS_PROXY: PROXY })?.host).toBe('proxy.corp:3128')
  })

  it.each([
    { name: 'another scheme', value: 'socks5://proxy.corp:1080', problem: 'has scheme socks5://, which the action cannot use' },
    { name: 'no URL at all', value: 'http://octo:s3cret-pw@[bad', problem: 'is not a URL' },
    { name: 'no host', value: 'http://', problem: 'is not a URL' }
  ])('throws InputError naming the variable for $name, without echoing the value', ({ value, problem }) => {
    const read = (): unknown => proxyFor(API, { https_proxy: value })
    expect(read).toThrow(InputError)
    expect(read).toThrow(`https_proxy: ${problem}; use http://host:port or http://user:password@host:port`)
    expect(read).not.toThrow(/s3cret/)
  })
})

describe('bypasses', () => {
  it.each<{ name: string; noProxy: string; host: string; port?: number; expected: boolean }>([
    { name: 'an empty list', noProxy: '', host: 'example.com', expected: false },
    { name: '`*`', noProxy: '*', host: 'example.com', expected: true },
    { name: 'the same name', noProxy: 'example.com', host: 'example.com', expected: true },
    { name: 'a name under it', noProxy: 'example.com', host: 'api.example.com', expected: true },
    { name: 'a name merely ending alike', noProxy: 'example.com', host: 'myexample.com', expected: false },
    { name: '`.domain`: the domain itself (as curl)', noProxy: '.example.com', host: 'example.com', expected: true },
    { name: '`.domain`: a name under it', noProxy: '.example.com', host: 'a.b.example.com', expected: true },
    { name: '`*.domain`: a name under it', noProxy: '*.example.com', host: 'api.example.com', expected: true },
    { name: '`*.domain`: the domain itself', noProxy: '*.example.com', host: 'example.com', expected: true },
    { name: 'another case and a trailing dot', noProxy: 'Example.COM.', host: 'api.example.com', expected: true },
    { name: 'a list with spaces', noProxy: ' foo.org ,  example.com ', host: 'api.example.com', expected: true },
    { name: 'a list separated by spaces only', noProxy: 'foo.org example.com', host: 'example.com', expected: true },
    { name: 'the name with the port', noProxy: 'example.com:443', host: 'example.com', port: 443, expected: true },
    { name: 'the name with another port', noProxy: 'example.com:8443', host: 'example.com', port: 443, expected: false },
    { name: 'the same IPv4 address', noProxy: '10.1.2.3', host: '10.1.2.3', expected: true },
    { name: 'an IPv4 address ending alike', noProxy: '0.0.1', host: '10.0.0.1', expected: false },
    { name: 'a name against an IP address', noProxy: '3', host: '10.1.2.3', expected: false },
    { name: 'an IPv4 address with its port', noProxy: '10.1.2.3:8443', host: '10.1.2.3', port: 8443, expected: true },
    { name: 'an IPv4 block holding the address', noProxy: '10.0.0.0/8', host: '10.200.1.1', expected: true },
    { name: 'an IPv4 block not holding it', noProxy: '10.0.0.0/8', host: '11.0.0.1', expected: false },
    { name: 'an IPv4 block against a name', noProxy: '10.0.0.0/8', host: 'example.com', expected: false },
    { name: 'a bare IPv6 address', noProxy: '2001:db8::1', host: '2001:db8::1', expected: true },
    { name: 'a bracketed IPv6 address', noProxy: '[2001:db8::1]', host: '2001:db8:0::1', expected: true },
    { name: 'a bracketed IPv6 address and port', noProxy: '[2001:db8::1]:443', host: '2001:db8::1', port: 443, expected: true },
    { name: 'an IPv6 block', noProxy: '2001:db8::/32', host: '2001:db8:ffff::5', expected: true },
    { name: 'an IPv6 block against IPv4', noProxy: '2001:db8::/32', host: '10.0.0.1', expected: false }
  ])('is $expected for $name', ({ noProxy, host, port = 443, expected }) => {
    expect(bypasses(noProxy, host, port)).toBe(expected)
  })
})

describe('describeProxyUse', () => {
  const api = { host: 'appstream-center.cn-shanghai.aliyuncs.com', protocol: 'HTTPS' } as const
  const sts = { host: 'sts.cn-shanghai.aliyuncs.com', protocol: 'HTTPS' } as const

  it('is undefined when no proxy variable is set', () => {
    expect(describeProxyUse([api, sts], { NO_PROXY: '*' })).toBeUndefined()
  })

  it('names each host and the proxy it goes through, never the credentials', () => {
    const line = describeProxyUse([api, sts, api], { HTTPS_PROXY: 'http://octo:s3cret@proxy.corp:3128' })
    expect(line).toBe(`proxy: ${api.host}, ${sts.host} through proxy.corp:3128`)
  })

  it('names what goes direct and why', () => {
    const env = { https_proxy: 'https://proxy.corp', no_proxy: 'sts.cn-shanghai.aliyuncs.com' }
    expect(describeProxyUse([api, sts], env)).toBe(`proxy: ${api.host} through proxy.corp:443; direct to ${sts.host} (no_proxy)`)
  })

  it('says when a loopback endpoint or a missing HTTPS_PROXY keeps a request direct', () => {
    const local = { host: '127.0.0.1:8443', protocol: 'HTTPS' } as const
    expect(describeProxyUse([local, api], { HTTP_PROXY: PROXY })).toBe(
      `proxy: direct to 127.0.0.1:8443 (loopback), ${api.host} (HTTPS_PROXY not set)`
    )
  })
})

describe('proxySecrets', () => {
  it.each([
    { name: 'user and password', env: { HTTPS_PROXY: 'http://octo:s3cret@proxy:3128' }, expected: ['octo:s3cret', 's3cret'] },
    { name: 'a percent-encoded password', env: { https_proxy: 'http://octo:p%40ss@proxy' }, expected: ['octo:p%40ss', 'p@ss'] },
    { name: 'a token as the user name', env: { HTTP_PROXY: 'https://tok3n-value@proxy' }, expected: ['tok3n-value'] },
    { name: 'a value without a scheme', env: { http_proxy: 'octo:pw12@proxy:3128' }, expected: ['octo:pw12', 'pw12'] },
    { name: 'no credentials', env: { HTTPS_PROXY: PROXY, NO_PROXY: 'a@b' }, expected: [] },
    { name: 'values too short to be credentials', env: { HTTPS_PROXY: 'http://x:y@proxy' }, expected: [] }
  ])('returns what to mask for $name', ({ env, expected }) => {
    expect(proxySecrets(env)).toEqual(expected)
  })
})

describe('routeThroughProxy', () => {
  const api = { host: 'appstream-center.cn-shanghai.aliyuncs.com', protocol: 'HTTPS' } as const

  it('loads nothing when no proxy applies', () => {
    expect(routeThroughProxy(api, {})).toBeUndefined()
    expect(routeThroughProxy({ host: '127.0.0.1:9', protocol: 'HTTP' }, { HTTP_PROXY: PROXY })).toBeUndefined()
  })

  it('loads the transport and registers the proxy credentials with redact() when one applies', async () => {
    const route = routeThroughProxy(api, { HTTPS_PROXY: 'http://octo:s3cret-pw@proxy.corp:3128' })
    expect(route).toBeInstanceOf(Promise)
    await route
    expect(redact('Proxy-Authorization for octo:s3cret-pw')).toBe('Proxy-Authorization for ***')
  })

  it('throws InputError for a malformed proxy variable', () => {
    expect(() => routeThroughProxy(api, { HTTPS_PROXY: 'socks5://proxy.corp' })).toThrow(InputError)
  })
})
