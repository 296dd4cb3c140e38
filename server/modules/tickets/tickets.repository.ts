/** Queries of problem handling. Every read is scoped to one alliance by the caller. */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { WorkingGroup } from '../../core/auth/roles';
import type { Executor } from '../../core/db/database';
import type { Database } from '../../core/db/schema';
import { reportVisible } from '../enterprises/enterprises.repository';
import { listsBlocker } from '../reports/reports.repository';
import { CLOCK_STATUSES, OPEN_STATUSES } from './ticket-state';

type TicketEb = ExpressionBuilder<Database & { t: Database['tickets'] }, 't'>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function base(db: Executor) {
  return db
    .selectFrom('tickets as t')
    .leftJoin('enterprises as e', 'e.id', 't.enterprise_id')
    .leftJoin('users as lu', 'lu.id', 't.lead_user_id');
}

const summaryColumns = [
  't.id', 't.alliance_id', 't.parent_id', 't.enterprise_id', 'e.name as enterprise_name', 't.category', 't.priority', 't.title', 't.status',
  't.lead_group', 't.lead_user_id', 'lu.display_name as lead_user_name', 't.source', 't.response_due_at', 't.resolve_due_at',
  't.first_response_at', 't.resolved_at', 't.closed_at', 't.escalation_level', 't.satisfaction', 't.created_at', 't.updated_at', 't.version',
  't.paused_at', 't.paused_workdays',
] as const;

const detailColumns = [
  ...summaryColumns, 't.description', 't.source_ref', 't.decision_id', 't.created_by', 't.satisfaction_comment', 't.rated_at', 't.warned_at',
  't.escalated_at', 't.agenda_pending',
] as const;

export function findTicket(db: Executor, allianceId: number, id: number) {
  return base(db)
    .leftJoin('users as cb', 'cb.id', 't.created_by')
    .select(detailColumns)
    .select('cb.display_name as created_by_name')
    .where('t.alliance_id', '=', allianceId)
    .where('t.id', '=', id)
    .executeTakeFirst();
}

export type TicketRow = NonNullable<Awaited<ReturnType<typeof findTicket>>>;

/** Who can see which tickets: everything in the alliance, or only where the actor takes part. */
export type TicketScope =
  | { kind: 'all' }
  | { kind: 'parties'; userId: number; enterpriseIds: readonly number[]; caseload: readonly number[] };

export interface TicketFilter {
  allianceId: number;
  scope: TicketScope;
  now: string;
  dueSoonUntil: string;
  me: { userId: number; groups: readonly WorkingGroup[] };
  queue?: 'mine' | 'group' | 'unassigned' | 'due_soon' | 'overdue';
  status?: string;
  open?: boolean;
  category?: string;
  priority?: string;
  enterpriseId?: number;
  leadGroup?: string;
  source?: string;
  escalation?: number;
  parentId?: number;
  q?: string;
  createdFrom?: string;
  createdTo?: string;
}

const openStatuses = [...OPEN_STATUSES];
/** Open and on the clock (not pending): what can be due soon, overdue, warned or escalated. */
const clockStatuses = [...CLOCK_STATUSES];
const none = sql<SqlBool>`1 = 0`;

function handlerExists(eb: TicketEb, where: (h: ExpressionBuilder<Database & { h: Database['ticket_handlers'] }, 'h'>) => Expression<SqlBool>) {
  return eb.exists(eb.selectFrom('ticket_handlers as h').select('h.id').whereRef('h.ticket_id', '=', 't.id').where(where));
}

function scopeCondition(eb: TicketEb, scope: TicketScope): Expression<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`1 = 1`;
  const enterprises = [...new Set([...scope.enterpriseIds, ...scope.caseload])];
  const ors: Expression<SqlBool>[] = [eb('t.lead_user_id', '=', scope.userId), handlerExists(eb, (h) => h('h.user_id', '=', scope.userId))];
  if (enterprises.length) ors.push(eb('t.enterprise_id', 'in', enterprises));
  if (scope.enterpriseIds.length) ors.push(handlerExists(eb, (h) => h('h.enterprise_id', 'in', [...scope.enterpriseIds])));
  return eb.or(ors);
}

