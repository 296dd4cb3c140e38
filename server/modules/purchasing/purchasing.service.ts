/**
 * Group purchasing (红色团购): alliance staff open a campaign for epidemic supplies (items with
 * specification, unit, supplier, price tiers by total quantity, minimum total, per-firm cap,
 * stock); member firms pledge until the deadline and see the current tier and their expected
 * cost; at the deadline the campaign locks and, if the supplier confirms less than was pledged,
 * the units are allocated by the campaign's rule (purchasing.allocation.ts); then the supplier
 * order, partial deliveries, each firm's receipt and its settlement statement.
 *
 * Concurrency: every pledge, lock and order of a campaign takes the campaign row's lock first
 * (PostgreSQL `SELECT … FOR UPDATE`; SQLite has a single writer), then re-reads the totals, so
 * many firms pledging at once never pass a cap or the stock and no pledge is lost.
 */
import ExcelJS from 'exceljs';
import { auditFrom, recordAudit, type AuditEntry } from '../../core/audit';
import { can, isAllianceStaff } from '../../core/auth/policy';
import type { Ctx, Deps } from '../../core/context';
import type { Executor, Trx } from '../../core/db/database';
import { AppError, forbidden, notFound, versionConflict, type FieldError } from '../../core/errors';
import type { Created } from '../../core/http/idempotency';
import { tenantOf } from '../../core/tenant';
import { UNITS, type UnitCode } from '../../domain/units';
import { membersOf } from '../tickets/tickets.repository';
import { allocate, type AllocationRule } from './purchasing.allocation';
import { checkTiers, mulFen, quoteTiers, tierIndexAt, type PriceTier } from './purchasing.pricing';
import * as repo from './purchasing.repository';
import type { CampaignResponse, CreateCampaignBody, DeliveryBody, ListCampaignsQuery, PledgeBody, PurchasingFigures } from './purchasing.schema';

type Item = CampaignResponse['items'][number];
type Line = CampaignResponse['mine'][number];

const tiersOf = (row: repo.ItemRow): PriceTier[] => JSON.parse(row.tiers_json) as PriceTier[];

function pledgeOpen(c: Pick<repo.CampaignRow, 'status' | 'pledge_deadline'>, now: Date): boolean {
  return c.status === 'open' && now.getTime() < Date.parse(c.pledge_deadline);
}

interface Loaded {
  items: repo.ItemRow[];
  pledges: repo.PledgeWithFirm[];
  deliveries: Awaited<ReturnType<typeof repo.deliveriesOf>>;
}

async function load(db: Executor, ids: number[]): Promise<Loaded> {
  const [items, pledges, deliveries] = await Promise.all([repo.itemsOf(db, ids), repo.pledgesOf(db, ids), repo.deliveriesOf(db, ids)]);
  return { items, pledges, deliveries };
}

/** Price of one unit now: fixed by the order, else the tier at the total (allocated once locked). */
function presentItem(c: repo.CampaignRow, row: repo.ItemRow, l: Loaded): Item {
  const pledges = l.pledges.filter((p) => p.item_id === row.id);
  const tiers = tiersOf(row);
  const pledgedCount = pledges.reduce((s, p) => s + p.count, 0);
  const locked = c.status !== 'open';
  const allocatedCount = locked ? pledges.reduce((s, p) => s + (p.allocated_count ?? 0), 0) : null;
  const basis = allocatedCount ?? pledgedCount;
  const q = quoteTiers(tiers, [{ id: 0, count: basis }]);
  const deliveries = l.deliveries.filter((d) => d.item_id === row.id);
  return {
    id: row.id,
    name: row.name,
    spec: row.spec,
    unit: row.unit as UnitCode,
    tiers,
    minTotalCount: row.min_total_count,
    perFirmCap: row.per_firm_cap,
    stockCount: row.stock_count,
    dailyUsePer100: row.daily_use_per_100,
    availableCount: row.available_count,
    pledgedCount,
    allocatedCount,
    deliveredCount: deliveries.filter((d) => d.enterprise_id === null).reduce((s, d) => s + d.count, 0),
    receivedCount: deliveries.filter((d) => d.enterprise_id !== null).reduce((s, d) => s + d.count, 0),
    tier: { index: q.tierIndex, unitPriceFen: q.unitPriceFen, next: q.next && { index: q.next.tierIndex, unitPriceFen: q.next.unitPriceFen, unitsToGo: q.next.unitsToGo } },
    minimumReached: basis >= row.min_total_count,
    unitPriceFen: row.unit_price_fen,
  };
}

