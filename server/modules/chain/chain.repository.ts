/** Queries of the supply-chain map. Every query is scoped to one alliance by the caller. */
import { sql } from 'kysely';
import type { Executor } from '../../core/db/database';
import { escapeLike, isLatestReport, latestCopyServes, latestSource, likeEscaped } from '../enterprises/enterprises.repository';

/**
 * The alliance's members' names in name order, from `member_keys` (migration 0024: one row per
 * membership with the firm's name, kept by triggers): a range of its per-alliance name index,
 * without joining and sorting the firms (60,000 of them at city scale). At most `limit` names
 * (plus one, to tell whether there are more); `q` keeps names containing it, `ids` those members.
 */
export function listMemberNames(db: Executor, allianceId: number, f: { q?: string; ids?: readonly number[]; limit: number }) {
  let q = db
    .selectFrom('member_keys as k')
    .select(['k.enterprise_id as id', 'k.name'])
    .where('k.alliance_id', '=', allianceId);
  if (f.q) q = q.where(likeEscaped('k.name', `%${escapeLike(f.q)}%`));
  if (f.ids) q = q.where('k.enterprise_id', 'in', [...f.ids]);
  return q.orderBy('k.name').orderBy('k.enterprise_id').limit(f.limit + 1).execute();
}

export function listItems(db: Executor, allianceId: number) {
  return db.selectFrom('chain_items').select(['id', 'name']).where('alliance_id', '=', allianceId).orderBy('name').execute();
}

export function findItem(db: Executor, allianceId: number, id: number) {
  return db.selectFrom('chain_items').select(['id', 'name']).where('alliance_id', '=', allianceId).where('id', '=', id).executeTakeFirst();
}

