/**
 * The loader (scripts/loader.cjs, dist/index.js): it runs the bundle with the V8 code cache only when the cache was made
 * by this V8 for exactly this main.js and is intact, and runs it as well without one. Each case builds a small
 * dist/ (the loader, a main.js that requires a chunk beside it) and makes its cache with the Node running the tests.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from '../../__fixtures__/action.js'
import { loader, writeCodeCache, type CacheMeta } from '../../scripts/code-cache.js'

const PROBE = join(ROOT, '__fixtures__', 'code-cache-probe.cjs')
const MAIN = `const chunk = require('./1.main.js'); process.stdout.write('main ran with ' + chunk + ' in ' + require('node:path').basename(__dirname))`

let dist: string
beforeEach(() => {
  dist = mkdtempSync(join(tmpdir(), 'loader-test-'))
  copyFileSync(join(ROOT, 'scripts', 'loader.cjs'), join(dist, 'index.js'))
  writeFileSync(join(dist, 'main.js'), MAIN)
  writeFileSync(join(dist, '1.main.js'), "module.exports = 'its chunk'")
  writeFileSync(join(dist, 'package.json'), '{ "type": "commonjs" }\n')
})
afterEach(() => rmSync(dist, { recursive: true, force: true }))

/** run runs the loader as action.yml does and returns its output and what the probe saw of the cache. */
function run(nodeFlags: string[] = []): { stdout: string; cache: { given: boolean; rejected: boolean } } {
  const probeFile = join(dist, 'probe.json')
  const result = spawnSync(process.execPath, [...nodeFlags, '--require', PROBE, join(dist, 'index.js')], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', CODE_CACHE_PROBE_FILE: probeFile }
  })
  expect(result.stderr).toBe('')
  expect(result.status).toBe(0)
  const { given, rejected } = JSON.parse(readFileSync(probeFile, 'utf8')) as { given: boolean; rejected: boolean }
  return { stdout: result.stdout, cache: { given, rejected } }
}

// The chunk was found beside main.js, in the test's dist/.
const ran = 'main ran with its chunk in loader-test-'
const meta = (): CacheMeta => JSON.parse(readFileSync(join(dist, 'main.js.cache.json'), 'utf8')) as CacheMeta

describe('the loader', () => {
  it('uses a cache this Node made for this main.js, and V8 accepts it', async () => {
    const made = await writeCodeCache(process.execPath, dist)
    expect(made).toMatchObject({ node: process.version, v8: process.versions.v8, arch: process.arch })
    const { stdout, cache } = run()
    expect(stdout.startsWith(ran)).toBe(true)
    expect(cache).toEqual({ given: true, rejected: false })
  })

  it('makes the same cache bytes every time', async () => {
    await writeCodeCache(process.execPath, dist)
    const first = readFileSync(join(dist, 'main.js.cache'))
    await writeCodeCache(process.execPath, dist)
    expect(readFileSync(join(dist, 'main.js.cache')).equals(first)).toBe(true)
  })

  it('ignores a cache made by another V8 or on another architecture', async () => {
    await writeCodeCache(process.execPath, dist)
    for (const other of [{ v8: '0.0.0-other' }, { arch: 'riscv64' }]) {
      writeFileSync(join(dist, 'main.js.cache.json'), JSON.stringify({ ...meta(), ...other }))
      expect(run()).toEqual({ stdout: expect.stringContaining(ran), cache: { given: false, rejected: false } })
    }
  })

  it('ignores a cache of other bytes of main.js, which V8 alone would take (it compares lengths only)', async () => {
    await writeCodeCache(process.execPath, dist)
    const changed = MAIN.replace('main ran with', 'MAIN RAN WITH')
    expect(changed.length).toBe(MAIN.length)
    writeFileSync(join(dist, 'main.js'), changed)
    expect(run()).toEqual({
      stdout: expect.stringContaining('MAIN RAN WITH its chunk'),
      cache: { given: false, rejected: false }
    })
  })

  it('ignores a corrupt cache, which V8 would not notice (and could crash on)', async () => {
    await writeCodeCache(process.execPath, dist)
    const bytes = readFileSync(join(dist, 'main.js.cache'))
    bytes[bytes.length >> 1] ^= 0x5a
    writeFileSync(join(dist, 'main.js.cache'), bytes)
    expect(run()).toEqual({ stdout: expect.stringContaining(ran), cache: { given: false, rejected: false } })
  })

  it('runs without a cache: none made, the cache file missing, its description unreadable', async () => {
    expect(run().cache).toEqual({ given: false, rejected: false })
    await writeCodeCache(process.execPath, dist)
    unlinkSync(join(dist, 'main.js.cache'))
    expect(run()).toEqual({ stdout: expect.stringContaining(ran), cache: { given: false, rejected: false } })
    writeFileSync(join(dist, 'main.js.cache.json'), '{ not json')
    expect(run()).toEqual({ stdout: expect.stringContaining(ran), cache: { given: false, rejected: false } })
  })

  it('still runs when V8 rejects a matching cache (here: the process runs with other V8 flags)', async () => {
    await writeCodeCache(process.execPath, dist)
    expect(run(['--stack-size=900'])).toEqual({ stdout: expect.stringContaining(ran), cache: { given: true, rejected: true } })
  })

  it('reads an ASCII main.js as one-byte text and any other as UTF-8, with the same result', async () => {
    const { sourceOf } = loader(join(dist, 'index.js')) as unknown as { sourceOf(bytes: Buffer): string }
    const ascii = Buffer.from("process.stdout.write('3.0.0 \\u2192 3.1.0')")
    const utf8 = Buffer.from("process.stdout.write('3.0.0 \u2192 3.1.0')")
    expect(sourceOf(ascii)).toBe(ascii.toString('latin1'))
    expect(sourceOf(utf8)).toBe(utf8.toString('utf8'))
    for (const bytes of [ascii, utf8]) {
      writeFileSync(join(dist, 'main.js'), bytes)
      await writeCodeCache(process.execPath, dist)
      expect(run()).toEqual({ stdout: '3.0.0 \u2192 3.1.0', cache: { given: true, rejected: false } })
    }
  })
})
