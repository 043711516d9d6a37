import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ROOT } from '../../__fixtures__/action.js'
import {
  actionProblems,
  dependabotProblems,
  exampleProblems,
  MAX_DESCRIPTION_LENGTH,
  pinningProblems,
  runExpressionProblems
} from '../../scripts/metadata-rules.js'

const run = promisify(execFile)
const action = (description: string) => `name: x\ndescription: ${description}\nruns:\n  using: node24\n  main: dist/index.js\n`

describe('actionProblems', () => {
  it.each([
    { name: '124 characters', length: 124, expected: [] },
    {
      name: '125 characters',
      length: 125,
      expected: ['action.yml: description is 125 characters; GitHub Marketplace takes at most 124']
    },
    {
      name: '130 characters',
      length: 130,
      expected: ['action.yml: description is 130 characters; GitHub Marketplace takes at most 124']
    }
  ])('checks a description of $name', ({ length, expected }) => {
    expect(actionProblems('action.yml', action('d'.repeat(length)))).toEqual(expected)
  })

  it('names an input without description and an output not in kebab-case', () => {
    const text = `${action('Short.')}inputs:\n  group-id:\n    required: true\noutputs:\n  requestId:\n    description: The id.\n`
    expect(actionProblems('action.yml', text)).toEqual([
      'action.yml: input "group-id" has no description',
      'action.yml: output "requestId" is not kebab-case'
    ])
  })

  it('accepts this repository’s action.yml', () => {
    expect(actionProblems('action.yml', readFileSync(join(ROOT, 'action.yml'), 'utf8'))).toEqual([])
    expect(MAX_DESCRIPTION_LENGTH).toBeLessThan(125)
  })
})

const workflow = (steps: string) => `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`

describe('runExpressionProblems', () => {
  it('refuses a ${{ }} expression inside a run: script, naming the step', () => {
    const text = workflow('      - name: Check\n        run: test "${{ steps.ota.outputs.code }}" = success\n')
    expect(runExpressionProblems('w.yml', text)).toEqual([
      'w.yml: job build, step "Check": `run:` contains ${{ }}; pass the value through `env:`'
    ])
  })

  it('accepts the value passed through env:', () => {
    const text = workflow('      - env:\n          CODE: ${{ steps.ota.outputs.code }}\n        run: test "$CODE" = success\n')
    expect(runExpressionProblems('w.yml', text)).toEqual([])
  })
})

describe('pinningProblems', () => {
  it.each([
    { uses: 'actions/checkout@v5', problem: 'actions/checkout@v5 is not pinned by a full commit SHA' },
    {
      uses: 'actions/checkout@fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09',
      problem: 'needs its version in a comment'
    },
    { uses: 'docker://alpine:3', problem: 'docker://alpine:3 is not pinned by image digest' }
  ])('refuses uses: $uses', ({ uses, problem }) => {
    expect(pinningProblems('w.yml', workflow(`      - uses: ${uses}\n`))).toEqual([expect.stringContaining(problem)])
  })

  it.each(['actions/checkout@fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09 # v5.1.0', './', 'wuying-ota-action/wuying-ota-action@v1'])(
    'accepts uses: %s',
    (uses) => {
      expect(pinningProblems('w.yml', workflow(`      - uses: ${uses}\n`))).toEqual([])
    }
  )
})

describe('exampleProblems', () => {
  it('asks every example job for timeout-minutes and concurrency', () => {
    expect(exampleProblems('e.yml', workflow('      - run: echo\n'))).toEqual([
      'e.yml: job build has no timeout-minutes',
      'e.yml: job build has no concurrency (at the workflow or the job level)'
    ])
  })
})

describe('dependabotProblems', () => {
  const update = (ecosystem: string, interval = 'weekly') =>
    `  - package-ecosystem: ${ecosystem}\n    directory: /\n    schedule:\n      interval: ${interval}\n`

  it('accepts npm and github-actions updates', () => {
    expect(dependabotProblems('d.yml', `version: 2\nupdates:\n${update('npm')}${update('github-actions')}`)).toEqual([])
  })

  it('names a wrong version, an unknown interval and a missing ecosystem', () => {
    expect(dependabotProblems('d.yml', `version: 1\nupdates:\n${update('npm', 'hourly')}`)).toEqual([
      'd.yml: version must be 2',
      expect.stringContaining('d.yml: updates[0]: schedule.interval "hourly" is not one of daily, weekly'),
      'd.yml: updates has no package-ecosystem github-actions'
    ])
  })

  it('accepts this repository’s dependabot.yml', () => {
    const path = join(ROOT, '.github', 'dependabot.yml')
    expect(dependabotProblems(path, readFileSync(path, 'utf8'))).toEqual([])
  })
})

describe('npm run validate on a copy of the repository metadata', () => {
  let dir = ''
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wuying-validate-'))
    mkdirSync(join(dir, '.github'))
    copyFileSync(join(ROOT, '.github', 'dependabot.yml'), join(dir, '.github', 'dependabot.yml'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const validate = (description: string) => {
    writeFileSync(join(dir, 'action.yml'), action(description))
    return run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'validate-metadata.ts'), dir], { cwd: ROOT })
  }

  it('passes a 120-character description', async () => {
    const { stdout } = await validate('d'.repeat(120))
    expect(stdout).toContain('metadata valid')
  })

  it('fails a 130-character description, naming its length', async () => {
    await expect(validate('d'.repeat(130))).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('description is 130 characters')
    })
  })
})
