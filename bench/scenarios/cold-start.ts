/**
 * Cold start against bare node, the reference client beside it, and the requests and TCP connections of one group.
 */
import { startEmulator } from '../../emulator/index.js'
import { fleetFixture } from '../fleet.js'
import { paired, progress, referenceRun, requiredStackRun, singleRun, targetFor, type Context } from '../harness.js'
import { bareNode, pairRatio, summarize } from '../measure.js'
import { GOAL } from '../options.js'
import { ms, ratio, spread, verdictOf } from '../report.js'

/** coldStartAndRequests measures single-group runs at 0 ms (with the reference client) and checks 2 requests on 1 connection. */
export async function coldStartAndRequests(ctx: Context): Promise<void> {
  const { opts, rows } = ctx
  const emu = await startEmulator({ fixture: fleetFixture(1), latencyMs: 0 })
  try {
    progress('warm-up')
    await bareNode(opts.node)
    await singleRun(emu, opts)
    const reference: number[] = []
    const stack: number[] = []
    const stackEntry = opts.requiredStack === 'build' ? undefined : opts.requiredStack
    const { bare, results } = await paired(opts, opts.runs, 'cold start (single group, 0 ms)', async () => {
      reference.push(await referenceRun(emu, opts))
      if (stackEntry !== undefined) stack.push(await requiredStackRun(emu, opts, stackEntry))
      return singleRun(emu, opts)
    })
    const action = summarize(results.map((r) => r.ms))
    const r = action.median / bare.median
    const target = targetFor(ctx.runtime, GOAL.coldStartRatio)
    rows.push({
      section: 'cold start',
      figure: 'single-group run, 0 ms latency',
      value: spread(action),
      baseline: `node -e '': ${spread(bare)}`,
      ratio: ratio(r),
      goal: target === undefined ? '' : `≤ ${target}×`,
      verdict: target === undefined ? '' : verdictOf(r <= target),
      data: {
        action,
        bare,
        ratio: r,
        pairRatio: pairRatio(
          results.map((m) => m.ms),
          bare.samples
        )
      }
    })
    const ref = summarize(reference)
    rows.push({
      section: 'cold start',
      figure: 'reference: minimal client (bench/reference.cjs)',
      value: spread(ref),
      baseline: `node -e '': ${ms(bare.median)}`,
      ratio: ratio(ref.median / bare.median),
      goal: '',
      verdict: '',
      data: { reference: ref, ratio: ref.median / bare.median }
    })
    const required = stack.length ? summarize(stack) : undefined
    if (required !== undefined)
      rows.push({
        section: 'cold start',
        figure: 'required stack alone (bench/required-stack/)',
        value: spread(required),
        baseline: `node -e '': ${ms(bare.median)}; the action: ${ratio(action.median / required.median)} of it`,
        ratio: ratio(required.median / bare.median),
        goal: '',
        verdict: '',
        data: { requiredStack: required, ratio: required.median / bare.median, actionOverStack: action.median / required.median }
      })
    if (target !== undefined)
      ctx.goals.push({
        goal: `single-group run at 0 ms within ${target} × bare node`,
        verdict: verdictOf(r <= target),
        detail:
          `${ms(action.median)} vs ${ms(bare.median)}: ${ratio(r)}; median of the ${results.length} pairs' ratios ` +
          `${ratio(
            pairRatio(
              results.map((m) => m.ms),
              bare.samples
            )
          )} (the minimal reference client: ${ratio(ref.median / bare.median)}` +
          (required === undefined ? ')' : `; the required stack alone: ${ratio(required.median / bare.median)})`)
      })

    const requests = results.map((m) => m.requests)
    const connections = results.map((m) => m.connections)
    const reqOk = requests.every((n) => n === 2)
    const connOk = connections.every((n) => n === 1)
    const seen = (values: number[]): string => [...new Set(values)].sort((a, b) => a - b).join(', ')
    rows.push({
      section: 'requests and connections (one group)',
      figure: 'requests per run (HTTP)',
      value: `${seen(requests)} (${Object.entries(results[0].byAction)
        .map(([a, n]) => `${a} ×${n}`)
        .join(', ')})`,
      baseline: 'minimum 2',
      ratio: '',
      goal: 'exactly 2, every run',
      verdict: verdictOf(reqOk),
      data: { requests }
    })
    rows.push({
      section: 'requests and connections (one group)',
      figure: 'TCP connections per run (HTTP)',
      value: seen(connections),
      baseline: 'minimum 1',
      ratio: '',
      goal: 'exactly 1, every run',
      verdict: verdictOf(connOk),
      data: { connections }
    })
    ctx.goals.push({
      goal: 'exactly 2 requests and 1 TCP connection for one group',
      verdict: verdictOf(reqOk && connOk),
      detail: `HTTP: requests ${seen(requests)}, connections ${seen(connections)} over ${results.length} runs (TLS below)`
    })
  } finally {
    await emu.close()
  }
}
