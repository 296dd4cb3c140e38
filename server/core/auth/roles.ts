/** Roles a person can hold, and the working groups of an alliance (shared with the web app). */
export const ROLES = [
  'platform_admin', // city organisation department: every alliance
  'secretary', // alliance secretary (第一书记)
  'group_member', // member of a working group (policy | tech | market | prevention)
  'commissioner', // resident commissioner (驻企专员) with a caseload of enterprises
  'expert', // volunteer expert (爱心科技人), city-wide pool
  'enterprise_admin', // manages one member enterprise
  'enterprise_staff', // staff of one member enterprise
] as const;
export type Role = (typeof ROLES)[number];

export const WORKING_GROUPS = ['policy', 'tech', 'market', 'prevention'] as const;
export type WorkingGroup = (typeof WORKING_GROUPS)[number];

/** Roles that work for the alliance, as opposed to roles that speak for one enterprise. */
export const STAFF_ROLES: readonly Role[] = ['platform_admin', 'secretary', 'group_member', 'commissioner'];
