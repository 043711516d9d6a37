import { describe, expect, it } from '@jest/globals'
import { OidcError, stsFailure, type StsFailureContext } from '../../src/credentials/oidc-error.js'

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm8vciJ9.c2ln'
const CONTEXT: StsFailureContext = {
  roleArn: 'acs:ram::1234567890123456:role/deploy',
  oidcProviderArn: 'acs:ram::1234567890123456:oidc-provider/github',
  audience: 'sts.aliyuncs.com',
  roleSessionName: 'octo-org.app-1-1',
  stsEndpoint: { host: 'sts.aliyuncs.com', protocol: 'HTTPS' },
  idToken: TOKEN
}
const WHERE = 'failed to assume role acs:ram::1234567890123456:role/deploy with OIDC through STS at sts.aliyuncs.com'

/** refused returns what @alicloud/credentials throws for a non-200 STS answer with this JSON body. */
function refused(body: Record<string, string>): Error {
  return new Error(
    `get sts token failed with OIDC: ${JSON.stringify({ RequestId: 'A1B2-C3', HostId: 'sts.aliyuncs.com', ...body })}`
  )
}

describe('stsFailure', () => {
  it.each([
    {
      code: 'AuthenticationFail.NoPermission',
      hint: 'the trust policy of acs:ram::1234567890123456:role/deploy must trust acs:ram::1234567890123456:oidc-provider/github and allow this repository and branch (oidc:sub)'
    },
    { code: 'NoPermission.AssumeRole', hint: 'the trust policy of acs:ram::1234567890123456:role/deploy must trust' },
    { code: 'InvalidParameter.RoleSessionName', hint: 'check role-session-name (octo-org.app-1-1)' },
    { code: 'AuthenticationFail.OIDCToken.Invalid', hint: 'has issuer https://token.actions.githubusercontent.com' },
    {
      code: 'AuthenticationFail.OIDCToken.AudienceMismatch',
      hint: 'the ID token was requested for audience "sts.aliyuncs.com"; set audience to a client ID'
    }
  ])('keeps STS code and request id of $code and says what to check', ({ code, hint }) => {
    const error = stsFailure(refused({ Code: code, Message: 'refused.' }), CONTEXT)
    expect(error).toBeInstanceOf(OidcError)
    expect(error).toMatchObject({ stage: 'sts', kind: 'service', code, requestId: 'A1B2-C3', detail: 'refused.' })
    expect(error.message.startsWith(`${WHERE}: ${code}: refused. (request id A1B2-C3); `)).toBe(true)
    expect(error.message).toContain(hint)
  })

  it('gives no hint for a code it does not know', () => {
    expect(stsFailure(refused({ Code: 'Some.New.Code', Message: 'no.' }), CONTEXT).message).toBe(
      `${WHERE}: Some.New.Code: no. (request id A1B2-C3)`
    )
  })

  it('never repeats the ID token, even when STS quotes it', () => {
    const error = stsFailure(refused({ Code: 'InvalidParameter.OIDCToken', Message: `token ${TOKEN} is bad` }), CONTEXT)
    expect(error.message).not.toContain(TOKEN)
    expect(error.detail).toBe('token *** is bad')
  })

  it.each([
    {
      name: 'a body that is not JSON',
      thrown: new Error('get sts token failed with OIDC: <html>503</html>'),
      detail: 'STS answered "<html>503</html>"'
    },
    {
      name: 'JSON without Code',
      thrown: new Error('get sts token failed with OIDC: {"oops":1}'),
      detail: 'STS answered "{\\"oops\\":1}"'
    },
    {
      name: 'a 200 answer that is not JSON',
      thrown: new Error('get sts token failed with OIDC, unmarshal fail: nope'),
      detail: 'STS answered "nope"'
    },
    {
      name: 'a 200 answer without credentials',
      thrown: new Error('get sts token failed with OIDC'),
      detail: 'STS answered without credentials'
    }
  ])('reports $name as InvalidResponse', ({ thrown, detail }) => {
    expect(stsFailure(thrown, CONTEXT)).toMatchObject({ kind: 'invalid-response', code: 'InvalidResponse', detail })
  })

  it('reports a TLS failure with the NODE_EXTRA_CA_CERTS hint, without the request URL', () => {
    const thrown = Object.assign(
      new Error(
        'unable to verify the first certificatePOST https://sts.aliyuncs.com/?Version=2015-04-01&Action=AssumeRoleWithOIDC failed.'
      ),
      {
        code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
      }
    )
    const error = stsFailure(thrown, CONTEXT)
    expect(error).toMatchObject({
      kind: 'network',
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      detail: 'unable to verify the first certificate'
    })
    expect(error.message).toContain('point NODE_EXTRA_CA_CERTS at its certificate')
  })

  it('reports something without a code as NetworkError', () => {
    expect(stsFailure('socket hang up', CONTEXT)).toMatchObject({
      kind: 'network',
      code: 'NetworkError',
      detail: 'socket hang up'
    })
  })
})
