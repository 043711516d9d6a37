/**
 * Bad inputs, end to end: each one through the built dist/index.js fails the step with a message that starts with
 * the input's name, sets code InvalidInput, and sends not a single request.
 */
import { describe, expect, it } from '@jest/globals'
import { runAction } from '../../__fixtures__/action.js'
import { FAST_BACKOFF } from '../../__fixtures__/e2e.js'
import { TEST_KEY } from '../../__fixtures__/emulator-client.js'
import { type Emulator } from '../../emulator/index.js'
import { useEmulator } from '../../__fixtures__/emulator.js'

let emu: Emulator
useEmulator((started) => (emu = started))

const KEYS = { 'access-key-id': TEST_KEY.accessKeyId, 'access-key-secret': TEST_KEY.accessKeySecret }
const NO_KEYS = { 'access-key-id': '', 'access-key-secret': '' }

interface BadInput {
  /** The input (or inputs) the message must start with. */
  readonly names: string
  readonly inputs: Record<string, string>
  readonly env?: Record<string, string>
  /** A part of the message that states the rule. */
  readonly says: string
}

const BAD_INPUTS: Array<[string, BadInput]> = [
  [
    'a group id without the aig- prefix',
    { names: 'app-instance-group-id', inputs: { 'app-instance-group-id': 'group-1' }, says: 'is malformed' }
  ],
  [
    'a group id in upper case',
    { names: 'app-instance-group-id', inputs: { 'app-instance-group-id': 'aig-HZDESIGN01' }, says: 'is malformed' }
  ],
  ['an empty group id', { names: 'app-instance-group-id', inputs: { 'app-instance-group-id': '' }, says: 'is required' }],
  ['a task id without the ota- prefix', { names: 'task-id', inputs: { 'task-id': 'task-12345678' }, says: 'is malformed' }],
  ['a task id too short', { names: 'task-id', inputs: { 'task-id': 'ota-12' }, says: 'is malformed' }],
  ['a region id as a city name', { names: 'biz-region-id', inputs: { 'biz-region-id': 'Hangzhou' }, says: 'is malformed' }],
  [
    'a region id with an underscore',
    { names: 'biz-region-id', inputs: { 'biz-region-id': 'cn_hangzhou' }, says: 'is malformed' }
  ],
  ['start-time tomorrow', { names: 'start-time', inputs: { 'start-time': 'tomorrow' }, says: 'is not a start time' }],
  [
    'start-time in month 13',
    { names: 'start-time', inputs: { 'start-time': '2026-13-01T00:00:00Z' }, says: 'there is no month 13' }
  ],
  [
    'start-time on February 30',
    { names: 'start-time', inputs: { 'start-time': '2026-02-30T00:00:00Z' }, says: 'is not a real date' }
  ],
  [
    'a start-time with no UTC offset',
    { names: 'start-time', inputs: { 'start-time': '2026-12-01T02:00:00' }, says: 'has no UTC offset' }
  ],
  ['start-time +0m', { names: 'start-time', inputs: { 'start-time': '+0m' }, says: 'is no delay' }],
  ['start-time -5m', { names: 'start-time', inputs: { 'start-time': '-5m' }, says: 'is in the past' }],
  ['start-time +99999d', { names: 'start-time', inputs: { 'start-time': '+99999d' }, says: 'more than 30 days ahead' }],
  ['start-time with an unknown unit', { names: 'start-time', inputs: { 'start-time': '+2w' }, says: 'unknown unit "w"' }],
  [
    'an unknown ota-type',
    { names: 'ota-type', inputs: { 'ota-type': 'Firmware' }, says: 'is not one of Fota, AppUpdate, ImageUpdate' }
  ],
  ['ota-type in the wrong case', { names: 'ota-type', inputs: { 'ota-type': 'fota' }, says: 'did you mean Fota?' }],
  ['an unknown if-no-update', { names: 'if-no-update', inputs: { 'if-no-update': 'ignore' }, says: 'is not one of skip, fail' }],
  ['fail-on-error yes', { names: 'fail-on-error', inputs: { 'fail-on-error': 'yes' }, says: 'is not a boolean' }],
  [
    'an unknown signature-version',
    { names: 'signature-version', inputs: { 'signature-version': 'v4' }, says: 'is not one of v3, v2' }
  ],
  [
    'max-attempts that is not a number',
    { names: 'max-attempts', inputs: { 'max-attempts': 'five' }, says: 'is not a whole number of attempts from 1 to 10' }
  ],
  ['max-attempts 0', { names: 'max-attempts', inputs: { 'max-attempts': '0' }, says: 'is out of range' }],
  ['max-attempts 11', { names: 'max-attempts', inputs: { 'max-attempts': '11' }, says: 'is out of range' }],
  [
    'request-timeout-seconds with a unit',
    { names: 'request-timeout-seconds', inputs: { 'request-timeout-seconds': '10s' }, says: 'is not a whole number of seconds' }
  ],
  [
    'request-timeout-seconds 0',
    { names: 'request-timeout-seconds', inputs: { 'request-timeout-seconds': '0' }, says: 'is out of range' }
  ],
  ['timeout-minutes 0', { names: 'timeout-minutes', inputs: { 'timeout-minutes': '0' }, says: 'is out of range' }],
  [
    'timeout-minutes above six hours',
    { names: 'timeout-minutes', inputs: { 'timeout-minutes': '361' }, says: 'is out of range' }
  ],
  [
    'timeout-minutes negative',
    { names: 'timeout-minutes', inputs: { 'timeout-minutes': '-1' }, says: 'is not a number of minutes' }
  ],
  [
    'an http:// endpoint on a public host',
    {
      names: 'endpoint',
      inputs: { endpoint: 'http://appstream-center.cn-shanghai.aliyuncs.com' },
      says: 'only allowed for loopback hosts'
    }
  ],
  [
    'an endpoint with a path',
    {
      names: 'endpoint',
      inputs: { endpoint: 'https://appstream-center.cn-shanghai.aliyuncs.com/v1' },
      says: 'must not contain a path'
    }
  ],
  [
    'an access key id without its secret',
    { names: 'access-key-secret', inputs: { 'access-key-secret': '' }, says: 'is empty, but access-key-id is set' }
  ],
  [
    'a secret without its access key id',
    { names: 'access-key-id', inputs: { 'access-key-id': '' }, says: 'is empty, but access-key-secret is set' }
  ],
  [
    'a security token alone',
    {
      names: 'access-key-id and access-key-secret',
      inputs: { ...NO_KEYS, 'security-token': 'CAISLonelyToken0001' },
      says: 'are empty, but security-token is set'
    }
  ],
  [
    'half the credentials in the environment',
    {
      names: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
      inputs: NO_KEYS,
      env: { ALIBABA_CLOUD_ACCESS_KEY_ID: TEST_KEY.accessKeyId },
      says: 'is empty, but ALIBABA_CLOUD_ACCESS_KEY_ID is set'
    }
  ]
]

describe('the built action with a bad input', () => {
  it(`has at least 25 cases (${BAD_INPUTS.length})`, () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(25)
  })

  it.each(BAD_INPUTS)('rejects %s, naming the input, with zero requests sent', async (_, { names, inputs, env, says }) => {
    const result = await runAction(
      { ...KEYS, endpoint: emu.url, 'app-instance-group-id': 'aig-hzdesign01', 'biz-region-id': 'cn-hangzhou', ...inputs },
      { env: { ...FAST_BACKOFF, ...env } }
    )

    expect(result.exitCode).toBe(1)
    const error = result.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? ''
    expect(error.startsWith(`::error::${names}: `)).toBe(true)
    expect(error).toContain(says)
    expect(result.outputs).toMatchObject({ code: 'InvalidInput', approved: 'false' })
    expect(emu.requests()).toHaveLength(0)
  })
})
