/**
 * The bundle's stand-in for @actions/exec (src/shims/exec.ts): the real module's exec and getExecOutput, loaded by
 * the first call.
 */
import { describe, expect, it } from '@jest/globals'
import { exec, getExecOutput } from '../../src/shims/exec.js'

describe('@actions/exec stand-in', () => {
  it('runs a process through the real getExecOutput', async () => {
    const output = await getExecOutput(process.execPath, ['-e', 'process.stdout.write("hello")'], { silent: true })
    expect(output).toEqual({ exitCode: 0, stdout: 'hello', stderr: '' })
  })

  it('runs a process through the real exec, which rejects on a non-zero exit', async () => {
    await expect(exec(process.execPath, ['-e', ''], { silent: true })).resolves.toBe(0)
    await expect(exec(process.execPath, ['-e', 'process.exit(3)'], { silent: true })).rejects.toThrow(/exit code 3/)
  })
})
