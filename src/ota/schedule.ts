/**
 * The one path of every step, for one group or a fleet of many: look each group up (lookup.ts picks the cheapest
 * read), then approve each pending task through the safe approval path (approval.ts), at most `concurrency` at a
 * time, under the one retry policy and the step's deadline; or, in a dry run, report what would be approved
 * (dry-run.ts). One group's failure never stops the others. In a fleet, `OtaTask.Running` means the group's update is
 * already scheduled or under way, so it is `unchanged`; one group keeps failing on it, as it always has.
 */
import { prefixLogger } from '../common/log.js'
import type { WuyingApi } from '../wuying/client.js'
import { approveSafely } from './approval.js'
import { wouldApprove } from './dry-run.js'
import { lookUpGroups, type GroupsInputs, type Target } from './lookup.js'
import { mapPool } from './pool.js'
import { createRun, type OtaResult, type Run, type ScheduleDeps } from './run.js'
import { withRunningTask } from './running.js'

/** A group with a task to approve: its run, its target and its place in the list. */
interface Pending {
  readonly run: Run
  readonly target: Target
  readonly index: number
}

/**
 * scheduleGroups returns one result per group, in the order of `appInstanceGroupIds`: looked up, decided, and approved
 * (or, in a dry run, `would-approve`). Throws only what is not an ApiError (a bug).
 */
export async function scheduleGroups(api: WuyingApi, inputs: GroupsInputs, deps: ScheduleDeps): Promise<OtaResult[]> {
  const { logger } = deps
  const ids = inputs.appInstanceGroupIds
  const single = ids.length === 1
  const runs = ids.map((id) =>
    createRun(api, { ...inputs, appInstanceGroupId: id }, deps, {
      logger: single ? logger : prefixLogger(logger, id),
      runningIsUnchanged: !single
    })
  )
  const { decisions, readBy } = await lookUpGroups(api, inputs, deps, runs)
  const results: (OtaResult | undefined)[] = decisions.map((d) => ('status' in d ? d : undefined))
  const pending: Pending[] = decisions.flatMap((d, index) =>
    'status' in d ? [] : [{ run: runs[index] as Run, target: d, index }]
  )
  const each = (job: (p: Pending) => Promise<OtaResult>) => () =>
    mapPool(pending, inputs.concurrency, async (p) => {
      results[p.index] = await job(p)
    })
  if (pending.length === 0) {
    if (!single) logger.info('no group has an update to approve')
  } else if (inputs.dryRun) {
    const title = single
      ? 'Dry run: approve nothing'
      : `Dry run: approve nothing (${pending.length} of ${ids.length} groups have a task to approve)`
    await logger.group(
      title,
      each(({ run, target, index }) => wouldApprove(run, target, readBy(index)))
    )
  } else {
    const title = single
      ? `Approve OTA task ${pending[0]?.target.taskId}`
      : `Approve ${pending.length} OTA task${pending.length === 1 ? '' : 's'}, at most ${inputs.concurrency} at a time`
    await deps.beforeApprovals?.(
      pending.map(({ target, index }) => ({
        id: ids[index] as string,
        taskId: target.taskId,
        otaVersion: target.otaVersion,
        newOtaVersion: target.newOtaVersion
      }))
    )
    await logger.group(
      title,
      each(async ({ run, target }) => {
        const result = await approveSafely(run, target)
        return result.status === 'unchanged' ? withRunningTask(run, result) : result
      })
    )
  }
  return results.map((result, index) => {
    if (result === undefined) throw new Error(`scheduleGroups: no result for group ${ids[index]}`)
    return result
  })
}
