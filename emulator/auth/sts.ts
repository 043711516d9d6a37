/**
 * The emulated STS `AssumeRoleWithOIDC`: checks the ID token against the RAM OIDC provider and the role's
 * trust, then mints an STS credential triple that the API accepts from then on. Time is wall time.
 */
import { randomBytes } from 'node:crypto'
import type { AssumeRoleWithOidcResponse } from '../../src/common/api.js'
import { apiError } from '../state/errors.js'
import type { CredentialStore } from './authenticate.js'
import type { Fixture, FixtureOidcRole } from '../state/fixture.js'
import { decodeIdToken, verifyIdTokenSignature } from './oidc.js'
import { formatIso } from '../state/time.js'

const MIN_DURATION_SECONDS = 900
const DEFAULT_DURATION_SECONDS = 3600
const DEFAULT_MAX_SESSION_SECONDS = 3600

/** AssumeRoleInput holds AssumeRoleWithOIDC's parameters as sent. */
export interface AssumeRoleInput {
  providerArn: string
  token: string
  roleArn: string
  sessionName?: string
  durationSeconds?: string
}

/** StsService answers AssumeRoleWithOIDC from the fixture's providers and roles. */
export class StsService {
  constructor(
    private readonly oidc: Fixture['oidc'],
    private readonly store: CredentialStore
  ) {}

  /** assumeRoleWithOidc returns fresh credentials for a valid token and trusting role; throws the STS refusals. */
  assumeRoleWithOidc(input: AssumeRoleInput, wallNow: number): Omit<AssumeRoleWithOidcResponse, 'RequestId'> {
    const provider = this.oidc?.providers.find((p) => p.arn === input.providerArn)
    if (!provider) throw apiError('EntityNotExist.OIDCProvider', { id: input.providerArn })
    const token = decodeIdToken(input.token)
    if (!verifyIdTokenSignature(token, provider))
      throw apiError('AuthenticationFail.OIDCToken.Invalid', {
        reason: 'signature does not verify (RS256 with the provider key)'
      })
    const { iss, aud, sub, exp, nbf } = token.claims
    if (iss !== provider.issuer)
      throw apiError('AuthenticationFail.OIDCToken.Invalid', { reason: `issuer ${String(iss)} is not the provider's` })
    if (typeof exp !== 'number' || exp * 1000 <= wallNow) throw apiError('AuthenticationFail.OIDCToken.Expired')
    if (typeof nbf === 'number' && nbf * 1000 > wallNow)
      throw apiError('AuthenticationFail.OIDCToken.Invalid', { reason: 'not valid yet (nbf)' })
    const audiences = (Array.isArray(aud) ? aud : [aud]).filter((a): a is string => typeof a === 'string')
    if (!audiences.some((a) => provider.clientIds.includes(a))) throw apiError('AuthenticationFail.OIDCToken.AudienceMismatch')
    const subject = typeof sub === 'string' ? sub : ''
    const role = this.oidc?.roles.find((r) => r.arn === input.roleArn)
    if (!role) throw apiError('EntityNotExist.Role', { id: input.roleArn })
    if (role.trustedProviderArn !== provider.arn)
      throw apiError('NoPermission.AssumeRole', { reason: 'the role does not trust this OIDC provider' })
    if (!subjectAllowed(role, subject))
      throw apiError('NoPermission.AssumeRole', { reason: `subject ${subject} is not allowed by the role` })
    const duration = durationSeconds(input.durationSeconds, role.maxSessionDurationSeconds ?? DEFAULT_MAX_SESSION_SECONDS)
    const session = input.sessionName ?? 'oidc-session'
    if (!/^[\w.@-]{2,64}$/.test(session)) throw apiError('InvalidParameter.RoleSessionName', { value: session })
    const credential = {
      accessKeyId: `STS.${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`,
      accessKeySecret: randomBytes(30).toString('base64url'),
      securityToken: `CAIS${randomBytes(96).toString('base64url')}`,
      expiresAt: wallNow + duration * 1000
    }
    this.store.addSts(credential)
    return {
      Credentials: {
        AccessKeyId: credential.accessKeyId,
        AccessKeySecret: credential.accessKeySecret,
        SecurityToken: credential.securityToken,
        Expiration: formatIso(credential.expiresAt)
      },
      AssumedRoleUser: {
        Arn: `${role.arn}/${session}`,
        AssumedRoleId: `3${randomBytes(8).readBigUInt64BE() % 10n ** 16n}:${session}`
      },
      OIDCTokenInfo: { Subject: subject, Issuer: provider.issuer, ClientIds: audiences.join(',') }
    }
  }
}

function subjectAllowed(role: FixtureOidcRole, subject: string): boolean {
  if (!role.allowedSubjects) return true
  return role.allowedSubjects.some((pattern) =>
    pattern.endsWith('*') ? subject.startsWith(pattern.slice(0, -1)) : subject === pattern
  )
}

function durationSeconds(raw: string | undefined, max: number): number {
  if (raw === undefined || raw === '') return Math.min(DEFAULT_DURATION_SECONDS, max)
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value < MIN_DURATION_SECONDS || value > max) {
    throw apiError('InvalidParameter.DurationSeconds', { value: raw, max })
  }
  return value
}
