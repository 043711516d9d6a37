/**
 * The fleet and its OTA tasks, with the business rules of approval and task progress (the assumed ones are
 * listed at the end of src/common/api.ts). No HTTP: methods take plain inputs and `now`, and throw ApiError.
 */
import { randomBytes } from 'node:crypto'
import {
  ACTIVE_TASK_STATUSES,
  CODE_SUCCESS,
  FINAL_TASK_STATUSES,
  OTA_TYPES,
  type OtaTaskRecord,
  type TaskDisplayStatus
} from '../../src/common/api.js'
import { apiError } from './errors.js'
import { groupModel, type OfficialGroupModel } from './group-model.js'
import { formatIso, parseOffsetTime } from './time.js'
import type { Fixture, FixtureGroup } from './fixture.js'

/** DEFAULT_RUNNING_MS is how long an approved task stays RUNNING when the fixture does not say. */
export const DEFAULT_RUNNING_MS = 10 * 60_000
/** A seeded STANDBY task without a start time starts this long after the fixture is loaded. */
const SEEDED_STANDBY_MS = 60 * 60_000

interface Pending {
  taskId: string
  newVersion: string
  otaType: string
  releaseNote: string
}
interface Group {
  readonly seed: FixtureGroup
  otaVersion: string
  pending: Pending | null
}
interface Task {
  readonly taskId: string
  readonly groupId: string
  readonly otaType: string
  readonly version: string
  readonly releaseNote: string
  readonly startAt: number
  readonly shownStart: string
  readonly approvedAt: number
  readonly outcome: 'FINISHED' | 'FAILED'
  status: TaskDisplayStatus
}

/** A task as EmulatorStateView shows it. */
export type TaskView = OtaTaskRecord & { AppInstanceGroupId: string; OtaType: string; ApprovedAt: string }

/** GroupQuery holds ListAppInstanceGroup's filters and page, already parsed. */
export interface GroupQuery {
  groupId?: string
  name?: string
  region?: string
  statuses: string[]
  pageNumber: number
  pageSize: number
}
/** TaskQuery holds ListOtaTask's parameters, already parsed. */
export interface TaskQuery {
  groupId: string
  otaType: string
  pageNumber: number
  pageSize: number
}
/** ApproveInput holds ApproveOtaTask's parameters as sent. */
export interface ApproveInput {
  groupId: string
  region: string
  taskId: string
  otaType: string
  startTime: string
}

/** newTaskId returns a fresh task id of the shape the service uses (`ota-` + 16 of [a-z0-9]). */
export function newTaskId(): string {
  return `ota-${randomBytes(8).toString('hex')}`
}

/** FleetState holds groups and tasks per emulator instance; `advance(now)` moves tasks along explicitly. */
export class FleetState {
  private readonly groups: Group[]
  private readonly tasks: Task[] = []
  private readonly runningMs: number

  constructor(
    fixture: Fixture,
    now: number,
    private readonly makeTaskId: () => string = newTaskId
  ) {
    this.runningMs = fixture.ota?.runningMs ?? DEFAULT_RUNNING_MS
    this.groups = fixture.groups.map((seed) => ({
      seed,
      otaVersion: seed.otaVersion,
      pending: seed.pending
        ? {
            taskId: seed.pending.taskId,
            newVersion: seed.pending.newVersion,
            otaType: seed.pending.otaType ?? 'Fota',
            releaseNote: seed.pending.releaseNote ?? ''
          }
        : null
    }))
    for (const group of this.groups) if (group.seed.activeTask) this.seedTask(group, now)
    this.advance(now)
  }

  /** advance moves every unfinished task to the status it has at `now`, and applies finished updates to their groups. */
  advance(now: number): void {
    for (const task of this.tasks) {
      if (FINAL_TASK_STATUSES.includes(task.status)) continue
      task.status = now < task.startAt ? 'STANDBY' : now < task.startAt + this.runningMs ? 'RUNNING' : task.outcome
      if (task.status === 'FINISHED') {
        const group = this.group(task.groupId)
        group.otaVersion = task.version
        group.pending = null
      }
    }
  }

  /** listGroups returns one page of the groups matching every given filter, with the true TotalCount. */
  listGroups(query: GroupQuery): {
    TotalCount: number
    PageNumber: number
    PageSize: number
    AppInstanceGroupModels: OfficialGroupModel[]
  } {
    const matching = this.groups.filter(
      (g) =>
        (query.groupId === undefined || g.seed.id === query.groupId) &&
        (query.name === undefined || g.seed.name.includes(query.name)) &&
        (query.region === undefined || g.seed.region === query.region) &&
        (query.statuses.length === 0 || query.statuses.includes(groupStatus(g)))
    )
    const page = paginate(matching, query.pageNumber, query.pageSize).map(toModel)
    return { TotalCount: matching.length, PageNumber: query.pageNumber, PageSize: query.pageSize, AppInstanceGroupModels: page }
  }

