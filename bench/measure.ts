/**
 * Measuring: medians of repeated samples, the bare-node baseline spawned the way runAction spawns the action, and
 * the in-process probe (bench/probe.cjs) for time to first output and peak RSS.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** PROBE is the preload that reports first-output time and peak RSS (see probe.cjs). */
export const PROBE = fileURLToPath(new URL('probe.cjs', import.meta.url))

/** Samples is a figure's repeated measurements and their median. */
export interface Samples {
  readonly median: number
  readonly min: number
  readonly max: number
  readonly samples: readonly number[]
}

/** median returns the middle value (mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** pairRatio returns the median of action[i] / bare[i]: each run against the bare node spawned just before it. */
export function pairRatio(action: readonly number[], bare: readonly number[]): number {
  return median(action.map((value, i) => value / (bare[i] ?? NaN)).filter(Number.isFinite))
}

/** summarize turns raw samples into Samples. */
export function summarize(values: readonly number[]): Samples {
  return {
    median: median(values),
    min: values.length ? Math.min(...values) : NaN,
    max: values.length ? Math.max(...values) : NaN,
    samples: [...values]
  }
}

/** ProbeReport is what probe.cjs wrote: ms since process start of the first stdout write and of exit, peak RSS in KiB. */
export interface ProbeReport {
  readonly firstOutputMs: number | null
  readonly exitMs: number
  readonly maxRssKiB: number
  /** process.memoryUsage() at exit, in bytes: what the peak was made of (heap or not). */
  readonly atExit?: { rss: number; heapTotal: number; heapUsed: number; external: number }
}

/** probeEnv returns the environment that preloads the probe, writing to `file`. */
export function probeEnv(file: string): Record<string, string> {
  return { NODE_OPTIONS: `--require ${PROBE}`, BENCH_PROBE_FILE: file }
}

/** readProbe reads the probe's report; throws when the process never wrote one. */
export async function readProbe(file: string): Promise<ProbeReport> {
  return JSON.parse(await readFile(file, 'utf8')) as ProbeReport
}

/** withTempDir runs fn with a fresh directory and removes it afterwards. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'wuying-bench-'))
  try {
    return await fn(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * spawnTimed runs `node args…` as runAction runs the action (piped stdout/stderr, a minimal environment, a scratch
 * working directory) and returns the wall time from spawn to close, in ms.
 */
export async function spawnTimed(node: string, args: readonly string[], env: Record<string, string> = {}): Promise<number> {
  return withTempDir(async (dir) => {
    const started = Date.now()
    const child = spawn(node, args, {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    child.stdout.resume()
    child.stderr.resume()
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject)
      child.on('close', resolve)
    })
    const ms = Date.now() - started
    if (code !== 0) throw new Error(`${node} ${args.join(' ')} exited with ${code}`)
    return ms
  })
}

/** bareNode times `node -e ''`: process start-up and exit with nothing to load. */
export function bareNode(node: string): Promise<number> {
  return spawnTimed(node, ['-e', ''])
}

/** bareNodeProbe runs a bare node that writes one line, under the probe: the baseline of first output and RSS. */
export async function bareNodeProbe(node: string): Promise<ProbeReport> {
  return withTempDir(async (dir) => {
    const file = join(dir, 'probe.json')
    await spawnTimed(node, ['-e', 'process.stdout.write("x\\n")'], probeEnv(file))
    return readProbe(file)
  })
}

/** repeat calls fn `times` times, one after the other, and returns the results in order. */
export async function repeat<T>(times: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = []
  for (let i = 0; i < times; i++) out.push(await fn(i))
  return out
}
