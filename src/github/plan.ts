/**
 * What a Deployment record says about the step: the groups about to be approved (the plan), and the request body
 * that creates the record. Pure.
 */
import type { PlannedApproval } from '../ota/run.js'
import { deploymentRef, type RunContext } from './context.js'
import { clipDescription, groups } from './status.js'

/** DEPLOYMENT_TASK is the Deployment's `task`: GitHub's convention is `deploy` or `deploy:<what>`. */
export const DEPLOYMENT_TASK = 'deploy:wuying-ota'
/**
 * MAX_PAYLOAD_GROUPS bounds the groups listed in the payload: GitHub documents no size limit for it, and a fleet of
 * 1,000 groups would make a payload of about 150 KB. `groupCount` always gives the full number.
 */
export const MAX_PAYLOAD_GROUPS = 100

/** PlannedGroup is one group the step is about to approve. */
export interface PlannedGroup {
  readonly id: string
  readonly taskId: string
  /** The group's current version. */
  readonly otaVersion: string
  readonly newOtaVersion: string
  /** The StartTime the approval sends, ISO 8601 with a UTC offset. */
  readonly startTime: string
}

/** DeploymentPlan is what the step is about to approve: the region, the OTA type and every group with a task. */
export interface DeploymentPlan {
  readonly region: string
  readonly otaType: string
  readonly groups: readonly PlannedGroup[]
}

/** planOf returns the plan of the groups about to be approved, all for the same start time (inputs.startTime.text). */
export function planOf(region: string, otaType: string, startTime: string, pending: readonly PlannedApproval[]): DeploymentPlan {
  return {
    region,
    otaType,
    groups: pending.map(({ id, taskId, otaVersion, newOtaVersion }) => ({ id, taskId, otaVersion, newOtaVersion, startTime }))
  }
}

/** DeploymentRequest is the body of `POST /repos/{owner}/{repo}/deployments`. */
export interface DeploymentRequest {
  readonly ref: string
  readonly task: string
  /** Never merge the default branch into the ref: the record must not change the repository. */
  readonly auto_merge: false
  /** No commit status checks: an OTA rollout is not gated on them, and a check would answer 409. */
  readonly required_contexts: readonly string[]
  readonly environment: string
  readonly description: string
  /** The environment (the delivery groups) outlives the record. */
  readonly transient_environment: false
  readonly payload: DeploymentPayload
}

/** DeploymentPayload is the record's machine-readable part, for whoever reads deployments through the API. */
export interface DeploymentPayload {
  readonly region: string
  readonly otaType: string
  readonly groupCount: number
  /** At most MAX_PAYLOAD_GROUPS groups, in input order. */
  readonly groups: ReadonlyArray<{
    readonly id: string
    readonly taskId: string
    readonly otaVersion: string
    readonly newOtaVersion: string
    readonly startTime: string
  }>
  /**
   * The run and step that wrote the record; `key` is unique to the step, so that a create retried after a lost answer
   * finds the record that answer had made (and not another step's of the same run).
   */
  readonly run: { readonly id: number; readonly attempt: number; readonly url: string; readonly key: string }
}

/** deploymentRequest returns the body that creates the record of `plan` in `environment`; `key` identifies the step. */
export function deploymentRequest(
  plan: DeploymentPlan,
  environment: string,
  context: RunContext,
  key: string
): DeploymentRequest {
  return {
    ref: deploymentRef(context),
    task: DEPLOYMENT_TASK,
    auto_merge: false,
    required_contexts: [],
    environment,
    description: deploymentDescription(plan),
    transient_environment: false,
    payload: {
      region: plan.region,
      otaType: plan.otaType,
      groupCount: plan.groups.length,
      groups: plan.groups.slice(0, MAX_PAYLOAD_GROUPS).map(({ id, taskId, otaVersion, newOtaVersion, startTime }) => ({
        id,
        taskId,
        otaVersion,
        newOtaVersion,
        startTime
      })),
      run: { id: context.runId, attempt: context.runAttempt, url: context.runUrl, key }
    }
  }
}

/** deploymentDescription returns e.g. `Wuying OTA (Fota) of 3 groups in cn-hangzhou to 1.5.0`, at most 140 characters. */
export function deploymentDescription(plan: DeploymentPlan): string {
  const versions = [...new Set(plan.groups.map((group) => group.newOtaVersion).filter((v) => v !== ''))]
  const to = versions.length === 1 ? ` to ${versions[0]}` : versions.length > 1 ? ` to ${versions.length} versions` : ''
  return clipDescription(`Wuying OTA (${plan.otaType}) of ${groups(plan.groups.length)} in ${plan.region}${to}`)
}
