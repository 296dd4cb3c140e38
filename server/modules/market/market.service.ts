/**
 * Resource and order co-sharing (资源共济 · 订单共商). The board of offers and needs of an
 * alliance's members, matching proposals (market.matching.ts) that become deals when both sides
 * confirm, with what was delivered and received; orders a member cannot fill, quotes of other
 * members, the poster's split (market.split.ts) and deliveries.
 *
 * Commercial details — an order's target price and customer, the quotes' prices, a deal's price
 * — are shown only to the parties (the poster, the quoting firm, the two firms of a deal) and the
 * alliance staff; other members see that the order exists, what and how much is wanted, by when.
 *
 * Urgent needs: a need is flagged `urgent` (and ranked first) when the chain engine's current
 * forecast (chain.forecast.ts) shows the posting firm, or one of its customers on the chain map,
 * breaking with the need's item as the binding input; `urgentBreak` names the earliest such
 * break (firm, day, item) to explain the flag.
 */
import { auditFrom, recordAudit } from '../../core/audit';
import { can, isAllianceStaff } from '../../core/auth/policy';
import type { Ctx, Deps } from '../../core/context';
import type { Executor, Trx } from '../../core/db/database';
import type { MarketPostsTable } from '../../core/db/schema';
import { AppError, forbidden, notFound, versionConflict } from '../../core/errors';
import { tenantOf } from '../../core/tenant';
import type { UnitCode } from '../../domain/units';
import { currentForecast } from '../chain/chain.forecast';
import { membersOf } from '../tickets/tickets.repository';
import { bindingInputs, fit, matchBoard, normaliseItem, type BoardEntry, type NeedEntry, type ResourceKind, type UrgentItems, type Urgency } from './market.matching';
import { checkSplit, suggestSplit } from './market.split';
import type { z } from 'zod';
import * as repo from './market.repository';
import type { CreateDealBody, CreateOrderBody, CreatePostBody, CreateQuoteBody, DealStepBody, MarketFigures, SplitBody } from './market.schema';
import type { Selectable } from 'kysely';

type PostRow = Selectable<MarketPostsTable> & { enterprise_name: string };

function ownFirm(ctx: Ctx, enterpriseId: number) {
  if (!can(ctx.actor, 'market.post', { kind: 'enterprise', id: enterpriseId })) throw forbidden();
}

async function checkMember(db: Executor, allianceId: number, enterpriseId: number) {
  if (!(await membersOf(db, allianceId, [enterpriseId])).has(enterpriseId)) throw notFound();
}

async function urgentItems(deps: Deps, db: Executor, allianceId: number): Promise<UrgentItems> {
  return bindingInputs(await currentForecast(deps, allianceId, db));
}

const urgencyOf = (urgent: UrgentItems, r: { side: string; enterprise_id: number; item: string }): Urgency | null =>
  (r.side === 'need' && urgent.get(r.enterprise_id)?.get(normaliseItem(r.item))) || null;

function urgentView(u: Urgency | null) {
  return { urgent: u !== null, urgentBreak: u && { enterprise: { id: u.enterpriseId, name: u.name }, day: u.day, item: u.item } };
}

function presentPost(r: PostRow, urgent: UrgentItems) {
  return {
    id: r.id, enterprise: { id: r.enterprise_id, name: r.enterprise_name }, side: r.side as 'offer' | 'need', kind: r.kind as ResourceKind, item: r.item, spec: r.spec,
    quantity: { amount: Number(r.amount), unit: r.unit as UnitCode }, availableFrom: r.available_from, availableTo: r.available_to, districtCode: r.district_code,
    unitPriceFen: r.unit_price_fen, note: r.note, status: r.status, ...urgentView(urgencyOf(urgent, r)), createdAt: r.created_at, version: r.version,
  };
}

async function openPosts(db: Executor, allianceId: number, q: { side?: string; kind?: string } = {}) {
  return db
    .selectFrom('market_posts as p')
    .innerJoin('enterprises as e', 'e.id', 'p.enterprise_id')
    .selectAll('p')
    .select('e.name as enterprise_name')
    .where('p.alliance_id', '=', allianceId)
    .where('p.status', '=', 'open')
    .$if(q.side !== undefined, (x) => x.where('p.side', '=', q.side!))
    .$if(q.kind !== undefined, (x) => x.where('p.kind', '=', q.kind!))
    .orderBy('p.id', 'desc')
    .execute();
}

