import { describe, expect, it } from '@jest/globals'
import { type InputError } from '../../src/common/errors.js'
import { INPUT_DEFAULTS, parseBoolean, readInputs, REQUIRED_INPUTS, type InputName } from '../../src/inputs/read.js'
import { inputErrorOf } from '../../__fixtures__/errors.js'
import { ENV_KEYS, fakeGetInput, FULL, NOW, VALID, without, type RawInputs } from '../../__fixtures__/inputs.js'

const read = (inputs: RawInputs, env: Record<string, string> = {}) => readInputs(fakeGetInput(inputs), env, NOW)

function errorOf(inputs: RawInputs, env: Record<string, string> = {}): InputError {
  return inputErrorOf(() => read(inputs, env))
}

describe('readInputs', () => {
  it('applies the defaults when only the required inputs and keys are given', () => {
    const inputs = read(VALID)
    expect(inputs).toEqual({
      appInstanceGroupId: 'aig-9ciijz60n4xsv1234',
      appInstanceGroupIds: ['aig-9ciijz60n4xsv1234'],
      bizRegionId: 'cn-hangzhou',
      startTime: { form: 'now', given: 'now', instant: NOW, text: '2026-06-15T12:00:00+00:00' },
      otaType: 'Fota',
      taskId: '',
      endpoint: { host: 'appstream-center.cn-shanghai.aliyuncs.com', protocol: 'HTTPS' },
      credentials: {
        kind: 'keys',
        origin: 'inputs',
        accessKeyId: VALID['access-key-id'],
        accessKeySecret: VALID['access-key-secret']
      },
      ifNoUpdate: 'skip',
      failOnError: true,
      signatureVersion: 'v3',
      maxAttempts: 5,
      requestTimeoutSeconds: 10,
      timeoutMinutes: 10,
      concurrency: 5,
      dryRun: false,
      releaseNote: 'dry-run',
      wait: false,
      waitTimeoutMinutes: 60,
      deployment: { environment: '', token: '', environmentUrl: '' }
    })
    expect(Object.isFrozen(inputs)).toBe(true)
  })

  it('reads every input when all are given', () => {
    expect(read(FULL)).toEqual({
      appInstanceGroupId: 'aig-9ciijz60n4xsv1234',
      appInstanceGroupIds: ['aig-9ciijz60n4xsv1234'],
      bizRegionId: 'cn-hangzhou',
      startTime: expect.objectContaining({ form: 'absolute', text: '2026-06-20T02:00:00+08:00' }),
      otaType: 'AppUpdate',
      taskId: 'ota-be7jzm29wrrz5abcd',
      endpoint: { host: '127.0.0.1:8080', protocol: 'HTTP' },
      credentials: {
        kind: 'keys',
        origin: 'inputs',
        accessKeyId: FULL['access-key-id'],
        accessKeySecret: FULL['access-key-secret'],
        securityToken: FULL['security-token']
      },
      ifNoUpdate: 'fail',
      failOnError: false,
      signatureVersion: 'v2',
      maxAttempts: 3,
      requestTimeoutSeconds: 30,
      timeoutMinutes: 2.5,
      concurrency: 12,
      dryRun: true,
      releaseNote: 'always',
      wait: false,
      waitTimeoutMinutes: 120,
      deployment: {
        environment: 'production',
        token: FULL['github-token'],
        environmentUrl: 'https://portal.example.com/fleet'
      }
    })
  })

  it('reads a list of groups, keeping the first as appInstanceGroupId', () => {
    const inputs = read({ ...VALID, 'app-instance-group-id': 'aig-abcdef2\naig-abcdef1, aig-abcdef2' })
    expect(inputs.appInstanceGroupIds).toEqual(['aig-abcdef2', 'aig-abcdef1'])
    expect(inputs.appInstanceGroupId).toBe('aig-abcdef2')
    expect(Object.isFrozen(inputs.appInstanceGroupIds)).toBe(true)
  })

  it('refuses task-id for several groups', () => {
    const thrown = errorOf({ ...VALID, 'app-instance-group-id': 'aig-abcdef1,aig-abcdef2', 'task-id': 'ota-be7jzm29wrrz5abcd' })
    expect(thrown.input).toBe('task-id')
  })

  it('accepts wait with a start time inside wait-timeout-minutes, and refuses one beyond it', () => {
    expect(read({ ...VALID, wait: 'true', 'start-time': '+30m', 'wait-timeout-minutes': '45' }).wait).toBe(true)
    const thrown = errorOf({ ...VALID, wait: 'true', 'start-time': '+2h' })
    expect(thrown.input).toBe('wait-timeout-minutes')
    expect(thrown.message).toContain('60 minutes end before the update starts (start-time +2h is 2h00m away)')
  })

  it('does not check the start time against wait-timeout-minutes without wait', () => {
    expect(read({ ...VALID, 'start-time': '+2h', 'wait-timeout-minutes': '1' }).wait).toBe(false)
  })

  it('trims every value', () => {
    const padded = Object.fromEntries(Object.entries(FULL).map(([name, value]) => [name, ` \t${value}\n `]))
    expect(read(padded)).toEqual(read(FULL))
  })

  it('treats a blank optional input as its default', () => {
    expect(read({ ...VALID, 'ota-type': '  ', 'fail-on-error': '', 'if-no-update': '\n' })).toMatchObject({
      otaType: 'Fota',
      failOnError: true,
      ifNoUpdate: 'skip'
    })
  })

  it('takes the endpoint default from the region', () => {
    expect(read({ ...VALID, 'biz-region-id': 'ap-southeast-1' }).endpoint.host).toBe(
      'appstream-center.ap-southeast-1.aliyuncs.com'
    )
  })

  it('falls back to the environment for credentials', () => {
    expect(read(without(VALID, 'access-key-id', 'access-key-secret'), ENV_KEYS).credentials).toEqual({
      kind: 'keys',
      origin: 'environment',
      accessKeyId: ENV_KEYS.ALIBABA_CLOUD_ACCESS_KEY_ID,
      accessKeySecret: ENV_KEYS.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
      securityToken: ENV_KEYS.ALIBABA_CLOUD_SECURITY_TOKEN
    })
  })

  it.each<[InputName, string[]]>([
    [
      'app-instance-group-id',
      [
        'aig-abcdef',
        'aig-9ciijz60n4xsv1234',
        `aig-${'a1'.repeat(16)}`,
        'aig-000000',
        'aig-abcdef,aig-ghijkl',
        'aig-abcdef\naig-ghijkl\n'
      ]
    ],
    [
      'biz-region-id',
      ['cn-hangzhou', 'cn-shanghai', 'ap-southeast-1', 'eu-central-1', 'us-west-1', 'cn-shanghai-finance-1', 'me-east-1']
    ],
    ['start-time', ['now', '+30m', '+2h', '+1d', '+1h30m', '2026-06-20T02:00:00+08:00', '2026-06-20T02:00Z']],
    ['ota-type', ['Fota', 'AppUpdate', 'ImageUpdate']],
    ['task-id', ['', 'ota-be7jzm29wrrz5abcd', 'ota-abcdef', `ota-${'9'.repeat(32)}`]],
    [
      'endpoint',
      [
        '',
        'appstream-center.cn-shanghai.aliyuncs.com',
        'https://appstream-center.ap-southeast-1.aliyuncs.com/',
        'http://localhost:9000'
      ]
    ],
    ['if-no-update', ['skip', 'fail']],
    ['fail-on-error', ['true', 'True', 'TRUE', 'false', 'False', 'FALSE']],
    ['signature-version', ['v3', 'v2']],
    ['release-note', ['dry-run', 'always', 'never']],
    ['max-attempts', ['1', '5', '10', '07']],
    ['request-timeout-seconds', ['1', '10', '300']],
    ['timeout-minutes', ['0.1', '1', '2.5', '10', '360', '360.0']],
    ['concurrency', ['1', '5', '50']],
    ['dry-run', ['true', 'false', 'True', 'FALSE']],
    ['wait', ['true', 'false']],
    ['wait-timeout-minutes', ['0.1', '1', '60', '360']]
  ])('accepts good values of %s', (name, values) => {
    for (const value of values) expect(() => read({ ...VALID, [name]: value })).not.toThrow()
  })

  it.each<{ input: InputName; value: string; error: string }>([
    {
      input: 'app-instance-group-id',
      value: '',
      error: 'is required; give "aig-" followed by 6 to 32 lower-case letters or digits, e.g. aig-9ciijz60n4xsv1234'
    },
    {
      input: 'app-instance-group-id',
      value: 'aig_9ciijz60n4xsv1234',
      error: '"aig_9ciijz60n4xsv1234" is malformed; expected "aig-" followed by 6 to 32'
    },
    { input: 'app-instance-group-id', value: 'aig-ABCDEF123', error: 'is malformed' },
    { input: 'app-instance-group-id', value: 'aig-abc', error: 'is malformed' },
    { input: 'app-instance-group-id', value: `aig-${'a'.repeat(33)}`, error: 'is malformed' },
    { input: 'app-instance-group-id', value: '9ciijz60n4xsv1234', error: 'is malformed' },
    { input: 'app-instance-group-id', value: 'ota-9ciijz60n4xsv1234', error: 'is malformed' },
    { input: 'app-instance-group-id', value: 'aig-abc def12', error: 'is malformed' },
    { input: 'app-instance-group-id', value: 'aig-abcdef,aig_ghijkl', error: '"aig_ghijkl" (item 2 of 2) is malformed' },
    { input: 'biz-region-id', value: '', error: 'is required; give a region id such as cn-hangzhou or ap-southeast-1' },
    {
      input: 'biz-region-id',
      value: 'CN-HANGZHOU',
      error: '"CN-HANGZHOU" is malformed; expected a region id such as cn-hangzhou'
    },
    { input: 'biz-region-id', value: 'hangzhou', error: 'is malformed' },
    { input: 'biz-region-id', value: 'cn_hangzhou', error: 'is malformed' },
    { input: 'biz-region-id', value: 'cn-', error: 'is malformed' },
    { input: 'biz-region-id', value: 'cn-hangzhou.aliyuncs.com', error: 'is malformed' },
    { input: 'start-time', value: 'tomorrow', error: '"tomorrow" is not a start time' },
    { input: 'start-time', value: '2026-02-30T00:00:00Z', error: 'is not a real date' },
    { input: 'start-time', value: '2026-06-20T02:00:00', error: 'has no UTC offset, so the time is ambiguous' },
    { input: 'start-time', value: '+0m', error: 'is no delay' },
    {
      input: 'ota-type',
      value: 'fota',
      error: '"fota" is not one of Fota, AppUpdate, ImageUpdate; did you mean Fota? (case matters)'
    },
    { input: 'ota-type', value: 'Firmware', error: '"Firmware" is not one of Fota, AppUpdate, ImageUpdate' },
    {
      input: 'task-id',
      value: 'task-123456',
      error: 'is malformed; expected "ota-" followed by 6 to 32 lower-case letters or digits, e.g. ota-'
    },
    { input: 'task-id', value: 'ota-12', error: 'is malformed' },
    { input: 'task-id', value: 'OTA-ABCDEFG', error: 'is malformed' },
    { input: 'endpoint', value: 'http://example.com', error: 'only allowed for loopback hosts' },
    { input: 'endpoint', value: 'https://example.com/v1', error: 'must not contain a path' },
    { input: 'if-no-update', value: 'ignore', error: '"ignore" is not one of skip, fail' },
    { input: 'if-no-update', value: 'Skip', error: 'did you mean skip? (case matters)' },
    { input: 'fail-on-error', value: 'yes', error: '"yes" is not a boolean; use true or false' },
    { input: 'fail-on-error', value: '1', error: 'is not a boolean' },
    { input: 'fail-on-error', value: 'tRUE', error: 'is not a boolean' },
    { input: 'fail-on-error', value: 'on', error: 'is not a boolean' },
    { input: 'signature-version', value: 'v4', error: '"v4" is not one of v3, v2' },
    { input: 'release-note', value: 'true', error: '"true" is not one of dry-run, always, never' },
    { input: 'release-note', value: 'Always', error: 'did you mean always?' },
    { input: 'signature-version', value: '3', error: 'is not one of v3, v2' },
    { input: 'signature-version', value: 'V2', error: 'did you mean v2?' },
    { input: 'max-attempts', value: 'five', error: '"five" is not a whole number of attempts from 1 to 10' },
    { input: 'max-attempts', value: '0', error: '"0" is out of range; use a whole number of attempts from 1 to 10' },
    { input: 'max-attempts', value: '11', error: 'is out of range' },
    { input: 'max-attempts', value: '2.5', error: 'is not a whole number' },
    { input: 'max-attempts', value: '-1', error: 'is not a whole number' },
    { input: 'max-attempts', value: '1e1', error: 'is not a whole number' },
    { input: 'max-attempts', value: '0x5', error: 'is not a whole number' },
    { input: 'request-timeout-seconds', value: '10s', error: '"10s" is not a whole number of seconds from 1 to 300' },
    { input: 'request-timeout-seconds', value: '0', error: 'is out of range' },
    { input: 'request-timeout-seconds', value: '301', error: 'is out of range' },
    { input: 'request-timeout-seconds', value: 'Infinity', error: 'is not a whole number' },
    {
      input: 'timeout-minutes',
      value: '0',
      error: '"0" is out of range; use a number of minutes from 0.1 to 360 (at most one decimal, e.g. 2.5)'
    },
    { input: 'timeout-minutes', value: '0.05', error: 'is not a number of minutes' },
    { input: 'timeout-minutes', value: '361', error: 'is out of range' },
    { input: 'timeout-minutes', value: '.5', error: 'is not a number of minutes' },
    { input: 'timeout-minutes', value: '10m', error: 'is not a number of minutes' },
    { input: 'timeout-minutes', value: 'NaN', error: 'is not a number of minutes' },
    { input: 'concurrency', value: '0', error: '"0" is out of range; use a whole number of groups at a time from 1 to 50' },
    { input: 'concurrency', value: '51', error: 'is out of range' },
    { input: 'concurrency', value: '2.5', error: 'is not a whole number' },
    { input: 'dry-run', value: 'yes', error: '"yes" is not a boolean; use true or false' },
    { input: 'wait', value: 'on', error: 'is not a boolean' },
    { input: 'wait-timeout-minutes', value: '0', error: 'is out of range; use a number of minutes from 0.1 to 360' },
    { input: 'wait-timeout-minutes', value: '361', error: 'is out of range' },
    { input: 'wait-timeout-minutes', value: '1h', error: 'is not a number of minutes' }
  ])('rejects $input "$value", naming the input', ({ input, value, error }) => {
    const thrown = errorOf({ ...VALID, [input]: value })
    expect(thrown.input).toBe(input)
    expect(thrown.message.startsWith(`${input}: `)).toBe(true)
    expect(thrown.message).toContain(error)
  })

  it('cuts a very long bad value short in the message', () => {
    const thrown = errorOf({ ...VALID, 'ota-type': 'x'.repeat(500) })
    expect(thrown.message.length).toBeLessThan(200)
    expect(thrown.message).toContain('…')
  })

  it('reports the group id before the region when both are bad', () => {
    expect(errorOf({ ...VALID, 'app-instance-group-id': 'bad', 'biz-region-id': 'bad' }).input).toBe('app-instance-group-id')
  })

  it('asks for credentials when none are given', () => {
    expect(errorOf(without(VALID, 'access-key-id', 'access-key-secret')).message).toMatch(/^access-key-id: no credentials given/)
  })

  it('names a half-given key pair', () => {
    expect(errorOf(without(VALID, 'access-key-secret')).message).toMatch(/^access-key-secret: is empty, but access-key-id is set/)
  })

  it.each(REQUIRED_INPUTS)('requires %s even when everything else is given', (name) => {
    expect(errorOf(without(FULL, name)).message).toMatch(new RegExp(`^${name}: is required`))
  })
})

