/**
 * Command line for the emulator: `npm run emulator -- [--port N] [--fixture PATH] [--latency MS] [--rate-limit N] [--tls]`.
 * Binds 127.0.0.1 only, prints the endpoint and the fixture's (fake) test credentials, stops on Ctrl-C/SIGTERM.
 */
import { parseArgs } from 'node:util'
import { DEFAULT_FIXTURE_PATH, loadFixture, startEmulator, TEST_OIDC_PRIVATE_KEY_PATH, type Fixture } from '../index.js'

const HELP = `Wuying (App Streaming) API emulator: a local stand-in for appstream-center 2021-09-01 and STS
AssumeRoleWithOIDC that verifies real ACS3-HMAC-SHA256 and HMAC-SHA1 signatures. Test and demo use only.

Usage: npm run emulator -- [options]

Options:
  --port N         TCP port on 127.0.0.1 (default 0: pick a free one and print it)
  --fixture PATH   fleet fixture JSON (default: ${DEFAULT_FIXTURE_PATH})
  --latency MS     extra latency added to every API response, in ms (default 0)
  --rate-limit N   answer Throttling.User above N API requests in any 1 s window (default: no limit)
  --tls            serve HTTPS with a throwaway self-signed certificate; prints its path
                   for NODE_EXTRA_CA_CERTS
  -h, --help       show this help

Admin API on the same port: GET /__emulator/requests, GET /__emulator/state, POST /__emulator/reset,
POST /__emulator/faults, POST /__emulator/clock {"advanceMs":n}, POST /__emulator/latency {"ms":n}.
See emulator/README.md.`

/** parseCli returns the emulator options from argv; throws an Error naming the bad option. */
function parseCli(argv: string[]): {
  help: boolean
  port: number
  fixture: string
  latencyMs: number
  rateLimitPerSecond?: number
  tls: boolean
} {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      fixture: { type: 'string' },
      latency: { type: 'string' },
      'rate-limit': { type: 'string' },
      tls: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' }
    },
    strict: true,
    allowPositionals: false
  })
  const port = integerOption(values.port, '--port', 0, 0, 65535)
  const latencyMs = integerOption(values.latency, '--latency', 0, 0, 600_000)
  const rateLimit =
    values['rate-limit'] === undefined ? undefined : integerOption(values['rate-limit'], '--rate-limit', 0, 1, 100_000)
  return {
    help: values.help === true,
    port,
    fixture: values.fixture ?? DEFAULT_FIXTURE_PATH,
    latencyMs,
    tls: values.tls === true,
    ...(rateLimit ? { rateLimitPerSecond: rateLimit } : {})
  }
}

function integerOption(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new Error(`${name} must be an integer from ${min} to ${max}; got "${raw}"`)
  return Number(raw)
}

function describeCredentials(fixture: Fixture): string[] {
  const lines: string[] = []
  const key = fixture.accessKeys.find((k) => k.status !== 'Inactive')
  if (key) lines.push(`  access key id:      ${key.id}`, `  access key secret:  ${key.secret}`)
  const sts = (fixture.stsTokens ?? []).find((t) => Date.parse(t.expiration) > Date.now())
  if (sts)
    lines.push(
      `  STS access key id:  ${sts.accessKeyId}`,
      `  STS secret:         ${sts.accessKeySecret}`,
      `  STS security token: ${sts.securityToken}`
    )
  const role = fixture.oidc?.roles[0]
  if (role)
    lines.push(
      `  OIDC provider ARN:  ${role.trustedProviderArn}`,
      `  OIDC role ARN:      ${role.arn}`,
      `  OIDC test key:      ${TEST_OIDC_PRIVATE_KEY_PATH}`
    )
  return lines
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseCli>
  try {
    options = parseCli(process.argv.slice(2))
  } catch (err) {
    console.error(`emulator: ${(err as Error).message}\nRun with --help for the options.`)
    process.exit(2)
  }
  if (options.help) {
    console.log(HELP)
    return
  }
  const fixture = loadFixture(options.fixture)
  const emulator = await startEmulator({ ...options, fixture })
  console.log(
    [
      `Wuying API emulator listening on ${emulator.url} (loopback only; started in ${Math.round(performance.now())} ms)`,
      `  endpoint:           ${emulator.endpoint}  (client config: protocol '${emulator.protocol}')`,
      ...(emulator.caCertPath
        ? [`  certificate:        ${emulator.caCertPath}  (NODE_EXTRA_CA_CERTS for clients; removed on exit)`]
        : []),
      `  fixture:            ${options.fixture}`,
      'Test credentials (fake; accepted only by this emulator):',
      ...describeCredentials(fixture),
      `Admin API:            ${emulator.url}/__emulator/state`,
      'Press Ctrl-C to stop.'
    ].join('\n')
  )
  const stop = (signal: string): void => {
    console.log(`\nemulator: ${signal}, stopping`)
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
}

main().catch((err: unknown) => {
  console.error(`emulator: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
