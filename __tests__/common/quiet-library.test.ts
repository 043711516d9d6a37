import { describe, expect, it } from '@jest/globals'
import { BUNDLED_URL_PARSE, dropWarning, warningCode } from '../../src/common/quiet-library.js'

describe('warningCode', () => {
  it.each<{ form: string; warning: string | Error; rest: unknown[]; code: string | undefined }>([
    { form: 'positional (as url.parse calls it)', warning: 'm', rest: ['DeprecationWarning', 'DEP0169'], code: 'DEP0169' },
    { form: 'an options object', warning: 'm', rest: [{ type: 'DeprecationWarning', code: 'DEP0005' }], code: 'DEP0005' },
    { form: 'an Error with a code', warning: Object.assign(new Error('m'), { code: 'DEP0040' }), rest: [], code: 'DEP0040' },
    { form: 'a type only', warning: 'm', rest: ['ExperimentalWarning'], code: undefined },
    { form: 'nothing but the message', warning: 'm', rest: [], code: undefined }
  ])('reads the code of $form', ({ warning, rest, code }) => {
    expect(warningCode(warning, rest)).toBe(code)
  })
})

describe('dropWarning', () => {
  it('drops the url.parse deprecation and passes every other warning on unchanged, to the same receiver', () => {
    const received: unknown[][] = []
    const target = {
      emitWarning(this: unknown, ...args: unknown[]): void {
        expect(this).toBe(target)
        received.push(args)
      }
    }
    dropWarning(target, BUNDLED_URL_PARSE)
    target.emitWarning('`url.parse()` behavior is not standardized', 'DeprecationWarning', 'DEP0169')
    target.emitWarning('url.parse again', { type: 'DeprecationWarning', code: 'DEP0169' })
    target.emitWarning('Buffer() is deprecated', 'DeprecationWarning', 'DEP0005')
    target.emitWarning('an experimental feature', 'ExperimentalWarning')
    expect(received).toEqual([
      ['Buffer() is deprecated', 'DeprecationWarning', 'DEP0005'],
      ['an experimental feature', 'ExperimentalWarning']
    ])
  })
})
