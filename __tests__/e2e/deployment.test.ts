/**
 * End to end: the built dist/index.js on a `release` event (payload in GITHUB_EVENT_PATH) with the GitHub REST
 * stand-in behind GITHUB_API_URL. Each run writes exactly one Deployment (or none), and its statuses tell how the
 * OTA step ended; a refused record never changes the step's result; the token never shows.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { runAction, type ActionRun } from '../../__fixtures__/action.js'
import { FAST_BACKOFF, visible } from '../../__fixtures__/e2e.js'
import { TEST_KEY } from '../../__fixtures__/emulator-client.js'
import { fleetFixture, fleetId, fleetTask, FLEET_REGION, MIXED, mixedGroups } from '../../__fixtures__/fleet-fixture.js'
import {
  RELEASE_NAME,
  RELEASE_SHA,
  RELEASE_TAG,
  RELEASE_URL,
  releaseEnv,
  TEST_GITHUB_TOKEN,
  TEST_REPOSITORY,
  useGitHubApi
} from '../../__fixtures__/github-api.js'
import type { GitHubApi } from '../../emulator/github/server.js'
import { startEmulator, type Emulator } from '../../emulator/index.js'

let github: GitHubApi
useGitHubApi((api) => (github = api))

const RUN_URL = `https://github.com/${TEST_REPOSITORY}/actions/runs/4242`
const SEAMS = { ...FAST_BACKOFF, WUYING_OTA_TEST_POLL_MS: '100,500' }
const RECORD = { 'deployment-environment': 'production', 'github-token': TEST_GITHUB_TOKEN }

function run(emu: Emulator, inputs: Record<string, string>): Promise<ActionRun> {
  return runAction(
    {
      'access-key-id': TEST_KEY.accessKeyId,
      'access-key-secret': TEST_KEY.accessKeySecret,
      endpoint: emu.url,
      'biz-region-id': FLEET_REGION,
      ...inputs
    },
    { env: { ...SEAMS, ...releaseEnv(github.url) }, timeoutMs: 20_000 }
  )
}

const states = () => github.deployments().map((d) => d.statuses.map((s) => s.state))
const warningsOf = (result: ActionRun) => result.stdout.split('\n').filter((line) => line.startsWith('::warning::'))

/** Checks what every run must hold: the token never shows. */
function expectNoToken(result: ActionRun): void {
  expect(visible(result)).not.toContain(TEST_GITHUB_TOKEN)
}