export async function listPosts(deps: Deps, ctx: Ctx, q: { side?: string; kind?: string }) {
  const allianceId = tenantOf(ctx);
  const [rows, urgent] = await Promise.all([openPosts(deps.db, allianceId, q), urgentItems(deps, deps.db, allianceId)]);
  const items = rows.map((r) => presentPost(r, urgent));
  // Urgent needs first, the earliest break first; otherwise newest first.
  const day = (p: (typeof items)[number]) => p.urgentBreak?.day ?? Infinity;
  items.sort((a, b) => Number(b.urgent) - Number(a.urgent) || day(a) - day(b));
  return { items };
}

export async function createPost(trx: Trx, deps: Deps, ctx: Ctx, body: CreatePostBody) {
  const allianceId = tenantOf(ctx);
  ownFirm(ctx, body.enterpriseId);
  await checkMember(trx, allianceId, body.enterpriseId);
  const now = deps.clock.now();
  const at = now.toISOString();
  const row = await trx
    .insertInto('market_posts')
    .values({
      alliance_id: allianceId, enterprise_id: body.enterpriseId, side: body.side, kind: body.kind, item: body.item, spec: body.spec, amount: body.quantity.amount, unit: body.quantity.unit,
      available_from: body.availableFrom, available_to: body.availableTo, district_code: body.districtCode, unit_price_fen: body.unitPriceFen, note: body.note, created_by: ctx.actor.userId, created_at: at, updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'market.post', targetType: 'market_post', targetId: row.id, detail: { side: body.side, kind: body.kind } });
  const [r] = (await openPosts(trx, allianceId)).filter((p) => p.id === row.id);
  return { status: 201 as const, body: presentPost(r!, await urgentItems(deps, trx, allianceId)) };
}

const toEntry = (r: PostRow): BoardEntry => ({
  id: r.id, enterpriseId: r.enterprise_id, kind: r.kind as ResourceKind, item: r.item, spec: r.spec, amount: Number(r.amount), unit: r.unit as UnitCode,
  availableFrom: r.available_from, availableTo: r.available_to, district: r.district_code, unitPriceFen: r.unit_price_fen,
});

/** Matching proposals over the open board, explained; a firm sees those touching its own posts. */
export async function matches(deps: Deps, ctx: Ctx) {
  const allianceId = tenantOf(ctx);
  const [rows, urgent] = await Promise.all([openPosts(deps.db, allianceId), urgentItems(deps, deps.db, allianceId)]);
  const offers = rows.filter((r) => r.side === 'offer').map(toEntry);
  const needs: NeedEntry[] = rows.filter((r) => r.side === 'need').map((r) => ({ ...toEntry(r), urgent: urgencyOf(urgent, r) !== null }));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const staff = isAllianceStaff(ctx.actor);
  const mine = (id: number) => ctx.actor.enterpriseIds.includes(byId.get(id)!.enterprise_id);
  return {
    items: matchBoard(offers, needs)
      .filter((p) => staff || mine(p.offerId) || mine(p.needId))
      .map((p) => ({ ...p, unit: byId.get(p.needId)!.unit as UnitCode, urgent: needs.find((n) => n.id === p.needId)!.urgent })),
  };
}

async function loadDealRows(db: Executor, allianceId: number, id?: number) {
  return db
    .selectFrom('market_deals as d')
    .innerJoin('market_posts as o', 'o.id', 'd.offer_id')
    .innerJoin('market_posts as n', 'n.id', 'd.need_id')
    .innerJoin('enterprises as oe', 'oe.id', 'o.enterprise_id')
    .innerJoin('enterprises as ne', 'ne.id', 'n.enterprise_id')
    .selectAll('d')
    .select(['o.enterprise_id as offer_firm', 'oe.name as offer_name', 'n.enterprise_id as need_firm', 'ne.name as need_name', 'n.item', 'n.unit'])
    .where('d.alliance_id', '=', allianceId)
    .$if(id !== undefined, (q) => q.where('d.id', '=', id!))
    .orderBy('d.id', 'desc')
    .execute();
}
type DealRow = Awaited<ReturnType<typeof loadDealRows>>[number];

