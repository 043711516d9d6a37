/**
 * What `debug` resolves to in the bundle (tsconfig.json `paths`). Two libraries under the client log through it:
 * httpx (`httpx:header` and `httpx:body`, which print the signed request line and headers) and
 * `@alicloud/credentials`' RAM-role provider (`sign`). None of that may reach a workflow log, whatever DEBUG says,
 * so every logger here is off for good, and start-up no longer loads `debug` with tty and supports-color.
 * CommonJS in plain JavaScript: its callers call the module itself (`require('debug')('httpx:body')`), which an
 * ES module's namespace cannot be, and ncc compiles TypeScript only as .ts.
 */
'use strict'

/**
 * createDebug returns a logger for `namespace` that is never enabled and prints nothing.
 * @param {string} namespace
 */
function createDebug(namespace) {
  const logger = () => undefined
  return Object.assign(logger, {
    enabled: false,
    namespace,
    /** @param {string} suffix */
    extend: (suffix) => createDebug(`${namespace}:${suffix}`)
  })
}

module.exports = createDebug
