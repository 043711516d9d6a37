/**
 * The client library parses an error answer as XML when it is sent as `text/xml;charset=utf-8`; the parser
 * (@alicloud/tea-xml, with xml2js) is left out of start-up (src/shims/tea-xml.ts) and, since the library calls it
 * synchronously, must be loaded before the library reads such an answer. Both client libraries send every request
 * through `httpx.request`, looked up on the module at each call (src/common/proxy-transport.ts wraps it the same
 * way), so that is where an XML answer is held until the parser is loaded. Every other answer passes unchanged.
 */
import httpx from 'httpx'
import type { IncomingMessage } from 'node:http'
import { loadTeaXml } from '../shims/tea-xml.js'

type HttpxRequest = typeof httpx.request
// The CommonJS module object both libraries call through; its `request` is a plain writable property.
const transport = httpx as unknown as { request: HttpxRequest }
let installed = false

/** isXmlError tells whether the library may parse this answer as XML: a 4xx/5xx with an XML content type. */
export function isXmlError(response: Pick<IncomingMessage, 'statusCode' | 'headers'>): boolean {
  const status = response.statusCode ?? 0
  return status >= 400 && /xml/i.test(response.headers['content-type'] ?? '')
}

/** holdXmlAnswers makes every httpx answer that may be parsed as XML wait for the XML parser; idempotent. */
export function holdXmlAnswers(): void {
  if (installed) return
  installed = true
  const next = transport.request
  transport.request = async (url, options) => {
    const response = await next(url, options)
    if (isXmlError(response)) await loadTeaXml()
    return response
  }
}
