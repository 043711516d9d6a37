/**
 * The Deployment recorder with the real Octokit client against the loopback GitHub stand-in: what GitHub receives,
 * what the user reads, and that a refused record stops at one warning.
 */
import { describe, expect, it } from '@jest/globals'
import { Deadline } from '../../src/common/deadline.js'
import { runContextFrom } from '../../src/github/context.js'
import { readGitHubContext } from '../../src/github/env-context.js'
import { createDeploymentRecorder, type DeploymentOptions } from '../../src/github/deployment.js'
import type { GitHubApi } from '../../emulator/github/server.js'
import { recordingLogger } from '../../__fixtures__/fake-api.js'
import { RELEASE_TAG, releaseEnv, TEST_GITHUB_TOKEN, TEST_REPOSITORY, useGitHubApi } from '../../__fixtures__/github-api.js'
import { failedResult, groupResult, planOfResults } from '../../__fixtures__/results.js'

let github: GitHubApi
useGitHubApi((api) => (github = api))

const RUN_URL = `https://github.com/${TEST_REPOSITORY}/actions/runs/4242`
const results = [groupResult(0), groupResult(1)]
const plan = planOfResults(results)

function recorder(overrides: Partial<DeploymentOptions> = {}, deadline = Deadline.none()) {
  const logger = recordingLogger()
  const waits: number[] = []
  const connects: string[] = []
  const options: DeploymentOptions = {
    inputs: { environment: 'production', token: TEST_GITHUB_TOKEN, environmentUrl: '' },
    dryRun: false,
    wait: false,
    maxAttempts: 3,
    requestTimeoutMs: 5000,
    context: runContextFrom(readGitHubContext(releaseEnv(github.url))),
    ...overrides
  }
  const record = createDeploymentRecorder(options, {
    logger,
    deadline: () => deadline,
    backoff: { baseMs: 1, capMs: 5 },
    sleep: async (ms) => {
      waits.push(ms)
    },
    newKey: () => 'step-key-1',
    connect: async (connectOptions) => {
      connects.push(connectOptions.apiUrl)
      return (await import('../../src/github/octokit.js')).connectOctokit(connectOptions)
    }
  })
  return { record, logger, waits, connects }
}

const warnings = (lines: readonly string[]) => lines.filter((line) => line.startsWith('warning: '))
const calls = () => github.calls().map((c) => `${c.method} ${c.path.replace(`/repos/${TEST_REPOSITORY}`, '')} ${c.status}`)