function presentDeal(d: DealRow, ctx: Ctx) {
  const party = isAllianceStaff(ctx.actor) || ctx.actor.enterpriseIds.includes(d.offer_firm) || ctx.actor.enterpriseIds.includes(d.need_firm);
  return {
    id: d.id, offerId: d.offer_id, needId: d.need_id, offerFirm: { id: d.offer_firm, name: d.offer_name }, needFirm: { id: d.need_firm, name: d.need_name }, item: d.item,
    amount: Number(d.amount), unit: d.unit as UnitCode, unitPriceFen: party ? d.unit_price_fen : null, status: d.status, offerConfirmed: d.offer_confirmed_at !== null,
    needConfirmed: d.need_confirmed_at !== null, deliveredAmount: d.delivered_amount === null ? null : Number(d.delivered_amount), receivedAmount: d.received_amount === null ? null : Number(d.received_amount), version: d.version,
  };
}

/** Deals the asker takes part in (staff: all). */
export async function listDeals(deps: Deps, ctx: Ctx) {
  const rows = await loadDealRows(deps.db, tenantOf(ctx));
  const staff = isAllianceStaff(ctx.actor);
  return { items: rows.filter((d) => staff || ctx.actor.enterpriseIds.includes(d.offer_firm) || ctx.actor.enterpriseIds.includes(d.need_firm)).map((d) => presentDeal(d, ctx)) };
}

/** Proposes a deal from a match; the side that proposes it has confirmed it. */
export async function createDeal(trx: Trx, deps: Deps, ctx: Ctx, body: z.infer<typeof CreateDealBody>) {
  const allianceId = tenantOf(ctx);
  const rows = (await openPosts(trx, allianceId)).filter((p) => p.id === body.offerId || p.id === body.needId);
  const offer = rows.find((r) => r.id === body.offerId && r.side === 'offer');
  const need = rows.find((r) => r.id === body.needId && r.side === 'need');
  if (!offer || !need) throw notFound();
  const asOffer = ctx.actor.enterpriseIds.includes(offer.enterprise_id);
  const asNeed = ctx.actor.enterpriseIds.includes(need.enterprise_id);
  if (!asOffer && !asNeed) throw forbidden();
  if (!fit(toEntry(offer), { ...toEntry(need), urgent: false })) throw new AppError('validation_failed', {}, [{ path: 'needId', code: 'no_fit' }]);
  if (body.amount > Number(offer.amount) || body.amount > Number(need.amount)) throw new AppError('validation_failed', {}, [{ path: 'amount', code: 'above_post' }]);
  const now = deps.clock.now();
  const at = now.toISOString();
  const row = await trx
    .insertInto('market_deals')
    .values({ alliance_id: allianceId, offer_id: offer.id, need_id: need.id, amount: body.amount, unit_price_fen: offer.unit_price_fen, offer_confirmed_at: asOffer ? at : null, need_confirmed_at: asNeed ? at : null, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'market.deal_propose', targetType: 'market_deal', targetId: row.id, detail: { offerId: offer.id, needId: need.id } });
  const [d] = await loadDealRows(trx, allianceId, row.id);
  return { status: 201 as const, body: presentDeal(d!, ctx) };
}

