/**
 * `npm start`: starts the emulator with the sample fleet, runs the built action against it the way the
 * GitHub runner would, and prints the action's log, its outputs, the job summary and what the emulator saw.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startGitHubApi } from '../github/server.js'
import { startEmulator, type FaultSpec } from '../index.js'
import { LogRenderer, paint, renderSummary } from './render.js'
import { runAction } from './runner.js'

const FLEET = new URL('../fixtures/fleet.json', import.meta.url)
const RELEASE_EVENT = fileURLToPath(new URL('../fixtures/release-event.json', import.meta.url))
const FAULT_KINDS = ['throttle', 'error-500', 'error-503', 'html-503', 'drop-before', 'drop-after', 'delay'] as const

const HELP = `Usage: npm start [-- options]

Starts the local Wuying API emulator with the sample fleet (emulator/fixtures/fleet.json), runs the
built action (dist/index.js) against it as the GitHub runner would, then prints the step's outputs,
its job summary and the requests the emulator received.

Options:
  --group <id>             delivery group to update (default: the first sample group with a pending update);
                           repeat it, or separate ids with commas, for several groups of one region
  --region <region>        their region (default: the first group's own region)
  --start-time <value>     now | +30m | +2h | +1d | 2026-12-01T02:00:00+08:00   (default: now)
  --signature-version <v>  v3 (ACS3-HMAC-SHA256, default) or v2 (RPC HMAC-SHA1)
  --fault <op:kind[:n]>    inject a fault into the next n calls of an operation, e.g.
                           ApproveOtaTask:throttle:2, ListAppInstanceGroup:error-503, ApproveOtaTask:drop-after
                           kinds: ${FAULT_KINDS.join(', ')}
  --latency <ms>           extra latency on every response (a runner far from the endpoint)
  --dry-run                report what would be approved, approve nothing
  --wait                   stay until the update has finished (the sample tasks run for 60 s)
  --input <name=value>     any other action input, e.g. --input if-no-update=fail (repeatable)
  --list                   list the sample fleet and exit
  -h, --help               this help

Examples:
  npm start
  npm start -- --start-time +2h
  npm start -- --group aig-shcad00003,aig-shvideo004,aig-shkiosk005 --dry-run
  npm start -- --group aig-sgtrain007 --wait
  npm start -- --group aig-<id> --input task-id=ota-<id>
  npm start -- --fault ApproveOtaTask:throttle:2 --signature-version v2
`

interface Fleet {
  accessKeys: Array<{ id: string; secret: string; status?: string }>
}

function parseFault(text: string): FaultSpec {
  const [operation, kind, count] = text.split(':')
  if (!operation || !FAULT_KINDS.includes(kind as (typeof FAULT_KINDS)[number]) || (count && !/^\d+$/.test(count))) {
    throw new Error(`--fault: expected <operation>:<kind>[:<count>] with kind one of ${FAULT_KINDS.join(', ')}, got "${text}"`)
  }
  return {
    operation: operation as FaultSpec['operation'],
    kind: kind as FaultSpec['kind'],
    count: count ? Number(count) : 1,
    ...(kind === 'delay' ? { delayMs: 2000 } : {})
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      group: { type: 'string', multiple: true },
      region: { type: 'string' },
      'start-time': { type: 'string' },
      'signature-version': { type: 'string' },
      fault: { type: 'string', multiple: true },
      latency: { type: 'string' },
      input: { type: 'string', multiple: true },
      list: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      wait: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' }
    }
  })
  if (values.help) {
    process.stdout.write(HELP)
    return 0
  }
  const colour = paint(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR)
  const heading = (text: string): void => void process.stdout.write(`\n${colour('bold', colour('cyan', `── ${text} `))}\n`)
  const faults = (values.fault ?? []).map(parseFault)
  const latencyMs = values.latency === undefined ? 0 : Number(values.latency)
  if (!Number.isInteger(latencyMs) || latencyMs < 0)
    throw new Error(`--latency: expected a whole number of ms, got "${values.latency}"`)

  const emulator = await startEmulator({ latencyMs })
  // The GitHub REST stand-in, so the demo shows the Deployment record a release run creates.
  const github = await startGitHubApi()
  try {
    const groups = emulator.state().groups
    heading('Emulator')
    console.log(`Wuying API emulator on ${emulator.url} with ${groups.length} sample delivery groups`)
    if (values.list) {
      for (const g of groups) {
        const ota = g.OtaInfo?.NewOtaVersion
          ? `${g.OtaInfo.OtaVersion} → ${g.OtaInfo.NewOtaVersion} (${g.OtaInfo.TaskId})`
          : `${g.OtaInfo?.OtaVersion ?? '-'}, no update`
        console.log(`  ${g.AppInstanceGroupId}  ${g.RegionId.padEnd(15)} ${ota}`)
      }
      return 0
    }
    const wanted = (values.group ?? [])
      .flatMap((ids) => ids.split(','))
      .map((id) => id.trim())
      .filter(Boolean)
    const group =
      wanted.length > 0 ? groups.find((g) => g.AppInstanceGroupId === wanted[0]) : groups.find((g) => g.OtaInfo?.NewOtaVersion)
    const groupId = wanted.length > 0 ? wanted.join(',') : (group?.AppInstanceGroupId ?? '')
    const region = values.region ?? group?.RegionId ?? 'cn-hangzhou'
    for (const fault of faults) emulator.addFault(fault)
    const fleet = JSON.parse(readFileSync(FLEET, 'utf8')) as Fleet
    const key = fleet.accessKeys.find((k) => (k.status ?? 'Active') === 'Active')
    if (!key) throw new Error('the sample fleet has no active access key')

    const inputs: Record<string, string> = {
      'app-instance-group-id': groupId,
      'biz-region-id': region,
      endpoint: emulator.url,
      'deployment-environment': 'production',
      'github-token': github.token
    }
    if (values['start-time']) inputs['start-time'] = values['start-time']
    if (values['signature-version']) inputs['signature-version'] = values['signature-version']
    if (values['dry-run']) inputs['dry-run'] = 'true'
    if (values.wait) inputs.wait = 'true'
    for (const pair of values.input ?? []) {
      const eq = pair.indexOf('=')
      if (eq < 1) throw new Error(`--input: expected name=value, got "${pair}"`)
      inputs[pair.slice(0, eq)] = pair.slice(eq + 1)
    }
    console.log(`Running dist/index.js for ${groupId} in ${region}, credentials from the environment`)
    heading('Action log')
    const renderer = new LogRenderer((text) => process.stdout.write(text), colour)
    const run = await runAction(inputs, {
      env: { ALIBABA_CLOUD_ACCESS_KEY_ID: key.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.secret, ...releaseEnv(github.url) },
      onOutput: (chunk) => renderer.push(chunk)
    })
    renderer.end()

    heading(`Outputs (exit code ${run.exitCode}, ${run.ms} ms)`)
    const width = Math.max(...Object.keys(run.outputs).map((k) => k.length))
    for (const [name, value] of Object.entries(run.outputs)) console.log(`  ${name.padEnd(width)}  ${value}`)
    heading('Job summary')
    console.log(renderSummary(run.summary) || '(empty)')
    heading('Requests the emulator received')
    for (const r of emulator.requests()) {
      const fault = r.fault ? `  [fault: ${r.fault}]` : ''
      console.log(
        `  #${r.seq} ${r.action.padEnd(22)} ${r.scheme.padEnd(17)} conn ${r.connection}  HTTP ${r.status} ${r.code ?? ''}${fault}`
      )
    }
    heading('GitHub Deployments (the REST stand-in)')
    for (const d of github.deployments()) {
      const states = d.statuses.map((status) => status.state).join(' → ')
      console.log(`  #${d.id} ${d.environment} ref ${d.ref}: ${states || 'no status'}  ${d.description}`)
    }
    if (github.deployments().length === 0) console.log('  none (a dry run, or nothing to approve)')
    console.log(`\nTry other inputs: npm start -- --help`)
    return run.exitCode ?? 1
  } finally {
    await github.close()
    await emulator.close()
  }
}

/** releaseEnv returns the runner's variables of a release run whose GitHub API is the stand-in at `apiUrl`. */
function releaseEnv(apiUrl: string): Record<string, string> {
  return {
    GITHUB_EVENT_NAME: 'release',
    GITHUB_EVENT_PATH: RELEASE_EVENT,
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/tags/v2.4.0',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: apiUrl
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error))
    process.exitCode = 2
  }
)
