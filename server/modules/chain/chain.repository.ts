/** Queries of the supply-chain map. Every query is scoped to one alliance by the caller. */
import { sql } from 'kysely';
import type { Executor } from '../../core/db/database';

export function listMemberNames(db: Executor, allianceId: number) {
  return db
    .selectFrom('alliance_members as am')
    .innerJoin('enterprises as e', 'e.id', 'am.enterprise_id')
    .select(['e.id', 'e.name'])
    .where('am.alliance_id', '=', allianceId)
    .orderBy('e.name')
    .orderBy('e.id')
    .execute();
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

function links(db: Executor, allianceId: number) {
  return db
    .selectFrom('supply_links as l')
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

export async function listLinks(
  db: Executor,
  allianceId: number,
  f: { visibleTo?: readonly number[]; enterpriseId?: number; itemId?: number; status?: string },
  page: { offset: number; limit: number },
) {
  let q = links(db, allianceId);
  if (f.visibleTo) {
    const ids = [...f.visibleTo];
    q = ids.length ? q.where((eb) => eb.or([eb('l.supplier_id', 'in', ids), eb('l.customer_id', 'in', ids)])) : q.where(sql<boolean>`1 = 0`);
  }
  if (f.enterpriseId) q = q.where((eb) => eb.or([eb('l.supplier_id', '=', f.enterpriseId!), eb('l.customer_id', '=', f.enterpriseId!)]));
  if (f.itemId) q = q.where('l.item_id', '=', f.itemId);
  if (f.status) q = q.where('l.status', '=', f.status);
  const items = await q.select(linkColumns).orderBy('c.name').orderBy('i.name').orderBy('l.id').offset(page.offset).limit(page.limit).execute();
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { items, total: Number(total.n) };
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
  let lq = db.selectFrom('supply_links').select(['id', 'supplier_id', 'customer_id', 'item_id', 'share_bp', 'lead_days', 'status']).where('alliance_id', '=', allianceId);
  if (!includePending) lq = lq.where('status', '=', 'confirmed');
  const [linkRows, needs, items] = await Promise.all([
    lq.orderBy('id').execute(),
    db.selectFrom('chain_needs').select(['enterprise_id', 'item_id', 'essential', 'stock_days']).where('alliance_id', '=', allianceId).execute(),
    listItems(db, allianceId),
  ]);
  return { links: linkRows, needs, items };
}

/** Members with their weight inputs and latest report on or before `today`. */
export function membersForAnalysis(db: Executor, allianceId: number, today: string) {
  return db
    .selectFrom('alliance_members as am')
    .innerJoin('enterprises as e', 'e.id', 'am.enterprise_id')
    .leftJoin('resumption_reports as r', (j) =>
      j.onRef('r.enterprise_id', '=', 'e.id').on((eb) =>
        eb('r.report_date', '=', eb.selectFrom('resumption_reports as r2').select((e2) => e2.fn.max('r2.report_date').as('d')).whereRef('r2.enterprise_id', '=', 'e.id').where('r2.report_date', '<=', today)),
      ),
    )
    .select(['e.id', 'e.name', 'e.headcount', 'e.annual_output_fen', 'r.capacity_pct', 'r.output_pct', 'r.stage', 'r.report_date'])
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
