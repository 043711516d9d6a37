/**
 * Node modules that a dependency requires at the top of its file but a run seldom uses, made lazy in the bundle:
 * ncc emits each builtin as a one-line module, `ID:e=>{"use strict";e.exports=require("zlib")}`; here that line's
 * export becomes a stand-in that requires the real module on first use (a property read, `in`, or a listing), so a
 * run that never uses it never loads it. A builtin cannot be swapped through tsconfig.json `paths` (src/shims/),
 * which the bundler applies only to packages.
 *
 * - zlib: httpx (under the client library) requires it for compressed answers, which the Wuying API does not send to
 *   a client that asks for none; on Node 24 it cost 3 to 5 ms of start-up and 0.4 MiB.
 */
export const LAZY_BUILTINS = ['zlib'] as const

/**
 * lazyBuiltins returns ncc's `code` with each named builtin's module made lazy; throws unless each is emitted exactly
 * once in the form above, so that a change in ncc's output fails the build instead of quietly loading them again.
 */
export function lazyBuiltins(code: string, names: readonly string[] = LAZY_BUILTINS): string {
  let out = code
  for (const name of names) {
    const pattern = new RegExp(`(\\d+):(\\w)=>\\{"use strict";\\2\\.exports=require\\(${JSON.stringify(name)}\\)\\}`, 'g')
    const found = [...out.matchAll(pattern)]
    if (found.length !== 1)
      throw new Error(`lazy builtins: ncc emitted require("${name}") ${found.length} times in its usual form, not once`)
    out = out.replace(pattern, (_all, id: string, e: string) => `${id}:${e}=>{"use strict";${e}.exports=${standIn(name)}}`)
  }
  return out
}

/** standIn is the expression of a builtin's stand-in: every reading of it requires the real module (once) and reads that. */
function standIn(name: string): string {
  const real = `(m??=require(${JSON.stringify(name)}))`
  return (
    `(()=>{let m;return new Proxy({},{get:(_,k)=>${real}[k],has:(_,k)=>k in ${real},ownKeys:()=>Reflect.ownKeys(${real}),` +
    `getOwnPropertyDescriptor:(_,k)=>{const d=Reflect.getOwnPropertyDescriptor(${real},k);return d&&{...d,configurable:true}}})})()`
  )
}
