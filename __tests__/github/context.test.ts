import { describe, expect, it } from '@jest/globals'
import { deploymentRef, runContextFrom, type GitHubContextLike } from '../../src/github/context.js'
import { readGitHubContext } from '../../src/github/env-context.js'
import { summaryHeadingHtml, summaryHeadingPieces } from '../../src/github/heading.js'
import { RELEASE_EVENT_PATH, RELEASE_SHA, RELEASE_TAG, RELEASE_URL, releaseEnv } from '../../__fixtures__/github-api.js'

const SHA = 'abcdef0123456789abcdef0123456789abcdef01'

function context(overrides: Partial<GitHubContextLike> = {}): GitHubContextLike {
  return {
    eventName: 'push',
    payload: {},
    sha: SHA,
    ref: 'refs/heads/main',
    actor: 'octocat',
    runId: 4242,
    runAttempt: 1,
    serverUrl: 'https://github.com',
    apiUrl: 'https://api.github.com',
    repo: { owner: 'octo-org', repo: 'fleet-config' },
    ...overrides
  }
}

const release = (fields: Record<string, unknown>) => ({ eventName: 'release', payload: { release: fields } })

describe('readGitHubContext', () => {
  it('reads the release payload and the run variables as github.context does', () => {
    const read = readGitHubContext(releaseEnv('http://127.0.0.1:1'))
    expect(read).toMatchObject({
      eventName: 'release',
      sha: RELEASE_SHA,
      ref: `refs/tags/${RELEASE_TAG}`,
      runId: 4242,
      runAttempt: 1,
      apiUrl: 'http://127.0.0.1:1',
      repo: { owner: 'octo-org', repo: 'fleet-config' }
    })
    expect(read.payload).toHaveProperty('release.tag_name', RELEASE_TAG)
  })

  it('reads no payload for events whose payload the action does not use', () => {
    const files: string[] = []
    const read = readGitHubContext({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: RELEASE_EVENT_PATH }, (path) => {
      files.push(path)
      return '{}'
    })
    expect(read.payload).toEqual({})
    expect(files).toEqual([])
  })

  it.each([
    {
      name: 'a missing file',
      readFile: (): string => {
        throw new Error('ENOENT')
      }
    },
    { name: 'malformed JSON', readFile: () => '{"release":' },
    { name: 'a JSON array', readFile: () => '[]' }
  ])('reads $name as an empty payload', ({ readFile }) => {
    expect(readGitHubContext({ GITHUB_EVENT_NAME: 'release', GITHUB_EVENT_PATH: '/x.json' }, readFile).payload).toEqual({})
  })

  it('falls back to the defaults and the payload repository outside a workflow', () => {
    const read = readGitHubContext({ GITHUB_EVENT_NAME: 'release', GITHUB_EVENT_PATH: RELEASE_EVENT_PATH })
    expect(read).toMatchObject({ serverUrl: 'https://github.com', apiUrl: 'https://api.github.com', repo: { owner: 'octo-org' } })
    expect(Number.isNaN(read.runId)).toBe(true)
    expect(readGitHubContext({}).repo).toEqual({ owner: '', repo: '' })
  })
})

