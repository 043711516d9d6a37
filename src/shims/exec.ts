/**
 * What `@actions/exec` resolves to in the bundle (tsconfig.json `paths`, which ncc's resolver applies to every
 * import, dependencies' included). `@actions/core` imports it at top level for its `platform` module, which runs a
 * process only when asked for OS details (the action never asks); the real module, with `@actions/io` and
 * child_process, is loaded on the first call instead of at start-up.
 */
import type * as Exec from '../../node_modules/@actions/exec/lib/exec.js'

type RealExec = typeof Exec
let real: Promise<RealExec> | undefined

// A relative path: the package's `exports` map has only ".", which `paths` sends back here.
const load = (): Promise<RealExec> => (real ??= import('../../node_modules/@actions/exec/lib/exec.js'))

/** exec is @actions/exec's exec, loaded on first use. */
export async function exec(...args: Parameters<RealExec['exec']>): ReturnType<RealExec['exec']> {
  return (await load()).exec(...args)
}

/** getExecOutput is @actions/exec's getExecOutput, loaded on first use. */
export async function getExecOutput(...args: Parameters<RealExec['getExecOutput']>): ReturnType<RealExec['getExecOutput']> {
  return (await load()).getExecOutput(...args)
}
