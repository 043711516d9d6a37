/**
 * The run's GitHub context, read from the runner's variables the way `@actions/github` builds `github.context`.
 *
 * Why not import it: `import '@actions/github'` loads Octokit, its REST endpoint plugin and undici at top level
 * (measured with `node -e`: about 145 ms against 8 ms for its context module alone), and `@actions/github/lib/context`
 * is not in the package's `exports`, so it cannot be imported by itself. Its Context also prints to stdout, past the
 * log funnel, when GITHUB_EVENT_PATH is missing. This module reads the same variables and nothing else.
 */
import { readFileSync } from 'node:fs'

/** GitHubContext has the fields of `@actions/github`'s Context that this action uses, with the same meaning. */
export interface GitHubContext {
  readonly eventName: string
  /** The webhook payload; read only for the events whose payload the action uses (see PAYLOAD_EVENTS), else `{}`. */
  readonly payload: Readonly<Record<string, unknown>>
  readonly sha: string
  readonly ref: string
  readonly actor: string
  /** NaN when unset, as in `@actions/github`. */
  readonly runId: number
  /** NaN when unset. */
  readonly runAttempt: number
  readonly serverUrl: string
  readonly apiUrl: string
  /** Empty strings when GITHUB_REPOSITORY is unset and the payload names no repository. */
  readonly repo: { readonly owner: string; readonly repo: string }
}

/**
 * PAYLOAD_EVENTS are the events whose payload is read: only a release's names the release. A push payload can run
 * to megabytes, and nothing else in it is needed, so it is not parsed.
 */
export const PAYLOAD_EVENTS: readonly string[] = ['release']

/**
 * readGitHubContext returns the context from the runner's variables (`GITHUB_EVENT_NAME`, `GITHUB_EVENT_PATH`,
 * `GITHUB_SHA`, `GITHUB_REF`, `GITHUB_ACTOR`, `GITHUB_RUN_ID`, `GITHUB_RUN_ATTEMPT`, `GITHUB_SERVER_URL`,
 * `GITHUB_API_URL`, `GITHUB_REPOSITORY`); a payload that cannot be read or parsed reads as `{}`.
 */
export function readGitHubContext(
  env: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8')
): GitHubContext {
  const eventName = env.GITHUB_EVENT_NAME ?? ''
  const payload = PAYLOAD_EVENTS.includes(eventName) ? readPayload(env.GITHUB_EVENT_PATH, readFile) : {}
  return {
    eventName,
    payload,
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    actor: env.GITHUB_ACTOR ?? '',
    runId: Number.parseInt(env.GITHUB_RUN_ID ?? '', 10),
    runAttempt: Number.parseInt(env.GITHUB_RUN_ATTEMPT ?? '', 10),
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    repo: repoOf(env.GITHUB_REPOSITORY, payload)
  }
}

function readPayload(path: string | undefined, readFile: (path: string) => string): Readonly<Record<string, unknown>> {
  if (!path) return {}
  try {
    const parsed: unknown = JSON.parse(readFile(path))
    return isRecord(parsed) ? parsed : {}
  } catch {
    return {}
  }
}

function repoOf(repository: string | undefined, payload: Readonly<Record<string, unknown>>): GitHubContext['repo'] {
  const [owner = '', repo = '', ...rest] = (repository ?? '').split('/')
  if (owner !== '' && repo !== '' && rest.length === 0) return { owner, repo }
  const fromPayload = payload.repository
  if (isRecord(fromPayload) && isRecord(fromPayload.owner)) {
    const login = fromPayload.owner.login
    const name = fromPayload.name
    if (typeof login === 'string' && typeof name === 'string') return { owner: login, repo: name }
  }
  return { owner: '', repo: '' }
}

/** isRecord tells whether a parsed JSON value is an object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
