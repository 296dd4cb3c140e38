/**
 * People and their roles in an alliance. Secretaries add staff, commissioners, experts' and
 * enterprises' accounts to their own alliance; only a platform admin grants the secretary and
 * expert roles. Disabling an account ends its sessions at once, and so does resetting its
 * password (which a secretary may do only for accounts that work in their alliance alone).
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
import { announceSessionsEnded } from '../notifications/bus';
import * as repo from './users.repository';
import type { CreateUserBody, ResetPasswordResponse, UserResponse } from './users.schema';
import type { z } from 'zod';
import type { AuditQuery, ListUsersQuery, UpdateUserBody } from './users.schema';

const ADMIN_ONLY_ROLES: ReadonlySet<Role> = new Set(['platform_admin', 'secretary', 'expert']);

async function present(db: Executor, users: UserRow[]): Promise<UserResponse[]> {
  const grants = await repo.grantsOf(db, users.map((u) => u.id));
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    locale: u.locale,
    disabled: !!u.disabled,
    grants: grants
      .filter((g) => g.user_id === u.id)
      .map((g) => ({ role: g.role as Role, allianceId: g.alliance_id, workingGroup: g.working_group as UserResponse['grants'][number]['workingGroup'], enterpriseId: g.enterprise_id, enterpriseName: g.enterprise_name })),
    version: u.version,
    createdAt: u.created_at,
  }));
}

export async function listUsers(deps: Deps, ctx: Ctx, q: z.infer<typeof ListUsersQuery>) {
  const { items, total } = await repo.listUsers(deps.db, tenantOf(ctx), q, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  return { items: await present(deps.db, items), total, page: q.page, pageSize: q.pageSize };
}

/**
 * Creates an account with grants in the given alliance. `ctx` null means the CLI acting as the
 * system (which may grant any role).
 */
export async function createUser(trx: Trx, deps: Deps, ctx: Ctx | null, allianceId: number | null, body: CreateUserBody): Promise<UserResponse> {
  const errors = [];
  if (!isStrongEnough(body.password)) errors.push({ path: 'password', code: 'password_too_weak' });
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

export async function updateUser(deps: Deps, ctx: Ctx, id: number, body: z.infer<typeof UpdateUserBody>): Promise<UserResponse> {
  const allianceId = tenantOf(ctx);
  const updated = await deps.db.transaction().execute(async (trx) => {
    const current = await repo.findUserInAlliance(trx, allianceId, id);
    if (!current) throw notFound();
    if (current.version !== body.version) throw versionConflict(current.version);
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
 * Whether a secretary (not a platform admin) may reset this account's password: only when every
 * grant it holds works inside the secretary's alliance and none is a role a secretary cannot
 * grant — otherwise the reset would hand over access beyond the secretary's own.
 */
async function resettableBySecretary(db: Executor, allianceId: number, userId: number): Promise<boolean> {
  const grants = await repo.grantsOf(db, [userId]);
  if (grants.some((g) => ADMIN_ONLY_ROLES.has(g.role as Role))) return false;
  if (grants.some((g) => g.enterprise_id === null && g.alliance_id !== allianceId)) return false;
  const enterprises = [...new Set(grants.filter((g) => g.enterprise_id !== null).map((g) => g.enterprise_id as number))];
  return (await repo.membersAmong(db, allianceId, enterprises)).length === enterprises.length;
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
    const current = await repo.findUserInAlliance(trx, allianceId, id);
    if (!current) throw notFound();
    if (current.version !== version) throw versionConflict(current.version);
    if (id === ctx.actor.userId) throw new AppError('validation_failed', {}, [{ path: 'id', code: 'cannot_reset_self' }]);
    if (!ctx.actor.roles.has('platform_admin') && !(await resettableBySecretary(trx, allianceId, id))) throw new AppError('forbidden');
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
  const byUser = new Map<number, { id: number; displayName: string; roles: Role[]; workingGroups: WorkingGroup[] }>();
  for (const r of rows) {
    const entry = byUser.get(r.id) ?? { id: r.id, displayName: r.display_name, roles: [], workingGroups: [] };
    if (!entry.roles.includes(r.role as Role)) entry.roles.push(r.role as Role);
    if (r.working_group && !entry.workingGroups.includes(r.working_group as WorkingGroup)) entry.workingGroups.push(r.working_group as WorkingGroup);
    byUser.set(r.id, entry);
  }
  return { items: [...byUser.values()] };
}
