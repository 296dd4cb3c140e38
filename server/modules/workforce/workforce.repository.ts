/** Queries of shared employees (共享员工); each takes the db or the caller's transaction. */
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../core/db/database';
import type { WorkforcePlacementsTable, WorkforcePostingsTable, WorkforceProposalsTable, WorkforceWorkersTable } from '../../core/db/schema';

export type PostingRow = Selectable<WorkforcePostingsTable> & { enterprise_name: string };
export type ProposalRow = Selectable<WorkforceProposalsTable>;
export type PlacementRow = Selectable<WorkforcePlacementsTable>;
export type WorkerRow = Selectable<WorkforceWorkersTable>;

export async function findSettings(db: Executor, allianceId: number) {
  return db.selectFrom('workforce_settings').selectAll().where('alliance_id', '=', allianceId).executeTakeFirst();
}

export async function ensureSettings(db: Executor, allianceId: number, at: string) {
  const row = await findSettings(db, allianceId);
  if (row) return row;
  await db.insertInto('workforce_settings').values({ alliance_id: allianceId, max_lend_pct: null, agreement_template: null, updated_at: at }).execute();
  return (await findSettings(db, allianceId))!;
}

const postingSelect = (db: Executor) =>
  db.selectFrom('workforce_postings as p').innerJoin('enterprises as e', 'e.id', 'p.enterprise_id').selectAll('p').select('e.name as enterprise_name');

export async function listPostings(db: Executor, f: { allianceId: number; kind?: string; status?: string; enterpriseIds?: readonly number[] }, page: { offset: number; limit: number }) {
  let q = postingSelect(db).where('p.alliance_id', '=', f.allianceId);
  if (f.kind) q = q.where('p.kind', '=', f.kind);
  if (f.status) q = q.where('p.status', '=', f.status);
  if (f.enterpriseIds) q = q.where('p.enterprise_id', 'in', f.enterpriseIds.length ? [...f.enterpriseIds] : [-1]);
  const items = await q.orderBy('p.id', 'desc').offset(page.offset).limit(page.limit).execute();
  const [total] = await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).execute();
  return { items: items as PostingRow[], total: Number(total!.n) };
}

export async function openPostings(db: Executor, allianceIds: readonly number[], kind: string): Promise<PostingRow[]> {
  return (await postingSelect(db).where('p.alliance_id', 'in', [...allianceIds]).where('p.kind', '=', kind).where('p.status', '=', 'open').orderBy('p.id').execute()) as PostingRow[];
}

export async function findPosting(db: Executor, allianceId: number, id: number): Promise<PostingRow | undefined> {
  return (await postingSelect(db).where('p.alliance_id', '=', allianceId).where('p.id', '=', id).executeTakeFirst()) as PostingRow | undefined;
}

export async function findPostingAny(db: Executor, id: number): Promise<PostingRow | undefined> {
  return (await postingSelect(db).where('p.id', '=', id).executeTakeFirst()) as PostingRow | undefined;
}

export async function postingsByIds(db: Executor, ids: readonly number[]): Promise<PostingRow[]> {
  if (!ids.length) return [];
  return (await postingSelect(db).where('p.id', 'in', [...ids]).execute()) as PostingRow[];
}

export async function insertPosting(db: Executor, row: Insertable<WorkforcePostingsTable>): Promise<number> {
  const r = await db.insertInto('workforce_postings').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Headcount held per posting: accepted proposals (what both firms agreed) and approved ones awaiting the firms. */
export async function committedByPosting(db: Executor, ids: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!ids.length) return out;
  const rows = await db.selectFrom('workforce_proposals').select(['surplus_id', 'shortage_id', 'status', 'headcount', 'accepted_headcount']).where('status', 'in', ['accepted', 'approved'])
    .where((eb) => eb.or([eb('surplus_id', 'in', [...ids]), eb('shortage_id', 'in', [...ids])])).execute();
  for (const r of rows) {
    const n = r.status === 'accepted' ? (r.accepted_headcount ?? 0) : r.headcount;
    out.set(r.surplus_id, (out.get(r.surplus_id) ?? 0) + n);
    out.set(r.shortage_id, (out.get(r.shortage_id) ?? 0) + n);
  }
  return out;
}

