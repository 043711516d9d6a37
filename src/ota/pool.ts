/**
 * Bounded concurrency: run an async job per item with at most N under way at once, results in the items' order.
 */

/**
 * mapPool returns `job(item, index)` for every item, in the items' order, running at most `limit` jobs at a time
 * (each job starts as soon as a slot frees). When a job throws, no further job starts; the jobs under way finish, and
 * then mapPool throws the first error. Throws RangeError for a limit that is not a whole number ≥ 1.
 */
export async function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  job: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`mapPool: limit must be a whole number ≥ 1, got ${limit}`)
  const results = new Array<R>(items.length)
  let next = 0
  let failure: { readonly error: unknown } | undefined
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++
      try {
        results[index] = await job(items[index] as T, index)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  if (failure !== undefined) throw failure.error
  return results
}
