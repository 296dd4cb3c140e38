/**
 * The risk register (风险防控化解): risks an alliance watches — cancelled orders, cash flow,
 * labour, supply, epidemic prevention — each with likelihood and impact (1–5), the member
 * enterprises it threatens, a mitigation plan, an owner and a review date. Open high risks
 * (likelihood × impact ≥ 15) go onto joint-meeting agendas.
 */
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Executor, Trx } from '../../core/db/database';
import { AppError, notFound, versionConflict, type FieldError } from '../../core/errors';
import type { Created } from '../../core/http/idempotency';
import { tenantOf } from '../../core/tenant';
import { message } from '../../core/i18n';
import { addDays, shanghaiDate } from '../../domain/workdays';
import { parseJsonArray } from '../enterprises/enterprises.presenter';
import { membersOf, staffOfAlliance } from '../tickets/tickets.repository';
import { raise } from '../notifications/notifications.service';
import { notifyingTransaction } from '../notifications/outbox';
import { HIGH_RISK_SCORE, MEDIUM_RISK_SCORE, toRisk } from './risks.presenter';
import * as repo from './risks.repository';
import type { BlockerCategory } from '../reports/reports.schema';
import type { AcceptProposalBody, CreateRiskBody, ListRisksQuery, ProposalsQuery, RiskResponse, UpdateRiskBody } from './risks.schema';
import { RISK_CATEGORIES } from './risks.schema';

const today = (deps: Deps) => shanghaiDate(deps.clock.now());

export async function presentRisks(db: Executor, rows: repo.RiskRow[], day: string): Promise<RiskResponse[]> {
  const ids = rows.map((r) => r.id);
  const [links, tickets] = await Promise.all([repo.riskEnterprises(db, ids), repo.riskTickets(db, ids)]);
  return rows.map((r) =>
    toRisk(r, links.filter((l) => l.risk_id === r.id).map((l) => ({ id: l.id, name: l.name })), day, tickets.filter((x) => x.risk_id === r.id).map((x) => ({ id: x.id, title: x.title, status: x.status }))),
  );
}

async function loadRisk(db: Executor, ctx: Ctx, id: number) {
  const row = await repo.findRisk(db, tenantOf(ctx), id);
  if (!row) throw notFound();
  return row;
}

async function presentOne(db: Executor, deps: Deps, ctx: Ctx, id: number): Promise<RiskResponse> {
  const [r] = await presentRisks(db, [await loadRisk(db, ctx, id)], today(deps));
  return r!;
}

/** The owner must work for the alliance; linked enterprises must be its members. */
async function checkRefs(db: Executor, allianceId: number, ownerUserId: number | null | undefined, enterpriseIds: readonly number[] | undefined, ticketIds?: readonly number[]) {
  const errors: FieldError[] = [];
  if (ticketIds?.length) {
    const own = await repo.ticketsOf(db, allianceId, ticketIds);
    ticketIds.forEach((id, i) => {
      if (!own.has(id)) errors.push({ path: `ticketIds.${i}`, code: 'unknown_reference' });
    });
  }
  if (ownerUserId != null && !(await staffOfAlliance(db, allianceId, [ownerUserId])).has(ownerUserId)) errors.push({ path: 'ownerUserId', code: 'not_staff' });
  if (enterpriseIds?.length) {
    const members = await membersOf(db, allianceId, enterpriseIds);
    enterpriseIds.forEach((id, i) => {
      if (!members.has(id)) errors.push({ path: `enterpriseIds.${i}`, code: 'not_a_member' });
    });
  }
  if (errors.length) throw new AppError('validation_failed', {}, errors);
}

export async function listRisks(deps: Deps, ctx: Ctx, q: ListRisksQuery) {
  const band = q.level === 'high' ? { minScore: HIGH_RISK_SCORE } : q.level === 'medium' ? { minScore: MEDIUM_RISK_SCORE, maxScore: HIGH_RISK_SCORE - 1 } : q.level === 'low' ? { maxScore: MEDIUM_RISK_SCORE - 1 } : {};
  const { items, total } = await repo.listRisks(
    deps.db,
    { allianceId: tenantOf(ctx), status: q.status, active: q.active, category: q.category, ownerUserId: q.ownerUserId, enterpriseId: q.enterpriseId, ticketId: q.ticketId, q: q.q || undefined, ...band },
    { offset: (q.page - 1) * q.pageSize, limit: q.pageSize, sort: q.sort, order: q.order },
  );
  return { items: await presentRisks(deps.db, items, today(deps)), total, page: q.page, pageSize: q.pageSize };
}

