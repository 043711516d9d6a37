/**
 * Bounds on paginated reads. `TotalCount` is the service's word only: a first page that claims 10^9 groups must neither
 * send 10^7 requests nor build an array of 10^10 page numbers. So a pass reads at most a fixed number of pages, and
 * also ends at the first page with fewer items than the page size asked for (the documented PageSize range is 1..100,
 * and the service is assumed to honour the size asked for; the pass never asks for more than MAX_PAGE_SIZE).
 */
import { MAX_PAGE_SIZE } from './api.js'

/**
 * MAX_REGION_PAGES bounds the fleet's ListAppInstanceGroup pass over a region: 100 pages of MAX_PAGE_SIZE, so 10,000
 * groups, far above any account's delivery groups, and about 10 s of requests at a 10 requests/s throttling limit.
 */
export const MAX_REGION_PAGES = 100

/**
 * MAX_TASK_PAGES bounds the ListOtaTask pages read to find one task (1,000 tasks, newest first): the task followed was
 * approved moments before and is nearly always on page 1.
 */
export const MAX_TASK_PAGES = 10

/** pageCount returns how many pages `totalCount` items fill, at least 1 and at most `maxPages`. */
export function pageCount(totalCount: number, maxPages: number, pageSize: number = MAX_PAGE_SIZE): number {
  // Divided before anything is allocated or compared, so that 10^12 or a non-finite count stays a small number.
  const pages = Math.ceil(Math.max(0, totalCount) / pageSize)
  return Math.max(1, Number.isFinite(pages) ? Math.min(pages, maxPages) : maxPages)
}

/**
 * isLastPage tells whether page number `page` (from 1), which listed `listed` items, is the last one: it was not
 * full, or `totalCount` says nothing comes after it.
 */
export function isLastPage(page: number, listed: number, totalCount: number, pageSize: number = MAX_PAGE_SIZE): boolean {
  return listed < pageSize || page * pageSize >= totalCount
}

/**
 * nextPage returns the number of the page to read after page `page`, or undefined when the pages end there: it was
 * the last (isLastPage), or it is page `maxPages`.
 */
export function nextPage(
  page: number,
  listed: number,
  totalCount: number,
  maxPages: number,
  pageSize: number = MAX_PAGE_SIZE
): number | undefined {
  return isLastPage(page, listed, totalCount, pageSize) || page >= maxPages ? undefined : page + 1
}
