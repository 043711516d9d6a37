import { describe, expect, it } from '@jest/globals'
import { inputErrorOf as thrown } from '../../__fixtures__/errors.js'
import { fleetRole } from '../../__fixtures__/oidc.js'
import {
  checkSessionFits,
  OIDC_INPUT_DEFAULTS,
  parseAudience,
  parseOidcProviderArn,
  parseRoleArn,
  parseRoleDurationSeconds,
  parseStsEndpoint,
  readOidcRole,
  type GivenOidcInputs
} from '../../src/inputs/oidc.js'

const ROLE = 'acs:ram::1234567890123456:role/github-wuying-ota'
const PROVIDER = 'acs:ram::1234567890123456:oidc-provider/github-actions'

describe('parseRoleArn and parseOidcProviderArn', () => {
  it('accept the ARNs RAM shows', () => {
    expect(parseRoleArn(` ${ROLE} `)).toBe(ROLE)
    expect(parseOidcProviderArn(PROVIDER)).toBe(PROVIDER)
  })

  it.each([
    {
      name: 'empty',
      value: '',
      error:
        /^role-to-assume: an empty value is not a RAM role ARN; expected acs:ram::<account id>:role\/<role name>, e\.g\. acs:ram::1234567890123456:role\/github-wuying-ota$/
    },
    { name: 'a provider ARN', value: PROVIDER, error: /did you swap role-to-assume and oidc-provider-arn\?$/ },
    {
      name: 'an AWS ARN',
      value: 'arn:aws:iam::123456789012:role/deploy',
      error: /Alibaba Cloud ARNs start with acs:ram::, not arn:$/
    },
    { name: 'no account id', value: 'acs:ram:::role/deploy', error: /is not a RAM role ARN/ },
    { name: 'a bare role name', value: 'github-wuying-ota', error: /"github-wuying-ota" is not a RAM role ARN/ }
  ])('role-to-assume refuses $name', ({ value, error }) => {
    expect(thrown(() => parseRoleArn(value)).message).toMatch(error)
  })

  it.each([
    {
      name: 'a role ARN',
      value: ROLE,
      error: /^oidc-provider-arn: ".*" is not a RAM OIDC provider ARN; .*did you swap role-to-assume and oidc-provider-arn\?$/
    },
    {
      name: 'the issuer URL',
      value: 'https://token.actions.githubusercontent.com',
      error: /e\.g\. acs:ram::1234567890123456:oidc-provider\/github-actions$/
    }
  ])('oidc-provider-arn refuses $name', ({ value, error }) => {
    expect(thrown(() => parseOidcProviderArn(value)).message).toMatch(error)
  })
})

describe('parseRoleDurationSeconds', () => {
  it.each([
    ['900', 900],
    [' 3600 ', 3600],
    ['43200', 43200]
  ])('reads %j as %d seconds', (text, seconds) => {
    expect(parseRoleDurationSeconds(text)).toBe(seconds)
  })

  it.each([
    {
      value: '899',
      error:
        /^role-duration-seconds: 899 is out of range; use whole seconds from 900 \(15 minutes, the default\) to 43200 \(12 hours\), e\.g\. 900/
    },
    { value: '43201', error: /43201 is out of range/ },
    { value: '1h', error: /^role-duration-seconds: "1h" is not a number of seconds/ },
    { value: '900.0', error: /is not a number of seconds/ },
    { value: '', error: /an empty value is not a number of seconds/ }
  ])('refuses $value', ({ value, error }) => {
    expect(thrown(() => parseRoleDurationSeconds(value)).message).toMatch(error)
  })
})

describe('parseAudience', () => {
  it.each(['sts.aliyuncs.com', 'https://github.com/octo-org', 'client_01:a/b-c', 'a'.repeat(128)])('accepts %j', (audience) => {
    expect(parseAudience(audience)).toBe(audience)
  })

  it.each(['', '-starts-with-dash', 'has space', 'a'.repeat(129), 'sts.aliyuncs.com?x=1'])(
    'refuses %j with the rule and the default as example',
    (audience) => {
      expect(thrown(() => parseAudience(audience)).message).toMatch(
        /^audience: .* is not a RAM OIDC client ID; .*e\.g\. sts\.aliyuncs\.com$/
      )
    }
  )
})

