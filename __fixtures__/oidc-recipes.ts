/**
 * Helpers for the OIDC recipe test: reads the trust policies documented in docs/oidc.md, derives the `sub` claims
 * GitHub gives a workflow's jobs from its triggers, turns a policy into an emulator fleet whose role trusts exactly
 * what the policy admits, and sends AssumeRoleWithOIDC with a GitHub-shaped token for one subject.
 */
import { createPublicKey } from 'node:crypto'
import { parse } from 'yaml'
import { readTestOidcKey, signIdToken, type Fixture } from '../emulator/index.js'
import { OIDC_ISSUER } from './emulator-client.js'
import { smallFleet } from './emulator-fleet.js'
import { sendRaw, utcStamp, wireForm, type RawResponse } from './emulator-sign.js'

/** RECIPE_REPOSITORY is the repository the documented policies and examples name. */
export const RECIPE_REPOSITORY = 'octo-org/fleet-config'
/** SAMPLE_TAG is the tag a release of the examples runs on. */
export const SAMPLE_TAG = 'v1.2.0'
const DEFAULT_AUDIENCE = 'sts.aliyuncs.com'
const MARKER = /<!-- oidc-recipe: (\S+) -->\s*```json\n([\s\S]*?)```/g

/** One recipe of docs/oidc.md: the example workflow it is for and its RAM trust policy. */
export interface OidcRecipe {
  readonly example: string
  readonly policy: unknown
}

/** readOidcRecipes returns every `<!-- oidc-recipe: examples/x.yml -->` marker with the JSON block that follows it. */
export function readOidcRecipes(markdown: string): OidcRecipe[] {
  return [...markdown.matchAll(MARKER)].map(([, example = '', json = '']) => ({ example, policy: JSON.parse(json) }))
}

/** What a trust policy admits, in the terms the emulator's STS checks. */
export interface Trust {
  readonly providerArn: string
  readonly issuer: string
  readonly audiences: string[]
  /** `oidc:sub` values; a trailing `*` is a StringLike prefix. */
  readonly subjects: string[]
}

type Conditions = Record<string, Record<string, string | string[]>>