function presentLine(p: repo.PledgeWithFirm, item: Item): Line {
  const price = item.unitPriceFen ?? item.tier.unitPriceFen;
  return {
    id: p.id,
    itemId: p.item_id,
    enterprise: { id: p.enterprise_id, name: p.enterprise_name },
    count: p.count,
    allocatedCount: p.allocated_count,
    receivedCount: p.received_count,
    expectedCostFen: mulFen(p.allocated_count ?? p.count, price),
    version: p.version,
  };
}

function presentCampaign(c: repo.CampaignRow, l: Loaded, ctx: Ctx, now: Date, withDetail: true): CampaignResponse;
function presentCampaign(c: repo.CampaignRow, l: Loaded, ctx: Ctx, now: Date, withDetail: false): Omit<CampaignResponse, 'items' | 'mine' | 'description' | 'priorityEnterpriseIds'> & { itemCount: number };
function presentCampaign(c: repo.CampaignRow, l: Loaded, ctx: Ctx, now: Date, withDetail: boolean) {
  const items = l.items.filter((i) => i.campaign_id === c.id).map((i) => presentItem(c, i, l));
  const byId = new Map(items.map((i) => [i.id, i]));
  const lines = l.pledges.filter((p) => p.campaign_id === c.id).map((p) => presentLine(p, byId.get(p.item_id)!));
  const base = {
    id: c.id,
    title: c.title,
    supplier: c.supplier,
    status: c.status as CampaignResponse['status'],
    allocationRule: c.allocation_rule as AllocationRule,
    pledgeDeadline: c.pledge_deadline,
    pledgeOpen: pledgeOpen(c, now),
    targetCoverDays: c.target_cover_days,
    firmCount: new Set(lines.filter((x) => x.count > 0).map((x) => x.enterprise.id)).size,
    totalFen: lines.reduce((s, x) => s + x.expectedCostFen, 0),
    lockedAt: c.locked_at,
    orderedAt: c.ordered_at,
    createdAt: c.created_at,
    version: c.version,
  };
  if (!withDetail) return { ...base, itemCount: items.length };
  const mine = isAllianceStaff(ctx.actor) ? [] : lines.filter((x) => ctx.actor.enterpriseIds.includes(x.enterprise.id));
  return { ...base, description: c.description, priorityEnterpriseIds: JSON.parse(c.priority_enterprise_ids) as number[], items, mine };
}

async function loadCampaign(db: Executor, deps: Deps, ctx: Ctx, id: number, lock = false) {
  const c = await repo.findCampaign(db, tenantOf(ctx), id, lock ? deps.dialect : null);
  if (!c) throw notFound();
  return c;
}

async function presentOne(db: Executor, deps: Deps, ctx: Ctx, id: number): Promise<CampaignResponse> {
  const c = await loadCampaign(db, deps, ctx, id);
  return presentCampaign(c, await load(db, [c.id]), ctx, deps.clock.now(), true);
}

export async function listCampaigns(deps: Deps, ctx: Ctx, q: ListCampaignsQuery) {
  const { items, total } = await repo.listCampaigns(deps.db, tenantOf(ctx), q.status, (q.page - 1) * q.pageSize, q.pageSize);
  const l = await load(deps.db, items.map((c) => c.id));
  const now = deps.clock.now();
  return { items: items.map((c) => presentCampaign(c, l, ctx, now, false)), total, page: q.page, pageSize: q.pageSize };
}

