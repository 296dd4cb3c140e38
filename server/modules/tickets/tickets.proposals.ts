/**
 * Tickets proposed from daily reports: when an enterprise lists the same blocker on two
 * consecutive days (the later one today or yesterday, Asia/Shanghai), the platform proposes a
 * ticket for it — unless the enterprise already has a ticket of that category that is not
 * closed. The enterprise (or its commissioner) confirms a proposal to file it; nothing is filed
 * without that confirmation. A blocker listed three days running is proposed as high priority.
 *
 * A proposal can also be dismissed (no ticket needed). It then stays away while the enterprise
 * keeps listing that blocker every day since the dismissed proposal; once a day passes without
 * it, a new run of reports proposes it again.
 */
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Executor, Trx } from '../../core/db/database';
import { isUniqueViolation } from '../../core/db/errors';
import { notFound } from '../../core/errors';
import type { Created } from '../../core/http/idempotency';
import { tenantOf } from '../../core/tenant';
import { addDays, shanghaiDate } from '../../domain/workdays';
import { parseJsonArray } from '../enterprises/enterprises.presenter';
import type { Outbox } from '../notifications/outbox';
import type { BlockerCategory } from '../reports/reports.schema';
import { BLOCKER_CATEGORIES } from '../reports/reports.schema';
import { CATEGORY_LABELS, label } from './ticket-labels';
import * as repo from './tickets.repository';
import type { ConfirmProposalBody, DismissProposalBody, Proposal, ProposalDismissal, TicketDetail } from './tickets.schema';
import { detailOf, enterpriseForFiling, insertTicket, notifyFiled } from './tickets.service';

/** Enterprises whose proposals the actor sees: all members for alliance staff, else own and caseload. */
function enterpriseScope(ctx: Ctx): readonly number[] | undefined {
  const r = ctx.actor.roles;
  if (r.has('platform_admin') || r.has('secretary') || r.has('group_member')) return undefined;
  return [...new Set([...ctx.actor.enterpriseIds, ...ctx.actor.caseload])];
}

/** The standing proposals of the firms the actor sees (only `enterpriseId`, or only `firms`, when given). */
export async function computeProposals(db: Executor, deps: Deps, ctx: Ctx, enterpriseId?: number, firms?: readonly number[]): Promise<Proposal[]> {
  const allianceId = tenantOf(ctx);
  const today = shanghaiDate(deps.clock.now());
  let only = enterpriseScope(ctx);
  if (enterpriseId !== undefined) only = only ? only.filter((id) => id === enterpriseId) : [enterpriseId];
  if (firms) only = only ? only.filter((id) => firms.includes(id)) : firms;
  const rows = await repo.blockerReports(db, allianceId, [today, addDays(today, -1), addDays(today, -2)], BLOCKER_CATEGORIES, only);
  const byEnterprise = new Map<number, typeof rows>();
  for (const r of rows) {
    const list = byEnterprise.get(r.enterprise_id);
    if (list) list.push(r);
    else byEnterprise.set(r.enterprise_id, [r]);
  }
  const active = await repo.activeTicketKeys(db, allianceId, [...byEnterprise.keys()]);
  const lang = ctx.locale === 'en-US' ? 'en' : 'zh';
  const proposals: Proposal[] = [];
  for (const [id, reports] of byEnterprise) {
    const [latest, previous, third] = reports; // newest first
    if (!latest || !previous || latest.report_date < addDays(today, -1) || previous.report_date !== addDays(latest.report_date, -1)) continue;
    const blockersOf = (r: (typeof reports)[number] | undefined) => new Map(parseJsonArray<{ category: string; note?: string }>(r?.blockers_json ?? '[]').map((b) => [b.category, b.note ?? '']));
    const a = blockersOf(latest);
    const b = blockersOf(previous);
    const c = third && third.report_date === addDays(previous.report_date, -1) ? blockersOf(third) : new Map<string, string>();
    for (const category of BLOCKER_CATEGORIES) {
      if (!a.has(category) || !b.has(category) || active.has(`${id}:${category}`)) continue;
      const notes = [a.get(category)!, b.get(category)!].filter(Boolean);
      proposals.push({
        enterprise: { id, name: latest.name },
        category,
        dates: [latest.report_date, previous.report_date],
        notes,
        suggestedTitle: `${label(CATEGORY_LABELS, category, lang)}${lang === 'zh' ? '：' : ': '}${notes[0] ?? label(CATEGORY_LABELS, category, lang)}`.slice(0, 120),
        suggestedPriority: c.has(category) ? 'high' : 'normal',
      });
    }
  }
  const standing = await withoutDismissed(db, allianceId, today, proposals);
  // One collator (the order `localeCompare` gives, without building one per comparison).
  const compare = new Intl.Collator().compare;
  return standing.sort((x, y) => compare(x.enterprise.name, y.enterprise.name) || compare(x.category, y.category));
}

const hasBlocker = (blockersJson: string, category: string) => parseJsonArray<{ category: string }>(blockersJson).some((b) => b.category === category);

/**
 * Drops proposals that were dismissed during the current run of reports: the latest dismissal
 * of the (enterprise, category) is on one of the proposal's two days, or every day from it up to
 * them has a report listing the blocker.
 */
