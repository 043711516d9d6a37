/**
 * A fleet of many groups for the load test and the benchmark: one pending Fota update each, all in cn-hangzhou; and
 * loadFleets, which runs several steps of the built action over them at once and measures what happened.
 */
import type { Emulator } from '../emulator/index.js'
import { runAction, type ActionRun } from './action.js'
import type { Fixture } from '../emulator/state/fixture.js'
import { TEST_KEY } from './emulator-client.js'

/** loadGroupId returns the id of group number n (0-based) of loadFleet(). */
export function loadGroupId(n: number): string {
  return `aig-load${String(n).padStart(4, '0')}`
}

/** loadTaskId returns the pending task id of group number n. */
export function loadTaskId(n: number): string {
  return `ota-load${String(n).padStart(4, '0')}a`
}

/** loadFleet returns a fixture of `size` groups, each with a pending update 2.0.0 → 2.1.0, and the test access key. */
export function loadFleet(size: number): Fixture {
  return {
    accessKeys: [{ id: TEST_KEY.accessKeyId, secret: TEST_KEY.accessKeySecret }],
    groups: Array.from({ length: size }, (_, n) => ({
      id: loadGroupId(n),
      name: `load-group-${n}`,
      region: 'cn-hangzhou',
      otaVersion: '2.0.0',
      pending: { taskId: loadTaskId(n), newVersion: '2.1.0', otaType: 'Fota' }
    }))
  }
}

/** LoadFleetsOptions say how many steps run at once over the same groups, and with which inputs. */
export interface LoadFleetsOptions {
  /** Steps started at once, each over every group. */
  readonly fleets: number
  /** Groups per step: loadGroupId(0) … loadGroupId(groups - 1). */
  readonly groups: number
  /** The `concurrency` input; every other input keeps action.yml's default. */
  readonly concurrency: number
  /** Kill a step that runs longer (default 11 minutes: past timeout-minutes' default of 10). */
  readonly timeoutMs?: number
  /** The bundle to run (default dist/index.js). */
  readonly entry?: string
  /** The node binary (default this one). */
  readonly node?: string
}

/** LoadFleetsFigures are what the runs of loadFleets did, as a user and the emulator saw it. */
export interface LoadFleetsFigures {
  readonly runs: readonly ActionRun[]
  /** From the first start to the last exit. */
  readonly wallMs: number
  readonly slowestMs: number
  readonly requests: number
  /** Requests refused by the emulator's rate limit. */
  readonly throttled: number
  /** Group runs reported as each status, over every step (`results` outputs). */
  readonly statuses: Readonly<Record<string, number>>
  /** Group runs that ended failed: each a give-up. */
  readonly gaveUp: number
  /** Groups whose number of scheduled tasks is not exactly one. */
  readonly notOnce: readonly string[]
}

/** loadFleets runs `fleets` steps of the built action at once, each over the same `groups`, and returns the figures. */
export async function loadFleets(emu: Emulator, options: LoadFleetsOptions): Promise<LoadFleetsFigures> {
  const ids = Array.from({ length: options.groups }, (_, n) => loadGroupId(n))
  const started = Date.now()
  const runs = await Promise.all(
    Array.from({ length: options.fleets }, () =>
      runAction(
        {
          endpoint: emu.url,
          'access-key-id': TEST_KEY.accessKeyId,
          'access-key-secret': TEST_KEY.accessKeySecret,
          'app-instance-group-id': ids.join(','),
          'biz-region-id': 'cn-hangzhou',
          'start-time': '+1h',
          concurrency: String(options.concurrency)
        },
        {
          timeoutMs: options.timeoutMs ?? 660_000,
          ...(options.entry ? { entry: options.entry } : {}),
          ...(options.node ? { node: options.node } : {})
        }
      )
    )
  )
  const wallMs = Date.now() - started
  const requests = emu.requests()
  const statuses: Record<string, number> = {}
  for (const run of runs) {
    const entries = JSON.parse(run.outputs.results ?? '[]') as { status: string }[]
    for (const entry of entries) statuses[entry.status] = (statuses[entry.status] ?? 0) + 1
  }
  const tasks = emu.state().tasks
  return {
    runs,
    wallMs,
    slowestMs: Math.max(...runs.map((run) => run.ms)),
    requests: requests.length,
    throttled: requests.filter((r) => r.fault === 'rate-limit').length,
    statuses,
    gaveUp: statuses.failed ?? 0,
    notOnce: ids.filter((id) => tasks.filter((t) => t.AppInstanceGroupId === id).length !== 1)
  }
}

/** reportLoad prints one line of a load scenario's figures (the benchmark and CI logs keep them). */
export function reportLoad(what: string, figures: LoadFleetsFigures, ratePerSecond: number): void {
  console.log(
    `load: ${what} in ${(figures.wallMs / 1000).toFixed(1)} s (slowest step ${(figures.slowestMs / 1000).toFixed(1)} s); ` +
      `${figures.requests} requests, ${figures.throttled} throttled by the ${ratePerSecond}/s limit; ` +
      `group runs ${JSON.stringify(figures.statuses)}`
  )
}
