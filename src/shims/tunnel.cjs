/**
 * What `tunnel` resolves to in the bundle (tsconfig.json `paths`). `@actions/http-client` (under `@actions/core`)
 * imports it at top level, with node:assert, for the agent it builds only when a proxy applies to its request: the
 * ID-token request of a keyless run behind a proxy. Its agent factories are called synchronously, so the real module
 * is required (and bundled) on the first call instead of at start-up. Plain CommonJS for that synchronous require.
 */
'use strict'

/** @type {typeof import('tunnel') | undefined} */
let real

// A deep path: `paths` maps the bare name `tunnel` back to this file.
const load = () => (real ??= require('tunnel/lib/tunnel.js'))

/** @param {import('tunnel').HttpOptions} options */
exports.httpOverHttp = (options) => load().httpOverHttp(options)
/** @param {import('tunnel').HttpsOverHttpOptions} options */
exports.httpsOverHttp = (options) => load().httpsOverHttp(options)
/** @param {import('tunnel').HttpOverHttpsOptions} options */
exports.httpOverHttps = (options) => load().httpOverHttps(options)
/** @param {import('tunnel').HttpsOverHttpsOptions} options */
exports.httpsOverHttps = (options) => load().httpsOverHttps(options)
