/**
 * The bundle's stand-in for `debug` (src/shims/debug.cjs): loggers that are never enabled and print nothing, in the
 * shapes httpx and @alicloud/credentials use, whatever DEBUG says.
 */
import { describe, expect, it, jest } from '@jest/globals'
import { createRequire } from 'node:module'

type Logger = ((...args: unknown[]) => void) & { enabled: boolean; namespace: string; extend(suffix: string): Logger }
const createDebug = createRequire(import.meta.url)('../../src/shims/debug.cjs') as (namespace: string) => Logger

describe('debug stand-in', () => {
  it('is called as the module itself and returns loggers that are off and print nothing, even with DEBUG=*', () => {
    const saved = process.env.DEBUG
    process.env.DEBUG = '*'
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true)
    try {
      for (const namespace of ['httpx:header', 'httpx:body', 'sign']) {
        const log = createDebug(namespace)
        expect(log).toEqual(expect.any(Function))
        expect(log.enabled).toBe(false)
        expect(log.namespace).toBe(namespace)
        expect(log('> %s', 'POST /?Signature=abc HTTP/1.1')).toBeUndefined()
      }
      const extended = createDebug('httpx').extend('body')
      expect([extended.enabled, extended.namespace]).toEqual([false, 'httpx:body'])
      expect(write).not.toHaveBeenCalled()
    } finally {
      write.mockRestore()
      if (saved === undefined) delete process.env.DEBUG
      else process.env.DEBUG = saved
    }
  })
})
