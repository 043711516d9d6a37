/** The chooser cases of the maintenance-window tests: a fixed clock, the shape of a case, and the check each runs. */
import { expect } from '@jest/globals'
import { parseMaintenanceWindows } from '../src/inputs/window.js'
import { chooseWindowStart, type WindowStart } from '../src/inputs/window-start.js'

/** NOW is Wednesday 2026-12-02 18:00 in Shanghai. */
export const NOW = new Date('2026-12-02T10:00:00Z')

/** WindowCase is one row of a chooser table. */
export interface WindowCase {
  readonly name: string
  readonly zone: string
  readonly window: string
  /** The earliest start; the clock when absent. */
  readonly earliest?: string
  /** The clock; NOW when absent. */
  readonly now?: string
  readonly expected: string
  readonly reason: 'inside' | 'next-opening'
}

/** choose returns chooseWindowStart for the case on its clock. */
export function choose({ zone, window, earliest, now }: WindowCase): WindowStart {
  const clock = now === undefined ? NOW : new Date(now)
  return chooseWindowStart(new Date(earliest ?? clock), parseMaintenanceWindows(window), zone, clock)
}

/** checkCase expects the case's StartTime text, its instant and the reason. */
export function checkCase(c: WindowCase): void {
  const chosen = choose(c)
  expect(chosen.text).toBe(c.expected)
  expect(chosen.instant.getTime()).toBe(Date.parse(c.expected))
  expect(chosen.choice.reason).toBe(c.reason)
}
