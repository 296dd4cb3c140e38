/**
 * People and their roles in an alliance. Secretaries add staff, commissioners, experts' and
 * enterprises' accounts to their own alliance; only a platform admin grants the secretary and
 * expert roles. Disabling an account ends its sessions at once.
 */
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
import * as repo from './users.repository';
import type { CreateUserBody, UserResponse } from './users.schema';
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
      .map((g) => ({ role: g.role as Role, allianceId: g.alliance_id, workingGroup: g.working_group as UserResponse['grants'][number]['workingGroup'], enterpriseId: g.enterprise_id })),
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
  return deps.db.transaction().execute(async (trx) => {
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
