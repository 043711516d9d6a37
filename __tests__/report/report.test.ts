import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '../../__fixtures__/core.js'
import type { OtaResult } from '../../src/ota/run.js'

jest.unstable_mockModule('@actions/core', () => core)
const { writeEarlyFailure, writeReport } = await import('../../src/report/report.js')
const { OUTPUT_NAMES } = await import('../../src/report/outputs.js')
const { escapeHtml } = await import('../../src/common/html.js')
const { createLogger } = await import('../../src/common/log.js')
const logger = createLogger(core)
const { forgetSecrets, registerSecret } = await import('../../src/common/redact.js')
const { fleetOutcome, singleOutcome } = await import('../../src/ota/outcome.js')
const { earlyFailureOutputs, failedResult, groupResult } = await import('../../__fixtures__/results.js')
const { fleetGroupId } = await import('../../__fixtures__/fleet-api.js')

// The step's summary file, made empty for each test as the runner makes it for each step.
const scratch = mkdtempSync(join(tmpdir(), 'report-test-'))
const summaryFile = join(scratch, 'step_summary')

/** report writes the report of a one-group step. */
const report = (result: OtaResult): void => writeReport(singleOutcome(result), logger, { summaryFile })

const APPROVED_RESULT: OtaResult = {
  status: 'approved',
  approved: true,
  code: 'success',
  message: '',
  requestId: 'RID-APPROVE',
  appInstanceGroupId: 'aig-9ciijz60n4xsv1234',
  appInstanceGroupName: 'Sales apps',
  bizRegionId: 'cn-hangzhou',
  otaType: 'Fota',
  taskId: 'ota-be7jzm29wrrz5abcd',
  otaVersion: '1.0.2',
  newOtaVersion: '1.1.0',
  startTime: '2026-06-20T02:00:00+08:00',
  calls: [
    { operation: 'ListAppInstanceGroup', requestId: 'RID-LIST', code: '' },
    { operation: 'ApproveOtaTask', requestId: 'RID-APPROVE', code: 'success' }
  ]
}

const outputs = (): Record<string, unknown> => Object.fromEntries(core.setOutput.mock.calls.map(([name, value]) => [name, value]))
/** written returns what was appended to the summary file, entry by entry (the core fixture renders one JSON line each). */
const written = (): unknown[] =>
  readFileSync(summaryFile, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown)
const tables = (): string[][][] =>
  written().flatMap((entry) =>
    'table' in (entry as object)
      ? [(entry as { table: { data: string }[][] }).table.map((row) => row.map((cell) => cell.data))]
      : []
  )

