import { describe, expect, it } from '@jest/globals'
import { Deadline } from '../../src/common/deadline.js'
import { fixFor, GitHubError, retryAfterOf, SECONDARY_LIMIT_WAIT_MS, toGitHubError } from '../../src/github/errors.js'
import { MAX_GITHUB_WAIT_MS, withGitHubRetry, type GitHubRetryContext } from '../../src/github/retry.js'

const NOW = Date.parse('2026-06-20T00:00:00Z')

const answered = (status: number, message: string, headers: Record<string, string> = {}) => ({
  name: 'HttpError',
  status,
  message,
  response: { headers, data: { message } }
})

describe('toGitHubError', () => {
  it.each([
    { name: 'a 403 refusal', thrown: answered(403, 'Resource not accessible by integration'), kind: 'forbidden' },
    { name: 'a 404', thrown: answered(404, 'Not Found'), kind: 'not-found' },
    { name: 'a 401', thrown: answered(401, 'Bad credentials'), kind: 'unauthorized' },
    { name: 'a 409', thrown: answered(409, 'Conflict'), kind: 'rejected' },
    { name: 'a 422', thrown: answered(422, 'Validation Failed'), kind: 'rejected' },
    { name: 'a 502', thrown: answered(502, 'Server Error'), kind: 'server' },
    { name: 'a 429', thrown: answered(429, 'slow down', { 'Retry-After': '3' }), kind: 'rate-limited', wait: 3000 },
    {
      name: 'a 403 with no requests remaining',
      thrown: answered(403, 'API rate limit exceeded', {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(NOW / 1000 + 7)
      }),
      kind: 'rate-limited',
      wait: 7000
    },
    {
      name: 'a 403 secondary rate limit without headers',
      thrown: answered(403, 'You have exceeded a secondary rate limit'),
      kind: 'rate-limited',
      wait: SECONDARY_LIMIT_WAIT_MS
    },
    {
      name: 'a failed fetch (status 500, no response)',
      thrown: { name: 'HttpError', status: 500, message: 'fetch failed' },
      kind: 'network'
    },
    { name: 'an abort', thrown: { name: 'AbortError', message: 'aborted' }, kind: 'timeout' },
    { name: 'a fetch timeout', thrown: { name: 'HttpError', status: 500, cause: { name: 'TimeoutError' } }, kind: 'timeout' },
    { name: 'a thrown string', thrown: 'boom', kind: 'network' }
  ])('maps $name to $kind', ({ thrown, kind, wait }) => {
    const error = toGitHubError(thrown, NOW)
    expect(error.kind).toBe(kind)
    expect(error.retryAfterMs).toBe(wait)
  })

  it('keeps the status, GitHub message and request id in the message', () => {
    const error = toGitHubError(
      {
        status: 403,
        response: { headers: { 'x-github-request-id': 'AB:12' }, data: { message: 'Resource not accessible by integration' } }
      },
      NOW
    )
    expect(error.message).toBe('403 Resource not accessible by integration (request id AB:12)')
  })

  it('reads a retry-after date', () => {
    expect(retryAfterOf({ 'retry-after': new Date(NOW + 5000).toUTCString() }, NOW)).toBe(5000)
  })
})

describe('fixFor', () => {
  const target = { owner: 'o', repo: 'r', environment: 'production', ref: 'v1' }
  it.each([
    ['forbidden', 'permissions: deployments: write'],
    ['not-found', 'cannot see o/r'],
    ['unauthorized', 'invalid or expired'],
    ['rejected', 'environment "production" accepts deployments of v1']
  ] as const)('names the fix for %s', (kind, fix) => {
    expect(fixFor(new GitHubError({ kind, detail: 'x' }), target)).toContain(fix)
  })
})

function retryContext(overrides: Partial<GitHubRetryContext> = {}): GitHubRetryContext & { waits: number[]; lines: string[] } {
  const waits: number[] = []
  const lines: string[] = []
  let clock = NOW
  return {
    maxAttempts: 3,
    backoff: { baseMs: 100, capMs: 1000 },
    deadline: new Deadline(NOW + 600_000, () => clock, 'timeout-minutes: 10'),
    sleep: async (ms) => {
      waits.push(ms)
      clock += ms
    },
    random: () => 0.5,
    log: (line) => lines.push(line),
    requestTimeoutMs: 10_000,
    now: () => clock,
    waits,
    lines,
    ...overrides
  }
}

/** A call that throws the given errors in turn, then returns 'done'. */
function failing(...errors: unknown[]): { call: () => Promise<string>; attempts: () => number } {
  let n = 0
  return {
    call: async () => {
      const error = errors[n++]
      if (error !== undefined) throw error
      return 'done'
    },
    attempts: () => n
  }
}

describe('withGitHubRetry', () => {
  it('retries a 5xx and a lost connection, logging each retry', async () => {
    const ctx = retryContext()
    const { call, attempts } = failing(answered(502, 'Server Error'), {
      name: 'HttpError',
      status: 500,
      message: 'socket hang up'
    })
    await expect(withGitHubRetry('create', call, ctx)).resolves.toBe('done')
    expect(attempts()).toBe(3)
    expect(ctx.lines[0]).toMatch(/^create failed with 502 Server Error: attempt 1 of 3; retrying in \d+ ms$/)
  })

  it('waits what a rate limit asks, plus jitter', async () => {
    const ctx = retryContext()
    await withGitHubRetry('create', failing(answered(429, 'slow', { 'retry-after': '2' })).call, ctx)
    expect(ctx.waits[0]).toBeGreaterThanOrEqual(2000)
    expect(ctx.waits[0]).toBeLessThan(2500)
  })

  it(`gives up at once when a rate limit asks for more than ${MAX_GITHUB_WAIT_MS / 1000} s`, async () => {
    const ctx = retryContext()
    const { call, attempts } = failing(answered(429, 'slow', { 'retry-after': '3600' }))
    await expect(withGitHubRetry('create', call, ctx)).rejects.toThrow('GitHub asked to wait 3600.0 s')
    expect(attempts()).toBe(1)
  })

  it('throws a refusal at once', async () => {
    const { call, attempts } = failing(answered(403, 'Resource not accessible by integration'))
    await expect(withGitHubRetry('create', call, retryContext())).rejects.toMatchObject({ kind: 'forbidden' })
    expect(attempts()).toBe(1)
  })

  it('gives up after max attempts, saying so', async () => {
    const { call } = failing(answered(503, 'a'), answered(503, 'b'), answered(503, 'c'))
    await expect(withGitHubRetry('create', call, retryContext())).rejects.toThrow('503 c; gave up after 3 attempts')
  })

  it('does not wait past the deadline', async () => {
    const ctx = retryContext({ deadline: new Deadline(NOW + 10, () => NOW, 'timeout-minutes: 0.1') })
    const { call, attempts } = failing(answered(503, 'busy'))
    await expect(withGitHubRetry('create', call, ctx)).rejects.toMatchObject({ kind: 'server' })
    expect(attempts()).toBe(1)
    expect(ctx.waits).toEqual([])
  })

  it('makes one attempt after the deadline only when asked to', async () => {
    const ctx = retryContext({ deadline: new Deadline(NOW - 1, () => NOW, 'wait-timeout-minutes: 1') })
    await expect(withGitHubRetry('status', failing().call, ctx)).rejects.toThrow('before GitHub was called')
    await expect(withGitHubRetry('status', failing().call, ctx, true)).resolves.toBe('done')
  })
})
