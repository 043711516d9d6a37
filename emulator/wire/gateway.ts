/**
 * The request pipeline behind the socket: decode → rate limit and gateway faults → route → authenticate →
 * dispatch → encode, with one request-log entry per API call. It decides what to send (or to drop, and how
 * long to hold the answer); server.ts does the I/O.
 */
import { RAM_ACTIONS, type AppInstanceGroupModel } from '../../src/common/api.js'
import { ApiError, apiError, invalidParameter } from '../state/errors.js'
import { CredentialStore, NonceCache, readEnvelope, verifyRequest, type Scheme, type WireRequest } from '../auth/authenticate.js'
import { FaultQueue, GATEWAY_FAULTS, type FaultSpec } from '../faults/queue.js'
import { RateLimiter } from '../faults/rate-limit.js'
import type { Fixture } from '../state/fixture.js'
import { findRoute } from '../state/operations.js'
import { FleetState, type TaskView } from '../state/fleet.js'
import { StsService } from '../auth/sts.js'
import { OwnedClock, type Clock } from '../state/time.js'
import {
  businessParams,
  decodeForm,
  errorReply,
  findDuplicate,
  htmlUnavailableReply,
  isFormContent,
  newRequestId,
  successReply,
  type Pair,
  type Reply
} from './codec.js'

/** One API request as the log records it. */
export interface RequestLogEntry {
  seq: number
  time: string
  action: string
  version: string
  scheme: Scheme
  accessKeyId?: string
  /**
   * The signature as sent (ACS3: `Signature=` of Authorization; RPC: the `Signature` parameter), so that tests can
   * prove it never appears in the action's output. Test data only: a signature is bound to its nonce and expires.
   */
  signature?: string
  params: Record<string, string>
  connection: number
  status: number
  code?: string
  fault?: string
  /** The `RequestId` sent back (also on errors), so tests can match it to the action's outputs. */
  requestId: string
}

/** What state() returns: groups as ListAppInstanceGroup would show them now, and every approved task. */
export interface EmulatorStateView {
  groups: AppInstanceGroupModel[]
  tasks: TaskView[]
}

/** A request as it came off the socket. */
export interface RawRequest {
  readonly method: string
  readonly path: string
  readonly rawQuery: string
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body: Buffer
  readonly connection: number
}

/** What to do with the socket: answer (after holdMs) or destroy it without answering. */
export type Outcome =
  { readonly drop: false; readonly reply: Reply; readonly holdMs: number } | { readonly drop: true; readonly holdMs: number }

/** GatewayOptions are the EmulatorOptions the pipeline uses. */
export interface GatewayOptions {
  readonly clock?: Clock
  readonly latencyMs?: number
  readonly rateLimitPerSecond?: number
}

/** Gateway owns one emulator's state, credentials, faults and log. */
export class Gateway {
  readonly clock: Clock
  latencyMs: number
  private readonly faults = new FaultQueue()
  private readonly nonces = new NonceCache()
  private readonly limiter: RateLimiter
  private log: RequestLogEntry[] = []
  private store!: CredentialStore
  private state!: FleetState
  private sts!: StsService

  constructor(
    private readonly fixture: Fixture,
    options: GatewayOptions = {}
  ) {
    this.clock = options.clock ?? new OwnedClock()
    this.latencyMs = options.latencyMs ?? 0
    this.limiter = new RateLimiter(options.rateLimitPerSecond)
    this.reset()
  }

  /** reset puts state and credentials back to the fixture and clears the log, nonces, rate window and added faults (fixture faults re-arm). */
  reset(): void {
    this.store = new CredentialStore(this.fixture)
    this.state = new FleetState(this.fixture, this.clock.now())
    this.sts = new StsService(this.fixture.oidc, this.store)
    this.nonces.clear()
    this.limiter.clear()
    this.faults.clear()
    for (const fault of this.fixture.faults ?? []) this.faults.add(fault)
    this.log = []
  }

  /** addFault arms a fault behind those already armed. */
  addFault(fault: FaultSpec): void {
    this.faults.add(fault)
  }

  /** pendingFaults returns the armed faults with their remaining counts. */
  pendingFaults(): FaultSpec[] {
    return this.faults.pending()
  }

  /** advanceClock moves the emulator-owned clock; throws when the clock was injected (advance that clock instead). */
  advanceClock(ms: number): void {
    if (!(this.clock instanceof OwnedClock))
      throw new Error('advanceClock: the clock was injected through options.clock; advance that clock instead')
    this.clock.advance(ms)
  }

  /** requests returns a copy of the request log, oldest first. */
  requests(): RequestLogEntry[] {
    return this.log.map((e) => ({ ...e, params: { ...e.params } }))
  }

  /** view advances the state to the clock's now and returns it. */
  view(): EmulatorStateView {
    this.state.advance(this.clock.now())
    return this.state.view()
  }

