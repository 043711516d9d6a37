/**
 * XML error answers and the lazily loaded XML parser (src/wuying/xml-answers.ts): httpx hands the client library an
 * answer it may parse as XML only once the parser (the bundle's @alicloud/tea-xml stand-in) is loaded; every other
 * answer passes as it came, and loads nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import httpx from 'httpx'
import { startCannedServer, type CannedServer } from '../../__fixtures__/canned-server.js'
import XML from '../../src/shims/tea-xml.js'
import { holdXmlAnswers, isXmlError } from '../../src/wuying/xml-answers.js'

const XML_BODY = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>Forbidden</Code><Message>no</Message></Error>'

let server: CannedServer
beforeAll(async () => {
  server = await startCannedServer()
})
afterAll(() => server.close())

async function get(): Promise<{ status: number; body: string }> {
  const response = await httpx.request(`http://${server.endpoint.host}/`, {
    method: 'GET',
    readTimeout: 5000,
    connectTimeout: 5000
  })
  return { status: response.statusCode ?? 0, body: String(await httpx.read(response, 'utf8')) }
}

describe('isXmlError', () => {
  it.each([
    [400, 'text/xml;charset=utf-8', true],
    [503, 'application/xml', true],
    [403, 'TEXT/XML', true],
    [200, 'text/xml;charset=utf-8', false],
    [400, 'application/json;charset=utf-8', false],
    [500, undefined, false]
  ])('HTTP %i, content-type %s: %s', (statusCode, type, expected) => {
    expect(isXmlError({ statusCode, headers: type === undefined ? {} : { 'content-type': type } })).toBe(expected)
  })
})

describe('holdXmlAnswers', () => {
  it('installs one wrapper around httpx.request, however often it is called', () => {
    const before = httpx.request
    holdXmlAnswers()
    const wrapped = httpx.request
    holdXmlAnswers()
    expect(wrapped).not.toBe(before)
    expect(httpx.request).toBe(wrapped)
  })

  it('passes other answers as they came, without loading the parser', async () => {
    server.reply(
      { status: 500, body: { Code: 'InternalError' } },
      { status: 200, body: '<ok/>', headers: { 'content-type': 'text/xml' } }
    )
    expect(await get()).toEqual({ status: 500, body: '{"Code":"InternalError"}' })
    expect(await get()).toEqual({ status: 200, body: '<ok/>' })
    expect(() => XML.parseXml(XML_BODY, null)).toThrow('used before loadTeaXml() resolved')
  })

  it('hands over an XML error answer, body intact, only once the parser is loaded', async () => {
    server.reply({ status: 403, body: XML_BODY, headers: { 'content-type': 'text/xml;charset=utf-8' } })
    const response = await httpx.request(`http://${server.endpoint.host}/`, {
      method: 'GET',
      readTimeout: 5000,
      connectTimeout: 5000
    })
    // Usable the moment the library has the answer, before it reads the body (as openapi-client then parses it).
    expect(XML.parseXml(XML_BODY, null)).toEqual({ Error: { Code: 'Forbidden', Message: 'no' } })
    expect(response.statusCode).toBe(403)
    expect(String(await httpx.read(response, 'utf8'))).toBe(XML_BODY)
  })
})
