/**
 * What `@alicloud/credentials` resolves to in the bundle (tsconfig.json `paths`). `@alicloud/openapi-client` and
 * `@alicloud/gateway-spi` require it at top level, and its index requires every provider the library has (the CLI
 * profile with ini, ECS metadata, OAuth, an external process with node:child_process) when it loads. The client uses
 * it only to build a credential from a config, which the action never asks it to (src/credentials/keys.ts gives it
 * one; the OIDC exchange requires its provider's own module). So the real index is required on first use of an
 * export. Plain CommonJS for that synchronous require; `__esModule` keeps the importers' interop as with
 * the real module.
 */
'use strict'

/** @type {Record<string, unknown> | undefined} */
let real

// A deep path: `paths` maps the bare name back to this file.
const load = () => (real ??= require('@alicloud/credentials/dist/src/client.js'))

/**
 * The index's Credential class as the importers see it: named in their models' `types()`, which every model
 * constructor reads, and constructed (as the real class) only when a config must become a credential.
 */
class Credential {
  /** @param {...unknown} args */
  constructor(...args) {
    const Real = /** @type {new (...args: unknown[]) => object} */ (load().default)
    return new Real(...args)
  }
}

Object.defineProperty(exports, '__esModule', { value: true })
exports.default = Credential
// The index's other exports (@alicloud/credentials 2.4, dist/src/client.js), each required on first use.
for (const name of [
  'Config',
  'CredentialModel',
  'DefaultCredentialsProvider',
  'StaticAKCredentialsProvider',
  'StaticSTSCredentialsProvider',
  'RAMRoleARNCredentialsProvider',
  'OIDCRoleArnCredentialsProvider',
  'ECSRAMRoleCredentialsProvider',
  'URICredentialsProvider',
  'CLIProfileCredentialsProvider',
  'ProfileCredentialsProvider',
  'EnvironmentVariableCredentialsProvider'
]) {
  Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] })
}