export async function getRisk(deps: Deps, ctx: Ctx, id: number) {
  return presentOne(deps.db, deps, ctx, id);
}

export async function createRisk(trx: Trx, deps: Deps, ctx: Ctx, body: CreateRiskBody): Promise<Created<RiskResponse, 201>> {
  const allianceId = tenantOf(ctx);
  const enterpriseIds = [...new Set(body.enterpriseIds)];
  const ticketIds = [...new Set(body.ticketIds)];
  await checkRefs(trx, allianceId, body.ownerUserId, enterpriseIds, ticketIds);
  const now = deps.clock.now();
  const at = now.toISOString();
  const id = await repo.insertRisk(trx, {
    alliance_id: allianceId, title: body.title, category: body.category, description: body.description, likelihood: body.likelihood, impact: body.impact,
    mitigation: body.mitigation, owner_user_id: body.ownerUserId, review_date: body.reviewDate, status: body.status, created_by: ctx.actor.userId, created_at: at, updated_at: at,
  });
  await repo.replaceRiskEnterprises(trx, id, enterpriseIds);
  await repo.replaceRiskTickets(trx, id, ticketIds);
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'risk.create', targetType: 'risk', targetId: id, detail: { title: body.title, likelihood: body.likelihood, impact: body.impact } });
  return { status: 201, body: await presentOne(trx, deps, ctx, id) };
}

export async function updateRisk(deps: Deps, ctx: Ctx, id: number, body: UpdateRiskBody): Promise<RiskResponse> {
  return deps.db.transaction().execute(async (trx) => {
    const current = await loadRisk(trx, ctx, id);
    if (current.version !== body.version) throw versionConflict(current.version);
    const enterpriseIds = body.enterpriseIds ? [...new Set(body.enterpriseIds)] : undefined;
    const ticketIds = body.ticketIds ? [...new Set(body.ticketIds)] : undefined;
    await checkRefs(trx, current.alliance_id, body.ownerUserId, enterpriseIds, ticketIds);
    const now = deps.clock.now();
    const changes: repo.RiskChanges = { updated_at: now.toISOString() };
    if (body.title !== undefined) changes.title = body.title;
    if (body.category !== undefined) changes.category = body.category;
    if (body.description !== undefined) changes.description = body.description;
    if (body.likelihood !== undefined) changes.likelihood = body.likelihood;
    if (body.impact !== undefined) changes.impact = body.impact;
    if (body.mitigation !== undefined) changes.mitigation = body.mitigation;
    if (body.ownerUserId !== undefined) changes.owner_user_id = body.ownerUserId;
    if (body.reviewDate !== undefined) changes.review_date = body.reviewDate;
    if (body.status !== undefined) changes.status = body.status;
    if (!(await repo.updateRisk(trx, id, body.version, changes))) throw versionConflict(current.version + 1);
    if (enterpriseIds) await repo.replaceRiskEnterprises(trx, id, enterpriseIds);
    if (ticketIds) await repo.replaceRiskTickets(trx, id, ticketIds);
    const fields = Object.keys(body).filter((k) => k !== 'version');
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'risk.update', targetType: 'risk', targetId: id, detail: { fields, fromVersion: body.version } });
    return presentOne(trx, deps, ctx, id);
  });
}

export async function deleteRisk(deps: Deps, ctx: Ctx, id: number, version: number) {
  await deps.db.transaction().execute(async (trx) => {
    const current = await loadRisk(trx, ctx, id);
    if (current.version !== version || !(await repo.deleteRisk(trx, id, version))) throw versionConflict(current.version);
    await recordAudit(trx, { ...auditFrom(ctx, deps.clock.now()), action: 'risk.delete', targetType: 'risk', targetId: id, detail: { title: current.title } });
  });
  return { ok: true as const };
}

