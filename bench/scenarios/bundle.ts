/**
 * The bundle: its size, and its load time (first output of a run without inputs, against bare node), with what
 * became of the V8 code cache in those runs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { runAction } from '../../emulator/cli/runner.js'
import { describeFailure, progress, relative, type Context } from '../harness.js'
import { bareNodeProbe, PROBE, readProbe, repeat, summarize, withTempDir, type ProbeReport } from '../measure.js'
import { GOAL } from '../options.js'
import { bytes, ms, ratio, verdictOf } from '../report.js'

/** CACHE_PROBE reports whether the loader gave V8 the code cache and whether V8 took it (see the file). */
const CACHE_PROBE = join(dirname(PROBE), '..', '__fixtures__', 'code-cache-probe.cjs')

/** bundleFiles returns what start-up loads (the entry, and main.js beside a loader) and the lazy chunks. */
export function bundleFiles(entry: string): { loaded: string[]; chunks: string[] } {
  const dir = dirname(entry)
  const main = join(dir, 'main.js')
  const loaded = existsSync(main) && main !== entry ? [entry, main] : [entry]
  const chunks = readdirSync(dir).filter((f) => f.endsWith('.js') && !loaded.includes(join(dir, f)))
  return { loaded, chunks }
}

/** bundle reports the size of the bundle and its lazy chunks (once, the same for every runtime), and the time to load it. */
export async function bundle(ctx: Context, withSize: boolean): Promise<void> {
  const { opts, rows } = ctx
  const dir = dirname(opts.dist)
  const { loaded, chunks } = bundleFiles(opts.dist)
  const size = loaded.reduce((sum, f) => sum + statSync(f).size, 0)
  const chunkBytes = chunks.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0)
  const cacheFile = join(dir, 'main.js.cache')
  const cacheBytes = existsSync(cacheFile) ? statSync(cacheFile).size : 0
  const figure = `size of ${loaded.map((f) => basename(f)).join(' + ')} (${relative(dir)})`
  if (withSize) {
    rows.push({
      section: 'bundle',
      figure,
      value: bytes(size),
      baseline:
        (chunks.length ? `+ ${chunks.length} lazy chunk(s): ${bytes(chunkBytes)}` : 'no other chunks') +
        (cacheBytes ? `; code cache ${bytes(cacheBytes)}` : ''),
      ratio: '',
      goal: `< ${bytes(GOAL.bundleBytes).split(' (')[0]}`,
      verdict: verdictOf(size < GOAL.bundleBytes),
      data: { bytes: size, loaded: loaded.map((f) => basename(f)), chunks, chunkBytes, cacheBytes }
    })
    ctx.goals.push({
      goal: `bundle under ${GOAL.bundleBytes / 1e6} MB`,
      verdict: verdictOf(size < GOAL.bundleBytes),
      detail: `${figure} ${bytes(size)}${chunks.length ? `, plus lazy chunks ${bytes(chunkBytes)}` : ''}`
    })
  }

  // Load time: a run without inputs loads the whole bundle, reads the inputs and fails at once with InvalidInput
  // (no request). Its first stdout write (the ::error:: line), seen from inside by the probe, against a bare node's
  // first write under the same probe: the difference is the time to load and evaluate the bundle (plus reading inputs).
  const pairs = await withTempDir(async (dir) =>
    repeat(opts.runs, async (i) => {
      progress(`load time ${i + 1}/${opts.runs}`)
      const bare = await bareNodeProbe(opts.node)
      const file = join(dir, `load-${i}.json`)
      const cache = join(dir, `cache-${i}.json`)
      const env = {
        NODE_OPTIONS: `--require ${PROBE} --require ${CACHE_PROBE}`,
        BENCH_PROBE_FILE: file,
        CODE_CACHE_PROBE_FILE: cache
      }
      const run = await runAction({}, { node: opts.node, entry: opts.dist, env, timeoutMs: 60_000 })
      if (run.outputs.code !== 'InvalidInput')
        throw new Error(`a run without inputs should fail with InvalidInput: ${describeFailure(run)}`)
      return { bare, action: await readProbe(file), wall: run.ms, cache: cacheStatus(cache) }
    })
  )
  const first = (p: ProbeReport): number => p.firstOutputMs ?? NaN
  const action = summarize(pairs.map((p) => first(p.action)))
  const bare = summarize(pairs.map((p) => first(p.bare)))
  const load = summarize(pairs.map((p) => first(p.action) - first(p.bare)))
  rows.push({
    section: 'bundle',
    figure: 'load time (first output of a run without inputs)',
    value: `${ms(load.median)} (${ms(action.median)} since process start)`,
    baseline: `node's first output at ${ms(bare.median)}`,
    ratio: ratio(action.median / bare.median),
    goal: '',
    verdict: '',
    data: { load, firstOutputAction: action, firstOutputBare: bare, wallNoInputs: summarize(pairs.map((p) => p.wall)) }
  })
  const statuses = [...new Set(pairs.map((p) => p.cache))]
  rows.push({
    section: 'bundle',
    figure: 'V8 code cache in those runs',
    value: statuses.join(', '),
    baseline: cacheBytes ? `made for ${cacheMadeFor(dir)}` : 'no code cache in this build',
    ratio: '',
    goal: '',
    verdict: '',
    data: { cache: pairs.map((p) => p.cache) }
  })
}

/** cacheStatus reads what the code cache probe saw: taken by V8, rejected by V8, not given (no match), or no loader. */
function cacheStatus(file: string): string {
  if (!existsSync(file)) return 'no loader (bundle run directly)'
  const seen = JSON.parse(readFileSync(file, 'utf8')) as { given: boolean; rejected: boolean }
  return !seen.given ? 'not used (made by another Node, or absent)' : seen.rejected ? 'rejected by V8' : 'used'
}

function cacheMadeFor(dir: string): string {
  try {
    const meta = JSON.parse(readFileSync(join(dir, 'main.js.cache.json'), 'utf8')) as { node: string; v8: string }
    return `Node ${meta.node} (V8 ${meta.v8})`
  } catch {
    return 'an unknown Node'
  }
}
