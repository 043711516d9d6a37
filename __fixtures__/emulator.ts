/**
 * One emulator per test file: started before the file's tests, reset before each test (state, request log,
 * faults, nonces and latency back to the start), closed after the file.
 */
import { afterAll, beforeAll, beforeEach } from '@jest/globals'
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/index.js'

/** useEmulator registers the file's hooks and hands the started emulator to `bind` (e.g. `(e) => (emu = e)`). */
export function useEmulator(bind: (emulator: Emulator) => void, options: EmulatorOptions = {}): void {
  let emulator: Emulator | undefined
  beforeAll(async () => {
    emulator = await startEmulator(options)
    bind(emulator)
  })
  afterAll(async () => {
    await emulator?.close()
  })
  beforeEach(() => {
    emulator?.reset()
    emulator?.setLatency(options.latencyMs ?? 0)
  })
}
