/**
 * A tiny HTTP server on 127.0.0.1 that answers each request with the next canned reply, for testing the client's
 * wire format and error mapping with the real client library. It checks no signatures: the emulator does that.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Endpoint } from '../src/inputs/endpoint.js'

/** RecordedRequest is what arrived: method, path, decoded query and form body, headers. */
export interface RecordedRequest {
  readonly method: string
  readonly path: string
  readonly query: Record<string, string>
  readonly form: Record<string, string>
  readonly body: string
  readonly headers: IncomingHttpHeaders
}

/**
 * A reply: a status with a JSON (object) or raw (string) body, `reset` to drop the connection, `hang` to never
 * answer, or a function of the request that returns one of those.
 */
export type CannedReply = FixedReply | ((request: RecordedRequest) => FixedReply)
/** FixedReply is one reply as sent: a status with a body, or a dropped or hanging connection. */
export type FixedReply =
  | { readonly status?: number; readonly body?: unknown; readonly headers?: Record<string, string>; readonly delayMs?: number }
  | 'reset'
  | 'hang'

export interface CannedServer {
  readonly endpoint: Endpoint
  readonly requests: RecordedRequest[]
  /** reply queues replies for the next requests; when the queue is empty the fallback answers. */
  reply(...replies: CannedReply[]): void
  close(): Promise<void>
}

/** startCannedServer listens on 127.0.0.1 on a free port; `fallback` answers when no reply is queued (default 200 `{}`). */
export async function startCannedServer(fallback: CannedReply = { status: 200, body: {} }): Promise<CannedServer> {
  const queue: CannedReply[] = []
  const requests: RecordedRequest[] = []
  const hanging: ServerResponse[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const request: RecordedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        form: Object.fromEntries(new URLSearchParams(body)),
        body,
        headers: req.headers
      }
      requests.push(request)
      const reply = queue.shift() ?? fallback
      answer(typeof reply === 'function' ? reply(request) : reply, res, hanging)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: { host: `127.0.0.1:${port}`, protocol: 'HTTP' },
    requests,
    reply: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

function answer(reply: FixedReply, res: ServerResponse, hanging: ServerResponse[]): void {
  if (reply === 'reset') {
    res.socket?.destroy()
    return
  }
  if (reply === 'hang') {
    hanging.push(res)
    return
  }
  const send = (): void => {
    const raw = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {})
    const type = typeof reply.body === 'string' ? 'text/html' : 'application/json;charset=utf-8'
    res.writeHead(reply.status ?? 200, { 'content-type': type, ...reply.headers })
    res.end(raw)
  }
  if (reply.delayMs) setTimeout(send, reply.delayMs)
  else send()
}

/** freePort returns a loopback port that nothing listens on (it was just released). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
