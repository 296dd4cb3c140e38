import { z } from 'zod';
import { Id } from '../../core/http/common-schema';
import { ROLES, WORKING_GROUPS } from '../../core/auth/roles';

export const LoginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});

export const SwitchAllianceBody = z.object({ allianceId: Id });

export const GrantSchema = z.object({
  role: z.enum(ROLES),
  allianceId: z.number().int().nullable(),
  workingGroup: z.enum(WORKING_GROUPS).nullable(),
  enterpriseId: z.number().int().nullable(),
});

/** The signed-in person as the web app needs it: who, where, and what they may do. */
export const SessionResponse = z.object({
  user: z.object({ id: z.number().int(), username: z.string(), displayName: z.string(), locale: z.enum(['zh-CN', 'en-US']) }),
  allianceId: z.number().int().nullable(),
  alliances: z.array(z.object({ id: z.number().int(), name: z.string() })),
  roles: z.array(z.enum(ROLES)),
  workingGroups: z.array(z.enum(WORKING_GROUPS)),
  enterpriseIds: z.array(z.number().int()),
  caseload: z.array(z.number().int()),
  grants: z.array(GrantSchema),
  /** Actions the person may perform in the current alliance (drives menus). */
  permissions: z.array(z.string()),
});
export type SessionResponse = z.infer<typeof SessionResponse>;

/** Whether anyone is signed in, answered 200 either way (the sign-in page asks without failing). */
export const SessionStateResponse = z.object({ signedIn: z.boolean(), session: SessionResponse.nullable() });
export type SessionStateResponse = z.infer<typeof SessionStateResponse>;

export const OkResponse = z.object({ ok: z.literal(true) });
