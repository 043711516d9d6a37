import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { actionYml, ROOT } from '../__fixtures__/action.js'
import { INPUT_DEFAULTS } from '../src/inputs/read.js'

const yml = actionYml()
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')

/** Rows of the first markdown table after `## <heading>`, as arrays of cell texts without backticks. */
function readmeTable(heading: string): string[][] {
  const section = readme.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0]
  if (!section) throw new Error(`README has no "## ${heading}" section`)
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim().replace(/^`(.*)`$/, '$1'))
    )
  return rows.slice(2)
}

describe('action.yml', () => {
  it('runs dist/index.js on node24', () => {
    expect(yml.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it.each(Object.entries(yml.inputs))('describes input %s and names it in kebab-case', (name, spec) => {
    expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/)
    expect(spec.description.trim().length).toBeGreaterThan(20)
  })

  it.each(Object.entries(yml.outputs))('describes output %s and names it in kebab-case', (name, spec) => {
    expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/)
    expect(spec.description.trim().length).toBeGreaterThan(20)
  })

  it('declares exactly the defaults the code applies when run without the runner', () => {
    const declared = Object.fromEntries(
      Object.entries(yml.inputs)
        .filter(([, spec]) => !spec.required)
        .map(([name, spec]) => [name, spec.default ?? ''])
    )
    expect(declared).toEqual(INPUT_DEFAULTS)
  })
})

describe('README', () => {
  it('lists the inputs of action.yml with the same required flags and defaults', () => {
    const rows = readmeTable('Inputs').map(([name, required, def]) => ({ name, required: required === 'yes', default: def }))
    const expected = Object.entries(yml.inputs).map(([name, spec]) => ({
      name,
      required: spec.required === true,
      default: spec.default ?? ''
    }))
    expect(rows).toEqual(expected)
  })

  it('lists the outputs of action.yml', () => {
    expect(readmeTable('Outputs').map(([name]) => name)).toEqual(Object.keys(yml.outputs))
  })

  it('starts with the two commands a newcomer needs', () => {
    const firstLines = readme.split('\n').slice(0, 6).join('\n')
    expect(firstLines).toContain('npm ci && npm start')
    expect(firstLines).toContain('npm test')
  })
})
