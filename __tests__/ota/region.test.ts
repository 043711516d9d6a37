import { describe, expect, it } from '@jest/globals'
import { apiError, recordingLogger } from '../../__fixtures__/fake-api.js'
import { fleetApi, fleetGroup, fleetGroupId } from '../../__fixtures__/fleet-api.js'
import { laterPages, listRegion, regionPageRequest } from '../../src/ota/region.js'
import { createRun } from '../../src/ota/run.js'
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
