/** Rows of the scheduled briefings (0021). */
import type { Executor } from '../../core/db/database';

export const scopeKey = (allianceId: number | null) => (allianceId === null ? 'city' : `alliance:${allianceId}`);

export function findBriefing(db: Executor, allianceId: number | null, period: string, toDate: string) {
  return db.selectFrom('briefings').selectAll().where('scope_key', '=', scopeKey(allianceId)).where('period', '=', period).where('to_date', '=', toDate).executeTakeFirst();
}

export function findBriefingById(db: Executor, id: number) {
  return db.selectFrom('briefings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts the row unless another process did first (then null). */
export async function insertBriefing(db: Executor, row: { alliance_id: number | null; period: string; from_date: string; to_date: string; created_at: string }): Promise<number | null> {
  const r = await db
    .insertInto('briefings')
    .values({ ...row, scope_key: scopeKey(row.alliance_id) })
    .onConflict((oc) => oc.columns(['scope_key', 'period', 'to_date']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

/**
 * Takes over a claim its process left unfinished (it crashed or was stopped between claiming and
 * storing the files): true when this caller now holds it. `claimedAt` is what the caller read, so
 * of two processes taking over the same claim only one succeeds.
 */
export async function reclaimBriefing(db: Executor, id: number, claimedAt: string, now: string): Promise<boolean> {
  const r = await db.updateTable('briefings').set({ created_at: now }).where('id', '=', id).where('created_at', '=', claimedAt).where('xlsx_file_id', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db.deleteFrom('files').where('owner_type', '=', 'briefing').where('owner_id', '=', id).execute();
  return true;
}

export async function deleteBriefing(db: Executor, id: number) {
  await db.deleteFrom('files').where('owner_type', '=', 'briefing').where('owner_id', '=', id).execute();
  await db.deleteFrom('briefings').where('id', '=', id).execute();
}

export async function setFiles(db: Executor, id: number, files: { xlsx_file_id: number; pdf_file_id: number | null }) {
  await db.updateTable('briefings').set(files).where('id', '=', id).execute();
}

/** Newest first: one alliance's, or the city's (`allianceId` null). */
export async function listBriefings(db: Executor, allianceId: number | null, page: { offset: number; limit: number }) {
  const base = db.selectFrom('briefings').where('scope_key', '=', scopeKey(allianceId)).where('xlsx_file_id', 'is not', null);
  const [items, total] = await Promise.all([
    base.selectAll().orderBy('to_date', 'desc').orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}
