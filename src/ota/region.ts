/**
 * The fleet's lookup: one paginated ListAppInstanceGroup pass over the region instead of one call per group. The
 * first page tells the TotalCount; the pages after it are fetched concurrently, each under the retry policy. The pass
 * is bounded (common/pages.ts): at most MAX_REGION_PAGES pages, and it ends at the first page that is not full.
 */
import { MAX_PAGE_SIZE, PRODUCT_TYPE, type AppInstanceGroupModel, type ListAppInstanceGroupRequest } from '../common/api.js'
import { isLastPage, MAX_REGION_PAGES, pageCount } from '../common/pages.js'
import { callWithRetry, type Run } from './run.js'
import { mapPool } from './pool.js'

/** RegionListing is what the pass found: every group of the region by id, and the request id of each page read. */
export interface RegionListing {
  readonly groups: ReadonlyMap<string, AppInstanceGroupModel>
  /** Request id of the page each group was found on. */
  readonly foundOn: ReadonlyMap<string, string>
  /** Request ids of the pages, in page order. */
  readonly requestIds: readonly string[]
  /** Set when the pass stopped at MAX_REGION_PAGES while `TotalCount` claims more groups: those were not read. */
  readonly cut?: { readonly totalCount: number; readonly pages: number }
}

/** regionPageRequest returns the ListAppInstanceGroup request of one page (from 1) of the region's groups, MAX_PAGE_SIZE per page. */
export function regionPageRequest(bizRegionId: string, pageNumber: number): ListAppInstanceGroupRequest {
  return { ProductType: PRODUCT_TYPE, BizRegionId: bizRegionId, PageNumber: pageNumber, PageSize: MAX_PAGE_SIZE }
}

/** laterPages returns the page numbers after the first for the rest of `totalCount` groups, at most `maxPages` pages in all. */
export function laterPages(totalCount: number, pageSize: number = MAX_PAGE_SIZE, maxPages: number = MAX_REGION_PAGES): number[] {
  return Array.from({ length: pageCount(totalCount, maxPages, pageSize) - 1 }, (_, n) => n + 2)
}

/**
 * listRegion reads every group of `run.inputs.bizRegionId`: page 1, then the later pages at most `concurrency` at a
 * time, none after a page that is not full, and none past MAX_REGION_PAGES. Throws the ApiError of a page that failed
 * under the retry policy.
 */
export async function listRegion(run: Run, concurrency: number): Promise<RegionListing> {
  const region = run.inputs.bizRegionId
  const read = (page: number) =>
    callWithRetry(run, 'ListAppInstanceGroup', () => run.api.listAppInstanceGroups(regionPageRequest(region, page)))
  const first = await read(1)
  const total = first.TotalCount
  let ended = isLastPage(1, first.AppInstanceGroupModels.length, total)
  const later = ended ? [] : laterPages(total)
  run.logger.info(
    `ListAppInstanceGroup page 1: ${first.AppInstanceGroupModels.length} of ${total} groups in ${region}, request id ${first.RequestId}` +
      (later.length > 0 ? `; reading pages 2 to ${later.length + 1}, ${Math.min(concurrency, later.length)} at a time` : '') +
      (later.length + 1 === MAX_REGION_PAGES && total > MAX_REGION_PAGES * MAX_PAGE_SIZE
        ? ` (at most ${MAX_REGION_PAGES} pages are read)`
        : '')
  )
  // Pages start in order, so once a page came back short, every page not started yet lies past the end.
  const rest = await mapPool(later, concurrency, async (page) => {
    if (ended) return undefined
    const answer = await read(page)
    run.logger.info(
      `ListAppInstanceGroup page ${page}: ${answer.AppInstanceGroupModels.length} groups, request id ${answer.RequestId}`
    )
    if (answer.AppInstanceGroupModels.length < MAX_PAGE_SIZE) ended = true
    return answer
  })
  const pages = [first, ...rest.filter((page) => page !== undefined)]
  const groups = new Map<string, AppInstanceGroupModel>()
  const foundOn = new Map<string, string>()
  for (const page of pages) {
    for (const group of page.AppInstanceGroupModels) {
      // A group listed twice (the fleet changed between pages) keeps its first sighting.
      if (groups.has(group.AppInstanceGroupId)) continue
      groups.set(group.AppInstanceGroupId, group)
      foundOn.set(group.AppInstanceGroupId, page.RequestId)
    }
  }
  const cut = !ended && pages.length === MAX_REGION_PAGES && total > MAX_REGION_PAGES * MAX_PAGE_SIZE
  return {
    groups,
    foundOn,
    requestIds: pages.map((page) => page.RequestId),
    ...(cut ? { cut: { totalCount: total, pages: pages.length } } : {})
  }
}
