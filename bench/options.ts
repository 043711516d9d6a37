/**
 * The benchmark's command line and goals: what `npm run bench -- --help` prints, the defaults (7 runs per figure,
 * 3 with --quick), and the targets the goal lines check.
 */
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { actionYml, DIST_ENTRY, ROOT } from '../emulator/cli/runner.js'

/** GOAL holds the targets the goal lines check (issue 8). */
export const GOAL = {
  coldStartRatio: 1.8,
  floorRatio: 1.25,
  /** 1.5 MB read as 1,500,000 bytes (the stricter reading of "MB"). */
  bundleBytes: 1_500_000,
  /** 100 MB read as 100,000,000 bytes. */
  rssBytes: 100_000_000
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
}

const USAGE = `usage: npm run bench -- [--runs N] [--quick] [--fleet-runs N] [--sizes 1,10,100,500]
                         [--concurrency N] [--node PATH] [--dist PATH] [--out PATH]
  --runs N        repetitions per figure (default 7; --quick: 3)
  --fleet-runs N  repetitions for fleets of ${LARGE_FLEET}+ groups (default min(runs, 3); --quick: 1)
  --sizes LIST    fleet sizes (default ${DEFAULT_SIZES.join(',')}; '' skips the fleets)
  --concurrency N pass the concurrency input (default: leave it to action.yml's default)
  --node PATH     node binary for the action and the bare-node baseline (default: this one)
  --dist PATH     the bundle to run (default dist/index.js), e.g. a candidate build
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
      dist: { type: 'string' },
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
    quick
  }
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
