/**
 * The built dist/ as start-up needs it (issue 17): the loader as dist/index.js, a CommonJS main.js that leaves out
 * what a key-based run never uses (each in a chunk of its own), and a V8 code cache that the pinned Node 24 takes
 * and any other Node, or a damaged cache, leaves alone while the action works as before.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT, runAction } from '../../__fixtures__/action.js'
import { TEST_KEY } from '../../__fixtures__/emulator-client.js'
import { fleetFixture, fleetId, FLEET_REGION } from '../../__fixtures__/fleet-fixture.js'
import { startEmulator, type Emulator } from '../../emulator/index.js'
import type { CacheMeta } from '../../scripts/code-cache.js'
import { findNode24, NODE24_VERSION } from '../../scripts/node24.js'

const DIST = join(ROOT, 'dist')
const PROBE = join(ROOT, '__fixtures__', 'code-cache-probe.cjs')
const read = (file: string): string => readFileSync(join(DIST, file), 'utf8')
const chunks = (): string[] => readdirSync(DIST).filter((f) => /^\d+\.main\.js$/.test(f))
const meta = (): CacheMeta => JSON.parse(read('main.js.cache.json')) as CacheMeta
const node24 = findNode24()

/** What __fixtures__/code-cache-probe.cjs writes at the end of a run. */
interface Probe {
  given: boolean
  rejected: boolean
  builtins: string[]
  v8Flags: { flags: string; builtinsAfter: string[] }[]
}

describe('dist/', () => {
  it('runs the loader, which runs the CommonJS bundle main.js', () => {
    expect(read('index.js')).toBe(readFileSync(join(ROOT, 'scripts', 'loader.cjs'), 'utf8'))
    expect(JSON.parse(read('package.json'))).toEqual({ type: 'commonjs' })
    expect(read('main.js')).toMatch(/^\(\(\)=>\{/)
  })

  it('is ASCII throughout, so that the loader reads main.js without decoding UTF-8', () => {
    for (const file of ['index.js', 'main.js', ...chunks()])
      expect(readFileSync(join(DIST, file)).toString('latin1')).not.toMatch(/[\u0080-\uffff]/)
  })

  it.each([
    ['undici (a GitHub API request)', 'UND_ERR_'],
    ['xml2js (an XML error answer)', 'explicitCharkey'],
    ['@actions/exec (OS details, never asked for)', 'ToolRunner'],
    ['Octokit (a Deployment record)', 'octokit-core.js'],
    ['the OIDC exchange (role-to-assume)', 'function assumeRoleWithOidc('],
    ['the proxy transport (a proxy that applies)', 'function installProxyTransport(']
  ])('keeps %s out of main.js, in a chunk loaded only then', (_, marker) => {
    expect(read('main.js')).not.toContain(marker)
    expect(chunks().filter((chunk) => read(chunk).includes(marker))).toHaveLength(1)
  })

  it('holds a code cache made by the pinned Node 24 for this main.js', () => {
    expect(meta()).toMatchObject({ node: `v${NODE24_VERSION}`, arch: 'x64' })
  })
})

describe('the code cache at run time', () => {
  let emu: Emulator
  let scratch: string
  beforeAll(async () => {
    emu = await startEmulator({ fixture: fleetFixture(1) })
    scratch = mkdtempSync(join(tmpdir(), 'bundle-test-'))
  })
  afterAll(async () => {
    rmSync(scratch, { recursive: true, force: true })
    await emu.close()
  })

  /** run schedules the group with the bundle `entry` under `node` and returns the run and what became of the cache. */
  async function run(node: string, entry = join(DIST, 'index.js')) {
    emu.reset()
    const probeFile = join(scratch, `probe-${Date.now()}.json`)
    const result = await runAction(
      {
        endpoint: emu.url,
        'access-key-id': TEST_KEY.accessKeyId,
        'access-key-secret': TEST_KEY.accessKeySecret,
        'biz-region-id': FLEET_REGION,
        'app-instance-group-id': fleetId(0)
      },
      { node, entry, env: { NODE_OPTIONS: `--require ${PROBE}`, CODE_CACHE_PROBE_FILE: probeFile } }
    )
    const probe = JSON.parse(readFileSync(probeFile, 'utf8')) as Probe
    return { result, cache: { given: probe.given, rejected: probe.rejected }, builtins: probe.builtins, v8Flags: probe.v8Flags }
  }

  it('is taken by V8 under the pinned Node 24, and the run approves as always', async () => {
    if (!node24) return console.warn(`skipped: Node ${NODE24_VERSION} not found (tsx scripts/node24.ts fetches it)`)
    const { result, cache } = await run(node24)
    expect(cache).toEqual({ given: true, rejected: false })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.approved).toBe('true')
    expect(emu.requests()).toHaveLength(2)
  })

  it('backs a run that loads none of the modules only a proxy or a debug log would need', async () => {
    const { result, builtins } = await run(node24 ?? process.execPath)
    expect(result.outputs.approved).toBe('true')
    // node:assert came with tunnel (a proxy agent), node:tty with debug (a log the action never prints),
    // node:child_process with @alicloud/credentials' index (providers the action never uses), node:zlib with httpx
    // (compressed answers; scripts/lazy-builtins.ts).
    expect(builtins).toEqual(expect.arrayContaining(['http', 'crypto']))
    expect(builtins.filter((name) => ['assert', 'tty', 'child_process', 'zlib'].includes(name))).toEqual([])
  })

  it.each([
    ['the pinned Node 24', node24],
    ['the Node running the tests', process.execPath]
  ])('under %s, stops the young generation from growing only once every builtin the run needs has loaded', async (_, node) => {
    if (!node) return console.warn(`skipped: Node ${NODE24_VERSION} not found (tsx scripts/node24.ts fetches it)`)
    const { result, cache, v8Flags } = await run(node)
    // A builtin loaded after a flag change compiles without Node's own code cache (its flag hash no longer fits):
    // ~20 ms more on Node 24 when the flag was set before the bundle's modules loaded.
    expect(v8Flags).toEqual([{ flags: '--semi-space-growth-factor=1', builtinsAfter: [] }])
    expect(cache.rejected).toBe(false)
    expect(result.outputs.approved).toBe('true')
  })

  it('is left alone by another Node, and the run approves as always', async () => {
    const { result, cache } = await run(process.execPath)
    expect(cache).toEqual({ given: process.versions.v8 === meta().v8, rejected: false })
    expect(result.outputs.approved).toBe('true')
  })

  it('is left alone when damaged, and the run approves as always', async () => {
    const copy = join(scratch, 'dist')
    cpSync(DIST, copy, { recursive: true })
    const bytes = readFileSync(join(copy, 'main.js.cache'))
    bytes[bytes.length >> 1] ^= 0x5a
    writeFileSync(join(copy, 'main.js.cache'), bytes)
    const { result, cache } = await run(node24 ?? process.execPath, join(copy, 'index.js'))
    expect(cache).toEqual({ given: false, rejected: false })
    expect(result.outputs.approved).toBe('true')
  })
})
