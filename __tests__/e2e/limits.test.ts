/**
 * End to end, the limits of the retry policy through the built dist/index.js: attempts that run out, errors that are
 * never retried (with what to do about them), the step's time limit, the read-back of a given task-id, and DEBUG.
 */
import { describe, expect, it } from '@jest/globals'
import { runAction, type ActionRun } from '../../__fixtures__/action.js'
import { FAST_BACKOFF, STEP_DEBUG, leakedSecrets, skewedClockEnv, STS_INPUTS, visible } from '../../__fixtures__/e2e.js'
import { INACTIVE_KEY, TEST_KEY } from '../../__fixtures__/emulator-client.js'
import { type Emulator } from '../../emulator/index.js'
import { useEmulator } from '../../__fixtures__/emulator.js'

const GROUP = { 'app-instance-group-id': 'aig-hzdesign01', 'biz-region-id': 'cn-hangzhou' }
const TASK = 'ota-hzdesign01a'

let emu: Emulator
useEmulator((started) => (emu = started))

function run(inputs: Record<string, string>, env: Record<string, string> = {}, timeoutMs?: number): Promise<ActionRun> {
  return runAction(
    { endpoint: emu.url, ...GROUP, ...inputs },
    { env: { ...FAST_BACKOFF, ...STEP_DEBUG, ...env }, ...(timeoutMs ? { timeoutMs } : {}) }
  )
}

const approvals = () => emu.state().tasks.filter((t) => t.AppInstanceGroupId === GROUP['app-instance-group-id'])
const actions = () => emu.requests().map((r) => r.action)
const errorLine = (result: ActionRun) => result.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? ''

describe('the built action when attempts run out', () => {
  it('retries a lookup throttled more often than max-attempts, since throttling is not counted, and approves', async () => {
    emu.addFault({ operation: 'ListAppInstanceGroup', kind: 'throttle', count: 10 })
    const result = await run({ ...STS_INPUTS, 'max-attempts': '3' })

    expect(result.exitCode).toBe(0)
    expect(actions()).toEqual([...Array(11).fill('ListAppInstanceGroup'), 'ApproveOtaTask'])
    expect(result.outputs).toMatchObject({ code: 'success', approved: 'true', 'task-id': TASK })
    expect(result.stdout).toContain('throttled 10 times (not counted against max-attempts 3)')
    expect(approvals()).toHaveLength(1)
  })

  it('gives a lookup that stays throttled up only when timeout-minutes is near, naming the code and StepTimeout', async () => {
    emu.addFault({ operation: 'ListAppInstanceGroup', kind: 'throttle', count: 100_000 })
    const started = Date.now()
    const result = await run({ ...STS_INPUTS, 'max-attempts': '3', 'timeout-minutes': '0.1' })

    expect(result.exitCode).toBe(1)
    // Far more attempts than max-attempts, all within the 6 s limit.
    expect(actions().length).toBeGreaterThan(10)
    expect(Date.now() - started).toBeLessThan(15_000)
    expect(result.outputs).toMatchObject({ code: 'StepTimeout', approved: 'false' })
    expect(errorLine(result)).toMatch(
      /^::error::failed to look up delivery group aig-hzdesign01 in cn-hangzhou: StepTimeout: the step's time limit \(timeout-minutes: 0\.1\) (leaves no time for|passed while) ListAppInstanceGroup attempt \d+ \(after \d+ throttled, which max-attempts 3 does not count\)/
    )
    expect(approvals()).toEqual([])
  }, 20_000)

  it('fails approvals that keep dropping, read back after each, and says the task was not approved', async () => {
    emu.addFault({ operation: 'ApproveOtaTask', kind: 'drop-before', count: 10 })
    const result = await run({ ...STS_INPUTS, 'max-attempts': '2' })

    expect(result.exitCode).toBe(1)
    expect(actions()).toEqual([
      'ListAppInstanceGroup',
      'ApproveOtaTask',
      'ListAppInstanceGroup',
      'ApproveOtaTask',
      'ListAppInstanceGroup'
    ])
    expect(result.outputs).toMatchObject({ code: 'ECONNRESET', approved: 'false', 'task-id': TASK })
    expect(errorLine(result)).toMatch(
      new RegExp(
        `; gave up after 2 attempts; read back \\(request id ${emu.requests()[4]?.requestId}\\): task ${TASK} is still pending, so it was not approved$`
      )
    )
    expect(approvals()).toEqual([])
    expect(leakedSecrets(result, emu)).toEqual([])
  })
})

