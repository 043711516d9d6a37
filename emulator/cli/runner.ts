/**
 * Runs the built action (`dist/index.js`) the way the GitHub runner does: a fresh `node` process with
 * `INPUT_*` variables (hyphens kept, upper-cased), action.yml defaults applied for inputs not given, and
 * `GITHUB_OUTPUT` / `GITHUB_STEP_SUMMARY` files that are parsed back afterwards. Used by the end-to-end
 * tests, `npm start` and the benchmark.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { EXPRESSION_DEFAULTS } from '../../src/inputs/github.js'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const DIST_ENTRY = join(ROOT, 'dist', 'index.js')

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string }
}

/** actionYml returns the parsed action.yml. */
export function actionYml(): ActionYml {
  return parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml
}

export interface RunOptions {
  /** Extra environment (credentials, RUNNER_TEMP overrides...). The host's environment is not inherited. */
  readonly env?: Readonly<Record<string, string>>
  /** Apply action.yml defaults to inputs not given, as the runner does (default true). */
  readonly applyDefaults?: boolean
  /** The node binary; default this process's, or ACTION_NODE when set (to run under another Node). */
  readonly node?: string
  readonly timeoutMs?: number
  /** Called with each chunk of the action's stdout and stderr as it arrives (for live display). */
  readonly onOutput?: (chunk: string) => void
  /** The bundle to run; default DIST_ENTRY (the benchmark compares a candidate build with it). */
  readonly entry?: string
  /** Aborting it sends `killSignal` to the action, as the runner does when a job is cancelled. */
  readonly signal?: AbortSignal
  /** The signal an abort sends; default SIGTERM. */
  readonly killSignal?: NodeJS.Signals
}

export interface ActionRun {
  readonly exitCode: number | null
  readonly stdout: string
  readonly stderr: string
  readonly outputs: Record<string, string>
  readonly summary: string
  /** stdout, stderr, the output file and the summary file, for "never appears anywhere" checks. */
  readonly everything: string
  readonly ms: number
}

/** parseOutputFile reads the runner's `name<<delimiter` heredoc format (and plain `name=value` lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line === '') continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i])
      if (i >= lines.length) throw new Error(`output ${name}: delimiter ${delimiter} never closed`)
      outputs[name] = value.join('\n')
      continue
    }
    const eq = line.indexOf('=')
    if (eq < 0) throw new Error(`unparseable GITHUB_OUTPUT line: ${line}`)
    outputs[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return outputs
}

/** inputEnv returns the `INPUT_*` variables through which the runner hands a step its inputs (as @actions/core reads them). */
export function inputEnv(inputs: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value])
  )
}

/** RUNNER_GITHUB_TOKEN is the job's token as this runner stands in for it: what `${{ github.token }}` gives. */
export const RUNNER_GITHUB_TOKEN = 'ghs_EmulatorJobToken0000000000000000000'

/**
 * evaluateDefault returns an input's default as the runner passes it: the runner evaluates the expressions a default
 * holds, and action.yml's are those EXPRESSION_DEFAULTS lists, the job's token. Any other expression is refused rather
 * than passed on verbatim, which no runner would do.
 */
function evaluateDefault(name: string, text: string): string {
  if (!text.includes('${{')) return text
  if (name === 'github-token' && text === EXPRESSION_DEFAULTS['github-token']) return RUNNER_GITHUB_TOKEN
  throw new Error(`action.yml: the default of ${name} holds an expression this runner cannot evaluate: ${text}`)
}

/** runAction spawns `node dist/index.js` with the given inputs and returns what the runner would see. */
export async function runAction(inputs: Readonly<Record<string, string>>, options: RunOptions = {}): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), 'wuying-ota-action-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  const merged: Record<string, string> = {}
  if (options.applyDefaults !== false) {
    for (const [name, spec] of Object.entries(actionYml().inputs)) merged[name] = evaluateDefault(name, spec.default ?? '')
  }
  Object.assign(merged, inputs)
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_REPOSITORY: 'octo-org/fleet-config',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'release',
    RUNNER_TEMP: dir,
    ...options.env
  }
  Object.assign(env, inputEnv(merged))

  const started = Date.now()
  const child = spawn(options.node ?? process.env.ACTION_NODE ?? process.execPath, [options.entry ?? DIST_ENTRY], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.signal ? { signal: options.signal, killSignal: options.killSignal ?? 'SIGTERM' } : {})
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    options.onOutput?.(chunk)
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
    options.onOutput?.(chunk)
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000)
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    // An abort is the caller's own doing: the exit code (null, killed) tells the rest.
    child.on('error', (error) => (error.name === 'AbortError' ? undefined : reject(error)))
    child.on('close', (code) => resolve(code))
  }).finally(() => clearTimeout(timer))
  const ms = Date.now() - started
  const outputText = await readFile(outputFile, 'utf8')
  const summary = await readFile(summaryFile, 'utf8')
  await rm(dir, { recursive: true, force: true })
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputFile(outputText),
    summary,
    everything: [stdout, stderr, outputText, summary].join('\n'),
    ms
  }
}
