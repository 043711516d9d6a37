/** A fleet of many groups for the load test: one pending Fota update each, all in cn-hangzhou. */
import type { Fixture } from '../emulator/fixture.js'
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