export async function insertItem(db: Executor, allianceId: number, name: string, at: string): Promise<number> {
  const r = await db.insertInto('chain_items').values({ alliance_id: allianceId, name, created_at: at }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export function findItemByName(db: Executor, allianceId: number, name: string) {
  return db.selectFrom('chain_items').select(['id', 'name']).where('alliance_id', '=', allianceId).where('name', '=', name).executeTakeFirst();
}

const linkColumns = [
  'l.id', 'l.supplier_id', 'l.customer_id', 'l.item_id', 'l.share_bp', 'l.lead_days', 'l.status', 'l.declared_by',
  'l.confirmed_at', 'l.version', 'l.updated_at', 's.name as supplier_name', 'c.name as customer_name', 'i.name as item_name',
  'n.essential', 'n.stock_days',
] as const;

/**
 * The alliance's links between its current members: a link of a firm that left (or was removed)
 * stays stored, but the alliance no longer reads it (and reads it again if the firm rejoins).
 */
function links(db: Executor, allianceId: number) {
  return db
    .selectFrom('supply_links as l')
    .innerJoin('alliance_members as sm', (j) => j.onRef('sm.enterprise_id', '=', 'l.supplier_id').on('sm.alliance_id', '=', allianceId))
    .innerJoin('alliance_members as cm', (j) => j.onRef('cm.enterprise_id', '=', 'l.customer_id').on('cm.alliance_id', '=', allianceId))
    .innerJoin('enterprises as s', 's.id', 'l.supplier_id')
    .innerJoin('enterprises as c', 'c.id', 'l.customer_id')
    .innerJoin('chain_items as i', 'i.id', 'l.item_id')
    .leftJoin('chain_needs as n', (j) => j.onRef('n.enterprise_id', '=', 'l.customer_id').onRef('n.item_id', '=', 'l.item_id').on('n.alliance_id', '=', allianceId))
    .where('l.alliance_id', '=', allianceId);
}

export type LinkRow = Awaited<ReturnType<typeof findLink>> & {};

export function findLink(db: Executor, allianceId: number, id: number) {
  return links(db, allianceId).select(linkColumns).where('l.id', '=', id).executeTakeFirst();
}

/**
 * A page of the alliance's links (between current members) in customer and item name order, from
 * `link_keys` (migration 0025: the names and `live` per link, kept by triggers): the page's ids
 * are a range of its `(alliance_id, live, customer_name, item_name, link_id)` index and the count
 * an index scan, without joining and sorting the alliance's links; then the page's rows by id.
 */
export async function listLinks(
  db: Executor,
  allianceId: number,
  f: { visibleTo?: readonly number[]; enterpriseId?: number; itemId?: number; status?: string },
  page: { offset: number; limit: number },
) {
  let q = db.selectFrom('link_keys as k').where('k.alliance_id', '=', allianceId).where('k.live', '=', 1);
  if (f.visibleTo) {
    const ids = [...f.visibleTo];
    q = ids.length ? q.where((eb) => eb.or([eb('k.supplier_id', 'in', ids), eb('k.customer_id', 'in', ids)])) : q.where(sql<boolean>`1 = 0`);
  }
  if (f.enterpriseId) q = q.where((eb) => eb.or([eb('k.supplier_id', '=', f.enterpriseId!), eb('k.customer_id', '=', f.enterpriseId!)]));
  if (f.itemId) q = q.where('k.item_id', '=', f.itemId);
  if (f.status) q = q.where('k.status', '=', f.status);
  const [ids, total] = await Promise.all([
    q.select('k.link_id').orderBy('k.customer_name').orderBy('k.item_name').orderBy('k.link_id').offset(page.offset).limit(page.limit).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const rows = await pageRows(db, allianceId, ids.map((r) => r.link_id));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { items: ids.flatMap((r) => byId.get(r.link_id) ?? []), total: Number(total.n) };
}

/**
 * The page's links with their firms' and item's names and the customer's need, in three small
 * queries rather than one join: membership was checked by `live`, and PostgreSQL plans a join of
 * five tables in longer than it runs these (80–160 ms at load average 12).
 */
async function pageRows(db: Executor, allianceId: number, ids: number[]): Promise<LinkRow[]> {
  if (!ids.length) return [];
  const links = await db
    .selectFrom('supply_links as l')
    .leftJoin('chain_needs as n', (j) => j.onRef('n.enterprise_id', '=', 'l.customer_id').onRef('n.item_id', '=', 'l.item_id').on('n.alliance_id', '=', allianceId))
    .select(['l.id', 'l.supplier_id', 'l.customer_id', 'l.item_id', 'l.share_bp', 'l.lead_days', 'l.status', 'l.declared_by', 'l.confirmed_at', 'l.version', 'l.updated_at', 'n.essential', 'n.stock_days'])
    .where('l.alliance_id', '=', allianceId)
    .where('l.id', 'in', ids)
    .execute();
  if (!links.length) return [];
  const [firms, items] = await Promise.all([
    db.selectFrom('enterprises').select(['id', 'name']).where('id', 'in', [...new Set(links.flatMap((l) => [l.supplier_id, l.customer_id]))]).execute(),
    db.selectFrom('chain_items').select(['id', 'name']).where('id', 'in', [...new Set(links.map((l) => l.item_id))]).execute(),
  ]);
  const firm = new Map(firms.map((f) => [f.id, f.name]));
  const item = new Map(items.map((i) => [i.id, i.name]));
  return links.flatMap((l) => {
    const [supplier_name, customer_name, item_name] = [firm.get(l.supplier_id), firm.get(l.customer_id), item.get(l.item_id)];
    return supplier_name === undefined || customer_name === undefined || item_name === undefined ? [] : [{ ...l, supplier_name, customer_name, item_name }];
  });
}

/** Sum of shares (basis points) of a customer's item over all links but `exceptLinkId`. */
export async function shareTotal(db: Executor, allianceId: number, customerId: number, itemId: number, exceptLinkId?: number): Promise<number> {
  let q = db
    .selectFrom('supply_links')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('share_bp'), sql<number>`0`).as('total'))
    .where('alliance_id', '=', allianceId)
    .where('customer_id', '=', customerId)
    .where('item_id', '=', itemId);
  if (exceptLinkId) q = q.where('id', '!=', exceptLinkId);
  return Number((await q.executeTakeFirstOrThrow()).total);
}

export async function insertLink(db: Executor, row: { alliance_id: number; supplier_id: number; customer_id: number; item_id: number; share_bp: number; lead_days: number; status: string; declared_by: string; declared_by_user: number; confirmed_by_user: number | null; confirmed_at: string | null; created_at: string; updated_at: string }) {
  const r = await db.insertInto('supply_links').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateLink(db: Executor, id: number, version: number, changes: Partial<{ share_bp: number; lead_days: number; status: string; confirmed_by_user: number | null; confirmed_at: string | null; updated_at: string }>) {
  const r = await db.updateTable('supply_links').set((eb) => ({ ...changes, version: eb('version', '+', 1) })).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteLink(db: Executor, id: number, version: number) {
  const r = await db.deleteFrom('supply_links').where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Creates or updates a customer's need of an item (essential flag, stock in days). */
export async function upsertNeed(db: Executor, n: { allianceId: number; enterpriseId: number; itemId: number; essential?: boolean; stockDays?: number; at: string }) {
  const existing = await db.selectFrom('chain_needs').select(['id']).where('alliance_id', '=', n.allianceId).where('enterprise_id', '=', n.enterpriseId).where('item_id', '=', n.itemId).executeTakeFirst();
  if (!existing) {
    await db.insertInto('chain_needs').values({ alliance_id: n.allianceId, enterprise_id: n.enterpriseId, item_id: n.itemId, essential: n.essential === false ? 0 : 1, stock_days: n.stockDays ?? 0, updated_at: n.at }).execute();
    return;
  }
  const changes: { essential?: number; stock_days?: number; updated_at: string } = { updated_at: n.at };
  if (n.essential !== undefined) changes.essential = n.essential ? 1 : 0;
  if (n.stockDays !== undefined) changes.stock_days = n.stockDays;
  await db.updateTable('chain_needs').set((eb) => ({ ...changes, version: eb('version', '+', 1) })).where('id', '=', existing.id).execute();
}

/** Everything the engine needs about an alliance's map, in plain rows. */
export async function loadMap(db: Executor, allianceId: number, includePending: boolean) {
  // Links between current members only (see `links`).
  let lq = db
    .selectFrom('supply_links as l')
    .innerJoin('alliance_members as sm', (j) => j.onRef('sm.enterprise_id', '=', 'l.supplier_id').on('sm.alliance_id', '=', allianceId))
    .innerJoin('alliance_members as cm', (j) => j.onRef('cm.enterprise_id', '=', 'l.customer_id').on('cm.alliance_id', '=', allianceId))
    .select(['l.id', 'l.supplier_id', 'l.customer_id', 'l.item_id', 'l.share_bp', 'l.lead_days', 'l.status'])
    .where('l.alliance_id', '=', allianceId);
  if (!includePending) lq = lq.where('l.status', '=', 'confirmed');
  const [linkRows, needs, items] = await Promise.all([
    lq.orderBy('l.id').execute(),
    db.selectFrom('chain_needs').select(['enterprise_id', 'item_id', 'essential', 'stock_days']).where('alliance_id', '=', allianceId).execute(),
    listItems(db, allianceId),
  ]);
  return { links: linkRows, needs, items };
}

/** Members with their weight inputs and latest report on or before `today`. */
export async function membersForAnalysis(db: Executor, allianceId: number, today: string) {
  const copy = await latestCopyServes(db, today);
  return db
    .selectFrom('alliance_members as am')
    .innerJoin('enterprises as e', 'e.id', 'am.enterprise_id')
    .leftJoin(latestSource(copy), (j) =>
      j.onRef('r.enterprise_id', '=', 'e.id').on(isLatestReport(copy, today)),
    )
    .select(['e.id', 'e.name', 'e.headcount', 'e.district_code', 'e.annual_output_fen', 'r.capacity_pct', 'r.output_pct', 'r.stage', 'r.report_date', 'r.material_cover_days', 'r.blockers_json'])
    .where('am.alliance_id', '=', allianceId)
    .orderBy('e.id')
    .execute();
}

export function listScenarios(db: Executor, allianceId: number) {
  return db.selectFrom('chain_scenarios').selectAll().where('alliance_id', '=', allianceId).orderBy('id', 'desc').execute();
}

export function findScenario(db: Executor, allianceId: number, id: number) {
  return db.selectFrom('chain_scenarios').selectAll().where('alliance_id', '=', allianceId).where('id', '=', id).executeTakeFirst();
}

export async function insertScenario(db: Executor, row: { alliance_id: number; name: string; changes_json: string; created_by: number; created_at: string; updated_at: string }) {
  const r = await db.insertInto('chain_scenarios').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateScenario(db: Executor, id: number, version: number, changes: Partial<{ name: string; changes_json: string; updated_at: string }>) {
  const r = await db.updateTable('chain_scenarios').set((eb) => ({ ...changes, version: eb('version', '+', 1) })).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteScenario(db: Executor, id: number) {
  await db.deleteFrom('chain_scenarios').where('id', '=', id).execute();
}

// Analysis jobs ------------------------------------------------------------------------------

/** A job waiting for or running in its process's worker thread. */
export const ACTIVE_JOB_STATUSES = ['queued', 'running'] as const;
const FINISHED_JOB_STATUSES = ['done', 'failed', 'cancelled'] as const;

/** Every column but the result (polls of a running job never load it). */
const jobColumns = [
  'id', 'alliance_id', 'requested_by', 'kind', 'params_json', 'request_key', 'status', 'phase', 'progress_done', 'progress_total',
  'error_code', 'error_detail', 'result_bytes', 'process_id', 'created_at', 'started_at', 'finished_at', 'heartbeat_at',
] as const;

export interface JobProgress {
  phase: string;
  done: number;
  total: number;
}

/**
 * Inserts a queued job unless an identical one (same alliance, requester and request key) is
 * already queued or running — the partial unique index decides, also between processes.
 * Returns whether the row was inserted.
 */
export async function insertJob(
  db: Executor,
  row: { id: string; alliance_id: number; requested_by: number; kind: string; params_json: string; request_key: string; phase: string; process_id: string; created_at: string },
): Promise<boolean> {
  const r = await db
    .insertInto('chain_analysis_jobs')
    .values({ ...row, status: 'queued', heartbeat_at: row.created_at })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

export function findJob(db: Executor, id: string) {
  return db.selectFrom('chain_analysis_jobs').select(jobColumns).where('id', '=', id).executeTakeFirst();
}

export type JobRow = NonNullable<Awaited<ReturnType<typeof findJob>>>;

export function findActiveJob(db: Executor, allianceId: number, userId: number, requestKey: string) {
  return db
    .selectFrom('chain_analysis_jobs')
    .select(jobColumns)
    .where('alliance_id', '=', allianceId)
    .where('requested_by', '=', userId)
    .where('request_key', '=', requestKey)
    .where('status', 'in', ACTIVE_JOB_STATUSES)
    .executeTakeFirst();
}

/** The alliance's latest finished analyses (newest first), with their parameters. */
export function latestDoneJobs(db: Executor, allianceId: number, kind: string, limit = 20) {
  return db
    .selectFrom('chain_analysis_jobs')
    .select(['id', 'params_json', 'finished_at'])
    .where('alliance_id', '=', allianceId)
    .where('kind', '=', kind)
    .where('status', '=', 'done')
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function jobResult(db: Executor, id: string): Promise<Buffer | null> {
  const r = await db.selectFrom('chain_analysis_jobs').select('result_gzip').where('id', '=', id).executeTakeFirst();
  return r?.result_gzip ?? null;
}

/** The worker thread is up. */
export async function markJobRunning(db: Executor, id: string, at: string) {
  await db.updateTable('chain_analysis_jobs').set({ status: 'running', started_at: at, heartbeat_at: at }).where('id', '=', id).where('status', '=', 'queued').execute();
}

export async function writeJobProgress(db: Executor, id: string, p: JobProgress, at: string) {
  await db
    .updateTable('chain_analysis_jobs')
    .set({ phase: p.phase, progress_done: p.done, progress_total: p.total, heartbeat_at: at })
    .where('id', '=', id)
    .where('status', 'in', ACTIVE_JOB_STATUSES)
    .execute();
}

/** The heartbeat of the jobs this process runs. */
export async function touchJobs(db: Executor, ids: string[], at: string) {
  if (!ids.length) return;
  await db.updateTable('chain_analysis_jobs').set({ heartbeat_at: at }).where('id', 'in', ids).where('status', 'in', ACTIVE_JOB_STATUSES).execute();
}

/** Ends a job that is still queued or running; false when someone else ended it first. */
export async function finishJob(
  db: Executor,
  id: string,
  end: { status: 'done' | 'failed' | 'cancelled'; progress: JobProgress; errorCode: string | null; errorDetail: string | null; resultGzip: Buffer | null; resultBytes: number | null; at: string },
): Promise<boolean> {
  const r = await db
    .updateTable('chain_analysis_jobs')
    .set({
      status: end.status, phase: end.progress.phase, progress_done: end.progress.done, progress_total: end.progress.total,
      error_code: end.errorCode, error_detail: end.errorDetail, result_gzip: end.resultGzip, result_bytes: end.resultBytes, finished_at: end.at, heartbeat_at: end.at,
    })
    .where('id', '=', id)
    .where('status', 'in', ACTIVE_JOB_STATUSES)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Fails the queued/running jobs whose heartbeat is older than `cutoff` (their process died) —
 * all of them, or only job `id`. Returns how many.
 */
export async function failStaleJobs(db: Executor, cutoff: string, at: string, errorCode: string, id?: string): Promise<number> {
  let q = db
    .updateTable('chain_analysis_jobs')
    .set({ status: 'failed', error_code: errorCode, error_detail: sql<string>`'no heartbeat from ' || process_id || ' since ' || heartbeat_at`, finished_at: at })
    .where('status', 'in', ACTIVE_JOB_STATUSES)
    .where('heartbeat_at', '<', cutoff);
  if (id !== undefined) q = q.where('id', '=', id);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Deletes finished jobs (and their results) that finished before `cutoff`. */
export async function pruneJobs(db: Executor, cutoff: string): Promise<number> {
  const r = await db.deleteFrom('chain_analysis_jobs').where('status', 'in', FINISHED_JOB_STATUSES).where('finished_at', '<', cutoff).executeTakeFirst();
  return Number(r.numDeletedRows);
}
