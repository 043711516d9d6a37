/**
 * The fleet fixture: the JSON the emulator starts from (groups, credentials, OIDC trust, OTA timing and
 * faults), validated on load so that a typo fails with the path of the bad field instead of a strange answer.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createPublicKey, type JsonWebKey } from 'node:crypto'
import { GROUP_STATUSES, OTA_TYPES, PRODUCT_TYPE } from '../../src/common/api.js'
import { parseOffsetTime } from './time.js'
import { validateFault, type FaultSpec } from '../faults/queue.js'

/** DEFAULT_FIXTURE_PATH is the sample fleet that ships with the emulator. */
export const DEFAULT_FIXTURE_PATH = fileURLToPath(new URL('../fixtures/fleet.json', import.meta.url))

/** GROUP_ID is the shape of a delivery group id the action validates. */
export const GROUP_ID = /^aig-[a-z0-9]{6,32}$/
/** TASK_ID is the shape of an OTA task id, rotated ones included. */
export const TASK_ID = /^ota-[a-z0-9]{6,32}$/
const REGION_ID = /^[a-z]{2,}(-[a-z0-9]+)+$/

/** An access key pair the emulator accepts; `Inactive` keys answer `InvalidAccessKeyId.Inactive`. */
export interface FixtureAccessKey {
  id: string
  secret: string
  status?: 'Active' | 'Inactive'
}
/** An STS credential triple; `expiration` is ISO 8601 (`Z` or offset). */
export interface FixtureStsToken {
  accessKeyId: string
  accessKeySecret: string
  securityToken: string
  expiration: string
}
/** A RAM OIDC provider: ID tokens must come from `issuer`, name one of `clientIds` as `aud`, and be RS256-signed by its key. */
export interface FixtureOidcProvider {
  arn: string
  issuer: string
  clientIds: string[]
  /** SPKI PEM of the issuer's signing key; give this or `jwks`. */
  publicKeyPem?: string
  /** JWKS (`kid` picks the key when the token names one). */
  jwks?: { keys: JsonWebKey[] }
}
/** A RAM role assumable with OIDC; `allowedSubjects` entries may end in `*`. */
export interface FixtureOidcRole {
  arn: string
  trustedProviderArn: string
  maxSessionDurationSeconds?: number
  allowedSubjects?: string[]
}
/** An update waiting for approval: the group's `OtaInfo.TaskId` and `NewOtaVersion`. */
export interface FixturePending {
  taskId: string
  newVersion: string
  otaType?: string
  releaseNote?: string
}
/** A task already approved when the emulator starts (approving again answers `OtaTask.Running`). */
export interface FixtureActiveTask {
  taskId: string
  version: string
  startTime?: string
  status: 'STANDBY' | 'RUNNING'
}
/** A delivery group (AppInstanceGroup). */
export interface FixtureGroup {
  id: string
  name: string
  region: string
  status?: string
  productType?: string
  otaVersion: string
  pending?: FixturePending | null
  /** How approved tasks of this group end; default FINISHED. */
  outcome?: 'FINISHED' | 'FAILED'
  /** Requires `pending` (the rotated TaskId the group shows while the task runs). */
  activeTask?: FixtureActiveTask
  gmtCreate?: string
}
/** The whole fixture (see emulator/README.md for an example). */
export interface Fixture {
  accessKeys: FixtureAccessKey[]
  stsTokens?: FixtureStsToken[]
  oidc?: { providers: FixtureOidcProvider[]; roles: FixtureOidcRole[] }
  /** `runningMs`: how long an approved task stays RUNNING (default 10 minutes). */
  ota?: { runningMs?: number }
  groups: FixtureGroup[]
  faults?: FaultSpec[]
}

/** FixtureError names the fixture field that is wrong and the rule it breaks. */
export class FixtureError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FixtureError'
  }
}

/** loadFixture returns a validated fixture from an object or a JSON file path (default: the sample fleet); throws FixtureError. */
export function loadFixture(source: Fixture | string = DEFAULT_FIXTURE_PATH): Fixture {
  if (typeof source !== 'string') return validateFixture(source)
  let text: string
  try {
    text = readFileSync(source, 'utf8')
  } catch (err) {
    throw new FixtureError(`fixture ${source}: cannot be read (${(err as Error).message})`)
  }
  try {
    return validateFixture(JSON.parse(text) as unknown)
  } catch (err) {
    if (err instanceof FixtureError) throw new FixtureError(`${source}: ${err.message}`)
    throw new FixtureError(`fixture ${source}: not valid JSON (${(err as Error).message})`)
  }
}

