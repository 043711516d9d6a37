/**
 * Several delivery groups in one step: one paginated pass over the region (fleet-lookup.ts), each group's decision
 * as for one group (lookup.ts examine), then the approvals, at most `concurrency` at a time, each through the safe
 * approval path (approval.ts) under the one retry policy and the step's deadline. One group's failure never stops
 * the others. A group refused with `OtaTask.Running` is `unchanged`: its update is already scheduled or under way.
 */
import { approveSafely } from './approval.js'
import type { WuyingApi } from '../wuying/client.js'
import { ApiError } from '../common/errors.js'
import { listRegion, type RegionListing } from './region.js'
import { examine, type Target } from './lookup.js'
import { prefixLogger } from '../common/log.js'
import { failWith, type OtaResult, type Run, type ScheduleInputs } from './run.js'
import { mapPool } from './pool.js'
import { createRun, wouldApprove, type ScheduleDeps } from './schedule.js'

/** FleetInputs are the inputs scheduleFleet uses: one group's, and the list of groups and how many to approve at once. */
export type FleetInputs = ScheduleInputs & {
  readonly appInstanceGroupIds: readonly string[]
  readonly concurrency: number
}

/** A group with a task to approve: its run, its target and its place in the list. */
interface Pending {
  readonly run: Run
  readonly target: Target
  readonly index: number
}

/**
 * scheduleFleet returns one result per group, in the order of `appInstanceGroupIds`: listed, decided, and approved
 * (or, in a dry run, `would-approve`). A failed listing fails every group with its error. Throws only what is not an
 * ApiError (a bug).
 */
export async function scheduleFleet(api: WuyingApi, inputs: FleetInputs, deps: ScheduleDeps): Promise<OtaResult[]> {
  const { logger } = deps
  const ids = inputs.appInstanceGroupIds
  const runs = ids.map((id) =>
    createRun(api, { ...inputs, appInstanceGroupId: id }, deps, { logger: prefixLogger(logger, id), runningIsUnchanged: true })
  )
  const title = `List ${ids.length} delivery groups in ${inputs.bizRegionId} (one pass over the region)`
  const listed = await logger.group(title, () => listAndDecide(api, inputs, deps, runs))
  if (!('listing' in listed)) return listed.failed
  const { listing, decided } = listed
  const results: (OtaResult | undefined)[] = decided.map((d) => ('status' in d ? d : undefined))
  const pending: Pending[] = decided.flatMap((d, index) => ('status' in d ? [] : [{ run: runs[index] as Run, target: d, index }]))
  if (pending.length === 0) {
    logger.info('no group has an update to approve')
  } else if (inputs.dryRun) {
    await logger.group(`Dry run: approve nothing (${pending.length} of ${ids.length} groups have a task to approve)`, () =>
      mapPool(pending, inputs.concurrency, async ({ run, target, index }) => {
        results[index] = await wouldApprove(run, target, readBy(run, listing))
      })
    )
  } else {
    const title = `Approve ${pending.length} OTA task${pending.length === 1 ? '' : 's'}, at most ${inputs.concurrency} at a time`
    await logger.group(title, () =>
      mapPool(pending, inputs.concurrency, async ({ run, target, index }) => {
        results[index] = await approveSafely(run, target)
      })
    )
  }
  return results.map((result, index) => {
    if (result === undefined) throw new Error(`scheduleFleet: no result for group ${ids[index]}`)
    return result
  })
}

/** Listed is the region's listing with each group's decision, or every group failed when the listing failed. */
type Listed = { readonly listing: RegionListing; readonly decided: (Target | OtaResult)[] } | { readonly failed: OtaResult[] }

/** listAndDecide lists the region and decides each group as one group is decided, from the listing instead of a filtered read. */
async function listAndDecide(api: WuyingApi, inputs: FleetInputs, deps: ScheduleDeps, runs: readonly Run[]): Promise<Listed> {
  const { logger } = deps
  let listing: RegionListing
  try {
    listing = await listRegion(createRun(api, inputs, deps), inputs.concurrency)
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    logger.info(`ListAppInstanceGroup failed: ${error.code} (request id ${error.requestId ?? 'none'}); no group can be approved`)
    return { failed: runs.map((run) => failWith(run, error, `failed to list the delivery groups of ${inputs.bizRegionId}`)) }
  }
  const found = runs.filter((run) => listing.groups.has(run.inputs.appInstanceGroupId)).length
  logger.info(
    `found ${found} of the ${runs.length} delivery groups among the ${listing.groups.size} groups of ${inputs.bizRegionId}`
  )
  const decided = runs.map((run) =>
    examine(run, { group: listing.groups.get(run.inputs.appInstanceGroupId), requestId: readBy(run, listing) })
  )
  return { listing, decided }
}

/** readBy returns the request id of the page that listed the group (of the first page when none did). */
function readBy(run: Run, listing: RegionListing): string {
  return listing.foundOn.get(run.inputs.appInstanceGroupId) ?? listing.requestIds[0] ?? ''
}