/** The other side confirms (both confirmed: agreed); the offering firm records delivery, the needing firm receipt. */
export async function dealStep(deps: Deps, ctx: Ctx, id: number, body: z.infer<typeof DealStepBody>) {
  const allianceId = tenantOf(ctx);
  return deps.db.transaction().execute(async (trx) => {
    const [d] = await loadDealRows(trx, allianceId, id);
    const asOffer = !!d && ctx.actor.enterpriseIds.includes(d.offer_firm);
    const asNeed = !!d && ctx.actor.enterpriseIds.includes(d.need_firm);
    if (!d || (!asOffer && !asNeed && !isAllianceStaff(ctx.actor))) throw notFound();
    if (!asOffer && !asNeed) throw forbidden();
    if (d.version !== body.version) throw versionConflict(d.version);
    const now = deps.clock.now();
    const at = now.toISOString();
    const set: Record<string, unknown> = { updated_at: at, version: d.version + 1 };
    if (body.step === 'confirm') {
      if (d.status !== 'proposed') throw new AppError('deal_not_confirmable');
      const offerAt = d.offer_confirmed_at ?? (asOffer ? at : null);
      const needAt = d.need_confirmed_at ?? (asNeed ? at : null);
      Object.assign(set, { offer_confirmed_at: offerAt, need_confirmed_at: needAt, status: offerAt && needAt ? 'agreed' : 'proposed' });
    } else if (body.step === 'deliver') {
      if (!asOffer || !['agreed', 'delivered'].includes(d.status)) throw new AppError('illegal_transition', { from: d.status, to: 'delivered' });
      Object.assign(set, { delivered_amount: body.amount ?? Number(d.amount), status: 'delivered' });
    } else {
      if (!asNeed || d.status !== 'delivered') throw new AppError('illegal_transition', { from: d.status, to: 'received' });
      Object.assign(set, { received_amount: body.amount ?? Number(d.delivered_amount ?? d.amount), status: 'received' });
    }
    await trx.updateTable('market_deals').set(set).where('id', '=', d.id).execute();
    await recordAudit(trx, { ...auditFrom(ctx, now), action: `market.deal_${body.step}`, targetType: 'market_deal', targetId: d.id, detail: { amount: body.amount ?? null } });
    const [after] = await loadDealRows(trx, allianceId, id);
    return presentDeal(after!, ctx);
  });
}

// Orders ----------------------------------------------------------------------------------------

async function orderRows(db: Executor, allianceId: number, id?: number) {
  return db
    .selectFrom('market_orders as o')
    .innerJoin('enterprises as e', 'e.id', 'o.enterprise_id')
    .selectAll('o')
    .select('e.name as enterprise_name')
    .where('o.alliance_id', '=', allianceId)
    .$if(id !== undefined, (q) => q.where('o.id', '=', id!))
    .orderBy('o.id', 'desc')
    .execute();
}

async function quoteRows(db: Executor, orderIds: number[]) {
  if (!orderIds.length) return [];
  return db.selectFrom('market_quotes as q').innerJoin('enterprises as e', 'e.id', 'q.enterprise_id').selectAll('q').select('e.name as enterprise_name').where('q.order_id', 'in', orderIds).orderBy('q.id').execute();
}

async function presentOrders(db: Executor, ctx: Ctx, rows: Awaited<ReturnType<typeof orderRows>>) {
  const quotes = await quoteRows(db, rows.map((o) => o.id));
  const staff = isAllianceStaff(ctx.actor);
  return rows.map((o) => {
    const qs = quotes.filter((q) => q.order_id === o.id);
    const poster = ctx.actor.enterpriseIds.includes(o.enterprise_id);
    const party = staff || poster || qs.some((q) => ctx.actor.enterpriseIds.includes(q.enterprise_id));
    const visible = staff || poster ? qs : qs.filter((q) => ctx.actor.enterpriseIds.includes(q.enterprise_id));
    return {
      id: o.id, enterprise: { id: o.enterprise_id, name: o.enterprise_name }, title: o.title, item: o.item, spec: o.spec, unit: o.unit as UnitCode, count: o.count, needBy: o.need_by, status: o.status,
      party, targetPriceFen: staff || poster ? o.target_price_fen : null, customer: staff || poster ? o.customer : null,
      quotes: visible.map((q) => ({ id: q.id, enterprise: { id: q.enterprise_id, name: q.enterprise_name }, count: q.count, unitPriceFen: q.unit_price_fen, deliveryDate: q.delivery_date, note: q.note, awardedCount: q.awarded_count, deliveredCount: q.delivered_count })),
      quoteCount: qs.length, version: o.version, createdAt: o.created_at,
    };
  });
}

export async function listOrders(deps: Deps, ctx: Ctx) {
  return { items: await presentOrders(deps.db, ctx, await orderRows(deps.db, tenantOf(ctx))) };
}

export async function getOrder(db: Executor, ctx: Ctx, id: number) {
  const rows = await orderRows(db, tenantOf(ctx), id);
  if (!rows.length) throw notFound();
  return (await presentOrders(db, ctx, rows))[0]!;
}

