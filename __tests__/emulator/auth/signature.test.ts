import { describe, expect, it } from '@jest/globals'
import {
  canonicalRequestAcs3,
  parseAcs3Authorization,
  percentEncode,
  safeEqual,
  sha256Hex,
  stringToSignAcs3,
  verifyAcs3,
  verifyRpc,
  type Acs3Request
} from '../../../emulator/auth/signature.js'

// Official RPC example (shared/wuying-api.md §4): GET, secret `testsecret`.
const RPC_PARAMS: Array<[string, string]> = [
  ['AccessKeyId', 'testid'],
  ['Action', 'DescribeDedicatedHosts'],
  ['Format', 'JSON'],
  ['RegionId', 'cn-beijing'],
  ['SignatureMethod', 'HMAC-SHA1'],
  ['SignatureNonce', 'edb2b34af0af9a6d14deaf7c1a5315eb'],
  ['SignatureVersion', '1.0'],
  ['Timestamp', '2023-03-13T08:34:30Z'],
  ['Version', '2014-05-26']
]
const RPC_GET_SIGNATURE = '9NaGiOspFP5UPcwX8Iwt2YJXXuk='
const RPC_POST_SIGNATURE = 'ZvQ9xGiFnquSJRvj+WE6kdSpTwU='

// Official ACS3 example: POST /?ImageId=...&RegionId=cn-shanghai, empty body.
const ACS3_REQUEST: Acs3Request = {
  method: 'POST',
  path: '/',
  query: [
    ['ImageId', 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd'],
    ['RegionId', 'cn-shanghai']
  ],
  headers: {
    host: 'ecs.cn-shanghai.aliyuncs.com',
    'x-acs-action': 'RunInstances',
    'x-acs-version': '2014-05-26',
    'x-acs-date': '2023-10-26T10:22:32Z',
    'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
    'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
  },
  signedHeaders: ['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version'],
  payloadHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
}
const ACS3_SECRET = 'YourAccessKeySecret'
const ACS3_HASHED_CANONICAL = '7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259'
const ACS3_SIGNATURE = '06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0'

function withParam(name: string, value: string): Array<[string, string]> {
  return RPC_PARAMS.map(([k, v]) => [k, k === name ? value : v])
}

describe('verifyRpc', () => {
  it('accepts the official GET example', () => {
    expect(verifyRpc('GET', RPC_PARAMS, 'testsecret', RPC_GET_SIGNATURE).ok).toBe(true)
  })

  it('accepts the official example sent with POST', () => {
    expect(verifyRpc('POST', RPC_PARAMS, 'testsecret', RPC_POST_SIGNATURE).ok).toBe(true)
  })

  it('returns the string to sign with the timestamp encoded twice', () => {
    expect(verifyRpc('GET', RPC_PARAMS, 'testsecret', RPC_GET_SIGNATURE).stringToSign).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeDedicatedHosts%26Format%3DJSON%26RegionId%3Dcn-beijing' +
        '%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dedb2b34af0af9a6d14deaf7c1a5315eb%26SignatureVersion%3D1.0' +
        '%26Timestamp%3D2023-03-13T08%253A34%253A30Z%26Version%3D2014-05-26'
    )
  })

  it('gives the same answer whatever order the parameters arrive in', () => {
    expect(verifyRpc('GET', [...RPC_PARAMS].reverse(), 'testsecret', RPC_GET_SIGNATURE).ok).toBe(true)
  })

  it.each([
    { name: 'method', method: 'POST', params: RPC_PARAMS, secret: 'testsecret', signature: RPC_GET_SIGNATURE },
    { name: 'secret', method: 'GET', params: RPC_PARAMS, secret: 'testsecreT', signature: RPC_GET_SIGNATURE },
    {
      name: 'RegionId',
      method: 'GET',
      params: withParam('RegionId', 'cn-hangzhou'),
      secret: 'testsecret',
      signature: RPC_GET_SIGNATURE
    },
    {
      name: 'Timestamp',
      method: 'GET',
      params: withParam('Timestamp', '2023-03-13T08:34:31Z'),
      secret: 'testsecret',
      signature: RPC_GET_SIGNATURE
    },
    {
      name: 'SignatureNonce',
      method: 'GET',
      params: withParam('SignatureNonce', 'edb2b34af0af9a6d14deaf7c1a5315ec'),
      secret: 'testsecret',
      signature: RPC_GET_SIGNATURE
    },
    {
      name: 'AccessKeyId',
      method: 'GET',
      params: withParam('AccessKeyId', 'testid2'),
      secret: 'testsecret',
      signature: RPC_GET_SIGNATURE
    },
    {
      name: 'an added parameter',
      method: 'GET',
      params: [...RPC_PARAMS, ['Extra', 'x']] as Array<[string, string]>,
      secret: 'testsecret',
      signature: RPC_GET_SIGNATURE
    },
    { name: 'signature', method: 'GET', params: RPC_PARAMS, secret: 'testsecret', signature: '9NaGiOspFP5UPcwX8Iwt2YJXXuK=' }
  ])('rejects the example with a changed $name', ({ method, params, secret, signature }) => {
    expect(verifyRpc(method, params, secret, signature).ok).toBe(false)
  })
})

