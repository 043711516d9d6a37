/**
 * What the client library must not print into the user's log, set up before it loads (index.ts imports this module
 * before anything else).
 *
 * DEBUG: the library's HTTP transport (httpx) logs through the `debug` package when a workflow sets DEBUG (DEBUG=* is
 * common): its `httpx:header` lines print the raw request headers and request line, that is the ACS3 Authorization
 * (signature), the security token header, and in RPC signing the URL with AccessKeyId, Signature and SecurityToken.
 * `debug` reads DEBUG once, when the transport is loaded; other DEBUG namespaces keep working.
 *
 * DEP0169: `@alicloud/tea-typescript` and `httpx` call the legacy `url.parse()` on every request; Node 24 warns about
 * that unless the caller's file lies under node_modules/, which a bundle in dist/ never does, so every run on Node 24
 * printed a deprecation warning the user can do nothing about. Only that code is dropped; every other warning is
 * printed as before.
 */

/** QUIET_DEBUG_NAMESPACES are the `debug` namespaces the action always switches off. */
export const QUIET_DEBUG_NAMESPACES = '-httpx:*'

/** quietDebug returns a DEBUG value with httpx's namespaces excluded; an unset or blank value stays as it is. */
export function quietDebug(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return value
  return `${value},${QUIET_DEBUG_NAMESPACES}`
}

const quiet = quietDebug(process.env.DEBUG)
if (quiet !== undefined) process.env.DEBUG = quiet

/** BUNDLED_URL_PARSE is the deprecation code of `url.parse()` called outside node_modules/ (Node 24). */
export const BUNDLED_URL_PARSE = 'DEP0169'

type EmitWarning = (warning: string | Error, ...rest: unknown[]) => void

/** warningCode returns the code of a process.emitWarning call, in any of its call forms, or undefined. */
export function warningCode(warning: string | Error, rest: readonly unknown[]): string | undefined {
  const [typeOrOptions, code] = rest
  if (typeof code === 'string') return code
  if (typeof typeOrOptions === 'object' && typeOrOptions !== null) {
    const fromOptions = (typeOrOptions as { code?: unknown }).code
    if (typeof fromOptions === 'string') return fromOptions
  }
  const fromError = warning instanceof Error ? (warning as Error & { code?: unknown }).code : undefined
  return typeof fromError === 'string' ? fromError : undefined
}

/** dropWarning makes `target.emitWarning` drop the warnings with `code` and pass every other one on unchanged. */
export function dropWarning(target: { emitWarning: EmitWarning }, code: string): void {
  const emit = target.emitWarning
  target.emitWarning = function (this: unknown, warning, ...rest) {
    if (warningCode(warning, rest) === code) return
    emit.call(this, warning, ...rest)
  }
}

dropWarning(process as unknown as { emitWarning: EmitWarning }, BUNDLED_URL_PARSE)