beforeEach(() => {
  core.resetCore()
  writeFileSync(summaryFile, '')
})
afterEach(() => forgetSecrets())
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('writeReport', () => {
  it('sets every output of a scheduled update', () => {
    report(APPROVED_RESULT)
    expect(outputs()).toEqual({
      code: 'success',
      message: '',
      'request-id': 'RID-APPROVE',
      'task-id': 'ota-be7jzm29wrrz5abcd',
      'ota-version': '1.0.2',
      'new-ota-version': '1.1.0',
      'start-time': '2026-06-20T02:00:00+08:00',
      approved: 'true',
      'task-status': '',
      results: expect.any(String),
      'approved-count': '1',
      'failed-count': '0',
      'deployment-id': ''
    })
    expect(Object.keys(outputs())).toEqual([...OUTPUT_NAMES])
  })

  it('sets every output when nothing was approved', () => {
    report({
      ...APPROVED_RESULT,
      status: 'failed',
      approved: false,
      code: 'OtaTask.Running',
      message: 'The task is running and cannot be sumitted.',
      requestId: 'RID-RUNNING',
      failure: 'not scheduled'
    })
    expect(outputs()).toMatchObject({
      code: 'OtaTask.Running',
      message: 'The task is running and cannot be sumitted.',
      'request-id': 'RID-RUNNING',
      approved: 'false'
    })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(tables()[0]?.at(-1)).toEqual(['Step failed', 'not scheduled'])
  })

  it('writes a summary table of what was done and of each call', () => {
    report(APPROVED_RESULT)
    expect(written()[0]).toEqual({ heading: 'Wuying OTA update', level: 2 })
    expect(tables()).toEqual([
      [
        ['Item', 'Value'],
        ['Result', 'Scheduled'],
        ['Delivery group', 'aig-9ciijz60n4xsv1234 (Sales apps)'],
        ['Region', 'cn-hangzhou'],
        ['OTA type', 'Fota'],
        ['Version', '1.0.2 → 1.1.0'],
        ['Task', 'ota-be7jzm29wrrz5abcd'],
        ['Start time', '2026-06-20T02:00:00+08:00'],
        ['Code', 'success'],
        ['Message', '-'],
        ['Request id', 'RID-APPROVE']
      ],
      [
        ['API call', 'Code', 'Request id'],
        ['ListAppInstanceGroup', '-', 'RID-LIST'],
        ['ApproveOtaTask', 'success', 'RID-APPROVE']
      ]
    ])
    // Appended once, and the builder left empty for whatever writes a summary next.
    expect(written()).toHaveLength(3)
    expect(core.summary.buffer).toEqual([])
  })

  it('shows a skipped group with its current version and no task', () => {
    report({
      ...APPROVED_RESULT,
      status: 'skipped',
      approved: false,
      code: 'NoPendingUpdate',
      taskId: '',
      newOtaVersion: '',
      otaVersion: '1.1.0',
      startTime: ''
    })
    const rows = Object.fromEntries((tables()[0] ?? []).map(([item, value]) => [item, value]))
    expect(rows).toMatchObject({
      Result: 'Nothing to approve',
      Version: '1.1.0',
      Task: '-',
      'Start time': '-',
      Code: 'NoPendingUpdate'
    })
  })

  it('escapes HTML in every cell that comes from the API or the inputs', () => {
    report({
      ...APPROVED_RESULT,
      appInstanceGroupName: '<img src=x onerror="alert(1)">',
      message: "Tom & Jerry's <b>group</b>",
      calls: [{ operation: 'ApproveOtaTask', requestId: '<i>RID</i>', code: 'a&b' }]
    })
    const cells = tables().flat(2)
    expect(cells).toContain('aig-9ciijz60n4xsv1234 (&lt;img src=x onerror=&quot;alert(1)&quot;&gt;)')
    expect(cells).toContain('Tom &amp; Jerry&#39;s &lt;b&gt;group&lt;/b&gt;')
    expect(cells).toContain('&lt;i&gt;RID&lt;/i&gt;')
    expect(cells).toContain('a&amp;b')
    expect(cells.join('')).not.toMatch(/<(img|b|i)\b/)
  })

  it('keeps registered secrets out of outputs and the summary', () => {
    registerSecret('SuperSecretValue')
    report({ ...APPROVED_RESULT, message: 'echo SuperSecretValue' })
    expect(outputs().message).toBe('echo ***')
    expect(tables().flat(2).join('\n')).not.toContain('SuperSecretValue')
  })

  it('appends to the summary file, keeping what an earlier step wrote', () => {
    writeFileSync(summaryFile, 'an earlier step\n')
    report(APPROVED_RESULT)
    expect(readFileSync(summaryFile, 'utf8')).toMatch(/^an earlier step\n\{"heading":"Wuying OTA update","level":2\}\n/)
  })

  it('warns instead of failing when the runner has no summary file', () => {
    expect(() => writeReport(singleOutcome(APPROVED_RESULT), logger, { summaryFile: undefined })).not.toThrow()
    expect(core.warning).toHaveBeenCalledWith(
      'the job summary was not written: GITHUB_STEP_SUMMARY is not set: there is no summary file to append to'
    )
    expect(outputs().approved).toBe('true')
    expect(core.summary.buffer).toEqual([])
  })

  it('warns with the reason when the summary file cannot be written', () => {
    writeReport(singleOutcome(APPROVED_RESULT), logger, { summaryFile: scratch })
    expect(core.warning).toHaveBeenCalledTimes(1)
    expect(core.warning.mock.calls[0]?.[0]).toMatch(/^the job summary was not written: EISDIR: /)
    expect(outputs().approved).toBe('true')
  })
})

