/** The GitHub REST stand-in over raw HTTP: authorization, GitHub's rules, recording and injected faults. */
import { describe, expect, it } from '@jest/globals'
import type { GitHubApi } from '../../../emulator/github/server.js'
import { TEST_GITHUB_TOKEN, TEST_REPOSITORY, useGitHubApi } from '../../../__fixtures__/github-api.js'

let github: GitHubApi
useGitHubApi((api) => (github = api))

const DEPLOYMENTS = `/repos/${TEST_REPOSITORY}/deployments`

async function call(method: string, path: string, body?: unknown, authorization = `Bearer ${TEST_GITHUB_TOKEN}`) {
  const response = await fetch(`${github.url}${path}`, {
    method,
    headers: { authorization, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  return { status: response.status, headers: response.headers, data: (await response.json()) as Record<string, unknown> }
}

const create = (body: Record<string, unknown> = {}) =>
  call('POST', DEPLOYMENTS, { ref: 'v1.0.0', environment: 'production', ...body })

describe('the GitHub stand-in', () => {
  it.each([
    { name: 'a Bearer token', authorization: `Bearer ${TEST_GITHUB_TOKEN}`, status: 201 },
    { name: 'a `token` token', authorization: `token ${TEST_GITHUB_TOKEN}`, status: 201 },
    { name: 'a wrong token', authorization: 'Bearer ghs_wrong', status: 401 },
    { name: 'no token', authorization: '', status: 401 }
  ])('answers $status to $name and records the call', async ({ authorization, status }) => {
    const answer = await call('POST', DEPLOYMENTS, { ref: 'v1.0.0' }, authorization)
    expect(answer.status).toBe(status)
    expect(github.calls()).toEqual([
      expect.objectContaining({ method: 'POST', path: DEPLOYMENTS, authorized: status === 201, status, body: { ref: 'v1.0.0' } })
    ])
  })

  it('numbers deployments and statuses from 1 and keeps the statuses in order', async () => {
    expect((await create()).data).toMatchObject({ id: 1, ref: 'v1.0.0', environment: 'production', task: 'deploy' })
    expect((await call('POST', `${DEPLOYMENTS}/1/statuses`, { state: 'in_progress' })).data).toMatchObject({ id: 2 })
    expect((await call('POST', `${DEPLOYMENTS}/1/statuses`, { state: 'success', log_url: 'https://x.test' })).status).toBe(201)
    expect(github.deployments()[0]?.statuses.map((s) => s.state)).toEqual(['in_progress', 'success'])
  })

  it.each([
    { name: 'a description over 140 characters', body: { description: 'x'.repeat(141) } },
    { name: 'no ref', body: { ref: '' } }
  ])('refuses $name with 422', async ({ body }) => {
    expect((await create(body)).status).toBe(422)
    expect(github.deployments()).toEqual([])
  })

  it('refuses an unknown state, and a status of an unknown deployment', async () => {
    await create()
    expect((await call('POST', `${DEPLOYMENTS}/1/statuses`, { state: 'done' })).status).toBe(422)
    expect((await call('POST', `${DEPLOYMENTS}/9/statuses`, { state: 'success' })).status).toBe(404)
  })

  it('answers 404 for a repository the token cannot see', async () => {
    expect((await call('POST', '/repos/other/repo/deployments', { ref: 'x' })).status).toBe(404)
  })

  it('lists deployments newest first, filtered', async () => {
    await create({ environment: 'staging' })
    await create()
    await create({ ref: 'v2.0.0' })
    const listed = await call('GET', `${DEPLOYMENTS}?ref=v1.0.0&environment=production`)
    expect((listed.data as unknown as Array<{ id: number }>).map((d) => d.id)).toEqual([2])
  })

  it('answers an injected fault the given number of times, then normally', async () => {
    github.fail({ kind: 'forbidden', times: 2 })
    expect((await create()).status).toBe(403)
    expect((await create()).data).toMatchObject({ message: 'Resource not accessible by integration' })
    expect((await create()).status).toBe(201)
  })

  it.each([
    { kind: 'rate-limited', status: 403, header: 'x-ratelimit-remaining', value: '0' },
    { kind: 'secondary-rate-limit', status: 429, header: 'retry-after', value: '2' }
  ] as const)('answers a $kind with its headers', async ({ kind, status, header, value }) => {
    github.fail({ kind, retryAfterSeconds: 2 })
    const answer = await create()
    expect(answer.status).toBe(status)
    expect(answer.headers.get(header)).toBe(value)
  })

  it('applies a fault to its route only', async () => {
    github.fail({ kind: 'server-error', route: 'statuses' })
    expect((await create()).status).toBe(201)
    expect((await call('POST', `${DEPLOYMENTS}/1/statuses`, { state: 'success' })).status).toBe(502)
  })

  it('carries out a request whose answer it then drops', async () => {
    github.fail({ kind: 'lose-answer' })
    await expect(create()).rejects.toThrow()
    expect(github.deployments()).toHaveLength(1)
  })
})
