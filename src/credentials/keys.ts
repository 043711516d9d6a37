/** The signing credential the API client uses, built from the selected keys after every value is masked. */
import CredentialsModule, { Config as CredentialConfig } from '@alicloud/credentials'
import type { KeyCredentialSource } from '../inputs/credentials.js'

/** The credential object `@alicloud/openapi-client` signs with. */
export type AlibabaCredential = InstanceType<typeof CredentialsModule.default>

/**
 * createCredential masks every value of the source with `mask`, then builds the matching `@alicloud/credentials`
 * provider explicitly (`access_key` or `sts`); the library's default chain, which probes ECS metadata, is never used.
 */
export function createCredential(source: KeyCredentialSource, mask: (secret: string) => void): AlibabaCredential {
  for (const value of [source.accessKeyId, source.accessKeySecret, source.securityToken]) {
    if (value) mask(value)
  }
  const config = new CredentialConfig(
    source.securityToken
      ? {
          type: 'sts',
          accessKeyId: source.accessKeyId,
          accessKeySecret: source.accessKeySecret,
          securityToken: source.securityToken
        }
      : { type: 'access_key', accessKeyId: source.accessKeyId, accessKeySecret: source.accessKeySecret }
  )
  return new CredentialClass(config)
}

// In Node and jest the default import of this CommonJS package is its exports object; in the ncc bundle it is the class.
const CredentialClass: typeof CredentialsModule.default =
  typeof CredentialsModule === 'function' ? CredentialsModule : CredentialsModule.default
