import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '../__fixtures__/core.js'
import type { ClientOptions, WuyingApi } from '../src/wuying/client.js'
import { apiError, fakeApi, type Scripted } from '../__fixtures__/fake-api.js'
import { APPROVED, listAnswer, PENDING_GROUP, TASK_ID, TASK_RUNNING } from '../__fixtures__/groups.js'
import { fakeGetInput, NOW, VALID, without, type RawInputs } from '../__fixtures__/inputs.js'
import { startCannedServer } from '../__fixtures__/canned-server.js'
import type { ApproveOtaTaskResponse, ListAppInstanceGroupResponse } from '../src/common/api.js'
import { fleetApi, fleetGroup, fleetGroupId, fleetTaskId, task } from '../__fixtures__/fleet-api.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../src/main.js')
const { forgetSecrets } = await import('../src/common/redact.js')
const { earlyFailureOutputs } = await import('../__fixtures__/results.js')

const SECRET = VALID['access-key-secret'] as string
const KEY_ID = VALID['access-key-id'] as string

type Script = { list?: Scripted<ListAppInstanceGroupResponse>[]; approve?: Scripted<ApproveOtaTaskResponse>[] }

// The step's summary file, as the runner gives it in GITHUB_STEP_SUMMARY.
const scratch = mkdtempSync(join(tmpdir(), 'main-test-'))
const summaryFile = join(scratch, 'step_summary')

function setUp(inputs: RawInputs, script: Script = {}, env: Record<string, string> = {}) {
  const api = fakeApi(script)
  const createApi = jest.fn((_options: ClientOptions): WuyingApi => api)
  core.getInput.mockImplementation((name) => fakeGetInput(inputs)(name as never))
  const go = () => run({ env: { GITHUB_STEP_SUMMARY: summaryFile, ...env }, now: () => NOW, createApi })
  return { api, createApi, go }
}

const outputs = (): Record<string, unknown> => Object.fromEntries(core.setOutput.mock.calls.map(([name, value]) => [name, value]))
const everythingLogged = (): string =>
  [core.info, core.debug, core.warning, core.setFailed, core.setOutput, core.group]
    .flatMap((fn) => fn.mock.calls.map((call) => JSON.stringify(call)))
    .join('\n')

