/**
 * The admin API under the reserved prefix `/__emulator/` (API calls are `POST /` or `GET /` only, so none
 * can reach it). JSON in and out; a bad request names the field and what it accepts.
 */
import { validateFault, type FaultSpec } from '../faults/queue.js'
import type { EmulatorStateView, RequestLogEntry } from './gateway.js'
import { jsonReply, type Reply } from './codec.js'

/** CONTROL_PREFIX is the path prefix no API call can use. */
export const CONTROL_PREFIX = '/__emulator/'

/** What the admin routes act on. */
export interface ControlTarget {
  requests(): RequestLogEntry[]
  state(): EmulatorStateView
  faults(): FaultSpec[]
  reset(): void
  addFault(fault: FaultSpec): void
  advanceClock(ms: number): void
  setLatency(ms: number): void
  now(): number
}

type Handler = (body: unknown, target: ControlTarget) => unknown

const ROUTES: Readonly<Record<string, Handler>> = {
  'GET requests': (_, t) => t.requests(),
  'GET state': (_, t) => t.state(),
  'GET faults': (_, t) => t.faults(),
  'POST reset': (_, t) => {
    t.reset()
    return { ok: true }
  },
  'POST faults': (body, t) => {
    const specs = (Array.isArray(body) ? body : [body]).map((f, i) =>
      validateFault(f, Array.isArray(body) ? `faults[${i}]` : 'fault')
    )
    specs.forEach((spec) => t.addFault(spec))
    return { ok: true, armed: t.faults() }
  },
  'POST clock': (body, t) => {
    t.advanceClock(numberField(body, 'advanceMs'))
    return { ok: true, now: new Date(t.now()).toISOString() }
  },
  'POST latency': (body, t) => {
    t.setLatency(numberField(body, 'ms'))
    return { ok: true }
  }
}

/** handleControl returns the reply to an admin request: 200 with JSON, 400 for bad input, 404 for an unknown route. */
export function handleControl(method: string, path: string, bodyText: string, target: ControlTarget): Reply {
  const name = path.slice(CONTROL_PREFIX.length).replace(/\/+$/, '')
  const handler = ROUTES[`${method} ${name}`]
  if (!handler) {
    const known = Object.keys(ROUTES).map((r) => r.replace(' ', ` ${CONTROL_PREFIX}`))
    return jsonReply(404, { error: `no admin route ${method} ${path}; known: ${known.join(', ')}` })
  }
  try {
    const body = bodyText.trim() === '' ? {} : (JSON.parse(bodyText) as unknown)
    return jsonReply(200, handler(body, target))
  } catch (err) {
    return jsonReply(400, { error: err instanceof Error ? err.message : String(err) })
  }
}

function numberField(body: unknown, field: string): number {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`body.${field} must be a number ≥ 0`)
  return value
}
