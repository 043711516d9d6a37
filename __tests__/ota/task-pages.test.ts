import { describe, expect, it } from '@jest/globals'
import type { ListOtaTaskRequest, ListOtaTaskResponse, OtaTaskRecord } from '../../src/common/api.js'
import { MAX_TASK_PAGES } from '../../src/common/pages.js'
import { createRun } from '../../src/ota/run.js'
import { findTask } from '../../src/ota/task-pages.js'
import { parseStartTime } from '../../src/inputs/start-time.js'
import { apiError, recordingLogger } from '../../__fixtures__/fake-api.js'
import { fleetApi, task } from '../../__fixtures__/fleet-api.js'

const GROUP = 'aig-pagedgroup1'
const TASK = 'ota-pagedtask01'
const INPUTS = {
  appInstanceGroupId: GROUP,
  bizRegionId: 'cn-hangzhou',
  startTime: parseStartTime('now', new Date('2026-06-15T12:00:00Z')),
  otaType: 'Fota' as const,
  taskId: '',
  ifNoUpdate: 'skip' as const,
  failOnError: true,
  maxAttempts: 2
}

const filler = (page: number, count = 100): OtaTaskRecord[] =>
  Array.from({ length: count }, (_, n) => task(`ota-p${page}-${n}`, 'FINISHED'))

/** An API answering each page with `pageOf(page)` and the TotalCount given. */
function paged(pageOf: (page: number) => OtaTaskRecord[] | Error, totalCount: number) {
  const base = fleetApi({ groups: [] })
  return {
    ...base,
    listOtaTasks: async (request: ListOtaTaskRequest): Promise<ListOtaTaskResponse> => {
      await base.listOtaTasks(request)
      const tasks = pageOf(request.PageNumber)
      if (tasks instanceof Error) throw tasks
      return {
        RequestId: `RID-P${request.PageNumber}`,
        TotalCount: totalCount,
        PageNumber: request.PageNumber,
        PageSize: 100,
        TaskList: tasks
      }
    }
  }
}

async function find(api: ReturnType<typeof paged>, taskId = TASK) {
  const logger = recordingLogger()
  const run = createRun(api, INPUTS, { logger, sleep: async () => {}, random: () => 0 })
  const sighting = await findTask(run, taskId)
  return { sighting, lines: logger.lines, pages: api.calls.map((c) => c.request.PageNumber) }
}

describe('findTask', () => {
  it.each([
    { name: 'on page 1', on: 1, total: 1e9, pages: [1] },
    { name: 'on page 2', on: 2, total: 250, pages: [1, 2] },
    { name: 'on page 3 of a lying TotalCount', on: 3, total: 1e12, pages: [1, 2, 3] }
  ])('finds the task $name and reads no page after it', async ({ on, total, pages }) => {
    const api = paged((page) => (page === on ? [task(TASK, 'RUNNING'), ...filler(page, 99)] : filler(page)), total)
    const { sighting, pages: read } = await find(api)
    expect(read).toEqual(pages)
    expect(sighting).toEqual({ task: task(TASK, 'RUNNING'), requestId: `RID-P${on}`, pages: on })
  })

  it.each([
    { name: 'a short page', pageOf: (page: number) => (page < 2 ? filler(page) : filler(page, 20)), total: 1e9, pages: [1, 2] },
    { name: 'an empty page', pageOf: (page: number) => (page < 3 ? filler(page) : []), total: 1e12, pages: [1, 2, 3] },
    { name: 'the end TotalCount names', pageOf: (page: number) => filler(page), total: 200, pages: [1, 2] }
  ])('stops at $name when the task is not listed', async ({ pageOf, total, pages }) => {
    const { sighting, pages: read } = await find(paged(pageOf, total))
    expect(read).toEqual(pages)
    expect(sighting.task).toBeUndefined()
  })

  it('reads at most MAX_TASK_PAGES pages of a TotalCount of 10^12, and says it stopped', async () => {
    const { sighting, lines, pages } = await find(paged((page) => filler(page), 1e12))
    expect(pages).toEqual(Array.from({ length: MAX_TASK_PAGES }, (_, n) => n + 1))
    expect(sighting).toEqual({ requestId: `RID-P${MAX_TASK_PAGES}`, pages: MAX_TASK_PAGES })
    expect(lines.at(-1)).toBe(
      `task ${TASK} is not on the first ${MAX_TASK_PAGES} pages of ListOtaTask, the most this action reads per poll`
    )
  })

  it('reads page 1 only for the newest task under way (no TaskId known)', async () => {
    const api = paged((page) => [task('ota-paused0001', 'PAUSED'), ...filler(page, 99)], 1e9)
    const { sighting, pages } = await find(api, '')
    expect(pages).toEqual([1])
    expect(sighting.task?.TaskId).toBe('ota-paused0001')
  })

  it('throws the error of a later page that cannot be read', async () => {
    const denied = apiError({ operation: 'ListOtaTask', code: 'Forbidden.RAM', httpStatus: 403 })
    await expect(find(paged((page) => (page === 1 ? filler(page) : denied), 300))).rejects.toMatchObject({
      code: 'Forbidden.RAM'
    })
  })
})
