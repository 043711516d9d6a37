/**
 * One GitHub REST stand-in per test file (emulator/github/server.ts): started before the file's tests, reset before
 * each test (deployments, calls, faults), closed after the file. Also the run context of a release, as tests use it.
 */
import { afterAll, beforeAll, beforeEach } from '@jest/globals'
import { join } from 'node:path'
import { startGitHubApi, TEST_GITHUB_TOKEN, TEST_REPOSITORY, type GitHubApi } from '../emulator/github/server.js'
import { ROOT } from './action.js'

export { TEST_GITHUB_TOKEN, TEST_REPOSITORY }

/** RELEASE_EVENT_PATH is a `release` (published) event payload, as the runner writes it to GITHUB_EVENT_PATH. */
export const RELEASE_EVENT_PATH = join(ROOT, '__fixtures__', 'github-release-event.json')
/** RELEASE_TAG and the other facts of the payload at RELEASE_EVENT_PATH. */
export const RELEASE_TAG = 'v2.4.0'
export const RELEASE_NAME = 'Spring <fleet> update'
export const RELEASE_URL = 'https://github.com/octo-org/fleet-config/releases/tag/v2.4.0'
export const RELEASE_SHA = '0123456789abcdef0123456789abcdef01234567'

/** releaseEnv returns the runner variables of a release run that reaches the stand-in at `apiUrl`. */
export function releaseEnv(apiUrl: string, overrides: Record<string, string> = {}): Record<string, string> {
  const [owner = '', repo = ''] = TEST_REPOSITORY.split('/')
  return {
    GITHUB_EVENT_NAME: 'release',
    GITHUB_EVENT_PATH: RELEASE_EVENT_PATH,
    GITHUB_SHA: RELEASE_SHA,
    GITHUB_REF: `refs/tags/${RELEASE_TAG}`,
    GITHUB_ACTOR: 'release-bot',
    GITHUB_REPOSITORY: `${owner}/${repo}`,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: apiUrl,
    ...overrides
  }
}

/** useGitHubApi registers the file's hooks and hands the started stand-in to `bind`. */
export function useGitHubApi(bind: (api: GitHubApi) => void): void {
  let api: GitHubApi | undefined
  beforeAll(async () => {
    api = await startGitHubApi()
    bind(api)
  })
  afterAll(async () => {
    await api?.close()
  })
  beforeEach(() => {
    api?.reset()
  })
}
