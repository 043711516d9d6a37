/**
 * The load time by module: single-group runs of an instrumented copy of the bundle (bench/load-time.ts), so that a
 * regression in start-up shows which module it came from.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../emulator/cli/runner.js'
import { startEmulator } from '../../emulator/index.js'
import { fleetFixture } from '../fleet.js'
import { naRow, progress, singleRun, type Context } from '../harness.js'
import { byModule, instrument, LOAD_PROBE, type LoadReport } from '../load-time.js'
import { repeat, withTempDir } from '../measure.js'
import { ms } from '../report.js'

/** TOP is how many modules the table lists. */
const TOP = 12

/** moduleLoadTimes adds the slowest modules to load (median self time over opts.moduleRuns runs) to the table. */
export async function moduleLoadTimes(ctx: Context): Promise<void> {
  const { opts, rows } = ctx
  const section = 'load time by module (instrumented copy, compiled without the code cache)'
  await withTempDir(async (dir) => {
    const entry = instrument(opts.dist, join(dir, 'dist'))
    if (entry === undefined) {
      rows.push(naRow(section, 'modules', new Error('the bundle has no ncc runtime to instrument')))
      return
    }
    const emu = await startEmulator({ fixture: fleetFixture(1) })
    try {
      const reports = await repeat(opts.moduleRuns, async (i) => {
        progress(`load time by module ${i + 1}/${opts.moduleRuns}`)
        const file = join(dir, `load-${i}.json`)
        await singleRun(emu, { ...opts, dist: entry }, 0, { NODE_OPTIONS: `--require ${LOAD_PROBE}`, BENCH_LOAD_FILE: file })
        return JSON.parse(readFileSync(file, 'utf8')) as LoadReport
      })
      const { modules, total, first } = byModule(ROOT, opts.dist, reports)
      rows.push({
        section,
        figure: `all ${modules.length} modules' own top-level code`,
        value: ms(total),
        baseline: `first module at ${ms(first)} after process start (median of ${reports.length} runs)`,
        ratio: '',
        goal: '',
        verdict: '',
        data: { total, first, modules }
      })
      for (const m of modules.slice(0, TOP)) {
        rows.push({
          section,
          figure: m.name,
          value: `${m.ms.toFixed(1)} ms`,
          baseline: `id ${m.id}`,
          ratio: '',
          goal: '',
          verdict: ''
        })
      }
    } finally {
      await emu.close()
    }
  })
}
