/**
 * The supply-chain map: items, needs and supply links between members of an alliance.
 *
 * A link entered by one side (supplier or customer) waits for the other side to confirm it;
 * alliance staff enter confirmed links. A supplier sees its own links, never its customers'
 * other suppliers; alliance staff see the whole map. The shares of one customer's item may not
 * exceed 100 % in total — the rest is sourced outside the alliance.
 */
import type { Actor } from '../../core/auth/policy';
import { STAFF_ROLES } from '../../core/auth/roles';
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Executor, Trx } from '../../core/db/database';
import { isUniqueViolation } from '../../core/db/errors';
import { AppError, notFound, versionConflict } from '../../core/errors';
import { tenantOf } from '../../core/tenant';
import * as repo from './chain.repository';
import type { DeclareLinkBody, LinkResponse, UpdateLinkBody } from './chain.schema';

export const isStaff = (actor: Actor) => STAFF_ROLES.some((r) => actor.roles.has(r));

/** Enterprises whose links the actor may see; undefined = the whole alliance map. */
function visibleTo(actor: Actor): readonly number[] | undefined {
  return isStaff(actor) ? undefined : actor.enterpriseIds;
}

function side(actor: Actor, link: { supplier_id: number; customer_id: number }): 'supplier' | 'customer' | null {
  if (actor.enterpriseIds.includes(link.supplier_id)) return 'supplier';
  if (actor.enterpriseIds.includes(link.customer_id)) return 'customer';
  return null;
}

function toLink(actor: Actor, r: repo.LinkRow): LinkResponse {
  const mySide = side(actor, r);
  const staff = isStaff(actor);
  return {
    id: r.id,
    supplier: { id: r.supplier_id, name: r.supplier_name },
    customer: { id: r.customer_id, name: r.customer_name },
    item: { id: r.item_id, name: r.item_name },
    sharePct: r.share_bp / 100,
    essential: r.essential === null ? true : !!r.essential,
    leadDays: r.lead_days,
    stockDays: staff || mySide === 'customer' ? (r.stock_days ?? 0) : null,
    status: r.status as LinkResponse['status'],
    declaredBy: r.declared_by as LinkResponse['declaredBy'],
    canConfirm: r.status === 'pending' && actor.roles.has('enterprise_admin') && mySide !== null && mySide !== r.declared_by,
    confirmedAt: r.confirmed_at,
    version: r.version,
    updatedAt: r.updated_at,
  };
}

/**
 * Names of the alliance's members: anyone who may declare links needs to pick a counterparty.
 * Bounded: the first `limit` names (containing `q`), or the members `ids` (to show chosen values).
 */
export async function listMembers(deps: Deps, ctx: Ctx, f: { q?: string; ids?: number[]; limit: number }) {
  const limit = f.ids ? Math.max(f.limit, f.ids.length) : f.limit;
  const rows = await repo.listMemberNames(deps.db, tenantOf(ctx), { q: f.q, ids: f.ids, limit });
  return { items: rows.slice(0, limit), more: rows.length > limit };
}

export async function listItems(deps: Deps, ctx: Ctx) {
  return { items: await repo.listItems(deps.db, tenantOf(ctx)) };
}

export async function createItem(trx: Trx, deps: Deps, ctx: Ctx, name: string) {
  const allianceId = tenantOf(ctx);
  const now = deps.clock.now();
  if (await repo.findItemByName(trx, allianceId, name)) throw new AppError('validation_failed', {}, [{ path: 'name', code: 'name_taken' }]);
  const id = await repo.insertItem(trx, allianceId, name, now.toISOString());
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'chain.item_create', targetType: 'chain_item', targetId: id, detail: { name } });
  return { id, name };
}

