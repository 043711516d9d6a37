/**
 * The node:http listener (loopback only; node:https in TLS mode): numbers TCP connections, reads bodies (chunked
 * or not), sends API calls through the gateway and `/__emulator/` calls to the admin routes, then answers, holds or drops.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { Socket } from 'node:net'
import { CONTROL_PREFIX, handleControl, type ControlTarget } from './control.js'
import { apiError } from '../state/errors.js'
import type { Gateway, Outcome } from './gateway.js'
import { errorReply, newRequestId, type Reply } from './codec.js'

/** HOST is the only address the emulator binds to. */
export const HOST = '127.0.0.1'
/** MAX_BODY_BYTES bounds a request body; the API's bodies are a few hundred bytes. */
const MAX_BODY_BYTES = 1024 * 1024

/** A listening server. */
export interface ServerHandle {
  readonly port: number
  /** close stops listening, destroys open keep-alive sockets and cancels held answers. */
  close(): Promise<void>
}

/** The certificate and key (PEM) that turn the listener into HTTPS. */
export interface ServerTls {
  readonly certPem: string
  readonly keyPem: string
}

/** startServer listens on 127.0.0.1:port (0 = ephemeral), over HTTPS when `tls` is given, and resolves once it accepts connections. */
export async function startServer(
  gateway: Gateway,
  control: ControlTarget,
  port: number,
  tls?: ServerTls
): Promise<ServerHandle> {
  const connectionIds = new WeakMap<Socket, number>()
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  let accepted = 0

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    readBody(req)
      .then((body) => route(req, res, body))
      .catch((err: unknown) => {
        console.error('emulator: request failed:', err)
        if (!res.headersSent) send(res, errorReply(apiError('InternalError'), newRequestId(), HOST))
      })
  }
  const server = tls ? createTlsServer({ cert: tls.certPem, key: tls.keyPem }, handle) : createServer(handle)
  server.on('connection', (socket: Socket) => {
    if (!tls) connectionIds.set(socket, ++accepted)
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  // Over TLS a request's socket is the TLSSocket wrapping the TCP one, so that is what gets the number.
  if (tls) server.on('secureConnection', (socket: Socket) => connectionIds.set(socket, ++accepted))

  function route(req: IncomingMessage, res: ServerResponse, body: Buffer | undefined): void {
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const path = q < 0 ? url : url.slice(0, q)
    const method = (req.method ?? 'GET').toUpperCase()
    if (path.startsWith(CONTROL_PREFIX)) return send(res, handleControl(method, path, body?.toString('utf8') ?? '', control))
    if (body === undefined)
      return send(
        res,
        errorReply(apiError('InvalidParameter', { name: 'body', reason: 'larger than 1 MiB' }), newRequestId(), HOST)
      )
    if (path !== '/' || (method !== 'POST' && method !== 'GET')) {
      return send(res, errorReply(apiError('InvalidApi.NotFound'), newRequestId(), req.headers.host ?? HOST))
    }
    const outcome = gateway.handle({
      method,
      path,
      rawQuery: q < 0 ? '' : url.slice(q + 1),
      headers: flattenHeaders(req),
      body,
      connection: connectionIds.get(req.socket) ?? 0
    })
    deliver(req, res, outcome)
  }

  function deliver(req: IncomingMessage, res: ServerResponse, outcome: Outcome): void {
    const act = (): void => (outcome.drop ? void req.socket.destroy() : send(res, outcome.reply))
    if (outcome.holdMs <= 0) return act()
    const timer = setTimeout(() => {
      timers.delete(timer)
      act()
    }, outcome.holdMs)
    timers.add(timer)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, HOST, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  return {
    port: typeof address === 'object' && address !== null ? address.port : port,
    async close() {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const socket of sockets) socket.destroy()
      server.closeAllConnections()
      await closed
    }
  }
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return
  res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) })
  res.end(reply.body)
}

/** readBody resolves with the whole body (any transfer encoding), or undefined when it exceeds MAX_BODY_BYTES. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function flattenHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value
  return headers
}