async function withoutDismissed(db: Executor, allianceId: number, today: string, proposals: Proposal[]): Promise<Proposal[]> {
  const dismissed = await repo.latestDismissals(db, allianceId, [...new Set(proposals.map((p) => p.enterprise.id))], today);
  const out: Proposal[] = [];
  for (const p of proposals) {
    const at = dismissed.get(`${p.enterprise.id}:${p.category}`);
    const previous = p.dates[1]!;
    if (at !== undefined && at >= previous) continue;
    if (at !== undefined) {
      const reports = await repo.reportBlockersBetween(db, p.enterprise.id, at, previous);
      const byDate = new Map(reports.map((r) => [r.report_date, r.blockers_json]));
      let unbroken = true;
      for (let d = at; d <= previous; d = addDays(d, 1)) {
        const blockers = byDate.get(d);
        if (blockers === undefined || !hasBlocker(blockers, p.category)) {
          unbroken = false;
          break;
        }
      }
      if (unbroken) continue;
    }
    out.push(p);
  }
  return out;
}

/**
 * Dismisses a standing proposal (404 when it no longer stands: filed, dismissed, or the reports
 * changed). Nothing is filed; the dismissal and its reason are audited.
 */
export async function dismissProposal(trx: Trx, deps: Deps, ctx: Ctx, body: DismissProposalBody): Promise<Created<ProposalDismissal, 201>> {
  await enterpriseForFiling(trx, ctx, body.enterpriseId, 'ticket.dismiss_proposal');
  const proposal = (await computeProposals(trx, deps, ctx, body.enterpriseId)).find((p) => p.category === body.category);
  if (!proposal) throw notFound();
  const now = deps.clock.now();
  const at = now.toISOString();
  try {
    await repo.insertDismissal(trx, { alliance_id: tenantOf(ctx), enterprise_id: body.enterpriseId, category: body.category, report_date: proposal.dates[0]!, reason: body.reason, dismissed_by: ctx.actor.userId, dismissed_at: at });
  } catch (err) {
    // Dismissed by someone else a moment ago.
    if (isUniqueViolation(err)) throw notFound();
    throw err;
  }
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'ticket.proposal_dismiss', targetType: 'enterprise', targetId: body.enterpriseId, detail: { category: body.category, dates: proposal.dates, reason: body.reason } });
  return { status: 201, body: { enterprise: proposal.enterprise, category: proposal.category, dates: proposal.dates, reason: body.reason, dismissedAt: at } };
}

/**
 * A page of proposals in firm name order ("load more"): the firms that may have one (latest
 * report today or yesterday listing a blocker) are walked in `member_keys`' name index from the
 * firm `after`, a batch at a time, and only their reports are read, until the page holds `limit`
 * proposals — whole firms, so a firm's proposals are never split between pages. A page costs an
 * index range and its firms' reports, whatever the alliance's size.
 */
export async function listProposals(deps: Deps, ctx: Ctx, q: { enterpriseId?: number; after?: number; limit: number }) {
  const db = deps.db;
  const allianceId = tenantOf(ctx);
  const since = addDays(shanghaiDate(deps.clock.now()), -1);
  let only = enterpriseScope(ctx);
  if (q.enterpriseId !== undefined) only = only ? only.filter((id) => id === q.enterpriseId) : [q.enterpriseId];
  let after: { name: string; id: number } | undefined;
  if (q.after !== undefined) {
    const name = await repo.memberName(db, allianceId, q.after);
    if (name === undefined) throw notFound();
    after = { name, id: q.after };
  }
  const batch = Math.max(q.limit, 50);
  const items: Proposal[] = [];
  for (;;) {
    const firms = await repo.proposalFirms(db, allianceId, since, { onlyIds: only, after, limit: batch });
    if (!firms.length) return { items, next: null };
    const byFirm = new Map<number, Proposal[]>();
    for (const p of await computeProposals(db, deps, ctx, undefined, firms.map((f) => f.id))) {
      const list = byFirm.get(p.enterprise.id);
      if (list) list.push(p);
      else byFirm.set(p.enterprise.id, [p]);
    }
    for (const [i, f] of firms.entries()) {
      items.push(...(byFirm.get(f.id) ?? []));
      if (items.length >= q.limit) return { items, next: i === firms.length - 1 && firms.length < batch ? null : f.id };
    }
    if (firms.length < batch) return { items, next: null };
    after = { name: firms.at(-1)!.name, id: firms.at(-1)!.id };
  }
}

/** Files the ticket a proposal describes (source `report`); 404 when it no longer stands. */
export async function confirmProposal(trx: Trx, deps: Deps, ctx: Ctx, outbox: Outbox, body: ConfirmProposalBody): Promise<Created<TicketDetail, 201>> {
  await enterpriseForFiling(trx, ctx, body.enterpriseId);
  const proposal = (await computeProposals(trx, deps, ctx, body.enterpriseId)).find((p) => p.category === body.category);
  if (!proposal) throw notFound();
  const now = deps.clock.now();
  const description = body.description ?? proposal.dates.map((d, i) => `${d}：${proposal.notes[i] ?? ''}`).join('\n');
  const id = await insertTicket(trx, {
    allianceId: tenantOf(ctx), enterpriseId: body.enterpriseId, category: body.category as BlockerCategory, priority: body.priority ?? proposal.suggestedPriority,
    title: body.title ?? proposal.suggestedTitle, description, source: 'report', sourceRef: `${body.category}@${proposal.dates[0]}`, createdBy: ctx.actor.userId, at: now,
  });
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'ticket.create_from_report', targetType: 'ticket', targetId: id, detail: { enterpriseId: body.enterpriseId, category: body.category, dates: proposal.dates } });
  await notifyFiled(trx, outbox, ctx, now, id);
  return { status: 201, body: await detailOf(trx, deps, ctx, id) };
}
