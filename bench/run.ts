/**
 * `npm run bench`: runs the built action (dist/index.js) against the emulator on loopback and measures it against
 * the physical floor — a bare `node` process plus the round trips that cannot be avoided (issue 8). Every figure is
 * the median of repeated runs, beside its baseline measured in the same run (interleaved, sample by sample, since
 * absolute times on a shared machine drift). Prints a table and the goals (met / missed), writes bench/results.json.
 *
 *   npm run bench                         # 7 runs per figure (3 for the 500-group fleet)
 *   npm run bench -- --quick              # smoke run: 3 runs, 1 for the 500-group fleet
 *   npm run bench -- --runs 11 --node /path/to/node24 --dist /tmp/candidate/dist/index.js
 */
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { cpus, loadavg, release, totalmem } from 'node:os'
import { PAGE_SIZE } from './floor.js'
import { relative, type Context } from './harness.js'
import { spawnTimed } from './measure.js'
import { configuredConcurrency, GOAL, LARGE_FLEET, parseOptions } from './options.js'
import { ratio, renderGoals, renderTable } from './report.js'
import { bundle } from './scenarios/bundle.js'
import { coldStartAndRequests } from './scenarios/cold-start.js'
import { oidcConnections, tlsRequests } from './scenarios/connections.js'
import { fleets, fleetSupport } from './scenarios/fleets.js'
import { throttling } from './scenarios/throttle.js'
import { latencyRuns } from './scenarios/latency.js'
import { memory } from './scenarios/memory.js'

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2))
  if (!existsSync(opts.dist)) throw new Error(`${opts.dist} does not exist; run npm run build first`)
  const started = Date.now()
  const nodeVersion = (await import('node:child_process')).execFileSync(opts.node, ['--version'], { encoding: 'utf8' }).trim()
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: +(totalmem() / 1e9).toFixed(1),
    kernel: release(),
    node: nodeVersion,
    loadavgBefore: loadavg().map((l) => +l.toFixed(2))
  }
  console.log(
    `wuying-ota-action benchmark: ${relative(opts.dist)} under node ${nodeVersion}, ${opts.runs} runs per figure ` +
      `(${opts.largeFleetRuns} for fleets of ${LARGE_FLEET}+)\nmachine: ${machine.cores} × ${machine.cpu}, load average ${machine.loadavgBefore.join(' ')}`
  )
  // The spawn path itself must work before anything is timed.
  await spawnTimed(opts.node, ['-e', ''])

  const ctx: Context = { opts, rows: [], goals: [], floorChecks: [] }
  await coldStartAndRequests(ctx)
  await tlsRequests(ctx)
  await oidcConnections(ctx)
  await latencyRuns(ctx)
  await bundle(ctx)
  const support = opts.sizes.length ? await fleetSupport(opts) : { supported: false, reason: 'no sizes given' }
  await fleets(ctx, support)
  await throttling(ctx)
  await memory(ctx, support.supported)

  const unavailable = ctx.floorChecks.filter((c) => c.ratio === undefined)
  const measured = ctx.floorChecks.filter((c) => c.ratio !== undefined)
  const over = measured.filter((c) => (c.ratio as number) > GOAL.floorRatio)
  ctx.goals.splice(1, 0, {
    goal: `every latency and fleet run within ${GOAL.floorRatio} × its floor`,
    verdict: over.length || unavailable.some((c) => c.note === 'runs failed') ? 'missed' : unavailable.length ? 'n/a' : 'met',
    detail: [
      over.length
        ? `over: ${over.map((c) => `${c.figure} ${ratio(c.ratio as number)}`).join(', ')}`
        : `${measured.length} measured within`,
      unavailable.length ? `not measured: ${unavailable.map((c) => `${c.figure} (${c.note})`).join(', ')}` : ''
    ]
      .filter(Boolean)
      .join('; ')
  })

  const concurrency = configuredConcurrency(opts)
  console.log(`\n${renderTable(ctx.rows)}\n`)
  console.log(
    `floors: bare node (median of the same run's interleaved \`node -e ''\`) + minimal round trips × latency; one group: ` +
      `2 (filtered list, approve); a fleet of N: 1 (page 1) + ceil((P-1)/c) (pages 2..P, P = ceil(N/${PAGE_SIZE})) + ceil(N/c) ` +
      `(approvals in waves), c = ${concurrency.value} (${concurrency.source}).\n`
  )
  console.log(`goals:\n${renderGoals(ctx.goals)}\n`)
  const seconds = (Date.now() - started) / 1000
  const results = {
    date: new Date().toISOString(),
    seconds: +seconds.toFixed(1),
    machine: { ...machine, loadavgAfter: loadavg().map((l) => +l.toFixed(2)) },
    options: { ...opts, concurrency },
    goals: ctx.goals,
    rows: ctx.rows
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
