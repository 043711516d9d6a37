/**
 * The real `@alicloud/openapi-client` pointed at an emulator, and the sample fleet's fake test credentials.
 */
import OpenApiModule from '@alicloud/openapi-client'
import TeaUtilModule from '@alicloud/tea-util'
import { commonJsDefault } from '../src/common/interop.js'

type OpenApiExports = typeof import('@alicloud/openapi-client')
type ClientClass = OpenApiExports['default']
/** SdkClient is an instance of the client library's Client. */
export type SdkClient = InstanceType<ClientClass>

// ESM interop: the default import is the CommonJS module object, not the class.
const openApi = OpenApiModule as unknown as OpenApiExports & { default: ClientClass }
const Client: ClientClass = commonJsDefault(OpenApiModule)
const { Config, Params, OpenApiRequest } = openApi
const { RuntimeOptions } = TeaUtilModule as unknown as typeof import('@alicloud/tea-util')

/** Credentials of the sample fleet (emulator/fixtures/fleet.json): fake, accepted only by the emulator. */
export const TEST_KEY = { accessKeyId: 'LTAI5tEmulatorTestKey01', accessKeySecret: 'EmulatorTestSecret01NotARealSecret' }
export const INACTIVE_KEY = { accessKeyId: 'LTAI5tEmulatorDisabled02', accessKeySecret: 'EmulatorTestSecret02NotARealSecret' }
export const TEST_STS = {
  accessKeyId: 'STS.EmulatorTestStsKey01',
  accessKeySecret: 'EmulatorStsSecret01NotARealSecret',
  securityToken: 'CAISEmulatorTestSecurityToken01NotARealToken'
}
export const EXPIRED_STS = {
  accessKeyId: 'STS.EmulatorExpiredKey02',
  accessKeySecret: 'EmulatorStsSecret02NotARealSecret',
  securityToken: 'CAISEmulatorExpiredSecurityToken02NotARealToken'
}
export const OIDC_PROVIDER_ARN = 'acs:ram::1234567890123456:oidc-provider/emulator-github-actions'
export const OIDC_ROLE_ARN = 'acs:ram::1234567890123456:role/emulator-wuying-ota'
export const OIDC_ISSUER = 'https://token.actions.githubusercontent.com'

/** SigningMode is the client's default ACS3 signature or `signatureAlgorithm: 'v2'` (RPC HMAC-SHA1). */
export type SigningMode = 'acs3' | 'v2'
export interface Credentials {
  accessKeyId: string
  accessKeySecret: string
  securityToken?: string
}

/** sdkClient returns a client for the emulator's endpoint over plain HTTP in the given signing mode. */
export function sdkClient(endpoint: string, credentials: Credentials, mode: SigningMode): SdkClient {
  return new Client(
    new Config({
      ...credentials,
      endpoint,
      protocol: 'HTTP',
      ...(mode === 'v2' ? { signatureAlgorithm: 'v2' } : {}),
      readTimeout: 3000,
      connectTimeout: 3000
    })
  )
}

/** callOp calls one operation the way the action does (RPC style, form body, JSON answer). */
export async function callOp(
  client: SdkClient,
  action: string,
  request: { query?: Record<string, string>; body?: Record<string, string> },
  options: { version?: string; authType?: 'AK' | 'Anonymous' } = {}
): Promise<{ statusCode: number; body: Record<string, unknown>; headers: Record<string, string> }> {
  const params = new Params({
    action,
    version: options.version ?? '2021-09-01',
    protocol: 'HTTP',
    pathname: '/',
    method: 'POST',
    authType: options.authType ?? 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json'
  })
  return (await client.callApi(params, new OpenApiRequest(request), new RuntimeOptions({}))) as {
    statusCode: number
    body: Record<string, unknown>
    headers: Record<string, string>
  }
}

/** sdkError returns what a rejected SDK call surfaces (code, statusCode, data), or throws if the call succeeded. */
export async function sdkError(
  call: Promise<unknown>
): Promise<{ code?: string; statusCode?: number; message: string; name: string; data?: Record<string, unknown> }> {
  try {
    await call
  } catch (err) {
    return err as { code?: string; statusCode?: number; message: string; name: string; data?: Record<string, unknown> }
  }
  throw new Error('expected the SDK call to fail, but it succeeded')
}
