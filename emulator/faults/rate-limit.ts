/**
 * The rate limit (`rateLimitPerSecond`): above N API requests in any sliding 1 s window of wall time, gateway.ts
 * answers `Throttling.User` with the wait in `x-acs-retry-after`, before faults and authentication.
 */

/** RateLimiter admits at most `limit` API requests in any sliding 1 s window of wall time. */
export class RateLimiter {
  private admitted: number[] = []

  constructor(private readonly limit: number | undefined) {}

  /** admit records the request and returns 0 when it may pass, else the ms until a slot frees up. */
  admit(nowMs: number): number {
    if (this.limit === undefined) return 0
    this.admitted = this.admitted.filter((t) => nowMs - t < 1000)
    if (this.admitted.length >= this.limit) return Math.max(1, 1000 - (nowMs - (this.admitted[0] as number)))
    this.admitted.push(nowMs)
    return 0
  }

  /** clear forgets the admitted requests. */
  clear(): void {
    this.admitted = []
  }
}