export async function listLinks(deps: Deps, ctx: Ctx, q: { page: number; pageSize: number; enterpriseId?: number; itemId?: number; status?: 'pending' | 'confirmed' }) {
  const { items, total } = await repo.listLinks(deps.db, tenantOf(ctx), { visibleTo: visibleTo(ctx.actor), enterpriseId: q.enterpriseId, itemId: q.itemId, status: q.status }, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  return { items: items.map((r) => toLink(ctx.actor, r)), total, page: q.page, pageSize: q.pageSize };
}

async function visibleLink(db: Executor, ctx: Ctx, id: number) {
  const row = await repo.findLink(db, tenantOf(ctx), id);
  if (!row) throw notFound();
  if (!isStaff(ctx.actor) && side(ctx.actor, row) === null) throw notFound();
  return row;
}

export async function getLink(deps: Deps, ctx: Ctx, id: number) {
  return toLink(ctx.actor, await visibleLink(deps.db, ctx, id));
}

/** Refuses a share that would lift the customer's item above 100 %, saying by how much. */
async function checkShareTotal(db: Executor, allianceId: number, customerId: number, itemId: number, shareBp: number, exceptLinkId?: number) {
  const others = await repo.shareTotal(db, allianceId, customerId, itemId, exceptLinkId);
  if (others + shareBp > 10_000) {
    const params = { totalPct: (others + shareBp) / 100, excessPct: (others + shareBp - 10_000) / 100 };
    throw new AppError('validation_failed', {}, [{ path: 'sharePct', code: 'share_sum_exceeded', params }]);
  }
}

async function isMember(db: Executor, allianceId: number, enterpriseId: number) {
  return !!(await db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', allianceId).where('enterprise_id', '=', enterpriseId).executeTakeFirst());
}

/** Refuses the customer's facts from the supplier side, naming each field sent. */
function assertNoCustomerFacts(body: { essential?: boolean; stockDays?: number }): void {
  const sent = (['essential', 'stockDays'] as const).filter((k) => body[k] !== undefined);
  if (sent.length) throw new AppError('validation_failed', {}, sent.map((path) => ({ path, code: 'customer_fact' })));
}

export async function declareLink(trx: Trx, deps: Deps, ctx: Ctx, body: DeclareLinkBody): Promise<LinkResponse> {
  const allianceId = tenantOf(ctx);
  const staff = isStaff(ctx.actor);
  const errors = [];
  if (body.supplierId === body.customerId) errors.push({ path: 'customerId', code: 'same_enterprise' });
  for (const [path, id] of [['supplierId', body.supplierId], ['customerId', body.customerId]] as const) {
    if (!(await isMember(trx, allianceId, id))) errors.push({ path, code: 'not_a_member' });
  }
  if (!(await repo.findItem(trx, allianceId, body.itemId))) errors.push({ path: 'itemId', code: 'unknown_item' });
  if (errors.length) throw new AppError('validation_failed', {}, errors);
  const declaredBy = staff ? 'alliance' : side(ctx.actor, { supplier_id: body.supplierId, customer_id: body.customerId });
  if (!declaredBy) throw new AppError('forbidden');
  // The customer's facts (essential, stock) are the customer's or the alliance's to state: a
  // supplier sending them is refused, as on an edit — never silently dropped.
  const customerSide = staff || declaredBy === 'customer';
  if (!customerSide) assertNoCustomerFacts(body);
  const shareBp = Math.round(body.sharePct * 100);
  await checkShareTotal(trx, allianceId, body.customerId, body.itemId, shareBp);
  const now = deps.clock.now();
  const at = now.toISOString();
  let id: number;
  try {
    id = await repo.insertLink(trx, {
      alliance_id: allianceId, supplier_id: body.supplierId, customer_id: body.customerId, item_id: body.itemId, share_bp: shareBp, lead_days: body.leadDays,
      status: staff ? 'confirmed' : 'pending', declared_by: declaredBy, declared_by_user: ctx.actor.userId,
      confirmed_by_user: staff ? ctx.actor.userId : null, confirmed_at: staff ? at : null, created_at: at, updated_at: at,
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('validation_failed', {}, [{ path: 'itemId', code: 'link_exists' }]);
    throw err;
  }
  await repo.upsertNeed(trx, { allianceId, enterpriseId: body.customerId, itemId: body.itemId, essential: body.essential, stockDays: body.stockDays, at });
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'chain.link_declare', targetType: 'supply_link', targetId: id, detail: { supplierId: body.supplierId, customerId: body.customerId, itemId: body.itemId, sharePct: body.sharePct } });
  return toLink(ctx.actor, (await repo.findLink(trx, allianceId, id))!);
}

export async function updateLink(deps: Deps, ctx: Ctx, id: number, body: UpdateLinkBody): Promise<LinkResponse> {
  const allianceId = tenantOf(ctx);
  return deps.db.transaction().execute(async (trx) => {
    const current = await visibleLink(trx, ctx, id);
    const staff = isStaff(ctx.actor);
    const mySide = side(ctx.actor, current);
    if (!staff && !ctx.actor.roles.has('enterprise_admin')) throw new AppError('forbidden');
    if (current.version !== body.version) throw versionConflict(current.version);
    if (!staff && mySide === 'supplier') assertNoCustomerFacts(body);
    const now = deps.clock.now();
    const at = now.toISOString();
    const shareBp = body.sharePct === undefined ? undefined : Math.round(body.sharePct * 100);
    if (shareBp !== undefined) await checkShareTotal(trx, allianceId, current.customer_id, current.item_id, shareBp, id);
    const linkChanged = shareBp !== undefined || body.leadDays !== undefined;
    // A change by one side needs the other side's confirmation again; staff changes stand.
    const reconfirm = linkChanged && !staff;
    const ok = await repo.updateLink(trx, id, body.version, {
      ...(shareBp !== undefined ? { share_bp: shareBp } : {}),
      ...(body.leadDays !== undefined ? { lead_days: body.leadDays } : {}),
      ...(reconfirm ? { status: 'pending', confirmed_at: null, confirmed_by_user: null } : {}),
      updated_at: at,
    });
    if (!ok) throw versionConflict(current.version + 1);
    if (reconfirm && mySide) await trx.updateTable('supply_links').set({ declared_by: mySide }).where('id', '=', id).execute();
    if (body.essential !== undefined || body.stockDays !== undefined) {
      await repo.upsertNeed(trx, { allianceId, enterpriseId: current.customer_id, itemId: current.item_id, essential: body.essential, stockDays: body.stockDays, at });
    }
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'chain.link_update', targetType: 'supply_link', targetId: id, detail: { fields: Object.keys(body).filter((k) => k !== 'version') } });
    return toLink(ctx.actor, (await repo.findLink(trx, allianceId, id))!);
  });
}