describe('parseStsEndpoint', () => {
  it.each([
    { text: '', expected: { host: 'sts.aliyuncs.com', protocol: 'HTTPS' } },
    { text: 'sts.cn-hangzhou.aliyuncs.com', expected: { host: 'sts.cn-hangzhou.aliyuncs.com', protocol: 'HTTPS' } },
    {
      text: 'https://sts-vpc.cn-shanghai.aliyuncs.com/',
      expected: { host: 'sts-vpc.cn-shanghai.aliyuncs.com', protocol: 'HTTPS' }
    },
    { text: 'http://127.0.0.1:8443', expected: { host: '127.0.0.1:8443', protocol: 'HTTP' } }
  ])('reads $text', ({ text, expected }) => {
    expect(parseStsEndpoint(text)).toEqual(expected)
  })

  it('refuses http:// for a host that is not loopback, naming sts-endpoint', () => {
    expect(thrown(() => parseStsEndpoint('http://sts.aliyuncs.com')).message).toMatch(
      /^sts-endpoint: "http:\/\/sts\.aliyuncs\.com" uses http:\/\/, which is only allowed for loopback hosts .*; use https:\/\/sts\.aliyuncs\.com$/
    )
  })
})

describe('readOidcRole', () => {
  const NONE: GivenOidcInputs = {
    roleToAssume: '',
    oidcProviderArn: '',
    audience: '',
    roleSessionName: '',
    roleDurationSeconds: '',
    stsEndpoint: ''
  }
  const RUN = { GITHUB_REPOSITORY: 'octo-org/fleet-config', GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '2' }

  it('returns undefined when neither ARN is given', () => {
    expect(readOidcRole({ ...NONE, audience: 'sts.aliyuncs.com', roleSessionName: 'ci' }, RUN)).toBeUndefined()
  })

  it('applies the defaults and builds the session name from the run', () => {
    const role = readOidcRole({ ...NONE, roleToAssume: ROLE, oidcProviderArn: PROVIDER }, RUN)
    expect(role).toEqual({
      roleArn: ROLE,
      oidcProviderArn: PROVIDER,
      audience: OIDC_INPUT_DEFAULTS.audience,
      roleSessionName: 'octo-org.fleet-config-4242-2',
      roleSessionNameIsDefault: true,
      durationSeconds: 900,
      stsEndpoint: { host: 'sts.aliyuncs.com', protocol: 'HTTPS' }
    })
    expect(Object.isFrozen(role)).toBe(true)
  })

  it('takes every given value', () => {
    const given = {
      roleToAssume: ROLE,
      oidcProviderArn: PROVIDER,
      audience: 'my-client',
      roleSessionName: 'release',
      roleDurationSeconds: '3600',
      stsEndpoint: 'sts.cn-shanghai.aliyuncs.com'
    }
    expect(readOidcRole(given, RUN)).toMatchObject({
      audience: 'my-client',
      roleSessionName: 'release',
      roleSessionNameIsDefault: false,
      durationSeconds: 3600,
      stsEndpoint: { host: 'sts.cn-shanghai.aliyuncs.com' }
    })
  })

  it.each([
    {
      name: 'a role without a provider ARN',
      given: { roleToAssume: ROLE },
      error: /^oidc-provider-arn: is empty, but role-to-assume is set; OIDC needs both/
    },
    {
      name: 'a provider ARN without a role',
      given: { oidcProviderArn: PROVIDER },
      error: /^role-to-assume: is empty, but oidc-provider-arn is set; OIDC needs both/
    },
    {
      name: 'a bad duration',
      given: { roleToAssume: ROLE, oidcProviderArn: PROVIDER, roleDurationSeconds: '60' },
      error: /^role-duration-seconds: 60 is out of range/
    },
    {
      name: 'a bad session name',
      given: { roleToAssume: ROLE, oidcProviderArn: PROVIDER, roleSessionName: 'my session' },
      error: /^role-session-name: /
    },
    {
      name: 'a plain-http STS',
      given: { roleToAssume: ROLE, oidcProviderArn: PROVIDER, stsEndpoint: 'http://10.0.0.1' },
      error: /^sts-endpoint: /
    }
  ])('names what is wrong for $name', ({ given, error }) => {
    expect(thrown(() => readOidcRole({ ...NONE, ...given }, RUN)).message).toMatch(error)
  })
})

describe('checkSessionFits', () => {
  const role = (durationSeconds: number) => fleetRole({ host: 'sts.aliyuncs.com', protocol: 'HTTPS' }, { durationSeconds })

  it('accepts a token that outlives the step', () => {
    expect(() => checkSessionFits(role(900), 10)).not.toThrow()
    expect(() => checkSessionFits(role(4200), 70)).not.toThrow()
  })

  it('refuses a token that could expire during a wait, naming the duration to set', () => {
    expect(thrown(() => checkSessionFits(role(900), 70)).message).toBe(
      'role-duration-seconds: 900 s is shorter than the step may run (70 min with its waits), so the STS token could ' +
        "expire midway; set role-duration-seconds to at least 4200 (and the role's maximum session duration as high)"
    )
  })

  it('points at the time limits when even the longest STS token is too short', () => {
    expect(thrown(() => checkSessionFits(role(43200), 720.5)).message).toMatch(
      /at most 43200; lower timeout-minutes or wait-timeout-minutes$/
    )
  })
})
