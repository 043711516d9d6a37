/**
 * Emulator fixtures of N delivery groups in one region for the fleet's end-to-end tests, and the mixed fleet: one
 * group to approve, one whose update is already running, one without an update, one whose updates fail.
 */
import type { Fixture, FixtureGroup } from '../emulator/state/fixture.js'
import { TEST_KEY } from './emulator-client.js'

export const FLEET_REGION = 'cn-hangzhou'

/** fleetId returns the id of group number n (0-based) of fleetFixture(). */
export function fleetId(n: number): string {
  return `aig-fleet${String(n).padStart(4, '0')}`
}

/** fleetTask returns the pending task id of group number n. */
export function fleetTask(n: number): string {
  return `ota-fleet${String(n).padStart(4, '0')}a`
}

/** fleetGroups returns `size` groups of FLEET_REGION, each with a pending update 3.0.0 → 3.1.0. */
export function fleetGroups(size: number): FixtureGroup[] {
  return Array.from({ length: size }, (_, n) => ({
    id: fleetId(n),
    name: `fleet-${n}`,
    region: FLEET_REGION,
    otaVersion: '3.0.0',
    pending: { taskId: fleetTask(n), newVersion: '3.1.0' }
  }))
}

/** fleetFixture returns a fixture of the groups (default fleetGroups(size)), the test key, and tasks that RUN for `runningMs`. */
export function fleetFixture(size: number, options: { runningMs?: number; extra?: FixtureGroup[] } = {}): Fixture {
  return {
    accessKeys: [{ id: TEST_KEY.accessKeyId, secret: TEST_KEY.accessKeySecret }],
    ota: { runningMs: options.runningMs ?? 600_000 },
    groups: [...fleetGroups(size), ...(options.extra ?? [])]
  }
}

/** Ids of the mixed fleet's groups. */
export const MIXED = {
  pending: 'aig-mixpending1',
  running: 'aig-mixrunning2',
  current: 'aig-mixcurrent3',
  fails: 'aig-mixfailing4',
  unknown: 'aig-mixunknown9'
} as const

/** mixedGroups returns the groups that give each status: approved, unchanged (task running), skipped, and one whose update fails. */
export function mixedGroups(): FixtureGroup[] {
  return [
    {
      id: MIXED.pending,
      name: 'pending',
      region: FLEET_REGION,
      otaVersion: '3.0.0',
      pending: { taskId: 'ota-mixpending1a', newVersion: '3.1.0' }
    },
    {
      id: MIXED.running,
      name: 'running',
      region: FLEET_REGION,
      otaVersion: '3.0.0',
      pending: { taskId: 'ota-mixrunning2b', newVersion: '3.1.0' },
      activeTask: { taskId: 'ota-mixrunning2a', version: '3.1.0', status: 'RUNNING' }
    },
    { id: MIXED.current, name: 'current <&> "name"', region: FLEET_REGION, otaVersion: '3.1.0', pending: null },
    {
      id: MIXED.fails,
      name: 'failing',
      region: FLEET_REGION,
      otaVersion: '3.0.0',
      outcome: 'FAILED',
      pending: { taskId: 'ota-mixfailing4a', newVersion: '3.1.0' }
    }
  ]
}
