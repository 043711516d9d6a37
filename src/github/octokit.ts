/**
 * GitHubRest on Octokit, through `@actions/github`'s getOctokit (the runner's proxy settings and GITHUB_API_URL
 * honoured). The only module that imports `@actions/github`, and itself imported only with `import()` when a record
 * is asked for: a run without `deployment-environment` never loads Octokit.
 */
import { getOctokit } from '@actions/github'
import { toGitHubError } from './errors.js'
import type { ConnectOptions, GitHubRest, ListedDeployment } from './rest.js'

/** Octokit's own log lines would bypass the log funnel; what matters reaches the user as a GitHubError instead. */
const SILENT = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined }

/** LIST_PAGE is how many of the newest matching deployments a listing reads (a retried create looks for its own there). */
const LIST_PAGE = 30

/** connectOctokit returns the GitHubRest of `options.repo` as `options.token`, mapping every failure to a GitHubError. */
export function connectOctokit(options: ConnectOptions, now: () => number = Date.now): GitHubRest {
  // No `request` option here: it would replace the proxy-aware fetch that getOctokit sets up. Signals go per call.
  const octokit = getOctokit(options.token, { baseUrl: options.apiUrl, log: SILENT, userAgent: 'wuying-ota-action' })
  const { owner, repo } = options
  const mapped = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call()
    } catch (error) {
      throw toGitHubError(error, now())
    }
  }
  return {
    createDeployment: (body, signal) =>
      mapped(async () => {
        const { payload, required_contexts, ...rest } = body
        const response = await octokit.rest.repos.createDeployment({
          owner,
          repo,
          ...rest,
          required_contexts: [...required_contexts],
          payload: payload as unknown as Record<string, unknown>,
          request: { signal }
        })
        const data: unknown = response.data
        const id = typeof data === 'object' && data !== null && 'id' in data ? data.id : undefined
        if (typeof id !== 'number') {
          // 202: GitHub merged or would merge the default branch first; with auto_merge false this should not happen.
          throw toGitHubError({ status: response.status, response: { headers: response.headers, data } }, now())
        }
        return id
      }),
    listDeployments: (query, signal) =>
      mapped(async () => {
        const response = await octokit.rest.repos.listDeployments({
          owner,
          repo,
          ...query,
          per_page: LIST_PAGE,
          request: { signal }
        })
        return response.data.map((d): ListedDeployment => ({ id: d.id, payload: d.payload }))
      }),
    createStatus: (deploymentId, body, signal) =>
      mapped(async () => {
        await octokit.rest.repos.createDeploymentStatus({
          owner,
          repo,
          deployment_id: deploymentId,
          ...body,
          request: { signal }
        })
      })
  }
}