  /**
   * approveOtaTask schedules the group's pending task and rotates its TaskId; throws the group, region, type,
   * time and stale-TaskId errors, and `OtaTask.Running` (HTTP 200) while a task of the group is active.
   */
  approveOtaTask(input: ApproveInput, now: number): { Code: string } {
    this.advance(now)
    const group = this.groups.find((g) => g.seed.id === input.groupId)
    if (!group) throw apiError('InvalidAppInstanceGroup.NotFound', { id: input.groupId })
    if (group.seed.region !== input.region) throw apiError('InvalidParameter.BizRegionId', { value: input.region })
    if (!(OTA_TYPES as readonly string[]).includes(input.otaType))
      throw apiError('InvalidParameter.OtaType', { value: input.otaType })
    const startAt = parseOffsetTime(input.startTime)
    if (startAt === undefined) throw apiError('InvalidParameter.StartTime', { value: input.startTime })
    if (!group.pending || group.pending.taskId !== input.taskId) {
      throw apiError('InvalidParameter.TaskId', {
        id: input.taskId,
        reason: `is not the current OTA task of delivery group ${group.seed.id}`
      })
    }
    if (this.tasks.some((t) => t.groupId === group.seed.id && ACTIVE_TASK_STATUSES.includes(t.status)))
      throw apiError('OtaTask.Running')
    const pending = group.pending
    // A StartTime in the past is accepted and means "start now" (assumed; see src/common/api.ts).
    const effectiveStart = Math.max(startAt, now)
    this.tasks.push({
      taskId: pending.taskId,
      groupId: group.seed.id,
      otaType: input.otaType,
      version: pending.newVersion,
      releaseNote: pending.releaseNote,
      startAt: effectiveStart,
      shownStart: formatIso(effectiveStart),
      approvedAt: now,
      outcome: group.seed.outcome ?? 'FINISHED',
      status: 'STANDBY'
    })
    group.pending = { ...pending, taskId: this.makeTaskId() }
    this.advance(now)
    return { Code: CODE_SUCCESS }
  }

  /** listOtaTasks returns one page of the group's tasks of one OtaType, newest first. */
  listOtaTasks(query: TaskQuery): { TotalCount: number; PageNumber: number; PageSize: number; TaskList: OtaTaskRecord[] } {
    if (!this.groups.some((g) => g.seed.id === query.groupId))
      throw apiError('InvalidAppInstanceGroup.NotFound', { id: query.groupId })
    if (!(OTA_TYPES as readonly string[]).includes(query.otaType))
      throw apiError('InvalidParameter.OtaType', { value: query.otaType })
    const tasks = this.tasks.filter((t) => t.groupId === query.groupId && t.otaType === query.otaType).reverse()
    const page = paginate(tasks, query.pageNumber, query.pageSize).map(toRecord)
    return { TotalCount: tasks.length, PageNumber: query.pageNumber, PageSize: query.pageSize, TaskList: page }
  }

  /** getOtaTask returns an approved or pending task's version, release note and start time; throws InvalidParameter.TaskId. */
  getOtaTask(taskId: string): { Code: string; ReleaseNote: string; OtaVersion: string; TaskStartTime: string } {
    const task = this.tasks.find((t) => t.taskId === taskId)
    if (task)
      return { Code: CODE_SUCCESS, ReleaseNote: task.releaseNote, OtaVersion: task.version, TaskStartTime: task.shownStart }
    const pending = this.groups.find((g) => g.pending?.taskId === taskId)?.pending
    if (pending)
      return { Code: CODE_SUCCESS, ReleaseNote: pending.releaseNote, OtaVersion: pending.newVersion, TaskStartTime: '' }
    throw apiError('InvalidParameter.TaskId', { id: taskId, reason: 'does not exist' })
  }

  /** view returns every group as ListAppInstanceGroup shows it and every task, oldest approval first. */
  view(): { groups: OfficialGroupModel[]; tasks: TaskView[] } {
    return {
      groups: this.groups.map(toModel),
      tasks: this.tasks.map((t) => ({
        ...toRecord(t),
        AppInstanceGroupId: t.groupId,
        OtaType: t.otaType,
        ApprovedAt: formatIso(t.approvedAt)
      }))
    }
  }

  private seedTask(group: Group, now: number): void {
    const seed = group.seed.activeTask as NonNullable<FixtureGroup['activeTask']>
    const given = seed.startTime === undefined ? undefined : (parseOffsetTime(seed.startTime) as number)
    // A RUNNING seed starts its run when the fixture is loaded; a STANDBY one waits for its start time.
    const startAt = seed.status === 'RUNNING' ? now : (given ?? now + SEEDED_STANDBY_MS)
    const shownStart = formatIso(given ?? startAt)
    const otaType = group.pending?.otaType ?? 'Fota'
    const outcome = group.seed.outcome ?? 'FINISHED'
    const releaseNote = group.pending?.releaseNote ?? ''
    this.tasks.push({
      taskId: seed.taskId,
      groupId: group.seed.id,
      otaType,
      version: seed.version,
      releaseNote,
      startAt,
      shownStart,
      approvedAt: now,
      outcome,
      status: seed.status
    })
  }

  private group(id: string): Group {
    return this.groups.find((g) => g.seed.id === id) as Group
  }
}

function groupStatus(group: Group): string {
  return group.seed.status ?? 'PUBLISHED'
}

function toModel(group: Group): OfficialGroupModel {
  const otaInfo = {
    TaskId: group.pending?.taskId ?? '',
    OtaVersion: group.otaVersion,
    NewOtaVersion: group.pending?.newVersion ?? ''
  }
  return groupModel(group.seed, groupStatus(group), otaInfo)
}

function toRecord(task: Task): OtaTaskRecord {
  return { TaskId: task.taskId, OtaVersion: task.version, TaskStartTime: task.shownStart, TaskDisplayStatus: task.status }
}

function paginate<T>(items: T[], pageNumber: number, pageSize: number): T[] {
  return items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize)
}
