/**
 * End to end through the built dist/index.js, the corners where a user's mistake or a cancelled job could leak or
 * mislead: credentials written into an endpoint URL, a huge bad value, and a job cancelled during the OIDC exchange.
 */
import { describe, expect, it } from '@jest/globals'
import { readdir } from 'node:fs/promises'
import { runAction } from '../../__fixtures__/action.js'
import { OIDC_PROVIDER_ARN, OIDC_ROLE_ARN, TEST_KEY } from '../../__fixtures__/emulator-client.js'
import { useOidcSetup } from '../../__fixtures__/oidc-e2e.js'

const GROUP = { 'app-instance-group-id': 'aig-hzdesign01', 'biz-region-id': 'cn-hangzhou' }
const KEYS = { 'access-key-id': TEST_KEY.accessKeyId, 'access-key-secret': TEST_KEY.accessKeySecret }
const USER = 'LTAIuserinfoId9'
const PASSWORD = 'Userinfo/Secret+Value9'

/** The run as a person sees it: the runner consumes `::add-mask::` lines. */
const visible = (everything: string): string =>
  everything
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n')

describe('the built action with credentials written into an endpoint', () => {
  it.each<{ input: string; extra: Record<string, string> }>([
    { input: 'endpoint', extra: {} },
    { input: 'sts-endpoint', extra: { 'role-to-assume': OIDC_ROLE_ARN, 'oidc-provider-arn': OIDC_PROVIDER_ARN } }
  ])('masks them first and never echoes them in $input', async ({ input, extra }) => {
    const url = `https://${USER}:${encodeURIComponent(PASSWORD)}@sts.example.com/x`
    const result = await runAction({ ...GROUP, ...KEYS, ...extra, [input]: url })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.code).toBe('InvalidInput')
    expect(result.stdout).toContain(`::add-mask::${PASSWORD}`)
    expect(result.stdout).toContain(`::add-mask::${USER}`)
    const shown = visible(result.everything)
    for (const secret of [USER, PASSWORD, encodeURIComponent(PASSWORD)]) expect(shown).not.toContain(secret)
    expect(result.outputs.message).toMatch(
      new RegExp(`^${input}: "https://\\*\\*\\*@sts\\.example\\.com/x" must not contain credentials`)
    )
  })
})

describe('the built action with a huge bad value', () => {
  it('names the input and cuts the echoed value to a readable length', async () => {
    const result = await runAction({ ...GROUP, ...KEYS, 'start-time': `2026-${'9'.repeat(100_000)}` })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.message).toMatch(/^start-time: "2026-9{20,}…"/)
    expect(result.outputs.message.length).toBeLessThan(1100)
    expect(result.stdout.length).toBeLessThan(20_000)
    expect(result.summary).toContain('start-time')
  })
})

describe('the built action cancelled during the OIDC exchange', () => {
  const oidc = useOidcSetup()

  it.each(['SIGTERM', 'SIGINT'] as const)('removes the ID token file on %s', async (signal) => {
    oidc.emu().addFault({ operation: 'AssumeRoleWithOIDC', kind: 'delay', delayMs: 5000, count: 1 })
    const temp = oidc.temp()
    const controller = new AbortController()
    let sawTokenFile = false
    // Cancel once the token file exists, as a user pressing "Cancel workflow" mid-exchange.
    const watch = setInterval(async () => {
      const files = await readdir(temp).catch(() => [])
      if (files.some((name) => name.endsWith('.jwt'))) {
        sawTokenFile = true
        controller.abort()
      }
    }, 20)
    try {
      const result = await oidc.run({}, {}, { signal: controller.signal, killSignal: signal })
      expect(sawTokenFile).toBe(true)
      expect(result.exitCode).toBeNull()
      expect((await readdir(temp)).filter((name) => name.endsWith('.jwt'))).toEqual([])
      expect(
        oidc
          .emu()
          .requests()
          .filter((r) => r.action === 'ApproveOtaTask')
      ).toEqual([])
    } finally {
      clearInterval(watch)
    }
  })
})
