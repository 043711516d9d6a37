/**
 * The required stack (issue 17): the least an action built on the fixed packages does for one group, and
 * nothing else. It reads the inputs with `@actions/core`, signs with `@alicloud/credentials` through
 * `@alicloud/openapi-client`, looks the group up, approves its pending task now and sets one output: no validation,
 * retries, redaction, log lines or summary. The bench builds it as dist/ is built (`npm run build -- --entry
 * bench/required-stack/index.ts`: the same stand-ins, CommonJS, a code cache from the same training run) and times it beside
 * the action, so that "how much does the action add" has an answer on every machine.
 */
import * as core from '@actions/core'
import CredentialsModule, { Config as CredentialConfig } from '@alicloud/credentials/dist/src/client.js'
import OpenApiModule, { Config, OpenApiRequest, Params } from '@alicloud/openapi-client'
import { RuntimeOptions } from '@alicloud/tea-util'
import { API_VERSION, PRODUCT_TYPE } from '../../src/common/api.js'
import { commonJsDefault } from '../../src/common/interop.js'

const Credential = commonJsDefault(CredentialsModule)
const Client = commonJsDefault(OpenApiModule)

// Node 24's DEP0169 warning about the bundled url.parse(), which the action drops too (src/common/quiet-library.ts).
process.noDeprecation = true

async function main(): Promise<void> {
  const endpoint = new URL(core.getInput('endpoint'))
  const protocol = endpoint.protocol === 'http:' ? 'HTTP' : 'HTTPS'
  const id = core.getInput('app-instance-group-id')
  const region = core.getInput('biz-region-id')
  const credential = new Credential(
    new CredentialConfig({
      type: 'access_key',
      accessKeyId: core.getInput('access-key-id'),
      accessKeySecret: core.getInput('access-key-secret')
    })
  )
  const client = new Client(new Config({ endpoint: endpoint.host, protocol, credential }))
  const call = async (action: string, query: Record<string, string>): Promise<Record<string, unknown>> => {
    const params = new Params({
      ...{ action, version: API_VERSION, protocol, pathname: '/', method: 'POST', authType: 'AK' },
      ...{ style: 'RPC', reqBodyType: 'formData', bodyType: 'json' }
    })
    const answer = await client.callApi(params, new OpenApiRequest({ query }), new RuntimeOptions({}))
    return answer.body as Record<string, unknown>
  }
  const listed = await call('ListAppInstanceGroup', { ProductType: PRODUCT_TYPE, AppInstanceGroupId: id, BizRegionId: region })
  const [group] = listed.AppInstanceGroupModels as Array<{ OtaInfo?: { TaskId?: string } }>
  const startTime = `${new Date().toISOString().slice(0, 19)}+00:00`
  await call('ApproveOtaTask', {
    AppInstanceGroupId: id,
    BizRegionId: region,
    TaskId: group?.OtaInfo?.TaskId ?? '',
    OtaType: 'Fota',
    StartTime: startTime
  })
  core.setOutput('approved', 'true')
}

main().catch((error: unknown) => core.setFailed(String(error)))
