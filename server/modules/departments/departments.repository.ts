/** Departments and affiliations (`departments`, `user_departments`). */
import type { Executor } from '../../core/db/database';

export function listDepartments(db: Executor) {
  return db
    .selectFrom('departments as d')
    .select((eb) => ['d.id', 'd.code', 'd.name', 'd.name_en', 'd.sort_order', 'd.version', 'd.created_at', 'd.updated_at', eb.selectFrom('user_departments as ud').whereRef('ud.department_id', '=', 'd.id').select((e) => e.fn.countAll<number>().as('n')).as('member_count')])
    .orderBy('d.sort_order')
    .orderBy('d.id')
    .execute();
}

export type DepartmentListRow = Awaited<ReturnType<typeof listDepartments>>[number];

export function findDepartment(db: Executor, id: number) {
  return db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertDepartment(db: Executor, row: { code: string; name: string; name_en: string; sort_order: number; created_at: string; updated_at: string }): Promise<number> {
  const r = await db.insertInto('departments').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Applies changes when the version matches; false when it did not. */
export async function updateDepartment(db: Executor, id: number, version: number, changes: { code?: string; name?: string; name_en?: string; sort_order?: number; updated_at: string }): Promise<boolean> {
  const r = await db.updateTable('departments').set({ ...changes, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteDepartment(db: Executor, id: number, version: number): Promise<boolean> {
  const r = await db.deleteFrom('departments').where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export async function memberCount(db: Executor, id: number): Promise<number> {
  const r = await db.selectFrom('user_departments').select((e) => e.fn.countAll<number>().as('n')).where('department_id', '=', id).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Departments of the given people (those with one). */
export function affiliationsOf(db: Executor, userIds: readonly number[]) {
  if (!userIds.length) return Promise.resolve([]);
  return db
    .selectFrom('user_departments as ud')
    .innerJoin('departments as d', 'd.id', 'ud.department_id')
    .select(['ud.user_id', 'd.id', 'd.code', 'd.name', 'd.name_en'])
    .where('ud.user_id', 'in', [...userIds])
    .execute();
}

export async function setAffiliation(db: Executor, userId: number, departmentId: number | null, at: string): Promise<void> {
  await db.deleteFrom('user_departments').where('user_id', '=', userId).execute();
  if (departmentId !== null) await db.insertInto('user_departments').values({ user_id: userId, department_id: departmentId, updated_at: at }).execute();
}

/** How many policies name the department as their issuer. */
export async function policyCount(db: Executor, departmentId: number): Promise<number> {
  const r = await db.selectFrom('policies').select((eb) => eb.fn.countAll().as('n')).where('department_id', '=', departmentId).executeTakeFirstOrThrow();
  return Number(r.n);
}
