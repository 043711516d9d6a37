/**
 * The credentials stage: the keys to sign with, as the inputs selected them, or from the OIDC role assumption (whose
 * module, with its STS client, is loaded only for a keyless run). Every secret is masked before anything could print it.
 */
import type { Deadline } from '../common/deadline.js'
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
  const assumed = await assumeRoleWithOidc(
    { ...role, timeoutMs },
    { getIDToken: deps.getIDToken, setSecret: deps.mask, env: deps.env }
  )
  const { accessKeyId, accessKeySecret, securityToken } = assumed.credentials
  return {
    source: { kind: 'keys', origin: 'oidc', accessKeyId, accessKeySecret, securityToken },
    description: describeOidcRole(role, assumed.credentials),
    release: () => assumed.dispose()
  }
}
