/**
 * The credentials stage: the keys to sign with, as the inputs selected them, or from the OIDC role assumption (whose
 * module, with its STS client, is loaded only for a keyless run). Every secret is masked before anything could print it.
 */
import type { Deadline } from '../common/deadline.js'
import { DEFAULT_BACKOFF, realSleep, type RetryContext } from '../common/retry.js'
import { describeCredentials, type KeyCredentialSource, type OidcCredentialSource } from '../inputs/credentials.js'
import type { Inputs } from '../inputs/read.js'

/** ResolvedCredentials are the keys to sign with, how to describe them, and what to clean up when the step ends. */
export interface ResolvedCredentials {
  readonly source: KeyCredentialSource
  readonly description: string
  readonly release?: () => Promise<void>
}

/** CredentialDeps are the runner's seams the OIDC exchange needs. */
export interface CredentialDeps {
  /** The job's GitHub ID token for an audience. */
  readonly getIDToken: (audience: string) => Promise<string>
  /** Registers a secret with the runner's masking and with redact(). */
  readonly mask: (secret: string) => void
  readonly env: Readonly<Record<string, string | undefined>>
  /** The retry policy's effects for the STS call (defaults: DEFAULT_BACKOFF, timers, Math.random, no log). */
  readonly retry?: Partial<Pick<RetryContext, 'backoff' | 'sleep' | 'random' | 'log'>>
}

/** resolveCredentials returns the keys to sign with: as given, or from the OIDC role assumption. Throws OidcError. */
export async function resolveCredentials(inputs: Inputs, deps: CredentialDeps, deadline: Deadline): Promise<ResolvedCredentials> {
  const source = inputs.credentials
  if (source.kind === 'keys') return { source, description: describeCredentials(source) }
  return assumeRole(source, inputs, deps, deadline)
}

async function assumeRole(
  role: OidcCredentialSource,
  inputs: Inputs,
  deps: CredentialDeps,
  deadline: Deadline
): Promise<ResolvedCredentials> {
  const { assumeRoleWithOidc, describeOidcRole, STS_TIMEOUT_MS } = await import('./oidc.js')
  const timeoutMs = Math.min(STS_TIMEOUT_MS, inputs.requestTimeoutSeconds * 1000, deadline.remainingMs())
  // STS is retried as every API call is: max-attempts, backoff and the step's deadline (credentials/sts-retry.ts).
  const retry = {
    maxAttempts: inputs.maxAttempts,
    deadline,
    backoff: deps.retry?.backoff ?? DEFAULT_BACKOFF,
    sleep: deps.retry?.sleep ?? realSleep,
    random: deps.retry?.random ?? Math.random,
    log: deps.retry?.log ?? (() => undefined)
  }
  const assumed = await assumeRoleWithOidc(
    { ...role, timeoutMs, retry },
    { getIDToken: deps.getIDToken, setSecret: deps.mask, env: deps.env }
  )
  const { accessKeyId, accessKeySecret, securityToken } = assumed.credentials
  return {
    source: { kind: 'keys', origin: 'oidc', accessKeyId, accessKeySecret, securityToken },
    description: describeOidcRole(role, assumed.credentials),
    release: () => assumed.dispose()
  }
}
