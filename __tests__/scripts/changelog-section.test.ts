import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../__fixtures__/action.js'
import { changelogSection } from '../../scripts/changelog-section.js'

const CHANGELOG = [
  '# Changelog',
  '',
  '## Unreleased',
  '',
  '## 1.1.0 - 2026-12-20',
  '',
  '- Something new.',
  '',
  '## 1.0.0 - 2026-12-02',
  '',
  '### Added',
  '',
  '- The first release.',
  '',
  '## [0.1.0] - 2026-11-28',
  '',
  '- A preview.',
  ''
].join('\n')

describe('changelogSection', () => {
  it.each([
    { version: '1.1.0', expected: '- Something new.' },
    { version: '1.0.0', expected: '### Added\n\n- The first release.' },
    { version: '0.1.0', expected: '- A preview.' }
  ])('returns the notes of $version up to the next version', ({ version, expected }) => {
    expect(changelogSection(CHANGELOG, version)).toBe(expected)
  })

  it.each([
    { name: 'a version without a section', text: CHANGELOG, version: '2.0.0', error: 'has no "## 2.0.0 - YYYY-MM-DD" section' },
    { name: 'a section without a date', text: '## 2.0.0\n\n- x\n', version: '2.0.0', error: 'has no date' },
    { name: 'an empty section', text: '## 2.0.0 - 2027-01-01\n\n## 1.0.0 - 2026-12-02\n', version: '2.0.0', error: 'is empty' },
    { name: 'a prefix of another version', text: '## 1.0.10 - 2027-01-01\n\n- x\n', version: '1.0.1', error: 'has no' }
  ])('throws for $name', ({ text, version, error }) => {
    expect(() => changelogSection(text, version)).toThrow(error)
  })

  it('finds the notes of package.json’s version in CHANGELOG.md', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    expect(changelogSection(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'), version).length).toBeGreaterThan(100)
  })
})
