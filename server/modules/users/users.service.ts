/**
 * People and their roles. Two kinds of account, two keepers:
 *
 * - Staff accounts (group members, commissioners) belong to an alliance: its secretary creates,
 *   edits, disables and resets them; only a platform admin grants the secretary and expert roles.
 * - Accounts that speak for a firm (`enterprise_admin`, `enterprise_staff`) belong to the firm,
 *   which may be a member of several alliances: its own admin and the platform admin manage
 *   them. A secretary may create only the first admin of a firm their alliance registered (so a
 *   new firm can get started) — never another, never a reset, a rename or a disabling: otherwise
 *   any alliance the firm joined could take over its accounts.
 *
 * Disabling an account ends its sessions at once, and so does resetting its password.
 */
import { randomInt } from 'node:crypto';
import { hashPassword, isStrongEnough } from '../../core/auth/password';
import type { Role, WorkingGroup } from '../../core/auth/roles';
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Executor, Trx } from '../../core/db/database';
import { isUniqueViolation } from '../../core/db/errors';
import type { UserRow } from '../../core/db/schema';
import { AppError, notFound, versionConflict } from '../../core/errors';
import { tenantOf } from '../../core/tenant';
import { deleteUserSessions } from '../auth/auth.repository';
import { departmentsOf } from '../departments/departments.service';
import type { DepartmentRef } from '../departments/departments.schema';
import { announceSessionsEnded } from '../notifications/bus';
import * as repo from './users.repository';
import type { CreateUserBody, ResetPasswordResponse, UserResponse } from './users.schema';
import type { z } from 'zod';
import type { AuditQuery, ListUsersQuery, UpdateUserBody } from './users.schema';

const ADMIN_ONLY_ROLES: ReadonlySet<Role> = new Set(['platform_admin', 'secretary', 'expert']);
const FIRM_ROLES: ReadonlySet<Role> = new Set(['enterprise_admin', 'enterprise_staff']);

/** Firms the actor administers (`enterprise_admin` grants), whatever the session's alliance. */
function firmsAdministered(ctx: Ctx): number[] {
  return [...new Set(ctx.actor.grants.filter((g) => g.role === 'enterprise_admin' && g.enterpriseId !== null).map((g) => g.enterpriseId as number))];
}

/** A firm admin acting as such (not as alliance staff or platform admin). */
function actsForFirmOnly(ctx: Ctx): boolean {
  return !ctx.actor.roles.has('platform_admin') && !ctx.actor.roles.has('secretary');
}

/**
 * Whether the actor may change this account (rename, disable, reset): a platform admin always;
 * an account speaking for a firm only by that firm's admin — and only when every grant it holds
 * is of firms the actor administers; a staff account by the secretary of its alliance, as long
 * as it works there alone and holds no role only a platform admin grants.
 */
async function mayManage(db: Executor, ctx: Ctx, allianceId: number, userId: number): Promise<boolean> {
  if (ctx.actor.roles.has('platform_admin')) return true;
  const grants = await repo.grantsOf(db, [userId]);
  const firmGrants = grants.filter((g) => FIRM_ROLES.has(g.role as Role));
  if (firmGrants.length) {
    const mine = firmsAdministered(ctx);
    return firmGrants.length === grants.length && firmGrants.every((g) => g.enterprise_id !== null && mine.includes(g.enterprise_id));
  }
  if (!ctx.actor.roles.has('secretary')) return false;
  if (grants.some((g) => ADMIN_ONLY_ROLES.has(g.role as Role))) return false;
  return grants.every((g) => g.alliance_id === allianceId);
}

/** Loads an account the actor may see and change, or fails (404 unseen, 403 seen but not theirs). */
async function manageable(db: Executor, ctx: Ctx, allianceId: number, userId: number) {
  const current = actsForFirmOnly(ctx) ? await repo.findUserOfFirms(db, firmsAdministered(ctx), userId) : await repo.findUserInAlliance(db, allianceId, userId);
  if (!current) throw notFound();
  return current;
}

async function present(db: Executor, users: UserRow[]): Promise<UserResponse[]> {
  const grants = await repo.grantsOf(db, users.map((u) => u.id));
  const departments = await departmentsOf(db, users.map((u) => u.id));
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    locale: u.locale,
    disabled: !!u.disabled,
    grants: grants
      .filter((g) => g.user_id === u.id)
      .map((g) => ({ role: g.role as Role, allianceId: g.alliance_id, workingGroup: g.working_group as UserResponse['grants'][number]['workingGroup'], enterpriseId: g.enterprise_id, enterpriseName: g.enterprise_name })),
    department: departments.get(u.id) ?? null,
    version: u.version,
    createdAt: u.created_at,
  }));
}

/** The alliance's people; for a firm admin, the accounts of their firms. */
export async function listUsers(deps: Deps, ctx: Ctx, q: z.infer<typeof ListUsersQuery>) {
  const page = { offset: (q.page - 1) * q.pageSize, limit: q.pageSize };
  const { items, total } = actsForFirmOnly(ctx) ? await repo.listUsersOfFirms(deps.db, firmsAdministered(ctx), q, page) : await repo.listUsers(deps.db, tenantOf(ctx), q, page);
  return { items: await present(deps.db, items), total, page: q.page, pageSize: q.pageSize };
}

