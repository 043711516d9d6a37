import { describe, expect, it } from '@jest/globals'
import { deploymentDescription, deploymentRequest, MAX_PAYLOAD_GROUPS } from '../../src/github/plan.js'
import type { OtaResult } from '../../src/ota/run.js'
import { runContextFrom } from '../../src/github/context.js'
import { clipDescription, finalStatus, inProgressStatus, isUndetermined, MAX_DESCRIPTION } from '../../src/github/status.js'
import { failedResult, groupResult, planOfResults } from '../../__fixtures__/results.js'
import { fleetGroupId } from '../../__fixtures__/fleet-api.js'

const START = '2026-06-20T02:00:00+08:00'
const g = fleetGroupId

const plan = (results: readonly OtaResult[]) => planOfResults(results)

describe('finalStatus', () => {
  it.each([
    {
      name: 'approved without wait',
      results: [groupResult(0), groupResult(1)],
      waited: false,
      expected: { state: 'success', description: `Scheduled (not waited for): 2 groups approved to start ${START}` }
    },
    {
      name: 'approved without wait, one already under way',
      results: [groupResult(0), groupResult(1, { status: 'unchanged', code: 'OtaTask.Running' })],
      waited: false,
      expected: {
        state: 'success',
        description: `Scheduled (not waited for): 1 group approved to start ${START}; 1 already scheduled or running`
      }
    },
    {
      name: 'only groups already under way',
      results: [groupResult(0, { status: 'unchanged', code: 'OtaTask.Running' })],
      waited: false,
      expected: { state: 'success', description: 'Under way: 1 group already scheduled or running' }
    },
    {
      name: 'waited and finished',
      results: [groupResult(0, { taskStatus: 'FINISHED' }), groupResult(1, { taskStatus: 'FINISHED' })],
      waited: true,
      expected: { state: 'success', description: 'Finished: 2 groups updated to 1.1.0' }
    },
    {
      name: 'waited, one PART_FINISHED',
      results: [groupResult(0, { taskStatus: 'FINISHED' }), groupResult(1, { taskStatus: 'PART_FINISHED' })],
      waited: true,
      expected: {
        state: 'success',
        description: `Finished with warnings: 1 of 2 groups PART_FINISHED, check their instances: ${g(1)}`
      }
    },
    {
      name: 'the approval refused (OtaTask.Running, one group)',
      results: [failedResult(0, 'OtaTask.Running')],
      waited: false,
      expected: { state: 'failure', description: `Failed: ${g(0)} (OtaTask.Running)` }
    },
    {
      name: 'a task FAILED',
      results: [groupResult(0, { taskStatus: 'FINISHED' }), failedResult(1, 'TaskFailed')],
      waited: true,
      expected: { state: 'failure', description: `Failed: 1 of 2 groups: ${g(1)} (TaskFailed)` }
    },
    {
      name: 'a task TERMINATED',
      results: [failedResult(0, 'TaskTerminated')],
      waited: true,
      expected: { state: 'failure', description: `Failed: ${g(0)} (TaskTerminated)` }
    },
    {
      name: 'the wait timed out',
      results: [failedResult(0, 'WaitTimeout')],
      waited: true,
      expected: { state: 'error', description: `Outcome unknown: ${g(0)} (WaitTimeout)` }
    },
    {
      name: 'a refusal and a time-out (the refusal wins)',
      results: [failedResult(0, 'StepTimeout'), failedResult(1, 'Forbidden.RAM')],
      waited: false,
      expected: { state: 'failure', description: `Failed: 1 of 2 groups: ${g(1)} (Forbidden.RAM)` }
    },
    {
      name: 'a call that gave up on throttling',
      results: [failedResult(0, 'Throttling.User')],
      waited: false,
      expected: { state: 'error', description: `Outcome unknown: ${g(0)} (Throttling.User)` }
    }
  ])('is $expected.state when $name', ({ results, waited, expected }) => {
    expect(finalStatus({ results }, waited)).toEqual(expected)
  })

  it('is error, naming the fault, when the step stopped on something thrown', () => {
    expect(finalStatus({ results: [groupResult(0)], fault: 'boom: socket hang up' }, false)).toEqual({
      state: 'error',
      description: 'Error: boom: socket hang up'
    })
  })

  it('counts only the planned groups', () => {
    const results = [groupResult(0), failedResult(1, 'NoPendingUpdate')]
    expect(finalStatus({ results }, false, [g(0)]).state).toBe('success')
  })

  it('is error when none of the planned groups was reported', () => {
    expect(finalStatus({ results: [] }, false, [g(0)]).state).toBe('error')
  })

  it('keeps every description within 140 characters', () => {
    const results = Array.from({ length: 40 }, (_, n) => failedResult(n, 'InvalidParameter.SomethingRatherLong'))
    const { description } = finalStatus({ results }, true)
    expect(description.length).toBeLessThanOrEqual(MAX_DESCRIPTION)
    expect(description.endsWith('…')).toBe(true)
  })
})

