import { describe, expect, it } from '@jest/globals'
import { createCredential } from '../../src/credentials/keys.js'
import { describeCredentials, selectCredentials, type GivenCredentials } from '../../src/inputs/credentials.js'
import { type InputError } from '../../src/common/errors.js'
import { inputErrorOf } from '../../__fixtures__/errors.js'
import { ENV_KEYS } from '../../__fixtures__/inputs.js'
import { fleetRole } from '../../__fixtures__/oidc.js'

const NONE: GivenCredentials = { accessKeyId: '', accessKeySecret: '', securityToken: '' }
const KEYS: GivenCredentials = { accessKeyId: 'LTAI5tInputKeyId', accessKeySecret: 'InputSecretValue0123', securityToken: '' }

function errorOf(given: GivenCredentials, env: Readonly<Record<string, string | undefined>> = {}): InputError {
  return inputErrorOf(() => selectCredentials(given, env))
}

describe('selectCredentials', () => {
  it('takes the inputs over a complete environment', () => {
    expect(selectCredentials(KEYS, ENV_KEYS)).toEqual({
      kind: 'keys',
      origin: 'inputs',
      accessKeyId: KEYS.accessKeyId,
      accessKeySecret: KEYS.accessKeySecret
    })
  })

  it('never mixes the environment token into input keys', () => {
    expect(selectCredentials(KEYS, { ALIBABA_CLOUD_SECURITY_TOKEN: 'CAIS.env.token' })).not.toHaveProperty('securityToken')
  })

  it('takes an STS token from the inputs', () => {
    expect(selectCredentials({ ...KEYS, securityToken: 'CAIS.input.token' }, {})).toMatchObject({
      origin: 'inputs',
      securityToken: 'CAIS.input.token'
    })
  })

  it('falls back to the environment, token included', () => {
    expect(selectCredentials(NONE, ENV_KEYS)).toEqual({
      kind: 'keys',
      origin: 'environment',
      accessKeyId: ENV_KEYS.ALIBABA_CLOUD_ACCESS_KEY_ID,
      accessKeySecret: ENV_KEYS.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
      securityToken: ENV_KEYS.ALIBABA_CLOUD_SECURITY_TOKEN
    })
  })

  it('takes environment keys without a token as an AccessKey', () => {
    const { ALIBABA_CLOUD_SECURITY_TOKEN: _token, ...keys } = ENV_KEYS
    expect(selectCredentials(NONE, keys)).not.toHaveProperty('securityToken')
  })

  it('trims environment values and ignores blank ones', () => {
    expect(
      selectCredentials(NONE, {
        ALIBABA_CLOUD_ACCESS_KEY_ID: ' id-value \n',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret-value\n',
        ALIBABA_CLOUD_SECURITY_TOKEN: '   '
      })
    ).toEqual({ kind: 'keys', origin: 'environment', accessKeyId: 'id-value', accessKeySecret: 'secret-value' })
  })

  it.each([
    {
      name: 'an id without a secret',
      given: { ...NONE, accessKeyId: 'id' },
      error: 'access-key-secret: is empty, but access-key-id is set; set access-key-secret too, or none of the credential inputs'
    },
    {
      name: 'a secret without an id',
      given: { ...NONE, accessKeySecret: 'secret' },
      error: 'access-key-id: is empty, but access-key-secret is set'
    },
    {
      name: 'a token alone',
      given: { ...NONE, securityToken: 'token' },
      error: 'access-key-id and access-key-secret: are empty, but security-token is set'
    },
    {
      name: 'an id and a token',
      given: { ...NONE, accessKeyId: 'id', securityToken: 'token' },
      error: 'access-key-secret: is empty, but access-key-id and security-token are set'
    }
  ])('names what is missing from the inputs: $name', ({ given, error }) => {
    // A complete environment does not rescue half-given inputs: the inputs were meant.
    expect(errorOf(given, ENV_KEYS).message).toContain(error)
  })

  it.each([
    {
      name: 'an id without a secret',
      env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'id' },
      error:
        'ALIBABA_CLOUD_ACCESS_KEY_SECRET: is empty, but ALIBABA_CLOUD_ACCESS_KEY_ID is set; set ALIBABA_CLOUD_ACCESS_KEY_SECRET too, or unset ALIBABA_CLOUD_ACCESS_KEY_ID'
    },
    {
      name: 'a secret without an id',
      env: { ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret' },
      error: 'ALIBABA_CLOUD_ACCESS_KEY_ID: is empty, but ALIBABA_CLOUD_ACCESS_KEY_SECRET is set'
    },
    {
      name: 'a token alone',
      env: { ALIBABA_CLOUD_SECURITY_TOKEN: 'token' },
      error: 'ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET: are empty'
    }
  ])('names what is missing from the environment: $name', ({ env, error }) => {
    expect(errorOf(NONE, env).message).toContain(error)
  })

  it('lists the ways to give credentials when there are none', () => {
    const message = errorOf(NONE, { PATH: '/usr/bin' }).message
    expect(message).toMatch(/^access-key-id: no credentials given/)
    for (const way of [
      'access-key-id and access-key-secret inputs',
      'security-token',
      'ALIBABA_CLOUD_ACCESS_KEY_ID',
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
      'aliyun/configure-aliyun-credentials-action'
    ]) {
      expect(message).toContain(way)
    }
  })

  it('never puts a value in an error message', () => {
    const message = errorOf({ ...NONE, accessKeyId: 'LTAI-visible?', securityToken: 'CAIS-visible?' }).message
    expect(message).not.toContain('visible?')
  })
})