describe('runContextFrom', () => {
  it('names the release on a release event and refs the deployment by its tag', () => {
    const run = runContextFrom(context(release({ tag_name: 'v2.4.0', name: 'Spring', html_url: RELEASE_URL, prerelease: true })))
    expect(run.release).toEqual({ tag: 'v2.4.0', name: 'Spring', htmlUrl: RELEASE_URL, prerelease: true })
    expect(deploymentRef(run)).toBe('v2.4.0')
  })

  it('refs the deployment by the commit SHA on other events, and names the actor of a dispatch', () => {
    const run = runContextFrom(context({ eventName: 'workflow_dispatch' }))
    expect(run.release).toBeUndefined()
    expect(run.dispatchedBy).toBe('octocat')
    expect(deploymentRef(run)).toBe(SHA)
    expect(runContextFrom(context()).dispatchedBy).toBeUndefined()
  })

  it.each([
    { name: 'attempt 1', attempt: 1, expected: 'https://github.com/octo-org/fleet-config/actions/runs/4242' },
    { name: 'attempt 3', attempt: 3, expected: 'https://github.com/octo-org/fleet-config/actions/runs/4242/attempts/3' },
    { name: 'an unknown attempt', attempt: Number.NaN, expected: 'https://github.com/octo-org/fleet-config/actions/runs/4242' }
  ])('links the run with $name', ({ attempt, expected }) => {
    expect(runContextFrom(context({ runAttempt: attempt })).runUrl).toBe(expected)
  })

  it('keeps a GitHub Enterprise Server URL and drops its trailing slash', () => {
    const run = runContextFrom(context({ serverUrl: 'https://ghe.example.com/', apiUrl: 'https://ghe.example.com/api/v3/' }))
    expect(run.runUrl).toBe('https://ghe.example.com/octo-org/fleet-config/actions/runs/4242')
    expect(run.commitUrl).toBe(`https://ghe.example.com/octo-org/fleet-config/commit/${SHA}`)
    expect(run.apiUrl).toBe('https://ghe.example.com/api/v3')
  })

  it.each([
    { name: 'no repository', overrides: { repo: { owner: '', repo: '' } } },
    { name: 'no run id', overrides: { runId: Number.NaN } }
  ])('has no run link with $name', ({ overrides }) => {
    expect(runContextFrom(context(overrides)).runUrl).toBe('')
  })

  it.each([
    { name: 'no tag', fields: { name: 'x' } },
    { name: 'an empty tag', fields: { tag_name: '' } }
  ])('ignores a release payload with $name', ({ fields }) => {
    expect(runContextFrom(context(release(fields))).release).toBeUndefined()
  })

  it('never links a release page that is not http(s)', () => {
    const run = runContextFrom(context(release({ tag_name: 'v1', html_url: 'javascript:alert(1)' })))
    expect(run.release?.htmlUrl).toBe('')
  })

  it('drops a SHA that is not hex', () => {
    expect(runContextFrom(context({ sha: 'main' }))).toMatchObject({ sha: '', commitUrl: '' })
  })
})

describe('summaryHeadingPieces', () => {
  it('names the release linked to its page, the commit and the run, HTML-escaped', () => {
    const run = runContextFrom(context(release({ tag_name: 'v2.4.0', name: 'Spring <fleet> & co', html_url: RELEASE_URL })))
    expect(summaryHeadingPieces(run)).toEqual([
      { text: 'Release v2.4.0: Spring &lt;fleet&gt; &amp; co', href: RELEASE_URL },
      { text: 'Commit abcdef0', href: `https://github.com/octo-org/fleet-config/commit/${SHA}` },
      { text: 'Run 4242', href: 'https://github.com/octo-org/fleet-config/actions/runs/4242' }
    ])
  })

  it('marks a pre-release and names the attempt above 1', () => {
    const run = runContextFrom(context({ ...release({ tag_name: 'v3.0.0-rc.1', prerelease: true }), runAttempt: 2 }))
    const texts = summaryHeadingPieces(run).map((p) => p.text)
    expect(texts).toEqual(['Pre-release v3.0.0-rc.1', 'Commit abcdef0', 'Run 4242, attempt 2'])
  })

  it('names who dispatched the run', () => {
    const pieces = summaryHeadingPieces(runContextFrom(context({ eventName: 'workflow_dispatch', actor: 'ops-lead' })))
    expect(pieces[0]).toEqual({ text: 'Dispatched by @ops-lead' })
  })

  it('renders the pieces as one paragraph of links', () => {
    const html = summaryHeadingHtml([{ text: 'Release v1 &amp; co', href: 'https://x.test/?a=1&amp;b=2' }, { text: 'Run 1' }])
    expect(html).toBe('<p><a href="https://x.test/?a=1&amp;b=2">Release v1 &amp; co</a> · Run 1</p>')
    expect(summaryHeadingHtml([])).toBe('')
  })
})
