/**
 * Small fleets for emulator tests: fake credentials, a short RUNNING phase, and groups in each OTA situation.
 */
import type { JsonWebKey } from 'node:crypto'
import type { Fixture } from '../emulator/state/fixture.js'
import { EXPIRED_STS, INACTIVE_KEY, TEST_KEY, TEST_STS } from './emulator-client.js'

/** RUNNING_MS is how long an approved task of smallFleet() runs. */
export const RUNNING_MS = 1000

/** Group ids of smallFleet(). */
export const HZ = 'aig-hzgroup01'
export const SH = 'aig-shgroup02'
export const SG_FAILS = 'aig-sgfails03'
export const SH_ACTIVE = 'aig-shactive04'
export const SH_CURRENT = 'aig-shcurrent5'

/** smallFleet returns a fresh five-group fixture (a new object each call, so tests may change it). */
export function smallFleet(): Fixture {
  return {
    accessKeys: [
      { id: TEST_KEY.accessKeyId, secret: TEST_KEY.accessKeySecret },
      { id: INACTIVE_KEY.accessKeyId, secret: INACTIVE_KEY.accessKeySecret, status: 'Inactive' }
    ],
    stsTokens: [
      { ...TEST_STS, expiration: '2099-01-01T00:00:00Z' },
      { ...EXPIRED_STS, expiration: '2020-01-01T00:00:00+08:00' }
    ],
    ota: { runningMs: RUNNING_MS },
    groups: [
      {
        id: HZ,
        name: 'design-studio',
        region: 'cn-hangzhou',
        otaVersion: '1.0.0',
        pending: { taskId: 'ota-hzgroup01a', newVersion: '1.1.0', releaseNote: 'notes 1.1.0' }
      },
      {
        id: SH,
        name: 'office-studio',
        region: 'cn-shanghai',
        otaVersion: '1.0.0',
        pending: { taskId: 'ota-shgroup02a', newVersion: '1.1.0' }
      },
      {
        id: SG_FAILS,
        name: 'analytics-lab',
        region: 'ap-southeast-1',
        otaVersion: '1.0.0',
        outcome: 'FAILED',
        pending: { taskId: 'ota-sgfails03a', newVersion: '1.1.0' }
      },
      {
        id: SH_ACTIVE,
        name: 'video-editing',
        region: 'cn-shanghai',
        otaVersion: '1.0.0',
        pending: { taskId: 'ota-shactive04b', newVersion: '1.1.0' },
        activeTask: { taskId: 'ota-shactive04a', version: '1.1.0', status: 'RUNNING' }
      },
      { id: SH_CURRENT, name: 'kiosk', region: 'cn-shanghai', status: 'MAINTAINING', otaVersion: '1.1.0', pending: null }
    ]
  }
}

/** OIDC names of oidcFleet(). */
export const OIDC = {
  issuer: 'https://token.actions.githubusercontent.com',
  audience: 'sts.aliyuncs.com',
  provider: 'acs:ram::1234567890123456:oidc-provider/github',
  otherProvider: 'acs:ram::1234567890123456:oidc-provider/other',
  role: 'acs:ram::1234567890123456:role/wuying-ota',
  untrustingRole: 'acs:ram::1234567890123456:role/other-trust',
  subject: 'repo:example/app:ref:refs/heads/main'
}

/**
 * oidcFleet returns smallFleet() with two OIDC providers: one trusting the emulator's TEST-ONLY key through a
 * JWKS entry with kid `k1`, and one with another key; and a role limited to `repo:example/app:*` subjects.
 */
export function oidcFleet(testPublicJwk: JsonWebKey, otherPublicKeyPem: string): Fixture {
  return {
    ...smallFleet(),
    oidc: {
      providers: [
        {
          arn: OIDC.provider,
          issuer: OIDC.issuer,
          clientIds: [OIDC.audience],
          jwks: { keys: [{ ...testPublicJwk, kid: 'k1' } as JsonWebKey] }
        },
        { arn: OIDC.otherProvider, issuer: 'https://issuer.example', clientIds: ['other'], publicKeyPem: otherPublicKeyPem }
      ],
      roles: [
        {
          arn: OIDC.role,
          trustedProviderArn: OIDC.provider,
          maxSessionDurationSeconds: 7200,
          allowedSubjects: ['repo:example/app:*']
        },
        { arn: OIDC.untrustingRole, trustedProviderArn: OIDC.otherProvider }
      ]
    }
  }
}
