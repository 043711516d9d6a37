/**
 * ncc's minifier prints non-ASCII characters as they are (in this bundle: `…`, `→`, `≥`, `·` in messages), which
 * makes main.js UTF-8 that the loader must decode (about 3 ms for 300 KB on Node 24) into a two-byte string V8 keeps
 * twice as large. Written as `\uXXXX` escapes, the file is ASCII and is read as one-byte text.
 * The escape means the same character in every place such characters occur in this bundle: string, template and
 * regular-expression literals, comments and identifiers. The one place it would not is the raw text of a tagged
 * template (String.raw), which the e2e tests would show as `\u2192` where `→` belongs.
 */

/** asciiOnly returns `code` with every UTF-16 code unit above 0x7f written as a `\uXXXX` escape. */
export function asciiOnly(code: string): string {
  return code.replace(/[\u0080-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
