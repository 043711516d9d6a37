import { afterEach, describe, expect, it } from '@jest/globals'
import { countLine, fleetOutcome, singleOutcome } from '../../src/ota/outcome.js'
import { MAX_RESULT_MESSAGE, resultEntry, resultsJson } from '../../src/report/results.js'
import { forgetSecrets, registerSecret } from '../../src/common/redact.js'
import { failedResult, groupResult, worstCaseResult } from '../../__fixtures__/results.js'
import { fleetGroupId, fleetTaskId } from '../../__fixtures__/fleet-api.js'

afterEach(() => forgetSecrets())

describe('resultEntry', () => {
  it('names every field like the step outputs', () => {
    expect(resultEntry(groupResult(3, { taskStatus: 'FINISHED' }))).toEqual({
      id: fleetGroupId(3),
      name: 'group 3',
      region: 'cn-hangzhou',
      'task-id': fleetTaskId(3),
      'ota-version': '1.0.0',
      'new-ota-version': '1.1.0',
      'start-time': '2026-06-20T02:00:00+08:00',
      code: 'success',
      message: '',
      'request-id': 'RID-APPROVE-3',
      status: 'approved',
      'task-status': 'FINISHED',
      'release-note': ''
    })
  })

  it('reports a group skipped under if-no-update: fail as failed', () => {
    expect(
      resultEntry(groupResult(1, { status: 'skipped', code: 'NoPendingUpdate', failure: 'nothing, and if-no-update is fail' }))
        .status
    ).toBe('failed')
    expect(resultEntry(groupResult(1, { status: 'skipped', code: 'NoPendingUpdate' })).status).toBe('skipped')
  })

  it('cuts a long message and leaves task-status empty when not waited for', () => {
    const entry = resultEntry(groupResult(1, { message: 'm'.repeat(500) }))
    expect(entry.message).toHaveLength(MAX_RESULT_MESSAGE)
    expect(entry.message.endsWith('…')).toBe(true)
    expect(entry['task-status']).toBe('')
  })

  it('redacts registered secrets before the JSON escaping could hide them', () => {
    registerSecret('Secret"Value')
    const json = resultsJson([groupResult(1, { message: 'leaked Secret"Value here' })])
    expect(json).not.toContain('Secret')
    expect(JSON.parse(json)[0].message).toBe('leaked *** here')
  })
})

describe('resultsJson', () => {
  it('is a compact JSON array in input order', () => {
    const json = resultsJson([groupResult(2), groupResult(1)])
    expect(json).not.toMatch(/\n|": /)
    expect((JSON.parse(json) as { id: string }[]).map((e) => e.id)).toEqual([fleetGroupId(2), fleetGroupId(1)])
  })

  it('stays below 1 MiB for 1,000 groups even with the longest texts', () => {
    const json = resultsJson(Array.from({ length: 1000 }, (_, n) => worstCaseResult(n)))
    expect(Buffer.byteLength(json)).toBeLessThan(1024 * 1024)
    expect(JSON.parse(json)).toHaveLength(1000)
  })
})

describe('fleetOutcome', () => {
  it('is success when no group failed', () => {
    const outcome = fleetOutcome([groupResult(0), groupResult(1, { status: 'skipped', code: 'NoPendingUpdate' })], false)
    expect(outcome).toMatchObject({ single: false, code: 'success', message: '2 delivery groups: 1 approved, 1 skipped' })
    expect(outcome.failure).toBeUndefined()
  })

  it('is DryRun for a dry run without failures', () => {
    expect(fleetOutcome([groupResult(0, { status: 'would-approve', code: 'DryRun', approved: false })], true)).toMatchObject({
      code: 'DryRun',
      message: 'dry run: 1 delivery group: 1 would-approve'
    })
  })

  it('takes the code of the first failed group in input order and names every failed group', () => {
    const outcome = fleetOutcome(
      [groupResult(0), failedResult(1, 'OtaTask.Running'), groupResult(2), failedResult(3, 'InvalidAppInstanceGroup.NotFound')],
      false
    )
    expect(outcome.code).toBe('OtaTask.Running')
    expect(outcome.failure).toBe(
      `2 of 4 delivery groups failed: ${fleetGroupId(1)} (OtaTask.Running), ${fleetGroupId(3)} (InvalidAppInstanceGroup.NotFound)`
    )
  })

  it('reports the failure code but does not fail the step for groups excused by fail-on-error: false', () => {
    const excused = { ...failedResult(1), failure: undefined }
    const outcome = fleetOutcome([groupResult(0), excused], false)
    expect(outcome.code).toBe('Forbidden.RAM')
    expect(outcome.failure).toBeUndefined()
  })
})

describe('singleOutcome', () => {
  it('keeps the group code, message and failure', () => {
    expect(singleOutcome(failedResult(0))).toMatchObject({
      single: true,
      code: 'Forbidden.RAM',
      message: 'Forbidden.RAM happened',
      failure: 'group 0 failed with Forbidden.RAM'
    })
  })
})

describe('countLine', () => {
  it('counts each status present, in a fixed order', () => {
    const results = [
      failedResult(0),
      groupResult(1),
      groupResult(2, { status: 'unchanged' }),
      groupResult(3, { status: 'skipped' }),
      groupResult(4)
    ]
    expect(countLine(results)).toBe('5 delivery groups: 2 approved, 1 unchanged, 1 skipped, 1 failed')
  })
})
