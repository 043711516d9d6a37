/**
 * Maintenance windows, end to end: the built dist/index.js moves the start into the window in the group's time zone,
 * sends StartTime and sets the start-time output with that zone's offset, for one group, a fleet and a dry run; and
 * a bad window or zone fails the step before a single request.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { runAction, type ActionRun } from '../../__fixtures__/action.js'
import { FAST_BACKOFF } from '../../__fixtures__/e2e.js'
import { TEST_KEY } from '../../__fixtures__/emulator-client.js'
import { useEmulator } from '../../__fixtures__/emulator.js'
import { fleetFixture, fleetId, FLEET_REGION } from '../../__fixtures__/fleet-fixture.js'
import { startEmulator, type Emulator } from '../../emulator/index.js'

const KEYS = { 'access-key-id': TEST_KEY.accessKeyId, 'access-key-secret': TEST_KEY.accessKeySecret }
const DAY_MS = 86_400_000
const SHANGHAI_MS = 8 * 3_600_000
/** How long an approved task RUNs in the fleet emulator, for the wait. */
const RUNNING_MS = 1000
const WEEKEND = { 'maintenance-window': 'Sat,Sun 22:00-02:00', 'time-zone': 'Asia/Shanghai' }

/**
 * A start-time two days ahead at 00:00 UTC (08:00 in Shanghai, outside the weekend window), and the StartTime the
 * window must give: 22:00 Shanghai time on that day if it is a Saturday or Sunday, else on the next Saturday. Both
 * follow from the start-time alone, so the test does not depend on the hour it runs at.
 */
function weekendCase(): { startTime: string; expected: string } {
  const day = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + 2 * DAY_MS)
  const startTime = `${day.toISOString().slice(0, 10)}T00:00:00Z`
  const shanghai = new Date(day.getTime() + SHANGHAI_MS)
  const weekday = shanghai.getUTCDay()
  const wait = weekday === 0 || weekday === 6 ? 0 : 6 - weekday
  const opening = new Date(shanghai.getTime() + wait * DAY_MS)
  return { startTime, expected: `${opening.toISOString().slice(0, 10)}T22:00:00+08:00` }
}

/**
 * A start-time 29 days ahead at 00:00 UTC (08:00 in Shanghai) and a window on that weekday at 02:00, which has just
 * closed: the next opening is a week later, past the 30-day limit, whatever the hour the test runs at.
 */
function beyondLimitCase(): Record<string, string> {
  const day = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + 29 * DAY_MS)
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(day.getTime() + SHANGHAI_MS).getUTCDay()]
  return {
    'start-time': `${day.toISOString().slice(0, 10)}T00:00:00Z`,
    'maintenance-window': `${weekday} 02:00-04:00`,
    'time-zone': 'Asia/Shanghai'
  }
}

const approvals = (emu: Emulator) => emu.requests().filter((r) => r.action === 'ApproveOtaTask')

