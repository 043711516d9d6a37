/** The check that a `wait` can reach the update's start at all. */
import { formatElapsed } from '../common/duration.js'
import { InputError } from '../common/errors.js'
import type { StartTime } from './start-time.js'

/**
 * checkWaitFits throws InputError naming `wait-timeout-minutes` when the update would start after the wait ends:
 * the wait (which includes the time until the start time) could then only time out.
 */
export function checkWaitFits(startTime: StartTime, waitTimeoutMinutes: number, now: Date): void {
  const untilStartMs = startTime.instant.getTime() - now.getTime()
  if (untilStartMs > waitTimeoutMinutes * 60_000) {
    throw new InputError(
      'wait-timeout-minutes',
      `${waitTimeoutMinutes} minutes end before the update starts (${startsAt(startTime)} is ${formatElapsed(untilStartMs)} away); ` +
        'raise wait-timeout-minutes to cover the time until the start and the update itself, or set wait: false'
    )
  }
}

/** startsAt names the start as the user set it: the start-time input, or the maintenance window's opening it chose. */
function startsAt(startTime: StartTime): string {
  const { window } = startTime
  return window
    ? `the opening of maintenance window ${window.window} (${window.zone}) at ${startTime.text}`
    : `start-time ${startTime.given}`
}