describe('describeCredentials', () => {
  it.each([
    {
      name: 'input keys',
      source: selectCredentials(KEYS, {}),
      text: 'AccessKey from the access-key-id / access-key-secret inputs'
    },
    {
      name: 'an input token',
      source: selectCredentials({ ...KEYS, securityToken: 'CAIS.tok' }, {}),
      text: 'STS token from the access-key-id / access-key-secret inputs'
    },
    {
      name: 'environment keys',
      source: selectCredentials(NONE, ENV_KEYS),
      text: 'STS token from the ALIBABA_CLOUD_* environment variables'
    }
  ])('says what kind and where for $name, without values', ({ source, text }) => {
    const description = describeCredentials(source)
    expect(description).toBe(text)
    for (const value of [source.accessKeyId, source.accessKeySecret, source.securityToken ?? 'none-given'])
      expect(description).not.toContain(value)
  })
})

describe('createCredential', () => {
  it('masks the id and secret, then signs as a static AccessKey', async () => {
    const masked: string[] = []
    const credential = createCredential(selectCredentials(KEYS, {}), (value) => masked.push(value))
    expect(masked).toEqual([KEYS.accessKeyId, KEYS.accessKeySecret])
    expect(await credential.getCredential()).toMatchObject({
      accessKeyId: KEYS.accessKeyId,
      accessKeySecret: KEYS.accessKeySecret,
      type: 'access_key',
      providerName: 'static_ak'
    })
  })

  it('masks all three values of an STS token and signs with it', async () => {
    const masked: string[] = []
    const credential = createCredential(selectCredentials(NONE, ENV_KEYS), (value) => masked.push(value))
    expect(masked).toEqual(Object.values(ENV_KEYS))
    expect(await credential.getCredential()).toMatchObject({
      securityToken: ENV_KEYS.ALIBABA_CLOUD_SECURITY_TOKEN,
      type: 'sts',
      providerName: 'static_sts'
    })
  })

  it('returns no credential when masking fails', () => {
    expect(() =>
      createCredential(selectCredentials(KEYS, {}), () => {
        throw new Error('mask refused')
      })
    ).toThrow('mask refused')
  })
})

describe('selectCredentials with an OIDC role', () => {
  const ROLE = fleetRole({ host: 'sts.aliyuncs.com', protocol: 'HTTPS' })

  it('assumes the role when neither the inputs nor the environment hold keys', () => {
    expect(selectCredentials(NONE, {}, ROLE)).toEqual({ ...ROLE, kind: 'oidc' })
  })

  it('keeps the inputs first and marks the role as ignored', () => {
    expect(selectCredentials(KEYS, {}, ROLE)).toMatchObject({ kind: 'keys', origin: 'inputs', oidcIgnored: true })
  })

  it('keeps the environment second and marks the role as ignored', () => {
    expect(selectCredentials(NONE, ENV_KEYS, ROLE)).toMatchObject({ kind: 'keys', origin: 'environment', oidcIgnored: true })
  })

  it('still refuses half-given keys rather than falling through to the role', () => {
    expect(() => selectCredentials({ ...NONE, accessKeyId: 'LTAI5tInputKeyId' }, {}, ROLE)).toThrow(
      /^access-key-secret: is empty/
    )
  })

  it('names all three ways and the README when there is nothing at all', () => {
    const message = errorOf(NONE).message
    expect(message).toContain('access-key-id and access-key-secret inputs')
    expect(message).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID')
    expect(message).toContain('role-to-assume and oidc-provider-arn')
    expect(message).toContain('id-token: write')
    expect(message).toContain("README's Credentials section")
  })
})
