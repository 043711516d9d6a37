import { describe, expect, it } from '@jest/globals'
import type { GetOtaTaskByTaskIdResponse } from '../../src/common/api.js'
import { Deadline } from '../../src/common/deadline.js'
import { parseStartTime } from '../../src/inputs/start-time.js'
import { MAX_RELEASE_NOTE_CHARS, readsReleaseNotes, shortenReleaseNote } from '../../src/ota/release-note.js'
import { runStep, type StepInputs } from '../../src/ota/step.js'
import { apiError, fakeClock, recordingLogger } from '../../__fixtures__/fake-api.js'
import { fleetApi, fleetGroup, fleetGroupId, fleetTaskId, type FleetApi } from '../../__fixtures__/fleet-api.js'

const NOW = Date.parse('2026-06-15T12:00:00Z')
const NOTE = 'Wuying components 1.1.0: faster session start.'

function inputs(count: number, overrides: Partial<StepInputs> = {}): StepInputs {
  const ids = Array.from({ length: count }, (_, n) => fleetGroupId(n))
  return {
    appInstanceGroupId: ids[0] as string,
    appInstanceGroupIds: ids,
    bizRegionId: 'cn-hangzhou',
    startTime: parseStartTime('now', new Date(NOW)),
    otaType: 'Fota',
    taskId: '',
    ifNoUpdate: 'skip',
    failOnError: true,
    maxAttempts: 3,
    concurrency: 2,
    dryRun: true,
    releaseNote: 'dry-run',
    wait: false,
    waitTimeoutMinutes: 60,
    ...overrides
  }
}

type NoteAnswer = Omit<GetOtaTaskByTaskIdResponse, 'RequestId'> | Error

/** api is fleetApi over `count` groups with updates, whose GetOtaTaskByTaskId answers `note` (recorded in order). */
function api(count: number, note: (taskId: string, attempt: number) => NoteAnswer): FleetApi {
  const base = fleetApi({ groups: Array.from({ length: count }, (_, n) => fleetGroup(n)) })
  const attempts = new Map<string, number>()
  return {
    ...base,
    async getOtaTaskByTaskId(request) {
      base.calls.push({ operation: 'GetOtaTaskByTaskId', request: { ...request } })
      const attempt = (attempts.get(request.TaskId) ?? 0) + 1
      attempts.set(request.TaskId, attempt)
      const answer = note(request.TaskId, attempt)
      if (answer instanceof Error) throw answer
      return { RequestId: `RID-GetOtaTaskByTaskId-${base.calls.length}`, ...answer }
    }
  }
}

async function step(given: FleetApi, stepInputs: StepInputs) {
  const clock = fakeClock(NOW)
  const logger = recordingLogger()
  const outcome = await runStep(given, stepInputs, {
    logger,
    deadline: new Deadline(NOW + 10 * 60_000, clock.now, 'timeout-minutes: 10'),
    sleep: clock.sleep,
    random: () => 0,
    now: clock.now
  })
  return { outcome, lines: logger.lines, operations: given.calls.map((call) => call.operation) }
}

const noted = () => ({ Code: 'success', ReleaseNote: NOTE, OtaVersion: '1.1.0' })
const refused = () =>
  apiError({ operation: 'GetOtaTaskByTaskId', code: 'Forbidden.RAM', httpStatus: 403, detail: 'User not authorized' })

describe('shortenReleaseNote', () => {
  it.each([
    { name: 'a one-line note', note: NOTE, expected: NOTE },
    { name: 'an empty note', note: '', expected: '' },
    { name: 'blank lines only', note: ' \n\t\r\n ', expected: '' },
    { name: 'several lines', note: 'Faster start.\nFixes:\n- printing', expected: 'Faster start. …' },
    { name: 'leading blank lines and CRLF', note: '\r\n  \r\n  Faster\t start.  \r\n', expected: 'Faster start.' },
    { name: 'a workflow command on a later line', note: 'ok\n::warning::pwned\n::add-mask::x', expected: 'ok …' },
    { name: 'a command after a lone CR', note: 'ok\r::stop-commands::t', expected: 'ok …' },
    { name: 'Unicode line separators', note: 'ok\u2028::warning::x\u0085y', expected: 'ok …' },
    { name: 'control and bidi characters', note: 'a\u0000b\u001bc\u202ed\u2066e\u200ff\u009bg\ufeff', expected: 'abcdefg' },
    { name: 'HTML (escaped where shown)', note: '<script>alert(1)</script>', expected: '<script>alert(1)</script>' }
  ])('keeps the first line of $name', ({ note, expected }) => {
    expect(shortenReleaseNote(note)).toBe(expected)
  })

  it('cuts a long line to MAX_RELEASE_NOTE_CHARS characters, ending with …', () => {
    const shown = shortenReleaseNote('x'.repeat(100_000))
    expect(shown).toHaveLength(MAX_RELEASE_NOTE_CHARS)
    expect(shown.endsWith('…')).toBe(true)
  })

  it('never splits a character made of two UTF-16 units', () => {
    const shown = Array.from(shortenReleaseNote('😀'.repeat(300)))
    expect(shown).toHaveLength(MAX_RELEASE_NOTE_CHARS)
    expect(shown.slice(0, -1).every((char) => char === '😀')).toBe(true)
  })
})

