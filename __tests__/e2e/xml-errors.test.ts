/**
 * End to end, an error answered in XML (`text/xml;charset=utf-8`, as Alibaba Cloud's gateways may send it): the
 * client library parses it with @alicloud/tea-xml, which the bundle loads only when such an answer arrives
 * (src/wuying/xml-answers.ts), so the error reads as it always did: its Code, Message and RequestId.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { runAction } from '../../__fixtures__/action.js'
import { FAST_BACKOFF } from '../../__fixtures__/e2e.js'
import { GROUP_ID, REGION } from '../../__fixtures__/groups.js'
import { startScriptedApi, type ScriptedApi } from '../../__fixtures__/scripted-api.js'

const KEYS = { 'access-key-id': 'LTAI5tScriptedKey01', 'access-key-secret': 'ScriptedSecretValue01' }
const XML = { 'content-type': 'text/xml;charset=utf-8' }

let api: ScriptedApi | undefined
afterEach(async () => {
  await api?.close()
  api = undefined
})

function xmlError(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><RequestId>${requestId}</RequestId><HostId>appstream-center.aliyuncs.com</HostId><Code>${code}</Code><Message>${message}</Message></Error>`
}

describe('the built action when the API answers an error in XML', () => {
  it('reports the XML error code, message and request id, as from a JSON error', async () => {
    api = await startScriptedApi({
      ListAppInstanceGroup: () => ({
        status: 403,
        headers: XML,
        body: xmlError('Forbidden.RAM', 'User not authorized', 'RID-XML-1')
      })
    })
    const result = await runAction(
      { ...KEYS, endpoint: api.url, 'app-instance-group-id': GROUP_ID, 'biz-region-id': REGION },
      { env: FAST_BACKOFF, timeoutMs: 60_000 }
    )

    expect(result.exitCode).toBe(1)
    expect(api.calls().map((c) => c.operation)).toEqual(['ListAppInstanceGroup'])
    expect(result.outputs).toMatchObject({ code: 'Forbidden.RAM', 'request-id': 'RID-XML-1' })
    expect(result.outputs.message).toContain('User not authorized')
  })

  it('retries an XML throttling answer like a JSON one, then succeeds', async () => {
    api = await startScriptedApi({
      ListAppInstanceGroup: (_, n) =>
        n === 0
          ? { status: 503, headers: XML, body: xmlError('ServiceUnavailable', 'try later', 'RID-XML-2') }
          : { status: 400, headers: XML, body: xmlError('InvalidParameter', 'nope', 'RID-XML-3') }
    })
    const result = await runAction(
      { ...KEYS, endpoint: api.url, 'app-instance-group-id': GROUP_ID, 'biz-region-id': REGION },
      { env: FAST_BACKOFF, timeoutMs: 60_000 }
    )

    expect(api.calls().map((c) => c.operation)).toEqual(['ListAppInstanceGroup', 'ListAppInstanceGroup'])
    expect(result.outputs).toMatchObject({ code: 'InvalidParameter', 'request-id': 'RID-XML-3' })
  })
})
