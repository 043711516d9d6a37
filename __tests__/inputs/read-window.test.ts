import { describe, expect, it } from '@jest/globals'
import { inputErrorOf } from '../../__fixtures__/errors.js'
import { fakeGetInput, NOW, VALID, type RawInputs } from '../../__fixtures__/inputs.js'
import { readInputs } from '../../src/inputs/read.js'

const read = (inputs: RawInputs) => readInputs(fakeGetInput(inputs), {}, NOW)

// NOW is Monday 2026-06-15 12:00 UTC, 20:00 in Shanghai.
describe('readInputs with maintenance-window and time-zone', () => {
  it('moves the start into the next window, written with the zone offset', () => {
    const { startTime } = read({ ...VALID, 'maintenance-window': 'Sat,Sun 22:00-02:00', 'time-zone': 'Asia/Shanghai' })
    expect(startTime).toMatchObject({ form: 'now', given: 'now', text: '2026-06-20T22:00:00+08:00' })
    expect(startTime.instant.toISOString()).toBe('2026-06-20T14:00:00.000Z')
    expect(startTime.window).toMatchObject({ window: 'Sat,Sun 22:00-02:00', zone: 'Asia/Shanghai', reason: 'next-opening' })
  })

  it('keeps an earliest start that is inside a window, written with the zone offset', () => {
    const { startTime } = read({
      ...VALID,
      'start-time': '+30m',
      'maintenance-window': 'daily 18:00-23:00',
      'time-zone': 'Asia/Shanghai'
    })
    expect(startTime.text).toBe('2026-06-15T20:30:00+08:00')
    expect(startTime.window?.reason).toBe('inside')
  })

  it('reads windows in UTC when no time-zone is given', () => {
    expect(read({ ...VALID, 'maintenance-window': '01:00-03:00' }).startTime.text).toBe('2026-06-16T01:00:00+00:00')
  })

  it.each([
    { name: 'no window', inputs: { ...VALID, 'start-time': '+2h' } },
    { name: 'a time-zone without a window', inputs: { ...VALID, 'start-time': '+2h', 'time-zone': 'Asia/Shanghai' } },
    { name: 'a blank window', inputs: { ...VALID, 'start-time': '+2h', 'maintenance-window': '  ' } }
  ])('leaves the start time as today with $name', ({ inputs }) => {
    expect(read(inputs).startTime).toEqual({
      form: 'offset',
      given: '+2h',
      instant: new Date('2026-06-15T14:00:00Z'),
      text: '2026-06-15T14:00:00+00:00'
    })
  })

  it.each([
    { name: 'a malformed window', inputs: { 'maintenance-window': 'weekends' }, input: 'maintenance-window' },
    { name: 'an unknown zone', inputs: { 'maintenance-window': '01:00-03:00', 'time-zone': 'Asia/Beijing' }, input: 'time-zone' },
    { name: 'an unknown zone without a window', inputs: { 'time-zone': 'Asia/Beijing' }, input: 'time-zone' },
    {
      name: 'a bad start-time before a bad window',
      inputs: { 'start-time': 'soon', 'maintenance-window': 'x' },
      input: 'start-time'
    }
  ])('refuses $name, naming $input', ({ inputs, input }) => {
    expect(inputErrorOf(() => read({ ...VALID, ...inputs })).input).toBe(input)
  })

  it('checks wait-timeout-minutes against the start the window chose', () => {
    const inputs = { ...VALID, wait: 'true', 'maintenance-window': 'Sat 22:00-23:00', 'time-zone': 'Asia/Shanghai' }
    expect(inputErrorOf(() => read(inputs)).input).toBe('wait-timeout-minutes')
    expect(read({ ...inputs, 'maintenance-window': 'daily 19:00-23:00' }).wait).toBe(true)
  })
})
