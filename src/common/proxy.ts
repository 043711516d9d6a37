/**
 * Which requests go through an HTTP proxy, decided from HTTPS_PROXY, HTTP_PROXY and NO_PROXY (each read lower-case
 * first, as curl does). Loopback hosts never do, whatever the variables say: @actions/http-client, which fetches the
 * job's ID token, and Go's net/http follow the same rule, so one run never treats a host two ways and a local
 * emulator never ends up behind a developer's proxy. Pure except routeThroughProxy, which loads the transport
 * (proxy-transport.ts) only when a proxy applies, so that a run without one loads nothing more.
 */
import * as net from 'node:net'
import { InputError } from './errors.js'
import { MIN_SECRET_LENGTH, registerSecret } from './redact.js'

/** ProxyEnv is where the proxy variables are read from (process.env on a runner). */
export type ProxyEnv = Readonly<Record<string, string | undefined>>

/** ProxyTarget is an endpoint as the inputs give it (src/inputs/endpoint.ts Endpoint): `host[:port]` and the protocol. */
export interface ProxyTarget {
  readonly host: string
  readonly protocol: 'HTTPS' | 'HTTP'
}

/** PROXY_VARIABLES lists every variable the proxy URLs are read from, in the order they are looked up per scheme. */
export const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] as const
const NO_PROXY_VARIABLES = ['no_proxy', 'NO_PROXY'] as const
const FORMS = 'use http://host:port or http://user:password@host:port'

// Built on first use: node:net loads its BlockList (and the modules behind it) only when asked, and a run without a
// proxy never asks.
let loopback: net.BlockList | undefined
function loopbackList(): net.BlockList {
  if (loopback === undefined) {
    loopback = new net.BlockList()
    loopback.addSubnet('127.0.0.0', 8, 'ipv4')
    loopback.addAddress('::1', 'ipv6')
    loopback.addSubnet('::ffff:7f00:0', 104, 'ipv6')
  }
  return loopback
}

/**
 * proxyFor returns the proxy URL (userinfo kept, for Proxy-Authorization) a request to `target` goes through, or
 * undefined for a direct connection; throws InputError naming the variable when its value is not an http(s) URL.
 */
export function proxyFor(target: URL | string, env: ProxyEnv): URL | undefined {
  const url = typeof target === 'string' ? new URL(target) : target
  const found = readVariable(env, url.protocol === 'https:' ? PROXY_VARIABLES.slice(0, 2) : PROXY_VARIABLES.slice(2))
  if (found === undefined) return undefined
  const proxy = parseProxyUrl(found.name, found.value)
  const host = hostOf(url)
  if (isLoopback(host)) return undefined
  const noProxy = readVariable(env, NO_PROXY_VARIABLES)?.value ?? ''
  return bypasses(noProxy, host, portOf(url)) ? undefined : proxy
}

/** proxyAddress returns `host:port` of a proxy URL: what a log line or an error may show of it (never its userinfo). */
export function proxyAddress(proxy: URL): string {
  return `${proxy.hostname}:${portOf(proxy)}`
}

/**
 * describeProxyUse returns the one log line about proxies for these targets (which go through which proxy, which do
 * not and why), or undefined when no proxy variable is set; no credential appears in it.
 */
export function describeProxyUse(targets: readonly ProxyTarget[], env: ProxyEnv): string | undefined {
  if (readVariable(env, PROXY_VARIABLES) === undefined) return undefined
  const via = new Map<string, string[]>()
  const direct: string[] = []
  for (const target of new Map(targets.map((t) => [`${t.protocol}://${t.host}`, t])).values()) {
    const url = targetUrl(target)
    const proxy = proxyFor(url, env)
    const name = url.host
    if (proxy === undefined) direct.push(`${name} (${directReason(url, env)})`)
    else via.set(proxyAddress(proxy), [...(via.get(proxyAddress(proxy)) ?? []), name])
  }
  const parts = [...via].map(([proxy, hosts]) => `${hosts.join(', ')} through ${proxy}`)
  if (direct.length > 0) parts.push(`direct to ${direct.join(', ')}`)
  return `proxy: ${parts.join('; ')}`
}

/**
 * proxySecrets returns what must be masked of the proxy variables: the userinfo as written and its decoded password
 * (or, without a password, its user name, which then usually is a token), each at least MIN_SECRET_LENGTH long.
 */
export function proxySecrets(env: ProxyEnv): string[] {
  const secrets = new Set<string>()
  for (const name of PROXY_VARIABLES) {
    const value = env[name]?.trim()
    if (!value) continue
    const userinfo = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#]*)@/i.exec(value)?.[1]
    if (userinfo === undefined) continue
    secrets.add(userinfo)
    const [user = '', ...rest] = userinfo.split(':')
    const password = rest.join(':')
    secrets.add(safeDecode(password === '' ? user : password))
  }
  // As registerSecret: anything shorter is no real credential, and masking it would garble every log line.
  return [...secrets].filter((s) => s.length >= MIN_SECRET_LENGTH)
}

