import { describe, expect, it } from '@jest/globals'
import { apiError, recordingLogger } from '../../__fixtures__/fake-api.js'
import { fleetApi, fleetGroup, fleetGroupId } from '../../__fixtures__/fleet-api.js'
import { laterPages, listRegion, regionPageRequest } from '../../src/ota/region.js'
import { createRun } from '../../src/ota/run.js'
import { CODE_LISTING_CUT } from '../../src/ota/lookup.js'
import { scheduleGroups } from '../../src/ota/schedule.js'
import { MAX_REGION_PAGES } from '../../src/common/pages.js'
import { parseStartTime } from '../../src/inputs/start-time.js'

const INPUTS = {
  appInstanceGroupId: fleetGroupId(0),
  bizRegionId: 'cn-hangzhou',
  startTime: parseStartTime('now', new Date('2026-06-15T12:00:00Z')),
  otaType: 'Fota' as const,
  taskId: '',
  ifNoUpdate: 'skip' as const,
  failOnError: true,
  maxAttempts: 3
}

function groups(size: number, region = 'cn-hangzhou') {
  return Array.from({ length: size }, (_, n) => fleetGroup(n, { region }))
}

describe('laterPages', () => {
  it.each([
    { total: 0, expected: [] },
    { total: 1, expected: [] },
    { total: 100, expected: [] },
    { total: 101, expected: [2] },
    { total: 250, expected: [2, 3] },
    { total: 1000, expected: [2, 3, 4, 5, 6, 7, 8, 9, 10] }
  ])('gives the pages after the first for $total groups', ({ total, expected }) => {
    expect(laterPages(total)).toEqual(expected)
  })

  it('follows the page size', () => {
    expect(laterPages(45, 20)).toEqual([2, 3])
  })
})

describe('regionPageRequest', () => {
  it('reads one page of the region, 100 at a time, without a group filter', () => {
    expect(regionPageRequest('cn-shanghai', 3)).toEqual({
      ProductType: 'CloudApp',
      BizRegionId: 'cn-shanghai',
      PageNumber: 3,
      PageSize: 100
    })
  })
})

describe('listRegion', () => {
  async function list(api: ReturnType<typeof fleetApi>, concurrency = 5) {
    const logger = recordingLogger()
    const run = createRun(api, INPUTS, { logger, sleep: async () => {}, random: () => 0 })
    return { listing: await listRegion(run, concurrency), lines: logger.lines, run }
  }

  it('reads a region of one page with one call', async () => {
    const api = fleetApi({ groups: groups(7) })
    const { listing } = await list(api)
    expect(api.calls.map((c) => c.request)).toEqual([
      { ProductType: 'CloudApp', BizRegionId: 'cn-hangzhou', PageNumber: 1, PageSize: 100 }
    ])
    expect([...listing.groups.keys()]).toEqual(groups(7).map((g) => g.AppInstanceGroupId))
    expect(listing.requestIds).toEqual(['RID-ListAppInstanceGroup-1'])
  })

  it('reads page 1 and then the rest of 250 groups in two more calls', async () => {
    const api = fleetApi({ groups: groups(250) })
    const { listing, lines } = await list(api)
    expect(api.calls.map((c) => c.request.PageNumber)).toEqual([1, 2, 3])
    expect(listing.groups.size).toBe(250)
    expect(listing.foundOn.get(fleetGroupId(0))).toBe('RID-ListAppInstanceGroup-1')
    expect(listing.foundOn.get(fleetGroupId(249))).toMatch(/^RID-ListAppInstanceGroup-[23]$/)
    expect(lines[0]).toBe(
      'ListAppInstanceGroup page 1: 100 of 250 groups in cn-hangzhou, request id RID-ListAppInstanceGroup-1; reading pages 2 to 3, 2 at a time'
    )
  })

  it('keeps only the groups of the region asked for', async () => {
    const api = fleetApi({ groups: [...groups(3), fleetGroup(50, { region: 'cn-shanghai' })] })
    const { listing } = await list(api)
    expect(listing.groups.has(fleetGroupId(50))).toBe(false)
    expect(listing.groups.size).toBe(3)
  })

  it('retries a throttled page under the retry policy', async () => {
    let throttled = false
    const base = fleetApi({ groups: groups(150) })
    const api = {
      ...base,
      listAppInstanceGroups: async (request: Parameters<typeof base.listAppInstanceGroups>[0]) => {
        if (request.PageNumber === 2 && !throttled) {
          throttled = true
          throw apiError({ operation: 'ListAppInstanceGroup', code: 'Throttling.User' })
        }
        return base.listAppInstanceGroups(request)
      }
    }
    const { listing, run } = await list(api)
    expect(listing.groups.size).toBe(150)
    expect(run.calls.map((c) => c.code)).toEqual(['', 'Throttling.User', ''])
  })

  it('throws the error of a page that cannot be read', async () => {
    const api = fleetApi({
      groups: groups(150),
      failPage: { page: 2, error: apiError({ operation: 'ListAppInstanceGroup', code: 'Forbidden.RAM', httpStatus: 403 }) }
    })
    await expect(list(api)).rejects.toMatchObject({ code: 'Forbidden.RAM' })
  })
})

