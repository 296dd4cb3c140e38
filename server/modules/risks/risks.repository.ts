/** Queries of the risk register. Every read is scoped to one alliance by the caller. */
import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../core/db/database';
import { isLatestReport, latestCopyServes, latestSource } from '../enterprises/enterprises.repository';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function base(db: Executor) {
  return db.selectFrom('risks as r').leftJoin('users as o', 'o.id', 'r.owner_user_id');
}

const columns = [
  'r.id', 'r.alliance_id', 'r.title', 'r.category', 'r.description', 'r.likelihood', 'r.impact', 'r.mitigation', 'r.owner_user_id', 'o.display_name as owner_name',
  'r.review_date', 'r.status', 'r.source_blocker', 'r.created_at', 'r.updated_at', 'r.version',
] as const;

export function findRisk(db: Executor, allianceId: number, id: number) {
  return base(db).select(columns).where('r.alliance_id', '=', allianceId).where('r.id', '=', id).executeTakeFirst();
}

export type RiskRow = NonNullable<Awaited<ReturnType<typeof findRisk>>>;

export interface RiskFilter {
  allianceId: number;
  status?: string;
  active?: boolean;
  category?: string;
  minScore?: number;
  maxScore?: number;
  ownerUserId?: number;
  enterpriseId?: number;
  ticketId?: number;
  q?: string;
  reviewBefore?: string;
}

const score = sql<number>`r.likelihood * r.impact`;

function filtered(db: Executor, f: RiskFilter) {
  let q = base(db).where('r.alliance_id', '=', f.allianceId);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.active === true) q = q.where('r.status', '!=', 'closed');
  if (f.active === false) q = q.where('r.status', '=', 'closed');
  if (f.category) q = q.where('r.category', '=', f.category);
  if (f.minScore !== undefined) q = q.where(sql<SqlBool>`r.likelihood * r.impact >= ${f.minScore}`);
  if (f.maxScore !== undefined) q = q.where(sql<SqlBool>`r.likelihood * r.impact <= ${f.maxScore}`);
  if (f.ownerUserId) q = q.where('r.owner_user_id', '=', f.ownerUserId);
  if (f.enterpriseId) q = q.where((eb) => eb.exists(eb.selectFrom('risk_enterprises as re').select('re.risk_id').whereRef('re.risk_id', '=', 'r.id').where('re.enterprise_id', '=', f.enterpriseId!)));
  if (f.ticketId) q = q.where((eb) => eb.exists(eb.selectFrom('risk_tickets as rt').select('rt.risk_id').whereRef('rt.risk_id', '=', 'r.id').where('rt.ticket_id', '=', f.ticketId!)));
  if (f.reviewBefore) q = q.where('r.review_date', '<', f.reviewBefore).where('r.status', '!=', 'closed');
  if (f.q) q = q.where((eb) => eb.or([eb('r.title', 'like', `%${escapeLike(f.q!)}%`), eb('r.description', 'like', `%${escapeLike(f.q!)}%`)]));
  return q;
}

const SORTS = { reviewDate: 'r.review_date', updatedAt: 'r.updated_at', createdAt: 'r.created_at' } as const;

export async function listRisks(db: Executor, f: RiskFilter, page: { offset: number; limit: number; sort: keyof typeof SORTS | 'score'; order: 'asc' | 'desc' }) {
  let q = filtered(db, f).select(columns);
  q = page.sort === 'score' ? q.orderBy(score, page.order) : q.orderBy(SORTS[page.sort], page.order);
  const items = await q.orderBy('r.id', page.order).offset(page.offset).limit(page.limit).execute();
  const total = await filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { items, total: Number(total.n) };
}

export function risksByIds(db: Executor, allianceId: number, ids: readonly number[]) {
  if (!ids.length) return Promise.resolve([] as RiskRow[]);
  return base(db).select(columns).where('r.alliance_id', '=', allianceId).where('r.id', 'in', [...ids]).execute();
}

export function heatmapCounts(db: Executor, allianceId: number, status?: string) {
  let q = db.selectFrom('risks').select(['likelihood', 'impact', (eb) => eb.fn.countAll<number>().as('n')]).where('alliance_id', '=', allianceId);
  q = status ? q.where('status', '=', status) : q.where('status', '!=', 'closed');
  return q.groupBy(['likelihood', 'impact']).execute();
}

