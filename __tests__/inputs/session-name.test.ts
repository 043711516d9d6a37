import { describe, expect, it } from '@jest/globals'
import { inputErrorOf as thrown } from '../../__fixtures__/errors.js'
import { parseRoleSessionName, roleSessionName } from '../../src/inputs/session-name.js'

const STS_RULE = /^[A-Za-z0-9.@_-]{2,64}$/

describe('roleSessionName', () => {
  it.each([
    {
      name: 'repository, run id and attempt',
      args: ['octo-org/fleet-config', '4242', '1'],
      expected: 'octo-org.fleet-config-4242-1'
    },
    { name: 'no attempt', args: ['octo-org/fleet-config', '4242'], expected: 'octo-org.fleet-config-4242' },
    { name: 'characters STS refuses', args: ['o+rg/re po', '7', '2'], expected: 'o-rg.re-po-7-2' },
    { name: 'no repository (a run by hand)', args: ['', '4242', '1'], expected: 'wuying-ota-action-4242-1' },
    { name: 'nothing at all', args: ['', ''], expected: 'wuying-ota-action' },
    { name: 'a one-character result', args: ['a', ''], expected: 'wuying-ota-action' }
  ] as const)('gives $expected for $name', ({ args, expected }) => {
    expect(roleSessionName(...(args as unknown as [string, string, string?]))).toBe(expected)
  })

  it('shortens the repository, not the run suffix, to fit 64 characters', () => {
    const name = roleSessionName(`${'o'.repeat(39)}/${'r'.repeat(100)}`, '12345678901', '3')
    expect(name).toHaveLength(64)
    expect(name.endsWith('-12345678901-3')).toBe(true)
    expect(name).toMatch(STS_RULE)
  })

  it.each(['owner/repo.with.dots', 'ünïcödé/репо', 'a/b', `${'x'.repeat(200)}/y`, 'owner/repo@main'])(
    'always follows STS rules for %j',
    (repository) => {
      const name = roleSessionName(repository, '987654321', '12')
      expect(name).toMatch(STS_RULE)
      expect(parseRoleSessionName(name)).toBe(name)
    }
  )
})

describe('parseRoleSessionName', () => {
  it.each(['ci', 'deploy@octo-org.fleet_config-1', 'x'.repeat(64)])('accepts %j', (name) => {
    expect(parseRoleSessionName(` ${name} `)).toBe(name)
  })

  it.each([
    {
      name: 'one character',
      value: 'a',
      error: /^role-session-name: "a" has 1 characters; use 2 to 64 letters, digits and \. @ _ -/
    },
    { name: '65 characters', value: 'x'.repeat(65), error: /has 65 characters/ },
    {
      name: 'a slash and a space',
      value: 'ci run/1',
      error: /^role-session-name: "ci run\/1" contains " ", "\/"; use .*e\.g\. octo-org\.deploy-4242-1$/
    }
  ])('refuses $name, naming the input, the rule and an example', ({ value, error }) => {
    expect(thrown(() => parseRoleSessionName(value)).message).toMatch(error)
  })
})