describe('the Deployment recorder', () => {
  it('creates one deployment of the release tag and posts in_progress, then success', async () => {
    const { record, logger } = recorder({
      inputs: { environment: 'production', token: TEST_GITHUB_TOKEN, environmentUrl: 'https://portal.example.com' }
    })

    expect(await record.begin(plan)).toBe('1')
    await record.finish({ results })

    const [deployment] = github.deployments()
    expect(github.deployments()).toHaveLength(1)
    expect(deployment).toMatchObject({
      ref: RELEASE_TAG,
      environment: 'production',
      task: 'deploy:wuying-ota',
      auto_merge: false,
      required_contexts: [],
      transient_environment: false,
      description: 'Wuying OTA (Fota) of 2 groups in cn-hangzhou to 1.1.0',
      payload: {
        region: 'cn-hangzhou',
        groupCount: 2,
        groups: results.map((r) => ({
          id: r.appInstanceGroupId,
          taskId: r.taskId,
          otaVersion: '1.0.0',
          newOtaVersion: '1.1.0',
          startTime: r.startTime
        })),
        run: { id: 4242, attempt: 1, url: RUN_URL, key: 'step-key-1' }
      }
    })
    expect(deployment?.statuses.map((s) => [s.state, s.log_url, s.environment_url])).toEqual([
      ['in_progress', RUN_URL, 'https://portal.example.com'],
      ['success', RUN_URL, 'https://portal.example.com']
    ])
    expect(github.calls().every((c) => c.authorized)).toBe(true)
    expect(record.deploymentId).toBe('1')
    expect(warnings(logger.lines)).toEqual([])
    expect(logger.lines).toContain(
      'GitHub Deployment 1: success (Scheduled (not waited for): 2 groups approved to start 2026-06-20T02:00:00+08:00)'
    )
  })

  it('ends in failure when the approval was refused', async () => {
    const { record } = recorder()
    await record.begin(plan)
    await record.finish({ results: [groupResult(0), failedResult(1, 'OtaTask.Running')] })
    expect(github.deployments()[0]?.statuses.map((s) => s.state)).toEqual(['in_progress', 'failure'])
  })

  it.each([
    { fault: 'forbidden', fix: 'give the job `permissions: deployments: write`' },
    { fault: 'not-found', fix: `the token cannot see ${TEST_REPOSITORY}` },
    { fault: 'conflict', fix: `check that environment "production" accepts deployments of ${RELEASE_TAG}` }
  ] as const)('warns once naming the fix and calls GitHub no more after a $fault', async ({ fault, fix }) => {
    github.fail({ kind: fault, times: Infinity })
    const { record, logger } = recorder()

    expect(await record.begin(plan)).toBe('')
    await record.finish({ results })

    expect(calls()).toHaveLength(1)
    expect(warnings(logger.lines)).toHaveLength(1)
    expect(warnings(logger.lines)[0]).toContain(fix)
    expect(warnings(logger.lines)[0]).toContain('The OTA update is not affected.')
    expect(record.deploymentId).toBe('')
  })

  it('warns once and posts no final status when a status is refused', async () => {
    github.fail({ kind: 'forbidden', route: 'statuses', times: Infinity })
    const { record, logger } = recorder()
    expect(await record.begin(plan)).toBe('1')
    await record.finish({ results })
    expect(calls()).toEqual(['POST /deployments 201', 'POST /deployments/1/statuses 403'])
    expect(warnings(logger.lines)).toHaveLength(1)
  })

  it('retries a 5xx and records once', async () => {
    github.fail({ kind: 'server-error' })
    const { record, logger } = recorder()
    expect(await record.begin(plan)).toBe('1')
    expect(calls()).toEqual([
      'POST /deployments 502',
      'GET /deployments 200',
      'POST /deployments 201',
      'POST /deployments/1/statuses 201'
    ])
    expect(
      logger.lines.some((line) => /^GitHub create deployment failed with 502 Server Error .*attempt 1 of 3/.test(line))
    ).toBe(true)
  })

  it.each([
    { fault: 'secondary-rate-limit', status: 429 },
    { fault: 'rate-limited', status: 403 }
  ] as const)('waits out a $fault ($status) and retries', async ({ fault, status }) => {
    github.fail({ kind: fault, retryAfterSeconds: 1 })
    const { record, waits, logger } = recorder()
    expect(await record.begin(plan)).toBe('1')
    expect(calls()).toEqual([`POST /deployments ${status}`, 'POST /deployments 201', 'POST /deployments/1/statuses 201'])
    expect(waits[0]).toBeGreaterThanOrEqual(1000)
    expect(warnings(logger.lines)).toEqual([])
  })

  it('finds the record a lost answer had created instead of creating a second one', async () => {
    github.fail({ kind: 'lose-answer' })
    const { record } = recorder()
    expect(await record.begin(plan)).toBe('1')
    expect(github.deployments()).toHaveLength(1)
    expect(calls()).toEqual(['POST /deployments 0', 'GET /deployments 200', 'POST /deployments/1/statuses 201'])
  })

  it('warns that the token is invalid on a 401', async () => {
    const { record, logger } = recorder({ inputs: { environment: 'production', token: 'ghs_wrong', environmentUrl: '' } })
    expect(await record.begin(plan)).toBe('')
    expect(warnings(logger.lines)[0]).toContain('github-token is invalid or expired')
    expect(logger.lines.join('\n')).not.toContain('ghs_wrong')
  })

  it('posts the final status once even when the wait used up the time limit', async () => {
    let now = Date.now()
    const deadline = new Deadline(now + 60_000, () => now, 'wait-timeout-minutes: 1')
    const { record } = recorder({ wait: true }, deadline)
    await record.begin(plan)
    now += 120_000
    await record.finish({ results: [groupResult(0), failedResult(1, 'WaitTimeout')] })
    expect(github.deployments()[0]?.statuses.map((s) => [s.state, s.description])).toEqual([
      ['in_progress', 'Approving 2 groups in cn-hangzhou, then waiting for the update'],
      ['error', `Outcome unknown: 1 of 2 groups: ${results[1]?.appInstanceGroupId} (WaitTimeout)`]
    ])
  })

  it.each([
    { name: 'a dry run', overrides: { dryRun: true }, line: 'a dry run writes no GitHub Deployment record' },
    {
      name: 'no deployment-environment',
      overrides: { inputs: { environment: '', token: '', environmentUrl: '' } },
      line: undefined
    }
  ])('calls nothing and loads no client in $name', async ({ overrides, line }) => {
    const { record, logger, connects } = recorder(overrides)
    expect(await record.begin(plan)).toBe('')
    await record.finish({ results })
    expect(github.calls()).toEqual([])
    expect(connects).toEqual([])
    expect(logger.lines).toEqual(line === undefined ? [] : [expect.stringContaining(line)])
  })

  it('writes no record when no group has an update to approve', async () => {
    const { record, connects } = recorder()
    expect(await record.begin(planOfResults([]))).toBe('')
    expect(connects).toEqual([])
    expect(github.calls()).toEqual([])
  })
})