describe('the built action recording a release as a GitHub Deployment', () => {
  let emu: Emulator
  beforeAll(async () => {
    emu = await startEmulator({ fixture: fleetFixture(2, { runningMs: 1000, extra: mixedGroups() }) })
  })
  afterAll(async () => {
    await emu.close()
  })
  beforeEach(() => emu.reset())

  it('creates one deployment of the release tag, in_progress then success, and names the release in the summary', async () => {
    const result = await run(emu, { ...RECORD, 'app-instance-group-id': fleetId(0), 'start-time': '+30m' })

    expect(result.exitCode).toBe(0)
    expect(github.deployments()).toHaveLength(1)
    const [deployment] = github.deployments()
    expect(deployment).toMatchObject({
      ref: RELEASE_TAG,
      environment: 'production',
      task: 'deploy:wuying-ota',
      auto_merge: false,
      required_contexts: [],
      payload: {
        region: FLEET_REGION,
        groupCount: 1,
        groups: [
          {
            id: fleetId(0),
            taskId: fleetTask(0),
            otaVersion: '3.0.0',
            newOtaVersion: '3.1.0',
            startTime: result.outputs['start-time']
          }
        ],
        run: { id: 4242, attempt: 1, url: RUN_URL }
      }
    })
    expect(deployment?.description.length).toBeLessThanOrEqual(140)
    expect(deployment?.statuses.map((s) => [s.state, s.log_url])).toEqual([
      ['in_progress', RUN_URL],
      ['success', RUN_URL]
    ])
    expect(deployment?.statuses[1]?.description).toMatch(/^Scheduled \(not waited for\): 1 group approved/)
    expect(github.calls().every((call) => call.authorized)).toBe(true)
    expect(result.outputs['deployment-id']).toBe('1')
    expect(result.summary).toContain(
      `<a href="${RELEASE_URL}">Release ${RELEASE_TAG}: ${RELEASE_NAME.replace('<', '&lt;').replace('>', '&gt;')}</a>`
    )
    expect(result.summary).toContain(`<a href="${RUN_URL}">Run 4242</a>`)
    expect(result.summary).toContain(RELEASE_SHA.slice(0, 7))
    expectNoToken(result)
  })

  it('ends in failure when the API refuses the approval (OtaTask.Running)', async () => {
    const result = await run(emu, { ...RECORD, 'app-instance-group-id': MIXED.running })

    expect(result.exitCode).toBe(1)
    expect(result.outputs.code).toBe('OtaTask.Running')
    expect(states()).toEqual([['in_progress', 'failure']])
    expect(github.deployments()[0]?.statuses[1]?.description).toBe(`Failed: ${MIXED.running} (OtaTask.Running)`)
  })

  it('ends in success when the waited-for update finished', async () => {
    const result = await run(emu, { ...RECORD, 'app-instance-group-id': fleetId(1), wait: 'true', 'wait-timeout-minutes': '1' })

    expect(result.exitCode).toBe(0)
    expect(result.outputs['task-status']).toBe('FINISHED')
    expect(states()).toEqual([['in_progress', 'success']])
    expect(github.deployments()[0]?.statuses[1]?.description).toBe('Finished: 1 group updated to 3.1.0')
  })

  it('warns once naming the permission, leaves deployment-id empty and keeps the OTA result on a 403', async () => {
    github.fail({ kind: 'forbidden', times: Infinity })
    const result = await run(emu, { ...RECORD, 'app-instance-group-id': fleetId(0), 'start-time': '+30m' })

    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ code: 'success', approved: 'true', 'deployment-id': '' })
    expect(github.calls()).toHaveLength(1)
    const warnings = warningsOf(result).filter((line) => line.includes('GitHub Deployment'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('403 Resource not accessible by integration')
    expect(warnings[0]).toContain('permissions: deployments: write')
    expectNoToken(result)
  })

  it('writes nothing to GitHub in a dry run', async () => {
    const result = await run(emu, { ...RECORD, 'app-instance-group-id': fleetId(0), 'dry-run': 'true' })

    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ code: 'DryRun', 'deployment-id': '' })
    expect(github.calls()).toEqual([])
  })

  it('calls GitHub not at all without deployment-environment', async () => {
    const result = await run(emu, { 'app-instance-group-id': fleetId(0), 'start-time': '+30m' })

    expect(result.exitCode).toBe(0)
    expect(result.outputs['deployment-id']).toBe('')
    expect(github.calls()).toEqual([])
    expect(result.stdout).not.toContain('GitHub Deployment')
  })
})

describe('the built action recording a wait that times out', () => {
  let emu: Emulator
  beforeAll(async () => {
    emu = await startEmulator({ fixture: fleetFixture(1) })
  })
  afterAll(async () => {
    await emu.close()
  })

  it('ends in error when wait-timeout-minutes passes', async () => {
    const result = await run(emu, { ...RECORD, 'app-instance-group-id': fleetId(0), wait: 'true', 'wait-timeout-minutes': '0.1' })

    expect(result.exitCode).toBe(1)
    expect(result.outputs.code).toBe('WaitTimeout')
    expect(states()).toEqual([['in_progress', 'error']])
    expect(github.deployments()[0]?.statuses[1]?.description).toBe(`Outcome unknown: ${fleetId(0)} (WaitTimeout)`)
  }, 20_000)
})
