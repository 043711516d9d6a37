import { describe, expect, it } from '@jest/globals'
import { inputErrorOf as errorOf } from '../../__fixtures__/errors.js'
import { checkTaskIdFits, MAX_GROUPS, parseGroupIds } from '../../src/inputs/groups.js'

describe('parseGroupIds', () => {
  it.each([
    { name: 'one id', value: 'aig-abcdef1', expected: ['aig-abcdef1'] },
    { name: 'one id with surrounding space', value: '  aig-abcdef1 \n', expected: ['aig-abcdef1'] },
    { name: 'commas', value: 'aig-abcdef1,aig-abcdef2,aig-abcdef3', expected: ['aig-abcdef1', 'aig-abcdef2', 'aig-abcdef3'] },
    {
      name: 'commas and spaces',
      value: 'aig-abcdef1, aig-abcdef2 ,aig-abcdef3',
      expected: ['aig-abcdef1', 'aig-abcdef2', 'aig-abcdef3']
    },
    { name: 'newlines (a YAML block)', value: 'aig-abcdef1\naig-abcdef2\n', expected: ['aig-abcdef1', 'aig-abcdef2'] },
    { name: 'Windows line ends', value: 'aig-abcdef1\r\naig-abcdef2\r\n', expected: ['aig-abcdef1', 'aig-abcdef2'] },
    {
      name: 'newlines and commas mixed, blank lines, trailing comma',
      value: 'aig-abcdef1,\n\n  aig-abcdef2,aig-abcdef3,\n',
      expected: ['aig-abcdef1', 'aig-abcdef2', 'aig-abcdef3']
    },
    {
      name: 'duplicates removed, first occurrence kept',
      value: 'aig-abcdef2,aig-abcdef1\naig-abcdef2,aig-abcdef1',
      expected: ['aig-abcdef2', 'aig-abcdef1']
    }
  ])('returns the ids in order for $name', ({ value, expected }) => {
    expect(parseGroupIds(value)).toEqual(expected)
  })

  it.each([
    { name: 'nothing', value: '', error: 'app-instance-group-id: is required; give "aig-" followed by 6 to 32' },
    { name: 'only separators', value: ' ,\n, ', error: 'app-instance-group-id: is required' },
    {
      name: 'one bad id, as for a single group',
      value: 'group-1',
      error:
        'app-instance-group-id: "group-1" is malformed; expected "aig-" followed by 6 to 32 lower-case letters or digits, e.g. aig-9ciijz60n4xsv1234'
    },
    {
      name: 'a bad id in a list, with its place',
      value: 'aig-abcdef1,AIG-ABCDEF2,aig-abcdef3',
      error: 'app-instance-group-id: "AIG-ABCDEF2" (item 2 of 3) is malformed'
    },
    {
      name: 'two bad ids, both named',
      value: 'x1\naig-abcdef2\nx3',
      error: 'app-instance-group-id: "x1" (item 1 of 3), "x3" (item 3 of 3) are malformed'
    },
    {
      name: 'ids separated by spaces',
      value: 'aig-abcdef1 aig-abcdef2',
      error:
        'is malformed; expected "aig-" followed by 6 to 32 lower-case letters or digits, e.g. aig-9ciijz60n4xsv1234; separate several ids with commas or newlines'
    }
  ])('throws naming the input for $name', ({ value, error }) => {
    const thrown = errorOf(() => parseGroupIds(value))
    expect(thrown.input).toBe('app-instance-group-id')
    expect(thrown.message).toContain(error)
  })

  it('names the first five bad ids and counts the rest', () => {
    const value = Array.from({ length: 8 }, (_, n) => `bad${n}`).join(',')
    expect(errorOf(() => parseGroupIds(value)).message).toContain('"bad4" (item 5 of 8) and 3 more are malformed')
  })

  it(`accepts ${MAX_GROUPS} distinct ids and refuses one more`, () => {
    const ids = Array.from({ length: MAX_GROUPS + 1 }, (_, n) => `aig-group${String(n).padStart(4, '0')}`)
    expect(parseGroupIds(ids.slice(0, MAX_GROUPS).join('\n'))).toHaveLength(MAX_GROUPS)
    expect(errorOf(() => parseGroupIds(ids.join('\n'))).message).toBe(
      `app-instance-group-id: lists ${MAX_GROUPS + 1} delivery groups; at most ${MAX_GROUPS} per step: split the list over several steps or a matrix`
    )
  })

  it('counts the limit after removing duplicates', () => {
    const ids = Array.from({ length: MAX_GROUPS }, (_, n) => `aig-group${String(n).padStart(4, '0')}`)
    expect(parseGroupIds([...ids, ...ids].join(','))).toHaveLength(MAX_GROUPS)
  })
})

describe('checkTaskIdFits', () => {
  it('accepts a task id for one group, and no task id for many', () => {
    expect(() => checkTaskIdFits('ota-abcdef1', ['aig-abcdef1'])).not.toThrow()
    expect(() => checkTaskIdFits('', ['aig-abcdef1', 'aig-abcdef2'])).not.toThrow()
  })

  it('throws naming task-id when one is given for several groups', () => {
    const thrown = errorOf(() => checkTaskIdFits('ota-abcdef1', ['aig-abcdef1', 'aig-abcdef2']))
    expect(thrown.input).toBe('task-id')
    expect(thrown.message).toContain('applies to one delivery group, but app-instance-group-id lists 2')
  })
})