  /** handle runs one API request through the pipeline and returns what to send. */
  handle(raw: RawRequest): Outcome {
    const now = this.clock.now()
    const wallNow = Date.now()
    this.state.advance(now)
    const requestId = newRequestId()
    const hostId = raw.headers.host ?? '127.0.0.1'
    const { req, decodeError } = decodeRequest(raw)
    const envelope = readEnvelope(req)
    const entry: RequestLogEntry = {
      seq: this.log.length + 1,
      time: new Date(now).toISOString(),
      action: envelope.action,
      version: envelope.version,
      scheme: envelope.scheme,
      ...(envelope.accessKeyId ? { accessKeyId: envelope.accessKeyId } : {}),
      ...(envelope.signature ? { signature: envelope.signature } : {}),
      params: businessParams([...req.query, ...req.form]),
      connection: raw.connection,
      status: 0,
      requestId
    }
    this.log.push(entry)
    // The gateway throttles and fails before the backend sees the request, so before authentication.
    const waitMs = this.limiter.admit(wallNow)
    if (waitMs > 0) {
      entry.fault = 'rate-limit'
      return this.answer(
        entry,
        errorReply(apiError('Throttling.User', {}, { 'x-acs-retry-after': String(waitMs) }), requestId, hostId),
        0
      )
    }
    const fault = this.faults.take(envelope.action)
    if (fault) entry.fault = fault.kind
    if (fault && GATEWAY_FAULTS.includes(fault.kind)) return this.gatewayFault(entry, fault, requestId, hostId)
    let reply: Reply
    try {
      if (decodeError) throw decodeError
      reply = successReply(requestId, this.dispatch(req, entry, now, wallNow, fault?.kind === 'forbidden'))
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      reply = errorReply(err, requestId, hostId)
    }
    if (fault?.kind === 'drop-after') {
      entry.code = codeOf(reply)
      return { drop: true, holdMs: this.latencyMs }
    }
    return this.answer(entry, reply, fault?.kind === 'delay' ? (fault.delayMs ?? 0) : 0)
  }

  private dispatch(req: WireRequest, entry: RequestLogEntry, now: number, wallNow: number, forbidden: boolean): object {
    const duplicate = findDuplicate([...req.query, ...req.form])
    if (duplicate !== undefined) throw invalidParameter(duplicate, 'it is given more than once')
    const route = findRoute(entry.action, entry.version)
    if (route.anonymous && entry.scheme === 'none' && req.headers.authorization === undefined) {
      entry.scheme = 'anonymous'
    } else {
      entry.accessKeyId = verifyRequest(req, entry, this.store, this.nonces, wallNow)
    }
    if (forbidden) throw apiError('Forbidden.RAM', { action: ramAction(entry.action) })
    return route.handle(businessParams([...req.query, ...req.form]), { state: this.state, sts: this.sts, now, wallNow })
  }

  private gatewayFault(entry: RequestLogEntry, fault: FaultSpec, requestId: string, hostId: string): Outcome {
    if (fault.kind === 'drop-before') return { drop: true, holdMs: 0 }
    if (fault.kind === 'html-503') return this.answer(entry, htmlUnavailableReply(requestId), 0)
    if (fault.kind === 'throttle') {
      const headers: Record<string, string> = {}
      // Alibaba Cloud clients read x-acs-retry-after as milliseconds.
      if (fault.retryAfterSeconds !== undefined) headers['x-acs-retry-after'] = String(Math.round(fault.retryAfterSeconds * 1000))
      return this.answer(entry, errorReply(apiError(fault.code ?? 'Throttling.User', {}, headers), requestId, hostId), 0)
    }
    const code = fault.kind === 'error-500' ? 'InternalError' : 'ServiceUnavailable'
    return this.answer(entry, errorReply(apiError(code), requestId, hostId), 0)
  }

  private answer(entry: RequestLogEntry, reply: Reply, extraMs: number): Outcome {
    entry.status = reply.status
    const code = codeOf(reply)
    if (code !== undefined) entry.code = code
    return { drop: false, reply, holdMs: this.latencyMs + extraMs }
  }
}

function ramAction(action: string): string {
  return Object.hasOwn(RAM_ACTIONS, action) ? RAM_ACTIONS[action as keyof typeof RAM_ACTIONS] : `the action of ${action}`
}

function decodeRequest(raw: RawRequest): { req: WireRequest; decodeError?: ApiError } {
  let query: Pair[] = []
  let form: Pair[] = []
  try {
    query = decodeForm(raw.rawQuery)
    if (isFormContent(raw.headers['content-type'])) form = decodeForm(raw.body.toString('utf8'))
  } catch (err) {
    if (!(err instanceof ApiError)) throw err
    return { req: { ...raw, query, form, rawBody: raw.body }, decodeError: err }
  }
  return { req: { ...raw, query, form, rawBody: raw.body } }
}

function codeOf(reply: Reply): string | undefined {
  if (!reply.headers['content-type']?.startsWith('application/json')) return undefined
  const code = (JSON.parse(reply.body) as { Code?: unknown }).Code
  return typeof code === 'string' ? code : undefined
}