/** Workers each firm has out now (agreed or on site). */
export async function lentOutByFirm(db: Executor, firmIds: readonly number[]): Promise<Map<number, number>> {
  if (!firmIds.length) return new Map();
  const rows = await db.selectFrom('workforce_placements').select(['lender_id']).select((eb) => eb.fn.countAll<number>().as('n'))
    .where('lender_id', 'in', [...firmIds]).where('status', 'in', ['proposed', 'agreed', 'on_site']).groupBy('lender_id').execute();
  return new Map(rows.map((r) => [r.lender_id, Number(r.n)]));
}

export async function firmsByIds(db: Executor, ids: readonly number[]) {
  if (!ids.length) return [];
  return db.selectFrom('enterprises').select(['id', 'name', 'headcount', 'main_products', 'district_code', 'industry']).where('id', 'in', [...ids]).execute();
}

export async function listProposals(db: Executor, allianceId: number, status?: string): Promise<ProposalRow[]> {
  let q = db.selectFrom('workforce_proposals').selectAll().where('alliance_id', '=', allianceId);
  if (status) q = q.where('status', '=', status);
  return q.orderBy('id', 'desc').limit(500).execute();
}

export async function findProposal(db: Executor, allianceId: number, id: number) {
  return db.selectFrom('workforce_proposals').selectAll().where('alliance_id', '=', allianceId).where('id', '=', id).executeTakeFirst();
}

export async function insertProposal(db: Executor, row: Insertable<WorkforceProposalsTable>): Promise<number> {
  return (await db.insertInto('workforce_proposals').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function listPlacements(db: Executor, f: { allianceId: number; status?: string; firmIds?: readonly number[] }, page: { offset: number; limit: number }) {
  let q = db.selectFrom('workforce_placements').where('alliance_id', '=', f.allianceId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.firmIds) {
    const ids = f.firmIds.length ? [...f.firmIds] : [-1];
    q = q.where((eb) => eb.or([eb('lender_id', 'in', ids), eb('borrower_id', 'in', ids)]));
  }
  const items = await q.selectAll().orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute();
  const [total] = await q.select((eb) => eb.fn.countAll<number>().as('n')).execute();
  return { items, total: Number(total!.n) };
}

export async function findPlacement(db: Executor, allianceId: number, id: number) {
  return db.selectFrom('workforce_placements').selectAll().where('alliance_id', '=', allianceId).where('id', '=', id).executeTakeFirst();
}

export async function daysWorked(db: Executor, placementIds: readonly number[]): Promise<Map<number, number>> {
  if (!placementIds.length) return new Map();
  const rows = await db.selectFrom('workforce_attendance').select('placement_id').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('placement_id', 'in', [...placementIds]).where('hours', '>', 0).groupBy('placement_id').execute();
  return new Map(rows.map((r) => [r.placement_id, Number(r.n)]));
}

export async function workersByIds(db: Executor, ids: readonly number[]): Promise<WorkerRow[]> {
  if (!ids.length) return [];
  return db.selectFrom('workforce_workers').selectAll().where('id', 'in', [...ids]).execute();
}

export async function findWorker(db: Executor, allianceId: number, id: number) {
  return db.selectFrom('workforce_workers').selectAll().where('alliance_id', '=', allianceId).where('id', '=', id).executeTakeFirst();
}

export async function listWorkers(db: Executor, f: { allianceId: number; enterpriseIds?: readonly number[] }, page: { offset: number; limit: number }) {
  let q = db.selectFrom('workforce_workers').where('alliance_id', '=', f.allianceId).where('erased_at', 'is', null);
  if (f.enterpriseIds) q = q.where('enterprise_id', 'in', f.enterpriseIds.length ? [...f.enterpriseIds] : [-1]);
  const items = await q.selectAll().orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute();
  const [total] = await q.select((eb) => eb.fn.countAll<number>().as('n')).execute();
  return { items, total: Number(total!.n) };
}

export async function duplicatesOf(db: Executor, allianceId: number, hashes: readonly string[]): Promise<{ id: number; id_number_hash: string | null }[]> {
  if (!hashes.length) return [];
  return db.selectFrom('workforce_workers').select(['id', 'id_number_hash']).where('alliance_id', '=', allianceId).where('id_number_hash', 'in', [...hashes]).execute();
}

export async function insertWorker(db: Executor, row: Insertable<WorkforceWorkersTable>): Promise<number> {
  return (await db.insertInto('workforce_workers').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
