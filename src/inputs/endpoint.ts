import { isIPv4, isIPv6 } from 'node:net'
import { defaultEndpoint } from '../common/api.js'
import { InputError } from '../common/errors.js'
import { REDACTED } from '../common/redact.js'
import { quoteValue } from './quote.js'

/** Endpoint is where the client connects: `host[:port]` without a scheme (the client library's form) and the protocol. */
export interface Endpoint {
  readonly host: string
  readonly protocol: 'HTTPS' | 'HTTP'
}

const FORMS = 'use host, host:port or https://host[:port]'
/** A host name may have 253 characters: an endpoint is echoed whole up to a bit more than that. */
const MAX_SHOWN_CHARS = 300
const DNS_LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?'
const DNS_NAME = new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})*$`)
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i

/** resolveEndpoint returns the endpoint input, or the public endpoint for the region over HTTPS when it is empty. */
export function resolveEndpoint(input: string, bizRegionId: string): Endpoint {
  const text = input.trim()
  if (text === '') return Object.freeze({ host: defaultEndpoint(bizRegionId), protocol: 'HTTPS' })
  return parseEndpoint(text, 'endpoint')
}

/**
 * parseEndpoint reads `host`, `host:port`, `https://host[:port]` (a trailing `/` allowed) or `http://` with a
 * loopback host (127.0.0.0/8, `[::1]`, `localhost`); throws InputError naming `inputName` for anything else.
 */
export function parseEndpoint(text: string, inputName: string): Endpoint {
  const fail = (problem: string): never => {
    throw new InputError(inputName, `${quoteValue(withoutUserinfo(text), MAX_SHOWN_CHARS)} ${problem}`)
  }
  const schemeMatch = SCHEME.exec(text)
  const scheme = schemeMatch ? (schemeMatch[1] as string).toLowerCase() : undefined
  if (scheme !== undefined && scheme !== 'https' && scheme !== 'http') {
    fail(`has scheme ${scheme}://; ${FORMS}`)
  }
  let rest = schemeMatch ? (schemeMatch[2] as string) : text
  if (rest.endsWith('/')) rest = rest.slice(0, -1)
  if (rest.includes('@')) fail(`must not contain credentials; pass them as access-key-id and access-key-secret`)
  if (/[/?#]/.test(rest)) fail(`must not contain a path, query or fragment; ${FORMS}`)
  const { hostname, port } = splitAuthority(rest, fail)
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    fail(`has port "${port}"; a port is a number from 1 to 65535`)
  }
  const host = port === undefined ? hostname : `${hostname}:${port}`
  if (scheme === 'http' && !isLoopbackHost(hostname)) {
    fail(`uses http://, which is only allowed for loopback hosts (127.0.0.1, [::1], localhost); use https://${host}`)
  }
  return Object.freeze({ host, protocol: scheme === 'http' ? 'HTTP' : 'HTTPS' })
}

function splitAuthority(authority: string, fail: (problem: string) => never): { hostname: string; port?: string } {
  const v6 = /^\[([^\]]*)\](?::(.*))?$/.exec(authority)
  if (v6) {
    const address = v6[1] as string
    if (!isIPv6(address)) fail(`has "${address}", which is not an IPv6 address`)
    return { hostname: `[${new URL(`http://[${address}]`).hostname.slice(1, -1)}]`, port: v6[2] }
  }
  const [hostname = '', port, ...more] = authority.split(':')
  if (more.length > 0) fail(`is not a host; write an IPv6 address in brackets, e.g. [::1]:8080`)
  const name = hostname.toLowerCase()
  if (name === '' || !(isIPv4(name) || (DNS_NAME.test(name) && name.length <= 253))) {
    fail(`is not a host name; ${FORMS}, e.g. appstream-center.cn-shanghai.aliyuncs.com`)
  }
  return { hostname: name, port }
}

/** isLoopbackHost tells whether a host name (IPv6 in brackets) is this machine: 127.0.0.0/8, [::1] or localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.toLowerCase()
  return name === 'localhost' || name === '[::1]' || (isIPv4(name) && name.startsWith('127.'))
}

// `scheme://userinfo@` or, without a scheme, `userinfo@` before the host: what a user may write credentials into.
const USERINFO = /^((?:[a-z][a-z0-9+.-]*:\/\/)?)([^@/?#]*)@/i

/** userinfoOf returns the credentials written into an endpoint URL (`https://id:secret@host`): the whole and each part. */
export function userinfoOf(text: string): string[] {
  const userinfo = USERINFO.exec(text.trim())?.[2]
  if (!userinfo) return []
  const parts = userinfo.split(':').map((part) => safeDecode(part))
  return [...new Set([userinfo, ...parts].filter((part) => part !== ''))]
}

/** withoutUserinfo returns the endpoint text with any credentials in it replaced, fit to echo in a message. */
export function withoutUserinfo(text: string): string {
  return text.replace(USERINFO, `$1${REDACTED}@`)
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    return part
  }
}