export async function confirmLink(deps: Deps, ctx: Ctx, id: number, version: number): Promise<LinkResponse> {
  const allianceId = tenantOf(ctx);
  return deps.db.transaction().execute(async (trx) => {
    const current = await visibleLink(trx, ctx, id);
    const view = toLink(ctx.actor, current);
    if (current.status === 'confirmed') throw new AppError('validation_failed', {}, [{ path: 'status', code: 'already_confirmed' }]);
    if (!view.canConfirm && !isStaff(ctx.actor)) throw new AppError('forbidden');
    if (current.version !== version) throw versionConflict(current.version);
    const now = deps.clock.now();
    if (!(await repo.updateLink(trx, id, version, { status: 'confirmed', confirmed_at: now.toISOString(), confirmed_by_user: ctx.actor.userId, updated_at: now.toISOString() }))) throw versionConflict(current.version + 1);
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'chain.link_confirm', targetType: 'supply_link', targetId: id });
    return toLink(ctx.actor, (await repo.findLink(trx, allianceId, id))!);
  });
}

export async function deleteLink(deps: Deps, ctx: Ctx, id: number, version: number): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const current = await visibleLink(trx, ctx, id);
    if (!isStaff(ctx.actor) && !ctx.actor.roles.has('enterprise_admin')) throw new AppError('forbidden');
    if (current.version !== version || !(await repo.deleteLink(trx, id, version))) throw versionConflict(current.version);
    await recordAudit(trx, { ...auditFrom(ctx, deps.clock.now()), action: 'chain.link_delete', targetType: 'supply_link', targetId: id, detail: { supplierId: current.supplier_id, customerId: current.customer_id, itemId: current.item_id } });
  });
}
