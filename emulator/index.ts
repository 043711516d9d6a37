/**
 * The Wuying API emulator's public surface: `startEmulator` and the types tests and the demo use.
 * A test and demo tool only: nothing under src/ imports it, it binds 127.0.0.1 only, and it holds only
 * the fake credentials of its fixture.
 */
import type { FaultSpec } from './faults/queue.js'
import { loadFixture, type Fixture } from './state/fixture.js'
import { Gateway, type EmulatorStateView, type RequestLogEntry } from './wire/gateway.js'
import { startServer, HOST } from './wire/server.js'
import type { Clock } from './state/time.js'
import { createTestCertificate, type TestCertificate } from './auth/tls.js'

// Types and helpers tests and the demo need, re-exported so that they import one module.
export type { FaultKind, FaultSpec } from './faults/queue.js'
export type {
  Fixture,
  FixtureAccessKey,
  FixtureGroup,
  FixtureOidcProvider,
  FixtureOidcRole,
  FixtureStsToken
} from './state/fixture.js'
export { DEFAULT_FIXTURE_PATH, FixtureError, loadFixture } from './state/fixture.js'
export type { EmulatorStateView, RequestLogEntry } from './wire/gateway.js'
export type { Clock } from './state/time.js'
export { readTestOidcKey, signIdToken, TEST_OIDC_PRIVATE_KEY_PATH } from './auth/oidc.js'
export { createTestCertificate, type TestCertificate } from './auth/tls.js'
export {
  startIdTokenService,
  type IdTokenMode,
  type IdTokenRequest,
  type IdTokenService,
  type IdTokenServiceOptions
} from './auth/id-token-service.js'

/** Options of startEmulator; all optional. */
export interface EmulatorOptions {
  /** Fixture object or path to a JSON fixture; default: the sample fleet emulator/fixtures/fleet.json. */
  fixture?: Fixture | string
  /** Port on 127.0.0.1; default 0 (ephemeral). */
  port?: number
  /** Fixed extra latency added to every API response, in ms. */
  latencyMs?: number
  /**
   * Clock that drives OTA task progress; default real time (owned by the emulator, moved by advanceClock).
   * Request signing windows, nonces and credential expiry always use wall time, as clients sign with it.
   */
  clock?: Clock
  /** Above this many API requests in any 1 s window (wall time), answer 400 `Throttling.User`. */
  rateLimitPerSecond?: number
  /**
   * Serve HTTPS instead of HTTP: `true` makes a throwaway self-signed certificate (in-process) that close()
   * removes; a TestCertificate is used as given and left to its owner (one CA file for several emulators).
   */
  tls?: boolean | TestCertificate
}

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:PORT`, or `https://` in TLS mode. */
  readonly url: string
  /** `127.0.0.1:PORT`, what the client library's `endpoint` takes (with `protocol` below). */
  readonly endpoint: string
  readonly port: number
  /** `HTTP`, or `HTTPS` in TLS mode: the client library's `protocol`. */
  readonly protocol: 'HTTP' | 'HTTPS'
  /** TLS mode: the certificate PEM file to trust, e.g. as NODE_EXTRA_CA_CERTS of a spawned action. */
  readonly caCertPath?: string
  /** TLS mode: the same certificate as PEM text, e.g. for the `ca` option of node:https. */
  readonly caCertPem?: string
  /** requests returns a copy of the request log, oldest first. */
  requests(): RequestLogEntry[]
  /** state returns the groups (as ListAppInstanceGroup would show them now) and every approved task. */
  state(): EmulatorStateView
  /** addFault arms a fault for the next matching requests, behind those already armed. */
  addFault(fault: FaultSpec): void
  /** setLatency sets the extra latency (ms) added to every API response from now on. */
  setLatency(ms: number): void
  /** advanceClock moves the emulator's own clock forward; throws when options.clock was given (move that clock instead). */
  advanceClock(ms: number): void
  /** reset puts the state back to the fixture and clears the log, added faults and nonces. */
  reset(): void
  /** close stops the server, destroys open keep-alive sockets so that tests exit promptly, and removes a certificate it made. */
  close(): Promise<void>
}

/** startEmulator loads and validates the fixture, listens on 127.0.0.1 and returns the running emulator; throws FixtureError on a bad fixture. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const fixture = loadFixture(options.fixture)
  checkMs(options.latencyMs, 'latencyMs')
  if (
    options.rateLimitPerSecond !== undefined &&
    !(Number.isInteger(options.rateLimitPerSecond) && options.rateLimitPerSecond >= 1)
  ) {
    throw new RangeError(`rateLimitPerSecond must be an integer ≥ 1, got ${options.rateLimitPerSecond}`)
  }
  const gateway = new Gateway(fixture, options)
  const control = {
    requests: () => gateway.requests(),
    state: () => gateway.view(),
    faults: () => gateway.pendingFaults(),
    reset: () => gateway.reset(),
    addFault: (fault: FaultSpec) => gateway.addFault(fault),
    advanceClock: (ms: number) => gateway.advanceClock(ms),
    setLatency: (ms: number) => {
      checkMs(ms, 'latency')
      gateway.latencyMs = ms
    },
    now: () => gateway.clock.now()
  }
  const certificate = options.tls === true ? await createTestCertificate() : options.tls || undefined
  const ownsCertificate = options.tls === true
  let server: Awaited<ReturnType<typeof startServer>>
  try {
    server = await startServer(gateway, control, options.port ?? 0, certificate)
  } catch (err) {
    if (ownsCertificate) await certificate?.remove()
    throw err
  }
  return {
    url: `${certificate ? 'https' : 'http'}://${HOST}:${server.port}`,
    endpoint: `${HOST}:${server.port}`,
    port: server.port,
    protocol: certificate ? 'HTTPS' : 'HTTP',
    ...(certificate ? { caCertPath: certificate.certPath, caCertPem: certificate.certPem } : {}),
    requests: control.requests,
    state: control.state,
    addFault: control.addFault,
    setLatency: control.setLatency,
    advanceClock: control.advanceClock,
    reset: control.reset,
    close: async () => {
      await server.close()
      if (ownsCertificate) await certificate?.remove()
    }
  }
}

function checkMs(value: number | undefined, name: string): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0))
    throw new RangeError(`${name} must be a number of ms ≥ 0, got ${value}`)
}
