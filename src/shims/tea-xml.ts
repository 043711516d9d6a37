/**
 * What `@alicloud/tea-xml` resolves to in the bundle (tsconfig.json `paths`, which ncc's resolver applies to every
 * import, dependencies' included). `@alicloud/openapi-client` requires it at top level (with xml2js, sax and
 * xmlbuilder) but parses XML only for a 4xx/5xx answer sent as `text/xml;charset=utf-8`. Its calls are synchronous,
 * so the real module must be loaded before one: src/wuying/xml-answers.ts holds such an answer until loadTeaXml()
 * has resolved.
 */

/** The real module's class: static methods only (@alicloud/tea-xml 0.0.3, dist/client.d.ts). */
interface RealClient {
  parseXml<T>(body: string, response: T): { [key: string]: unknown }
  toXML(body: { [key: string]: unknown }): string
  _parseXML(body: string): unknown
  _xmlCast<T>(obj: unknown, clazz: T): { [key: string]: unknown }
}

let real: RealClient | undefined
let loading: Promise<void> | undefined

/** loadTeaXml loads the real module; idempotent. */
export function loadTeaXml(): Promise<void> {
  loading ??= import('@alicloud/tea-xml/dist/client.js').then((module) => {
    // A CommonJS module: its exports object in Node, the class itself in the bundle.
    const exported: unknown = module.default
    real = typeof exported === 'function' ? (exported as unknown as RealClient) : (exported as { default: RealClient }).default
  })
  return loading
}

function loaded(): RealClient {
  if (real === undefined) throw new Error('@alicloud/tea-xml used before loadTeaXml() resolved')
  return real
}

/** The real module's static methods, delegated once loadTeaXml() has resolved. */
export default class Client {
  static parseXml<T>(body: string, response: T): { [key: string]: unknown } {
    return loaded().parseXml(body, response)
  }

  static toXML(body: { [key: string]: unknown }): string {
    return loaded().toXML(body)
  }

  static _parseXML(body: string): unknown {
    return loaded()._parseXML(body)
  }

  static _xmlCast<T>(obj: unknown, clazz: T): { [key: string]: unknown } {
    return loaded()._xmlCast(obj, clazz)
  }
}
