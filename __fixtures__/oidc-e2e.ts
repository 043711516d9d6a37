/**
 * One OIDC setup for the end-to-end tests: the emulator over TLS (its STS too), the loopback stand-in for GitHub's
 * ID-token service, and a fresh RUNNER_TEMP per test; `run` starts the built action with role-to-assume.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from '@jest/globals'
import { rm } from 'node:fs/promises'
import { runAction, type ActionRun, type RunOptions } from './action.js'
import { OIDC_PROVIDER_ARN, OIDC_ROLE_ARN } from './emulator-client.js'
import { runnerTemp } from './oidc.js'
import { startEmulator, startIdTokenService, type Emulator, type IdTokenService } from '../emulator/index.js'

/** OidcSetup is the file's running services, its RUNNER_TEMP of the test under way, and the way to run the action. */
export interface OidcSetup {
  readonly emu: () => Emulator
  readonly ids: () => IdTokenService
  readonly temp: () => string
  /** run runs dist/index.js for aig-hzdesign01 with role-to-assume, both endpoints on the emulator. */
  run(inputs?: Record<string, string>, env?: Record<string, string>, options?: Omit<RunOptions, 'env'>): Promise<ActionRun>
}

/** useOidcSetup registers the file's hooks: services started once, reset and a new RUNNER_TEMP before each test. */
export function useOidcSetup(): OidcSetup {
  let emu: Emulator | undefined
  let ids: IdTokenService | undefined
  let temp = ''
  beforeAll(async () => {
    emu = await startEmulator({ tls: true })
    ids = await startIdTokenService()
  })
  afterAll(async () => {
    await ids?.close()
    await emu?.close()
  })
  beforeEach(async () => {
    emu?.reset()
    ids?.setMode('issue')
    temp = await runnerTemp()
  })
  afterEach(async () => {
    await rm(temp, { recursive: true, force: true })
  })
  const started = <T>(service: T | undefined): T => {
    if (service === undefined) throw new Error('useOidcSetup: the services are not started yet')
    return service
  }
  return {
    emu: () => started(emu),
    ids: () => started(ids),
    temp: () => temp,
    run: (inputs = {}, env = {}, options = {}) => {
      const emulator = started(emu)
      return runAction(
        {
          'app-instance-group-id': 'aig-hzdesign01',
          'biz-region-id': 'cn-hangzhou',
          endpoint: `https://${emulator.endpoint}`,
          'sts-endpoint': `https://${emulator.endpoint}`,
          'role-to-assume': OIDC_ROLE_ARN,
          'oidc-provider-arn': OIDC_PROVIDER_ARN,
          ...inputs
        },
        { ...options, env: { ...started(ids).env, NODE_EXTRA_CA_CERTS: emulator.caCertPath ?? '', RUNNER_TEMP: temp, ...env } }
      )
    }
  }
}