/**
 * Creates an account with grants in the given alliance. `ctx` null means the CLI acting as the
 * system (which may grant any role).
 */
export async function createUser(trx: Trx, deps: Deps, ctx: Ctx | null, allianceId: number | null, body: CreateUserBody): Promise<UserResponse> {
  const errors = [];
  if (!isStrongEnough(body.password, deps.config.env)) errors.push({ path: 'password', code: 'password_too_weak' });
  if (ctx) errors.push(...(await firmGrantErrors(trx, ctx, allianceId, body)));
  for (const [i, g] of body.grants.entries()) {
    if (ctx && ADMIN_ONLY_ROLES.has(g.role) && !ctx.actor.roles.has('platform_admin')) errors.push({ path: `grants.${i}.role`, code: 'role_not_grantable' });
    if (g.role === 'group_member' && !g.workingGroup) errors.push({ path: `grants.${i}.workingGroup`, code: 'required' });
    const needsEnterprise = g.role === 'enterprise_admin' || g.role === 'enterprise_staff';
    if (needsEnterprise && (g.enterpriseId === null || allianceId === null || !(await repo.isMember(trx, allianceId, g.enterpriseId)))) {
      errors.push({ path: `grants.${i}.enterpriseId`, code: g.enterpriseId === null ? 'required' : 'not_a_member' });
    }
    if (!['platform_admin', 'expert'].includes(g.role) && !needsEnterprise && allianceId === null) errors.push({ path: `grants.${i}.role`, code: 'alliance_required' });
  }
  if (errors.length) throw new AppError('validation_failed', {}, errors);
  const now = deps.clock.now();
  let id: number;
  try {
    id = await repo.insertUser(trx, { username: body.username, display_name: body.displayName, password_hash: await hashPassword(body.password), locale: body.locale, at: now.toISOString() });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('username_taken', { username: body.username }, [{ path: 'username', code: 'username_taken', params: { username: body.username } }]);
    throw err;
  }
  for (const g of body.grants) {
    const global = g.role === 'platform_admin' || g.role === 'expert';
    const enterprise = g.role === 'enterprise_admin' || g.role === 'enterprise_staff';
    await repo.insertGrant(trx, {
      user_id: id,
      role: g.role,
      alliance_id: global || enterprise ? null : allianceId,
      working_group: g.role === 'group_member' ? g.workingGroup : null,
      enterprise_id: enterprise ? g.enterpriseId : null,
    });
  }
  await recordAudit(trx, { ...auditFrom(ctx ?? { actor: null, requestId: null }, now), allianceId, action: 'user.create', targetType: 'user', targetId: id, detail: { username: body.username, roles: body.grants.map((g) => g.role) } });
  const user = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return (await present(trx, [user]))[0]!;
}

/**
 * Who may create which firm accounts (see the module comment). A request's grants either all
 * speak for firms or none do, unless a platform admin creates it.
 */
async function firmGrantErrors(trx: Trx, ctx: Ctx, allianceId: number | null, body: CreateUserBody) {
  const errors: { path: string; code: string }[] = [];
  if (ctx.actor.roles.has('platform_admin')) return errors;
  const firmGrants = body.grants.map((g, i) => ({ g, i })).filter(({ g }) => FIRM_ROLES.has(g.role));
  if (firmGrants.length && firmGrants.length !== body.grants.length) {
    errors.push({ path: 'grants', code: 'mixed_grants' });
    return errors;
  }
  if (actsForFirmOnly(ctx)) {
    const mine = firmsAdministered(ctx);
    for (const { g, i } of body.grants.map((g, i) => ({ g, i }))) {
      if (!FIRM_ROLES.has(g.role)) errors.push({ path: `grants.${i}.role`, code: 'role_not_grantable' });
      else if (g.enterpriseId !== null && !mine.includes(g.enterpriseId)) errors.push({ path: `grants.${i}.enterpriseId`, code: 'not_your_firm' });
    }
    return errors;
  }
  // A secretary: the first admin of a firm the alliance registered, and nothing else.
  for (const { g, i } of firmGrants) {
    if (g.role !== 'enterprise_admin' || firmGrants.length > 1) {
      errors.push({ path: `grants.${i}.role`, code: 'role_not_grantable' });
      continue;
    }
    if (g.enterpriseId === null || allianceId === null) continue; // reported below as required
    const firm = await trx.selectFrom('enterprises').select('registered_by_alliance_id').where('id', '=', g.enterpriseId).executeTakeFirst();
    if (!firm || firm.registered_by_alliance_id !== allianceId) errors.push({ path: `grants.${i}.enterpriseId`, code: 'not_registered_here' });
    else if (await repo.hasFirmAdmin(trx, g.enterpriseId)) errors.push({ path: `grants.${i}.role`, code: 'first_admin_only' });
  }
  return errors;
}

