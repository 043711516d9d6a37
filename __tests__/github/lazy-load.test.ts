/**
 * Octokit is loaded only when a record is written: `@actions/github` is mocked with a factory that notes its loading,
 * and the recorder runs with its default client.
 */
import { describe, expect, it, jest } from '@jest/globals'
import type { ConnectOptions } from '../../src/github/rest.js'

const loaded: string[] = []
const created: ConnectOptions[] = []
jest.unstable_mockModule('@actions/github', () => {
  loaded.push('@actions/github')
  return {
    getOctokit: (token: string, options: { baseUrl: string }) => {
      created.push({ token, apiUrl: options.baseUrl, owner: '', repo: '' })
      return {
        rest: {
          repos: {
            createDeployment: async () => ({ status: 201, headers: {}, data: { id: 77 } }),
            createDeploymentStatus: async () => ({ status: 201, headers: {}, data: {} }),
            listDeployments: async () => ({ status: 200, headers: {}, data: [] })
          }
        }
      }
    }
  }
})

const { createDeploymentRecorder } = await import('../../src/github/deployment.js')
const { runContextFrom } = await import('../../src/github/context.js')
const { Deadline } = await import('../../src/common/deadline.js')
const { recordingLogger } = await import('../../__fixtures__/fake-api.js')

const context = runContextFrom({
  eventName: 'push',
  payload: {},
  sha: 'abcdef0123456789abcdef0123456789abcdef01',
  ref: 'refs/heads/main',
  actor: 'octocat',
  runId: 1,
  runAttempt: 1,
  serverUrl: 'https://github.com',
  apiUrl: 'https://ghe.example.com/api/v3',
  repo: { owner: 'o', repo: 'r' }
})
const plan = {
  region: 'cn-hangzhou',
  otaType: 'Fota',
  groups: [{ id: 'aig-a', taskId: 'ota-a', otaVersion: '1', newOtaVersion: '2', startTime: '2026-06-20T02:00:00+08:00' }]
}

function recorder(environment: string, dryRun: boolean) {
  const options = {
    inputs: { environment, token: environment === '' ? '' : 'ghs_token', environmentUrl: '' },
    dryRun,
    wait: false,
    maxAttempts: 1,
    requestTimeoutMs: 1000,
    context
  }
  return createDeploymentRecorder(options, { logger: recordingLogger(), deadline: () => Deadline.none() })
}

describe('loading Octokit', () => {
  it('does not happen without deployment-environment or in a dry run', async () => {
    for (const record of [recorder('', false), recorder('production', true)]) {
      await record.begin(plan)
      await record.finish({ results: [] })
    }
    expect(loaded).toEqual([])
  })

  it('happens when a record is written, with the token and GITHUB_API_URL', async () => {
    const record = recorder('production', false)
    expect(await record.begin(plan)).toBe('77')
    expect(loaded).toEqual(['@actions/github'])
    expect(created).toEqual([{ token: 'ghs_token', apiUrl: 'https://ghe.example.com/api/v3', owner: '', repo: '' }])
  })
})