export async function getCampaign(deps: Deps, ctx: Ctx, id: number) {
  return presentOne(deps.db, deps, ctx, id);
}

export async function createCampaign(trx: Trx, deps: Deps, ctx: Ctx, body: CreateCampaignBody): Promise<Created<CampaignResponse, 201>> {
  const allianceId = tenantOf(ctx);
  const errors: FieldError[] = body.items.flatMap((it, i) => {
    const problem = checkTiers(it.tiers);
    return problem ? [{ path: `items.${i}.tiers`, code: problem }] : [];
  });
  const priority = [...new Set(body.priorityEnterpriseIds)];
  const members = await membersOf(trx, allianceId, priority);
  priority.forEach((id, i) => {
    if (!members.has(id)) errors.push({ path: `priorityEnterpriseIds.${i}`, code: 'not_a_member' });
  });
  if (errors.length) throw new AppError('validation_failed', {}, errors);
  const now = deps.clock.now();
  const at = now.toISOString();
  const id = await repo.insertCampaign(trx, {
    alliance_id: allianceId, title: body.title, supplier: body.supplier, description: body.description, allocation_rule: body.allocationRule,
    pledge_deadline: new Date(body.pledgeDeadline).toISOString(), target_cover_days: body.targetCoverDays, priority_enterprise_ids: JSON.stringify(priority),
    created_by: ctx.actor.userId, locked_at: null, ordered_at: null, created_at: at, updated_at: at,
  });
  let position = 0;
  for (const it of body.items) {
    await repo.insertItem(trx, {
      campaign_id: id, position: position++, name: it.name, spec: it.spec, unit: it.unit, tiers_json: JSON.stringify(it.tiers), min_total_count: it.minTotalCount,
      per_firm_cap: it.perFirmCap, stock_count: it.stockCount, daily_use_per_100: it.dailyUsePer100, available_count: null, unit_price_fen: null,
    });
  }
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'purchase.create', targetType: 'purchase_campaign', targetId: id, detail: { title: body.title, items: body.items.length } });
  return { status: 201, body: await presentOne(trx, deps, ctx, id) };
}

/** Sets a firm's pledge for one item (0 withdraws it). One transaction under the campaign's lock. */
export async function pledge(deps: Deps, ctx: Ctx, campaignId: number, body: PledgeBody) {
  const allianceId = tenantOf(ctx);
  if (!can(ctx.actor, 'purchase.pledge', { kind: 'enterprise', id: body.enterpriseId })) throw forbidden();
  return deps.db.transaction().execute(async (trx) => {
    const c = await loadCampaign(trx, deps, ctx, campaignId, true);
    const now = deps.clock.now();
    if (!pledgeOpen(c, now)) throw new AppError('pledge_closed', { deadline: c.pledge_deadline });
    if (!(await membersOf(trx, allianceId, [body.enterpriseId])).has(body.enterpriseId)) throw notFound();
    const [item] = (await repo.itemsOf(trx, [c.id])).filter((i) => i.id === body.itemId);
    if (!item) throw notFound();
    if (item.per_firm_cap !== null && body.count > item.per_firm_cap) throw new AppError('pledge_above_cap', { cap: item.per_firm_cap }, [{ path: 'count', code: 'above_cap', params: { cap: item.per_firm_cap } }]);
    const existing = await repo.findPledge(trx, item.id, body.enterpriseId);
    const others = (await repo.pledgedTotal(trx, item.id)) - (existing?.count ?? 0);
    if (item.stock_count !== null && others + body.count > item.stock_count) {
      const remaining = Math.max(0, item.stock_count - others);
      throw new AppError('pledge_above_stock', { remaining }, [{ path: 'count', code: 'above_stock', params: { remaining } }]);
    }
    const at = now.toISOString();
    if (body.count === 0) {
      if (existing) await trx.deleteFrom('purchase_pledges').where('id', '=', existing.id).execute();
    } else if (existing) {
      await trx.updateTable('purchase_pledges').set({ count: body.count, pledged_by: ctx.actor.userId, updated_at: at, version: existing.version + 1 }).where('id', '=', existing.id).execute();
    } else {
      await trx.insertInto('purchase_pledges').values({ campaign_id: c.id, item_id: item.id, enterprise_id: body.enterpriseId, count: body.count, allocated_count: null, pledged_by: ctx.actor.userId, created_at: at, updated_at: at }).execute();
    }
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'purchase.pledge', targetType: 'purchase_campaign', targetId: c.id, detail: { itemId: item.id, enterpriseId: body.enterpriseId, count: body.count, before: existing?.count ?? 0 } });
    const l = await load(trx, [c.id]);
    const it = presentItem(c, item, l);
    const p = l.pledges.find((x) => x.item_id === item.id && x.enterprise_id === body.enterpriseId);
    return { line: p ? presentLine(p, it) : null, item: it };
  });
}

