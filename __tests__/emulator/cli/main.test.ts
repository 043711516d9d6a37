/**
 * The emulator's command line as a person uses it (`npm run emulator`): it explains its options, refuses bad ones,
 * binds loopback, prints its endpoint and the test credentials, serves the API, and stops cleanly on Ctrl-C.
 */
import { describe, expect, it } from '@jest/globals'
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { join } from 'node:path'
import { ROOT } from '../../../__fixtures__/action.js'
import { TEST_KEY } from '../../../__fixtures__/emulator-client.js'

const TSX = join(ROOT, 'node_modules', '.bin', 'tsx')
const CLI = join(ROOT, 'emulator', 'cli', 'main.ts')

function start(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(TSX, [CLI, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } })
}

function finish(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })))
}

/** waitFor resolves with the output once it matches `pattern` (the child keeps running). */
function waitFor(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<string> {
  let seen = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in: ${seen}`)), 15_000)
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      seen += chunk
      if (pattern.test(seen)) {
        clearTimeout(timer)
        resolve(seen)
      }
    })
  })
}

describe('npm run emulator', () => {
  it('explains every option with --help', async () => {
    const { code, stdout } = await finish(start(['--help']))
    expect(code).toBe(0)
    for (const option of ['--port', '--fixture', '--latency', '--rate-limit']) expect(stdout).toContain(option)
  })

  it('refuses a bad option value with exit code 2 and a pointer to --help', async () => {
    const { code, stderr } = await finish(start(['--port', 'eighty']))
    expect(code).toBe(2)
    expect(stderr).toMatch(/port/)
    expect(stderr).toContain('--help')
  })

  it('serves on loopback, prints the endpoint and test key, and stops cleanly on SIGINT', async () => {
    const child = start(['--port', '0'])
    const exited = finish(child)
    const banner = await waitFor(child, /Press Ctrl-C to stop\./)
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1]
    expect(url).toBeDefined()
    expect(banner).toContain(TEST_KEY.accessKeyId)
    const state = (await (await fetch(`${url}/__emulator/state`)).json()) as { groups: unknown[] }
    expect(state.groups.length).toBeGreaterThan(0)

    child.kill('SIGINT')
    const { code } = await exited
    expect(code).toBe(0)
    await expect(fetch(`${url}/__emulator/state`)).rejects.toThrow()
  })
})
