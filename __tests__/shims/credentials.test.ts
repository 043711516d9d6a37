/**
 * The bundle's stand-in for `@alicloud/credentials` (src/shims/credentials.cjs): the real index's exports, the
 * index required on first use; its Credential constructs the real one. Through the bundle, a key-based run never
 * loads the index (__tests__/e2e/bundle.test.ts: no node:child_process).
 */
import { describe, expect, it } from '@jest/globals'
import { createRequire } from 'node:module'
import { Model } from '@alicloud/tea-typescript'

const require = createRequire(import.meta.url)
type Exports = Record<string, unknown> & { default: new (...args: unknown[]) => { getCredential(): Promise<object> } }
const shim = require('../../src/shims/credentials.cjs') as Exports
const real = require('@alicloud/credentials/dist/src/client.js') as Exports

describe('@alicloud/credentials stand-in', () => {
  it('offers every export of the real index, with the interop flag the importers test', () => {
    expect(Object.keys(shim).sort()).toEqual(Object.keys(real).sort())
    expect(shim.__esModule).toBe(true)
    for (const name of Object.keys(real).filter((key) => key !== 'default')) expect(shim[name]).toBe(real[name])
  })

  it('constructs the real Credential from a config, as the client library would', async () => {
    const Config = shim.Config as new (config: object) => object
    const config = new Config({ type: 'access_key', accessKeyId: 'LTAI-id', accessKeySecret: 'secret' })
    const credential = new shim.default(config)
    expect(credential).toBeInstanceOf(real.default)
    expect(await credential.getCredential()).toMatchObject({
      accessKeyId: 'LTAI-id',
      type: 'access_key',
      providerName: 'static_ak'
    })
  })

  it('leaves a credential given to a model that names it in types() as given (and loads nothing)', () => {
    // openapi-client's Config names the index's Credential in types(), which every model constructor reads.
    class Holder extends Model {
      declare credential: unknown
      static names(): Record<string, string> {
        return { credential: 'credential' }
      }
      static types(): Record<string, unknown> {
        return { credential: shim.default }
      }
    }
    const given = { getCredential: async () => ({ accessKeyId: 'LTAI-id' }) }
    expect(new Holder({ credential: given }).credential).toBe(given)
  })
})
