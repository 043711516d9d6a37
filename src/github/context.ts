/**
 * What the run's GitHub context says about this step, for the job summary and the Deployment record: the release
 * (on `release` events), who dispatched it (on `workflow_dispatch`), the commit and the link to the run. Pure.
 */
import { isRecord, type GitHubContext } from './env-context.js'

/** GitHubContextLike is what runContextFrom reads: `@actions/github`'s `github.context` has this shape too. */
export type GitHubContextLike = Pick<
  GitHubContext,
  'eventName' | 'payload' | 'sha' | 'ref' | 'actor' | 'runId' | 'runAttempt' | 'serverUrl' | 'apiUrl' | 'repo'
>

/** ReleaseInfo is the release a `release` event is about. */
export interface ReleaseInfo {
  readonly tag: string
  /** The release's title; '' when it has none. */
  readonly name: string
  /** Its page; '' unless an http(s) URL. */
  readonly htmlUrl: string
  readonly prerelease: boolean
}

/** RunContext is the step's GitHub context, checked and with its links built. */
export interface RunContext {
  readonly eventName: string
  /** Empty when unknown (run outside a workflow). */
  readonly owner: string
  readonly repo: string
  readonly sha: string
  readonly ref: string
  readonly actor: string
  /** Set on `release` events whose payload names the release's tag. */
  readonly release?: ReleaseInfo
  /** Set on `workflow_dispatch` events: who started the run. */
  readonly dispatchedBy?: string
  /** 0 when unknown. */
  readonly runId: number
  /** 1 when unknown. */
  readonly runAttempt: number
  /** The server, without a trailing slash (`https://github.com`, or a GitHub Enterprise Server). */
  readonly serverUrl: string
  /** The run's page (with the attempt when above 1); '' when the repository or the run id is unknown. */
  readonly runUrl: string
  /** The commit's page; '' when unknown. */
  readonly commitUrl: string
  /** The REST API's base URL, without a trailing slash (GITHUB_API_URL). */
  readonly apiUrl: string
}

/** runContextFrom returns the RunContext of a `github.context`-shaped object. */
export function runContextFrom(context: GitHubContextLike): RunContext {
  const serverUrl = httpUrl(context.serverUrl).replace(/\/+$/, '') || 'https://github.com'
  const { owner, repo } = context.repo
  const runId = Number.isSafeInteger(context.runId) && context.runId > 0 ? context.runId : 0
  const runAttempt = Number.isSafeInteger(context.runAttempt) && context.runAttempt > 1 ? context.runAttempt : 1
  const sha = /^[0-9a-f]{40,64}$/i.test(context.sha) ? context.sha.toLowerCase() : ''
  const release = context.eventName === 'release' ? releaseOf(context.payload) : undefined
  const dispatched = context.eventName === 'workflow_dispatch' && context.actor !== ''
  const repoUrl = owner !== '' && repo !== '' ? `${serverUrl}/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}` : ''
  return {
    eventName: context.eventName,
    owner,
    repo,
    sha,
    ref: context.ref,
    actor: context.actor,
    ...(release ? { release } : {}),
    ...(dispatched ? { dispatchedBy: context.actor } : {}),
    runId,
    runAttempt,
    serverUrl,
    runUrl: repoUrl !== '' && runId > 0 ? runUrlOf(repoUrl, runId, runAttempt) : '',
    commitUrl: repoUrl !== '' && sha !== '' ? `${repoUrl}/commit/${sha}` : '',
    apiUrl: httpUrl(context.apiUrl).replace(/\/+$/, '') || 'https://api.github.com'
  }
}

/**
 * runUrlOf returns `{repository page}/actions/runs/{run id}`, plus `/attempts/{n}` when the attempt is above 1: the
 * form GitHub's own pages use for a re-run, so the link opens the attempt that ran this step, not the latest one.
 */
export function runUrlOf(repoUrl: string, runId: number, runAttempt: number): string {
  const run = `${repoUrl}/actions/runs/${runId}`
  return runAttempt > 1 ? `${run}/attempts/${runAttempt}` : run
}

/** deploymentRef returns the ref a Deployment names: the release's tag on release events, else the commit SHA. */
export function deploymentRef(context: RunContext): string {
  return context.release?.tag ?? context.sha
}

function releaseOf(payload: Readonly<Record<string, unknown>>): ReleaseInfo | undefined {
  const release = payload.release
  if (!isRecord(release) || typeof release.tag_name !== 'string' || release.tag_name === '') return undefined
  return {
    tag: release.tag_name,
    name: typeof release.name === 'string' ? release.name.trim() : '',
    htmlUrl: typeof release.html_url === 'string' ? httpUrl(release.html_url) : '',
    prerelease: release.prerelease === true
  }
}

/** httpUrl returns the text when it is an http(s) URL, else '' (so that no other scheme ever becomes a link). */
function httpUrl(text: string): string {
  try {
    const url = new URL(text)
    return url.protocol === 'https:' || url.protocol === 'http:' ? text : ''
  } catch {
    return ''
  }
}
