/**
 * Typed jest.fn mocks of every @actions/core function the action uses, registered in tests with
 * `jest.unstable_mockModule('@actions/core', () => core)` before the code under test is imported.
 * `group` runs its callback; the summary methods chain and record what was added, `stringify` renders it as JSON lines.
 */
import type * as core from '@actions/core'
import { jest } from '@jest/globals'

type Summary = typeof core.summary

export const debug = jest.fn<typeof core.debug>()
export const info = jest.fn<typeof core.info>()
export const warning = jest.fn<typeof core.warning>()
export const error = jest.fn<typeof core.error>()
export const notice = jest.fn<typeof core.notice>()
export const getInput = jest.fn<typeof core.getInput>()
export const setOutput = jest.fn<typeof core.setOutput>()
export const setFailed = jest.fn<typeof core.setFailed>()
export const setSecret = jest.fn<typeof core.setSecret>()
export const isDebug = jest.fn<typeof core.isDebug>(() => false)
export const startGroup = jest.fn<typeof core.startGroup>()
export const endGroup = jest.fn<typeof core.endGroup>()
export const group = jest.fn(async <T>(_name: string, fn: () => Promise<T>): Promise<T> => fn()) as jest.MockedFunction<
  typeof core.group
>

/** summary mimics core.summary's chain; `buffer` holds what the methods added, in order. */
export const summary = {
  buffer: [] as unknown[],
  addHeading: jest.fn((text: string, level?: number | string) => {
    summary.buffer.push({ heading: text, level })
    return summary as unknown as Summary
  }),
  addTable: jest.fn((rows: Parameters<Summary['addTable']>[0]) => {
    summary.buffer.push({ table: rows })
    return summary as unknown as Summary
  }),
  addRaw: jest.fn((text: string) => {
    summary.buffer.push({ raw: text })
    return summary as unknown as Summary
  }),
  stringify: jest.fn(() => summary.buffer.map((entry) => `${JSON.stringify(entry)}\n`).join('')),
  emptyBuffer: jest.fn(() => {
    summary.buffer.length = 0
    return summary as unknown as Summary
  })
}

/** resetCore clears every mock's calls and the summary buffer, keeping the default implementations. */
export function resetCore(): void {
  for (const mock of [debug, info, warning, error, notice, getInput, setOutput, setFailed, setSecret, startGroup, endGroup]) {
    mock.mockReset()
  }
  group.mockClear()
  isDebug.mockClear()
  for (const mock of Object.values(summary)) if (typeof mock === 'function' && 'mockClear' in mock) mock.mockClear()
  summary.buffer.length = 0
}
