import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { errorFact } from '../../../src/common/api.js'
import { catalogueCodes } from '../../../emulator/state/errors.js'
import { FixtureError, loadFixture, validateFixture, type Fixture } from '../../../emulator/state/fixture.js'
import { smallFleet } from '../../../__fixtures__/emulator-fleet.js'

describe('the sample fleet', () => {
  const fleet = loadFixture()

  it('has eight groups across three regions with ids of the shape the action validates', () => {
    expect(fleet.groups).toHaveLength(8)
    expect(new Set(fleet.groups.map((g) => g.region))).toEqual(new Set(['cn-hangzhou', 'cn-shanghai', 'ap-southeast-1']))
    for (const g of fleet.groups) expect(g.id).toMatch(/^aig-[a-z0-9]{6,32}$/)
  })

  it('covers a running task, a group without update, and an update that fails', () => {
    expect(fleet.groups.filter((g) => g.activeTask).map((g) => g.id)).toEqual(['aig-shvideo004'])
    expect(fleet.groups.filter((g) => !g.pending).map((g) => g.id)).toEqual(['aig-shkiosk005', 'aig-sglegacy08'])
    expect(fleet.groups.filter((g) => g.outcome === 'FAILED').map((g) => g.id)).toEqual(['aig-sgfails006'])
  })
})

describe('validateFixture', () => {
  type Break = (f: Fixture & Record<string, unknown>) => void
  const group = (f: Fixture) => f.groups[0] as unknown as Record<string, unknown>

  it.each<{ name: string; change: Break; error: string }>([
    { name: 'no groups', change: (f) => delete (f as Partial<Fixture>).groups, error: 'fixture.groups must be an array' },
    {
      name: 'a bad group id',
      change: (f) => (group(f).id = 'group-1'),
      error: 'fixture.groups[0].id "group-1" must match ^aig-[a-z0-9]{6,32}$'
    },
    {
      name: 'a duplicate group id',
      change: (f) => (f.groups[1] = { ...(f.groups[1] as Fixture['groups'][0]), id: f.groups[0]?.id as string }),
      error: 'fixture.groups[].id must be unique'
    },
    {
      name: 'a bad region',
      change: (f) => (group(f).region = 'Hangzhou'),
      error: 'fixture.groups[0].region "Hangzhou" must match'
    },
    {
      name: 'an unknown status',
      change: (f) => (group(f).status = 'RUNNING'),
      error: 'fixture.groups[0].status must be one of PUBLISHED'
    },
    {
      name: 'a bad pending task id',
      change: (f) => (group(f).pending = { taskId: 'task-1', newVersion: '2' }),
      error: 'fixture.groups[0].pending.taskId "task-1" must match ^ota-'
    },
    {
      name: 'an unknown OtaType',
      change: (f) => (group(f).pending = { taskId: 'ota-abcdef', newVersion: '2', otaType: 'fota' }),
      error: 'fixture.groups[0].pending.otaType must be one of Fota, AppUpdate, ImageUpdate'
    },
    {
      name: 'an active task without pending',
      change: (f) =>
        Object.assign(group(f), { pending: null, activeTask: { taskId: 'ota-abcdef', version: '2', status: 'RUNNING' } }),
      error: 'fixture.groups[0].activeTask needs fixture.groups[0].pending'
    },
    {
      name: 'a misspelt field',
      change: (f) => (group(f).pendng = null),
      error: 'fixture.groups[0].pendng is not a fixture field'
    },
    { name: 'an unknown top-level field', change: (f) => (f.group = []), error: 'fixture.group is not a fixture field' },
    {
      name: 'a bad STS expiration',
      change: (f) =>
        ((f.stsTokens as NonNullable<Fixture['stsTokens']>)[0] = {
          accessKeyId: 'a',
          accessKeySecret: 'b',
          securityToken: 'c',
          expiration: 'soon'
        }),
      error: 'fixture.stsTokens[0].expiration must be ISO 8601'
    },
    {
      name: 'a bad fault',
      change: (f) => (f.faults = [{ operation: '*', kind: 'boom' as 'throttle' }]),
      error: 'fixture.faults[0].kind must be one of'
    },
    {
      name: 'a negative runningMs',
      change: (f) => (f.ota = { runningMs: -1 }),
      error: 'fixture.ota.runningMs must be an integer ≥ 0'
    },
    {
      name: 'an OIDC provider without a key',
      change: (f) => (f.oidc = { providers: [{ arn: 'p', issuer: 'i', clientIds: ['c'] }], roles: [] }),
      error: 'fixture.oidc.providers[0] needs publicKeyPem or jwks'
    },
    {
      name: 'an unreadable OIDC key',
      change: (f) => (f.oidc = { providers: [{ arn: 'p', issuer: 'i', clientIds: ['c'], publicKeyPem: 'nope' }], roles: [] }),
      error: 'fixture.oidc.providers[0]: public key cannot be read'
    }
  ])('refuses $name', ({ change, error }) => {
    const fixture = smallFleet() as Fixture & Record<string, unknown>
    change(fixture)
    expect(() => validateFixture(fixture)).toThrow(FixtureError)
    expect(() => validateFixture(fixture)).toThrow(error)
  })

  it('accepts the small test fleet and comment keys', () => {
    expect(validateFixture({ ...smallFleet(), _comment: 'test' }).groups).toHaveLength(5)
  })
})

describe('loadFixture', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-fixture-'))

  it('names the file that cannot be read', () => {
    expect(() => loadFixture(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot be read/)
  })

  it('names the file that is not JSON', () => {
    const path = join(dir, 'broken.json')
    writeFileSync(path, '{ "groups": [ }')
    expect(() => loadFixture(path)).toThrow(/broken\.json: not valid JSON/)
  })

  it('prefixes rule errors with the file', () => {
    const path = join(dir, 'bad.json')
    writeFileSync(path, JSON.stringify({ accessKeys: [], groups: [{ id: 'aig-abcdef', name: 'n', region: 'cn-hangzhou' }] }))
    expect(() => loadFixture(path)).toThrow(`${path}: fixture.groups[0].otaVersion must be a non-empty string`)
  })
})

describe('the error catalogue', () => {
  it('only has codes whose HTTP status src/common/api.ts knows', () => {
    const unknown = catalogueCodes().filter((code) => errorFact(code) === undefined)
    expect(unknown).toEqual([])
  })
})
