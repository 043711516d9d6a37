import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/common/errors.js'
import { readDeploymentInputs, TOKEN_ENV, type RawDeploymentInputs } from '../../src/inputs/github.js'

const TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a'
const raw = (overrides: Partial<RawDeploymentInputs> = {}): RawDeploymentInputs => ({
  environment: 'production',
  token: TOKEN,
  environmentUrl: '',
  ...overrides
})

function errorOf(fn: () => unknown): InputError {
  try {
    fn()
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('no InputError thrown')
}

describe('readDeploymentInputs', () => {
  it('reads a record request', () => {
    expect(readDeploymentInputs(raw({ environmentUrl: 'https://portal.example.com/fleet' }), {})).toEqual({
      environment: 'production',
      token: TOKEN,
      environmentUrl: 'https://portal.example.com/fleet'
    })
  })

  it('drops the token when no record is asked for, even an unevaluated expression', () => {
    expect(readDeploymentInputs(raw({ environment: '', token: '${{ github.token }}' }), {})).toEqual({
      environment: '',
      token: '',
      environmentUrl: ''
    })
  })

  it(`reads ${TOKEN_ENV} when github-token is empty, as \${{ github.token }} would give`, () => {
    expect(readDeploymentInputs(raw({ token: '' }), { [TOKEN_ENV]: TOKEN }).token).toBe(TOKEN)
  })

  it.each([
    {
      name: 'an empty token',
      input: raw({ token: '' }),
      env: {},
      error: /^github-token: is empty, but deployment-environment is "production"/
    },
    {
      name: 'an unevaluated expression',
      input: raw({ token: '${{ github.token }}' }),
      env: {},
      error: /^github-token: holds an expression the runner did not evaluate/
    },
    { name: 'a token with a space', input: raw({ token: 'ghs_a b' }), env: {}, error: /^github-token: contains whitespace/ },
    { name: 'a long environment name', input: raw({ environment: 'e'.repeat(256) }), env: {}, error: /at most 255/ },
    { name: 'a control character', input: raw({ environment: 'prod\u0007' }), env: {}, error: /control character/ },
    {
      name: 'an http URL',
      input: raw({ environmentUrl: 'http://portal.example.com' }),
      env: {},
      error: /^environment-url: "http:\/\/portal.example.com" is not https/
    },
    { name: 'not a URL', input: raw({ environmentUrl: 'portal' }), env: {}, error: /^environment-url: "portal" is not a URL/ },
    {
      name: 'a URL with credentials',
      input: raw({ environmentUrl: 'https://user:hunter22@portal.example.com' }),
      env: {},
      error: /^environment-url: must not contain credentials/
    },
    {
      name: 'a bad URL without a record',
      input: raw({ environment: '', environmentUrl: 'ftp://x' }),
      env: {},
      error: /is not https/
    }
  ])('rejects $name, naming the input', ({ input, env, error }) => {
    const thrown = errorOf(() => readDeploymentInputs(input, env))
    expect(thrown.message).toMatch(error)
  })

  it('never quotes the token or a URL password in its errors', () => {
    const messages = [
      errorOf(() => readDeploymentInputs(raw({ token: 'ghs_secret value' }), {})).message,
      errorOf(() => readDeploymentInputs(raw({ environmentUrl: 'http://user:hunter22@portal.example.com' }), {})).message
    ]
    expect(messages.join('\n')).not.toMatch(/ghs_secret|hunter22/)
  })
})
