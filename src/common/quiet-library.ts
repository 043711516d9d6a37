/**
 * A warning the client library must not print into the user's log, dropped before it loads (index.ts imports this
 * module before anything else). Its `debug` output is kept out by the bundle's stand-in, src/shims/debug.cjs.
 *
 * DEP0169: `@alicloud/tea-typescript` and `httpx` call the legacy `url.parse()` on every request; Node 24 warns about
 * that unless the caller's file lies under node_modules/, which a bundle in dist/ never does, so every run on Node 24
 * printed a deprecation warning the user can do nothing about. Only that code is dropped; every other warning is
 * printed as before.
 */

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
