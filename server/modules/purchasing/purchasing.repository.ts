/** Queries of group purchasing (Kysely, taking the database or a transaction). */
import type { Insertable, Selectable } from 'kysely';
import type { Dialect } from '../../core/db/column-types';
import type { Executor } from '../../core/db/database';
import type { PurchaseCampaignsTable, PurchaseItemsTable, PurchasePledgesTable } from '../../core/db/schema';

export type CampaignRow = Selectable<PurchaseCampaignsTable>;
export type ItemRow = Selectable<PurchaseItemsTable>;
export type PledgeRow = Selectable<PurchasePledgesTable>;

export async function insertCampaign(db: Executor, row: Insertable<PurchaseCampaignsTable>): Promise<number> {
  const r = await db.insertInto('purchase_campaigns').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertItem(db: Executor, row: Insertable<PurchaseItemsTable>): Promise<number> {
  const r = await db.insertInto('purchase_items').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/**
 * The campaign of an alliance. `lock`: take the row lock (PostgreSQL `FOR UPDATE`) so every
 * pledge, lock and order of one campaign runs one after the other; SQLite has one writer, and
 * Kysely runs its transactions on one connection one at a time.
 */
export async function findCampaign(db: Executor, allianceId: number, id: number, lock: Dialect | null = null): Promise<CampaignRow | undefined> {
  return db
    .selectFrom('purchase_campaigns')
    .selectAll()
    .where('id', '=', id)
    .where('alliance_id', '=', allianceId)
    .$if(lock === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}

/** Open campaigns of every alliance whose pledge deadline is at or before `at` (the deadline job). */
export function dueCampaigns(db: Executor, at: string) {
  return db.selectFrom('purchase_campaigns').select(['id', 'alliance_id']).where('status', '=', 'open').where('pledge_deadline', '<=', at).orderBy('pledge_deadline').orderBy('id').execute();
}

export async function listCampaigns(db: Executor, allianceId: number, status: string | undefined, offset: number, limit: number) {
  const base = db.selectFrom('purchase_campaigns').where('alliance_id', '=', allianceId).$if(status !== undefined, (q) => q.where('status', '=', status!));
  const [items, count] = await Promise.all([
    base.selectAll().orderBy('pledge_deadline', 'desc').orderBy('id', 'desc').offset(offset).limit(limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export async function itemsOf(db: Executor, campaignIds: readonly number[]): Promise<ItemRow[]> {
  if (!campaignIds.length) return [];
  return db.selectFrom('purchase_items').selectAll().where('campaign_id', 'in', [...campaignIds]).orderBy('campaign_id').orderBy('position').execute();
}

export async function pledgesOf(db: Executor, campaignIds: readonly number[], enterpriseId?: number) {
  if (!campaignIds.length) return [];
  return db
    .selectFrom('purchase_pledges as p')
    .innerJoin('enterprises as e', 'e.id', 'p.enterprise_id')
    .selectAll('p')
    .select(['e.name as enterprise_name', 'e.headcount'])
    .where('p.campaign_id', 'in', [...campaignIds])
    .$if(enterpriseId !== undefined, (q) => q.where('p.enterprise_id', '=', enterpriseId!))
    .orderBy('e.name')
    .orderBy('p.item_id')
    .execute();
}
export type PledgeWithFirm = Awaited<ReturnType<typeof pledgesOf>>[number];

export async function findPledge(db: Executor, itemId: number, enterpriseId: number): Promise<PledgeRow | undefined> {
  return db.selectFrom('purchase_pledges').selectAll().where('item_id', '=', itemId).where('enterprise_id', '=', enterpriseId).executeTakeFirst();
}

export async function pledgedTotal(db: Executor, itemId: number): Promise<number> {
  const r = await db.selectFrom('purchase_pledges').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('count'), eb.lit(0)).as('n')).where('item_id', '=', itemId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function deliveriesOf(db: Executor, campaignIds: readonly number[]) {
  if (!campaignIds.length) return [];
  return db.selectFrom('purchase_deliveries').selectAll().where('campaign_id', 'in', [...campaignIds]).orderBy('delivered_on').orderBy('id').execute();
}

/** Member firms of an alliance with headcount and the prevention cover of their latest report. */
export async function membersWithCover(db: Executor, allianceId: number, enterpriseId?: number) {
  const latest = db
    .selectFrom('resumption_reports as r')
    .select(['r.enterprise_id', (eb) => eb.fn.max('r.report_date').as('d')])
    .groupBy('r.enterprise_id')
    .as('l');
  return db
    .selectFrom('alliance_members as am')
    .innerJoin('enterprises as e', 'e.id', 'am.enterprise_id')
    .leftJoin(latest, 'l.enterprise_id', 'e.id')
    .leftJoin('resumption_reports as rr', (j) => j.onRef('rr.enterprise_id', '=', 'e.id').onRef('rr.report_date', '=', 'l.d'))
    .select(['e.id', 'e.name', 'e.headcount', 'rr.prevention_cover_days'])
    .where('am.alliance_id', '=', allianceId)
    .$if(enterpriseId !== undefined, (q) => q.where('e.id', '=', enterpriseId!))
    .orderBy('e.name')
    .execute();
}

/**
 * Per item of every campaign (of one alliance, or all when `allianceId` is null): its campaign's
 * alliance and status, unit, tiers, fixed price and the sums of its pledges. Figures only.
 */
export function itemSums(db: Executor, allianceId: number | null) {
  return db
    .selectFrom('purchase_items as i')
    .innerJoin('purchase_campaigns as c', 'c.id', 'i.campaign_id')
    .leftJoin('purchase_pledges as p', 'p.item_id', 'i.id')
    .select(['i.id', 'c.id as campaign_id', 'c.alliance_id', 'c.status', 'c.pledge_deadline', 'i.unit', 'i.tiers_json', 'i.unit_price_fen'])
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('p.count'), eb.lit(0)).as('pledged'),
      eb.fn.coalesce(eb.fn.sum<number>('p.allocated_count'), eb.lit(0)).as('allocated'),
      eb.fn.coalesce(eb.fn.sum<number>('p.received_count'), eb.lit(0)).as('received'),
    ])
    .$if(allianceId !== null, (q) => q.where('c.alliance_id', '=', allianceId!))
    .groupBy(['i.id', 'c.id', 'c.alliance_id', 'c.status', 'c.pledge_deadline', 'i.unit', 'i.tiers_json', 'i.unit_price_fen'])
    .orderBy('i.id')
    .execute();
}

/** Each (alliance, firm) that pledged in a campaign. */
export function pledgingFirms(db: Executor, allianceId: number | null) {
  return db
    .selectFrom('purchase_pledges as p')
    .innerJoin('purchase_campaigns as c', 'c.id', 'p.campaign_id')
    .select(['c.alliance_id', 'p.enterprise_id'])
    .distinct()
    .$if(allianceId !== null, (q) => q.where('c.alliance_id', '=', allianceId!))
    .execute();
}
