/**
 * Fleets under throttling (issue 13, item 5): the emulator throttles above 10 requests per second, and the action
 * runs with action.yml's defaults (max-attempts 5, timeout-minutes 10) at concurrency 50:
 * - one step over 250 groups;
 * - three such steps at once over the same 250 groups (the way three workflows could collide).
 * Goal: no group gives up, each group is approved exactly once (the other steps find it `unchanged`), and every step
 * ends within timeout-minutes. The floor is the time the limit itself imposes: the requests the service let through,
 * at 10 per second. One sample each (the three steps take minutes); --quick skips the three steps.
 */
import { startEmulator } from '../../emulator/index.js'
import { loadFleet, loadFleets, type LoadFleetsFigures } from '../../__fixtures__/load-fleet.js'
import { describeFailure, naRow, progress, type Context } from '../harness.js'
import { ms, ratio, verdictOf, type Row } from '../report.js'

/** THROTTLE_LIMIT is the emulator's limit, in requests per second. */
export const THROTTLE_LIMIT = 10
/** THROTTLE_GROUPS is the size of each step's fleet. */
export const THROTTLE_GROUPS = 250
/** THROTTLE_CONCURRENCY is the `concurrency` input: the most it allows. */
export const THROTTLE_CONCURRENCY = 50
/** TIME_LIMIT_MS is timeout-minutes' default: every step must end within it. */
const TIME_LIMIT_MS = 10 * 60_000
const SECTION = `fleets throttled at ${THROTTLE_LIMIT} requests/s (defaults, concurrency ${THROTTLE_CONCURRENCY})`

/** throttling measures one and three steps over the same throttled fleet, adding a row and a goal line for each. */
export async function throttling(ctx: Context): Promise<void> {
  const cases = ctx.opts.quick ? [1] : [1, 3]
  for (const fleets of cases) {
    const figure =
      fleets === 1 ? `one step, ${THROTTLE_GROUPS} groups` : `${fleets} steps at once over the same ${THROTTLE_GROUPS} groups`
    const emu = await startEmulator({ fixture: loadFleet(THROTTLE_GROUPS), rateLimitPerSecond: THROTTLE_LIMIT })
    try {
      progress(`throttled fleet: ${figure}`)
      const figures = await loadFleets(emu, {
        fleets,
        groups: THROTTLE_GROUPS,
        concurrency: THROTTLE_CONCURRENCY,
        entry: ctx.opts.dist,
        node: ctx.opts.node
      })
      const row = throttleRow(figure, fleets, figures)
      ctx.rows.push(row)
      ctx.goals.push({
        goal: `throttled fleet (${figure}): no give-up, each group approved once, within timeout-minutes`,
        verdict: row.verdict === 'met' ? 'met' : 'missed',
        detail: row.value
      })
    } catch (error) {
      ctx.rows.push(naRow(SECTION, figure, error))
    } finally {
      await emu.close()
    }
  }
  if (ctx.opts.quick) ctx.rows.push(naRow(SECTION, '3 steps at once over the same groups', 'skipped with --quick'))
}

/** throttleRow returns the row of one case: wall time against the limit's floor, requests, and what the groups ended as. */
export function throttleRow(figure: string, fleets: number, figures: LoadFleetsFigures): Row {
  const admitted = figures.requests - figures.throttled
  const floorMs = (admitted / THROTTLE_LIMIT) * 1000
  const expected: Readonly<Record<string, number>> =
    fleets === 1 ? { approved: THROTTLE_GROUPS } : { approved: THROTTLE_GROUPS, unchanged: (fleets - 1) * THROTTLE_GROUPS }
  // Compared as sets of entries: the counts arrive in the order the steps finished.
  const sameCounts = (a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean =>
    Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([status, count]) => b[status] === count)
  const statusesOk = sameCounts(figures.statuses, expected)
  const ok = statusesOk && figures.gaveUp === 0 && figures.notOnce.length === 0 && figures.slowestMs < TIME_LIMIT_MS
  const failedRun = figures.runs.find((run) => run.exitCode !== 0)
  const groups = Object.entries(figures.statuses)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ')
  return {
    section: SECTION,
    figure,
    value:
      `${ms(figures.wallMs)}; ${groups}; ${figures.gaveUp} gave up; ${figures.notOnce.length} not approved exactly once; ` +
      `${figures.requests} req, ${figures.throttled} throttled` +
      (failedRun ? `; ${describeFailure(failedRun).slice(0, 120)}` : ''),
    baseline: `limit floor ${ms(floorMs)} (${admitted} req let through at ${THROTTLE_LIMIT}/s)`,
    ratio: ratio(figures.wallMs / floorMs),
    goal: `0 give-ups, once each, < ${TIME_LIMIT_MS / 60_000} min`,
    verdict: verdictOf(ok),
    data: {
      wallMs: figures.wallMs,
      slowestStepMs: figures.slowestMs,
      requests: figures.requests,
      throttled: figures.throttled,
      statuses: figures.statuses,
      gaveUp: figures.gaveUp,
      notOnce: figures.notOnce,
      floorMs
    }
  }
}