describe('INPUT_DEFAULTS', () => {
  it('lists every optional input with the documented default', () => {
    expect(INPUT_DEFAULTS).toEqual({
      'start-time': 'now',
      'maintenance-window': '',
      'time-zone': 'UTC',
      'ota-type': 'Fota',
      'task-id': '',
      endpoint: '',
      'access-key-id': '',
      'access-key-secret': '',
      'security-token': '',
      'role-to-assume': '',
      'oidc-provider-arn': '',
      'role-session-name': '',
      audience: 'sts.aliyuncs.com',
      'role-duration-seconds': '900',
      'sts-endpoint': 'sts.aliyuncs.com',
      'if-no-update': 'skip',
      'fail-on-error': 'true',
      'signature-version': 'v3',
      'max-attempts': '5',
      'request-timeout-seconds': '10',
      'timeout-minutes': '10',
      concurrency: '5',
      'dry-run': 'false',
      'release-note': 'dry-run',
      wait: 'false',
      'wait-timeout-minutes': '60',
      'deployment-environment': '',
      'github-token': '',
      'environment-url': ''
    })
    expect(Object.isFrozen(INPUT_DEFAULTS)).toBe(true)
  })

  it('gives the same inputs whether defaults are passed in or left out', () => {
    expect(read({ ...INPUT_DEFAULTS, ...VALID })).toEqual(read(VALID))
  })
})

describe('parseBoolean', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false]
  ])('reads %s as %s', (text, expected) => {
    expect(parseBoolean(text, 'fail-on-error')).toBe(expected)
  })

  it.each(['yes', 'no', 'y', '1', '0', 'on', 'off', 'tRue', '', 'toString', 'constructor', '__proto__'])(
    'rejects "%s"',
    (text) => {
      expect(() => parseBoolean(text, 'fail-on-error')).toThrow(
        `fail-on-error: ${JSON.stringify(text)} is not a boolean; use true or false`
      )
    }
  )
})
