/**
 * A fixture Wuying API for answers the emulator cannot give: ApproveOtaTask without a Code or with `Success`, task
 * statuses the docs do not list, a TotalCount that lies, a throttling answer in plain text. Each operation is answered
 * by the test's function of the request's parameters and of how many calls of that operation came before. It checks
 * no signature (the emulator does that) and serves plain HTTP on 127.0.0.1, like the emulator's default mode.
 */
import type { Operation } from '../src/common/api.js'
import { startCannedServer, type FixedReply, type RecordedRequest } from './canned-server.js'

/** Answers one call: the decoded query and form parameters, and the number of calls of the operation before it (from 0). */
export type ScriptedHandler = (params: Readonly<Record<string, string>>, n: number) => FixedReply

/** ScriptedCall is one call the API received: its operation and its decoded parameters. */
export interface ScriptedCall {
  readonly operation: string
  readonly params: Readonly<Record<string, string>>
}

export interface ScriptedApi {
  /** `http://127.0.0.1:PORT`, the action's `endpoint` input. */
  readonly url: string
  /** calls returns the calls received, oldest first; of one operation when given. */
  calls(operation?: Operation): ScriptedCall[]
  close(): Promise<void>
}

/** operationOf returns the action a request names: ACS3 sends it as a header, the RPC signature in the query. */
function operationOf(request: RecordedRequest): string {
  const header = request.headers['x-acs-action']
  return (typeof header === 'string' ? header : undefined) ?? request.query.Action ?? ''
}

/** startScriptedApi answers every operation through its handler; an operation without one gets HTTP 400 InvalidApi.NotFound. */
export async function startScriptedApi(handlers: Partial<Record<Operation, ScriptedHandler>>): Promise<ScriptedApi> {
  const calls: ScriptedCall[] = []
  const server = await startCannedServer((request) => {
    const operation = operationOf(request)
    const params = { ...request.query, ...request.form }
    const n = calls.filter((call) => call.operation === operation).length
    calls.push({ operation, params })
    const handler = handlers[operation as Operation]
    if (!handler) return { status: 404, body: { RequestId: 'RID-NONE', Code: 'InvalidApi.NotFound', Message: operation } }
    return handler(params, n)
  })
  return {
    url: `http://${server.endpoint.host}`,
    calls: (operation) => calls.filter((call) => operation === undefined || call.operation === operation),
    close: () => server.close()
  }
}

/** json returns an HTTP 200 reply with the body as JSON. */
export function json(body: object): FixedReply {
  return { status: 200, body }
}
