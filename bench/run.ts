/**
 * `npm run bench`: runs the built action (dist/index.js) against the emulator on loopback and measures it against
 * the physical floor — a bare `node` process plus the round trips that cannot be avoided (issues 8 and 17) — under
 * Node 24 (what action.yml declares; the pinned one from scripts/node24.ts when cached) and the Node running the
 * bench, side by side. Every figure is the median of repeated runs, beside its baseline measured in the same run
 * (interleaved, sample by sample, since absolute times on a shared machine drift). Prints a table per runtime, the
 * key figures side by side, the goals (met / missed) and the slowest modules to load; writes bench/results.json.
 *
 *   npm run bench                         # 7 runs per figure (3 for the 500-group fleet)
 *   npm run bench -- --quick              # smoke run: 3 runs, 1 for the 500-group fleet
 *   npm run bench -- --runs 11 --node24 /path/to/node24 --dist /tmp/candidate/dist/index.js
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { ROOT } from '../emulator/cli/runner.js'
import { PAGE_SIZE } from './floor.js'
import { relative, type Context, type Runtime } from './harness.js'
import { spawnTimed } from './measure.js'
import { configuredConcurrency, GOAL, LARGE_FLEET, parseOptions, type Options } from './options.js'
import { ratio, renderGoals, renderTable, sideBySide } from './report.js'
import { bundle } from './scenarios/bundle.js'
import { coldStartAndRequests } from './scenarios/cold-start.js'
import { oidcConnections, tlsRequests } from './scenarios/connections.js'
import { fleets, fleetSupport } from './scenarios/fleets.js'
import { latencyRuns } from './scenarios/latency.js'
import { memory } from './scenarios/memory.js'
import { moduleLoadTimes } from './scenarios/modules.js'
import { throttling } from './scenarios/throttle.js'

const load = (): number[] => loadavg().map((l) => +l.toFixed(2))

function runtimeOf(node: string): Runtime {
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()
  return { node, version, major: Number(/^v(\d+)/.exec(version)?.[1] ?? NaN) }
}

/** measure runs every section under one runtime and returns its context (rows, goals). */
async function measure(opts: Options, runtime: Runtime, first: boolean): Promise<Context> {
  const ctx: Context = { opts: { ...opts, node: runtime.node }, runtime, rows: [], goals: [], floorChecks: [] }
  console.error(`\n== Node ${runtime.version} (${runtime.node}); load average ${load().join(' ')}`)
  // The spawn path itself must work before anything is timed.
  await spawnTimed(runtime.node, ['-e', ''])
  await coldStartAndRequests(ctx)
  await tlsRequests(ctx)
  await oidcConnections(ctx)
  await latencyRuns(ctx)
  await bundle(ctx, first)
  await moduleLoadTimes(ctx)
  const support = opts.sizes.length ? await fleetSupport(ctx.opts) : { supported: false, reason: 'no sizes given' }
  await fleets(ctx, support)
  // The throttled fleets test behaviour, not start-up: measured once, under the first runtime (Node 24).
  if (first) await throttling(ctx)
  await memory(ctx, support.supported)
  if (runtime.major === GOAL.fleetMajor) ctx.goals.push(fleetGoal(ctx))
  return ctx
}

/** fleetGoal is the issue 8 goal over every fleet run: within GOAL.fleetFloorRatio × its floor. */
function fleetGoal(ctx: Context): Context['goals'][number] {
  const unavailable = ctx.floorChecks.filter((c) => c.ratio === undefined)
  const measured = ctx.floorChecks.filter((c) => c.ratio !== undefined)
  const over = measured.filter((c) => (c.ratio as number) > GOAL.fleetFloorRatio)
  return {
    goal: `every fleet run within ${GOAL.fleetFloorRatio} × its floor`,
    verdict: over.length || unavailable.some((c) => c.note === 'runs failed') ? 'missed' : unavailable.length ? 'n/a' : 'met',
    detail: [
      over.length
        ? `over: ${over.map((c) => `${c.figure} ${ratio(c.ratio as number)}`).join(', ')}`
        : `${measured.length} measured within`,
      unavailable.length ? `not measured: ${unavailable.map((c) => `${c.figure} (${c.note})`).join(', ')}` : ''
    ]
      .filter(Boolean)
      .join('; ')
  }
}

/** buildRequiredStack builds bench/required-stack/ as dist/ is built (ncc, stand-ins, code cache) and returns its entry. */
function buildRequiredStack(): string {
  const out = mkdtempSync(join(tmpdir(), 'wuying-required-stack-'))
  console.error(`  · building the required stack (bench/required-stack/) into ${out}`)
  execFileSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/build.ts', '--entry', 'bench/required-stack/index.ts', '--out', out],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit']
    }
  )
  return join(out, 'index.js')
}

async function main(): Promise<void> {
  const parsed = parseOptions(process.argv.slice(2))
  if (!existsSync(parsed.dist)) throw new Error(`${parsed.dist} does not exist; run npm run build first`)
  const opts = parsed.requiredStack === 'build' ? { ...parsed, requiredStack: buildRequiredStack() } : parsed
  const started = Date.now()
  const runtimes = [...(opts.node24 ? [runtimeOf(opts.node24)] : []), runtimeOf(opts.node)]
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: +(totalmem() / 1e9).toFixed(1),
    kernel: release(),
    node: runtimes.map((r) => r.version),
    loadavgBefore: load()
  }
  console.log(
    `wuying-ota-action benchmark: ${relative(opts.dist)} under ${runtimes.map((r) => `node ${r.version}`).join(' and ')}, ` +
      `${opts.runs} runs per figure (${opts.largeFleetRuns} for fleets of ${LARGE_FLEET}+)\n` +
      `machine: ${machine.cores} × ${machine.cpu}, load average ${machine.loadavgBefore.join(' ')}` +
      (opts.node24 ? '' : '\nno Node 24 measured: `npx tsx scripts/node24.ts` fetches the pinned one, or give --node24 PATH')
  )

  const contexts: Context[] = []
  for (const [i, runtime] of runtimes.entries()) contexts.push(await measure(opts, runtime, i === 0))

  const concurrency = configuredConcurrency(opts)
  for (const ctx of contexts) console.log(`\n[[ Node ${ctx.runtime.version} ]]\n${renderTable(ctx.rows)}`)
  console.log(`\n${sideBySide(contexts)}\n`)
  console.log(
    `floors: bare node (median of the same run's interleaved \`node -e ''\`) + minimal round trips × latency; one group: ` +
      `2 (filtered list, approve); a fleet of N: 1 (page 1) + ceil((P-1)/c) (pages 2..P, P = ceil(N/${PAGE_SIZE})) + ceil(N/c) ` +
      `(approvals in waves), c = ${concurrency.value} (${concurrency.source}). No NODE_EXTRA_CA_CERTS except in the TLS row.\n`
  )
  for (const ctx of contexts) console.log(`goals, Node ${ctx.runtime.version}:\n${renderGoals(ctx.goals)}\n`)
  const seconds = (Date.now() - started) / 1000
  const results = {
    date: new Date().toISOString(),
    seconds: +seconds.toFixed(1),
    machine: { ...machine, loadavgAfter: load() },
    options: { ...opts, concurrency },
    runtimes: contexts.map((ctx) => ({ ...ctx.runtime, goals: ctx.goals, rows: ctx.rows }))
  }
  await writeFile(opts.out, JSON.stringify(results, null, 2) + '\n')
  console.log(
    `${seconds.toFixed(0)} s; load average now ${results.machine.loadavgAfter.join(' ')}; written to ${relative(opts.out)}`
  )
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  process.exit(1)
})