export async function createOrder(trx: Trx, deps: Deps, ctx: Ctx, body: CreateOrderBody) {
  const allianceId = tenantOf(ctx);
  ownFirm(ctx, body.enterpriseId);
  await checkMember(trx, allianceId, body.enterpriseId);
  const now = deps.clock.now();
  const at = now.toISOString();
  const row = await trx
    .insertInto('market_orders')
    .values({ alliance_id: allianceId, enterprise_id: body.enterpriseId, title: body.title, item: body.item, spec: body.spec, unit: body.unit, count: body.count, need_by: body.needBy, target_price_fen: body.targetPriceFen, customer: body.customer, created_by: ctx.actor.userId, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'market.order_post', targetType: 'market_order', targetId: row.id, detail: { count: body.count } });
  return { status: 201 as const, body: await getOrder(trx, ctx, row.id) };
}

export async function createQuote(trx: Trx, deps: Deps, ctx: Ctx, orderId: number, body: z.infer<typeof CreateQuoteBody>) {
  const allianceId = tenantOf(ctx);
  const [o] = await orderRows(trx, allianceId, orderId);
  if (!o) throw notFound();
  ownFirm(ctx, body.enterpriseId);
  await checkMember(trx, allianceId, body.enterpriseId);
  if (o.status !== 'open') throw new AppError('illegal_transition', { from: o.status, to: 'quoted' });
  if (o.enterprise_id === body.enterpriseId) throw new AppError('validation_failed', {}, [{ path: 'enterpriseId', code: 'own_order' }]);
  const now = deps.clock.now();
  const at = now.toISOString();
  const existing = await trx.selectFrom('market_quotes').select(['id', 'version']).where('order_id', '=', o.id).where('enterprise_id', '=', body.enterpriseId).executeTakeFirst();
  let id: number;
  if (existing) {
    await trx.updateTable('market_quotes').set({ count: body.count, unit_price_fen: body.unitPriceFen, delivery_date: body.deliveryDate, note: body.note, updated_at: at, version: existing.version + 1 }).where('id', '=', existing.id).execute();
    id = existing.id;
  } else {
    id = (await trx.insertInto('market_quotes').values({ order_id: o.id, enterprise_id: body.enterpriseId, count: body.count, unit_price_fen: body.unitPriceFen, delivery_date: body.deliveryDate, note: body.note, created_by: ctx.actor.userId, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow()).id;
  }
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'market.quote', targetType: 'market_order', targetId: o.id, detail: { quoteId: id } });
  return { status: 201 as const, body: await getOrder(trx, ctx, o.id) };
}

async function posterOrder(db: Executor, ctx: Ctx, id: number) {
  const [o] = await orderRows(db, tenantOf(ctx), id);
  if (!o) throw notFound();
  if (!ctx.actor.enterpriseIds.includes(o.enterprise_id)) throw isAllianceStaff(ctx.actor) ? forbidden() : notFound();
  return o;
}

export async function suggestOrderSplit(deps: Deps, ctx: Ctx, id: number) {
  const o = await posterOrder(deps.db, ctx, id);
  const qs = await quoteRows(deps.db, [o.id]);
  return suggestSplit({ count: o.count, needBy: o.need_by }, qs.map((q) => ({ id: q.id, count: q.count, unitPriceFen: q.unit_price_fen, deliveryDate: q.delivery_date })));
}

export async function splitOrder(deps: Deps, ctx: Ctx, id: number, body: z.infer<typeof SplitBody>) {
  return deps.db.transaction().execute(async (trx) => {
    const o = await posterOrder(trx, ctx, id);
    if (o.version !== body.version) throw versionConflict(o.version);
    if (o.status !== 'open') throw new AppError('illegal_transition', { from: o.status, to: 'split' });
    const qs = await quoteRows(trx, [o.id]);
    const checked = checkSplit({ count: o.count, needBy: o.need_by }, qs.map((q) => ({ id: q.id, count: q.count, unitPriceFen: q.unit_price_fen, deliveryDate: q.delivery_date })), body.lines);
    if ('code' in checked) throw new AppError('split_invalid', { reason: checked.code }, [{ path: 'lines', code: checked.code, params: { quoteId: checked.quoteId } }]);
    const now = deps.clock.now();
    for (const q of qs) {
      const line = checked.lines.find((l) => l.quoteId === q.id);
      await trx.updateTable('market_quotes').set({ awarded_count: line?.count ?? 0, updated_at: now.toISOString() }).where('id', '=', q.id).execute();
    }
    await trx.updateTable('market_orders').set({ status: 'split', updated_at: now.toISOString(), version: o.version + 1 }).where('id', '=', o.id).execute();
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'market.order_split', targetType: 'market_order', targetId: o.id, detail: { lines: checked.lines.length, filled: checked.filled } });
    return getOrder(trx, ctx, o.id);
  });
}

