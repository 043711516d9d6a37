/**
 * The fault matrix, end to end: every fault the emulator can inject, on each operation the action calls, in both
 * signing modes, through the built dist/index.js. Each run must approve the group exactly once, tell the truth in
 * its outputs, exit 0, and never show the secret, the security token or a signature.
 */
import { describe, expect, it } from '@jest/globals'
import { runAction, type ActionRun } from '../../__fixtures__/action.js'
import { FAST_BACKOFF, STEP_DEBUG, leakedSecrets, STS_INPUTS } from '../../__fixtures__/e2e.js'
import { type Emulator, type FaultSpec, type RequestLogEntry } from '../../emulator/index.js'
import { useEmulator } from '../../__fixtures__/emulator.js'

const GROUP = 'aig-hzdesign01'
const TASK = 'ota-hzdesign01a'
const RETRY_AFTER_MS = 300

let emu: Emulator
useEmulator((started) => (emu = started))

function run(signatureVersion: string, env: Record<string, string> = {}): Promise<ActionRun> {
  return runAction(
    {
      ...STS_INPUTS,
      endpoint: emu.url,
      'app-instance-group-id': GROUP,
      'biz-region-id': 'cn-hangzhou',
      'signature-version': signatureVersion,
      'request-timeout-seconds': '1'
    },
    { env: { ...FAST_BACKOFF, ...STEP_DEBUG, ...env } }
  )
}

const approvals = () => emu.state().tasks.filter((t) => t.AppInstanceGroupId === GROUP)
const steps = (requests: RequestLogEntry[]) => requests.map((r) => `${r.action}${r.fault ? `:${r.fault}` : ''}`)

type Operation = 'ListAppInstanceGroup' | 'ApproveOtaTask'
type Fault = Omit<FaultSpec, 'operation'>

/** What the run must show: the request sequence, and which request's id is the `request-id` output. */
interface Expected {
  readonly sequence: string[]
  /** Index into the request log of the call whose RequestId the output must carry. */
  readonly requestIdOf: number
  readonly readBack: boolean
}

const L = 'ListAppInstanceGroup'
const A = 'ApproveOtaTask'

const FAULTS: Array<[string, Fault]> = [
  ['throttled twice', { kind: 'throttle', count: 2 }],
  ['throttled twice with x-acs-retry-after', { kind: 'throttle', count: 2, retryAfterSeconds: RETRY_AFTER_MS / 1000 }],
  ['a 500 JSON error', { kind: 'error-500' }],
  ['a 503 JSON error', { kind: 'error-503' }],
  ['a 503 HTML page', { kind: 'html-503' }],
  ['dropped before the change', { kind: 'drop-before' }],
  ['dropped after the change', { kind: 'drop-after' }],
  ['slower than the request timeout', { kind: 'delay', delayMs: 2500 }]
]

/** expected returns what each fault must lead to: lookups and throttled approvals are simply retried; other approval faults are read back. */
function expected(operation: Operation, fault: Fault): Expected {
  const faulted = `${operation}:${fault.kind}`
  const times = fault.count ?? 1
  if (operation === L) {
    return { sequence: [...Array(times).fill(faulted), L, A], requestIdOf: times + 1, readBack: false }
  }
  if (fault.kind === 'throttle')
    return { sequence: [L, ...Array(times).fill(faulted), A], requestIdOf: times + 1, readBack: false }
  // Applied, but the answer was lost: the read-back confirms it, and its request id is the output.
  if (fault.kind === 'drop-after' || fault.kind === 'delay') return { sequence: [L, faulted, L], requestIdOf: 2, readBack: true }
  // Not applied (the gateway failed it), but the action cannot know: read back, find the task pending, approve again.
  return { sequence: [L, faulted, L, A], requestIdOf: 3, readBack: false }
}

describe.each(['v3', 'v2'])('the built action under faults, signature-version %s', (signatureVersion) => {
  describe.each<Operation>([L, A])('on %s', (operation) => {
    it.each(FAULTS)('approves exactly once and reports it truthfully when %s', async (_, fault) => {
      emu.addFault({ operation, ...fault })
      const result = await run(signatureVersion)

      const requests = emu.requests()
      const want = expected(operation, fault)
      expect(steps(requests)).toEqual(want.sequence)
      expect(result.exitCode).toBe(0)
      expect(approvals()).toEqual([expect.objectContaining({ TaskId: TASK, OtaVersion: '1.5.0' })])
      expect(result.outputs).toMatchObject({
        code: 'success',
        approved: 'true',
        'task-id': TASK,
        'request-id': requests[want.requestIdOf]?.requestId
      })
      if (want.readBack)
        expect(result.outputs.message).toMatch(
          /^approval confirmed by reading back: the group's pending task moved on from ota-hzdesign01a/
        )
      else expect(result.outputs.message).toBe('')
      expect(leakedSecrets(result, emu)).toEqual([])
    })
  })

  it('waits at least x-acs-retry-after before retrying a throttled call, which max-attempts does not count', async () => {
    emu.addFault({ operation: A, kind: 'throttle', count: 1, retryAfterSeconds: RETRY_AFTER_MS / 1000 })
    const result = await run(signatureVersion)
    expect(result.exitCode).toBe(0)
    const [, throttled, retried] = emu.requests().map((r) => Date.parse(r.time))
    expect((retried as number) - (throttled as number)).toBeGreaterThanOrEqual(RETRY_AFTER_MS - 5)
    expect(result.stdout).toMatch(
      /ApproveOtaTask failed with Throttling\.User \(request id [0-9A-F-]+\): throttled 1 time \(not counted against max-attempts 5\); retrying in 3\d\d ms/
    )
  })
})

describe('the built action with the runner debug logging on', () => {
  it('prints raw requests and responses under ::debug:: only, with every secret redacted', async () => {
    emu.addFault({ operation: 'ApproveOtaTask', kind: 'drop-before' })
    const result = await run('v2')

    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/^::debug::ListAppInstanceGroup request: /m)
    expect(result.stdout).toMatch(/^::debug::ApproveOtaTask failed: /m)
    expect(leakedSecrets(result, emu)).toEqual([])
  })
})
