/**
 * The docs a newcomer copies from must be the files that are validated: every example workflow appears verbatim in
 * the README or in a docs/ page the README links to, and every complete workflow shown there is one of them.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../__fixtures__/action.js'

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
const linkedPages = [...new Set([...readme.matchAll(/\]\((docs\/[a-z-]+\.md)\)/g)].map((match) => match[1] as string))]
const pages = [readme, ...linkedPages.map((page) => readFileSync(join(ROOT, page), 'utf8'))]
const examples = readdirSync(join(ROOT, 'examples')).filter((name) => name.endsWith('.yml'))
const yamlBlocks = pages.flatMap((page) => [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]))

describe('README examples', () => {
  it.each(examples)('shows examples/%s verbatim in the README or a page it links to', (name) => {
    const example = readFileSync(join(ROOT, 'examples', name), 'utf8')
    expect(yamlBlocks).toContain(example)
  })

  it('shows no complete workflow that is not an example file', () => {
    const files = examples.map((name) => readFileSync(join(ROOT, 'examples', name), 'utf8'))
    const workflows = yamlBlocks.filter((block) => /^name: /m.test(block) && /^jobs:/m.test(block))
    for (const block of workflows) expect(files).toContain(block)
  })
})
