/**
 * Where the load time goes, module by module: a copy of the bundle whose ncc runtime (`__nccwpck_require__`) times
 * each module's factory, run with bench/load-probe.cjs. The copy's main.js differs from the one the code cache was
 * made for, so these runs compile without it: the table shows relative weights, not the cached run's times.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { readModuleMap } from '../scripts/module-map.js'
import { median } from './measure.js'

const REQUIRE = 'function __nccwpck_require__('
// Replaces ncc's require with a timing one: self time per module id (time in nested requires subtracted).
const TIMED =
  'var __benchLoad=globalThis.__benchLoad={self:{},first:undefined,depth:[]};' +
  'function __nccwpck_require__(id){var L=__benchLoad,t0=performance.now();' +
  'if(L.first===undefined){L.first=t0;L.require=__nccwpck_require__}L.depth.push(0);' +
  'try{return __nccwpck_require_untimed__(id)}finally{var d=performance.now()-t0,c=L.depth.pop();' +
  'L.self[id]=(L.self[id]||0)+d-c;if(L.depth.length)L.depth[L.depth.length-1]+=d}}' +
  'function __nccwpck_require_untimed__('

/** LOAD_PROBE is the preload that writes the timings (see the file). */
export const LOAD_PROBE = join(import.meta.dirname, 'load-probe.cjs')

/** bundleOf returns the file holding the ncc runtime: main.js beside a loader, or the entry itself. */
export function bundleOf(entry: string): string {
  const main = join(dirname(entry), 'main.js')
  return existsSync(main) ? main : entry
}

/** instrument copies the entry's directory into `into` with the timing require; the copy's entry, or undefined without an ncc runtime. */
export function instrument(entry: string, into: string): string | undefined {
  const bundle = bundleOf(entry)
  const code = readFileSync(bundle, 'utf8')
  if (!code.includes(REQUIRE)) return undefined
  cpSync(dirname(entry), into, { recursive: true })
  writeFileSync(join(into, basename(bundle)), code.replace(REQUIRE, TIMED))
  return join(into, basename(entry))
}

/** LoadReport is what load-probe.cjs wrote for one run. */
export interface LoadReport {
  readonly instrumented: boolean
  readonly first?: number
  readonly exit?: number
  readonly self?: Record<string, number>
  readonly builtins?: Record<string, string>
}

/** ModuleTime is one module's median self time over the runs. */
export interface ModuleTime {
  readonly id: string
  readonly name: string
  readonly ms: number
}

/** byModule returns every module's median self time over the runs, slowest first, named from the build's map where it has one. */
export function byModule(
  root: string,
  entry: string,
  reports: readonly LoadReport[]
): { modules: ModuleTime[]; total: number; first: number } {
  const map = readModuleMap(root, bundleOf(entry))?.modules ?? {}
  const ids = new Set(reports.flatMap((r) => Object.keys(r.self ?? {})))
  const builtins = Object.assign({}, ...reports.map((r) => r.builtins ?? {})) as Record<string, string>
  const modules = [...ids]
    .map((id) => ({ id, name: map[id] ?? builtins[id] ?? `module ${id}`, ms: median(reports.map((r) => r.self?.[id] ?? 0)) }))
    .sort((a, b) => b.ms - a.ms)
  const total = median(reports.map((r) => Object.values(r.self ?? {}).reduce((sum, ms) => sum + ms, 0)))
  return { modules, total, first: median(reports.map((r) => r.first ?? NaN)) }
}
