/**
 * Helpers for the OIDC tests: the sample fleet's OIDC names as an OidcRole, GitHub-shaped ID tokens signed with the
 * emulator's TEST-ONLY key, a RUNNER_TEMP stand-in, and a setSecret that records what was masked and when.
 */
import { readdirSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { afterEach, beforeEach } from '@jest/globals'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { githubIdTokenClaims } from '../emulator/auth/id-token-service.js'
import { readTestOidcKey, signIdToken } from '../emulator/auth/oidc.js'
import type { Endpoint } from '../src/inputs/endpoint.js'
import type { OidcRole } from '../src/inputs/oidc.js'
import { OIDC_PROVIDER_ARN, OIDC_ROLE_ARN } from './emulator-client.js'

/** REPOSITORY is the repository ID tokens are minted for (the one runAction sets). */
export const REPOSITORY = 'octo-org/fleet-config'

/** fleetRole returns an OidcRole for the sample fleet's provider and role, reaching STS at `stsEndpoint`. */
export function fleetRole(stsEndpoint: Endpoint, overrides: Partial<OidcRole> = {}): OidcRole {
  return {
    roleArn: OIDC_ROLE_ARN,
    oidcProviderArn: OIDC_PROVIDER_ARN,
    audience: 'sts.aliyuncs.com',
    roleSessionName: 'octo-org.fleet-config-4242-1',
    roleSessionNameIsDefault: true,
    durationSeconds: 900,
    stsEndpoint,
    ...overrides
  }
}

/** mintIdToken returns an ID token as GitHub would issue it for the audience (already expired when `expired`). */
export function mintIdToken(audience: string, options: { expired?: boolean } = {}): string {
  const issuedAt = options.expired ? Date.now() - 3_600_000 : Date.now()
  return signIdToken(githubIdTokenClaims(REPOSITORY, 'refs/heads/main', audience, issuedAt, 300), readTestOidcKey())
}

/** runnerTemp returns a fresh empty directory to use as RUNNER_TEMP. */
export function runnerTemp(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'wuying-runner-temp-'))
}

/** One setSecret call: the value, the files in RUNNER_TEMP at that moment, and whether the call under test had returned. */
export interface MaskCall {
  readonly value: string
  readonly filesThen: string[]
  readonly afterReturn: boolean
}

/** maskRecorder returns a setSecret that records each call; call `returned()` once the function under test has resolved. */
export function maskRecorder(dir: string): { setSecret: (value: string) => void; calls: MaskCall[]; returned: () => void } {
  const calls: MaskCall[] = []
  let afterReturn = false
  return {
    // Synchronous on purpose: the listing is the directory exactly as it is when the secret is registered.
    setSecret: (value) => void calls.push({ value, filesThen: readdirSync(dir), afterReturn }),
    calls,
    returned: () => {
      afterReturn = true
    }
  }
}

/** useRunnerTemp gives each test of the file a fresh RUNNER_TEMP (handed to `bind`) and removes it after the test. */
export function useRunnerTemp(bind: (dir: string) => void): void {
  let dir = ''
  beforeEach(async () => {
    dir = await runnerTemp()
    bind(dir)
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })
}
