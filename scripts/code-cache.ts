/**
 * The V8 code cache of a built dist/: made by the pinned Node 24 (scripts/node24.ts) running the bundle once through
 * the loader's own compile (scripts/code-cache-producer.cjs), written as main.js.cache beside main.js with
 * main.js.cache.json (what the loader checks before using it). Made twice and compared, since the cache is
 * committed and CI rebuilds dist/ to compare it: bytes that differ between two runs fail the build.
 * The cache holds every function the producing run compiled, so the build makes it with a training run
 * (scripts/training-run.ts): a whole single-group run against the emulator, whose functions a run then need not
 * compile.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const PRODUCER = fileURLToPath(new URL('code-cache-producer.cjs', import.meta.url))

/** What the loader (scripts/loader.cjs) exports for the build and the tests. */
export interface Loader {
  readonly MAIN: string
  readonly CACHE: string
  readonly META: string
  sha256(bytes: Buffer): string
}

/** CacheMeta is main.js.cache.json: the V8 and architecture the cache was made by, and the SHA-256 of both files. */
export interface CacheMeta {
  readonly node: string
  readonly v8: string
  readonly arch: string
  readonly main: string
  readonly cache: string
}

/** loader returns the loader module at `path` (dist/index.js or scripts/loader.cjs). */
export function loader(path: string): Loader {
  return require(path) as Loader
}

/**
 * TrainingRun is the run the cache is made from: its environment (inputs and the like) and what must happen before
 * each of the two runs (a reset of the API it talks to, so that both take the same path).
 */
export interface TrainingRun {
  readonly env: Readonly<Record<string, string>>
  before(): void
}

/**
 * produceCache runs `node` on the bundle in `dist` (its index.js and main.js) and returns the code cache it wrote.
 * Without a training run it has no inputs and no runner variables and fails (no inputs), which is expected and not
 * checked; either way it takes the same path on every machine. Asynchronous, so that an API in this process answers.
 */
export async function produceCache(node: string, dist: string, training?: TrainingRun): Promise<Buffer> {
  const scratch = mkdtempSync(join(tmpdir(), 'wuying-code-cache-'))
  try {
    const out = join(scratch, 'cache')
    const files = { GITHUB_OUTPUT: join(scratch, 'output'), GITHUB_STEP_SUMMARY: join(scratch, 'summary') }
    for (const file of Object.values(files)) writeFileSync(file, '')
    training?.before()
    const child = spawn(node, ['--random-seed=1', PRODUCER, join(dist, 'index.js'), join(dist, 'main.js'), out], {
      cwd: scratch,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: scratch,
        RUNNER_TEMP: scratch,
        TZ: 'UTC',
        LANG: 'C',
        ...files,
        ...training?.env
      },
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 60_000
    })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const status = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject)
      child.on('close', resolve)
    })
    if (training !== undefined && status !== 0)
      throw new Error(`the training run failed (exit ${status}): ${stderr.trim().slice(-500)}`)
    try {
      return readFileSync(out)
    } catch {
      throw new Error(`${node} wrote no code cache (exit ${status}): ${stderr.trim().slice(-500)}`)
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** writeCodeCache makes the cache twice with `node`, checks that the bytes agree, and writes it and its meta into `dist`. */
export async function writeCodeCache(node: string, dist: string, training?: TrainingRun): Promise<CacheMeta> {
  const first = await produceCache(node, dist, training)
  const second = await produceCache(node, dist, training)
  if (!first.equals(second)) {
    throw new Error(
      'the V8 code cache differs between two builds, so CI could not reproduce dist/: ' +
        `${first.length} vs ${second.length} bytes (see scripts/code-cache.ts)`
    )
  }
  const { CACHE, META, sha256 } = loader(join(dist, 'index.js'))
  const probe = (code: string): string => execFileSync(node, ['-p', code], { encoding: 'utf8' }).trim()
  const meta: CacheMeta = {
    node: probe('process.version'),
    v8: probe('process.versions.v8'),
    arch: probe('process.arch'),
    main: sha256(readFileSync(join(dist, 'main.js'))),
    cache: sha256(first)
  }
  writeFileSync(join(dist, CACHE), first)
  writeFileSync(join(dist, META), JSON.stringify(meta, null, 2) + '\n')
  return meta
}
