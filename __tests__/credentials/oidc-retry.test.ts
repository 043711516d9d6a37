/**
 * assumeRoleWithOidc against the emulator's STS with faults injected: one ID token and one token file serve every
 * attempt, each retry is logged, and the file is gone at the end, whether the retries succeed or not.
 */
import { describe, expect, it, jest } from '@jest/globals'
import { readdirSync } from 'node:fs'
import type { Emulator, FaultSpec } from '../../emulator/index.js'
import { useEmulator } from '../../__fixtures__/emulator.js'
import { fleetRole, mintIdToken, useRunnerTemp } from '../../__fixtures__/oidc.js'
import { Deadline } from '../../src/common/deadline.js'
import { OidcError } from '../../src/credentials/oidc-error.js'
import { assumeRoleWithOidc, createOidcProvider, type OidcProviderConfig } from '../../src/credentials/oidc.js'
import type { StsRetry } from '../../src/credentials/sts-retry.js'
import type { Endpoint } from '../../src/inputs/endpoint.js'
import type { OidcRole } from '../../src/inputs/oidc.js'

let emu: Emulator
let sts: Endpoint
let temp: string

useEmulator((started) => {
  emu = started
  sts = { host: started.endpoint, protocol: 'HTTP' }
})
useRunnerTemp((dir) => (temp = dir))

function attempt(maxAttempts = 5, role: Partial<OidcRole> = {}) {
  const lines: string[] = []
  const tokenFiles: string[] = []
  const getIDToken = jest.fn(async (audience: string) => mintIdToken(audience))
  const retry: StsRetry = {
    maxAttempts,
    backoff: { baseMs: 5, capMs: 20 },
    deadline: new Deadline(Date.now() + 60_000, Date.now, 'timeout-minutes: 1'),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    log: (line) => lines.push(line)
  }
  const createProvider = (config: OidcProviderConfig) => {
    tokenFiles.push(config.oidcTokenFilePath)
    return createOidcProvider(config)
  }
  const call = assumeRoleWithOidc(
    { ...fleetRole(sts, role), timeoutMs: 1000, retry },
    {
      getIDToken,
      setSecret: () => undefined,
      env: { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/idtoken', RUNNER_TEMP: temp },
      createProvider
    }
  )
  return { call, lines, tokenFiles, getIDToken }
}

const stsCalls = () => emu.requests().filter((r) => r.action === 'AssumeRoleWithOIDC')

describe('assumeRoleWithOidc with the retry policy', () => {
  it.each<[string, Omit<FaultSpec, 'operation'>, RegExp]>([
    [
      'a 503 once',
      { kind: 'error-503' },
      /^AssumeRoleWithOIDC failed with ServiceUnavailable \(request id [^)]+\): attempt 1 of 5; retrying in /
    ],
    [
      'throttled once',
      { kind: 'throttle' },
      /^AssumeRoleWithOIDC failed with Throttling\.User \(request id [^)]+\): throttled 1 time/
    ],
    [
      'dropped once',
      { kind: 'drop-before' },
      /^AssumeRoleWithOIDC failed with ECONNRESET \(request id none\): attempt 1 of 5; retrying in /
    ],
    [
      'an HTML 503 once',
      { kind: 'html-503' },
      /^AssumeRoleWithOIDC failed with InvalidResponse \(request id none\): attempt 1 of 5; /
    ]
  ])('succeeds after %s, with one ID token and one token file', async (_, fault, line) => {
    emu.addFault({ operation: 'AssumeRoleWithOIDC', ...fault })
    const { call, lines, tokenFiles, getIDToken } = attempt()
    const assumed = await call
    expect(assumed.credentials.accessKeyId).toMatch(/^STS\./)
    expect(stsCalls().map((r) => r.fault ?? 'ok')).toEqual([fault.kind, 'ok'])
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(line)
    expect(getIDToken).toHaveBeenCalledTimes(1)
    expect(new Set(tokenFiles).size).toBe(1)
    expect(tokenFiles).toHaveLength(2)
    expect(readdirSync(temp)).toEqual([])
  })

  it('gives up after max-attempts and removes the token file', async () => {
    emu.addFault({ operation: 'AssumeRoleWithOIDC', kind: 'error-503', count: 5 })
    const { call, lines } = attempt(3)
    const error = await call.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OidcError)
    expect((error as OidcError).message).toMatch(/: ServiceUnavailable: .*; gave up after 3 attempts$/)
    expect(stsCalls()).toHaveLength(3)
    expect(lines).toHaveLength(2)
    expect(readdirSync(temp)).toEqual([])
  })

  it('never retries a refusal of the role', async () => {
    const { call, lines } = attempt(5, { roleArn: 'acs:ram::1234567890123456:role/no-such-role' })
    const error = await call.catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'EntityNotExist.Role' })
    expect((error as OidcError).gaveUp).toBeUndefined()
    expect(stsCalls()).toHaveLength(1)
    expect(lines).toEqual([])
    expect(readdirSync(temp)).toEqual([])
  })
})
