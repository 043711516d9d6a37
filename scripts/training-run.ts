/**
 * The training run the build makes dist/'s code cache with (scripts/code-cache.ts): the action approving one group of
 * the sample fleet on the emulator, on loopback, as `npm start` does. Its path (inputs, credentials, one lookup, one
 * approval, outputs, summary) is what most runs take, so its functions are in the cache; a run that takes another
 * path compiles the rest as it would without a cache. The emulator is reset before each run, so that the two runs
 * the build compares take the same path.
 */
import { TEST_KEY } from '../__fixtures__/emulator-client.js'
import { inputEnv } from '../emulator/cli/runner.js'
import { startEmulator } from '../emulator/index.js'
import type { TrainingRun } from './code-cache.js'

/** TRAINING_GROUP is the sample fleet's group the training run approves (one pending update, cn-hangzhou). */
const TRAINING_GROUP = { id: 'aig-hzdesign01', region: 'cn-hangzhou' }

/** withTrainingRun starts the emulator, gives `fn` the training run against it, and stops the emulator. */
export async function withTrainingRun<T>(fn: (training: TrainingRun) => Promise<T>): Promise<T> {
  const emu = await startEmulator()
  try {
    return await fn({
      env: inputEnv({
        endpoint: emu.url,
        'access-key-id': TEST_KEY.accessKeyId,
        'access-key-secret': TEST_KEY.accessKeySecret,
        'app-instance-group-id': TRAINING_GROUP.id,
        'biz-region-id': TRAINING_GROUP.region
      }),
      before: () => emu.reset()
    })
  } finally {
    await emu.close()
  }
}