function filtered(db: Executor, f: TicketFilter) {
  let q = base(db).where('t.alliance_id', '=', f.allianceId).where((eb) => scopeCondition(eb, f.scope));
  switch (f.queue) {
    case 'mine':
      q = q.where((eb) => eb.or([eb('t.lead_user_id', '=', f.me.userId), handlerExists(eb, (h) => h('h.user_id', '=', f.me.userId))]));
      break;
    case 'group':
      q = f.me.groups.length
        ? q.where((eb) => eb.or([eb('t.lead_group', 'in', [...f.me.groups]), handlerExists(eb, (h) => h('h.working_group', 'in', [...f.me.groups]))]))
        : q.where(none);
      break;
    case 'unassigned':
      q = q.where('t.lead_group', 'is', null).where('t.lead_user_id', 'is', null).where('t.status', 'in', openStatuses);
      break;
    case 'due_soon':
      q = q.where('t.status', 'in', clockStatuses).where('t.resolve_due_at', '>', f.now).where('t.resolve_due_at', '<=', f.dueSoonUntil);
      break;
    case 'overdue':
      q = q.where('t.status', 'in', clockStatuses).where('t.resolve_due_at', '<=', f.now);
      break;
  }
  if (f.status) q = q.where('t.status', '=', f.status);
  if (f.open === true) q = q.where('t.status', 'in', openStatuses);
  if (f.open === false) q = q.where('t.status', 'not in', openStatuses);
  if (f.category) q = q.where('t.category', '=', f.category);
  if (f.priority) q = q.where('t.priority', '=', f.priority);
  if (f.enterpriseId) q = q.where('t.enterprise_id', '=', f.enterpriseId);
  if (f.leadGroup === 'none') q = q.where('t.lead_group', 'is', null);
  else if (f.leadGroup) q = q.where('t.lead_group', '=', f.leadGroup);
  if (f.source) q = q.where('t.source', '=', f.source);
  if (f.escalation) q = q.where('t.escalation_level', '>=', f.escalation);
  if (f.parentId) q = q.where('t.parent_id', '=', f.parentId);
  if (f.createdFrom) q = q.where('t.created_at', '>=', f.createdFrom);
  if (f.createdTo) q = q.where('t.created_at', '<', f.createdTo);
  if (f.q) {
    const num = /^#?(\d{1,9})$/.exec(f.q);
    if (num) q = q.where('t.id', '=', Number(num[1]));
    else {
      const like = `%${escapeLike(f.q)}%`;
      q = q.where((eb) => eb.or([eb('t.title', 'like', like), eb('t.description', 'like', like), eb('e.name', 'like', like)]));
    }
  }
  return q;
}

/** Priority as a number, so `desc` puts the most urgent first. */
const priorityRank = sql<number>`case t.priority when 'urgent' then 3 when 'high' then 2 when 'normal' then 1 else 0 end`;
const SORTS = { createdAt: 't.created_at', updatedAt: 't.updated_at', resolveDueAt: 't.resolve_due_at', id: 't.id' } as const;

export async function listTickets(db: Executor, f: TicketFilter, page: { offset: number; limit: number; sort: keyof typeof SORTS | 'priority'; order: 'asc' | 'desc' }) {
  let q = filtered(db, f).select(summaryColumns);
  q = page.sort === 'priority' ? q.orderBy(priorityRank, page.order) : q.orderBy(SORTS[page.sort], page.order);
  const items = await q.orderBy('t.id', page.order).offset(page.offset).limit(page.limit).execute();
  const total = await filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { items, total: Number(total.n) };
}

export function listChildren(db: Executor, parentId: number) {
  return base(db).select(summaryColumns).where('t.parent_id', '=', parentId).orderBy('t.id').execute();
}

export function findSummary(db: Executor, id: number) {
  return base(db).select(summaryColumns).where('t.id', '=', id).executeTakeFirst();
}