beforeEach(() => {
  core.resetCore()
  writeFileSync(summaryFile, '')
})
afterEach(() => forgetSecrets())
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('run', () => {
  it('schedules the pending update and sets the outputs without failing', async () => {
    const { api, createApi, go } = setUp(VALID, { list: [listAnswer([PENDING_GROUP])], approve: [APPROVED] })
    await go()
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(api.calls.map((c) => c.operation)).toEqual(['ListAppInstanceGroup', 'ApproveOtaTask'])
    expect(outputs()).toEqual({
      code: 'success',
      message: '',
      'request-id': 'RID-APPROVE',
      'task-id': TASK_ID,
      'ota-version': '1.0.2',
      'new-ota-version': '1.1.0',
      'start-time': '2026-06-15T12:00:00+00:00',
      approved: 'true',
      'task-status': '',
      results: expect.stringMatching(/^\[\{"id":"aig-9ciijz60n4xsv1234",/),
      'approved-count': '1',
      'failed-count': '0',
      'deployment-id': ''
    })
    expect(createApi).toHaveBeenCalledWith(
      expect.objectContaining({
        endpoint: { host: 'appstream-center.cn-shanghai.aliyuncs.com', protocol: 'HTTPS' },
        signatureVersion: 'v3',
        timeoutMs: 10_000
      })
    )
    expect(readFileSync(summaryFile, 'utf8')).toContain('{"heading":"Wuying OTA update","level":2}')
  })

  it('logs one group per phase with the inputs it resolved', async () => {
    const { go } = setUp(VALID, { list: [listAnswer([PENDING_GROUP])], approve: [APPROVED] })
    await go()
    expect(core.group.mock.calls.map(([name]) => name)).toEqual([
      'Inputs',
      'Look up delivery group aig-9ciijz60n4xsv1234 in cn-hangzhou',
      `Approve OTA task ${TASK_ID}`
    ])
    expect(core.info.mock.calls.map(([line]) => line).slice(0, 5)).toEqual([
      'delivery group: aig-9ciijz60n4xsv1234 in cn-hangzhou',
      'start time: 2026-06-15T12:00:00+00:00 (now)',
      'OTA type: Fota',
      'credentials: AccessKey from the access-key-id / access-key-secret inputs',
      'endpoint: https://appstream-center.cn-shanghai.aliyuncs.com, signature v3'
    ])
  })

  it('masks every credential before the client exists', async () => {
    const { createApi, go } = setUp(
      { ...VALID, 'security-token': 'CAIS.MainTestToken' },
      { list: [listAnswer([PENDING_GROUP])], approve: [APPROVED] }
    )
    await go()
    expect(core.setSecret.mock.calls.map(([value]) => value).sort()).toEqual([KEY_ID, SECRET, 'CAIS.MainTestToken'].sort())
    const lastMask = Math.max(...core.setSecret.mock.invocationCallOrder)
    expect(lastMask).toBeLessThan(createApi.mock.invocationCallOrder[0] as number)
    expect(everythingLogged()).not.toMatch(/TestAccessKeySecretValue|CAIS\.MainTestToken|LTAI5tTestAccessKeyId/)
  })

  it('fails once with the input error and creates no client for a bad input', async () => {
    const { createApi, go } = setUp({ ...VALID, 'start-time': '2026-02-30T00:00:00Z' })
    await go()
    expect(core.setFailed).toHaveBeenCalledTimes(1)
    expect(core.setFailed).toHaveBeenCalledWith('start-time: "2026-02-30T00:00:00Z" is not a real date: 2026-02 has 28 days')
    expect(createApi).not.toHaveBeenCalled()
    expect(outputs()).toEqual(
      earlyFailureOutputs('InvalidInput', 'start-time: "2026-02-30T00:00:00Z" is not a real date: 2026-02 has 28 days')
    )
  })

  it('fails once and creates no client without credentials', async () => {
    const { createApi, go } = setUp(without(VALID, 'access-key-id', 'access-key-secret'))
    await go()
    expect(core.setFailed).toHaveBeenCalledTimes(1)
    expect(core.setFailed.mock.calls[0]?.[0]).toMatch(
      /^access-key-id: no credentials given; use one of: \(1\) the access-key-id and access-key-secret inputs.*role-to-assume.*README/
    )
    expect(createApi).not.toHaveBeenCalled()
  })

  it('fails once with the reason when the task was not scheduled, outputs set', async () => {
    const { go } = setUp(VALID, { list: [listAnswer([PENDING_GROUP])], approve: [TASK_RUNNING] })
    await go()
    expect(core.setFailed).toHaveBeenCalledTimes(1)
    expect(core.setFailed).toHaveBeenCalledWith(
      `OTA task ${TASK_ID} of group aig-9ciijz60n4xsv1234 was not scheduled: ApproveOtaTask answered OtaTask.Running: ` +
        'The task is running and cannot be sumitted. (request id RID-RUNNING)'
    )
    expect(outputs()).toMatchObject({ code: 'OtaTask.Running', 'request-id': 'RID-RUNNING', approved: 'false' })
  })

  it('only warns when fail-on-error is false', async () => {
    const { go } = setUp({ ...VALID, 'fail-on-error': 'false' }, { list: [listAnswer([PENDING_GROUP])], approve: [TASK_RUNNING] })
    await go()
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.warning.mock.calls[0]?.[0]).toContain('(fail-on-error is false, so the step goes on)')
    expect(outputs()).toMatchObject({ code: 'OtaTask.Running', approved: 'false' })
  })

  it('keeps a credential that an API error echoes out of the failure message', async () => {
    const echo = apiError({ operation: 'ApproveOtaTask', code: 'InvalidParameter', detail: `bad secret ${SECRET}` })
    const { go } = setUp(VALID, { list: [listAnswer([PENDING_GROUP])], approve: [echo] })
    await go()
    expect(core.setFailed).toHaveBeenCalledTimes(1)
    expect(core.setFailed.mock.calls[0]?.[0]).toContain('bad secret ***')
    expect(everythingLogged()).not.toContain(SECRET)
  })

  it.each([
    { name: 'an Error', thrown: new Error('client exploded'), expected: 'client exploded' },
    { name: 'a string', thrown: 'just a string', expected: 'just a string' },
    { name: 'an object', thrown: { reason: 42 }, expected: 'unknown error: {"reason":42}' },
    { name: 'undefined', thrown: undefined, expected: 'unknown error (undefined was thrown)' }
  ])('fails once, readably, when $name is thrown', async ({ thrown, expected }) => {
    core.getInput.mockImplementation((name) => fakeGetInput(VALID)(name as never))
    await run({
      env: {},
      now: () => NOW,
      createApi: () => {
        throw thrown
      }
    })
    expect(core.setFailed).toHaveBeenCalledTimes(1)
    expect(core.setFailed).toHaveBeenCalledWith(expected)
    expect(outputs()).toMatchObject({ code: 'UnexpectedError', approved: 'false' })
  })

  it('gives the client the request timeout and the time left before timeout-minutes', async () => {
    const { createApi, go } = setUp(
      { ...VALID, 'request-timeout-seconds': '7', 'timeout-minutes': '2.5' },
      { list: [listAnswer([PENDING_GROUP])], approve: [APPROVED] }
    )
    await go()
    const options = createApi.mock.calls[0]?.[0] as ClientOptions
    expect(options.timeoutMs).toBe(7000)
    expect(options.remainingMs?.()).toBe(150_000)
  })

  it.each([
    // A throttled call: the policy doubles the base (1 s by default, 10 ms with the seam), random 0.5 takes half.
    { name: 'the default backoff without the test seam', env: {}, slept: [1000] },
    { name: 'the test seam backoff when it parses', env: { WUYING_OTA_TEST_BACKOFF_MS: '10,50' }, slept: [10] },
    { name: 'the default backoff when the test seam is malformed', env: { WUYING_OTA_TEST_BACKOFF_MS: 'fast' }, slept: [1000] }
  ])('waits with $name', async ({ env, slept }) => {
    const throttled = apiError({ operation: 'ListAppInstanceGroup', code: 'Throttling.User' })
    const api = fakeApi({ list: [throttled, listAnswer([PENDING_GROUP])], approve: [APPROVED] })
    const sleep = jest.fn(async (_ms: number) => undefined)
    core.getInput.mockImplementation((name) => fakeGetInput(VALID)(name as never))
    await run({ env, now: () => NOW, createApi: () => api, sleep, random: () => 0.5 })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual(slept)
    const seamLogged = core.info.mock.calls.some(([line]) => line.startsWith('test seam WUYING_OTA_TEST_BACKOFF_MS'))
    expect(seamLogged).toBe(slept[0] === 10)
  })

  it('takes credentials from the environment it is given', async () => {
    const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'EnvKeyId1234', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'EnvSecret1234' }
    const { go } = setUp(
      without(VALID, 'access-key-id', 'access-key-secret'),
      { list: [listAnswer([PENDING_GROUP])], approve: [APPROVED] },
      env
    )
    await go()
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.info).toHaveBeenCalledWith('credentials: AccessKey from the ALIBABA_CLOUD_* environment variables')
    expect(core.setSecret.mock.calls.map(([value]) => value)).toEqual(['EnvKeyId1234', 'EnvSecret1234'])
  })

  it('drives the real client on the default path, signed with the input keys', async () => {
    const server = await startCannedServer()
    core.isDebug.mockReturnValue(true)
    try {
      server.reply({ body: listAnswer([PENDING_GROUP]) }, { body: APPROVED })
      core.getInput.mockImplementation((name) =>
        fakeGetInput({ ...VALID, endpoint: `http://${server.endpoint.host}`, 'signature-version': 'v2' })(name as never)
      )
      await run({ env: {}, now: () => NOW })
      expect(core.setFailed).not.toHaveBeenCalled()
      expect(server.requests.map((r) => r.query.Action)).toEqual(['ListAppInstanceGroup', 'ApproveOtaTask'])
      expect(server.requests[1]?.query.AccessKeyId).toBe(KEY_ID)
      expect(server.requests[1]?.form).toMatchObject({ TaskId: TASK_ID, StartTime: '2026-06-15T12:00:00+00:00' })
      expect(core.debug.mock.calls.map(([line]) => line).join('\n')).toContain('ApproveOtaTask response: HTTP 200')
    } finally {
      core.isDebug.mockReturnValue(false)
      await server.close()
    }
  })

  it("serialises no raw request or response when the runner's debug logging is off", async () => {
    const server = await startCannedServer()
    try {
      server.reply({ body: listAnswer([PENDING_GROUP]) }, { body: APPROVED })
      core.getInput.mockImplementation((name) =>
        fakeGetInput({ ...VALID, endpoint: `http://${server.endpoint.host}` })(name as never)
      )
      await run({ env: {}, now: () => NOW })
      expect(core.setFailed).not.toHaveBeenCalled()
      expect(core.debug).not.toHaveBeenCalled()
    } finally {
      await server.close()
    }
  })

  it('cuts the client calls at timeout-minutes, and at wait-timeout-minutes once the wait started', async () => {
    let options: ClientOptions | undefined
    const seen: { operation: string; remainingMs: number }[] = []
    const note = (operation: string) => seen.push({ operation, remainingMs: options?.remainingMs?.() ?? NaN })
    const api = fleetApi({
      groups: [fleetGroup(0), fleetGroup(1)],
      approve: () => (note('ApproveOtaTask'), { RequestId: '', Code: 'success' }),
      tasks: (request) => (note('ListOtaTask'), [task(fleetTaskId(Number(request.AppInstanceGroupId.slice(-4))), 'FINISHED')])
    })
    const ids = `${fleetGroupId(0)},${fleetGroupId(1)}`
    core.getInput.mockImplementation((name) =>
      fakeGetInput({ ...VALID, 'app-instance-group-id': ids, wait: 'true', 'wait-timeout-minutes': '45' })(name as never)
    )
    await run({ env: {}, now: () => NOW, sleep: async () => {}, createApi: (given) => ((options = given), api) })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(seen).toEqual([
      { operation: 'ApproveOtaTask', remainingMs: 10 * 60_000 },
      { operation: 'ApproveOtaTask', remainingMs: 10 * 60_000 },
      { operation: 'ListOtaTask', remainingMs: 45 * 60_000 },
      { operation: 'ListOtaTask', remainingMs: 45 * 60_000 }
    ])
    expect(outputs()).toMatchObject({
      code: 'success',
      'approved-count': '2',
      'failed-count': '0',
      message: '2 delivery groups: 2 approved'
    })
    expect(core.info).toHaveBeenCalledWith(
      `delivery groups: 2 in cn-hangzhou, approved 5 at a time: ${fleetGroupId(0)}, ${fleetGroupId(1)}`
    )
  })
})
