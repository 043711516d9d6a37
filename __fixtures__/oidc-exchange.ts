/**
 * Child-process script for the OIDC tests (`node --import tsx __fixtures__/oidc-exchange.ts`): runs the production
 * path as the action will, with the real @actions/core (getIDToken against the ID token stand-in, setSecret writing
 * `::add-mask::`) and the library's own HTTPS transport trusting the emulator through NODE_EXTRA_CA_CERTS, which Node
 * reads only at start-up. It then lists groups over HTTPS with the STS credentials and prints one `RESULT <json>`
 * line holding no credential value.
 * Environment: OIDC_ROLE_ARN, OIDC_PROVIDER_ARN, OIDC_AUDIENCE, OIDC_STS_ENDPOINT, API_ENDPOINT (host:port), plus the
 * runner's ACTIONS_ID_TOKEN_REQUEST_*, RUNNER_TEMP and GITHUB_* variables.
 */
import { readdirSync } from 'node:fs'
import OpenApiModule from '@alicloud/openapi-client'
import TeaUtilModule from '@alicloud/tea-util'
import { errorMessage } from '../src/common/errors.js'
import { commonJsDefault } from '../src/common/interop.js'
import { readOidcRole } from '../src/inputs/oidc.js'
import { assumeRoleWithOidc, describeOidcRole } from '../src/credentials/oidc.js'

type OpenApiExports = typeof import('@alicloud/openapi-client')
const openApi = OpenApiModule as unknown as OpenApiExports
const Client = commonJsDefault(OpenApiModule)
const { RuntimeOptions } = TeaUtilModule as unknown as typeof import('@alicloud/tea-util')

async function main(): Promise<void> {
  const env = process.env
  const role = readOidcRole(
    {
      roleToAssume: env.OIDC_ROLE_ARN ?? '',
      oidcProviderArn: env.OIDC_PROVIDER_ARN ?? '',
      audience: env.OIDC_AUDIENCE ?? '',
      roleSessionName: '',
      roleDurationSeconds: '',
      stsEndpoint: env.OIDC_STS_ENDPOINT ?? ''
    },
    env
  )
  if (!role) throw new Error('OIDC_ROLE_ARN and OIDC_PROVIDER_ARN are required')
  const assumed = await assumeRoleWithOidc(role)
  try {
    console.log(`credentials: ${describeOidcRole(role, assumed.credentials)}`)
    const { accessKeyId, accessKeySecret, securityToken } = assumed.credentials
    const client = new Client(
      new openApi.Config({
        accessKeyId,
        accessKeySecret,
        securityToken,
        endpoint: env.API_ENDPOINT,
        protocol: 'HTTPS',
        readTimeout: 5000,
        connectTimeout: 5000
      })
    )
    const params = new openApi.Params({
      action: 'ListAppInstanceGroup',
      version: '2021-09-01',
      protocol: 'HTTPS',
      pathname: '/',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json'
    })
    const answer = (await client.callApi(
      params,
      new openApi.OpenApiRequest({ query: { ProductType: 'CloudApp' } }),
      new RuntimeOptions({})
    )) as {
      statusCode: number
      body: { TotalCount?: number }
    }
    const result = {
      sessionName: role.roleSessionName,
      expiration: assumed.credentials.expiration,
      statusCode: answer.statusCode,
      totalCount: answer.body.TotalCount,
      filesLeft: readdirSync(env.RUNNER_TEMP ?? '.')
    }
    console.log(`RESULT ${JSON.stringify(result)}`)
  } finally {
    await assumed.dispose()
  }
}

main().catch((error: unknown) => {
  console.log(`RESULT ${JSON.stringify({ error: errorMessage(error), code: (error as { code?: string }).code })}`)
  process.exitCode = 1
})