export async function listPledges(deps: Deps, ctx: Ctx, campaignId: number, enterpriseId?: number) {
  const c = await loadCampaign(deps.db, deps, ctx, campaignId);
  const staff = isAllianceStaff(ctx.actor);
  if (enterpriseId !== undefined && !can(ctx.actor, 'purchase.read', { kind: 'enterprise', id: enterpriseId })) throw notFound();
  const l = await load(deps.db, [c.id]);
  const items = new Map(l.items.map((i) => [i.id, presentItem(c, i, l)]));
  const visible = l.pledges.filter((p) => (enterpriseId === undefined || p.enterprise_id === enterpriseId) && (staff || ctx.actor.enterpriseIds.includes(p.enterprise_id)));
  return { items: visible.map((p) => presentLine(p, items.get(p.item_id)!)) };
}

/**
 * Suggested demand: for each item with a daily use, the units that bring the firm's reported
 * prevention days of cover up to the campaign's target, for its headcount:
 * ⌈(target − cover)⁺ × headcount × use per 100 people per day ÷ 100⌉.
 */
export async function suggestions(deps: Deps, ctx: Ctx, campaignId: number, enterpriseId?: number) {
  const c = await loadCampaign(deps.db, deps, ctx, campaignId);
  const staff = isAllianceStaff(ctx.actor);
  if (!staff && (enterpriseId === undefined || !ctx.actor.enterpriseIds.includes(enterpriseId))) {
    if (enterpriseId !== undefined) throw notFound();
    enterpriseId = ctx.actor.enterpriseIds[0];
    if (enterpriseId === undefined) return { items: [] };
  }
  const [firms, items] = await Promise.all([repo.membersWithCover(deps.db, c.alliance_id, enterpriseId), repo.itemsOf(deps.db, [c.id])]);
  const out = [];
  for (const f of firms) {
    for (const it of items) {
      if (it.daily_use_per_100 === null) continue;
      const days = Math.max(0, c.target_cover_days - (f.prevention_cover_days ?? 0));
      const units = BigInt(days) * BigInt(f.headcount) * BigInt(it.daily_use_per_100);
      const suggested = Number((units + 99n) / 100n);
      out.push({ enterprise: { id: f.id, name: f.name }, itemId: it.id, headcount: f.headcount, preventionCoverDays: f.prevention_cover_days, suggestedCount: it.per_firm_cap === null ? suggested : Math.min(suggested, it.per_firm_cap) });
    }
  }
  return { items: out };
}

/**
 * Locks an open campaign under its row lock and allocates, item by item, what the supplier
 * confirmed (`available`; an item not named: its stock, else everything pledged) by the
 * campaign's rule. Audited as `purchase.lock` by whoever `audit` names (a person, or the deadline job).
 */
