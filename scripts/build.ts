/**
 * `npm run build`: dist/ from nothing, the same on every machine.
 * 1. dist/ is emptied first (ncc's CLI leaves chunks of earlier builds behind).
 * 2. ncc bundles src/index.ts into dist/main.js as CommonJS (a module-typed bundle starts slower, on Node 20 by
 *    about 15 ms) with its lazy chunks (`<id>.main.js`, loaded only by the runs that need them) and licenses.txt;
 *    tsconfig.json `paths` swaps dependencies that a run seldom needs for lazy stand-ins (src/shims/).
 * 3. dist/index.js is the loader (scripts/loader.cjs), dist/package.json says CommonJS.
 *    Every .js file is ASCII (scripts/ascii.ts), so that the loader reads main.js without decoding UTF-8; builtins that
 *    a dependency requires at top level but a run seldom uses are required on first use (scripts/lazy-builtins.ts).
 * 4. The V8 code cache of main.js, made by the pinned Node 24 from a training run on the emulator
 *    (scripts/code-cache.ts, scripts/training-run.ts); without that Node (not Linux x64, offline) the build says so
 *    and leaves the cache out, and CI's dist/ check will tell the difference.
 * 5. The bundle's module ids and names for the benchmark's load-time table (git-ignored, outside dist/).
 * `--out DIR` builds elsewhere (a candidate for `npm run bench -- --dist DIR/index.js`); `--no-code-cache` skips 4;
 * `--entry FILE` bundles another entry the same way (the bench's required stack, bench/required-stack/index.ts).
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { asciiOnly } from './ascii.js'
import { lazyBuiltins } from './lazy-builtins.js'
import { writeCodeCache } from './code-cache.js'
import { writeModuleMap } from './module-map.js'
import { ensureNode24, NODE24_VERSION } from './node24.js'
import { withTrainingRun } from './training-run.js'

const require = createRequire(import.meta.url)
const ROOT = resolve(import.meta.dirname, '..')

/** What ncc's Node API resolves to (@vercel/ncc 0.45). */
interface NccResult {
  readonly code: string
  readonly assets: Record<string, { source: string | Buffer; permissions?: number }>
  readonly stats: { toJson(options: object): { modules?: { id?: string | number | null; name?: string }[] } }
}
type Ncc = (entry: string, options: Record<string, unknown>) => Promise<NccResult>

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, entry: { type: 'string' }, 'no-code-cache': { type: 'boolean', default: false } }
  })
  const dist = resolve(values.out ?? join(ROOT, 'dist'))
  const entry = resolve(values.entry ?? join(ROOT, 'src', 'index.ts'))
  // ncc reads tsconfig.json (its `paths` put the stand-ins of src/shims/ in) from the working directory: run from
  // anywhere else, it bundled the real modules without a word.
  process.chdir(ROOT)
  const started = Date.now()
  const ncc = require('@vercel/ncc') as Ncc
  const { code, assets, stats } = await ncc(entry, {
    esm: false,
    filename: 'main.js',
    minify: true,
    license: 'licenses.txt',
    sourceMapRegister: false,
    quiet: true
  })
  // The loader compiles main.js itself (vm.Script), which has no loader for a dynamic import() of its own.
  if (/[^\w$.]import\(/.test(code)) throw new Error('main.js contains import(): the loader could not run it')

  rmSync(dist, { recursive: true, force: true })
  mkdirSync(dist, { recursive: true })
  writeFileSync(join(dist, 'main.js'), asciiOnly(lazyBuiltins(code)))
  for (const [name, asset] of Object.entries(assets)) {
    mkdirSync(join(dist, name, '..'), { recursive: true })
    const source = name.endsWith('.js') ? asciiOnly(String(asset.source)) : asset.source
    writeFileSync(join(dist, name), source, { mode: asset.permissions ?? 0o644 })
  }
  copyFileSync(join(ROOT, 'scripts', 'loader.cjs'), join(dist, 'index.js'))
  // The repository's package.json says "module"; dist/ is CommonJS.
  writeFileSync(join(dist, 'package.json'), JSON.stringify({ type: 'commonjs' }, null, 2) + '\n')

  const cacheNote = values['no-code-cache'] ? 'left out (--no-code-cache)' : await codeCache(dist)
  const map = writeModuleMap(
    ROOT,
    join(dist, 'main.js'),
    stats.toJson({ all: false, modules: true, ids: true, modulesSpace: Infinity }).modules ?? []
  )

  for (const file of readdirSync(dist).sort()) {
    console.log(`${String(statSync(join(dist, file)).size).padStart(9)}  ${relative(ROOT, join(dist, file))}`)
  }
  console.log(`code cache ${cacheNote}; module map ${relative(ROOT, map)}; ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

/** codeCache writes dist/'s code cache with the pinned Node 24 and describes it, or says why there is none. */
async function codeCache(dist: string): Promise<string> {
  let node: string
  try {
    node = ensureNode24()
  } catch (error) {
    return `LEFT OUT: no Node ${NODE24_VERSION} to make it with (${error instanceof Error ? error.message : String(error)})`
  }
  const meta = await withTrainingRun((training) => writeCodeCache(node, dist, training))
  return `for Node ${meta.node} (V8 ${meta.v8}, ${meta.arch})`
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  process.exit(1)
})