/** Counts of risks by likelihood × impact (5 × 5). */
export async function heatmap(deps: Deps, ctx: Ctx, q: { status?: string }) {
  const rows = await repo.heatmapCounts(deps.db, tenantOf(ctx), q.status);
  const counts = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => 0));
  for (const r of rows) counts[r.likelihood - 1]![r.impact - 1] = Number(r.n);
  const cells = counts.flatMap((row, l) => row.map((count, i) => ({ likelihood: l + 1, impact: i + 1, count })));
  return { counts, cells, total: cells.reduce((n, c) => n + c.count, 0) };
}

/** Risks not closed whose review date has passed, the longest overdue first. */
export async function overdueReviews(deps: Deps, ctx: Ctx) {
  const day = today(deps);
  const { items } = await repo.listRisks(deps.db, { allianceId: tenantOf(ctx), reviewBefore: day }, { offset: 0, limit: 500, sort: 'reviewDate', order: 'asc' });
  return { items: await presentRisks(deps.db, items, day) };
}

/** Open or mitigating risks at or above a score, highest first (joint-meeting agendas). */
export async function highRisks(db: Executor, allianceId: number, minScore = HIGH_RISK_SCORE) {
  return (await repo.listRisks(db, { allianceId, active: true, minScore }, { offset: 0, limit: 50, sort: 'score', order: 'desc' })).items;
}

/**
 * Maintenance job: reminds each risk's owner when its review is due (review date today or
 * past, risk not closed) — once per review date, however often it runs: the reminder is
 * recorded on the risk (`review_reminded_for`) in the same transaction as the notification, and
 * moving the review date arms the next one. Returns how many owners were reminded.
 */
export async function remindRiskReviews(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const day = shanghaiDate(now);
  let sent = 0;
  for (const r of await repo.reviewsToRemind(deps.db, day)) {
    await notifyingTransaction(deps, async (trx, outbox) => {
      if (!(await repo.markReviewReminded(trx, r.id, r.review_date!))) return;
      await raise(trx, outbox, { allianceId: r.alliance_id, kind: 'risk.review_due', payload: { riskId: r.id, title: r.title, reviewDate: r.review_date }, recipients: [r.owner_user_id!], actorUserId: null, at: now });
      sent++;
    });
  }
  return sent;
}

/**
 * Risk proposals (风险建议): a blocker many members report at once is a risk for the alliance.
 * A member counts when its latest report on or before today is current — dated within the last
 * `PROPOSAL_WINDOW_DAYS` days — and names the blocker. A blocker is proposed when at least
 * `minFirms` members report it: by default max(`PROPOSAL_MIN_FIRMS`, `PROPOSAL_MIN_SHARE` of the
 * current reporters, rounded up), and not when a risk made from it (`source_blocker`) is still
 * open or mitigating. Accepting one registers the risk, prefilled, linked to those firms.
 */
export const PROPOSAL_WINDOW_DAYS = 7;
export const PROPOSAL_MIN_FIRMS = 5;
export const PROPOSAL_MIN_SHARE = 0.1;
/** A risk links at most 200 enterprises (the create schema's bound). */
const PROPOSAL_FIRMS_SHOWN = 200;

/** The risk category a blocker becomes. */
export const BLOCKER_RISK_CATEGORY: Record<BlockerCategory, (typeof RISK_CATEGORIES)[number]> = {
  raw_material: 'supply',
  logistics: 'supply',
  equipment: 'supply',
  labour: 'labour',
  funds: 'cash_flow',
  orders: 'orders_cancelled',
  prevention_supplies: 'prevention',
  policy: 'other',
};

/**
 * The prefilled score: many firms already report it, so likely (4); the impact grows with the
 * share of reporters: under 10 % → 2, under 25 % → 3, under 50 % → 4, else 5.
 */
export function proposalScore(count: number, reporters: number) {
  const share = reporters ? count / reporters : 0;
  return { likelihood: 4, impact: share < 0.1 ? 2 : share < 0.25 ? 3 : share < 0.5 ? 4 : 5 };
}

export const defaultMinFirms = (reporters: number) => Math.max(PROPOSAL_MIN_FIRMS, Math.ceil(reporters * PROPOSAL_MIN_SHARE - 1e-9));

