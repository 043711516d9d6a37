/**
 * The benchmark's command line and goals: what `npm run bench -- --help` prints, the defaults (7 runs per figure,
 * 3 with --quick), and the targets the goal lines check.
 */
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { actionYml, DIST_ENTRY, ROOT } from '../emulator/cli/runner.js'
import { findNode24 } from '../scripts/node24.js'

const MiB = 1024 * 1024

/**
 * GOAL holds the targets the goal lines check, by the Node major they apply to (issue 17; the fleet floor and the
 * bundle size from issue 8). A figure without a target for a runtime is shown without a verdict.
 */
export const GOAL = {
  /** Single group at 0 ms: the action's wall time over a bare `node -e ''`. */
  coldStartRatio: { 24: 1.9, 20: 2.1 } as Readonly<Record<number, number>>,
  /** Single group at 50 and 200 ms: wall time over its floor (bare node + 2 round trips), Node 24. */
  latencyRatio: { 50: 1.5, 200: 1.2 } as Readonly<Record<number, number>>,
  latencyMajor: 24,
  /** Every fleet in one step within this × its floor, Node 24. */
  fleetFloorRatio: 1.25,
  fleetMajor: 24,
  /** 1.5 MB read as 1,500,000 bytes (the stricter reading of "MB"). */
  bundleBytes: 1_500_000,
  /** Peak RSS, Node 24: one group, and the fleet of RSS_FLEET groups. */
  rssSingleBytes: 60 * MiB,
  rssFleetBytes: 90 * MiB,
  rssFleet: 500,
  rssMajor: 24
} as const
/** LATENCIES are the emulated latencies of the single-group runs, in ms. */
export const LATENCIES = [50, 200] as const
/** FLEET_LATENCY_MS is the emulated latency of the fleet runs. */
export const FLEET_LATENCY_MS = 50
const DEFAULT_SIZES = [1, 10, 100, 500]
/** Fleets at least this large get the reduced repetition count (--fleet-runs). */
export const LARGE_FLEET = 500
const DEFAULT_CONCURRENCY = 5

/** Options are the command line, parsed and defaulted. */
export interface Options {
  readonly runs: number
  readonly largeFleetRuns: number
  readonly node: string
  readonly dist: string
  /** Passed as the `concurrency` input when set; otherwise action.yml's default (or 5) is what runs. */
  readonly concurrency?: number
  readonly sizes: readonly number[]
  readonly out: string
  readonly quick: boolean
  /** The Node 24 to measure beside `node` (the pinned one when cached), or undefined to measure `node` only. */
  readonly node24?: string
  /** Instrumented single-group runs the load-time table is the median of. */
  readonly moduleRuns: number
  /** The required stack's built index.js (bench/required-stack/), 'build' to build it first, or undefined to leave it out. */
  readonly requiredStack?: string
}

const USAGE = `usage: npm run bench -- [--runs N] [--quick] [--fleet-runs N] [--sizes 1,10,100,500]
                         [--concurrency N] [--node PATH] [--node24 PATH|none] [--module-runs N]
                         [--dist PATH] [--required-stack PATH|none] [--out PATH]
  --runs N        repetitions per figure (default 7; --quick: 3)
  --fleet-runs N  repetitions for fleets of ${LARGE_FLEET}+ groups (default min(runs, 3); --quick: 1)
  --sizes LIST    fleet sizes (default ${DEFAULT_SIZES.join(',')}; '' skips the fleets)
  --concurrency N pass the concurrency input (default: leave it to action.yml's default)
  --node PATH     node binary for the action and the bare-node baseline (default: this one, Node 20 here)
  --node24 PATH   the Node 24 measured beside it (default: the one pinned in scripts/node24.ts, when cached;
                  'tsx scripts/node24.ts' fetches it); 'none' measures --node only
  --module-runs N instrumented runs for the load time by module (default 5; --quick: 2)
  --dist PATH     the bundle to run (default dist/index.js), e.g. a candidate build
  --required-stack PATH  the least the fixed packages do for one group, timed beside the action
                  (bench/required-stack/, built as dist/ is); default: build it first (about 20 s); 'none' leaves it out
  --out PATH      results file (default bench/results.json)`

/** parseOptions reads argv (prints the usage and exits on --help); throws naming a bad option. */
export function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'fleet-runs': { type: 'string' },
      sizes: { type: 'string' },
      concurrency: { type: 'string' },
      node: { type: 'string' },
      node24: { type: 'string' },
      'module-runs': { type: 'string' },
      dist: { type: 'string' },
      'required-stack': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false }
    },
    strict: true
  })
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  const int = (text: string | undefined, name: string, fallback: number, min = 1): number => {
    if (text === undefined) return fallback
    if (!/^\d+$/.test(text) || Number(text) < min)
      throw new Error(`--${name} must be a whole number ≥ ${min}, got ${text}\n${USAGE}`)
    return Number(text)
  }
  const quick = values.quick ?? false
  const runs = int(values.runs, 'runs', quick ? 3 : 7)
  const sizes =
    values.sizes === undefined
      ? DEFAULT_SIZES
      : values.sizes
          .split(',')
          .filter((s) => s.trim() !== '')
          .map((s) => int(s.trim(), 'sizes', 1))
  return {
    runs,
    largeFleetRuns: int(values['fleet-runs'], 'fleet-runs', quick ? 1 : Math.min(runs, 3)),
    node: values.node ?? process.env.ACTION_NODE ?? process.execPath,
    dist: resolve(values.dist ?? DIST_ENTRY),
    ...(values.concurrency === undefined ? {} : { concurrency: int(values.concurrency, 'concurrency', DEFAULT_CONCURRENCY) }),
    sizes,
    out: resolve(values.out ?? join(ROOT, 'bench', 'results.json')),
    quick,
    ...node24Option(values.node24),
    moduleRuns: int(values['module-runs'], 'module-runs', quick ? 2 : 5),
    ...requiredStackOption(values['required-stack'])
  }
}

function requiredStackOption(value: string | undefined): { requiredStack?: string } {
  if (value === 'none') return {}
  return { requiredStack: value === undefined ? 'build' : resolve(value) }
}

function node24Option(value: string | undefined): { node24?: string } {
  if (value === 'none') return {}
  const node24 = value === undefined ? findNode24() : resolve(value)
  return node24 === undefined ? {} : { node24 }
}

/** configuredConcurrency returns the concurrency the fleet runs use and where that value comes from. */
export function configuredConcurrency(opts: Options): { value: number; source: string } {
  if (opts.concurrency !== undefined) return { value: opts.concurrency, source: '--concurrency' }
  const input = actionYml().inputs.concurrency
  const fromYml = input?.default === undefined ? NaN : Number(input.default)
  return Number.isInteger(fromYml) && fromYml >= 1
    ? { value: fromYml, source: "action.yml's default" }
    : { value: DEFAULT_CONCURRENCY, source: 'issue 6 default (action.yml has no concurrency input)' }
}
