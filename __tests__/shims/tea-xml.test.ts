/**
 * The bundle's stand-in for @alicloud/tea-xml (src/shims/tea-xml.ts): it refuses to parse before loadTeaXml() has
 * resolved (src/wuying/xml-answers.ts makes sure it has), then answers exactly as the real module does.
 */
import { describe, expect, it } from '@jest/globals'
import { createRequire } from 'node:module'
import XML, { loadTeaXml } from '../../src/shims/tea-xml.js'

const require = createRequire(import.meta.url)
const Real = (require('@alicloud/tea-xml') as { default: typeof XML }).default
const BODY = '<Error><Code>InvalidParameter</Code><Message>bad &amp; wrong</Message><RequestId>R-1</RequestId></Error>'

describe('@alicloud/tea-xml stand-in', () => {
  it('throws, naming the cause, when used before loadTeaXml() resolved', () => {
    expect(() => XML.parseXml(BODY, null)).toThrow('@alicloud/tea-xml used before loadTeaXml() resolved')
  })

  it('parses and builds as the real module once loaded (idempotent)', async () => {
    await Promise.all([loadTeaXml(), loadTeaXml()])
    expect(XML.parseXml(BODY, null)).toEqual(Real.parseXml(BODY, null))
    expect(XML.parseXml(BODY, null)).toEqual({ Error: { Code: 'InvalidParameter', Message: 'bad & wrong', RequestId: 'R-1' } })
    expect(XML._parseXML(BODY)).toEqual(Real._parseXML(BODY))
    expect(XML.toXML({ a: { b: '1' } })).toBe(Real.toXML({ a: { b: '1' } }))
    expect(() => XML.parseXml('<Error><Code>', null)).toThrow()
  })
})