describe('writeReport for a fleet', () => {
  const raws = (): string[] => written().flatMap((entry) => ('raw' in (entry as object) ? [(entry as { raw: string }).raw] : []))

  it('sets the step code, a counting message, the results and the counts; the per-group outputs stay empty', () => {
    writeReport(
      fleetOutcome(
        [groupResult(0), failedResult(1, 'OtaTask.Running'), groupResult(2, { status: 'unchanged', approved: false })],
        false
      ),
      logger,
      { summaryFile }
    )
    const values = outputs()
    expect(values).toMatchObject({
      code: 'OtaTask.Running',
      message: '3 delivery groups: 1 approved, 1 unchanged, 1 failed',
      'request-id': 'RID-OtaTask.Running-1',
      'task-id': '',
      'ota-version': '',
      'new-ota-version': '',
      'start-time': '2026-06-20T02:00:00+08:00',
      approved: 'true',
      'task-status': '',
      'approved-count': '1',
      'failed-count': '1'
    })
    expect(JSON.parse(values.results as string).map((e: { id: string; status: string }) => [e.id, e.status])).toEqual([
      [fleetGroupId(0), 'approved'],
      [fleetGroupId(1), 'failed'],
      [fleetGroupId(2), 'unchanged']
    ])
    expect(Object.keys(values)).toEqual([...OUTPUT_NAMES])
  })

  it('writes the counts, one table row per group and the failure', () => {
    writeReport(fleetOutcome([groupResult(0), failedResult(1)], false), logger, { summaryFile })
    expect(written()[0]).toEqual({ heading: 'Wuying OTA update', level: 2 })
    expect(raws()[0]).toBe('<p>2 delivery groups: 1 approved, 1 failed</p>')
    expect(tables()[0]?.map((row) => row[0])).toEqual(['Group', `${fleetGroupId(0)} (group 0)`, `${fleetGroupId(1)} (group 1)`])
    expect(raws()[1]).toBe(
      `<p><strong>Step failed:</strong> 1 of 2 delivery groups failed: ${fleetGroupId(1)} (Forbidden.RAM)</p>`
    )
  })

  it('counts the groups the table leaves out and points at the results output', () => {
    writeReport(
      fleetOutcome(
        Array.from({ length: 1000 }, (_, n) => groupResult(n)),
        false
      ),
      logger,
      { summaryFile }
    )
    expect(tables()[0]).toHaveLength(301)
    expect(raws()).toContain('<p>and 700 more groups: see the <code>results</code> output</p>')
  })
})

describe('writeReport for one group that was waited for', () => {
  it('adds the task status to the outputs and the summary', () => {
    report({ ...APPROVED_RESULT, taskStatus: 'FINISHED' })
    expect(outputs()['task-status']).toBe('FINISHED')
    const rows = Object.fromEntries((tables()[0] ?? []).map(([item, value]) => [item, value]))
    expect(rows['Task status']).toBe('FINISHED')
  })
})

describe('writeEarlyFailure', () => {
  it('sets every output, with zero counts, and names the refused input in the summary', () => {
    writeEarlyFailure(
      {
        code: 'InvalidInput',
        message: 'start-time: "x" is not a start time',
        input: 'start-time',
        stage: 'reading the inputs',
        beforeAnyApproval: true
      },
      logger,
      { summaryFile }
    )
    expect(outputs()).toEqual(earlyFailureOutputs('InvalidInput', 'start-time: "x" is not a start time'))
    const rows = Object.fromEntries(tables()[0]?.map(([item, value]) => [item, value]) ?? [])
    expect(rows).toMatchObject({
      Result: 'Not scheduled: the step stopped before any approval',
      Input: 'start-time',
      Code: 'InvalidInput',
      Message: 'start-time: &quot;x&quot; is not a start time'
    })
  })

  it('says approved is unknown when the step failed unexpectedly after it began', () => {
    writeEarlyFailure({ code: 'UnexpectedError', message: 'boom', stage: 'running the step', beforeAnyApproval: false }, logger, {
      summaryFile
    })
    expect(outputs().approved).toBe('unknown')
    expect(tables()[0]?.find(([item]) => item === 'Result')?.[1]).toMatch(/^Unknown: /)
  })
})

describe('escapeHtml', () => {
  it.each([
    ['<script>', '&lt;script&gt;'],
    ['a & b', 'a &amp; b'],
    ['"quoted"', '&quot;quoted&quot;'],
    ["it's", 'it&#39;s'],
    ['plain 1.0 → 1.1', 'plain 1.0 → 1.1']
  ])('escapes %s', (text, expected) => {
    expect(escapeHtml(text)).toBe(expected)
  })
})
