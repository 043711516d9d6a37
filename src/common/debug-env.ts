/**
 * Keeps the client library's HTTP transport (httpx) from logging through the `debug` package when a workflow sets
 * DEBUG (DEBUG=* is common): its `httpx:header` lines print the raw request headers and request line, that is the
 * ACS3 Authorization (signature), the security token header, and in RPC signing the URL with AccessKeyId,
 * Signature and SecurityToken. `debug` reads DEBUG once, when the transport is loaded, so index.ts imports this
 * module before anything else; other DEBUG namespaces keep working.
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