/** validateFixture returns the input typed as a Fixture when every field follows its rule; throws FixtureError naming the first that does not. */
export function validateFixture(input: unknown): Fixture {
  const root = object(input, 'fixture', ['accessKeys', 'stsTokens', 'oidc', 'ota', 'groups', 'faults'])
  const fixture = root as unknown as Fixture
  const keys = list(root.accessKeys, 'fixture.accessKeys')
  keys.forEach((k, i) => checkAccessKey(k, `fixture.accessKeys[${i}]`))
  unique(
    keys.map((k) => (k as FixtureAccessKey).id),
    'fixture.accessKeys[].id'
  )
  optionalList(root.stsTokens, 'fixture.stsTokens').forEach((t, i) => checkStsToken(t, `fixture.stsTokens[${i}]`))
  if (root.oidc !== undefined) checkOidc(root.oidc)
  if (root.ota !== undefined) {
    const ota = object(root.ota, 'fixture.ota', ['runningMs'])
    if (ota.runningMs !== undefined) integer(ota.runningMs, 'fixture.ota.runningMs', 0)
  }
  const groups = list(root.groups, 'fixture.groups')
  groups.forEach((g, i) => checkGroup(g, `fixture.groups[${i}]`))
  unique(
    groups.map((g) => (g as FixtureGroup).id),
    'fixture.groups[].id'
  )
  const taskIds = groups.flatMap((g) => [(g as FixtureGroup).pending?.taskId, (g as FixtureGroup).activeTask?.taskId])
  unique(
    taskIds.filter((t): t is string => t !== undefined),
    'task ids (pending.taskId and activeTask.taskId)'
  )
  optionalList(root.faults, 'fixture.faults').forEach((f, i) => {
    try {
      validateFault(f, `fixture.faults[${i}]`)
    } catch (err) {
      throw new FixtureError((err as Error).message)
    }
  })
  return fixture
}

function checkAccessKey(value: unknown, path: string): void {
  const key = object(value, path, ['id', 'secret', 'status'])
  text(key.id, `${path}.id`)
  text(key.secret, `${path}.secret`)
  if (key.status !== undefined) oneOf(key.status, ['Active', 'Inactive'], `${path}.status`)
}

function checkStsToken(value: unknown, path: string): void {
  const token = object(value, path, ['accessKeyId', 'accessKeySecret', 'securityToken', 'expiration'])
  for (const field of ['accessKeyId', 'accessKeySecret', 'securityToken']) text(token[field], `${path}.${field}`)
  if (parseOffsetTime(text(token.expiration, `${path}.expiration`)) === undefined) {
    throw new FixtureError(`${path}.expiration must be ISO 8601 with Z or an offset`)
  }
}

function checkOidc(value: unknown): void {
  const oidc = object(value, 'fixture.oidc', ['providers', 'roles'])
  list(oidc.providers, 'fixture.oidc.providers').forEach((p, i) => {
    const path = `fixture.oidc.providers[${i}]`
    const provider = object(p, path, ['arn', 'issuer', 'clientIds', 'publicKeyPem', 'jwks'])
    text(provider.arn, `${path}.arn`)
    text(provider.issuer, `${path}.issuer`)
    list(provider.clientIds, `${path}.clientIds`).forEach((c, j) => text(c, `${path}.clientIds[${j}]`))
    const keys = provider.publicKeyPem !== undefined ? [text(provider.publicKeyPem, `${path}.publicKeyPem`)] : []
    const jwks = provider.jwks === undefined ? [] : list(object(provider.jwks, `${path}.jwks`).keys, `${path}.jwks.keys`)
    if (keys.length + jwks.length === 0) throw new FixtureError(`${path} needs publicKeyPem or jwks`)
    try {
      keys.forEach((pem) => createPublicKey(pem))
      jwks.forEach((jwk) => createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }))
    } catch (err) {
      throw new FixtureError(`${path}: public key cannot be read (${(err as Error).message})`)
    }
  })
  list(oidc.roles, 'fixture.oidc.roles').forEach((r, i) => {
    const path = `fixture.oidc.roles[${i}]`
    const role = object(r, path, ['arn', 'trustedProviderArn', 'maxSessionDurationSeconds', 'allowedSubjects'])
    text(role.arn, `${path}.arn`)
    text(role.trustedProviderArn, `${path}.trustedProviderArn`)
    if (role.maxSessionDurationSeconds !== undefined)
      integer(role.maxSessionDurationSeconds, `${path}.maxSessionDurationSeconds`, 900)
    optionalList(role.allowedSubjects, `${path}.allowedSubjects`).forEach((s, j) => text(s, `${path}.allowedSubjects[${j}]`))
  })
}

