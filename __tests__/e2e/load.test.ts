/**
 * Load, end to end, against an emulator that throttles above 10 requests per second, with action.yml's defaults
 * (max-attempts 5, timeout-minutes 10) and real backoff (no test seam):
 * - 50 runs of the built action started at once, each for its own group;
 * - one step over 250 groups at concurrency 50;
 * (three such steps at once over the same groups: load-fleets.test.ts, a file of its own so that it runs beside the rest.)
 * Throttling is not counted against max-attempts, and a fleet's calls share a limiter that slows them down, so no
 * group gives up and every group is approved exactly once (the other steps find it `unchanged`).
 */
import { describe, expect, it } from '@jest/globals'
import { runAction } from '../../__fixtures__/action.js'
import { TEST_KEY } from '../../__fixtures__/emulator-client.js'
import { useEmulator } from '../../__fixtures__/emulator.js'
import {
  loadFleet,
  loadFleets,
  loadGroupId,
  loadTaskId,
  reportLoad,
  type LoadFleetsFigures
} from '../../__fixtures__/load-fleet.js'
import type { Emulator } from '../../emulator/index.js'

const RUNS = 50
const GROUPS = 250
const RATE_LIMIT = 10

let emu: Emulator
useEmulator((started) => (emu = started), { fixture: loadFleet(GROUPS), rateLimitPerSecond: RATE_LIMIT })

const report = (what: string, figures: LoadFleetsFigures): void => reportLoad(what, figures, RATE_LIMIT)

describe(`the built action at once, against a limit of ${RATE_LIMIT} requests per second, default settings`, () => {
  it(`ends ${RUNS} single-group runs approved, every group exactly once`, async () => {
    const started = Date.now()
    const results = await Promise.all(
      Array.from({ length: RUNS }, (_, n) =>
        runAction(
          {
            endpoint: emu.url,
            'access-key-id': TEST_KEY.accessKeyId,
            'access-key-secret': TEST_KEY.accessKeySecret,
            'app-instance-group-id': loadGroupId(n),
            'biz-region-id': 'cn-hangzhou',
            'start-time': '+1h'
          },
          { timeoutMs: 120_000 }
        )
      )
    )
    const requests = emu.requests()
    const throttled = requests.filter((r) => r.fault === 'rate-limit').length
    console.log(
      `load: ${RUNS} runs in ${((Date.now() - started) / 1000).toFixed(1)} s (slowest run ` +
        `${(Math.max(...results.map((r) => r.ms)) / 1000).toFixed(1)} s); ${requests.length} requests, ${throttled} throttled`
    )

    expect(results.map((r, n) => [loadGroupId(n), r.exitCode, r.outputs.approved, r.outputs['task-id']])).toEqual(
      Array.from({ length: RUNS }, (_, n) => [loadGroupId(n), 0, 'true', loadTaskId(n)])
    )
    const tasks = emu.state().tasks
    expect(tasks).toHaveLength(RUNS)
    for (let n = 0; n < RUNS; n++) {
      expect(tasks.filter((t) => t.AppInstanceGroupId === loadGroupId(n)).map((t) => t.TaskId)).toEqual([loadTaskId(n)])
    }
    expect(throttled).toBeGreaterThan(0)
  }, 180_000)

  it(`approves ${GROUPS} groups at concurrency 50 in one step with no give-up`, async () => {
    const figures = await loadFleets(emu, { fleets: 1, groups: GROUPS, concurrency: 50 })
    report(`one step over ${GROUPS} groups`, figures)

    expect(figures.runs.map((r) => [r.exitCode, r.outputs['approved-count'], r.outputs['failed-count']])).toEqual([
      [0, String(GROUPS), '0']
    ])
    expect(figures.statuses).toEqual({ approved: GROUPS })
    expect(figures.notOnce).toEqual([])
    expect(figures.throttled).toBeGreaterThan(0)
  }, 300_000)
})
