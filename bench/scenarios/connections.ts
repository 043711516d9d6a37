/**
 * Requests and connections of one group over HTTPS, and of an OIDC run (ID token, STS, then the API).
 */
import { OIDC_PROVIDER_ARN, OIDC_ROLE_ARN } from '../../__fixtures__/emulator-client.js'
import { startEmulator, startIdTokenService, type Emulator } from '../../emulator/index.js'
import { actionYml, runAction } from '../../emulator/cli/runner.js'
import { fleetFixture } from '../fleet.js'
import { describeFailure, fromLog, naRow, progress, singleRun, type Context } from '../harness.js'
import { repeat, summarize } from '../measure.js'
import { ms, spread, verdictOf } from '../report.js'

/** tlsRequests checks 2 requests on 1 TLS connection for one group in the emulator's TLS mode. */
export async function tlsRequests(ctx: Context): Promise<void> {
  const { opts, rows } = ctx
  let emu: Emulator | undefined
  try {
    emu = await startEmulator({ fixture: fleetFixture(1), tls: true })
    const caPath = emu.caCertPath ?? ''
    const runs = Math.min(opts.runs, 3)
    const results = await repeat(runs, async (i) => {
      progress(`TLS single group ${i + 1}/${runs}`)
      return singleRun(emu as Emulator, opts, 0, { NODE_EXTRA_CA_CERTS: caPath })
    })
    const requests = [...new Set(results.map((r) => r.requests))].join(', ')
    const connections = [...new Set(results.map((r) => r.connections))].join(', ')
    const ok = results.every((r) => r.requests === 2 && r.connections === 1)
    rows.push({
      section: 'requests and connections (one group)',
      figure: 'requests / TLS connections per run (HTTPS)',
      value: `${requests} / ${connections}; ${spread(summarize(results.map((r) => r.ms)))}`,
      baseline: 'minimum 2 / 1',
      ratio: '',
      goal: 'exactly 2 / 1',
      verdict: verdictOf(ok),
      data: {
        requests: results.map((r) => r.requests),
        connections: results.map((r) => r.connections),
        ms: results.map((r) => r.ms)
      }
    })
  } catch (error) {
    rows.push(naRow('requests and connections (one group)', 'requests / TLS connections per run (HTTPS)', error))
  } finally {
    await emu?.close()
  }
}

/** oidcConnections: informational, only when the action has OIDC inputs; API and STS share the emulator's port. */
export async function oidcConnections(ctx: Context): Promise<void> {
  const { opts, rows } = ctx
  const section = 'requests and connections (one group)'
  const figure = 'OIDC run: requests / connections (API + STS)'
  if (!('role-to-assume' in actionYml().inputs)) {
    rows.push({
      section,
      figure,
      value: 'not available (no role-to-assume input in action.yml)',
      baseline: '',
      ratio: '',
      goal: '',
      verdict: ''
    })
    return
  }
  let emu: Emulator | undefined
  let ids: Awaited<ReturnType<typeof startIdTokenService>> | undefined
  try {
    emu = await startEmulator({ tls: true })
    ids = await startIdTokenService()
    progress('OIDC single group')
    const run = await runAction(
      {
        endpoint: emu.url,
        'sts-endpoint': emu.url,
        'role-to-assume': OIDC_ROLE_ARN,
        'oidc-provider-arn': OIDC_PROVIDER_ARN,
        'app-instance-group-id': 'aig-hzdesign01',
        'biz-region-id': 'cn-hangzhou'
      },
      { node: opts.node, entry: opts.dist, env: { ...ids.env, NODE_EXTRA_CA_CERTS: emu.caCertPath ?? '' }, timeoutMs: 60_000 }
    )
    const m = fromLog(emu, run)
    const value =
      run.exitCode === 0
        ? `${m.requests} (${Object.entries(m.byAction)
            .map(([a, n]) => `${a} ×${n}`)
            .join(', ')}) / ${m.connections}; ` + `+${ids.requests().length} ID-token request; ${ms(run.ms)}`
        : `not available (${describeFailure(run).slice(0, 160)})`
    rows.push({
      section,
      figure,
      value,
      baseline: 'minimum 3 / 2 (+1 ID token)',
      ratio: '',
      goal: '',
      verdict: '',
      data: {
        exitCode: run.exitCode,
        byAction: m.byAction,
        connections: m.connections,
        idTokenRequests: ids.requests().length,
        ms: run.ms
      }
    })
  } catch (error) {
    rows.push(naRow(section, figure, error))
  } finally {
    await ids?.close()
    await emu?.close()
  }
}
