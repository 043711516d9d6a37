import { afterEach, describe, expect, it } from '@jest/globals'
import { forgetSecrets, MIN_SECRET_LENGTH, redact, registerSecret } from '../../src/common/redact.js'

afterEach(() => forgetSecrets())

describe('redact', () => {
  it('removes a registered secret in every encoding a request uses', () => {
    const secret = 'ab+c/d=e*f g'
    registerSecret(secret)
    const rfc3986 = 'ab%2Bc%2Fd%3De%2Af%20g'
    for (const form of [secret, encodeURIComponent(secret), rfc3986, encodeURIComponent(rfc3986), 'ab%2Bc%2Fd%3De*f+g']) {
      expect(redact(`before ${form} after`)).toBe('before *** after')
    }
  })

  it('does not register values too short to be credentials', () => {
    registerSecret('a'.repeat(MIN_SECRET_LENGTH - 1))
    expect(redact('banana')).toBe('banana')
  })

  it('removes a longer secret whole even when a shorter one is inside it', () => {
    registerSecret('abcd')
    registerSecret('xxabcdxx')
    expect(redact('[xxabcdxx]')).toBe('[***]')
  })

  it.each([
    {
      name: 'the query of an RPC-signed URL',
      text: 'connect ECONNRESET POST http://127.0.0.1:8080/?AccessKeyId=LTAI5t&Signature=ZvQ9x%2BW%3D&SecurityToken=CAIS%2Fabc failed.',
      expected: 'connect ECONNRESET POST http://127.0.0.1:8080/?*** failed.'
    },
    {
      name: 'the query of an https URL',
      text: 'ConnectTimeout: Connect https://appstream-center.cn-shanghai.aliyuncs.com/?ProductType=CloudApp&Signature=abc failed.',
      expected: 'ConnectTimeout: Connect https://appstream-center.cn-shanghai.aliyuncs.com/?*** failed.'
    },
    {
      name: 'signing parameters outside a URL',
      text: 'Action=ApproveOtaTask&AccessKeyId=LTAI5t&Signature=ZvQ9x+W=&SecurityToken=CAIS/abc&SignatureMethod=HMAC-SHA1',
      expected: 'Action=ApproveOtaTask&AccessKeyId=***&Signature=***&SecurityToken=***&SignatureMethod=HMAC-SHA1'
    },
    {
      name: 'an ACS3 Authorization header',
      text: 'Authorization: ACS3-HMAC-SHA256 Credential=LTAI5t,SignedHeaders=host;x-acs-action,Signature=06563a9e1b43',
      expected: 'Authorization: ACS3-HMAC-SHA256 ***'
    },
    {
      name: 'the credential and signature of an ACS3 header value alone',
      text: 'ACS3-HMAC-SHA256 Credential=LTAI5t,SignedHeaders=host,Signature=06563a9e1b43',
      expected: 'ACS3-HMAC-SHA256 Credential=***,SignedHeaders=host,Signature=***'
    },
    { name: 'a bearer token', text: 'authorization: Bearer eyJhbGciOi.payload.sig', expected: 'authorization: Bearer ***' },
    {
      name: 'STS headers',
      text: 'x-acs-accesskey-id: STS.abc\nx-acs-security-token: CAIS123',
      expected: 'x-acs-accesskey-id: ***\nx-acs-security-token: ***'
    },
    {
      name: 'credential fields in JSON',
      text: '{"AccessKeyId":"STS.abc","AccessKeySecret": "s3cr3t","SecurityToken":"CAIS","Expiration":"2026-01-01"}',
      expected: '{"AccessKeyId":"***","AccessKeySecret": "***","SecurityToken":"***","Expiration":"2026-01-01"}'
    },
    {
      name: 'credential fields in escaped JSON',
      text: '{\\"AccessKeySecret\\":\\"s3cr3t\\"}',
      expected: '{\\"AccessKeySecret\\":\\"***\\"}'
    },
    {
      name: 'the RPC string to sign that SignatureDoesNotMatch quotes',
      text: 'server string to sign is:POST&%2F&AccessKeyId%3DLTAI5t%26Action%3DApproveOtaTask%26SecurityToken%3DCAIS%252Fabc%26Timestamp%3D2026',
      expected:
        'server string to sign is:POST&%2F&AccessKeyId%3D***%26Action%3DApproveOtaTask%26SecurityToken%3D***%26Timestamp%3D2026'
    },
    {
      name: 'an OIDC token parameter',
      text: 'OIDCToken=eyJabc&RoleArn=acs:ram::1:role/x',
      expected: 'OIDCToken=***&RoleArn=acs:ram::1:role/x'
    },
    { name: 'an id_token field', text: '{"id_token":"eyJabc"}', expected: '{"id_token":"***"}' }
  ])('removes $name', ({ text, expected }) => {
    expect(redact(text)).toBe(expected)
  })

  it.each([
    'SignatureDoesNotMatch: Specified signature is not matched with our calculation.',
    'InvalidAccessKeyId.NotFound: Specified access key is not found.',
    'no delivery group aig-abcdef123 in region cn-hangzhou',
    'SignatureNonce=abc&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0',
    'https://appstream-center.cn-shanghai.aliyuncs.com/',
    'pending OTA update: 1.0.0 → 1.1.0, task ota-abcdef'
  ])('leaves ordinary text alone: %s', (text) => {
    expect(redact(text)).toBe(text)
  })
})
