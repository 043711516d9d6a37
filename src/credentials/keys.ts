/** The signing credential the API client uses, built from the selected keys after every value is masked. */
import CredentialModelModule from '@alicloud/credentials/dist/src/credential_model.js'
import { commonJsDefault } from '../common/interop.js'
import type { KeyCredentialSource } from '../inputs/credentials.js'

const CredentialModel = commonJsDefault(CredentialModelModule)
type CredentialModel = InstanceType<typeof CredentialModelModule.default>

/** What `@alicloud/openapi-client` calls on the credential it signs with. */
export interface AlibabaCredential {
  getAccessKeyId(): Promise<string>
  getAccessKeySecret(): Promise<string>
  getSecurityToken(): Promise<string | undefined>
  getBearerToken(): string | undefined
  getType(): string
  getCredential(): Promise<CredentialModel>
}

/**
 * KeyCredential answers as `@alicloud/credentials`' Credential does for the `access_key` and `sts` types (the same
 * type and provider name, so the requests are the same), without its client module, which requires every provider
 * the library has (the CLI profile, ECS metadata, an external process with node:child_process) when it loads.
 */
class KeyCredential implements AlibabaCredential {
  readonly #model: CredentialModel

  constructor(source: KeyCredentialSource) {
    const sts = Boolean(source.securityToken)
    this.#model = new CredentialModel({
      accessKeyId: source.accessKeyId,
      accessKeySecret: source.accessKeySecret,
      ...(sts ? { securityToken: source.securityToken } : {}),
      type: sts ? 'sts' : 'access_key',
      providerName: sts ? 'static_sts' : 'static_ak'
    })
  }

  async getAccessKeyId(): Promise<string> {
    return this.#model.accessKeyId ?? ''
  }

  async getAccessKeySecret(): Promise<string> {
    return this.#model.accessKeySecret ?? ''
  }

  async getSecurityToken(): Promise<string | undefined> {
    return this.#model.securityToken
  }

  getBearerToken(): undefined {
    return undefined
  }

  getType(): string {
    return this.#model.type ?? ''
  }

  async getCredential(): Promise<CredentialModel> {
    return new CredentialModel({ ...this.#model })
  }
}

/**
 * createCredential masks every value of the source with `mask`, then builds the static credential (`access_key` or
 * `sts`); the library's default chain, which probes ECS metadata, is never used.
 */
export function createCredential(source: KeyCredentialSource, mask: (secret: string) => void): AlibabaCredential {
  for (const value of [source.accessKeyId, source.accessKeySecret, source.securityToken]) {
    if (value) mask(value)
  }
  return new KeyCredential(source)
}
