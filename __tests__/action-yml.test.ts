import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { actionYml, ROOT } from '../__fixtures__/action.js'
import { EXPRESSION_DEFAULTS } from '../src/inputs/github.js'
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
        .filter(([, spec]) => !spec.required && !(spec.default ?? '').includes('${{'))
        .map(([name, spec]) => [name, spec.default ?? ''])
    )
    const literal = Object.fromEntries(Object.entries(INPUT_DEFAULTS).filter(([name]) => !(name in EXPRESSION_DEFAULTS)))
    expect(declared).toEqual(literal)
  })

  it('declares as expressions only the defaults the code replaces by their variable, and applies none of them itself', () => {
    const expressions = Object.fromEntries(
      Object.entries(yml.inputs)
        .filter(([, spec]) => (spec.default ?? '').includes('${{'))
        .map(([name, spec]) => [name, spec.default])
    )
    expect(expressions).toEqual(EXPRESSION_DEFAULTS)
    // Run by hand the input arrives empty; readInputs then reads the variable (src/inputs/github.ts), never the text.
    for (const name of Object.keys(EXPRESSION_DEFAULTS)) expect(INPUT_DEFAULTS).toHaveProperty(name, '')
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

  it('leads with a uses: step, then the two commands a newcomer needs, all within the first screen', () => {
    const firstScreen = readme.split('\n').slice(0, 40).join('\n')
    const step = firstScreen.indexOf('- uses: wuying-ota-action/wuying-ota-action@v1')
    const tryIt = firstScreen.indexOf('\n## Try it locally\n')
    expect(step).toBeGreaterThan(0)
    expect(tryIt).toBeGreaterThan(step)
    expect(firstScreen.slice(tryIt)).toContain('npm ci && npm start')
    expect(firstScreen.slice(tryIt)).toContain('npm test')
  })

  it('stays within 25 KB', () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(25_000)
  })
})
