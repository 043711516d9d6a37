import { describe, expect, it } from '@jest/globals'
import { mapPool } from '../../src/ota/pool.js'

/** tick resolves after the other pending jobs had a chance to run. */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('mapPool', () => {
  it('returns the results in the order of the items, whatever order the jobs end in', async () => {
    const delays = [30, 5, 20, 0, 10]
    const results = await mapPool(delays, 3, async (ms, index) => {
      await new Promise((resolve) => setTimeout(resolve, ms))
      return `${index}:${ms}`
    })
    expect(results).toEqual(['0:30', '1:5', '2:20', '3:0', '4:10'])
  })

  it.each([1, 2, 5, 50])('never runs more than %i jobs at once, and uses all of them', async (limit) => {
    let running = 0
    let most = 0
    await mapPool(
      Array.from({ length: 40 }, (_, n) => n),
      limit,
      async () => {
        running++
        most = Math.max(most, running)
        await tick()
        running--
      }
    )
    expect(most).toBe(Math.min(limit, 40))
  })

  it('starts no further job after one throws, lets the running ones finish, and throws the first error', async () => {
    const started: number[] = []
    const finished: number[] = []
    const promise = mapPool(
      Array.from({ length: 10 }, (_, n) => n),
      2,
      async (n) => {
        started.push(n)
        // Job 1 fails while job 0 is still running.
        if (n === 1) throw new Error('job 1 failed')
        await tick()
        finished.push(n)
      }
    )
    await expect(promise).rejects.toThrow('job 1 failed')
    expect(started).toEqual([0, 1])
    expect(finished).toEqual([0])
  })

  it('returns an empty list for no items without calling the job', async () => {
    await expect(mapPool([], 5, async () => Promise.reject(new Error('called')))).resolves.toEqual([])
  })

  it.each([0, -1, 1.5, Number.NaN])('refuses a limit of %p', async (limit) => {
    await expect(mapPool([1], limit, async (n) => n)).rejects.toThrow(RangeError)
  })
})
