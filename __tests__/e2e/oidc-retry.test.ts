/**
 * End to end, the STS exchange under the retry policy: one 503, one throttled answer or one dropped connection from the
 * emulator's STS, and the built action still assumes the role and approves with the default max-attempts, logging one
 * line per retry, asking GitHub for one ID token and leaving no token file behind.
 */
import { describe, expect, it } from '@jest/globals'
import { readdir } from 'node:fs/promises'
import type { ActionRun } from '../../__fixtures__/action.js'
import { FAST_BACKOFF, visible } from '../../__fixtures__/e2e.js'
import type { FaultSpec } from '../../emulator/index.js'
import { useOidcSetup } from '../../__fixtures__/oidc-e2e.js'

const oidc = useOidcSetup()

function oidcRun(inputs: Record<string, string> = {}): Promise<ActionRun> {
  return oidc.run(inputs, FAST_BACKOFF)
}

const retryLines = (run: ActionRun) => run.stdout.split('\n').filter((line) => line.startsWith('AssumeRoleWithOIDC failed with'))

describe('the built action with role-to-assume when STS fails once', () => {
  it.each<[string, Omit<FaultSpec, 'operation'>, RegExp]>([
    [
      'a 503',
      { kind: 'error-503' },
      /^AssumeRoleWithOIDC failed with ServiceUnavailable \(request id [^)]+\): attempt 1 of 5; retrying in /
    ],
    [
      'a throttled answer',
      { kind: 'throttle' },
      /^AssumeRoleWithOIDC failed with Throttling\.User \(request id [^)]+\): throttled 1 time/
    ],
    [
      'a dropped connection',
      { kind: 'drop-before' },
      /^AssumeRoleWithOIDC failed with ECONNRESET \(request id none\): attempt 1 of 5; /
    ]
  ])('assumes the role on the second attempt after %s and approves', async (_, fault, line) => {
    oidc.emu().addFault({ operation: 'AssumeRoleWithOIDC', ...fault })
    const tokensBefore = oidc.ids().requests().length
    const result = await oidcRun()

    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ code: 'success', approved: 'true' })
    expect(
      oidc
        .emu()
        .requests()
        .map((r) => `${r.action}${r.fault ? `:${r.fault}` : ''}`)
    ).toEqual([`AssumeRoleWithOIDC:${fault.kind}`, 'AssumeRoleWithOIDC', 'ListAppInstanceGroup', 'ApproveOtaTask'])
    expect(retryLines(result)).toEqual([expect.stringMatching(line)])
    // One ID token serves both attempts, and its file is gone.
    expect(oidc.ids().requests().length - tokensBefore).toBe(1)
    expect(await readdir(oidc.temp())).toEqual([])
    for (const token of oidc.ids().issued()) expect(visible(result)).not.toContain(token)
  })

  it('gives up after max-attempts with the STS code and how many attempts were made', async () => {
    oidc.emu().addFault({ operation: 'AssumeRoleWithOIDC', kind: 'error-503', count: 5 })
    const result = await oidcRun({ 'max-attempts': '2' })

    expect(result.exitCode).toBe(1)
    expect(
      oidc
        .emu()
        .requests()
        .map((r) => r.action)
    ).toEqual(['AssumeRoleWithOIDC', 'AssumeRoleWithOIDC'])
    expect(retryLines(result)).toHaveLength(1)
    expect(result.stdout).toMatch(/^::error::failed to assume role .*: ServiceUnavailable: .*; gave up after 2 attempts$/m)
    expect(await readdir(oidc.temp())).toEqual([])
  })

  it('never retries a refusal of the audience', async () => {
    const result = await oidcRun({ audience: 'sts.example.com' })

    expect(result.exitCode).toBe(1)
    expect(
      oidc
        .emu()
        .requests()
        .map((r) => r.action)
    ).toEqual(['AssumeRoleWithOIDC'])
    expect(retryLines(result)).toEqual([])
  })
})