describe('readsReleaseNotes', () => {
  it.each([
    ['dry-run', true, true],
    ['dry-run', false, false],
    ['always', true, true],
    ['always', false, true],
    ['never', true, false],
    ['never', false, false]
  ] as const)('release-note %s with dry run %s: %s', (mode, dryRun, expected) => {
    expect(readsReleaseNotes(mode, dryRun)).toBe(expected)
  })
})

describe('the release notes of a step', () => {
  it('shows each would-approve task note in a dry run, logged and in the result with its call', async () => {
    const { outcome, lines, operations } = await step(api(1, noted), inputs(1))

    expect(operations).toEqual(['ListAppInstanceGroup', 'ListOtaTask', 'GetOtaTaskByTaskId'])
    const [result] = outcome.results
    expect(result).toMatchObject({ status: 'would-approve', code: 'DryRun', releaseNote: NOTE })
    expect(result?.requestId).toBe('RID-ListAppInstanceGroup-1')
    expect(result?.calls.map((call) => call.operation)).toEqual(operations)
    expect(lines).toContain(`release note of task ${fleetTaskId(0)}: ${NOTE}`)
    expect(outcome.failure).toBeUndefined()
  })

  it('sends nothing for it in a real run by default: one group stays at lookup and approval', async () => {
    const { outcome, operations } = await step(api(1, noted), inputs(1, { dryRun: false }))

    expect(operations).toEqual(['ListAppInstanceGroup', 'ApproveOtaTask'])
    expect(outcome.results[0]).toMatchObject({ status: 'approved' })
    expect(outcome.results[0]?.releaseNote).toBeUndefined()
  })

  it('reads them after every approval with release-note: always, at most concurrency at a time', async () => {
    const { outcome, lines, operations } = await step(api(4, noted), inputs(4, { dryRun: false, releaseNote: 'always' }))

    expect(operations).toEqual([
      'ListAppInstanceGroup',
      ...Array<string>(4).fill('ApproveOtaTask'),
      ...Array<string>(4).fill('GetOtaTaskByTaskId')
    ])
    expect(outcome.results.map((result) => result.releaseNote)).toEqual(Array(4).fill(NOTE))
    // request-id stays the approval's.
    for (const result of outcome.results) expect(result.requestId).toMatch(/^RID-ApproveOtaTask-/)
    expect(lines).toContain('## Read the release notes of 4 OTA tasks, at most 2 at a time')
    expect(lines).toContain(`${fleetGroupId(3)}: release note of task ${fleetTaskId(3)}: ${NOTE}`)
  })

  it('sends nothing with release-note: never, also in a dry run', async () => {
    const { operations } = await step(api(1, noted), inputs(1, { releaseNote: 'never' }))
    expect(operations).not.toContain('GetOtaTaskByTaskId')
  })

  it('says the note could not be read when GetOtaTaskByTaskId is refused, and changes nothing else', async () => {
    const given = inputs(3)
    const plain = await step(api(3, noted), { ...given, releaseNote: 'never' })
    const { outcome, lines, operations } = await step(api(3, refused), given)

    expect(operations.filter((op) => op === 'GetOtaTaskByTaskId')).toHaveLength(3)
    expect(outcome.failure).toBeUndefined()
    expect({ ...outcome, results: [] }).toEqual({ ...plain.outcome, results: [] })
    outcome.results.forEach((result, n) => {
      const { calls: _calls, releaseNoteError, ...rest } = result
      const { calls: _plainCalls, ...plainRest } = plain.outcome.results[n] as (typeof plain.outcome.results)[number]
      expect(rest).toEqual(plainRest)
      expect(releaseNoteError).toBe('Forbidden.RAM')
    })
    expect(lines).toContainEqual(
      expect.stringMatching(
        /could not be read \(Forbidden\.RAM: .*grant the RAM action appstreaming:ModifyAppInstanceGroupAttribute/
      )
    )
  })

  it('retries a throttled read under the retry policy', async () => {
    const throttled = (_: string, attempt: number): NoteAnswer =>
      attempt === 1 ? apiError({ operation: 'GetOtaTaskByTaskId', code: 'Throttling.User' }) : noted()
    const { outcome, operations } = await step(api(1, throttled), inputs(1))

    expect(operations.filter((op) => op === 'GetOtaTaskByTaskId')).toHaveLength(2)
    expect(outcome.results[0]?.releaseNote).toBe(NOTE)
  })

  it.each([
    { name: 'an empty note', answer: { Code: 'success', ReleaseNote: '' }, note: '', error: undefined },
    { name: 'no note and no Code', answer: {}, note: '', error: undefined },
    { name: 'a note beside an odd Code', answer: { Code: 'OtaTask.Running', ReleaseNote: NOTE }, note: NOTE, error: undefined },
    {
      name: 'no note and a failing Code (HTTP 200)',
      answer: { Code: 'Task.NotFound', Message: 'gone' },
      note: undefined,
      error: 'Task.NotFound'
    }
  ])('reads $name', async ({ answer, note, error }) => {
    const { outcome } = await step(
      api(1, () => answer),
      inputs(1)
    )
    expect(outcome.results[0]?.releaseNote).toBe(note)
    expect(outcome.results[0]?.releaseNoteError).toBe(error)
    expect(outcome.results[0]?.status).toBe('would-approve')
  })
})
