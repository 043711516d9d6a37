/**
 * The lookup phase: find each group's pending OTA task, or end its run (not found, nothing to approve, or the lookup
 * failed after the retry policy gave up). The plan picks the cheapest read: none when one group's task-id is given,
 * a filtered read for one group, one paginated pass over the region (region.ts) for several.
 */
import { ApiError } from '../common/errors.js'
import type { WuyingApi } from '../wuying/client.js'
import { listRegion, type RegionListing } from './region.js'
import { currentVersion, pendingTask, type PendingTask } from './decide.js'
import {
  CODE_GROUP_NOT_FOUND,
  CODE_NO_PENDING_UPDATE,
  failWith,
  readGroup,
  createRun,
  type GroupRead,
  type OtaResult,
  type Run,
  type ScheduleDeps,
  type ScheduleInputs
} from './run.js'

/** Target is the task to approve and the group's name (for the report). */
export interface Target extends PendingTask {
  readonly groupName: string
}

/** lookUp returns the group's pending task, or the result to end with when there is none or the group cannot be read. */
export async function lookUp(run: Run): Promise<Target | OtaResult> {
  const { inputs, logger } = run
  const { appInstanceGroupId: groupId, bizRegionId: region } = inputs
  let read
  try {
    read = await readGroup(run)
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    logger.info(`ListAppInstanceGroup failed: ${error.code} (request id ${error.requestId ?? 'none'})`)
    return failWith(run, error, `failed to look up delivery group ${groupId} in ${region}`)
  }
  return examine(run, read)
}

/**
 * examine returns the pending task of the group as read (`read.group` undefined: not listed in the region), or the
 * result to end with: not found, or nothing to approve (failing under if-no-update: fail).
 */
export function examine(run: Run, read: GroupRead): Target | OtaResult {
  const { inputs, logger } = run
  const { appInstanceGroupId: groupId, bizRegionId: region } = inputs
  const { group, requestId } = read
  if (!group) return notFound(run, requestId)
  const groupName = group.AppInstanceGroupName ?? ''
  logger.info(`group: ${groupId}${groupName ? ` "${groupName}"` : ''} in ${region}, status ${group.Status ?? 'unknown'}`)
  const task = pendingTask(group)
  if (!task) {
    const version = currentVersion(group)
    logger.info(`no pending OTA update; current version ${version || 'unknown'}`)
    const message = `delivery group ${groupId} has no pending OTA update (current version ${version || 'unknown'})`
    return run.finish({
      status: 'skipped',
      code: CODE_NO_PENDING_UPDATE,
      message,
      requestId,
      appInstanceGroupName: groupName,
      otaVersion: version,
      ...(inputs.ifNoUpdate === 'fail' ? { failure: `${message}, and if-no-update is fail` } : {})
    })
  }
  logger.info(`pending OTA update: ${task.otaVersion || 'unknown'} → ${task.newOtaVersion}, task ${task.taskId}`)
  return { ...task, groupName }
}

function notFound(run: Run, requestId: string): OtaResult {
  const { appInstanceGroupId: groupId, bizRegionId: region } = run.inputs
  return run.finish({
    status: 'failed',
    code: CODE_GROUP_NOT_FOUND,
    message: `no delivery group ${groupId} in region ${region}`,
    requestId,
    failure:
      `no delivery group ${groupId} in region ${region} (request id ${requestId || 'none'}): check ` +
      `app-instance-group-id, and that biz-region-id is the region the group lives in`
  })
}

/** GroupsInputs are the inputs of a step's groups: one group's, and the list of groups and how many to handle at once. */
export type GroupsInputs = ScheduleInputs & {
  readonly appInstanceGroupIds: readonly string[]
  readonly concurrency: number
}

/** Decided is each group's lookup: its task to approve, or its result; and the request id that read it. */
export interface Decided {
  readonly decisions: readonly (Target | OtaResult)[]
  readonly readBy: (index: number) => string
}

/** lookUpGroups returns each run's decision, in the runs' order; a failed region listing fails every group with its error. */
export async function lookUpGroups(
  api: WuyingApi,
  inputs: GroupsInputs,
  deps: ScheduleDeps,
  runs: readonly Run[]
): Promise<Decided> {
  const { logger } = deps
  const [only] = runs
  if (runs.length === 1 && only) {
    const decision = await lookUpOne(only)
    return { decisions: [decision], readBy: () => only.calls.at(-1)?.requestId ?? '' }
  }
  const ids = inputs.appInstanceGroupIds
  const title = `List ${ids.length} delivery groups in ${inputs.bizRegionId} (one pass over the region)`
  return logger.group(title, async () => {
    let listing: RegionListing
    try {
      listing = await listRegion(createRun(api, inputs, deps), inputs.concurrency)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      logger.info(
        `ListAppInstanceGroup failed: ${error.code} (request id ${error.requestId ?? 'none'}); no group can be approved`
      )
      const clause = `failed to list the delivery groups of ${inputs.bizRegionId}`
      return { decisions: runs.map((run) => failWith(run, error, clause)), readBy: () => '' }
    }
    const readBy = (index: number): string => {
      const id = runs[index]?.inputs.appInstanceGroupId ?? ''
      return listing.foundOn.get(id) ?? listing.requestIds[0] ?? ''
    }
    const found = runs.filter((run) => listing.groups.has(run.inputs.appInstanceGroupId)).length
    logger.info(
      `found ${found} of the ${runs.length} delivery groups among the ${listing.groups.size} groups of ${inputs.bizRegionId}`
    )
    const decisions = runs.map((run, index) => {
      const group = listing.groups.get(run.inputs.appInstanceGroupId)
      // Not found among the pages read is not "not found" when the pass stopped before the region's end.
      if (!group && listing.cut) return beyondListing(run, listing.cut, readBy(index))
      return examine(run, { group, requestId: readBy(index) })
    })
    return { decisions, readBy }
  })
}

/** The code of a fleet's group that was not among the pages a cut region listing read (the action's own). */
export const CODE_LISTING_CUT = 'RegionListingCut'

function beyondListing(run: Run, cut: NonNullable<RegionListing['cut']>, requestId: string): OtaResult {
  const { appInstanceGroupId: groupId, bizRegionId: region } = run.inputs
  const message =
    `delivery group ${groupId} is not among the first ${cut.pages} pages of ${region}: ListAppInstanceGroup claims ` +
    `${cut.totalCount} groups, and a fleet's listing reads at most ${cut.pages} pages`
  return run.finish({
    status: 'failed',
    code: CODE_LISTING_CUT,
    message,
    requestId,
    failure: `${message}; approve it in a step of its own (a single group is looked up directly)`
  })
}

/** lookUpOne decides one group: the given task-id as it is (not in a dry run), else a filtered read of the group. */
async function lookUpOne(run: Run): Promise<Target | OtaResult> {
  const { inputs, logger } = run
  if (inputs.taskId && !inputs.dryRun) {
    logger.info(`task-id ${inputs.taskId} given: approving it without looking up the group`)
    return { taskId: inputs.taskId, otaVersion: '', newOtaVersion: '', groupName: '' }
  }
  return logger.group(`Look up delivery group ${inputs.appInstanceGroupId} in ${inputs.bizRegionId}`, () => lookUp(run))
}
