import { describe, expect, it } from '@jest/globals'
import { THROTTLE_GROUPS, throttleRow } from '../../bench/scenarios/throttle.js'
import type { LoadFleetsFigures } from '../../__fixtures__/load-fleet.js'

const figures = (statuses: Record<string, number>, gaveUp = 0): LoadFleetsFigures => ({
  runs: [],
  wallMs: 250_000,
  slowestMs: 250_000,
  requests: 2700,
  throttled: 450,
  statuses,
  gaveUp,
  notOnce: []
})

describe('the throttled fleets row', () => {
  it('meets its goal whichever step finished first (the counts come in that order)', () => {
    const groups = THROTTLE_GROUPS
    expect(throttleRow('3 steps', 3, figures({ approved: groups, unchanged: 2 * groups })).verdict).toBe('met')
    expect(throttleRow('3 steps', 3, figures({ unchanged: 2 * groups, approved: groups })).verdict).toBe('met')
  })

  it('misses it when a group gave up or the counts differ', () => {
    const groups = THROTTLE_GROUPS
    expect(throttleRow('3 steps', 3, figures({ approved: groups, unchanged: 2 * groups - 1, failed: 1 }, 1)).verdict).toBe(
      'missed'
    )
    expect(throttleRow('one step', 1, figures({ approved: groups - 1 })).verdict).toBe('missed')
  })
})
