/**
 * The bundle's module ids and what each one is, for the benchmark's load-time table (bench/load-time.ts): a minified
 * bundle names its modules by number only. Written by the build per bundle (keyed by main.js's SHA-256) into
 * node_modules/.cache/wuying-ota-action/modules/, outside dist/: nothing a run needs.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** ModuleMap is one bundle's module ids and names. */
export interface ModuleMap {
  readonly main: string
  readonly modules: Record<string, string>
}

/** mapDir is where the maps are kept. */
export function mapDir(root: string): string {
  return join(root, 'node_modules', '.cache', 'wuying-ota-action', 'modules')
}

/** bundleKey returns the key of a bundle's map: main.js's SHA-256. */
export function bundleKey(mainJs: string): string {
  return createHash('sha256').update(readFileSync(mainJs)).digest('hex')
}

/** moduleName shortens webpack's module name: `./node_modules/x/y.js` → `x/y.js`, `external "fs"` → `node:fs`. */
export function moduleName(name: string): string {
  const external = /^external "(?:node:)?([^"]+)"$/.exec(name)
  if (external) return `node:${external[1]}`
  return name.replace(/(?:\.\.\/)*(?:[\w.-]+\/)*?node_modules\//g, '').replace(/^\.\//, '')
}

/** writeModuleMap writes the map of the bundle `mainJs` from ncc's webpack stats and returns its path. */
export function writeModuleMap(
  root: string,
  mainJs: string,
  modules: readonly { id?: string | number | null; name?: string }[]
): string {
  const map: ModuleMap = {
    main: bundleKey(mainJs),
    modules: Object.fromEntries(
      modules.filter((m) => m.id !== undefined && m.id !== null && m.name).map((m) => [String(m.id), moduleName(m.name ?? '')])
    )
  }
  const dir = mapDir(root)
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${map.main.slice(0, 16)}.json`)
  writeFileSync(path, JSON.stringify(map) + '\n')
  return path
}

/** readModuleMap returns the map of the bundle `mainJs` if the build wrote one. */
export function readModuleMap(root: string, mainJs: string): ModuleMap | undefined {
  const key = bundleKey(mainJs)
  const path = join(mapDir(root), `${key.slice(0, 16)}.json`)
  if (!existsSync(path)) return undefined
  const map = JSON.parse(readFileSync(path, 'utf8')) as ModuleMap
  return map.main === key ? map : undefined
}
