/** The end-to-end tests' way to run the built action: see emulator/cli/runner.ts, shared with `npm start`. */
export { actionYml, DIST_ENTRY, parseOutputFile, ROOT, runAction, RUNNER_GITHUB_TOKEN } from '../emulator/cli/runner.js'
export type { ActionRun, RunOptions } from '../emulator/cli/runner.js'