async function lockAndAllocate(trx: Trx, c: repo.CampaignRow, available: { itemId: number; count: number }[], audit: Omit<AuditEntry, 'action' | 'targetType' | 'targetId' | 'detail'>, automatic: boolean) {
  const l = await load(trx, [c.id]);
  const priority = new Set(JSON.parse(c.priority_enterprise_ids) as number[]);
  const summary: { itemId: number; available: number; allocated: number }[] = [];
  for (const item of l.items) {
    const given = available.find((a) => a.itemId === item.id);
    const pledges = l.pledges.filter((p) => p.item_id === item.id);
    const pledged = pledges.reduce((s, p) => s + p.count, 0);
    const units = given ? given.count : (item.stock_count ?? pledged);
    const lines = allocate(units, pledges.map((p) => ({ id: p.id, pledged: p.count, cap: item.per_firm_cap, headcount: p.headcount, priority: priority.has(p.enterprise_id) })), c.allocation_rule as AllocationRule);
    for (const line of lines) await trx.updateTable('purchase_pledges').set({ allocated_count: line.allocated }).where('id', '=', line.id).execute();
    await trx.updateTable('purchase_items').set({ available_count: units }).where('id', '=', item.id).execute();
    summary.push({ itemId: item.id, available: units, allocated: lines.reduce((s, x) => s + x.allocated, 0) });
  }
  const at = audit.at.toISOString();
  await trx.updateTable('purchase_campaigns').set({ status: 'locked', locked_at: at, updated_at: at, version: c.version + 1 }).where('id', '=', c.id).execute();
  await recordAudit(trx, { ...audit, action: 'purchase.lock', targetType: 'purchase_campaign', targetId: c.id, detail: { items: summary, ...(automatic ? { automatic: true } : {}) } });
}

/** Locks the campaign (at or before the deadline) and allocates what the supplier confirmed. */
export async function lockCampaign(deps: Deps, ctx: Ctx, id: number, body: { version: number; available: { itemId: number; count: number }[] }) {
  return deps.db.transaction().execute(async (trx) => {
    const c = await loadCampaign(trx, deps, ctx, id, true);
    if (c.version !== body.version) throw versionConflict(c.version);
    if (c.status !== 'open') throw new AppError('illegal_transition', { from: c.status, to: 'locked' });
    await lockAndAllocate(trx, c, body.available, auditFrom(ctx, deps.clock.now()), false);
    return presentOne(trx, deps, ctx, c.id);
  });
}

/**
 * The deadline job (run by the server's timer): every open campaign whose pledge deadline has
 * passed is locked and allocated — the supplier's confirmed quantity is not known yet, so each
 * item's stock, else everything pledged, is what is allocated; staff who learn of a shortfall
 * lock by hand before the deadline. One transaction per campaign under its row lock, which
 * re-reads the campaign: a campaign locked meanwhile (by staff or another server process) is
 * left alone, so running the job twice locks nothing twice. Returns the ids locked.
 */
export async function lockDueCampaigns(deps: Deps): Promise<number[]> {
  const now = deps.clock.now();
  const due = await repo.dueCampaigns(deps.db, now.toISOString());
  const locked: number[] = [];
  for (const { id, alliance_id: allianceId } of due) {
    const done = await deps.db.transaction().execute(async (trx) => {
      const c = await repo.findCampaign(trx, allianceId, id, deps.dialect);
      if (!c || pledgeOpen(c, now) || c.status !== 'open') return false;
      await lockAndAllocate(trx, c, [], { actorUserId: null, allianceId, requestId: null, at: now }, true);
      return true;
    });
    if (done) locked.push(id);
  }
  return locked;
}

