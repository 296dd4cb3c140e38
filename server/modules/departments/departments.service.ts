/**
 * The city's government departments (人社局, 经信局, 商务局…). The platform admin keeps the list;
 * everyone reads it. Later modules name a department as a policy's issuer and as the city level
 * a problem escalates to; today a person may be affiliated with one (shown in the directory).
 * Departments are city-wide, so their audit rows carry no alliance.
 */
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Executor, Trx } from '../../core/db/database';
import { isUniqueViolation } from '../../core/db/errors';
import { AppError, notFound, versionConflict, type FieldError } from '../../core/errors';
import type { Created } from '../../core/http/idempotency';
import { tenantOf } from '../../core/tenant';
import { findUserInAlliance } from '../users/users.repository';
import * as repo from './departments.repository';
import type { CreateDepartmentBody, DepartmentRef, DepartmentResponse, UpdateDepartmentBody } from './departments.schema';

/** The departments a city starts with (seeded into the demo city). */
export const DEFAULT_DEPARTMENTS: readonly { code: string; name: string; nameEn: string }[] = [
  { code: 'organisation', name: '市委组织部', nameEn: 'Organisation Department' },
  { code: 'hrss', name: '市人力资源和社会保障局', nameEn: 'Human Resources and Social Security Bureau' },
  { code: 'economy_it', name: '市经济和信息化局', nameEn: 'Economy and Information Technology Bureau' },
  { code: 'commerce', name: '市商务局', nameEn: 'Commerce Bureau' },
  { code: 'health', name: '市卫生健康委员会', nameEn: 'Health Commission' },
  { code: 'market_regulation', name: '市市场监督管理局', nameEn: 'Market Regulation Administration' },
  { code: 'tax', name: '市税务局', nameEn: 'Taxation Bureau' },
  { code: 'development_reform', name: '市发展和改革委员会', nameEn: 'Development and Reform Commission' },
  { code: 'finance', name: '市财政局', nameEn: 'Finance Bureau' },
  { code: 'transport', name: '市交通运输局', nameEn: 'Transport Bureau' },
];

/** Inserts the default departments (the demo seed; an empty city). Returns their ids by code. */
export async function seedDepartments(trx: Trx, at: string): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const [i, d] of DEFAULT_DEPARTMENTS.entries()) {
    ids.set(d.code, await repo.insertDepartment(trx, { code: d.code, name: d.name, name_en: d.nameEn, sort_order: (i + 1) * 10, created_at: at, updated_at: at }));
  }
  return ids;
}

function toDepartment(r: repo.DepartmentListRow): DepartmentResponse {
  return { id: r.id, code: r.code, name: r.name, nameEn: r.name_en, sortOrder: r.sort_order, memberCount: Number(r.member_count ?? 0), version: r.version, createdAt: r.created_at, updatedAt: r.updated_at };
}

async function one(db: Executor, id: number): Promise<DepartmentResponse> {
  const row = (await repo.listDepartments(db)).find((d) => d.id === id);
  if (!row) throw notFound();
  return toDepartment(row);
}

export async function listDepartments(deps: Deps): Promise<{ items: DepartmentResponse[] }> {
  return { items: (await repo.listDepartments(deps.db)).map(toDepartment) };
}

/** Field errors for a code or name another department already has. */
async function clashes(db: Executor, fields: { code?: string; name?: string }, exceptId?: number): Promise<FieldError[]> {
  const rows = await repo.listDepartments(db);
  const others = rows.filter((r) => r.id !== exceptId);
  const errors: FieldError[] = [];
  if (fields.code !== undefined && others.some((r) => r.code === fields.code)) errors.push({ path: 'code', code: 'code_taken' });
  if (fields.name !== undefined && others.some((r) => r.name === fields.name)) errors.push({ path: 'name', code: 'name_taken' });
  return errors;
}

const raceToClash = (err: unknown): never => {
  // Two admins saving the same code at once: the unique index decides, the answer is the same.
  if (isUniqueViolation(err)) throw new AppError('validation_failed', {}, [{ path: 'code', code: 'code_taken' }]);
  throw err;
};