describe('listRegion with a TotalCount that cannot be trusted', () => {
  /** An API whose every page claims `total` groups; `perPage(page)` says how many it really lists. */
  function lying(total: number, perPage: (page: number) => number) {
    const base = fleetApi({ groups: [] })
    return {
      ...base,
      listAppInstanceGroups: async (request: Parameters<typeof base.listAppInstanceGroups>[0]) => {
        const page = request.PageNumber ?? 1
        await base.listAppInstanceGroups(request)
        const models = Array.from({ length: perPage(page) }, (_, n) => fleetGroup((page - 1) * 100 + n))
        return { RequestId: `RID-${page}`, TotalCount: total, PageNumber: page, PageSize: 100, AppInstanceGroupModels: models }
      }
    }
  }
  const list = async (api: ReturnType<typeof lying>, concurrency = 5) => {
    const logger = recordingLogger()
    const run = createRun(api, INPUTS, { logger, sleep: async () => {}, random: () => 0 })
    return { listing: await listRegion(run, concurrency), lines: logger.lines }
  }

  it.each([1e9, 1e12])('reads one page when the first of %d claimed groups is short', async (total) => {
    const api = lying(total, () => 3)
    const { listing } = await list(api)
    expect(api.calls).toHaveLength(1)
    expect(listing.groups.size).toBe(3)
    expect(listing.cut).toBeUndefined()
  })

  it.each([1e9, 1e12])('stops at the first short page after full ones (%d claimed)', async (total) => {
    const api = lying(total, (page) => (page < 4 ? 100 : page === 4 ? 7 : 100))
    const { listing } = await list(api, 1)
    expect(api.calls.map((c) => c.request.PageNumber)).toEqual([1, 2, 3, 4])
    expect(listing.groups.size).toBe(307)
    expect(listing.cut).toBeUndefined()
  })

  it('does not start pages past an empty one, even reading several at a time', async () => {
    const api = lying(1e9, (page) => (page < 3 ? 100 : 0))
    const { listing } = await list(api, 5)
    // Pages 2 to 6 start together; none after the empty page 3 starts once it is seen.
    expect(Math.max(...api.calls.map((c) => Number(c.request.PageNumber)))).toBeLessThanOrEqual(6)
    expect(listing.groups.size).toBe(200)
    expect(listing.cut).toBeUndefined()
  })

  it.each([1e9, 1e12])('reads at most MAX_REGION_PAGES pages of full ones and says it stopped (%d claimed)', async (total) => {
    const api = lying(total, () => 100)
    const { listing, lines } = await list(api, 10)
    expect(api.calls).toHaveLength(MAX_REGION_PAGES)
    expect(listing.groups.size).toBe(MAX_REGION_PAGES * 100)
    expect(listing.cut).toEqual({ totalCount: total, pages: MAX_REGION_PAGES })
    expect(lines[0]).toContain(
      `reading pages 2 to ${MAX_REGION_PAGES}, 10 at a time (at most ${MAX_REGION_PAGES} pages are read)`
    )
  })

  it('bounds laterPages by the page limit', () => {
    expect(laterPages(1e12)).toHaveLength(MAX_REGION_PAGES - 1)
    expect(laterPages(1e9, 100, 3)).toEqual([2, 3])
  })
})

describe('a fleet whose region listing was cut', () => {
  it('fails the groups not read with a clear reason, and goes on with the others', async () => {
    const base = fleetApi({ groups: [] })
    const api = {
      ...base,
      listAppInstanceGroups: async (request: Parameters<typeof base.listAppInstanceGroups>[0]) => {
        const page = request.PageNumber ?? 1
        await base.listAppInstanceGroups(request)
        const models = Array.from({ length: 100 }, (_, n) => fleetGroup((page - 1) * 100 + n))
        return { RequestId: `RID-${page}`, TotalCount: 1e9, PageNumber: page, PageSize: 100, AppInstanceGroupModels: models }
      }
    }
    const logger = recordingLogger()
    const beyond = 'aig-notreadyet1'
    const results = await scheduleGroups(
      api,
      { ...INPUTS, appInstanceGroupIds: [fleetGroupId(5), beyond], concurrency: 10 },
      { logger, sleep: async () => {}, random: () => 0 }
    )
    expect(api.count('ListAppInstanceGroup')).toBe(MAX_REGION_PAGES)
    expect(results[0]).toMatchObject({ status: 'approved', approved: true })
    expect(results[1]).toMatchObject({ status: 'failed', approved: false, code: CODE_LISTING_CUT })
    expect(results[1]?.failure).toBe(
      `delivery group ${beyond} is not among the first 100 pages of cn-hangzhou: ListAppInstanceGroup claims 1000000000 ` +
        "groups, and a fleet's listing reads at most 100 pages; approve it in a step of its own (a single group is looked up directly)"
    )
  })
})