describe('the built action with a maintenance window, one group', () => {
  let emu: Emulator
  useEmulator((started) => (emu = started))
  const run = (inputs: Record<string, string>): Promise<ActionRun> =>
    runAction(
      { ...KEYS, endpoint: emu.url, 'app-instance-group-id': 'aig-hzdesign01', 'biz-region-id': 'cn-hangzhou', ...inputs },
      { env: FAST_BACKOFF }
    )

  it('schedules the update into the next weekend window and writes StartTime with the zone offset', async () => {
    const { startTime, expected } = weekendCase()
    const result = await run({ ...WEEKEND, 'start-time': startTime })

    expect(result.exitCode).toBe(0)
    expect(approvals(emu).map((r) => r.params.StartTime)).toEqual([expected])
    expect(result.outputs).toMatchObject({ code: 'success', approved: 'true', 'start-time': expected })
  })

  it('starts at once in a window that is open now, written with the zone offset', async () => {
    const before = Math.floor(Date.now() / 1000) * 1000
    const result = await run({ 'maintenance-window': '00:00-24:00', 'time-zone': 'Australia/Lord_Howe' })

    expect(result.exitCode).toBe(0)
    const sent = approvals(emu).map((r) => r.params.StartTime)
    expect(sent).toEqual([result.outputs['start-time']])
    expect(sent[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+1(0:30|1:00)$/)
    const sentMs = Date.parse(sent[0] as string)
    expect(sentMs).toBeGreaterThanOrEqual(before)
    expect(sentMs).toBeLessThan(before + 60_000)
  })

  it.each([
    {
      name: 'a malformed window',
      inputs: { 'maintenance-window': 'weekends 22:00-02:00' },
      says: 'maintenance-window: "weekends 22:00-02:00": "weekends" is not a day'
    },
    {
      name: 'a window shorter than 30 minutes',
      inputs: { 'maintenance-window': 'Sat 22:00-22:15' },
      says: 'maintenance-window: "Sat 22:00-22:15" is 15 minutes long'
    },
    {
      name: 'an unknown zone',
      inputs: { ...WEEKEND, 'time-zone': 'Asia/Beijing' },
      says: 'time-zone: "Asia/Beijing" is not a known time zone (did you mean Asia/Shanghai?)'
    },
    {
      name: 'no opening within 30 days',
      inputs: beyondLimitCase(),
      says: 'maintenance-window: no window in Asia/Shanghai opens'
    }
  ])('fails on $name before sending any request', async ({ inputs, says }) => {
    const result = await run(inputs)

    expect(result.exitCode).toBe(1)
    expect(emu.requests()).toHaveLength(0)
    expect(result.stdout).toContain(`::error::${says}`)
    expect(result.outputs).toMatchObject({ code: 'InvalidInput', approved: 'false' })
  })
})

describe('the built action with a maintenance window, a fleet', () => {
  let emu: Emulator
  beforeAll(async () => {
    emu = await startEmulator({ fixture: fleetFixture(3, { runningMs: RUNNING_MS }) })
  })
  afterAll(async () => {
    await emu.close()
  })
  const run = (inputs: Record<string, string>): Promise<ActionRun> =>
    runAction(
      {
        ...KEYS,
        endpoint: emu.url,
        'biz-region-id': FLEET_REGION,
        'app-instance-group-id': [0, 1, 2].map(fleetId).join(','),
        ...inputs
      },
      { env: { ...FAST_BACKOFF, WUYING_OTA_TEST_POLL_MS: '100,500' } }
    )

  it('gives every group the same start in the window', async () => {
    emu.reset()
    const { startTime, expected } = weekendCase()
    const result = await run({ ...WEEKEND, 'start-time': startTime })

    expect(result.exitCode).toBe(0)
    expect(approvals(emu).map((r) => r.params.StartTime)).toEqual([expected, expected, expected])
    expect(result.outputs).toMatchObject({ code: 'success', 'start-time': expected, 'approved-count': '3' })
    const results = JSON.parse(result.outputs.results ?? '[]') as Array<Record<string, string>>
    expect(results.map((entry) => entry['start-time'])).toEqual([expected, expected, expected])
  })

  it('shows the chosen start in a dry run and approves nothing', async () => {
    emu.reset()
    const { startTime, expected } = weekendCase()
    const result = await run({ ...WEEKEND, 'start-time': startTime, 'dry-run': 'true' })

    expect(result.exitCode).toBe(0)
    expect(approvals(emu)).toHaveLength(0)
    expect(result.outputs.code).toBe('DryRun')
    expect(result.stdout).toContain(`to start at ${expected}`)
  })

  it('waits for the updates when the window is open now, polling nothing before the start', async () => {
    emu.reset()
    const result = await run({ 'maintenance-window': 'daily 00:00-24:00', 'time-zone': 'Europe/Berlin', wait: 'true' })

    expect(result.exitCode).toBe(0)
    const sent = approvals(emu).map((r) => r.params.StartTime as string)
    expect(new Set(sent)).toEqual(new Set([result.outputs['start-time']]))
    expect(sent[0]).toMatch(/\+0[12]:00$/)
    const polls = emu.requests().filter((r) => r.action === 'ListOtaTask')
    expect(polls.length).toBeGreaterThan(0)
    for (const poll of polls) expect(Date.parse(poll.time)).toBeGreaterThanOrEqual(Date.parse(sent[0] as string))
    expect(result.outputs).toMatchObject({ code: 'success', 'approved-count': '3', 'failed-count': '0' })
  }, 30_000)
})
