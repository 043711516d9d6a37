/**
 * The official ListAppInstanceGroup group model, as Alibaba Cloud's generated SDKs for appstream-center 2021-09-01
 * declare it (`ListAppInstanceGroupResponseBodyAppInstanceGroupModels`): each field and its JSON type. The emulator
 * must answer all of them, and the action must read such answers.
 */

/** OFFICIAL_GROUP_FIELDS maps each of the 38 fields of a group to its JSON type (`array` and `object` for nested ones). */
export const OFFICIAL_GROUP_FIELDS = Object.freeze({
  AccessType: 'string',
  Amount: 'number',
  AppCenterImageId: 'string',
  AppInstanceGroupId: 'string',
  AppInstanceGroupName: 'string',
  AppInstanceType: 'string',
  AppPolicyId: 'string',
  AppPolicyImageCheck: 'boolean',
  AppPolicyVersion: 'string',
  Apps: 'array',
  AuthMode: 'string',
  ChargeResourceMode: 'string',
  ChargeType: 'string',
  ExpiredTime: 'string',
  GmtCreate: 'string',
  MaxAmount: 'number',
  MinAmount: 'number',
  NodePool: 'array',
  OfficeSiteId: 'string',
  OsType: 'string',
  OtaInfo: 'object',
  ProductType: 'string',
  RegionId: 'string',
  ReserveAmountRatio: 'string',
  ReserveMaxAmount: 'number',
  ReserveMinAmount: 'number',
  ResourceStatus: 'string',
  ResourceTags: 'array',
  ScalingDownAfterIdleMinutes: 'number',
  ScalingStep: 'number',
  ScalingUsageThreshold: 'string',
  SessionTimeout: 'string',
  SkipUserAuthCheck: 'boolean',
  SpecId: 'string',
  Status: 'string',
  SupportUserGroupMixedAuth: 'boolean',
  Tags: 'array',
  UserGroupAuthMode: 'string'
} as const)
