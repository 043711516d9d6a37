import { describe, expect, it } from '@jest/globals'
import { createRequire } from 'node:module'
import { gzipSync } from 'node:zlib'
import { lazyBuiltins } from '../../scripts/lazy-builtins.js'

const nodeRequire = createRequire(import.meta.url)
// A bundle as ncc emits it: a builtin's one-line module, and a dependency that requires it at top level.
const BUNDLE = 'var m={3106:e=>{"use strict";e.exports=require("zlib")},7:(e,t,r)=>{"use strict";const z=r(3106);e.exports={z}}};'

/** load evaluates the rewritten bundle's zlib module with a require that records what it loads. */
function load(code: string): { zlib: typeof import('node:zlib'); loaded: string[] } {
  const loaded: string[] = []
  const require = (name: string): unknown => {
    loaded.push(name)
    return nodeRequire(name)
  }
  const modules = new Function('require', `${code}return m`)(require) as Record<string, (module: { exports: unknown }) => void>
  const module = { exports: undefined as unknown }
  modules[3106](module)
  return { zlib: module.exports as typeof import('node:zlib'), loaded }
}

describe('lazyBuiltins', () => {
  it('makes the builtin load on first use, not when a dependency requires it', () => {
    const { zlib, loaded } = load(lazyBuiltins(BUNDLE, ['zlib']))
    expect(loaded).toEqual([])
    const text = zlib.gunzipSync(gzipSync('compressed answer')).toString()
    expect(text).toBe('compressed answer')
    expect(loaded).toEqual(['zlib'])
    expect(typeof zlib.createGunzip).toBe('function')
    expect('constants' in zlib).toBe(true)
    expect(Object.keys(zlib)).toEqual(Object.keys(nodeRequire('zlib')))
    expect(loaded).toEqual(['zlib'])
  })

  it('fails the build when ncc emits the builtin in another form or not at all', () => {
    expect(() => lazyBuiltins(BUNDLE.replace('"use strict";', ''), ['zlib'])).toThrow('require("zlib") 0 times')
    expect(() => lazyBuiltins(BUNDLE, ['tls'])).toThrow('require("tls") 0 times')
  })

  it('leaves the rest of the bundle as it was', () => {
    const out = lazyBuiltins(BUNDLE, ['zlib'])
    expect(out.endsWith('7:(e,t,r)=>{"use strict";const z=r(3106);e.exports={z}}};')).toBe(true)
    expect(lazyBuiltins(BUNDLE, [])).toBe(BUNDLE)
  })
})
