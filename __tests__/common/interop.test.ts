import { describe, expect, it } from '@jest/globals'
import { commonJsDefault } from '../../src/common/interop.js'

describe('commonJsDefault', () => {
  class Exported {}

  it('takes the class itself where the default import is the class (the ncc bundle)', () => {
    // The bundle's default import is the class, which has no `default` of its own.
    const bundled = Exported as unknown as { default: typeof Exported }
    expect(commonJsDefault(bundled)).toBe(Exported)
  })

  it("takes the module object's default where the default import is the module (Node, jest)", () => {
    expect(commonJsDefault({ default: Exported, other: 1 })).toBe(Exported)
  })
})