describe('isUndetermined', () => {
  it.each([
    ['WaitTimeout', true],
    ['StepTimeout', true],
    ['ECONNRESET', true],
    ['HTTP503', true],
    ['ServiceUnavailable', true],
    ['TaskFailed', false],
    ['OtaTask.Running', false],
    ['InvalidParameter.StartTime', false]
  ])('tells %s → %s', (code, expected) => {
    expect(isUndetermined(code)).toBe(expected)
  })
})

describe('clipDescription', () => {
  it('cuts at 140 characters without splitting a surrogate pair', () => {
    const clipped = clipDescription(`${'x'.repeat(138)}😀😀`)
    expect(clipped.length).toBeLessThanOrEqual(MAX_DESCRIPTION)
    expect(clipped).toBe(`${'x'.repeat(138)}…`)
  })

  it('puts the text on one line', () => {
    expect(clipDescription('a\nb\t c')).toBe('a b c')
  })
})

describe('the deployment request', () => {
  const context = runContextFrom({
    eventName: 'release',
    payload: { release: { tag_name: 'v2.4.0' } },
    sha: 'abcdef0123456789abcdef0123456789abcdef01',
    ref: 'refs/tags/v2.4.0',
    actor: 'bot',
    runId: 7,
    runAttempt: 2,
    serverUrl: 'https://github.com',
    apiUrl: 'https://api.github.com',
    repo: { owner: 'o', repo: 'r' }
  })

  it('never merges, checks no status contexts, and names the groups and the step in the payload', () => {
    expect(deploymentRequest(plan([groupResult(0)]), 'production', context, 'key-1')).toEqual({
      ref: 'v2.4.0',
      task: 'deploy:wuying-ota',
      auto_merge: false,
      required_contexts: [],
      environment: 'production',
      description: 'Wuying OTA (Fota) of 1 group in cn-hangzhou to 1.1.0',
      transient_environment: false,
      payload: {
        region: 'cn-hangzhou',
        otaType: 'Fota',
        groupCount: 1,
        groups: [{ id: g(0), taskId: groupResult(0).taskId, otaVersion: '1.0.0', newOtaVersion: '1.1.0', startTime: START }],
        run: { id: 7, attempt: 2, url: 'https://github.com/o/r/actions/runs/7/attempts/2', key: 'key-1' }
      }
    })
  })

  it(`lists at most ${MAX_PAYLOAD_GROUPS} groups in the payload and counts them all`, () => {
    const { payload } = deploymentRequest(plan(Array.from({ length: 250 }, (_, n) => groupResult(n))), 'production', context, 'k')
    expect(payload.groups).toHaveLength(MAX_PAYLOAD_GROUPS)
    expect(payload.groupCount).toBe(250)
  })

  it('describes several target versions by their number', () => {
    expect(deploymentDescription(plan([groupResult(0), groupResult(1, { newOtaVersion: '2.0.0' })]))).toBe(
      'Wuying OTA (Fota) of 2 groups in cn-hangzhou to 2 versions'
    )
  })

  it('says what the in_progress status covers', () => {
    expect(inProgressStatus(3, 'cn-hangzhou', true)).toEqual({
      state: 'in_progress',
      description: 'Approving 3 groups in cn-hangzhou, then waiting for the update'
    })
  })
})
