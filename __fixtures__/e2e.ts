/**
 * Helpers for the end-to-end tests of the built action: the short backoff of the test seam, what a person reads
 * in the runner's log, and every secret value that must never appear there.
 */
import { join } from 'node:path'
import type { ActionRun } from '../emulator/cli/runner.js'
import { ROOT } from '../emulator/cli/runner.js'
import type { Emulator } from '../emulator/index.js'
import { TEST_STS } from './emulator-client.js'

/** FAST_BACKOFF is the test seam (src/common/retry.ts TEST_BACKOFF_ENV) set to a 5 ms base and a 20 ms cap. */
export const FAST_BACKOFF = Object.freeze({ WUYING_OTA_TEST_BACKOFF_MS: '5,20' })

/** STEP_DEBUG turns on the runner's debug logging, the path that prints raw requests and responses. */
export const STEP_DEBUG = Object.freeze({ RUNNER_DEBUG: '1' })

/** STS_INPUTS sign with the sample fleet's STS token, so that runs carry a security token to keep secret. */
export const STS_INPUTS = Object.freeze({
  'access-key-id': TEST_STS.accessKeyId,
  'access-key-secret': TEST_STS.accessKeySecret,
  'security-token': TEST_STS.securityToken
})

/** visible returns what a person would read: the runner consumes `::add-mask::` commands, so they are dropped. */
export function visible(run: ActionRun): string {
  return run.everything
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n')
}

/**
 * leakedSecrets returns the secrets found in the run's visible output: the STS key id, secret and token (also
 * percent-encoded, as they travel in an RPC URL), and every signature the emulator received.
 */
export function leakedSecrets(run: ActionRun, emu: Emulator): string[] {
  const fixed = [TEST_STS.accessKeyId, TEST_STS.accessKeySecret, TEST_STS.securityToken]
  const signatures = emu.requests().flatMap((r) => (r.signature ? [r.signature] : []))
  const values = [...fixed, ...signatures].flatMap((v) => [v, encodeURIComponent(v)])
  const shown = visible(run)
  return [...new Set(values)].filter((value) => shown.includes(value))
}

/** SKEWED_CLOCK preloads a clock that runs WUYING_TEST_CLOCK_SKEW_MS ahead, as on a runner whose clock is off. */
export function skewedClockEnv(skewMs: number): Record<string, string> {
  return {
    NODE_OPTIONS: `--require ${join(ROOT, '__fixtures__', 'skewed-clock.cjs')}`,
    WUYING_TEST_CLOCK_SKEW_MS: String(skewMs)
  }
}