/**
 * routeThroughProxy returns undefined when no proxy applies to `target` (nothing is loaded); otherwise the promise
 * that the transport is loaded and installed, which every request of the client libraries must await before it is
 * sent. Throws InputError for a malformed proxy variable, as proxyFor does.
 */
export function routeThroughProxy(target: ProxyTarget, env: ProxyEnv): Promise<void> | undefined {
  if (proxyFor(targetUrl(target), env) === undefined) return undefined
  // redact() must know the proxy's credentials even if the caller did not mask them.
  for (const secret of proxySecrets(env)) registerSecret(secret)
  return import('./proxy-transport.js').then(({ installProxyTransport }) => installProxyTransport((url) => proxyFor(url, env)))
}

/** targetUrl returns the URL of an endpoint's root, e.g. `https://host:port/`. */
export function targetUrl(target: ProxyTarget): URL {
  return new URL(`${target.protocol.toLowerCase()}://${target.host}/`)
}

function readVariable(env: ProxyEnv, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim()
    if (value) return { name, value }
  }
  return undefined
}

function parseProxyUrl(name: string, value: string): URL {
  // A value without a scheme is an http:// proxy, as in curl and @actions/http-client.
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`
  let url: URL
  try {
    url = new URL(text)
  } catch {
    // Not echoed: the value may carry a password.
    throw new InputError(name, `is not a URL; ${FORMS}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(name, `has scheme ${url.protocol}//, which the action cannot use; ${FORMS}`)
  }
  if (url.hostname === '') throw new InputError(name, `names no host; ${FORMS}`)
  return url
}

function directReason(url: URL, env: ProxyEnv): string {
  if (isLoopback(hostOf(url))) return 'loopback'
  const scheme = url.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY'
  const set = readVariable(env, url.protocol === 'https:' ? PROXY_VARIABLES.slice(0, 2) : PROXY_VARIABLES.slice(2))
  return set === undefined ? `${scheme} not set` : (readVariable(env, NO_PROXY_VARIABLES)?.name ?? 'NO_PROXY')
}

/** The host in lower case, IPv6 without brackets, without a trailing dot. */
function hostOf(url: URL): string {
  return url.hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase()
}

function portOf(url: URL): number {
  return url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80
}

function isLoopback(host: string): boolean {
  const family = net.isIP(host)
  if (family === 4) return loopbackList().check(host, 'ipv4')
  if (family === 6) return loopbackList().check(host, 'ipv6')
  return host === 'localhost' || host.endsWith('.localhost')
}

/**
 * bypasses tells whether NO_PROXY exempts `host:port`. Entries are separated by commas or spaces: `*` (everything),
 * a name (`example.com`, `.example.com` and `*.example.com` all match the name and every name under it, as curl
 * reads them), an IP address (`10.1.2.3`, `::1` or `[::1]`) or CIDR block (`10.0.0.0/8`), each optionally with
 * `:port`. Names never match IP addresses and no name is resolved.
 */
export function bypasses(noProxy: string, host: string, port: number): boolean {
  const hostFamily = net.isIP(host)
  return noProxy
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .some((entry) => {
      if (entry === '*') return true
      const { name, entryPort } = splitEntry(entry.toLowerCase())
      if (entryPort !== undefined && entryPort !== port) return false
      const cidr = /^(.+)\/(\d{1,3})$/.exec(name)
      if (cidr) return hostFamily !== 0 && inSubnet(host, hostFamily, cidr[1] as string, Number(cidr[2]))
      const family = net.isIP(name)
      if (family !== 0) return family === hostFamily && sameAddress(name, host, family)
      const domain = name.replace(/^\*?\./, '').replace(/\.$/, '')
      return hostFamily === 0 && domain !== '' && (host === domain || host.endsWith(`.${domain}`))
    })
}

function splitEntry(entry: string): { name: string; entryPort?: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry)
  if (bracketed) return { name: bracketed[1] as string, ...portField(bracketed[2]) }
  // More than one colon and no brackets: a bare IPv6 address (or block), which carries no port.
  if (entry.indexOf(':') !== entry.lastIndexOf(':')) return { name: entry }
  const withPort = /^(.*):(\d+)$/.exec(entry)
  return withPort ? { name: withPort[1] as string, ...portField(withPort[2]) } : { name: entry }
}

function portField(port: string | undefined): { entryPort?: number } {
  return port === undefined ? {} : { entryPort: Number(port) }
}

function sameAddress(a: string, b: string, family: number): boolean {
  const list = new net.BlockList()
  list.addAddress(a, family === 4 ? 'ipv4' : 'ipv6')
  return list.check(b, family === 4 ? 'ipv4' : 'ipv6')
}

function inSubnet(host: string, hostFamily: number, network: string, prefix: number): boolean {
  const family = net.isIP(network)
  if (family === 0 || family !== hostFamily || prefix > (family === 4 ? 32 : 128)) return false
  const list = new net.BlockList()
  list.addSubnet(network, prefix, family === 4 ? 'ipv4' : 'ipv6')
  return list.check(host, family === 4 ? 'ipv4' : 'ipv6')
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
