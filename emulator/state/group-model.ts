/**
 * A delivery group as ListAppInstanceGroup answers it: every field of the official response model (38 per group,
 * `ListAppInstanceGroupResponseBodyAppInstanceGroupModels` in Alibaba Cloud's generated SDKs for appstream-center
 * 2021-09-01), so that the action is tested against answers as full as the service's, not only the fields it reads.
 * Values come from the fixture where it has them (id, name, region, status, product type, creation time, versions);
 * the rest are plausible constants, or ids derived from the group id so that they are stable across runs.
 */
import { createHash } from 'node:crypto'
import { PRODUCT_TYPE, type AppInstanceGroupModel, type OtaInfo } from '../../src/common/api.js'
import type { FixtureGroup } from './fixture.js'

/** GroupTag is one entry of `Tags` and `ResourceTags`. */
export interface GroupTag {
  Key: string
  Scope: string
  Value: string
}

/** GroupApp is one entry of `Apps`. */
export interface GroupApp {
  AppIcon: string
  AppId: string
  AppName: string
  AppVersion: string
  AppVersionName: string
}

/** NodePoolModel is one entry of `NodePool`: the group's resources and how they scale. */
export interface NodePoolModel {
  Amount: number
  MaxIdleAppInstanceAmount: number
  MaxScalingAmount: number
  NodeAmount: number
  NodeCapacity: number
  NodeInstanceType: string
  NodePoolId: string
  NodeTypeName: string
  NodeUsed: number
  RecurrenceSchedules: {
    RecurrenceType: string
    RecurrenceValues: number[]
    TimerPeriods: { Amount: number; EndTime: string; StartTime: string }[]
  }[]
  ScalingDownAfterIdleMinutes: number
  ScalingNodeAmount: number
  ScalingNodeUsed: number
  ScalingStep: number
  ScalingUsageThreshold: string
  StrategyDisableDate: string
  StrategyEnableDate: string
  StrategyType: string
  WarmUp: boolean
}

/** OfficialGroupModel is the whole official group model; the action reads only the AppInstanceGroupModel part. */
export interface OfficialGroupModel extends AppInstanceGroupModel {
  AccessType: string
  Amount: number
  AppCenterImageId: string
  AppInstanceGroupName: string
  AppInstanceType: string
  AppPolicyId: string
  AppPolicyImageCheck: boolean
  AppPolicyVersion: string
  Apps: GroupApp[]
  AuthMode: string
  ChargeResourceMode: string
  ChargeType: string
  ExpiredTime: string
  GmtCreate: string
  MaxAmount: number
  MinAmount: number
  NodePool: NodePoolModel[]
  OfficeSiteId: string
  OsType: string
  OtaInfo: Required<OtaInfo>
  ProductType: string
  ReserveAmountRatio: string
  ReserveMaxAmount: number
  ReserveMinAmount: number
  ResourceStatus: string
  ResourceTags: GroupTag[]
  ScalingDownAfterIdleMinutes: number
  ScalingStep: number
  ScalingUsageThreshold: string
  SessionTimeout: string
  SkipUserAuthCheck: boolean
  SpecId: string
  Status: string
  SupportUserGroupMixedAuth: boolean
  Tags: GroupTag[]
  UserGroupAuthMode: string
}

/** DEFAULT_GMT_CREATE is the creation time of a fixture group that gives none. */
export const DEFAULT_GMT_CREATE = '2024-01-15T10:00:00.000+08:00'
/** A group that has not expired shows this expiry (the service's format: milliseconds and an offset). */
const FAR_EXPIRY = '2099-12-31T16:00:00.000+00:00'
const DAY_MS = 86_400_000
const INSTANCE_TYPE = 'appstreaming.general.4c8g'

// The resources' state follows the group's (the docs list both sets of values; their pairing is assumed).
const RESOURCE_STATUS: Readonly<Record<string, string>> = {
  PUBLISHED: 'AVAILABLE',
  MAINTAINING: 'UPGRADING',
  MAINTAIN_FAILED: 'AVAILABLE',
  DEPLOYING: 'CREATING',
  FAILED: 'UNAVAILABLE',
  EXPIRED: 'UNAVAILABLE',
  CEASED: 'UNAVAILABLE',
  EXPIRED_RECYCLING: 'RELEASED'
}

