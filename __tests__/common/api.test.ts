import { describe, expect, it } from '@jest/globals'
import { defaultEndpoint, errorFact, hasPendingUpdate } from '../../src/common/api.js'

describe('defaultEndpoint', () => {
  it.each([
    ['cn-hangzhou', 'appstream-center.cn-shanghai.aliyuncs.com'],
    ['cn-shanghai', 'appstream-center.cn-shanghai.aliyuncs.com'],
    ['ap-southeast-1', 'appstream-center.ap-southeast-1.aliyuncs.com'],
    ['eu-central-1', 'appstream-center.ap-southeast-1.aliyuncs.com']
  ])('manages %s groups through %s', (region, endpoint) => {
    expect(defaultEndpoint(region)).toBe(endpoint)
  })
})

describe('errorFact', () => {
  it.each([
    ['Throttling.User', 'throttling', 400],
    ['ServiceUnavailable', 'server', 503],
    ['MissingTaskId', 'validation', 400],
    ['InvalidParameter.Foo', 'validation', 400],
    ['Forbidden.RAM', 'permission', 403],
    ['InvalidAccessKeyId.NotFound', 'authentication', 404]
  ])('classifies %s as %s with HTTP %d', (code, kind, status) => {
    expect(errorFact(code)).toMatchObject({ kind, status })
  })

  it('knows nothing of an invented code', () => {
    expect(errorFact('Nonsense.Code')).toBeUndefined()
  })
})

describe('hasPendingUpdate', () => {
  it.each([
    [undefined, false],
    [{}, false],
    [{ TaskId: 'ota-1', OtaVersion: '1.0', NewOtaVersion: '' }, false],
    [{ TaskId: '', OtaVersion: '1.0', NewOtaVersion: '1.1' }, false],
    [{ TaskId: 'ota-1', OtaVersion: '1.0', NewOtaVersion: '1.1' }, true]
  ])('reads %j as pending=%s', (info, expected) => {
    expect(hasPendingUpdate(info)).toBe(expected)
  })
})
