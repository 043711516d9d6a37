/**
 * Load, end to end: three steps of the built action at once over the same 250 groups at concurrency 50, against an
 * emulator that throttles above 10 requests per second, with action.yml's defaults and real backoff. Each group is
 * approved exactly once (the other steps find it `unchanged`), none gives up, within the default timeout-minutes.
 * The rate limit alone makes this take about four minutes: the test sequencer starts it first, beside the others.
 */
import { describe, expect, it } from '@jest/globals'
import { useEmulator } from '../../__fixtures__/emulator.js'
import { loadFleet, loadFleets, reportLoad, type LoadFleetsFigures } from '../../__fixtures__/load-fleet.js'
import type { Emulator } from '../../emulator/index.js'

const GROUPS = 250
const RATE_LIMIT = 10

let emu: Emulator
useEmulator((started) => (emu = started), { fixture: loadFleet(GROUPS), rateLimitPerSecond: RATE_LIMIT })

const report = (what: string, figures: LoadFleetsFigures): void => reportLoad(what, figures, RATE_LIMIT)

describe(`three fleets at once, against a limit of ${RATE_LIMIT} requests per second, default settings`, () => {
  it(`approves each of ${GROUPS} groups exactly once across three steps at once, the others unchanged, no give-up`, async () => {
    const figures = await loadFleets(emu, { fleets: 3, groups: GROUPS, concurrency: 50 })
    report(`three steps over the same ${GROUPS} groups`, figures)

    expect(figures.runs.map((r) => [r.exitCode, r.outputs['failed-count']])).toEqual([
      [0, '0'],
      [0, '0'],
      [0, '0']
    ])
    expect(figures.statuses).toEqual({ approved: GROUPS, unchanged: 2 * GROUPS })
    expect(figures.gaveUp).toBe(0)
    expect(figures.notOnce).toEqual([])
    // Within timeout-minutes' default of 10: a step past it would have failed its groups as StepTimeout.
    expect(figures.slowestMs).toBeLessThan(600_000)
  }, 700_000)
})