export async function insertRisk(
  db: Executor,
  row: { alliance_id: number; title: string; category: string; description: string; likelihood: number; impact: number; mitigation: string; owner_user_id: number | null; review_date: string | null; status: string; source_blocker?: string | null; created_by: number; created_at: string; updated_at: string },
): Promise<number> {
  const r = await db.insertInto('risks').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export type RiskChanges = Partial<{ title: string; category: string; description: string; likelihood: number; impact: number; mitigation: string; owner_user_id: number | null; review_date: string | null; status: string; updated_at: string }>;

export async function updateRisk(db: Executor, id: number, version: number, changes: RiskChanges): Promise<boolean> {
  const r = await db.updateTable('risks').set((eb) => ({ ...changes, version: eb('version', '+', 1) })).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteRisk(db: Executor, id: number, version: number): Promise<boolean> {
  const r = await db.deleteFrom('risks').where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export function riskEnterprises(db: Executor, riskIds: readonly number[]) {
  if (!riskIds.length) return Promise.resolve([] as { risk_id: number; id: number; name: string }[]);
  return db
    .selectFrom('risk_enterprises as re')
    .innerJoin('enterprises as e', 'e.id', 're.enterprise_id')
    .select(['re.risk_id', 'e.id', 'e.name'])
    .where('re.risk_id', 'in', [...riskIds])
    .orderBy('e.name')
    .execute();
}

export async function replaceRiskEnterprises(db: Executor, riskId: number, enterpriseIds: readonly number[]) {
  await db.deleteFrom('risk_enterprises').where('risk_id', '=', riskId).execute();
  if (enterpriseIds.length) await db.insertInto('risk_enterprises').values(enterpriseIds.map((enterprise_id) => ({ risk_id: riskId, enterprise_id }))).execute();
}

export function riskTickets(db: Executor, riskIds: readonly number[]) {
  if (!riskIds.length) return Promise.resolve([] as { risk_id: number; id: number; title: string; status: string }[]);
  return db
    .selectFrom('risk_tickets as rt')
    .innerJoin('tickets as t', 't.id', 'rt.ticket_id')
    .select(['rt.risk_id', 't.id', 't.title', 't.status'])
    .where('rt.risk_id', 'in', [...riskIds])
    .orderBy('t.id')
    .execute();
}

export async function replaceRiskTickets(db: Executor, riskId: number, ticketIds: readonly number[]) {
  await db.deleteFrom('risk_tickets').where('risk_id', '=', riskId).execute();
  if (ticketIds.length) await db.insertInto('risk_tickets').values(ticketIds.map((ticket_id) => ({ risk_id: riskId, ticket_id }))).execute();
}

/** The alliance's tickets among `ids` (id → title). */
export async function ticketsOf(db: Executor, allianceId: number, ids: readonly number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('tickets').select('id').where('alliance_id', '=', allianceId).where('id', 'in', [...ids]).execute();
  return new Set(rows.map((r) => r.id));
}

/** Risks not closed, with an owner, whose review date is on or before `day` and whose owner was not yet reminded of it. */
export function reviewsToRemind(db: Executor, day: string) {
  return db
    .selectFrom('risks')
    .select(['id', 'alliance_id', 'title', 'owner_user_id', 'review_date'])
    .where('status', '!=', 'closed')
    .where('owner_user_id', 'is not', null)
    .where('review_date', '<=', day)
    .where((eb) => eb.or([eb('review_reminded_for', 'is', null), eb('review_reminded_for', '!=', eb.ref('review_date'))]))
    .orderBy('id')
    .limit(1000)
    .execute();
}

/** Records the reminder; false when another run did it first. */
export async function markReviewReminded(db: Executor, id: number, reviewDate: string): Promise<boolean> {
  const r = await db
    .updateTable('risks')
    .set({ review_reminded_for: reviewDate })
    .where('id', '=', id)
    .where('review_date', '=', reviewDate)
    .where((eb) => eb.or([eb('review_reminded_for', 'is', null), eb('review_reminded_for', '!=', reviewDate)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * The alliance's members whose latest report on or before `today` is dated on or after `since`
 * (a current report): how many there are, and those among them whose report names a blocker
 * (id, name, report date, blockers JSON), in name order.
 */
export async function currentBlockerReports(db: Executor, allianceId: number, today: string, since: string) {
  const copy = await latestCopyServes(db, today);
  const current = () =>
    db
      .selectFrom('alliance_members as am')
      .innerJoin(latestSource(copy), (j) => j.onRef('r.enterprise_id', '=', 'am.enterprise_id').on(isLatestReport(copy, today)))
      .where('am.alliance_id', '=', allianceId)
      .where('r.report_date', '>=', since)
      .where('r.report_date', '<=', today);
  const [count, rows] = await Promise.all([
    current().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    current()
      .innerJoin('enterprises as e', 'e.id', 'am.enterprise_id')
      .where('r.blockers_json', '!=', '[]')
      .select(['e.id', 'e.name', 'r.report_date', 'r.blockers_json'])
      .orderBy('e.name')
      .orderBy('e.id')
      .execute(),
  ]);
  return { reporters: Number(count.n), rows };
}

/** The blocker categories that already have a risk not closed made from them. */
export async function coveredBlockers(db: Executor, allianceId: number): Promise<Set<string>> {
  const rows = await db.selectFrom('risks').select('source_blocker').distinct().where('alliance_id', '=', allianceId).where('status', '!=', 'closed').where('source_blocker', 'is not', null).execute();
  return new Set(rows.map((r) => r.source_blocker!));
}

/** Takes the alliance's row lock (PostgreSQL): accepting proposals of one alliance runs one at a time. */
export async function lockAlliance(db: Executor, allianceId: number) {
  await db.selectFrom('alliances').select('id').where('id', '=', allianceId).forUpdate().executeTakeFirst();
}
