/**
 * The ID token file must not outlive the step, also when the job is cancelled: the runner sends SIGINT, then SIGTERM,
 * and Node's default for both is to exit at once, skipping every `finally`. While the file exists, a handler removes
 * it synchronously and then lets the signal take its default course (the process ends as it would have).
 */
import { rmSync } from 'node:fs'

const SIGNALS = ['SIGINT', 'SIGTERM'] as const

/** guardFile removes `path` if the process is signalled before the returned `unguard` is called. */
export function guardFile(path: string): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    unguard()
    rmSync(path, { force: true })
    // With our handlers gone, the signal's default action ends the process with the usual status (128 + signal).
    process.kill(process.pid, signal)
  }
  const unguard = (): void => {
    for (const signal of SIGNALS) process.removeListener(signal, handler)
  }
  for (const signal of SIGNALS) process.once(signal, handler)
  return unguard
}
