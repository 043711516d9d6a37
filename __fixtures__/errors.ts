/** Shared by the input-validation tests: the InputError a call throws. */
import { expect } from '@jest/globals'
import { InputError } from '../src/common/errors.js'

/** inputErrorOf returns the InputError `call` throws; the test fails if it throws anything else, or nothing. */
export function inputErrorOf(call: () => unknown): InputError {
  try {
    call()
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return error as InputError
  }
  throw new Error('expected an InputError, but the call returned')
}
