/**
 * The fleet's lookup: one paginated ListAppInstanceGroup pass over the region instead of one call per group. The
 * first page tells the TotalCount; the pages after it are fetched concurrently, each under the retry policy.
 */
import { MAX_PAGE_SIZE, PRODUCT_TYPE, type AppInstanceGroupModel, type ListAppInstanceGroupRequest } from '../common/api.js'
import { callWithRetry, type Run } from './run.js'
import { mapPool } from './pool.js'

/** RegionListing is what the pass found: every group of the region by id, and the request id of each page read. */
export interface RegionListing {
  readonly groups: ReadonlyMap<string, AppInstanceGroupModel>
  /** Request id of the page each group was found on. */
  readonly foundOn: ReadonlyMap<string, string>
  /** Request ids of the pages, in page order. */
  readonly requestIds: readonly string[]
}

/** regionPageRequest returns the ListAppInstanceGroup request of one page (from 1) of the region's groups, MAX_PAGE_SIZE per page. */
export function regionPageRequest(bizRegionId: string, pageNumber: number): ListAppInstanceGroupRequest {
  return { ProductType: PRODUCT_TYPE, BizRegionId: bizRegionId, PageNumber: pageNumber, PageSize: MAX_PAGE_SIZE }
}

/** laterPages returns the page numbers after the first that hold the rest of `totalCount` groups (none for ≤ one page). */
export function laterPages(totalCount: number, pageSize: number = MAX_PAGE_SIZE): number[] {
  const pages = Math.ceil(Math.max(0, totalCount) / pageSize)
  return Array.from({ length: Math.max(0, pages - 1) }, (_, n) => n + 2)
}

/**
 * listRegion reads every group of `run.inputs.bizRegionId`: page 1, then the later pages at most `concurrency` at a
 * time. Throws the ApiError of a page that failed under the retry policy.
 */
export async function listRegion(run: Run, concurrency: number): Promise<RegionListing> {
  const region = run.inputs.bizRegionId
  const read = (page: number) =>
    callWithRetry(run, 'ListAppInstanceGroup', () => run.api.listAppInstanceGroups(regionPageRequest(region, page)))
  const first = await read(1)
  const later = laterPages(first.TotalCount)
  run.logger.info(
    `ListAppInstanceGroup page 1: ${first.AppInstanceGroupModels.length} of ${first.TotalCount} groups in ${region}, request id ${first.RequestId}` +
      (later.length > 0 ? `; reading pages 2 to ${later.length + 1}, ${Math.min(concurrency, later.length)} at a time` : '')
  )
  const rest = await mapPool(later, concurrency, async (page) => {
    const answer = await read(page)
    run.logger.info(
      `ListAppInstanceGroup page ${page}: ${answer.AppInstanceGroupModels.length} groups, request id ${answer.RequestId}`
    )
    return answer
  })
  const groups = new Map<string, AppInstanceGroupModel>()
  const foundOn = new Map<string, string>()
  for (const page of [first, ...rest]) {
    for (const group of page.AppInstanceGroupModels) {
      // A group listed twice (the fleet changed between pages) keeps its first sighting.
      if (groups.has(group.AppInstanceGroupId)) continue
      groups.set(group.AppInstanceGroupId, group)
      foundOn.set(group.AppInstanceGroupId, page.RequestId)
    }
  }
  return { groups, foundOn, requestIds: [first, ...rest].map((page) => page.RequestId) }
}