function values(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

/**
 * trustOf returns what a RAM trust policy of one Allow statement admits; throws when it uses a condition that the
 * emulator would not evaluate as RAM does (its STS knows exact subjects and trailing-`*` prefixes only).
 */
export function trustOf(policy: unknown): Trust {
  const statements = (policy as { Statement?: unknown[] }).Statement ?? []
  if ((policy as { Version?: string }).Version !== '1' || statements.length !== 1)
    throw new Error('expected Version "1" and one statement')
  const statement = statements[0] as {
    Effect?: string
    Action?: string
    Principal?: { Federated?: string[] }
    Condition?: Conditions
  }
  if (statement.Effect !== 'Allow' || statement.Action !== 'sts:AssumeRole') throw new Error('expected Allow sts:AssumeRole')
  const [providerArn = '', ...others] = statement.Principal?.Federated ?? []
  if (others.length > 0) throw new Error('expected one federated provider')
  const conditions = statement.Condition ?? {}
  const unknown = Object.keys(conditions).filter((op) => op !== 'StringEquals' && op !== 'StringLike')
  if (unknown.length > 0) throw new Error(`unsupported condition operators: ${unknown.join(', ')}`)
  const equals = conditions.StringEquals ?? {}
  const like = conditions.StringLike ?? {}
  for (const key of [...Object.keys(equals), ...Object.keys(like)])
    if (!['oidc:iss', 'oidc:aud', 'oidc:sub'].includes(key)) throw new Error(`unsupported condition key ${key}`)
  if (like['oidc:iss'] !== undefined || like['oidc:aud'] !== undefined)
    throw new Error('oidc:iss and oidc:aud must be StringEquals')
  const exact = values(equals['oidc:sub'])
  const patterns = values(like['oidc:sub'])
  if (exact.some((s) => /[*?]/.test(s))) throw new Error('a StringEquals subject with a wildcard matches nothing: use StringLike')
  if (patterns.some((s) => s.includes('?') || s.slice(0, -1).includes('*')))
    throw new Error('the emulator evaluates a StringLike subject with one trailing * only')
  if (exact.length > 0 && patterns.length > 0) throw new Error('give oidc:sub under one operator')
  const [issuer = '', ...moreIssuers] = values(equals['oidc:iss'])
  if (moreIssuers.length > 0) throw new Error('expected one issuer')
  return { providerArn, issuer, audiences: values(equals['oidc:aud']), subjects: [...exact, ...patterns] }
}

/** A job of a workflow that assumes a role: the role and provider it names and the subjects its triggers give it. */
export interface OidcJob {
  readonly job: string
  readonly roleArn: string
  readonly providerArn: string
  readonly audience: string
  readonly subjects: string[]
}

type Mapping = Record<string, unknown>

function refsOf(event: string, config: unknown): string[] {
  const filters = (config ?? {}) as Mapping
  const listed = (key: string) => (Array.isArray(filters[key]) ? (filters[key] as string[]) : [])
  switch (event) {
    case 'release':
      return [`ref:refs/tags/${SAMPLE_TAG}`]
    case 'push': {
      const branches = listed('branches').map((b) => `ref:refs/heads/${b}`)
      const tags = listed('tags').length > 0 ? [`ref:refs/tags/${SAMPLE_TAG}`] : []
      if ([...branches, ...tags].some((ref) => ref.includes('*') && !ref.startsWith('ref:refs/tags/')))
        throw new Error('branch patterns are not supported: name the branches')
      return [...branches, ...tags]
    }
    case 'workflow_dispatch':
    case 'schedule':
      return ['ref:refs/heads/main'] // the default branch
    case 'pull_request':
      return ['pull_request']
    default:
      throw new Error(`no subject rule for the ${event} event`)
  }
}

/** oidcJobsOf returns the jobs of a workflow that assume a role, with the `sub` claims GitHub would give them. */
export function oidcJobsOf(workflowText: string, repository = RECIPE_REPOSITORY): OidcJob[] {
  const workflow = parse(workflowText) as Mapping
  const on = workflow.on
  const events: Array<[string, unknown]> =
    typeof on === 'string' ? [[on, null]] : Array.isArray(on) ? on.map((e: string) => [e, null]) : Object.entries(on as Mapping)
  const found: OidcJob[] = []
  for (const [job, spec] of Object.entries(workflow.jobs as Mapping)) {
    const steps = ((spec as Mapping).steps ?? []) as Mapping[]
    for (const step of steps) {
      const inputs = (step.with ?? {}) as Record<string, string>
      if (!inputs['role-to-assume']) continue
      const environment = (spec as Mapping).environment
      const name =
        typeof environment === 'string' ? environment : ((environment as Mapping | undefined)?.name as string | undefined)
      if (name?.includes('${{')) throw new Error(`job ${job}: an environment given by an expression has no fixed subject`)
      const claims = name ? [`environment:${name}`] : events.flatMap(([event, config]) => refsOf(event, config))
      found.push({
        job,
        roleArn: inputs['role-to-assume'],
        providerArn: inputs['oidc-provider-arn'] ?? '',
        audience: inputs.audience ?? DEFAULT_AUDIENCE,
        subjects: [...new Set(claims)].map((claim) => `repo:${repository}:${claim}`)
      })
    }
  }
  return found
}

/** recipeFleet returns the emulator's small fleet with one provider and one role that trusts what `trust` admits. */
export function recipeFleet(trust: Trust, roleArn: string): Fixture {
  const publicKeyPem = createPublicKey(readTestOidcKey()).export({ type: 'spki', format: 'pem' }).toString()
  return {
    ...smallFleet(),
    oidc: {
      providers: [{ arn: trust.providerArn, issuer: trust.issuer, clientIds: trust.audiences, publicKeyPem }],
      roles: [{ arn: roleArn, trustedProviderArn: trust.providerArn, allowedSubjects: trust.subjects }]
    }
  }
}

/** AssumeRequest names the role, provider, audience and subject of one AssumeRoleWithOIDC call. */
export interface AssumeRequest {
  readonly roleArn: string
  readonly providerArn: string
  readonly audience: string
  readonly subject: string
}

/** assumeWithSubject sends AssumeRoleWithOIDC to the emulator on `port` with a GitHub-issued-looking token for the subject. */
export function assumeWithSubject(port: number, request: AssumeRequest): Promise<RawResponse> {
  const now = Math.floor(Date.now() / 1000)
  const claims = { iss: OIDC_ISSUER, aud: request.audience, sub: request.subject, iat: now, nbf: now, exp: now + 300 }
  const query: Array<[string, string]> = [
    ['Version', '2015-04-01'],
    ['Action', 'AssumeRoleWithOIDC'],
    ['Format', 'JSON'],
    ['Timestamp', utcStamp()]
  ]
  const body = wireForm([
    ['OIDCProviderArn', request.providerArn],
    ['OIDCToken', signIdToken(claims, readTestOidcKey())],
    ['RoleArn', request.roleArn],
    ['RoleSessionName', 'octo-org.fleet-config-4242-1'],
    ['DurationSeconds', '900']
  ])
  return sendRaw(port, {
    method: 'POST',
    path: `/?${wireForm(query)}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body
  })
}
