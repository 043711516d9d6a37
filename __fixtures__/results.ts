/** OtaResults of fleet groups, for the results and summary tests. */
import type { OtaResult } from '../src/ota/run.js'
import { planOf, type DeploymentPlan } from '../src/github/plan.js'
import { fleetGroupId, fleetTaskId } from './fleet-api.js'

const START = '2026-06-20T02:00:00+08:00'

/** groupResult returns group n's result: approved 1.0.0 → 1.1.0 unless overridden. */
export function groupResult(n: number, overrides: Partial<OtaResult> = {}): OtaResult {
  return {
    status: 'approved',
    approved: true,
    code: 'success',
    message: '',
    requestId: `RID-APPROVE-${n}`,
    appInstanceGroupId: fleetGroupId(n),
    appInstanceGroupName: `group ${n}`,
    bizRegionId: 'cn-hangzhou',
    otaType: 'Fota',
    taskId: fleetTaskId(n),
    otaVersion: '1.0.0',
    newOtaVersion: '1.1.0',
    startTime: START,
    calls: [{ operation: 'ApproveOtaTask', requestId: `RID-APPROVE-${n}`, code: 'success' }],
    ...overrides
  }
}

/** failedResult returns group n refused with the code. */
export function failedResult(n: number, code = 'Forbidden.RAM'): OtaResult {
  return groupResult(n, {
    status: 'failed',
    approved: false,
    code,
    message: `${code} happened`,
    requestId: `RID-${code}-${n}`,
    failure: `group ${n} failed with ${code}`
  })
}

/**
 * worstCaseResult returns group n with the longest texts the API could plausibly send, full of characters that HTML
 * escaping multiplies: the size bounds of `results` and the summary must hold even for these.
 */
export function worstCaseResult(n: number): OtaResult {
  return groupResult(n, {
    appInstanceGroupId: `aig-${String(n).padStart(32, '0')}`,
    appInstanceGroupName: `"<&>'`.repeat(26),
    taskId: `ota-${String(n).padStart(32, '9')}`,
    otaVersion: '<&>'.repeat(22),
    newOtaVersion: '"&"'.repeat(22),
    message: '<Message & "quoted">'.repeat(50),
    requestId: '6D5F6A3C-1234-5678-9ABC-DEF012345678',
    taskStatus: 'PART_FINISHED',
    // A release note as shortened (200 characters): quotes (6 bytes in HTML, 2 in JSON) and emoji (4 bytes).
    releaseNote: `${'😀"'.repeat(99)}😀…`,
    status: 'failed',
    code: 'InvalidParameter.SomethingRatherLongAndSpecific',
    failure: 'x'.repeat(300)
  })
}

/** earlyFailureOutputs returns every output of a step that failed before any request: the code and message, the rest empty or zero. */
export function earlyFailureOutputs(code: string, message: string): Record<string, string> {
  return {
    code,
    message,
    'request-id': '',
    'task-id': '',
    'ota-version': '',
    'new-ota-version': '',
    'start-time': '',
    approved: 'false',
    'task-status': '',
    results: '[]',
    'approved-count': '0',
    'failed-count': '0',
    'deployment-id': ''
  }
}

/** planOfResults returns the Deployment plan of these groups as scheduleGroups hands them over before approving them. */
export function planOfResults(results: readonly OtaResult[], region = 'cn-hangzhou', otaType = 'Fota'): DeploymentPlan {
  const planned = results.map((r) => ({
    id: r.appInstanceGroupId,
    taskId: r.taskId,
    otaVersion: r.otaVersion,
    newOtaVersion: r.newOtaVersion
  }))
  return planOf(region, otaType, results[0]?.startTime ?? '', planned)
}