async function computeProposals(db: Executor, ctx: Ctx, day: string, minFirms: number | undefined) {
  const allianceId = tenantOf(ctx);
  const since = addDays(day, -(PROPOSAL_WINDOW_DAYS - 1));
  const [{ reporters, rows }, covered] = await Promise.all([repo.currentBlockerReports(db, allianceId, day, since), repo.coveredBlockers(db, allianceId)]);
  const threshold = minFirms ?? defaultMinFirms(reporters);
  const byBlocker = new Map<BlockerCategory, { id: number; name: string; reportDate: string; note: string }[]>();
  for (const r of rows) {
    for (const b of parseJsonArray<{ category: BlockerCategory; note?: string }>(r.blockers_json)) {
      if (!(b.category in BLOCKER_RISK_CATEGORY)) continue;
      const list = byBlocker.get(b.category) ?? [];
      list.push({ id: r.id, name: r.name, reportDate: r.report_date, note: b.note ?? '' });
      byBlocker.set(b.category, list);
    }
  }
  const items = [...byBlocker]
    .filter(([blocker, firms]) => firms.length >= threshold && !covered.has(blocker))
    .sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b))
    .map(([blocker, firms]) => {
      const count = firms.length;
      const label = message(ctx.locale, `blocker_${blocker}`) ?? blocker;
      return {
        blocker,
        category: BLOCKER_RISK_CATEGORY[blocker],
        count,
        sharePct: reporters ? Math.round((count * 100) / reporters) : 0,
        firms: firms.slice(0, PROPOSAL_FIRMS_SHOWN),
        suggested: { title: (message(ctx.locale, 'risk_proposal_title', { count, blocker: label }) ?? label).slice(0, 120), ...proposalScore(count, reporters) },
        description: message(ctx.locale, 'risk_proposal_description', { since, count, reporters, blocker: label }) ?? '',
      };
    });
  return { reporters, minFirms: threshold, since, items };
}

/** The blockers proposed as risks today (see above), the most reported first. */
export async function listProposals(deps: Deps, ctx: Ctx, q: ProposalsQuery) {
  const r = await computeProposals(deps.db, ctx, today(deps), q.minFirms);
  return { ...r, items: r.items.map(({ description: _, ...p }) => p) };
}

/**
 * Accepts a proposal: registers the risk prefilled (title, category, score, `source_blocker`,
 * the reporting firms linked), in one transaction; 409 `proposal_not_standing` when the blocker
 * is no longer proposed (too few firms, or a risk from it was opened meanwhile).
 */
export async function acceptProposal(trx: Trx, deps: Deps, ctx: Ctx, body: AcceptProposalBody): Promise<Created<RiskResponse, 201>> {
  const allianceId = tenantOf(ctx);
  // Two acceptances of one alliance run one after the other (SQLite has one writer).
  if (deps.dialect === 'postgres') await repo.lockAlliance(trx, allianceId);
  const { items } = await computeProposals(trx, ctx, today(deps), body.minFirms);
  const p = items.find((x) => x.blocker === body.blocker);
  if (!p) throw new AppError('proposal_not_standing');
  await checkRefs(trx, allianceId, body.ownerUserId, []);
  const now = deps.clock.now();
  const at = now.toISOString();
  const likelihood = body.likelihood ?? p.suggested.likelihood;
  const impact = body.impact ?? p.suggested.impact;
  const title = body.title ?? p.suggested.title;
  const id = await repo.insertRisk(trx, {
    alliance_id: allianceId, title, category: p.category, description: p.description, likelihood, impact, mitigation: '', owner_user_id: body.ownerUserId,
    review_date: body.reviewDate, status: 'open', source_blocker: p.blocker, created_by: ctx.actor.userId, created_at: at, updated_at: at,
  });
  await repo.replaceRiskEnterprises(trx, id, p.firms.map((f) => f.id));
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'risk.create', targetType: 'risk', targetId: id, detail: { title, likelihood, impact, sourceBlocker: p.blocker, firms: p.count } });
  return { status: 201, body: await presentOne(trx, deps, ctx, id) };
}