describe.each(['v3', 'v2'])('the built action on errors that are never retried, signature-version %s', (signatureVersion) => {
  it.each([
    {
      name: 'an inactive AccessKey',
      inputs: { 'access-key-id': INACTIVE_KEY.accessKeyId, 'access-key-secret': INACTIVE_KEY.accessKeySecret },
      env: {},
      code: 'InvalidAccessKeyId.Inactive',
      hint: 'check the AccessKey ID and that the key is enabled'
    },
    {
      name: 'a wrong AccessKey secret',
      inputs: { 'access-key-id': TEST_KEY.accessKeyId, 'access-key-secret': 'WrongSecretForTheTestKey0123' },
      env: {},
      code: 'SignatureDoesNotMatch',
      hint: 'check the AccessKey secret'
    },
    {
      name: "a runner's clock 20 minutes fast",
      inputs: { 'access-key-id': TEST_KEY.accessKeyId, 'access-key-secret': TEST_KEY.accessKeySecret },
      env: skewedClockEnv(20 * 60_000),
      code: 'InvalidTimeStamp.Expired',
      hint: "check the runner's clock"
    }
  ])(
    'fails on $name after exactly one request, with the code, the request id and what to do',
    async ({ inputs, env, code, hint }) => {
      const result = await run({ ...inputs, 'signature-version': signatureVersion }, env)

      expect(result.exitCode).toBe(1)
      const requests = emu.requests()
      expect(requests.map((r) => [r.action, r.code])).toEqual([['ListAppInstanceGroup', code]])
      expect(result.outputs).toMatchObject({ code, approved: 'false', 'request-id': requests[0]?.requestId })
      expect(errorLine(result)).toContain(`${code}: `)
      expect(errorLine(result)).toContain(`request id ${requests[0]?.requestId}`)
      expect(errorLine(result)).toContain(hint)
      expect(visible(result)).not.toContain(inputs['access-key-secret'])
      expect(visible(result)).not.toContain(requests[0]?.signature)
    }
  )
})

describe('the built action at its time limit', () => {
  it('fails when timeout-minutes passes during an approval, naming it, and exits at once', async () => {
    emu.addFault({ operation: 'ApproveOtaTask', kind: 'delay', delayMs: 60_000 })
    const result = await run({ ...STS_INPUTS, 'timeout-minutes': '0.1', 'request-timeout-seconds': '30' }, {}, 20_000)

    expect(result.exitCode).toBe(1)
    expect(result.ms).toBeLessThan(9000)
    expect(actions()).toEqual(['ListAppInstanceGroup', 'ApproveOtaTask'])
    // The approval was outstanding when the limit passed: it may have been applied, and the output says so.
    expect(result.outputs).toMatchObject({ code: 'StepTimeout', approved: 'unknown', 'task-id': TASK })
    expect(errorLine(result)).toBe(
      `::error::failed to approve OTA task ${TASK} of group aig-hzdesign01: StepTimeout: the step's time limit (timeout-minutes: 0.1) ` +
        'passed while ApproveOtaTask attempt 1 of 5 was outstanding; the task may have been scheduled anyway: check the group before running the step again'
    )
    // The delayed approval was applied: the step cannot know, and says so instead of claiming either way.
    expect(approvals()).toHaveLength(1)
  }, 30_000)
})

describe('the built action with task-id given', () => {
  it('confirms a dropped approval from ListOtaTask, as the group alone cannot tell', async () => {
    emu.addFault({ operation: 'ApproveOtaTask', kind: 'drop-after' })
    const result = await run({ ...STS_INPUTS, 'task-id': TASK, 'start-time': '+1h' })

    expect(result.exitCode).toBe(0)
    const requests = emu.requests()
    expect(requests.map((r) => r.action)).toEqual(['ApproveOtaTask', 'ListAppInstanceGroup', 'ListOtaTask'])
    expect(result.outputs).toMatchObject({
      code: 'success',
      approved: 'true',
      'task-id': TASK,
      'request-id': requests[2]?.requestId,
      message: `approval confirmed by reading back: ListOtaTask shows task ${TASK} as STANDBY`
    })
    expect(approvals()).toHaveLength(1)
  })

  it('approves the given task again when the read-back shows it still pending', async () => {
    emu.addFault({ operation: 'ApproveOtaTask', kind: 'drop-before' })
    const result = await run({ ...STS_INPUTS, 'task-id': TASK })

    expect(result.exitCode).toBe(0)
    expect(actions()).toEqual(['ApproveOtaTask', 'ListAppInstanceGroup', 'ApproveOtaTask'])
    expect(approvals()).toHaveLength(1)
  })
})

describe('the built action with DEBUG set in the workflow', () => {
  // httpx logs the signed request line and headers (`httpx:*`), @alicloud/credentials its signing (`sign`).
  it.each(['*', 'httpx:*', 'sign'])('keeps the client library from logging under DEBUG=%s', async (debug) => {
    emu.addFault({ operation: 'ApproveOtaTask', kind: 'drop-before' })
    const result = await run({ ...STS_INPUTS, 'signature-version': 'v2' }, { DEBUG: debug })

    expect(result.exitCode).toBe(0)
    expect(result.stderr).toBe('')
    expect(leakedSecrets(result, emu)).toEqual([])
  })
})