export async function createDepartment(trx: Trx, deps: Deps, ctx: Ctx, body: CreateDepartmentBody): Promise<Created<DepartmentResponse, 201>> {
  const errors = await clashes(trx, body);
  if (errors.length) throw new AppError('validation_failed', {}, errors);
  const now = deps.clock.now();
  const at = now.toISOString();
  const id = await repo.insertDepartment(trx, { code: body.code, name: body.name, name_en: body.nameEn, sort_order: body.sortOrder, created_at: at, updated_at: at }).catch(raceToClash);
  await recordAudit(trx, { ...auditFrom(ctx, now), allianceId: null, action: 'department.create', targetType: 'department', targetId: id, detail: { code: body.code, name: body.name } });
  return { status: 201, body: await one(trx, id) };
}

export async function updateDepartment(deps: Deps, ctx: Ctx, id: number, body: UpdateDepartmentBody): Promise<DepartmentResponse> {
  return deps.db.transaction().execute(async (trx) => {
    const current = await repo.findDepartment(trx, id);
    if (!current) throw notFound();
    if (current.version !== body.version) throw versionConflict(current.version);
    const errors = await clashes(trx, body, id);
    if (errors.length) throw new AppError('validation_failed', {}, errors);
    const now = deps.clock.now();
    const changes = {
      ...(body.code !== undefined ? { code: body.code } : {}),
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.nameEn !== undefined ? { name_en: body.nameEn } : {}),
      ...(body.sortOrder !== undefined ? { sort_order: body.sortOrder } : {}),
      updated_at: now.toISOString(),
    };
    if (!(await repo.updateDepartment(trx, id, body.version, changes).catch(raceToClash))) throw versionConflict(current.version + 1);
    await recordAudit(trx, { ...auditFrom(ctx, now), allianceId: null, action: 'department.update', targetType: 'department', targetId: id, detail: { fields: Object.keys(body).filter((k) => k !== 'version') } });
    return one(trx, id);
  });
}

/** Deletes a department nobody is affiliated with and no policy names as issuer (409 `department_in_use` / `department_issues_policies` otherwise). */
export async function deleteDepartment(deps: Deps, ctx: Ctx, id: number, version: number): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const current = await repo.findDepartment(trx, id);
    if (!current) throw notFound();
    if (current.version !== version) throw versionConflict(current.version);
    const members = await repo.memberCount(trx, id);
    if (members > 0) throw new AppError('department_in_use', { count: members });
    const policies = await repo.policyCount(trx, id);
    if (policies > 0) throw new AppError('department_issues_policies', { count: policies });
    if (!(await repo.deleteDepartment(trx, id, version))) throw versionConflict(current.version + 1);
    await recordAudit(trx, { ...auditFrom(ctx, deps.clock.now()), allianceId: null, action: 'department.delete', targetType: 'department', targetId: id, detail: { code: current.code, name: current.name } });
  });
}

/** Department of each of the given people (absent: none). */
export async function departmentsOf(db: Executor, userIds: readonly number[]): Promise<Map<number, DepartmentRef>> {
  const rows = await repo.affiliationsOf(db, userIds);
  return new Map(rows.map((r) => [r.user_id, { id: r.id, code: r.code, name: r.name, nameEn: r.name_en }]));
}

/**
 * Sets (or clears) a person's department. A secretary may do it for accounts of their alliance,
 * the platform admin for anyone (experts belong to no alliance). Version-checked on the account.
 */
export async function putAffiliation(deps: Deps, ctx: Ctx, userId: number, body: { departmentId: number | null; version: number }) {
  return deps.db.transaction().execute(async (trx) => {
    const user = ctx.actor.roles.has('platform_admin')
      ? await trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst()
      : await findUserInAlliance(trx, tenantOf(ctx), userId);
    if (!user) throw notFound();
    if (user.version !== body.version) throw versionConflict(user.version);
    if (body.departmentId !== null && !(await repo.findDepartment(trx, body.departmentId))) {
      throw new AppError('validation_failed', {}, [{ path: 'departmentId', code: 'unknown_reference' }]);
    }
    const now = deps.clock.now();
    const at = now.toISOString();
    await repo.setAffiliation(trx, userId, body.departmentId, at);
    const bumped = await trx.updateTable('users').set({ version: body.version + 1, updated_at: at }).where('id', '=', userId).where('version', '=', body.version).executeTakeFirst();
    if (Number(bumped.numUpdatedRows) !== 1) throw versionConflict(user.version + 1);
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'user.affiliate', targetType: 'user', targetId: userId, detail: { departmentId: body.departmentId } });
    return { userId, department: (await departmentsOf(trx, [userId])).get(userId) ?? null, version: body.version + 1 };
  });
}