/** Places the supplier order: every item's price is fixed at the tier of its allocated total. */
export async function orderCampaign(deps: Deps, ctx: Ctx, id: number, version: number) {
  return deps.db.transaction().execute(async (trx) => {
    const c = await loadCampaign(trx, deps, ctx, id, true);
    if (c.version !== version) throw versionConflict(c.version);
    if (c.status !== 'locked') throw new AppError('illegal_transition', { from: c.status, to: 'ordered' });
    const l = await load(trx, [c.id]);
    for (const item of l.items) {
      const total = l.pledges.filter((p) => p.item_id === item.id).reduce((s, p) => s + (p.allocated_count ?? 0), 0);
      if (total < item.min_total_count) throw new AppError('minimum_not_reached', { item: item.name }, [{ path: `items.${item.position}`, code: 'minimum_not_reached' }]);
      const tiers = tiersOf(item);
      await trx.updateTable('purchase_items').set({ unit_price_fen: tiers[tierIndexAt(tiers, total)]!.unitPriceFen }).where('id', '=', item.id).execute();
    }
    const now = deps.clock.now();
    await trx.updateTable('purchase_campaigns').set({ status: 'ordered', ordered_at: now.toISOString(), updated_at: now.toISOString(), version: c.version + 1 }).where('id', '=', c.id).execute();
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'purchase.order', targetType: 'purchase_campaign', targetId: c.id, detail: {} });
    return presentOne(trx, deps, ctx, c.id);
  });
}

/**
 * Records a delivery: the supplier's (partial) delivery to the alliance (staff), or goods handed
 * to a firm, which is its receipt (staff or the firm). Never more than allocated or delivered.
 */
export async function recordDelivery(trx: Trx, deps: Deps, ctx: Ctx, campaignId: number, body: DeliveryBody) {
  const c = await loadCampaign(trx, deps, ctx, campaignId, true);
  if (body.enterpriseId === null ? !can(ctx.actor, 'purchase.manage') : !can(ctx.actor, 'purchase.receive', { kind: 'enterprise', id: body.enterpriseId })) throw forbidden();
  if (c.status !== 'ordered') throw new AppError('illegal_transition', { from: c.status, to: 'delivered' });
  const l = await load(trx, [c.id]);
  const item = l.items.find((i) => i.id === body.itemId);
  if (!item) throw notFound();
  const view = presentItem(c, item, l);
  if (body.enterpriseId === null) {
    if (view.deliveredCount + body.count > (view.allocatedCount ?? 0)) throw new AppError('delivery_above_allocation', {}, [{ path: 'count', code: 'above_allocation' }]);
  } else {
    const p = l.pledges.find((x) => x.item_id === item.id && x.enterprise_id === body.enterpriseId);
    if (!p) throw notFound();
    if (p.received_count + body.count > (p.allocated_count ?? 0) || view.receivedCount + body.count > view.deliveredCount) {
      throw new AppError('receipt_above_delivery', {}, [{ path: 'count', code: 'above_delivery' }]);
    }
    await trx.updateTable('purchase_pledges').set({ received_count: p.received_count + body.count, updated_at: deps.clock.now().toISOString(), version: p.version + 1 }).where('id', '=', p.id).execute();
  }
  const now = deps.clock.now();
  const row = await trx
    .insertInto('purchase_deliveries')
    .values({ campaign_id: c.id, item_id: item.id, enterprise_id: body.enterpriseId, count: body.count, delivered_on: body.deliveredOn, note: body.note, recorded_by: ctx.actor.userId, created_at: now.toISOString() })
    .returningAll()
    .executeTakeFirstOrThrow();
  // Everything allocated handed out: the campaign is complete.
  const after = await load(trx, [c.id]);
  const done = after.items.every((i) => after.pledges.filter((p) => p.item_id === i.id).every((p) => p.received_count >= (p.allocated_count ?? 0)));
  if (done) await trx.updateTable('purchase_campaigns').set({ status: 'completed', updated_at: now.toISOString(), version: c.version + 1 }).where('id', '=', c.id).execute();
  await recordAudit(trx, { ...auditFrom(ctx, now), action: body.enterpriseId === null ? 'purchase.deliver' : 'purchase.receive', targetType: 'purchase_campaign', targetId: c.id, detail: { itemId: item.id, enterpriseId: body.enterpriseId, count: body.count } });
  return { status: 201 as const, body: { id: row.id, itemId: row.item_id, enterpriseId: row.enterprise_id, count: row.count, deliveredOn: row.delivered_on, note: row.note, createdAt: row.created_at } };
}

