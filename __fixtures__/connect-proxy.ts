/**
 * A small HTTP proxy on 127.0.0.1 (port 0) for the proxy tests: it opens CONNECT tunnels and forwards plain-HTTP
 * requests in absolute form, records both, and can demand a Proxy-Authorization. Host names listed in `hosts` are
 * connected to at the address given there, so that a test can name endpoints that resolve nowhere else (and that
 * are not loopback, which the action never sends through a proxy) and still reach the emulator.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import { connect, type Socket } from 'node:net'

/** Options of startConnectProxy; all optional. */
export interface ConnectProxyOptions {
  /** `user:password` every request must carry as Basic Proxy-Authorization; otherwise 407. */
  readonly auth?: string
  /** Host name → address to connect to instead (e.g. `{ 'api.proxy.test': '127.0.0.1' }`). */
  readonly hosts?: Readonly<Record<string, string>>
  /** Accept CONNECT requests and never answer them (a stalled proxy). */
  readonly silent?: boolean
}

/** One request as the proxy saw it. */
export interface ProxiedRequest {
  /** `CONNECT` or the plain request's method. */
  readonly method: string
  /** `host:port` of a CONNECT, or the absolute URL of a plain request. */
  readonly target: string
  /** Whether Proxy-Authorization matched `auth` (true when none is demanded). */
  readonly authorized: boolean
  /** What the proxy answered: 200 for an open tunnel, 407, 502, the forwarded status, or 0 for nothing (silent). */
  readonly status: number
}

/** A running proxy. */
export interface ConnectProxy {
  /** `http://127.0.0.1:PORT`, for HTTPS_PROXY / HTTP_PROXY. */
  readonly url: string
  readonly port: number
  /** requests returns every request so far, oldest first. */
  requests(): ProxiedRequest[]
  /** reset forgets the recorded requests. */
  reset(): void
  /** close stops listening and destroys every open tunnel and connection. */
  close(): Promise<void>
}

/** startConnectProxy listens on 127.0.0.1 and returns the running proxy. */
export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  let log: ProxiedRequest[] = []
  const sockets = new Set<Socket>()
  const expected = options.auth === undefined ? undefined : `Basic ${Buffer.from(options.auth).toString('base64')}`
  const authorized = (req: IncomingMessage): boolean => expected === undefined || req.headers['proxy-authorization'] === expected
  const addressOf = (host: string): string => options.hosts?.[host.toLowerCase()] ?? host
  const track = (socket: Socket): void => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const record = (status: number): void => {
      log.push({ method: req.method ?? '', target: req.url ?? '', authorized: authorized(req), status })
    }
    if (!authorized(req)) {
      record(407)
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end()
      return
    }
    const target = new URL(req.url ?? '/')
    const headers = { ...req.headers }
    delete headers['proxy-authorization']
    const upstream = request(
      {
        host: addressOf(target.hostname),
        port: target.port || 80,
        method: req.method,
        path: target.pathname + target.search,
        headers
      },
      (answer) => {
        record(answer.statusCode ?? 0)
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      }
    )
    upstream.once('error', () => {
      record(502)
      res.writeHead(502).end()
    })
    req.pipe(upstream)
  })

  server.on('connection', track)
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? ''
    const record = (status: number): void => {
      log.push({ method: 'CONNECT', target, authorized: authorized(req), status })
    }
    if (options.silent) return record(0)
    if (!authorized(req)) {
      record(407)
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n'
      )
      return
    }
    const separator = target.lastIndexOf(':')
    const host = target.slice(0, separator).replace(/^\[(.*)\]$/, '$1')
    const upstream = connect(Number(target.slice(separator + 1)), addressOf(host))
    track(upstream)
    upstream.once('connect', () => {
      record(200)
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.once('error', () => {
      record(502)
      client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n')
    })
    client.once('error', () => upstream.destroy())
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: () => [...log],
    reset: () => {
      log = []
    },
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
