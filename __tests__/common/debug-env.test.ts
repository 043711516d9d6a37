import { describe, expect, it } from '@jest/globals'
import { quietDebug } from '../../src/common/debug-env.js'

describe('quietDebug', () => {
  it.each<{ value: string | undefined; expected: string | undefined }>([
    { value: undefined, expected: undefined },
    { value: '', expected: '' },
    { value: '  ', expected: '  ' },
    { value: '*', expected: '*,-httpx:*' },
    { value: 'httpx:*', expected: 'httpx:*,-httpx:*' },
    { value: 'httpx:header,httpx:body', expected: 'httpx:header,httpx:body,-httpx:*' },
    { value: 'express:*', expected: 'express:*,-httpx:*' }
  ])('turns DEBUG=$value into $expected', ({ value, expected }) => {
    expect(quietDebug(value)).toBe(expected)
  })
})
