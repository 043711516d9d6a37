/**
 * The house rules of the layout: src/ is index.ts, main.ts and one folder per stage; no source file passes 300 lines;
 * and the layer rules that `npm run lint` checks (.dependency-cruiser.cjs) pass on the tree and bite on a forbidden
 * import, proved on a copy of src/ so the working tree is never touched.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { ESLint } from 'eslint'

const ROOT = join(import.meta.dirname, '..')
const STAGES = ['common', 'credentials', 'inputs', 'ota', 'report', 'wuying']
const MAX_LINES = 300

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path)
    return /\.(ts|mts|cts|mjs|cjs)$/.test(entry.name) ? [path] : []
  })
}

/** depcruise runs the layer rules on `root`'s src/ with the project's configuration; returns its exit code and output. */
function depcruise(root: string): { status: number | null; output: string } {
  const bin = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs')
  const result = spawnSync(process.execPath, [bin, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000
  })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

/** copyProject returns a temporary copy of what the layer check reads: src/, its configuration and tsconfig. */
function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wuying-layers-'))
  for (const name of ['src', '.dependency-cruiser.cjs', 'tsconfig.json', 'package.json']) {
    cpSync(join(ROOT, name), join(dir, name), { recursive: true })
  }
  // The copy resolves packages from the project's own node_modules.
  cpSync(join(ROOT, 'node_modules', '.package-lock.json'), join(dir, 'node_modules', '.package-lock.json'))
  return dir
}

describe('the layout of src/', () => {
  it('has only index.ts, main.ts and the stage folders at its top', () => {
    const top = readdirSync(join(ROOT, 'src')).sort()
    expect(top.filter((name) => statSync(join(ROOT, 'src', name)).isFile())).toEqual(['index.ts', 'main.ts'])
    expect(top.filter((name) => statSync(join(ROOT, 'src', name)).isDirectory())).toEqual(expect.arrayContaining(STAGES))
  })

  it('keeps every source file of src/, emulator/ and bench/ within 300 lines', () => {
    const long = ['src', 'emulator', 'bench']
      .flatMap((dir) => sourceFiles(join(ROOT, dir)))
      .map((file) => ({ file: relative(ROOT, file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES)
    expect(long).toEqual([])
  })

  it('is the tree docs/architecture.md describes: every folder of src/ and emulator/ named, none that is gone', () => {
    const page = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8')
    for (const top of ['src', 'emulator']) {
      const folders = readdirSync(join(ROOT, top), { withFileTypes: true }).filter(
        (e) => e.isDirectory() && e.name !== 'fixtures'
      )
      for (const folder of folders) expect(page).toContain(`${top}/${folder.name}/`)
      const named = [...page.matchAll(new RegExp(`${top}/([a-z-]+)/`, 'g'))].map((m) => m[1] as string)
      for (const name of new Set(named)) expect(statSync(join(ROOT, top, name)).isDirectory()).toBe(true)
    }
  })

  it('makes src/index.ts call run() from main.ts and nothing else', () => {
    const index = readFileSync(join(ROOT, 'src', 'index.ts'), 'utf8')
    expect(index).toMatch(/import \{ run \} from '\.\/main\.js'/)
    expect(
      index.match(/^import .*$/gm)?.filter((line) => !line.includes('./main.js') && !line.includes('quiet-library'))
    ).toEqual([])
  })
})

describe('the layer rules (npm run lint)', () => {
  it('pass on the tree as it is', () => {
    const { status, output } = depcruise(ROOT)
    expect(output).toContain('no dependency violations found')
    expect(status).toBe(0)
  }, 60_000)

  it.each([
    {
      name: 'a low layer importing main.ts',
      file: 'src/common/log.ts',
      line: "import '../main.js'",
      rule: 'common-imports-later-stage'
    },
    {
      name: 'inputs importing the OTA stage',
      file: 'src/inputs/groups.ts',
      line: "import '../ota/pool.js'",
      rule: 'inputs-imports-later-stage'
    },
    {
      name: 'the OTA stage importing the report',
      file: 'src/ota/pool.ts',
      line: "import '../report/outputs.js'",
      rule: 'ota-imports-later-stage'
    }
  ])(
    'fail on $name',
    ({ file, line, rule }) => {
      const copy = copyProject()
      try {
        const path = join(copy, file)
        writeFileSync(path, `${line}\n${readFileSync(path, 'utf8')}`)
        const { status, output } = depcruise(copy)
        expect(output).toContain(rule)
        expect(status).not.toBe(0)
      } finally {
        rmSync(copy, { recursive: true, force: true })
      }
    },
    60_000
  )
})

describe('the re-export rule (npm run lint)', () => {
  it("refuses a module that re-exports another module's names", async () => {
    const eslint = new ESLint({ cwd: ROOT })
    const source = "export { mapPool } from './pool.js'\nexport * from './run.js'\n"
    const [result] = await eslint.lintText(source, { filePath: join(ROOT, 'src', 'ota', 'probe.ts') })
    const messages = result?.messages.filter((message) => message.ruleId === 'no-restricted-syntax') ?? []
    expect(messages.map((message) => message.message)).toEqual([
      'no re-exports: import the name from the module that defines it',
      'no re-exports: import the name from the module that defines it'
    ])
  }, 60_000)
})
