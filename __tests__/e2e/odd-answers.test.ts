/**
 * End to end, answers the emulator cannot give, from a scripted fixture API (__fixtures__/scripted-api.ts) through the
 * built dist/index.js: ApproveOtaTask without a Code or with `Success` (read back, approved once at most), task statuses
 * the docs do not list (PAUSED), a TotalCount of 10^9 or 10^12 (bounded requests), a throttling answer in plain text,
 * and the approved task on page 2 of ListOtaTask.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { AppInstanceGroupModel } from '../../src/common/api.js'
import type { ResultEntry } from '../../src/report/results.js'
import { runAction, type ActionRun } from '../../__fixtures__/action.js'
import { FAST_BACKOFF } from '../../__fixtures__/e2e.js'
import { task } from '../../__fixtures__/fleet-api.js'
import { GROUP_ID, listAnswer, PENDING_GROUP, REGION, ROTATED_GROUP, TASK_ID, taskList } from '../../__fixtures__/groups.js'
import { json, startScriptedApi, type ScriptedApi, type ScriptedHandler } from '../../__fixtures__/scripted-api.js'

const KEYS = { 'access-key-id': 'LTAI5tScriptedKey01', 'access-key-secret': 'ScriptedSecretValue01' }
const SEAMS = { ...FAST_BACKOFF, WUYING_OTA_TEST_POLL_MS: '50,100' }
const RELEASE_NOTE: ScriptedHandler = () => json({ RequestId: 'RID-NOTE', Code: 'success', ReleaseNote: 'Fixes.' })

let api: ScriptedApi | undefined
afterEach(async () => {
  await api?.close()
  api = undefined
})

async function run(handlers: Parameters<typeof startScriptedApi>[0], inputs: Record<string, string> = {}): Promise<ActionRun> {
  api = await startScriptedApi({ GetOtaTaskByTaskId: RELEASE_NOTE, ...handlers })
  return runAction(
    { ...KEYS, endpoint: api.url, 'app-instance-group-id': GROUP_ID, 'biz-region-id': REGION, ...inputs },
    { env: SEAMS, timeoutMs: 60_000 }
  )
}

const operations = () => (api?.calls() ?? []).map((call) => call.operation).filter((op) => op !== 'GetOtaTaskByTaskId')
const errorLine = (result: ActionRun) => result.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? ''
const results = (result: ActionRun): ResultEntry[] => JSON.parse(result.outputs.results ?? 'null') as ResultEntry[]

describe.each([
  { said: 'without a Code', answer: { RequestId: 'RID-APPROVE' } },
  { said: 'with Code Success', answer: { RequestId: 'RID-APPROVE', Code: 'Success' } }
])('the built action when ApproveOtaTask answers HTTP 200 $said', ({ answer }) => {
  it('reads the group back, finds the approval applied and reports it approved, approving once', async () => {
    const result = await run({
      ListAppInstanceGroup: (_, n) => json(listAnswer([n === 0 ? PENDING_GROUP : ROTATED_GROUP], `RID-LIST-${n}`)),
      ApproveOtaTask: () => json(answer)
    })

    expect(result.exitCode).toBe(0)
    expect(operations()).toEqual(['ListAppInstanceGroup', 'ApproveOtaTask', 'ListAppInstanceGroup'])
    expect(result.outputs).toMatchObject({ approved: 'true', code: 'success', 'request-id': 'RID-LIST-1', 'task-id': TASK_ID })
    expect(result.outputs.message).toMatch(/^approval confirmed by reading back: the group's pending task moved on from /)
  })

  it('fails as not approved, without a second approval, when the task is still pending', async () => {
    const result = await run({
      ListAppInstanceGroup: (_, n) => json(listAnswer([PENDING_GROUP], `RID-LIST-${n}`)),
      ApproveOtaTask: () => json(answer)
    })

    expect(result.exitCode).toBe(1)
    expect(operations()).toEqual(['ListAppInstanceGroup', 'ApproveOtaTask', 'ListAppInstanceGroup'])
    expect(result.outputs).toMatchObject({ approved: 'false', code: 'InvalidResponse', 'request-id': 'RID-APPROVE' })
    expect(errorLine(result)).toMatch(
      /: InvalidResponse: ApproveOtaTask answered .*, which neither confirms nor refuses the approval .*; read back \(request id RID-LIST-1\): task .* is still pending, so it was not approved$/
    )
  })
})

describe('the built action when ListOtaTask shows a PAUSED task', () => {
  it('predicts OtaTask.Running in a dry run, naming the status it does not know', async () => {
    const result = await run(
      {
        ListAppInstanceGroup: () => json(listAnswer([PENDING_GROUP], 'RID-LIST')),
        ListOtaTask: () => json(taskList([task('ota-paused00000001', 'PAUSED')], 'RID-TASKS'))
      },
      { 'dry-run': 'true' }
    )

    expect(result.exitCode).toBe(1)
    expect(operations()).toEqual(['ListAppInstanceGroup', 'ListOtaTask'])
    expect(result.outputs).toMatchObject({ approved: 'false', code: 'OtaTask.Running', 'request-id': 'RID-TASKS' })
    expect(errorLine(result)).toContain(
      'is already under way (task ota-paused00000001 is PAUSED (not a documented status: taken as under way, not final))'
    )
  })

  it('waits on through PAUSED until the approved task finishes', async () => {
    const result = await run(
      {
        ListAppInstanceGroup: () => json(listAnswer([PENDING_GROUP], 'RID-LIST')),
        ApproveOtaTask: () => json({ RequestId: 'RID-APPROVE', Code: 'success' }),
        ListOtaTask: (_, n) => json(taskList([task(TASK_ID, n < 3 ? 'PAUSED' : 'FINISHED')], `RID-TASKS-${n}`))
      },
      { wait: 'true' }
    )

    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ approved: 'true', code: 'success', 'task-status': 'FINISHED' })
    expect(operations().filter((op) => op === 'ListOtaTask')).toHaveLength(4)
    const noted = result.stdout.split('\n').filter((line) => line.includes('not a documented status'))
    expect(noted).toEqual([
      expect.stringMatching(new RegExp(`^group ${GROUP_ID} task ${TASK_ID}: PAUSED \\(not a documented status`))
    ])
  })
})

describe('the built action when ListOtaTask shows the approved task on page 2', () => {
  it('reads page 2 and follows the task to its end', async () => {
    const newer = Array.from({ length: 100 }, (_, n) => task(`ota-newer${String(n).padStart(9, '0')}`, 'FINISHED'))
    const result = await run(
      {
        ListAppInstanceGroup: () => json(listAnswer([PENDING_GROUP], 'RID-LIST')),
        ApproveOtaTask: () => json({ RequestId: 'RID-APPROVE', Code: 'success' }),
        ListOtaTask: (params) =>
          json({
            ...taskList(params.PageNumber === '1' ? newer : [task(TASK_ID, 'FINISHED')], `RID-PAGE-${params.PageNumber}`),
            TotalCount: 101,
            PageNumber: Number(params.PageNumber)
          })
      },
      { wait: 'true' }
    )

    expect(result.exitCode).toBe(0)
    expect(api?.calls('ListOtaTask').map((call) => call.params.PageNumber)).toEqual(['1', '2'])
    expect(result.outputs).toMatchObject({ approved: 'true', 'task-status': 'FINISHED' })
    expect(result.stdout).toContain(`task ${TASK_ID} is not on page 1 of ListOtaTask (101 tasks): reading page 2`)
  })
})

describe.each([1e9, 1e12])('the built action with a fleet whose first page claims TotalCount %d', (total) => {
  const group = (id: string): AppInstanceGroupModel => ({
    AppInstanceGroupId: id,
    RegionId: REGION,
    OtaInfo: { TaskId: `ota-${id}`, OtaVersion: '1.0.0', NewOtaVersion: '1.1.0' }
  })
  const page = (models: AppInstanceGroupModel[], n: string) =>
    json({ RequestId: `RID-P${n}`, TotalCount: total, PageNumber: Number(n), PageSize: 100, AppInstanceGroupModels: models })

  it('reads one page when it is short, and approves the groups on it', async () => {
    const result = await run(
      {
        ListAppInstanceGroup: (params) => page([group('aig-firstgroup'), group('aig-secondgroup')], params.PageNumber ?? '1'),
        ApproveOtaTask: () => json({ RequestId: 'RID-APPROVE', Code: 'success' })
      },
      { 'app-instance-group-id': 'aig-firstgroup\naig-secondgroup' }
    )

    expect(result.exitCode).toBe(0)
    expect(api?.calls('ListAppInstanceGroup')).toHaveLength(1)
    expect(result.outputs).toMatchObject({ 'approved-count': '2', 'failed-count': '0' })
  })

  it('reads at most 100 full pages, then fails the group it did not see with a clear reason', async () => {
    const id = (n: string, i: number) => `aig-pg${n.padStart(3, '0')}gr${String(i).padStart(3, '0')}`
    const full = (n: string) => Array.from({ length: 100 }, (_, i) => group(id(n, i)))
    const result = await run(
      {
        ListAppInstanceGroup: (params) => page(full(params.PageNumber ?? '1'), params.PageNumber ?? '1'),
        ApproveOtaTask: () => json({ RequestId: 'RID-APPROVE', Code: 'success' })
      },
      { 'app-instance-group-id': `${id('1', 5)}, aig-beyondgroup`, concurrency: '10' }
    )

    expect(api?.calls('ListAppInstanceGroup')).toHaveLength(100)
    expect(api?.calls('ApproveOtaTask').map((call) => call.params.AppInstanceGroupId)).toEqual([id('1', 5)])
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ 'approved-count': '1', 'failed-count': '1' })
    expect(results(result).map((entry) => [entry.id, entry.status, entry.code])).toEqual([
      [id('1', 5), 'approved', 'success'],
      ['aig-beyondgroup', 'failed', 'RegionListingCut']
    ])
    expect(result.stdout).toContain(
      `delivery group aig-beyondgroup is not among the first 100 pages of ${REGION}: ListAppInstanceGroup claims ${total} groups`
    )
  })
})

describe.each([
  { name: 'a text body', body: 'Too Many Requests' },
  { name: 'an HTML page', body: '<html><body>429 Too Many Requests</body></html>' },
  { name: 'an empty body', body: '' }
])('the built action when a call is answered HTTP 429 with $name', ({ body }) => {
  it('retries it as throttling and approves', async () => {
    const result = await run({
      ListAppInstanceGroup: (_, n) => (n === 0 ? { status: 429, body } : json(listAnswer([PENDING_GROUP], 'RID-LIST'))),
      ApproveOtaTask: (_, n) => (n === 0 ? { status: 429, body } : json({ RequestId: 'RID-APPROVE', Code: 'success' }))
    })

    expect(result.exitCode).toBe(0)
    // A 429 is a refusal: the approval is sent again without a read-back in between.
    expect(operations()).toEqual(['ListAppInstanceGroup', 'ListAppInstanceGroup', 'ApproveOtaTask', 'ApproveOtaTask'])
    expect(result.outputs).toMatchObject({ approved: 'true', code: 'success', 'request-id': 'RID-APPROVE' })
    expect(result.stdout).toMatch(/ListAppInstanceGroup failed with HTTP429 \(request id none\): throttled 1 time/)
  })
})
