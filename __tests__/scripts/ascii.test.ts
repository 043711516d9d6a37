import { describe, expect, it } from '@jest/globals'
import { runInNewContext } from 'node:vm'
import { asciiOnly } from '../../scripts/ascii.js'

describe('asciiOnly', () => {
  it('writes every non-ASCII code unit as an escape, so the file is ASCII', () => {
    const code = "const a = '3.0.0 → 3.1.0', b = `${a}…`, c = /[≥·]/u // naïve 😀"
    const escaped = asciiOnly(code)
    expect(escaped).not.toMatch(/[\u0080-\uffff]/)
    expect(escaped).toContain("'3.0.0 \\u2192 3.1.0'")
    expect(escaped).toContain('\\ud83d\\ude00')
    expect(asciiOnly('plain ascii')).toBe('plain ascii')
  })

  it('keeps the meaning of string, template and regular-expression literals', () => {
    const code = "({ s: 'a → b', t: `${1}…${2}`, r: /^[≥·]+$/.test('≥·'), u: /😀/u.test('😀'), n: 'naïve'.length })"
    expect(runInNewContext(asciiOnly(code))).toEqual(runInNewContext(code))
    expect(runInNewContext(asciiOnly(code))).toEqual({ s: 'a → b', t: '1…2', r: true, u: true, n: 5 })
  })
})
