/**
 * Load, end to end: 50 runs of the built action started at once, each for its own group, against an emulator that
 * throttles above 10 requests per second. Every run must end approved, and every group be approved exactly once.
 * Real backoff (no test seam). 100 calls at 10 per second keep the limit saturated for over 10 s; with the default
 * 5 attempts about one run in 50 still gives up (cleanly, nothing approved twice), so a fleet of parallel jobs sets
 * max-attempts: 10, as README's "Retries and timeouts" advises, and that is what this test does.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { runAction } from '../../__fixtures__/action.js'
import { TEST_KEY } from '../../__fixtures__/emulator-client.js'
import { loadFleet, loadGroupId, loadTaskId } from '../../__fixtures__/load-fleet.js'
import { startEmulator, type Emulator } from '../../emulator/index.js'

const RUNS = 50
const RATE_LIMIT = 10
const MAX_ATTEMPTS = '10'

let emu: Emulator
beforeAll(async () => {
  emu = await startEmulator({ fixture: loadFleet(RUNS), rateLimitPerSecond: RATE_LIMIT })
})
afterAll(async () => {
  await emu.close()
})

describe(`${RUNS} runs of the built action at once, against a limit of ${RATE_LIMIT} requests per second`, () => {
  it('ends every run approved and approves every group exactly once', async () => {
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
            'start-time': '+1h',
            'max-attempts': MAX_ATTEMPTS
          },
          { timeoutMs: 120_000 }
        )
      )
    )
    const totalMs = Date.now() - started
    const requests = emu.requests()
    const throttled = requests.filter((r) => r.fault === 'rate-limit').length
    const slowest = Math.max(...results.map((r) => r.ms))
    console.log(
      `load: ${RUNS} runs in ${(totalMs / 1000).toFixed(1)} s (slowest run ${(slowest / 1000).toFixed(1)} s); ` +
        `${requests.length} requests, ${throttled} throttled by the ${RATE_LIMIT}/s limit`
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
})
