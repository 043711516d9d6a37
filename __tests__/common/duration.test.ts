import { describe, expect, it } from '@jest/globals'
import { formatElapsed } from '../../src/common/duration.js'

describe('formatElapsed', () => {
  it.each([
    [0, '0s'],
    [999, '0s'],
    [45_000, '45s'],
    [80_000, '1m20s'],
    [65_000, '1m05s'],
    [3_599_000, '59m59s'],
    [3_600_000, '1h00m'],
    [7_500_000, '2h05m'],
    [-5000, '0s']
  ])('shows %i ms as %s', (ms, expected) => {
    expect(formatElapsed(ms)).toBe(expected)
  })
})
