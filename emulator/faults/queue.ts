/**
 * Faults on demand: the gateway-level misbehaviour tests ask for (the rate limit is rate-limit.ts). Faults queue
 * up in the order added; each API request consumes at most one, the first whose operation matches.
 */
import { OPERATIONS, type Operation } from '../../src/common/api.js'

/** FAULT_KINDS lists every kind of fault the emulator can inject. */
export const FAULT_KINDS = [
  'throttle',
  'error-500',
  'error-503',
  'html-503',
  'drop-before',
  'drop-after',
  'delay',
  'forbidden'
] as const
/** FaultKind is one of FAULT_KINDS. */
export type FaultKind = (typeof FAULT_KINDS)[number]

/**
 * Faults applied by the gateway before authentication: the backend never sees the request. `forbidden` comes after
 * authentication (RAM checks a verified caller): 403 `Forbidden.RAM`, as for a role without the operation's RAM action.
 */
export const GATEWAY_FAULTS: readonly FaultKind[] = ['throttle', 'error-500', 'error-503', 'html-503', 'drop-before']

/** FaultSpec asks for the next `count` requests to `operation` to misbehave in one way. */
export interface FaultSpec {
  operation: Operation | 'AssumeRoleWithOIDC' | '*'
  kind: FaultKind
  /** Next N matching requests (default 1). */
  count?: number
  /** Throttle code, default `Throttling.User`. */
  code?: string
  /** Throttle: sends `x-acs-retry-after` with this wait converted to milliseconds (the unit Alibaba Cloud clients read). */
  retryAfterSeconds?: number
  /** Delay: the request is processed (state change applied), then the response is held this long. */
  delayMs?: number
}

const FAULT_OPERATIONS: readonly string[] = [...OPERATIONS, 'AssumeRoleWithOIDC', '*']

/** validateFault returns the input as a FaultSpec or throws an Error naming the bad field (`where` prefixes the message). */
export function validateFault(input: unknown, where = 'fault'): FaultSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error(`${where} must be an object`)
  const f = input as Record<string, unknown>
  if (typeof f.operation !== 'string' || !FAULT_OPERATIONS.includes(f.operation)) {
    throw new Error(`${where}.operation must be one of ${FAULT_OPERATIONS.join(', ')}; got ${JSON.stringify(f.operation)}`)
  }
  if (typeof f.kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(f.kind)) {
    throw new Error(`${where}.kind must be one of ${FAULT_KINDS.join(', ')}; got ${JSON.stringify(f.kind)}`)
  }
  checkNumber(f.count, `${where}.count`, 1, true)
  checkNumber(f.retryAfterSeconds, `${where}.retryAfterSeconds`, 0, false)
  checkNumber(f.delayMs, `${where}.delayMs`, 0, true)
  if (f.code !== undefined && (typeof f.code !== 'string' || !f.code.startsWith('Throttling'))) {
    throw new Error(`${where}.code must be a Throttling code (Throttling, Throttling.User, Throttling.Api)`)
  }
  if (f.kind === 'delay' && f.delayMs === undefined) throw new Error(`${where}.delayMs is required for kind delay`)
  return f as unknown as FaultSpec
}

function checkNumber(value: unknown, path: string, min: number, integer: boolean): void {
  if (value === undefined) return
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new Error(`${path} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}`)
  }
}

/** FaultQueue holds the armed faults with their remaining counts. */
export class FaultQueue {
  private armed: Array<{ spec: FaultSpec; left: number }> = []

  /** add arms a fault (validated) behind those already armed. */
  add(spec: FaultSpec): void {
    validateFault(spec)
    this.armed.push({ spec: { ...spec }, left: spec.count ?? 1 })
  }

  /** take consumes one use of the first fault matching the operation and returns it, or undefined. */
  take(operation: string): FaultSpec | undefined {
    const index = this.armed.findIndex((f) => f.spec.operation === '*' || f.spec.operation === operation)
    if (index < 0) return undefined
    const entry = this.armed[index] as { spec: FaultSpec; left: number }
    entry.left -= 1
    if (entry.left <= 0) this.armed.splice(index, 1)
    return entry.spec
  }

  /** pending returns the armed faults with their remaining counts. */
  pending(): FaultSpec[] {
    return this.armed.map((f) => ({ ...f.spec, count: f.left }))
  }

  /** clear disarms every fault. */
  clear(): void {
    this.armed = []
  }
}
