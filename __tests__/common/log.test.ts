import { describe, expect, it, jest } from '@jest/globals'
import { createLogger, safeLine, type LogSink } from '../../src/common/log.js'
import { forgetSecrets, registerSecret } from '../../src/common/redact.js'

describe('safeLine', () => {
  it.each([
    {
      name: 'keeps plain text as it is',
      text: 'group: aig-1 "Sales" in cn-hangzhou',
      expected: 'group: aig-1 "Sales" in cn-hangzhou'
    },
    { name: 'escapes LF so that no second line can start a command', text: 'a\n::warning::x', expected: 'a%0A::warning::x' },
    { name: 'escapes CR and CRLF', text: 'a\r\n::add-mask::x\rb', expected: 'a%0D%0A::add-mask::x%0Db' },
    {
      name: 'escapes the first colon of a line that would start a command',
      text: '::stop-commands::tok',
      expected: '%3A:stop-commands::tok'
    },
    { name: 'sees through leading white space', text: '  ::error::x', expected: '  %3A:error::x' },
    { name: 'escapes the legacy ##[ form anywhere', text: 'x ##[error]y', expected: 'x ##%5Berror]y' }
  ])('$name', ({ text, expected }) => {
    expect(safeLine(text)).toBe(expected)
  })

  it('redacts registered secrets before anything else', () => {
    registerSecret('S3cretValue')
    try {
      expect(safeLine('key S3cretValue\n::add-mask::S3cretValue')).toBe('key ***%0A::add-mask::***')
    } finally {
      forgetSecrets()
    }
  })
})

describe('createLogger', () => {
  it('sends info, warnings and group names through safeLine', async () => {
    const groups: string[] = []
    const sink: LogSink = {
      info: jest.fn(),
      warning: jest.fn(),
      group: <T>(name: string, fn: () => Promise<T>): Promise<T> => {
        groups.push(name)
        return fn()
      }
    }
    const logger = createLogger(sink)
    logger.info('x\n::warning::pwn')
    logger.warning('::notice::pwn')
    await logger.group('name\n::error::pwn', async () => undefined)
    expect(sink.info).toHaveBeenCalledWith('x%0A::warning::pwn')
    expect(sink.warning).toHaveBeenCalledWith('%3A:notice::pwn')
    expect(groups).toEqual(['name%0A::error::pwn'])
  })
})
