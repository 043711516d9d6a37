/**
 * Peak RSS of a single-group run and of the largest fleet, through the probe, against bare node.
 */
import { join } from 'node:path'
import { startEmulator } from '../../emulator/index.js'
import { runAction } from '../../emulator/cli/runner.js'
import { fleetFixture, fleetIds } from '../fleet.js'
import { keyInputs, progress, singleRun, type Context } from '../harness.js'
import { bareNodeProbe, probeEnv, readProbe, repeat, summarize, withTempDir, type Samples } from '../measure.js'
import { GOAL } from '../options.js'
import { ratio, verdictOf } from '../report.js'

/** memory reports peak RSS (single group, and the largest fleet when fleets are supported) and its goals (Node 24). */
export async function memory(ctx: Context, fleetSupported: boolean): Promise<void> {
  const { opts, rows } = ctx
  const runs = Math.min(opts.runs, 3)
  const goals = ctx.runtime.major === GOAL.rssMajor
  const peaks: { figure: string; bytes: number; limit?: number }[] = []
  await withTempDir(async (dir) => {
    const bare = await repeat(runs, () => bareNodeProbe(opts.node))
    const bareRss = summarize(bare.map((p) => p.maxRssKiB * 1024))
    const emu = await startEmulator({ fixture: fleetFixture(Math.max(1, ...(fleetSupported ? opts.sizes : [1]))) })
    try {
      const single = await repeat(runs, async (i) => {
        progress(`peak RSS, single group ${i + 1}/${runs}`)
        const file = join(dir, `rss-${i}.json`)
        await singleRun(emu, opts, 0, probeEnv(file))
        return readProbe(file)
      })
      const rss = summarize(single.map((p) => p.maxRssKiB * 1024))
      peaks.push({ figure: 'single group', bytes: rss.median, ...(goals ? { limit: GOAL.rssSingleBytes } : {}) })
      rows.push({
        section: 'memory',
        figure: 'peak RSS, single-group run',
        value: mb(rss),
        baseline: `node: ${mb(bareRss)}`,
        ratio: ratio(rss.median / bareRss.median),
        goal: goals ? `≤ ${mib(GOAL.rssSingleBytes)}` : '',
        verdict: goals ? verdictOf(rss.median <= GOAL.rssSingleBytes) : '',
        data: { rss, bareRss, atExit: single.map((p) => p.atExit) }
      })
      const largest = Math.max(...opts.sizes)
      if (fleetSupported && largest > 1) {
        progress(`peak RSS, fleet of ${largest}`)
        const file = join(dir, 'rss-fleet.json')
        emu.reset()
        const run = await runAction(
          {
            ...keyInputs(emu),
            'app-instance-group-id': fleetIds(largest),
            ...(opts.concurrency ? { concurrency: String(opts.concurrency) } : {})
          },
          { node: opts.node, entry: opts.dist, env: probeEnv(file), timeoutMs: 600_000 }
        )
        const p = await readProbe(file)
        const value = p.maxRssKiB * 1024
        const fleetGoal = goals && largest === GOAL.rssFleet
        peaks.push({ figure: `fleet of ${largest}`, bytes: value, ...(fleetGoal ? { limit: GOAL.rssFleetBytes } : {}) })
        rows.push({
          section: 'memory',
          figure: `peak RSS, fleet of ${largest} (0 ms, 1 run)`,
          value: `${(value / 1e6).toFixed(1)} MB = ${mib(value)}${run.exitCode === 0 ? '' : ` (run failed: exit ${run.exitCode})`}`,
          baseline: `node: ${mb(bareRss)}`,
          ratio: ratio(value / bareRss.median),
          goal: fleetGoal ? `≤ ${mib(GOAL.rssFleetBytes)}` : '',
          verdict: fleetGoal ? verdictOf(value <= GOAL.rssFleetBytes) : '',
          data: { rss: value, atExit: p.atExit }
        })
      }
    } finally {
      await emu.close()
    }
  })
  for (const peak of peaks) {
    if (peak.limit === undefined) continue
    ctx.goals.push({
      goal: `peak RSS, ${peak.figure}, at most ${mib(peak.limit)}`,
      verdict: verdictOf(peak.bytes <= peak.limit),
      detail: `${mib(peak.bytes)} (${(peak.bytes / 1e6).toFixed(1)} MB)`
    })
  }
}

function mb(s: Samples): string {
  return `${(s.median / 1e6).toFixed(1)} MB = ${mib(s.median)} (${(s.min / 1e6).toFixed(1)}–${(s.max / 1e6).toFixed(1)} MB, n=${s.samples.length})`
}

/** mib formats bytes as MiB (2^20), the unit of the RSS goals. */
function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}