export async function listDeliveries(deps: Deps, ctx: Ctx, campaignId: number) {
  const c = await loadCampaign(deps.db, deps, ctx, campaignId);
  const staff = isAllianceStaff(ctx.actor);
  const rows = (await repo.deliveriesOf(deps.db, [c.id])).filter((d) => staff || d.enterprise_id === null || ctx.actor.enterpriseIds.includes(d.enterprise_id));
  return { items: rows.map((row) => ({ id: row.id, itemId: row.item_id, enterpriseId: row.enterprise_id, count: row.count, deliveredOn: row.delivered_on, note: row.note, createdAt: row.created_at })) };
}

/** Fen as yuan text, exact ("1234.50"). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** A firm's settlement statement (.xlsx): its lines, unit prices and amounts, exact to the fen. */
export async function settlement(deps: Deps, ctx: Ctx, campaignId: number, enterpriseId: number): Promise<{ filename: string; data: Buffer }> {
  if (!can(ctx.actor, 'purchase.settlement', { kind: 'enterprise', id: enterpriseId })) throw notFound();
  const c = await loadCampaign(deps.db, deps, ctx, campaignId);
  const l = await load(deps.db, [c.id]);
  const lines = l.pledges.filter((p) => p.enterprise_id === enterpriseId);
  if (!lines.length) throw notFound();
  const en = ctx.locale === 'en-US';
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Fugong';
  const ws = wb.addWorksheet(en ? 'Settlement' : '结算单');
  ws.columns = [{ width: 22 }, { width: 22 }, { width: 10 }, { width: 12 }, { width: 12 }, { width: 12 }, { width: 14 }, { width: 16 }];
  ws.addRow([en ? 'Group purchase settlement statement' : '红色团购结算单']).font = { bold: true, size: 14 };
  ws.addRow([en ? 'Campaign' : '团购活动', c.title]);
  ws.addRow([en ? 'Supplier' : '供应商', c.supplier]);
  ws.addRow([en ? 'Enterprise' : '企业', lines[0]!.enterprise_name]);
  ws.addRow([en ? 'Status' : '状态', c.status]);
  ws.addRow([]);
  const header = ws.addRow(en ? ['Item', 'Specification', 'Unit', 'Pledged', 'Allocated', 'Received', 'Unit price (yuan)', 'Amount (yuan)'] : ['品名', '规格', '单位', '认购数量', '分配数量', '已签收', '单价（元）', '金额（元）']);
  header.font = { bold: true };
  let total = 0;
  for (const p of lines) {
    const item = presentItem(c, l.items.find((i) => i.id === p.item_id)!, l);
    const line = presentLine(p, item);
    total += line.expectedCostFen;
    ws.addRow([item.name, item.spec, en ? UNITS[item.unit].en : UNITS[item.unit].zh, p.count, p.allocated_count ?? '', p.received_count, yuan(item.unitPriceFen ?? item.tier.unitPriceFen), yuan(line.expectedCostFen)]);
  }
  ws.addRow([en ? 'Total' : '合计', '', '', '', '', '', '', yuan(total)]).font = { bold: true };
  const data = Buffer.from(await wb.xlsx.writeBuffer());
  return { filename: `settlement-${c.id}-${enterpriseId}.xlsx`, data };
}

/** Totals of the alliance's campaigns (overview). */
export async function totals(deps: Deps, ctx: Ctx) {
  const allianceId = tenantOf(ctx);
  const campaigns = await deps.db.selectFrom('purchase_campaigns').selectAll().where('alliance_id', '=', allianceId).execute();
  const l = await load(deps.db, campaigns.map((c) => c.id));
  const byKey = new Map<string, { name: string; unit: UnitCode; pledgedCount: number; allocatedCount: number; receivedCount: number }>();
  let orderedFen = 0;
  for (const c of campaigns) {
    for (const row of l.items.filter((i) => i.campaign_id === c.id)) {
      const it = presentItem(c, row, l);
      const key = `${it.name}\u0000${it.unit}`;
      const acc = byKey.get(key) ?? { name: it.name, unit: it.unit, pledgedCount: 0, allocatedCount: 0, receivedCount: 0 };
      acc.pledgedCount += it.pledgedCount;
      acc.allocatedCount += it.allocatedCount ?? 0;
      acc.receivedCount += it.receivedCount;
      byKey.set(key, acc);
      if (it.unitPriceFen !== null) orderedFen += mulFen(it.allocatedCount ?? 0, it.unitPriceFen);
    }
  }
  const now = deps.clock.now();
  return {
    campaigns: campaigns.length,
    openCampaigns: campaigns.filter((c) => pledgeOpen(c, now)).length,
    firms: new Set(l.pledges.map((p) => p.enterprise_id)).size,
    orderedFen,
    items: [...byKey.values()].sort((a, b) => b.receivedCount - a.receivedCount || a.name.localeCompare(b.name)),
  };
}

