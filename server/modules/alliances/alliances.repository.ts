/** Queries of alliances and their working groups. */
import type { Executor } from '../../core/db/database';

export function listAlliancesByIds(db: Executor, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('alliances').selectAll().where('id', 'in', ids).orderBy('id').execute();
}

export function findAlliance(db: Executor, id: number) {
  return db.selectFrom('alliances').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findAllianceByName(db: Executor, name: string) {
  return db.selectFrom('alliances').selectAll().where('name', '=', name).executeTakeFirst();
}

export function workingGroupsOf(db: Executor, allianceIds: number[]) {
  if (allianceIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('working_groups as g')
    .leftJoin('users as u', 'u.id', 'g.lead_user_id')
    .select(['g.id', 'g.alliance_id', 'g.kind', 'g.name', 'g.lead_user_id', 'u.display_name as lead_name'])
    .where('g.alliance_id', 'in', allianceIds)
    .orderBy('g.id')
    .execute();
}

export function secretariesOf(db: Executor, allianceIds: number[]) {
  if (allianceIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('user_roles as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.alliance_id', 'u.id', 'u.display_name'])
    .where('r.role', '=', 'secretary')
    .where('r.alliance_id', 'in', allianceIds)
    .orderBy('u.id')
    .execute();
}

export async function memberCounts(db: Executor, allianceIds: number[]): Promise<Map<number, number>> {
  if (allianceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('alliance_members')
    .select(['alliance_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('alliance_id', 'in', allianceIds)
    .groupBy('alliance_id')
    .execute();
  return new Map(rows.map((r) => [r.alliance_id, Number(r.n)]));
}

export async function insertAlliance(db: Executor, row: { name: string; chain: string; industry: string; district_code: string; description: string; at: string }): Promise<number> {
  const r = await db
    .insertInto('alliances')
    .values({ name: row.name, chain: row.chain, industry: row.industry, district_code: row.district_code, description: row.description, created_at: row.at, updated_at: row.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertWorkingGroup(db: Executor, row: { alliance_id: number; kind: string; name: string }) {
  await db.insertInto('working_groups').values({ ...row, lead_user_id: null }).execute();
}

export async function updateAlliance(db: Executor, id: number, version: number, changes: Partial<{ name: string; chain: string; industry: string; district_code: string; description: string; updated_at: string }>) {
  const r = await db
    .updateTable('alliances')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
