/**
 * The bundle: its size, and its load time (first output of a run without inputs, against bare node).
 */
import { readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { runAction } from '../../emulator/cli/runner.js'
import { describeFailure, progress, relative, type Context } from '../harness.js'
import { bareNodeProbe, probeEnv, readProbe, repeat, summarize, withTempDir, type ProbeReport } from '../measure.js'
import { GOAL } from '../options.js'
import { bytes, ms, ratio, verdictOf } from '../report.js'

/** bundle reports the size of the bundle and its lazy chunks, and the time to load it. */
export async function bundle(ctx: Context): Promise<void> {
  const { opts, rows } = ctx
  const size = statSync(opts.dist).size
  const dir = dirname(opts.dist)
  const chunks = readdirSync(dir).filter((f) => f.endsWith('.js') && join(dir, f) !== opts.dist)
  const chunkBytes = chunks.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0)
  rows.push({
    section: 'bundle',
    figure: `size of ${relative(opts.dist)}`,
    value: bytes(size),
    baseline: chunks.length ? `+ ${chunks.length} lazy chunk(s): ${bytes(chunkBytes)}` : 'no other chunks',
    ratio: '',
    goal: `< ${bytes(GOAL.bundleBytes).split(' (')[0]}`,
    verdict: verdictOf(size < GOAL.bundleBytes),
    data: { bytes: size, chunks, chunkBytes }
  })
  ctx.goals.push({
    goal: `bundle under ${GOAL.bundleBytes / 1e6} MB`,
    verdict: verdictOf(size < GOAL.bundleBytes),
    detail: `${relative(opts.dist)} ${bytes(size)}${chunks.length ? `, plus lazy chunks ${bytes(chunkBytes)}` : ''}`
  })

  // Load time: a run without inputs loads the whole bundle, reads the inputs and fails at once with InvalidInput
  // (no request). Its first stdout write (the ::error:: line), seen from inside by the probe, against a bare node's
  // first write under the same probe: the difference is the time to load and evaluate the bundle (plus reading inputs).
  const pairs = await withTempDir(async (dir) =>
    repeat(opts.runs, async (i) => {
      progress(`load time ${i + 1}/${opts.runs}`)
      const bare = await bareNodeProbe(opts.node)
      const file = join(dir, `load-${i}.json`)
      const run = await runAction({}, { node: opts.node, entry: opts.dist, env: probeEnv(file), timeoutMs: 60_000 })
      if (run.outputs.code !== 'InvalidInput')
        throw new Error(`a run without inputs should fail with InvalidInput: ${describeFailure(run)}`)
      return { bare, action: await readProbe(file), wall: run.ms }
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
}
