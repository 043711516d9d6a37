/**
 * The benchmark's fleets: N delivery groups in one region, each with a pending Fota update, signed for with the
 * emulator's test access key. The region holds exactly the fleet, so a paginated pass reads ceil(N / 100) pages.
 */
import type { Fixture } from '../emulator/state/fixture.js'
import { TEST_KEY } from '../__fixtures__/emulator-client.js'

/** FLEET_REGION is the one region every benchmark group lives in. */
export const FLEET_REGION = 'cn-hangzhou'

/** benchGroupId returns the id of group n (0-based): `aig-bench` + 5 digits, within `aig-` + 6..32 of [a-z0-9]. */
export function benchGroupId(n: number): string {
  return `aig-bench${String(n).padStart(5, '0')}`
}

/** benchTaskId returns the pending task id of group n. */
export function benchTaskId(n: number): string {
  return `ota-bench${String(n).padStart(5, '0')}a`
}

/** fleetFixture returns a fixture of `size` groups in FLEET_REGION, each with a pending update 3.0.0 → 3.1.0. */
export function fleetFixture(size: number): Fixture {
  if (!Number.isInteger(size) || size < 1 || size > 99_999) throw new RangeError(`fleet size must be 1..99999, got ${size}`)
  return {
    accessKeys: [{ id: TEST_KEY.accessKeyId, secret: TEST_KEY.accessKeySecret }],
    groups: Array.from({ length: size }, (_, n) => ({
      id: benchGroupId(n),
      name: `bench-group-${n}`,
      region: FLEET_REGION,
      otaVersion: '3.0.0',
      pending: { taskId: benchTaskId(n), newVersion: '3.1.0', otaType: 'Fota' as const }
    }))
  }
}

/** fleetIds returns the `app-instance-group-id` input for the first `size` groups, comma separated. */
export function fleetIds(size: number): string {
  return Array.from({ length: size }, (_, n) => benchGroupId(n)).join(',')
}