/** The poster records units received from a quote's firm; all awarded units received: completed. */
export async function orderDelivery(trx: Trx, deps: Deps, ctx: Ctx, id: number, body: { quoteId: number; count: number }) {
  const o = await posterOrder(trx, ctx, id);
  if (o.status !== 'split') throw new AppError('illegal_transition', { from: o.status, to: 'delivered' });
  const qs = await quoteRows(trx, [o.id]);
  const q = qs.find((x) => x.id === body.quoteId);
  if (!q) throw notFound();
  if (q.delivered_count + body.count > (q.awarded_count ?? 0)) throw new AppError('validation_failed', {}, [{ path: 'count', code: 'above_awarded' }]);
  const now = deps.clock.now();
  await trx.updateTable('market_quotes').set({ delivered_count: q.delivered_count + body.count, updated_at: now.toISOString() }).where('id', '=', q.id).execute();
  const done = qs.every((x) => (x.id === q.id ? q.delivered_count + body.count : x.delivered_count) >= (x.awarded_count ?? 0));
  if (done) await trx.updateTable('market_orders').set({ status: 'completed', updated_at: now.toISOString(), version: o.version + 1 }).where('id', '=', o.id).execute();
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'market.order_delivery', targetType: 'market_order', targetId: o.id, detail: { quoteId: q.id, count: body.count } });
  return { status: 201 as const, body: await getOrder(trx, ctx, o.id) };
}

// Figures ---------------------------------------------------------------------------------------

export const emptyFigures = (): MarketFigures => ({ openOffers: 0, openNeeds: 0, deals: 0, dealsAgreed: 0, dealsReceived: 0, orders: 0, ordersPassedOn: 0, ordersCompleted: 0, quotes: 0 });

/** Board and order figures per alliance (one alliance, or every one when null), and their sum. */
export async function figuresBy(deps: Deps, allianceId: number | null): Promise<{ byAlliance: Map<number, MarketFigures>; total: MarketFigures }> {
  const c = await repo.figureCounts(deps.db, allianceId);
  const byAlliance = new Map<number, MarketFigures>();
  const total = emptyFigures();
  const add = (alliance: number, f: (x: MarketFigures) => void) => {
    const a = byAlliance.get(alliance) ?? emptyFigures();
    byAlliance.set(alliance, a);
    f(a);
    f(total);
  };
  for (const r of c.posts) add(r.alliance_id, (x) => (r.side === 'offer' ? (x.openOffers += Number(r.n)) : (x.openNeeds += Number(r.n))));
  for (const r of c.deals) {
    add(r.alliance_id, (x) => {
      x.deals += Number(r.n);
      if (r.status !== 'proposed') x.dealsAgreed += Number(r.n);
      if (r.status === 'received') x.dealsReceived += Number(r.n);
    });
  }
  for (const r of c.orders) {
    add(r.alliance_id, (x) => {
      x.orders += Number(r.n);
      if (r.status === 'split' || r.status === 'completed') x.ordersPassedOn += Number(r.n);
      if (r.status === 'completed') x.ordersCompleted += Number(r.n);
    });
  }
  for (const r of c.quotes) add(r.alliance_id, (x) => (x.quotes += Number(r.n)));
  return { byAlliance, total };
}

/** The alliance's board and order figures (overview). */
export async function figures(deps: Deps, ctx: Ctx): Promise<MarketFigures> {
  return (await figuresBy(deps, tenantOf(ctx))).total;
}