export function summariesByIds(db: Executor, ids: readonly number[]) {
  if (!ids.length) return Promise.resolve([] as Awaited<ReturnType<typeof listChildren>>);
  return base(db).select(summaryColumns).where('t.id', 'in', [...ids]).orderBy('t.id').execute();
}

export type SummaryRow = Awaited<ReturnType<typeof listChildren>>[number];

/** Open tickets that are escalated or past their deadline, the most pressing first (agendas). */
export function escalatedOrOverdue(db: Executor, allianceId: number, now: string, limit = 30) {
  return base(db)
    .select(summaryColumns)
    .where('t.alliance_id', '=', allianceId)
    .where('t.status', 'in', openStatuses)
    .where((eb) => eb.or([eb('t.escalation_level', '>=', 1), eb.and([eb('t.status', 'in', clockStatuses), eb('t.resolve_due_at', '<=', now)])]))
    .orderBy('t.escalation_level', 'desc')
    .orderBy('t.resolve_due_at')
    .limit(limit)
    .execute();
}

export async function countOpenChildren(db: Executor, parentId: number): Promise<number> {
  const r = await db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', '=', parentId).where('status', '!=', 'closed').executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertTicketRow(
  db: Executor,
  row: {
    alliance_id: number; enterprise_id: number | null; parent_id: number | null; decision_id: number | null; category: string; priority: string; title: string;
    description: string; status: string; lead_group: string | null; lead_user_id: number | null; source: string; source_ref: string | null; created_by: number | null;
    response_due_at: string; resolve_due_at: string; first_response_at: string | null; created_at: string; updated_at: string;
  },
): Promise<number> {
  const r = await db.insertInto('tickets').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export type TicketChanges = Partial<{
  title: string; description: string; category: string; priority: string; status: string; lead_group: string | null; lead_user_id: number | null;
  response_due_at: string; resolve_due_at: string; first_response_at: string | null; resolved_at: string | null; closed_at: string | null;
  satisfaction: number | null; satisfaction_comment: string | null; rated_at: string | null; updated_at: string;
  paused_at: string | null; paused_workdays: number; warned_at: string | null;
}>;

/** Applies a user's change when the ticket is still at `version`, and bumps the version. */
export async function updateTicket(db: Executor, id: number, version: number, changes: TicketChanges): Promise<boolean> {
  const r = await db.updateTable('tickets').set((eb) => ({ ...changes, version: eb('version', '+', 1) })).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Bookkeeping that is not an edit (first response, system closure): no version check. */
export async function setTicketFields(db: Executor, id: number, changes: TicketChanges): Promise<void> {
  await db.updateTable('tickets').set((eb) => ({ ...changes, version: eb('version', '+', 1) })).where('id', '=', id).execute();
}

/** Records activity (a comment, an attachment) without counting as an edit. */
export async function touchTicket(db: Executor, id: number, at: string): Promise<void> {
  await db.updateTable('tickets').set({ updated_at: at }).where('id', '=', id).execute();
}

export async function setFirstResponse(db: Executor, id: number, at: string): Promise<void> {
  await db.updateTable('tickets').set({ first_response_at: at }).where('id', '=', id).where('first_response_at', 'is', null).execute();
}

// Handlers ------------------------------------------------------------------------------------

export function listHandlers(db: Executor, ticketIds: readonly number[]) {
  if (!ticketIds.length) return Promise.resolve([]);
  return db
    .selectFrom('ticket_handlers as h')
    .leftJoin('enterprises as e', 'e.id', 'h.enterprise_id')
    .leftJoin('users as u', 'u.id', 'h.user_id')
    .select(['h.ticket_id', 'h.kind', 'h.working_group', 'h.enterprise_id', 'e.name as enterprise_name', 'h.user_id', 'u.display_name as user_name'])
    .where('h.ticket_id', 'in', [...ticketIds])
    .orderBy('h.id')
    .execute();
}

export type HandlerRow = Awaited<ReturnType<typeof listHandlers>>[number];

export async function replaceHandlers(db: Executor, ticketId: number, rows: { kind: string; working_group: string | null; enterprise_id: number | null; user_id: number | null }[], by: number | null, at: string) {
  await db.deleteFrom('ticket_handlers').where('ticket_id', '=', ticketId).execute();
  if (rows.length) await db.insertInto('ticket_handlers').values(rows.map((r) => ({ ...r, ticket_id: ticketId, added_by: by, added_at: at }))).execute();
}

// Timeline ------------------------------------------------------------------------------------

export async function insertEvent(
  db: Executor,
  e: { ticket_id: number; kind: string; visibility: string; actor_user_id: number | null; from_status?: string | null; to_status?: string | null; body?: string; data?: Record<string, unknown>; created_at: string },
): Promise<number> {
  const r = await db
    .insertInto('ticket_events')
    .values({
      ticket_id: e.ticket_id, kind: e.kind, visibility: e.visibility, actor_user_id: e.actor_user_id, from_status: e.from_status ?? null, to_status: e.to_status ?? null,
      body: e.body ?? '', data_json: JSON.stringify(e.data ?? {}), created_at: e.created_at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export function listEvents(db: Executor, ticketId: number, includeInternal: boolean) {
  let q = db
    .selectFrom('ticket_events as ev')
    .leftJoin('users as u', 'u.id', 'ev.actor_user_id')
    .select(['ev.id', 'ev.kind', 'ev.visibility', 'ev.actor_user_id', 'u.display_name as actor_name', 'ev.from_status', 'ev.to_status', 'ev.body', 'ev.data_json', 'ev.created_at'])
    .where('ev.ticket_id', '=', ticketId);
  if (!includeInternal) q = q.where('ev.visibility', '=', 'public');
  return q.orderBy('ev.id').execute();
}

export type EventRow = Awaited<ReturnType<typeof listEvents>>[number];

export function findEvent(db: Executor, id: number) {
  return db
    .selectFrom('ticket_events as ev')
    .leftJoin('users as u', 'u.id', 'ev.actor_user_id')
    .select(['ev.id', 'ev.kind', 'ev.visibility', 'ev.actor_user_id', 'u.display_name as actor_name', 'ev.from_status', 'ev.to_status', 'ev.body', 'ev.data_json', 'ev.created_at'])
    .where('ev.id', '=', id)
    .executeTakeFirstOrThrow();
}

// Attachments ---------------------------------------------------------------------------------

// Attachments live in the shared file store (owner type `ticket`); deleted ones are not shown.
function attachments(db: Executor) {
  return db
    .selectFrom('files as a')
    .leftJoin('users as u', 'u.id', 'a.uploaded_by')
    .select(['a.id', 'a.owner_id as ticket_id', 'a.sha256', 'a.storage_path', 'a.mime', 'a.size', 'a.original_name', 'a.visibility', 'a.uploaded_by', 'u.display_name as uploader_name', 'a.created_at'])
    .where('a.owner_type', '=', 'ticket')
    .where('a.deleted_at', 'is', null);
}

export function listAttachments(db: Executor, ticketId: number, includeInternal: boolean) {
  let q = attachments(db).where('a.owner_id', '=', ticketId);
  if (!includeInternal) q = q.where('a.visibility', '=', 'public');
  return q.orderBy('a.id').execute();
}

export function findAttachment(db: Executor, ticketId: number, id: number) {
  return attachments(db).where('a.owner_id', '=', ticketId).where('a.id', '=', id).executeTakeFirst();
}

export type AttachmentRow = NonNullable<Awaited<ReturnType<typeof findAttachment>>>;

// Settings ------------------------------------------------------------------------------------

export function listRoutingRules(db: Executor, allianceId: number) {
  return db.selectFrom('routing_rules').select(['category', 'working_group', 'version']).where('alliance_id', '=', allianceId).execute();
}

export async function replaceRoutingRules(db: Executor, allianceId: number, rules: { category: string; working_group: string | null }[], version: number, at: string) {
  await db.deleteFrom('routing_rules').where('alliance_id', '=', allianceId).execute();
  await db.insertInto('routing_rules').values(rules.map((r) => ({ ...r, alliance_id: allianceId, version, updated_at: at }))).execute();
}

export function listSlaPolicies(db: Executor, allianceId: number) {
  return db.selectFrom('sla_policies').select(['priority', 'response_days', 'resolve_days', 'version']).where('alliance_id', '=', allianceId).execute();
}

export async function replaceSlaPolicies(db: Executor, allianceId: number, policies: { priority: string; response_days: number; resolve_days: number }[], version: number, at: string) {
  await db.deleteFrom('sla_policies').where('alliance_id', '=', allianceId).execute();
  await db.insertInto('sla_policies').values(policies.map((p) => ({ ...p, alliance_id: allianceId, version, updated_at: at }))).execute();
}

// People --------------------------------------------------------------------------------------

/** Members of working groups of an alliance. */
export async function groupMembers(db: Executor, allianceId: number, groups: readonly string[]): Promise<number[]> {
  if (!groups.length) return [];
  const rows = await db.selectFrom('user_roles').select('user_id').where('role', '=', 'group_member').where('alliance_id', '=', allianceId).where('working_group', 'in', [...groups]).execute();
  return rows.map((r) => r.user_id);
}

/** Leaders of working groups of an alliance. */
export async function groupLeads(db: Executor, allianceId: number, groups: readonly string[]): Promise<number[]> {
  if (!groups.length) return [];
  const rows = await db.selectFrom('working_groups').select('lead_user_id').where('alliance_id', '=', allianceId).where('kind', 'in', [...groups]).execute();
  return rows.map((r) => r.lead_user_id).filter((id): id is number => id !== null);
}

export async function secretaries(db: Executor, allianceId: number): Promise<number[]> {
  const rows = await db.selectFrom('user_roles').select('user_id').where('role', '=', 'secretary').where('alliance_id', '=', allianceId).execute();
  return rows.map((r) => r.user_id);
}

/** Accounts that speak for enterprises. */
export async function enterpriseUsers(db: Executor, enterpriseIds: readonly number[]): Promise<number[]> {
  if (!enterpriseIds.length) return [];
  const rows = await db.selectFrom('user_roles').select('user_id').where('enterprise_id', 'in', [...enterpriseIds]).execute();
  return rows.map((r) => r.user_id);
}

/**
 * Of `userIds`, those who may work on the alliance's tickets: its secretaries, working-group
 * members and commissioners, platform admins and volunteer experts (city-wide roles).
 */
export async function staffOfAlliance(db: Executor, allianceId: number, userIds: readonly number[]): Promise<Set<number>> {
  if (!userIds.length) return new Set();
  const rows = await db
    .selectFrom('user_roles as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select('r.user_id')
    .where('r.user_id', 'in', [...userIds])
    .where('u.disabled', '=', 0)
    .where((eb) =>
      eb.or([
        eb.and([eb('r.alliance_id', '=', allianceId), eb('r.role', 'in', ['secretary', 'group_member', 'commissioner'])]),
        eb('r.role', 'in', ['platform_admin', 'expert']),
      ]),
    )
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/** Of `enterpriseIds`, the members of the alliance, with their names. */
export async function membersOf(db: Executor, allianceId: number, enterpriseIds: readonly number[]): Promise<Map<number, string>> {
  if (!enterpriseIds.length) return new Map();
  const rows = await db
    .selectFrom('alliance_members as am')
    .innerJoin('enterprises as e', 'e.id', 'am.enterprise_id')
    .select(['e.id', 'e.name'])
    .where('am.alliance_id', '=', allianceId)
    .where('e.id', 'in', [...enterpriseIds])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function userNames(db: Executor, ids: readonly number[]) {
  if (!ids.length) return Promise.resolve([] as { id: number; display_name: string }[]);
  return db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', [...ids]).execute();
}

// Proposals -----------------------------------------------------------------------------------

/**
 * Reports in [`days[2]`, `days[0]`] (today, yesterday, the day before) of the alliance's members
 * that may have a proposal: those with a report on today or yesterday that shares a blocker with
 * their report of the day before it (filtered in SQL: at city scale most members report a blocker
 * on some day, few the same one two days running). All their reports in the window are answered,
 * blockers or not, so the caller still sees which report is the latest.
 */
export function blockerReports(db: Executor, allianceId: number, days: readonly [string, string, string], categories: readonly string[], onlyIds?: readonly number[]) {
  const [today, yesterday, before] = days;
  const candidates = db
    .selectFrom('resumption_reports as a')
    .innerJoin('alliance_members as am', (j) => j.onRef('am.enterprise_id', '=', 'a.enterprise_id').on('am.alliance_id', '=', allianceId))
    .innerJoin('resumption_reports as b', 'b.enterprise_id', 'a.enterprise_id')
    .select('a.enterprise_id')
    .where((eb) => eb.or([eb.and([eb('a.report_date', '=', today), eb('b.report_date', '=', yesterday)]), eb.and([eb('a.report_date', '=', yesterday), eb('b.report_date', '=', before)])]))
    .where('a.blockers_json', '!=', '[]')
    .where('b.blockers_json', '!=', '[]')
    .where(reportVisible('am', 'b'))
    .where((eb) => eb.or(categories.map((c) => eb.and([listsBlocker('a', c), listsBlocker('b', c)]))));
  const bounded = onlyIds && onlyIds.length ? candidates.where('a.enterprise_id', 'in', [...onlyIds]) : candidates;
  let q = db
    .selectFrom('resumption_reports as r')
    .innerJoin('alliance_members as am', (j) => j.onRef('am.enterprise_id', '=', 'r.enterprise_id').on('am.alliance_id', '=', allianceId))
    .innerJoin('enterprises as e', 'e.id', 'r.enterprise_id')
    .select(['r.enterprise_id', 'e.name', 'r.report_date', 'r.blockers_json'])
    .where('r.report_date', '>=', before)
    .where('r.report_date', '<=', today)
    .where(reportVisible())
    .where('r.enterprise_id', 'in', bounded);
  if (onlyIds) q = onlyIds.length ? q.where('r.enterprise_id', 'in', [...onlyIds]) : q.where(none);
  return q.orderBy('r.enterprise_id').orderBy('r.report_date', 'desc').execute();
}

/**
 * The next `limit` members after firm `after` (name order, then id) whose latest visible report,
 * dated `since` or later, lists a blocker — the only firms that may have a proposal — read from
 * `member_keys` (migration 0024: its name index carries the latest date and the blocker bits).
 */
export async function proposalFirms(db: Executor, allianceId: number, since: string, f: { onlyIds?: readonly number[]; after?: { name: string; id: number }; limit: number }) {
  let q = db
    .selectFrom('member_keys as k')
    .select(['k.enterprise_id as id', 'k.name'])
    .where('k.alliance_id', '=', allianceId)
    .where('k.report_date', '>=', since)
    .where('k.blocker_mask', '!=', 0);
  if (f.onlyIds) q = f.onlyIds.length ? q.where('k.enterprise_id', 'in', [...f.onlyIds]) : q.where(none);
  if (f.after) {
    const { name, id } = f.after;
    q = q.where((eb) => eb.or([eb('k.name', '>', name), eb.and([eb('k.name', '=', name), eb('k.enterprise_id', '>', id)])]));
  }
  return q.orderBy('k.name').orderBy('k.enterprise_id').limit(f.limit).execute();
}

/** A member's name as the member lists sort it (`member_keys`), for resuming after it. */
export async function memberName(db: Executor, allianceId: number, enterpriseId: number): Promise<string | undefined> {
  const r = await db.selectFrom('member_keys').select('name').where('alliance_id', '=', allianceId).where('enterprise_id', '=', enterpriseId).executeTakeFirst();
  // A firm that left since the previous page still has its place in the order.
  return r?.name ?? (await db.selectFrom('enterprises').select('name').where('id', '=', enterpriseId).executeTakeFirst())?.name;
}

/** At most this many ids in one `in (…)` list; more read the alliance's rows (SQLite takes 32,766 parameters per statement). */
const IN_LIST_MAX = 1000;

/** The latest dismissal of each (enterprise, category) on or before `upTo`, as `enterprise:category` → report date. */
export async function latestDismissals(db: Executor, allianceId: number, enterpriseIds: readonly number[], upTo: string): Promise<Map<string, string>> {
  if (!enterpriseIds.length) return new Map();
  let q = db
    .selectFrom('ticket_proposal_dismissals')
    .select(['enterprise_id', 'category', (eb) => eb.fn.max('report_date').as('report_date')])
    .where('alliance_id', '=', allianceId)
    .where('report_date', '<=', upTo);
  if (enterpriseIds.length <= IN_LIST_MAX) q = q.where('enterprise_id', 'in', [...enterpriseIds]);
  const rows = await q.groupBy(['enterprise_id', 'category']).execute();
  return new Map(rows.map((r) => [`${r.enterprise_id}:${r.category}`, String(r.report_date)]));
}

/** One enterprise's reports in [from, to] (dates and blockers), oldest first. */
export function reportBlockersBetween(db: Executor, enterpriseId: number, from: string, to: string) {
  return db
    .selectFrom('resumption_reports')
    .select(['report_date', 'blockers_json'])
    .where('enterprise_id', '=', enterpriseId)
    .where('report_date', '>=', from)
    .where('report_date', '<=', to)
    .orderBy('report_date')
    .execute();
}

export async function insertDismissal(db: Executor, row: { alliance_id: number; enterprise_id: number; category: string; report_date: string; reason: string; dismissed_by: number; dismissed_at: string }) {
  await db.insertInto('ticket_proposal_dismissals').values(row).execute();
}

/** (enterprise, category) pairs that already have a ticket that is not closed. */
export async function activeTicketKeys(db: Executor, allianceId: number, enterpriseIds: readonly number[]): Promise<Set<string>> {
  if (!enterpriseIds.length) return new Set();
  const rows = await db
    .selectFrom('tickets')
    .select(['enterprise_id', 'category'])
    .where('alliance_id', '=', allianceId)
    .where('status', '!=', 'closed')
    .$if(enterpriseIds.length <= IN_LIST_MAX, (q) => q.where('enterprise_id', 'in', [...enterpriseIds]))
    .execute();
  return new Set(rows.map((r) => `${r.enterprise_id}:${r.category}`));
}

// Figures -------------------------------------------------------------------------------------

export async function openCounts(db: Executor, allianceId: number, now: string) {
  const open = db.selectFrom('tickets').where('alliance_id', '=', allianceId).where('status', 'in', openStatuses);
  const [byGroup, byCategory, overdue, escalated] = await Promise.all([
    open.select(['lead_group', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('lead_group').execute(),
    open.select(['category', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('category').execute(),
    open.select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', clockStatuses).where('resolve_due_at', '<=', now).executeTakeFirstOrThrow(),
    open.select((eb) => eb.fn.countAll<number>().as('n')).where('escalation_level', '>=', 1).executeTakeFirstOrThrow(),
  ]);
  return {
    byGroup: byGroup.map((r) => ({ group: r.lead_group, count: Number(r.n) })),
    byCategory: byCategory.map((r) => ({ category: r.category, count: Number(r.n) })),
    overdue: Number(overdue.n),
    escalated: Number(escalated.n),
  };
}

/** Timing columns of the tickets filed in [from, to) (ISO instants). */
export function filedBetween(db: Executor, allianceId: number, from: string, to: string) {
  return db
    .selectFrom('tickets')
    .leftJoin('users as lu', 'lu.id', 'tickets.lead_user_id')
    .select([
      'tickets.created_at', 'tickets.response_due_at', 'tickets.resolve_due_at', 'tickets.first_response_at', 'tickets.resolved_at', 'tickets.satisfaction',
      'tickets.lead_group', 'tickets.lead_user_id', 'lu.display_name as lead_user_name',
    ])
    .where('tickets.alliance_id', '=', allianceId)
    .where('tickets.created_at', '>=', from)
    .where('tickets.created_at', '<', to)
    .execute();
}

// Escalation ----------------------------------------------------------------------------------

/** What the escalation job needs of a ticket, across every alliance. */
function escalationCandidates(db: Executor) {
  return db
    .selectFrom('tickets as t')
    .leftJoin('enterprises as e', 'e.id', 't.enterprise_id')
    .select(['t.id', 't.alliance_id', 't.enterprise_id', 'e.name as enterprise_name', 't.title', 't.lead_group', 't.lead_user_id', 't.response_due_at', 't.resolve_due_at', 't.escalation_level', 't.warned_at']);
}

/** Open tickets of every alliance whose resolve deadline is before `until`, at `level`. */
export function openDueBefore(db: Executor, until: string, level: number) {
  return escalationCandidates(db)
    .where('t.status', 'in', clockStatuses)
    .where('t.escalation_level', '=', level)
    .where('t.resolve_due_at', '<=', until)
    .orderBy('t.resolve_due_at')
    .execute();
}

export type EscalationCandidate = Awaited<ReturnType<typeof openDueBefore>>[number];

/** Tickets still `submitted` (no first response) past their response deadline, not yet escalated for it. */
export function unansweredDueBefore(db: Executor, until: string) {
  return escalationCandidates(db)
    .where('t.status', '=', 'submitted')
    .where('t.first_response_at', 'is', null)
    .where('t.response_escalated_at', 'is', null)
    .where('t.response_due_at', '<=', until)
    .orderBy('t.response_due_at')
    .execute();
}

/** Records the missed first response as escalated (once); false when another process did first or it was answered meanwhile. */
export async function markResponseEscalated(db: Executor, id: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('tickets')
    .set({ response_escalated_at: at })
    .where('id', '=', id)
    .where('response_escalated_at', 'is', null)
    .where('status', '=', 'submitted')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Open tickets escalated to the city (level 3) across every alliance, most overdue first. */
export function supervisedTickets(db: Executor, page: { offset: number; limit: number }, allianceId?: number) {
  let q = base(db).innerJoin('alliances as a', 'a.id', 't.alliance_id').where('t.status', 'in', openStatuses).where('t.escalation_level', '>=', 3);
  if (allianceId !== undefined) q = q.where('t.alliance_id', '=', allianceId);
  return Promise.all([
    q.select([...summaryColumns, 'a.name as alliance_name', 't.escalated_at']).orderBy('t.resolve_due_at').orderBy('t.id').offset(page.offset).limit(page.limit).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
}

/** Platform admins (the city level: 督办), active accounts only. */
export async function platformAdmins(db: Executor): Promise<number[]> {
  const rows = await db
    .selectFrom('user_roles as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select('u.id')
    .where('r.role', '=', 'platform_admin')
    .where('u.disabled', '=', 0)
    .distinct()
    .execute();
  return rows.map((r) => r.id);
}

/** Marks the warning sent, unless another process did first. */
export async function markWarned(db: Executor, id: number, at: string): Promise<boolean> {
  const r = await db.updateTable('tickets').set({ warned_at: at }).where('id', '=', id).where('warned_at', 'is', null).where('escalation_level', '=', 0).where('status', 'in', clockStatuses).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Raises the escalation level by one, unless another process did first. */
export async function raiseLevel(db: Executor, id: number, from: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('tickets')
    .set({ escalation_level: from + 1, escalated_at: at })
    .where('id', '=', id)
    .where('escalation_level', '=', from)
    .where('status', 'in', clockStatuses)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setAgendaPending(db: Executor, id: number, pending: boolean): Promise<void> {
  await db.updateTable('tickets').set({ agenda_pending: pending ? 1 : 0 }).where('id', '=', id).execute();
}

export function agendaPendingTickets(db: Executor, allianceId: number) {
  return db.selectFrom('tickets').select(['id', 'title']).where('alliance_id', '=', allianceId).where('agenda_pending', '=', 1).where('status', 'in', openStatuses).orderBy('id').execute();
}