describe('verifyAcs3', () => {
  it('builds the official canonical request', () => {
    expect(sha256Hex(canonicalRequestAcs3(ACS3_REQUEST))).toBe(ACS3_HASHED_CANONICAL)
  })

  it('accepts the official signature', () => {
    const result = verifyAcs3(ACS3_REQUEST, ACS3_SECRET, ACS3_SIGNATURE)
    expect(result).toEqual({ ok: true, stringToSign: `ACS3-HMAC-SHA256\n${ACS3_HASHED_CANONICAL}` })
    expect(stringToSignAcs3(canonicalRequestAcs3(ACS3_REQUEST))).toBe(result.stringToSign)
  })

  it('accepts the signature in upper-case hex and the headers and query in any order', () => {
    const shuffled = {
      ...ACS3_REQUEST,
      query: [...ACS3_REQUEST.query].reverse(),
      signedHeaders: [...ACS3_REQUEST.signedHeaders].reverse()
    }
    expect(verifyAcs3(shuffled, ACS3_SECRET, ACS3_SIGNATURE.toUpperCase()).ok).toBe(true)
  })

  it.each([
    { name: 'method', change: { method: 'GET' } },
    { name: 'path', change: { path: '/x' } },
    {
      name: 'query value',
      change: {
        query: [
          ['ImageId', 'other.vhd'],
          ['RegionId', 'cn-shanghai']
        ]
      }
    },
    { name: 'host header', change: { headers: { ...ACS3_REQUEST.headers, host: 'ecs.cn-hangzhou.aliyuncs.com' } } },
    { name: 'x-acs-action header', change: { headers: { ...ACS3_REQUEST.headers, 'x-acs-action': 'StopInstances' } } },
    { name: 'x-acs-date header', change: { headers: { ...ACS3_REQUEST.headers, 'x-acs-date': '2023-10-26T10:22:33Z' } } },
    { name: 'nonce header', change: { headers: { ...ACS3_REQUEST.headers, 'x-acs-signature-nonce': 'ffff' } } },
    { name: 'signed header list', change: { signedHeaders: ACS3_REQUEST.signedHeaders.filter((h) => h !== 'x-acs-date') } },
    { name: 'payload hash', change: { payloadHash: sha256Hex('a=1') } }
  ])('rejects the example with a changed $name', ({ change }) => {
    const tampered = { ...ACS3_REQUEST, ...change } as Acs3Request
    expect(verifyAcs3(tampered, ACS3_SECRET, ACS3_SIGNATURE).ok).toBe(false)
  })

  it('rejects the example with another secret', () => {
    expect(verifyAcs3(ACS3_REQUEST, 'YourAccessKeySecreT', ACS3_SIGNATURE).ok).toBe(false)
  })
})

describe('parseAcs3Authorization', () => {
  it('reads credential, signed headers and signature', () => {
    const header = `ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action,Signature=${ACS3_SIGNATURE}`
    expect(parseAcs3Authorization(header)).toEqual({
      accessKeyId: 'YourAccessKeyId',
      signedHeaders: ['host', 'x-acs-action'],
      signature: ACS3_SIGNATURE
    })
  })

  it.each([
    'ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host',
    'ACS3-HMAC-SM3 Credential=a,SignedHeaders=host,Signature=00',
    'Bearer x'
  ])('returns undefined for %s', (header) => {
    expect(parseAcs3Authorization(header)).toBeUndefined()
  })
})

describe('percentEncode', () => {
  it.each([
    ['a b', 'a%20b'],
    ['a*b', 'a%2Ab'],
    ['a~b-_.', 'a~b-_.'],
    ["!'()", '%21%27%28%29'],
    ['2022-08-04T14:36:00+08:00', '2022-08-04T14%3A36%3A00%2B08%3A00'],
    ['é/', '%C3%A9%2F']
  ])('encodes %s as %s', (input, expected) => {
    expect(percentEncode(input)).toBe(expected)
  })
})

describe('safeEqual', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false]
  ])('compares %s with %s as %s', (a, b, expected) => {
    expect(safeEqual(a, b)).toBe(expected)
  })
})
