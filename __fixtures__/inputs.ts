/** Named input sets, a getInput fake that reads them, and the environment and clock the input tests use. */
import type { InputName } from '../src/inputs/read.js'

export type RawInputs = Partial<Record<InputName, string>>

/** NOW is the fixed clock of the input tests. */
export const NOW = new Date('2026-06-15T12:00:00Z')

/** VALID is the smallest set of inputs that passes: the two required ids and keys. */
export const VALID: RawInputs = Object.freeze({
  'app-instance-group-id': 'aig-9ciijz60n4xsv1234',
  'biz-region-id': 'cn-hangzhou',
  'access-key-id': 'LTAI5tTestAccessKeyId',
  'access-key-secret': 'TestAccessKeySecretValue0123456'
})

/** FULL sets every input but `wait` to a non-default value. */
export const FULL: RawInputs = Object.freeze({
  ...VALID,
  'start-time': '2026-06-20T02:00:00+08:00',
  'ota-type': 'AppUpdate',
  'task-id': 'ota-be7jzm29wrrz5abcd',
  endpoint: 'http://127.0.0.1:8080',
  'security-token': 'CAIS.test.security.token',
  'if-no-update': 'fail',
  'fail-on-error': 'false',
  'signature-version': 'v2',
  'max-attempts': '3',
  'request-timeout-seconds': '30',
  'timeout-minutes': '2.5',
  concurrency: '12',
  'dry-run': 'true',
  'release-note': 'always',
  // `wait` stays at its default: FULL's start time is days ahead, beyond any wait-timeout-minutes.
  'wait-timeout-minutes': '120',
  'deployment-environment': 'production',
  'github-token': 'ghs_FixtureTokenNotARealToken000001',
  'environment-url': 'https://portal.example.com/fleet'
})

/** ENV_KEYS are credentials as aliyun/configure-aliyun-credentials-action exports them. */
export const ENV_KEYS = Object.freeze({
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.EnvAccessKeyId',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'EnvAccessKeySecretValue',
  ALIBABA_CLOUD_SECURITY_TOKEN: 'CAIS.env.security.token'
})

/** fakeGetInput returns a getInput that reads the set, '' for inputs not in it (as the runner without defaults). */
export function fakeGetInput(inputs: RawInputs): (name: InputName) => string {
  return (name) => inputs[name] ?? ''
}

/** without returns the set minus the named inputs. */
export function without(inputs: RawInputs, ...names: InputName[]): RawInputs {
  return Object.fromEntries(Object.entries(inputs).filter(([name]) => !names.includes(name as InputName)))
}
