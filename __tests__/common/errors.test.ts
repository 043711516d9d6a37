import { describe, expect, it } from '@jest/globals'
import { ApiError, errorMessage, hintFor, InputError } from '../../src/common/errors.js'

describe('InputError', () => {
  it('starts its message with the input name', () => {
    const error = new InputError('start-time', '"x" is not a start time')
    expect(error.message).toBe('start-time: "x" is not a start time')
    expect(error.input).toBe('start-time')
    expect(error.name).toBe('InputError')
  })
})

describe('ApiError', () => {
  it('reads as code, message, status and request id', () => {
    const error = new ApiError({
      operation: 'ListAppInstanceGroup',
      kind: 'service',
      code: 'InvalidParameter.PageSize',
      detail: 'PageSize must be 1..100',
      httpStatus: 400,
      requestId: 'RID-1',
      sent: true
    })
    expect(error.message).toBe('InvalidParameter.PageSize: PageSize must be 1..100 (HTTP 400, request id RID-1)')
    expect(error).toBeInstanceOf(Error)
  })

  it('leaves out the facts it does not have', () => {
    const error = new ApiError({
      operation: 'ApproveOtaTask',
      kind: 'network',
      code: 'ECONNREFUSED',
      detail: 'refused',
      sent: false
    })
    expect(error.message).toBe('ECONNREFUSED: refused')
  })

  it('adds the RAM action to grant to a permission error', () => {
    const error = new ApiError({
      operation: 'ApproveOtaTask',
      kind: 'service',
      code: 'Forbidden.RAM',
      detail: 'User not authorized',
      httpStatus: 403,
      requestId: 'RID-2',
      sent: true
    })
    expect(error.message).toBe(
      'Forbidden.RAM: User not authorized (HTTP 403, request id RID-2); grant the RAM action appstreaming:ModifyAppInstanceGroupAttribute to the caller'
    )
  })
})

describe('hintFor', () => {
  it.each([
    {
      code: 'NoPermission',
      operation: 'ListAppInstanceGroup' as const,
      hint: 'grant the RAM action appstreaming:ListAppInstanceGroup'
    },
    { code: 'InvalidAccessKeyId.NotFound', operation: 'ApproveOtaTask' as const, hint: 'check the AccessKey ID' },
    { code: 'SignatureDoesNotMatch', operation: 'ApproveOtaTask' as const, hint: 'check the AccessKey secret' },
    { code: 'InvalidTimeStamp.Expired', operation: 'ApproveOtaTask' as const, hint: "check the runner's clock" },
    { code: 'InvalidSecurityToken.Expired', operation: 'ApproveOtaTask' as const, hint: 'STS token is expired or malformed' }
  ])('tells what to do about $code', ({ code, operation, hint }) => {
    expect(hintFor({ code, operation, kind: 'service' })).toContain(hint)
  })

  it('has nothing to say about a throttled call', () => {
    expect(hintFor({ code: 'Throttling.User', operation: 'ApproveOtaTask', kind: 'service' })).toBeUndefined()
  })
})

describe('errorMessage', () => {
  it.each([
    { name: 'an Error', value: new Error('boom'), expected: 'boom' },
    { name: 'an Error without a message', value: new TypeError(''), expected: 'TypeError' },
    { name: 'a string', value: 'plain words', expected: 'plain words' },
    { name: 'undefined', value: undefined, expected: 'unknown error (undefined was thrown)' },
    { name: 'null', value: null, expected: 'unknown error (null was thrown)' },
    { name: 'an object', value: { code: 42 }, expected: 'unknown error: {"code":42}' },
    { name: 'a number', value: 7, expected: 'unknown error: 7' }
  ])('reads $name', ({ value, expected }) => {
    expect(errorMessage(value)).toBe(expected)
  })

  it('survives an object that cannot be serialized', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(errorMessage(cyclic)).toBe('unknown error: [object Object]')
  })
})
