/**
 * Single-group runs at 50 and 200 ms emulated latency, each against its floor.
 */
import { startEmulator } from '../../emulator/index.js'
import { fleetFixture } from '../fleet.js'
import { floorMs, roundTrips } from '../floor.js'
import { paired, singleRun, type Context } from '../harness.js'
import { summarize } from '../measure.js'
import { GOAL, LATENCIES } from '../options.js'
import { ms, ratio, spread, verdictOf } from '../report.js'

/** latencyRuns measures single-group runs at each of LATENCIES against bare node plus 2 round trips (goals on Node 24). */
export async function latencyRuns(ctx: Context): Promise<void> {
  const { opts, rows } = ctx
  const emu = await startEmulator({ fixture: fleetFixture(1) })
  try {
    for (const latency of LATENCIES) {
      emu.setLatency(latency)
      const { bare, results } = await paired(opts, opts.runs, `single group at ${latency} ms`, () => singleRun(emu, opts))
      const action = summarize(results.map((r) => r.ms))
      const trips = roundTrips(1, 1)
      const floor = floorMs(bare.median, trips, latency)
      const r = action.median / floor
      const figure = `single group, ${latency} ms latency`
      const target = ctx.runtime.major === GOAL.latencyMajor ? GOAL.latencyRatio[latency] : undefined
      rows.push({
        section: 'latency (one group)',
        figure,
        value: spread(action),
        baseline: `floor ${ms(floor)} = node ${ms(bare.median)} + ${trips.total} × ${latency}`,
        ratio: ratio(r),
        goal: target === undefined ? '' : `≤ ${target}× floor`,
        verdict: target === undefined ? '' : verdictOf(r <= target),
        data: { action, bare, floor, roundTrips: trips, latency, ratio: r, requests: results.map((m) => m.requests) }
      })
      if (target !== undefined)
        ctx.goals.push({
          goal: `single group at ${latency} ms within ${target} × its floor`,
          verdict: verdictOf(r <= target),
          detail: `${ms(action.median)} vs floor ${ms(floor)} (node ${ms(bare.median)} + 2 × ${latency}): ${ratio(r)}`
        })
    }
  } finally {
    await emu.close()
  }
}