export const emptyFigures = (): PurchasingFigures => ({ campaigns: 0, openCampaigns: 0, firms: 0, units: [], committedFen: 0, orderedFen: 0 });

/**
 * Group-purchase figures per alliance (of one alliance, or every one when `allianceId` is null),
 * and their sum (firms counted once). Money exact to the fen: an item's cost is its units times
 * one price (the ordered price, else the tier at its total), so the sum equals the firms' lines.
 */
export async function figuresBy(deps: Deps, allianceId: number | null): Promise<{ byAlliance: Map<number, PurchasingFigures>; total: PurchasingFigures }> {
  const [rows, firms] = await Promise.all([repo.itemSums(deps.db, allianceId), repo.pledgingFirms(deps.db, allianceId)]);
  const now = deps.clock.now();
  const byAlliance = new Map<number, PurchasingFigures>();
  const total = emptyFigures();
  const campaigns = new Map<number, { alliance: number; open: boolean }>();
  const addUnits = (f: PurchasingFigures, unit: UnitCode, pledged: number, allocated: number, received: number) => {
    let u = f.units.find((x) => x.unit === unit);
    if (!u) f.units.push((u = { unit, pledgedCount: 0, allocatedCount: 0, receivedCount: 0 }));
    u.pledgedCount += pledged;
    u.allocatedCount += allocated;
    u.receivedCount += received;
  };
  for (const r of rows) {
    const f = byAlliance.get(r.alliance_id) ?? emptyFigures();
    byAlliance.set(r.alliance_id, f);
    campaigns.set(r.campaign_id, { alliance: r.alliance_id, open: pledgeOpen(r, now) });
    const [pledged, allocated, received] = [Number(r.pledged), Number(r.allocated), Number(r.received)];
    const locked = r.status !== 'open';
    const basis = locked ? allocated : pledged;
    const tiers = JSON.parse(r.tiers_json) as PriceTier[];
    const price = r.unit_price_fen ?? tiers[tierIndexAt(tiers, basis)]!.unitPriceFen;
    const committed = mulFen(basis, price);
    const ordered = r.unit_price_fen === null ? 0 : mulFen(allocated, r.unit_price_fen);
    for (const x of [f, total]) {
      addUnits(x, r.unit as UnitCode, pledged, locked ? allocated : 0, received);
      x.committedFen += committed;
      x.orderedFen += ordered;
    }
  }
  for (const { alliance, open } of campaigns.values()) {
    const f = byAlliance.get(alliance)!;
    f.campaigns++;
    total.campaigns++;
    if (open) {
      f.openCampaigns++;
      total.openCampaigns++;
    }
  }
  for (const r of firms) {
    const f = byAlliance.get(r.alliance_id);
    if (f) f.firms++;
  }
  total.firms = new Set(firms.map((r) => r.enterprise_id)).size;
  for (const f of [total, ...byAlliance.values()]) f.units.sort((a, b) => a.unit.localeCompare(b.unit));
  return { byAlliance, total };
}

/** The alliance's group-purchase figures (overview). */
export async function figures(deps: Deps, ctx: Ctx): Promise<PurchasingFigures> {
  return (await figuresBy(deps, tenantOf(ctx))).total;
}
