/**
 * The proxy transport, loaded (dynamic import, from proxy.ts routeThroughProxy) only when a proxy applies to one of
 * the action's endpoints. Both client libraries send every request through the `httpx` package
 * (@alicloud/tea-typescript's doAction for the Wuying API, @alicloud/credentials' doRequest for STS), and neither
 * can be given a proxy or an agent: openapi-client copies RuntimeOptions' httpProxy / httpsProxy / noProxy into its
 * runtime, but tea-typescript 1.8's doAction never reads them, and it passes httpx an agent only of its own making.
 * So httpx.request, which both look up on the module at each call, is wrapped: a request a proxy applies to (per
 * the `choose` function, proxy.ts proxyFor) gets an agent that opens a CONNECT tunnel through the proxy, as
 * @actions/http-client does.
 */
import httpx from 'httpx'
import { Agent as HttpAgent, request as httpRequest, type ClientRequestArgs, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'

/** TUNNEL_ERROR_CODE is the `code` of a proxy's refusal to open a tunnel (Node 24's own code for it). */
export const TUNNEL_ERROR_CODE = 'ERR_PROXY_TUNNEL'

/**
 * TunnelError is every failure before a tunnel opened, so before any byte of the request was sent: `code` is the
 * connection's own (`ECONNREFUSED`...), `ETIMEDOUT`, or TUNNEL_ERROR_CODE when the proxy answered other than 200;
 * the message names the endpoint, the proxy's host:port and the cause, never the proxy's credentials.
 */
export class TunnelError extends Error {
  override readonly name = 'TunnelError'

  constructor(
    message: string,
    readonly code: string,
    /** `host:port` of the proxy. */
    readonly proxy: string
  ) {
    super(message)
  }
}

type HttpxRequest = typeof httpx.request
/** What Node's Agent passes createConnection: called with an error, or with null and the socket. */
type Created = (error: Error | null, stream: Duplex) => void
type Tunnelled = (error: Error | null, socket?: Socket) => void
/** ChooseProxy returns the proxy URL (userinfo for Proxy-Authorization) a request to the URL goes through, or undefined. */
export type ChooseProxy = (target: URL) => URL | undefined

interface Installed {
  readonly original: HttpxRequest
  choose: ChooseProxy
  readonly agents: Map<string, HttpAgent>
}

// The CommonJS module object both libraries call through; its `request` is a plain writable property.
const transport = httpx as unknown as { request: HttpxRequest }
let installed: Installed | undefined

/** installProxyTransport routes each httpx request through the proxy `choose` picks for it; idempotent (the last `choose` wins). */
export function installProxyTransport(choose: ChooseProxy): void {
  if (installed !== undefined) {
    installed.choose = choose
    return
  }
  const state: Installed = { original: transport.request, choose, agents: new Map() }
  installed = state
  transport.request = (url, options) => {
    const target = new URL(url)
    const proxy = state.choose(target)
    if (proxy === undefined) return state.original(url, options)
    // Always replace the agent: one the library made itself would connect directly.
    return state.original(url, { ...options, agent: agentFor(state.agents, proxy, target.protocol) })
  }
}

/** uninstallProxyTransport restores httpx and closes the tunnels; for tests. */
export function uninstallProxyTransport(): void {
  if (installed === undefined) return
  transport.request = installed.original
  for (const agent of installed.agents.values()) agent.destroy()
  installed = undefined
}

/** One keep-alive agent per proxy and scheme, so that a run's calls share one tunnel as they share one connection without a proxy. */
function agentFor(agents: Map<string, HttpAgent>, proxy: URL, protocol: string): HttpAgent {
  const key = `${protocol} ${proxy.href}`
  const agent = agents.get(key) ?? (protocol === 'https:' ? new HttpsTunnelAgent(proxy) : new HttpTunnelAgent(proxy))
  agents.set(key, agent)
  return agent
}

/** TLS to the endpoint inside a CONNECT tunnel. */
class HttpsTunnelAgent extends HttpsAgent {
  constructor(private readonly proxy: URL) {
    super({ keepAlive: true })
  }

  override createConnection(options: RequestOptions, callback?: Created): Duplex | null | undefined {
    openTunnel(this.proxy, options, (error, socket) => {
      if (error !== null || socket === undefined) return failed(callback, error)
      // https.Agent's own createConnection: TLS session reuse and the server name it computed, over the tunnel.
      callback?.(null, super.createConnection({ ...options, socket } as RequestOptions) as Duplex)
    })
    return undefined
  }
}

/** Plain HTTP inside a CONNECT tunnel (as @actions/http-client sends it), for an http:// endpoint a proxy applies to. */
class HttpTunnelAgent extends HttpAgent {
  constructor(private readonly proxy: URL) {
    super({ keepAlive: true })
  }

  override createConnection(options: ClientRequestArgs, callback?: Created): Duplex | null | undefined {
    openTunnel(this.proxy, options, (error, socket) =>
      error !== null || socket === undefined ? failed(callback, error) : callback?.(null, socket)
    )
    return undefined
  }
}

/** failed hands the Agent an error; Node reads no stream then. */
function failed(callback: Created | undefined, error: Error | null): void {
  ;(callback as ((error: Error) => void) | undefined)?.(error ?? new Error('no tunnel'))
}

function openTunnel(proxy: URL, options: ClientRequestArgs, done: Tunnelled): void {
  const host = options.hostname ?? options.host ?? 'localhost'
  const authority = `${host.includes(':') ? `[${host}]` : host}:${options.port}`
  const via = `${proxy.hostname}:${proxy.port || (proxy.protocol === 'https:' ? 443 : 80)}`
  let settled = false
  const fail = (cause: string, code: string): void => {
    if (settled) return
    settled = true
    done(new TunnelError(`cannot open a tunnel to ${authority} through the proxy ${via}: ${cause}`, code, via))
  }
  const timeoutMs = typeof options.timeout === 'number' && options.timeout > 0 ? options.timeout : undefined
  const connect = (proxy.protocol === 'https:' ? httpsRequest : httpRequest)({
    host: proxy.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
    method: 'CONNECT',
    path: authority,
    headers: { host: authority, ...proxyAuthorization(proxy) },
    agent: false,
    ...(timeoutMs === undefined ? {} : { timeout: timeoutMs })
  })
  connect.once('connect', (response: IncomingMessage, socket: Socket, head: Buffer) => {
    // From here on the request's own timeouts (httpx's connect and read timers) watch the socket.
    socket.setTimeout(0)
    if (response.statusCode !== 200) {
      socket.destroy()
      fail(`HTTP ${response.statusCode} ${response.statusMessage ?? ''}`.trim(), TUNNEL_ERROR_CODE)
      return
    }
    if (head.length > 0) socket.unshift(head)
    settled = true
    done(null, socket)
  })
  connect.once('timeout', () => {
    fail(`no answer within ${(timeoutMs ?? 0) / 1000} s`, 'ETIMEDOUT')
    connect.destroy()
  })
  connect.once('error', (error: NodeJS.ErrnoException) => fail(error.message, error.code ?? 'ECONNRESET'))
  connect.end()
}

function proxyAuthorization(proxy: URL): Record<string, string> {
  if (proxy.username === '' && proxy.password === '') return {}
  const pair = `${decode(proxy.username)}:${decode(proxy.password)}`
  return { 'proxy-authorization': `Basic ${Buffer.from(pair).toString('base64')}` }
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