export async function updateUser(deps: Deps, ctx: Ctx, id: number, body: z.infer<typeof UpdateUserBody>): Promise<UserResponse> {
  const allianceId = tenantOf(ctx);
  const updated = await deps.db.transaction().execute(async (trx) => {
    const current = await manageable(trx, ctx, allianceId, id);
    if (current.version !== body.version) throw versionConflict(current.version);
    if (id !== ctx.actor.userId && !(await mayManage(trx, ctx, allianceId, id))) throw new AppError('forbidden');
    if (id === ctx.actor.userId && body.disabled) throw new AppError('validation_failed', {}, [{ path: 'disabled', code: 'cannot_disable_self' }]);
    const now = deps.clock.now();
    const changes = {
      ...(body.displayName !== undefined ? { display_name: body.displayName } : {}),
      ...(body.disabled !== undefined ? { disabled: body.disabled ? 1 : 0 } : {}),
      ...(body.locale !== undefined ? { locale: body.locale } : {}),
      updated_at: now.toISOString(),
    };
    if (!(await repo.updateUser(trx, id, body.version, changes))) throw versionConflict(current.version + 1);
    if (body.disabled) await deleteUserSessions(trx, id);
    await recordAudit(trx, { ...auditFrom(ctx, now), action: body.disabled ? 'user.disable' : 'user.update', targetType: 'user', targetId: id, detail: { fields: Object.keys(body).filter((k) => k !== 'version') } });
    const user = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return (await present(trx, [user]))[0]!;
  });
  // Its open notification streams end too.
  if (body.disabled) await announceSessionsEnded(deps, [id]);
  return updated;
}

/** Letters and digits that cannot be mistaken for one another when read out (no 0/O, 1/l/I). */
const TEMP_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const TEMP_LENGTH = 12;

/** A random password that passes `isStrongEnough` (12 characters, letters and digits). */
export function temporaryPassword(): string {
  for (;;) {
    const p = Array.from({ length: TEMP_LENGTH }, () => TEMP_ALPHABET[randomInt(TEMP_ALPHABET.length)]).join('');
    if (isStrongEnough(p)) return p;
  }
}

/**
 * Gives an account of the current alliance a new random password and ends its sessions. The
 * password is returned once (for the admin to hand over) and never stored or logged in clear.
 */
export async function resetPassword(deps: Deps, ctx: Ctx, id: number, version: number): Promise<ResetPasswordResponse> {
  const allianceId = tenantOf(ctx);
  const password = temporaryPassword();
  const hash = await hashPassword(password);
  const result = await deps.db.transaction().execute(async (trx) => {
    const current = await manageable(trx, ctx, allianceId, id);
    if (current.version !== version) throw versionConflict(current.version);
    if (id === ctx.actor.userId) throw new AppError('validation_failed', {}, [{ path: 'id', code: 'cannot_reset_self' }]);
    // The reset hands over the account: never beyond what the actor may manage.
    if (!(await mayManage(trx, ctx, allianceId, id))) throw new AppError('forbidden');
    const now = deps.clock.now();
    if (!(await repo.resetPassword(trx, id, version, hash, now.toISOString()))) throw versionConflict(current.version + 1);
    await deleteUserSessions(trx, id);
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'user.password_reset', targetType: 'user', targetId: id, detail: { username: current.username } });
    const user = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { user: (await present(trx, [user]))[0]!, temporaryPassword: password };
  });
  await announceSessionsEnded(deps, [id]);
  return result;
}

export async function listAudit(deps: Deps, ctx: Ctx, q: z.infer<typeof AuditQuery>) {
  const { items, total } = await repo.listAudit(deps.db, tenantOf(ctx), q, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  return {
    items: items.map((a) => ({
      id: a.id,
      at: a.at,
      actorUserId: a.actor_user_id,
      actorName: a.actor_name,
      action: a.action,
      targetType: a.target_type,
      targetId: a.target_id,
      requestId: a.request_id,
      detail: JSON.parse(a.detail_json) as Record<string, unknown>,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function staffDirectory(deps: Deps, ctx: Ctx) {
  const rows = await repo.staffDirectory(deps.db, tenantOf(ctx));
  const departments = await departmentsOf(deps.db, [...new Set(rows.map((r) => r.id))]);
  const byUser = new Map<number, { id: number; displayName: string; roles: Role[]; workingGroups: WorkingGroup[]; department: DepartmentRef | null }>();
  for (const r of rows) {
    const entry = byUser.get(r.id) ?? { id: r.id, displayName: r.display_name, roles: [], workingGroups: [], department: departments.get(r.id) ?? null };
    if (!entry.roles.includes(r.role as Role)) entry.roles.push(r.role as Role);
    if (r.working_group && !entry.workingGroups.includes(r.working_group as WorkingGroup)) entry.workingGroups.push(r.working_group as WorkingGroup);
    byUser.set(r.id, entry);
  }
  return { items: [...byUser.values()] };
}
