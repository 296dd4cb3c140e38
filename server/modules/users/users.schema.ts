import { z } from 'zod';
import { ROLES, WORKING_GROUPS } from '../../core/auth/roles';
import { Id, pageOf, Paging, Version } from '../../core/http/common-schema';
import { DepartmentRef } from '../departments/departments.schema';

export const GrantInput = z.object({
  role: z.enum(ROLES),
  workingGroup: z.enum(WORKING_GROUPS).nullable().default(null),
  enterpriseId: Id.nullable().default(null),
});

export const CreateUserBody = z.object({
  username: z.string().trim().regex(/^[a-z][a-z0-9_.-]{2,31}$/),
  displayName: z.string().trim().min(1).max(50),
  password: z.string().min(10).max(200),
  locale: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
  grants: z.array(GrantInput).min(1).max(10),
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const UpdateUserBody = z.object({
  displayName: z.string().trim().min(1).max(50).optional(),
  disabled: z.boolean().optional(),
  locale: z.enum(['zh-CN', 'en-US']).optional(),
  version: Version,
});

export const UserResponse = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  locale: z.string(),
  disabled: z.boolean(),
  grants: z.array(z.object({ role: z.enum(ROLES), allianceId: z.number().int().nullable(), workingGroup: z.enum(WORKING_GROUPS).nullable(), enterpriseId: z.number().int().nullable(), enterpriseName: z.string().nullable() })),
  /** The government department the person works for, if any. */
  department: DepartmentRef.nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type UserResponse = z.infer<typeof UserResponse>;

/** Resetting someone else's password names the account's version, like any edit. */
export const ResetPasswordBody = z.object({ version: Version });
/** The new password is shown once, to the person who reset it; the server keeps only its hash. */
export const ResetPasswordResponse = z.object({ user: UserResponse, temporaryPassword: z.string() });
export type ResetPasswordResponse = z.infer<typeof ResetPasswordResponse>;

export const ListUsersQuery = Paging.extend({ q: z.string().trim().max(64).optional(), role: z.enum(ROLES).optional() });
export const UserPage = pageOf(UserResponse);

export const AuditQuery = Paging.extend({ targetType: z.string().max(40).optional(), targetId: z.string().max(40).optional() });
export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actorUserId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  requestId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export const AuditPage = pageOf(AuditEntry);

/** The alliance's staff by name and role, for choosing whom to hand work to. */
export const StaffDirectory = z.object({
  items: z.array(z.object({ id: z.number().int(), displayName: z.string(), roles: z.array(z.enum(ROLES)), workingGroups: z.array(z.enum(WORKING_GROUPS)), department: DepartmentRef.nullable() })),
});
