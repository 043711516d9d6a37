import { describe, expect, it } from '@jest/globals'
import { isLoopbackHost, parseEndpoint, resolveEndpoint, userinfoOf } from '../../src/inputs/endpoint.js'

describe('resolveEndpoint', () => {
  it.each([
    {
      name: 'the Shanghai endpoint for a cn- region',
      input: '',
      region: 'cn-hangzhou',
      host: 'appstream-center.cn-shanghai.aliyuncs.com'
    },
    {
      name: 'the Singapore endpoint for another region',
      input: '',
      region: 'ap-southeast-1',
      host: 'appstream-center.ap-southeast-1.aliyuncs.com'
    },
    { name: 'a blank value as empty', input: '   ', region: 'eu-central-1', host: 'appstream-center.ap-southeast-1.aliyuncs.com' }
  ])('uses $name over HTTPS', ({ input, region, host }) => {
    expect(resolveEndpoint(input, region)).toEqual({ host, protocol: 'HTTPS' })
  })

  it.each([
    {
      name: 'a host',
      input: 'appstream-center.cn-shanghai.aliyuncs.com',
      host: 'appstream-center.cn-shanghai.aliyuncs.com',
      protocol: 'HTTPS'
    },
    {
      name: 'a host in capitals',
      input: 'AppStream-Center.Aliyuncs.COM',
      host: 'appstream-center.aliyuncs.com',
      protocol: 'HTTPS'
    },
    { name: 'a host and port', input: 'gateway.example.com:8443', host: 'gateway.example.com:8443', protocol: 'HTTPS' },
    {
      name: 'an https URL',
      input: 'https://appstream-center.vpc-proxy.aliyuncs.com',
      host: 'appstream-center.vpc-proxy.aliyuncs.com',
      protocol: 'HTTPS'
    },
    {
      name: 'an https URL with a trailing slash',
      input: 'https://gateway.example.com:8443/',
      host: 'gateway.example.com:8443',
      protocol: 'HTTPS'
    },
    {
      name: 'an https URL with an upper-case scheme',
      input: 'HTTPS://gateway.example.com',
      host: 'gateway.example.com',
      protocol: 'HTTPS'
    },
    { name: 'an IPv4 address', input: '10.0.0.5:443', host: '10.0.0.5:443', protocol: 'HTTPS' },
    { name: 'http on 127.0.0.1', input: 'http://127.0.0.1:8080', host: '127.0.0.1:8080', protocol: 'HTTP' },
    { name: 'http elsewhere in 127/8', input: 'http://127.3.4.5:9000/', host: '127.3.4.5:9000', protocol: 'HTTP' },
    { name: 'http on localhost', input: 'http://localhost:3000', host: 'localhost:3000', protocol: 'HTTP' },
    { name: 'http on [::1]', input: 'http://[::1]:8080', host: '[::1]:8080', protocol: 'HTTP' },
    { name: 'http on a long form of ::1', input: 'http://[0:0:0:0:0:0:0:1]:8080', host: '[::1]:8080', protocol: 'HTTP' },
    { name: 'a bare loopback host (still HTTPS)', input: '127.0.0.1:8443', host: '127.0.0.1:8443', protocol: 'HTTPS' }
  ])('accepts $name', ({ input, host, protocol }) => {
    expect(resolveEndpoint(input, 'cn-hangzhou')).toEqual({ host, protocol })
  })

  it.each([
    {
      name: 'http on a public host',
      input: 'http://appstream-center.aliyuncs.com',
      error:
        'uses http://, which is only allowed for loopback hosts (127.0.0.1, [::1], localhost); use https://appstream-center.aliyuncs.com'
    },
    { name: 'http on a private address', input: 'http://10.0.0.5:8080', error: 'only allowed for loopback hosts' },
    {
      name: 'http on a name that starts like localhost',
      input: 'http://localhost.example.com',
      error: 'only allowed for loopback hosts'
    },
    { name: 'http on 128.0.0.1', input: 'http://128.0.0.1', error: 'only allowed for loopback hosts' },
    { name: 'another scheme', input: 'ftp://example.com', error: 'has scheme ftp://' },
    { name: 'a path', input: 'https://example.com/api', error: 'must not contain a path, query or fragment' },
    { name: 'a path without a scheme', input: 'example.com/api', error: 'must not contain a path' },
    { name: 'a query', input: 'https://example.com/?x=1', error: 'must not contain a path, query or fragment' },
    { name: 'a fragment', input: 'https://example.com#top', error: 'must not contain a path, query or fragment' },
    { name: 'a port of 0', input: 'example.com:0', error: 'has port "0"; a port is a number from 1 to 65535' },
    { name: 'a port too large', input: 'https://example.com:65536', error: 'has port "65536"' },
    { name: 'a port that is not a number', input: 'example.com:https', error: 'has port "https"' },
    { name: 'an empty port', input: 'example.com:', error: 'has port ""' },
    { name: 'a host with an underscore', input: 'my_gateway.example.com', error: 'is not a host name' },
    { name: 'a host with a space', input: 'my gateway', error: 'is not a host name' },
    { name: 'a scheme with nothing after it', input: 'https://', error: 'is not a host name' },
    { name: 'an IPv6 address without brackets', input: '::1', error: 'write an IPv6 address in brackets' },
    { name: 'brackets around something else', input: 'http://[nothost]:80', error: 'is not an IPv6 address' },
    { name: 'a label over 63 characters', input: `${'a'.repeat(64)}.example.com`, error: 'is not a host name' }
  ])('rejects $name', ({ input, error }) => {
    expect(() => resolveEndpoint(input, 'cn-hangzhou')).toThrow(`endpoint: "${input}" `)
    expect(() => resolveEndpoint(input, 'cn-hangzhou')).toThrow(error)
  })
})

describe('credentials in an endpoint URL', () => {
  it.each([
    { name: 'user and password', input: 'https://user:pass@example.com', shown: '"https://***@example.com"' },
    { name: 'no scheme', input: 'LTAIkey:S3cret@example.com', shown: '"***@example.com"' }
  ])('refuses $name without echoing them', ({ input, shown }) => {
    expect(() => resolveEndpoint(input, 'cn-hangzhou')).toThrow(`endpoint: ${shown} must not contain credentials`)
  })

  it.each([
    { input: 'https://user:p%40ss@example.com', found: ['user:p%40ss', 'user', 'p@ss'] },
    { input: 'https://token@example.com', found: ['token'] },
    { input: 'https://example.com', found: [] },
    { input: 'example.com/a@b', found: [] }
  ])('userinfoOf finds $found in $input', ({ input, found }) => {
    expect(userinfoOf(input)).toEqual(found)
  })
})

describe('parseEndpoint', () => {
  it('names the input it was given in errors', () => {
    expect(() => parseEndpoint('http://sts.aliyuncs.com', 'sts-endpoint')).toThrow(/^sts-endpoint: /)
  })
})

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['[::1]', true],
    ['::1', false],
    ['126.0.0.1', false],
    ['localhost.localdomain', false],
    ['example.com', false]
  ])('calls %s loopback: %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected)
  })
})
