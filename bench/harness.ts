/**
 * Running the action for the benchmark: one single-group run, one fleet run, the reference client, and the
 * interleaving of each measured run with a bare `node` run; plus the context every section adds its rows to.
 */
import { fileURLToPath } from 'node:url'
import { TEST_KEY } from '../__fixtures__/emulator-client.js'
import { type Emulator } from '../emulator/index.js'
import { ROOT, runAction, type ActionRun } from '../emulator/cli/runner.js'
import { benchGroupId, fleetIds, FLEET_REGION } from './fleet.js'
import { bareNode, summarize, type Samples } from './measure.js'
import { type Options } from './options.js'
import { type Goal, type Row } from './report.js'

/** progress writes a step to stderr, so that stdout holds only the report. */
export const progress = (text: string): void => void process.stderr.write(`  · ${text}\n`)

/** keyInputs returns the inputs of a run with the fleet's access key against `emu`. */
export function keyInputs(emu: Emulator): Record<string, string> {
  return {
    endpoint: emu.url,
    'access-key-id': TEST_KEY.accessKeyId,
    'access-key-secret': TEST_KEY.accessKeySecret,
    'biz-region-id': FLEET_REGION
  }
}

/** What one run did, from its exit and the emulator's log. */
export interface Measured {
  readonly ms: number
  readonly requests: number
  readonly connections: number
  readonly byAction: Record<string, number>
  readonly run: ActionRun
}

/** fromLog returns what a run did, read from its exit and the emulator's request log. */
export function fromLog(emu: Emulator, run: ActionRun): Measured {
  const log = emu.requests()
  const byAction: Record<string, number> = {}
  for (const entry of log) byAction[entry.action] = (byAction[entry.action] ?? 0) + 1
  return { ms: run.ms, requests: log.length, connections: new Set(log.map((e) => e.connection)).size, byAction, run }
}

/** describeFailure returns a one-line account of a failed run: exit code, `code` output and the error. */
export function describeFailure(run: ActionRun): string {
  const error = run.stdout.split('\n').find((line) => line.startsWith('::error::'))
  const text = error?.slice('::error::'.length) ?? lastLines(run.stderr)
  return oneLine(`exit ${run.exitCode}, code ${run.outputs.code ?? 'none'}: ${text}`)
}

/** lastLines returns the end of a stack trace or log, where the error's name and message usually are. */
function lastLines(text: string): string {
  const lines = text
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^\s+at /.test(line))
  return lines.slice(-2).join(' ')
}

/** oneLine collapses whitespace (a table cell has one line) and cuts at `max` characters. */
function oneLine(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** approvedOrThrow returns a run that exited 0 with `approved: true`, and throws naming `what` and how it failed otherwise. */
function approvedOrThrow(what: string, run: ActionRun): ActionRun {
  if (run.exitCode !== 0 || run.outputs.approved !== 'true') throw new Error(`${what} run failed: ${describeFailure(run)}`)
  return run
}

/** singleRun runs the action for benchmark group n on a freshly reset emulator; throws unless it approved. */
export async function singleRun(emu: Emulator, opts: Options, n = 0, env: Record<string, string> = {}): Promise<Measured> {
  emu.reset()
  const run = await runAction(
    { ...keyInputs(emu), 'app-instance-group-id': benchGroupId(n) },
    { node: opts.node, entry: opts.dist, env, timeoutMs: 60_000 }
  )
  return fromLog(emu, approvedOrThrow('single-group', run))
}

/** REFERENCE is the minimal client that times what any implementation must do for one group (see the file). */
const REFERENCE = fileURLToPath(new URL('reference.cjs', import.meta.url))

/** referenceRun spawns the reference client like the action and returns its wall time. */
export async function referenceRun(emu: Emulator, opts: Options): Promise<number> {
  const run = await runAction(
    {},
    { node: opts.node, entry: REFERENCE, env: { BENCH_TARGET: emu.url }, applyDefaults: false, timeoutMs: 60_000 }
  )
  return approvedOrThrow('reference', run).ms
}

/** requiredStackRun runs the required stack (bench/required-stack/, built) for benchmark group 0; returns its wall time. */
export async function requiredStackRun(emu: Emulator, opts: Options, entry: string): Promise<number> {
  emu.reset()
  const run = await runAction(
    { ...keyInputs(emu), 'app-instance-group-id': benchGroupId(0) },
    { node: opts.node, entry, applyDefaults: false, timeoutMs: 60_000 }
  )
  return approvedOrThrow('required-stack', run).ms
}

/** fleetRun runs the action for the first `size` groups at once; `approved` is what the emulator saw approved. */
export async function fleetRun(
  emu: Emulator,
  opts: Options,
  size: number
): Promise<Measured & { approved: number; ok: boolean }> {
  emu.reset()
  const run = await runAction(
    {
      ...keyInputs(emu),
      'app-instance-group-id': fleetIds(size),
      ...(opts.concurrency === undefined ? {} : { concurrency: String(opts.concurrency) })
    },
    { node: opts.node, entry: opts.dist, timeoutMs: 600_000 }
  )
  const approved = emu.state().tasks.length
  return { ...fromLog(emu, run), approved, ok: run.exitCode === 0 && approved === size }
}

/** paired runs `runs` rounds of (bare node, measured run), interleaved, and returns both series. */
export async function paired<T>(
  opts: Options,
  runs: number,
  label: string,
  fn: (i: number) => Promise<T>
): Promise<{ bare: Samples; results: T[] }> {
  const bare: number[] = []
  const results: T[] = []
  for (let i = 0; i < runs; i++) {
    progress(`${label} ${i + 1}/${runs}`)
    bare.push(await bareNode(opts.node))
    results.push(await fn(i))
  }
  return { bare: summarize(bare), results }
}

/** Runtime is one Node the action is measured under: its binary (also `opts.node`), `node --version`, major. */
export interface Runtime {
  readonly node: string
  readonly version: string
  readonly major: number
}

/** targetFor returns the goal a figure has under `runtime`: the value for its major, or none. */
export function targetFor(runtime: Runtime, byMajor: Readonly<Record<number, number>>): number | undefined {
  return byMajor[runtime.major]
}

/** Context is what every section reads (the options, the runtime) and adds to (rows, goals, floor checks). */
export interface Context {
  readonly opts: Options
  readonly runtime: Runtime
  readonly rows: Row[]
  readonly goals: Goal[]
  readonly floorChecks: { figure: string; ratio: number | undefined; note?: string }[]
}

/** naRow returns the row of a figure that could not be measured, with the reason. */
export function naRow(section: string, figure: string, error: unknown): Row {
  const message = error instanceof Error ? error.message : String(error)
  return { section, figure, value: `not available (${oneLine(message, 160)})`, baseline: '', ratio: '', goal: '', verdict: 'n/a' }
}

/** relative returns a path relative to the repository root, for display. */
export function relative(path: string): string {
  return path.startsWith(ROOT) ? path.slice(ROOT.length) : path
}
