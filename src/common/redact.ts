/**
 * Scrubbing of credentials from text before it is shown anywhere: the client library's network errors quote
 * the signed request URL (in RPC signing: AccessKeyId, Signature, SecurityToken), and the RPC
 * `SignatureDoesNotMatch` message quotes the string to sign, percent-encoded once more.
 */

export const REDACTED = '***'

/** Values shorter than this are not registered: no real credential is that short, and masking them would garble text. */
export const MIN_SECRET_LENGTH = 4

const SENSITIVE_KEYS = [
  'AccessKeyId',
  'AccessKeySecret',
  'SecurityToken',
  'Signature',
  'Credential',
  'BearerToken',
  'OIDCToken',
  'Token',
  'id_token',
  'access_token',
  'x-acs-accesskey-id',
  'x-acs-security-token',
  'x-acs-bearer-token'
]

// A key (after a delimiter, or after `&` percent-encoded once or twice), then `=` / `:` (with optional JSON quotes)
// or `=` percent-encoded, then the value up to a delimiter, a percent-encoded `&`, or the end.
const KEY_VALUE = new RegExp(
  `(?:(?<![\\w-])|(?<=%26)|(?<=%2526))(${SENSITIVE_KEYS.join('|')})(\\\\?"?\\s*[:=]\\s*\\\\?"?|%3D|%253D)((?:(?!%26|%2526)[^\\s&"',;<>()\\\\])+)`,
  'gi'
)
// `Authorization: ACS3-HMAC-SHA256 Credential=...` keeps the scheme name but loses everything after it.
const AUTHORIZATION = /(Authorization\s*[:=]\s*"?)((?:ACS3-HMAC-SHA256|Bearer|Basic)\s+)?[^\r\n"]+/gi
const URL_QUERY = /\b(https?:\/\/[^\s?#"'<>]*)\?[^\s"'<>]*/gi

const secrets = new Set<string>()

/** registerSecret makes redact() remove a value (and its percent-encoded forms) from every text from now on. */
export function registerSecret(value: string): void {
  if (value.length < MIN_SECRET_LENGTH) return
  for (const form of encodedForms(value)) secrets.add(form)
}

/** forgetSecrets clears the registered values; for tests. */
export function forgetSecrets(): void {
  secrets.clear()
}

/** redact returns the text without registered secrets, credential-bearing parameters, headers and URL query strings. */
export function redact(text: string): string {
  let out = text
  // Longest first, so a value is not half-replaced by a shorter secret that it contains.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join(REDACTED)
  return out
    .replace(AUTHORIZATION, (_all, key: string, scheme = '') => `${key}${scheme}${REDACTED}`)
    .replace(KEY_VALUE, `$1$2${REDACTED}`)
    .replace(URL_QUERY, `$1?${REDACTED}`)
}

function encodedForms(value: string): string[] {
  const uri = encodeURIComponent(value)
  const rfc3986 = uri.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  const forms = [value, uri, rfc3986, encodeURIComponent(rfc3986), uri.replace(/%20/g, '+')]
  return [...new Set(forms)]
}