/** groupModel returns the group's full official model; `status` and `otaInfo` are its state now. */
export function groupModel(seed: FixtureGroup, status: string, otaInfo: Required<OtaInfo>): OfficialGroupModel {
  const gmtCreate = seed.gmtCreate ?? DEFAULT_GMT_CREATE
  const tags = [{ Key: 'department', Scope: 'Custom', Value: 'it' }]
  return {
    AccessType: 'INTERNET',
    Amount: 2,
    AppCenterImageId: `img-${stableId(seed.id, 'image')}`,
    AppInstanceGroupId: seed.id,
    AppInstanceGroupName: seed.name,
    AppInstanceType: INSTANCE_TYPE,
    AppPolicyId: `pg-${stableId(seed.id, 'policy')}`,
    AppPolicyImageCheck: false,
    AppPolicyVersion: 'CENTER',
    Apps: [
      {
        AppIcon: `https://app-center-icon-emulator.example/${stableId(seed.id, 'app')}.png`,
        AppId: `ca-${stableId(seed.id, 'app')}`,
        AppName: 'Office suite',
        AppVersion: '1.0.0',
        AppVersionName: 'Initial version'
      }
    ],
    AuthMode: 'App',
    ChargeResourceMode: 'Node',
    ChargeType: 'PostPaid',
    ExpiredTime: expiredTime(status, gmtCreate),
    GmtCreate: gmtCreate,
    MaxAmount: 10,
    MinAmount: 1,
    NodePool: [nodePool(seed.id)],
    OfficeSiteId: `${seed.region}+dir-${stableNumber(seed.id)}`,
    OsType: 'Windows',
    OtaInfo: otaInfo,
    ProductType: seed.productType ?? PRODUCT_TYPE,
    RegionId: seed.region,
    ReserveAmountRatio: '20',
    ReserveMaxAmount: 5,
    ReserveMinAmount: 1,
    ResourceStatus: RESOURCE_STATUS[status] ?? 'AVAILABLE',
    ResourceTags: tags,
    ScalingDownAfterIdleMinutes: 5,
    ScalingStep: 2,
    ScalingUsageThreshold: '85',
    SessionTimeout: '15',
    SkipUserAuthCheck: false,
    SpecId: `spec-${stableId(seed.id, 'spec')}`,
    Status: status,
    SupportUserGroupMixedAuth: true,
    Tags: tags,
    UserGroupAuthMode: 'Mixed'
  }
}

/** A pay-as-you-go pool that scales by schedule: two resources on weekdays from 09:00 to 18:00. */
function nodePool(groupId: string): NodePoolModel {
  return {
    Amount: 2,
    MaxIdleAppInstanceAmount: 3,
    MaxScalingAmount: 8,
    NodeAmount: 2,
    NodeCapacity: 2,
    NodeInstanceType: INSTANCE_TYPE,
    NodePoolId: `rg-${stableId(groupId, 'pool')}`,
    NodeTypeName: 'General, 4 vCPU 8 GiB',
    NodeUsed: 1,
    RecurrenceSchedules: [
      {
        RecurrenceType: 'Weekly',
        RecurrenceValues: [1, 2, 3, 4, 5],
        TimerPeriods: [{ Amount: 2, EndTime: '18:00', StartTime: '09:00' }]
      }
    ],
    ScalingDownAfterIdleMinutes: 5,
    ScalingNodeAmount: 0,
    ScalingNodeUsed: 0,
    ScalingStep: 2,
    ScalingUsageThreshold: '85',
    StrategyDisableDate: '2099-12-31',
    StrategyEnableDate: '2024-01-15',
    StrategyType: 'NODE_SCALING_BY_SCHEDULE',
    WarmUp: false
  }
}

/** An expired group expired 30 days after its creation; any other group expires far in the future. */
function expiredTime(status: string, gmtCreate: string): string {
  const created = Date.parse(gmtCreate)
  if (!status.startsWith('EXPIRED') || Number.isNaN(created)) return FAR_EXPIRY
  return new Date(created + 30 * DAY_MS).toISOString().replace('Z', '+00:00')
}

/** stableId returns 16 lower-case hex characters derived from the group id and what the id is for. */
function stableId(groupId: string, purpose: string): string {
  return createHash('sha256').update(`${purpose}:${groupId}`).digest('hex').slice(0, 16)
}

function stableNumber(groupId: string): string {
  return String(parseInt(stableId(groupId, 'site').slice(0, 8), 16) % 1_000_000_000).padStart(9, '0')
}
