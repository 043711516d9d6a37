/**
 * The floors: the time no implementation can beat on this machine, a bare `node` process plus the round trips that
 * cannot be avoided, each costing the emulated latency. The emulator adds its latency to every answer (not to the
 * TCP handshake, which on loopback is free), so one round trip = one latency.
 */

/** PAGE_SIZE is the ListAppInstanceGroup page size a fleet's paginated pass uses (issue 6). */
export const PAGE_SIZE = 100

/** RoundTrips is the minimal sequence of round trips of a run, by phase. */
export interface RoundTrips {
  /** ListAppInstanceGroup pages (requests). */
  readonly pages: number
  /** Sequential round trips of the list phase: the first page, then the other pages concurrently. */
  readonly listWaves: number
  /** Sequential round trips of the approvals: waves of `concurrency`. */
  readonly approveWaves: number
  /** listWaves + approveWaves. */
  readonly total: number
  /** The fewest requests: pages + one approval per group. */
  readonly requests: number
}

/**
 * roundTrips returns the minimal round trips of a run over `groups` groups (each with a pending update) in a region
 * of `regionGroups` groups, with at most `concurrency` requests in flight:
 * - one group: the filtered ListAppInstanceGroup, then ApproveOtaTask: 2 round trips;
 * - several: page 1 of the region (it tells TotalCount), then pages 2..P in waves of `concurrency`
 *   (ceil((P - 1) / concurrency) round trips, 1 for every P ≤ concurrency + 1), then the approvals in waves of
 *   `concurrency` (ceil(groups / concurrency)). P = ceil(regionGroups / PAGE_SIZE).
 * Approvals of page 1's groups could in principle start before the later pages arrive; the floor does not count on it.
 */
export function roundTrips(groups: number, concurrency: number, regionGroups: number = groups): RoundTrips {
  if (groups === 1) return { pages: 1, listWaves: 1, approveWaves: 1, total: 2, requests: 2 }
  const pages = Math.max(1, Math.ceil(regionGroups / PAGE_SIZE))
  const listWaves = 1 + Math.ceil((pages - 1) / concurrency)
  const approveWaves = Math.ceil(groups / concurrency)
  return { pages, listWaves, approveWaves, total: listWaves + approveWaves, requests: pages + groups }
}

/** floorMs is bare node plus the minimal round trips × the latency. */
export function floorMs(bareNodeMs: number, trips: RoundTrips, latencyMs: number): number {
  return bareNodeMs + trips.total * latencyMs
}
