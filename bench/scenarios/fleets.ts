/**
 * Fleets in one step at 50 ms latency against their floors, beside the same fleet as one run per group.
 */
import { startEmulator } from '../../emulator/index.js'
import { fleetFixture } from '../fleet.js'
import { floorMs, roundTrips } from '../floor.js'
import { describeFailure, fleetRun, paired, progress, singleRun, type Context } from '../harness.js'
import { repeat, summarize, type Samples } from '../measure.js'
import { configuredConcurrency, FLEET_LATENCY_MS, GOAL, LARGE_FLEET, type Options } from '../options.js'
import { ms, ratio, spread, verdictOf } from '../report.js'

/** fleetSupport runs two groups in one step: a build without issue 6 rejects the input before any request. */
export async function fleetSupport(opts: Options): Promise<{ supported: boolean; reason: string }> {
  const emu = await startEmulator({ fixture: fleetFixture(2) })
  try {
    progress('fleet support probe (2 groups)')
    const m = await fleetRun(emu, opts, 2)
    if (m.ok) return { supported: true, reason: '' }
    if (m.requests === 0) return { supported: false, reason: 'multi-group input not supported by this build' }
    return { supported: true, reason: `2-group probe failed: ${describeFailure(m.run)}` }
  } finally {
    await emu.close()
  }
}

/** fleets measures each fleet size in one step, and the one-run-per-group alternative extrapolated from samples. */
export async function fleets(ctx: Context, support: { supported: boolean; reason: string }): Promise<void> {
  const { opts, rows } = ctx
  const section = `fleets at ${FLEET_LATENCY_MS} ms latency`
  const target = ctx.runtime.major === GOAL.fleetMajor ? GOAL.fleetFloorRatio : undefined
  const goal = target === undefined ? '' : `≤ ${target}× floor`
  if (!support.supported) {
    for (const size of opts.sizes) {
      rows.push({
        section,
        figure: `fleet of ${size}`,
        value: `not available (${support.reason})`,
        baseline: '',
        ratio: '',
        goal,
        verdict: target === undefined ? '' : 'n/a'
      })
      ctx.floorChecks.push({ figure: `fleet of ${size}`, ratio: undefined, note: 'not available' })
    }
    return
  }
  const concurrency = configuredConcurrency(opts)
  const largest = Math.max(...opts.sizes)
  // The per-group alternative: one run per group, as a matrix job would. Every such run costs the same (the
  // filtered lookup does not depend on the fleet), so a sample of runs for distinct groups is extrapolated to N.
  const sampleEmu = await startEmulator({ fixture: fleetFixture(largest), latencyMs: FLEET_LATENCY_MS })
  let perGroup: Samples
  const sampleRuns = opts.runs
  try {
    const step = Math.max(1, Math.floor(largest / sampleRuns))
    perGroup = summarize(
      (
        await repeat(sampleRuns, (i) => {
          progress(`one run per group: sample ${i + 1}/${sampleRuns}`)
          return singleRun(sampleEmu, opts, (i * step) % largest)
        })
      ).map((m) => m.ms)
    )
  } finally {
    await sampleEmu.close()
  }

  for (const size of opts.sizes) {
    const runs = size >= LARGE_FLEET ? opts.largeFleetRuns : opts.runs
    const emu = await startEmulator({ fixture: fleetFixture(size), latencyMs: FLEET_LATENCY_MS })
    try {
      const { bare, results } = await paired(opts, runs, `fleet of ${size}`, () => fleetRun(emu, opts, size))
      const failed = results.filter((m) => !m.ok)
      const trips = roundTrips(size, concurrency.value)
      const floor = floorMs(bare.median, trips, FLEET_LATENCY_MS)
      const wall = summarize(results.map((m) => m.ms))
      const r = wall.median / floor
      const requests = [...new Set(results.map((m) => m.requests))].join(', ')
      const connections = [...new Set(results.map((m) => m.connections))].join(', ')
      const figure = `fleet of ${size}`
      const perGroupTotal = perGroup.median * size
      rows.push({
        section,
        figure: `${figure}: one step`,
        value: failed.length
          ? `FAILED ${failed.length}/${runs}: ${describeFailure(failed[0].run).slice(0, 120)}`
          : `${spread(wall)}; ${requests} req (min ${trips.requests}), ${connections} conn`,
        baseline: `floor ${ms(floor)} = node ${ms(bare.median)} + (${trips.listWaves} list + ${trips.approveWaves} approve) × ${FLEET_LATENCY_MS}`,
        ratio: ratio(r),
        goal,
        verdict: target === undefined ? '' : failed.length ? 'missed' : verdictOf(r <= target),
        data: {
          wall,
          bare,
          floor,
          roundTrips: trips,
          concurrency,
          ratio: r,
          requests: results.map((m) => m.requests),
          connections: results.map((m) => m.connections),
          byAction: results[0]?.byAction,
          failed: failed.map((m) => describeFailure(m.run))
        }
      })
      ctx.floorChecks.push({ figure, ratio: failed.length ? undefined : r, ...(failed.length ? { note: 'runs failed' } : {}) })
      rows.push({
        section,
        figure: `${figure}: one run per group`,
        value: `${ms(perGroupTotal)} of runner time; ${2 * size} req, ${size} conn, ${size} process${size === 1 ? '' : 'es'}`,
        baseline:
          size === 1
            ? `${sampleRuns} runs measured`
            : `${size} × ${ms(perGroup.median)} (median of ${sampleRuns} sampled runs, extrapolated)`,
        ratio: `${ratio(perGroupTotal / wall.median)} the step`,
        goal: '',
        verdict: '',
        data: { perGroupMedian: perGroup, extrapolatedTotal: perGroupTotal }
      })
    } finally {
      await emu.close()
    }
  }
}