function checkGroup(value: unknown, path: string): void {
  const group = object(value, path, [
    'id',
    'name',
    'region',
    'status',
    'productType',
    'otaVersion',
    'pending',
    'outcome',
    'activeTask',
    'gmtCreate'
  ])
  matches(group.id, GROUP_ID, `${path}.id`)
  text(group.name, `${path}.name`)
  matches(group.region, REGION_ID, `${path}.region`)
  if (group.status !== undefined) oneOf(group.status, GROUP_STATUSES, `${path}.status`)
  if (group.productType !== undefined) oneOf(group.productType, [PRODUCT_TYPE], `${path}.productType`)
  text(group.otaVersion, `${path}.otaVersion`)
  if (group.outcome !== undefined) oneOf(group.outcome, ['FINISHED', 'FAILED'], `${path}.outcome`)
  if (group.gmtCreate !== undefined) text(group.gmtCreate, `${path}.gmtCreate`)
  if (group.pending !== undefined && group.pending !== null) {
    const pending = object(group.pending, `${path}.pending`, ['taskId', 'newVersion', 'otaType', 'releaseNote'])
    matches(pending.taskId, TASK_ID, `${path}.pending.taskId`)
    text(pending.newVersion, `${path}.pending.newVersion`)
    if (pending.otaType !== undefined) oneOf(pending.otaType, OTA_TYPES, `${path}.pending.otaType`)
    if (pending.releaseNote !== undefined && typeof pending.releaseNote !== 'string')
      throw new FixtureError(`${path}.pending.releaseNote must be a string`)
  }
  if (group.activeTask !== undefined) {
    if (!group.pending)
      throw new FixtureError(`${path}.activeTask needs ${path}.pending (the TaskId the group shows while its task runs)`)
    const task = object(group.activeTask, `${path}.activeTask`, ['taskId', 'version', 'startTime', 'status'])
    matches(task.taskId, TASK_ID, `${path}.activeTask.taskId`)
    text(task.version, `${path}.activeTask.version`)
    oneOf(task.status, ['STANDBY', 'RUNNING'], `${path}.activeTask.status`)
    if (task.startTime !== undefined && parseOffsetTime(text(task.startTime, `${path}.activeTask.startTime`)) === undefined) {
      throw new FixtureError(`${path}.activeTask.startTime must be ISO 8601 with Z or an offset`)
    }
  }
}

/** object returns the value as a record; with `fields`, a key outside them (other than a `_comment`-style key) is an error. */
function object(value: unknown, path: string, fields?: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FixtureError(`${path} must be an object`)
  const unknownKey = fields && Object.keys(value).find((k) => !k.startsWith('_') && !fields.includes(k))
  if (unknownKey) throw new FixtureError(`${path}.${unknownKey} is not a fixture field; known: ${fields.join(', ')}`)
  return value as Record<string, unknown>
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new FixtureError(`${path} must be an array`)
  return value
}

function optionalList(value: unknown, path: string): unknown[] {
  return value === undefined ? [] : list(value, path)
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') throw new FixtureError(`${path} must be a non-empty string`)
  return value
}

function matches(value: unknown, pattern: RegExp, path: string): void {
  if (!pattern.test(text(value, path))) throw new FixtureError(`${path} "${String(value)}" must match ${pattern.source}`)
}

function oneOf(value: unknown, allowed: readonly string[], path: string): void {
  if (typeof value !== 'string' || !allowed.includes(value))
    throw new FixtureError(`${path} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`)
}

function integer(value: unknown, path: string, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    throw new FixtureError(`${path} must be an integer ≥ ${min}`)
}

function unique(values: string[], what: string): void {
  const seen = new Set<string>()
  for (const v of values) {
    if (seen.has(v)) throw new FixtureError(`fixture: ${what} must be unique; ${v} appears twice`)
    seen.add(v)
  }
}
