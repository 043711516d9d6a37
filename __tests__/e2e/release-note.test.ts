/**
 * End to end through the built dist/index.js: the pending update's release note (GetOtaTaskByTaskId) in the log, the
 * summary and `results` of a dry run, and of a real run with `release-note: always`; shortened and escaped, however
 * hostile; a refusal to a read-only role changes nothing else; a real run by default sends no request for it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { runAction, type ActionRun } from '../../__fixtures__/action.js'
import { FAST_BACKOFF } from '../../__fixtures__/e2e.js'
import { TEST_KEY } from '../../__fixtures__/emulator-client.js'
import { fleetFixture, FLEET_REGION, fleetId, fleetTask } from '../../__fixtures__/fleet-fixture.js'
import { hostile, injectedLines, MARK } from '../../__fixtures__/hostile.js'
import { startEmulator, type Emulator } from '../../emulator/index.js'

const KEYS = { 'access-key-id': TEST_KEY.accessKeyId, 'access-key-secret': TEST_KEY.accessKeySecret }
const PLAIN = 'Wuying components 3.1.0: faster session start.'
const FIRST_LINE = `::warning::${MARK}-first <script>alert(1)</script> & "quoted"`
// hostile() goes on after a text of its own on the first line, then starts a command on each further line.
const NOTES = [`${FIRST_LINE} ${hostile('note')}`, PLAIN, 'y'.repeat(100_000)]
/** One start time for every run, so that runs compare equal (tomorrow, whole minutes). */
const START = `${new Date(Date.now() + 86_400_000).toISOString().slice(0, 16)}:00Z`

let emu: Emulator
beforeAll(async () => {
  const fixture = fleetFixture(3)
  fixture.groups = fixture.groups.map((group, n) => ({
    ...group,
    pending: { ...(group.pending as NonNullable<typeof group.pending>), releaseNote: NOTES[n] as string }
  }))
  emu = await startEmulator({ fixture })
})
afterAll(async () => {
  await emu.close()
})
beforeEach(() => emu.reset())

function run(groups: number[], inputs: Record<string, string> = {}): Promise<ActionRun> {
  const ids = groups.map((n) => fleetId(n)).join(',')
  return runAction(
    {
      ...KEYS,
      endpoint: emu.url,
      'biz-region-id': FLEET_REGION,
      'app-instance-group-id': ids,
      'start-time': START,
      ...inputs
    },
    { env: FAST_BACKOFF }
  )
}

const actions = () => emu.requests().map((request) => request.action)
const connections = () => new Set(emu.requests().map((request) => request.connection)).size
const notesOf = (result: ActionRun) =>
  (JSON.parse(result.outputs.results as string) as Record<string, string>[]).map((entry) => entry['release-note'])
const refuseNotes = () => emu.addFault({ operation: 'GetOtaTaskByTaskId', kind: 'forbidden', count: 100 })

describe('a dry run with the release note', () => {
  it('logs and shows the first line of a hostile note, escaped, without starting a command', async () => {
    const result = await run([0], { 'dry-run': 'true' })

    expect(result.exitCode).toBe(0)
    expect(actions()).toEqual(['ListAppInstanceGroup', 'ListOtaTask', 'GetOtaTaskByTaskId'])
    expect(connections()).toBe(1)
    const shown = `${FIRST_LINE} v-note …`
    expect(result.stdout).toContain(`release note of task ${fleetTask(0)}: ${shown}`)
    expect(injectedLines(result)).toEqual([])
    expect(result.stdout).not.toContain(`${MARK}-note-warning`)
    expect(result.summary).toContain('Release note')
    expect(result.summary).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;')
    expect(result.summary).not.toMatch(/<script>/)
    expect(notesOf(result)).toEqual([shown])
    expect(result.outputs).toMatchObject({ code: 'DryRun', approved: 'false', 'task-id': fleetTask(0) })
  })

  it('says the note could not be read when GetOtaTaskByTaskId is refused, and changes nothing else', async () => {
    const read = await run([1], { 'dry-run': 'true' })
    emu.reset()
    refuseNotes()
    const refused = await run([1], { 'dry-run': 'true' })

    expect(refused.exitCode).toBe(0)
    expect(emu.requests().at(-1)).toMatchObject({ action: 'GetOtaTaskByTaskId', status: 403, code: 'Forbidden.RAM' })
    const { results: _r, 'request-id': _q, ...rest } = refused.outputs
    const { results: _rr, 'request-id': _qq, ...readRest } = read.outputs
    expect(rest).toEqual(readRest)
    expect(notesOf(read)).toEqual([PLAIN])
    expect(notesOf(refused)).toEqual([''])
    expect(refused.summary).toContain('could not be read (Forbidden.RAM)')
    expect(refused.stdout).toMatch(/could not be read .*grant the RAM action appstreaming:ModifyAppInstanceGroupAttribute/)
    expect(refused.stdout).not.toMatch(/^::(warning|error)::/m)
  })

  it('shows a note per group of a fleet, a long one cut to 200 characters', async () => {
    const result = await run([0, 1, 2], { 'dry-run': 'true' })

    expect(result.exitCode).toBe(0)
    expect(actions().filter((action) => action === 'GetOtaTaskByTaskId')).toHaveLength(3)
    const notes = notesOf(result)
    expect(notes[1]).toBe(PLAIN)
    expect(notes[2]).toBe(`${'y'.repeat(199)}…`)
    expect(result.summary).toContain('<th>Release note</th>')
    expect(result.summary).toContain(PLAIN)
    expect(injectedLines(result)).toEqual([])
  })
})

describe('a real run and the release note', () => {
  it('sends no request for it by default: one group is two requests on one connection', async () => {
    const result = await run([1])

    expect(result.exitCode).toBe(0)
    expect(actions()).toEqual(['ListAppInstanceGroup', 'ApproveOtaTask'])
    expect(connections()).toBe(1)
    expect(result.summary).not.toContain('Release note')
    expect(notesOf(result)).toEqual([''])
  })

  it('reads it after the approval with release-note: always, and shows it in the summary', async () => {
    const result = await run([1], { 'release-note': 'always' })

    expect(result.exitCode).toBe(0)
    expect(actions()).toEqual(['ListAppInstanceGroup', 'ApproveOtaTask', 'GetOtaTaskByTaskId'])
    expect(connections()).toBe(1)
    expect(result.outputs).toMatchObject({ code: 'success', approved: 'true', 'request-id': emu.requests()[1]?.requestId })
    expect(result.summary).toContain(PLAIN)
    expect(result.stdout).toContain(`release note of task ${fleetTask(1)}: ${PLAIN}`)
    expect(notesOf(result)).toEqual([PLAIN])
  })

  it('approves every group of a fleet though every note is refused', async () => {
    refuseNotes()
    const result = await run([0, 1, 2], { 'release-note': 'always' })

    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ code: 'success', approved: 'true', 'approved-count': '3', 'failed-count': '0' })
    expect(emu.state().tasks).toHaveLength(3)
    expect(result.summary.match(/could not be read \(Forbidden\.RAM\)/g)).toHaveLength(3)
  })
})
