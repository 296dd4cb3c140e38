/** Queries of joint meetings. Every read is scoped to one alliance by the caller. */
import type { Executor } from '../../core/db/database';

const meetingColumns = ['m.id', 'm.alliance_id', 'm.title', 'm.scheduled_at', 'm.location', 'm.status', 'm.created_at', 'm.updated_at', 'm.version'] as const;

function withCounts(db: Executor) {
  return db
    .selectFrom('meetings as m')
    .select(meetingColumns)
    .select((eb) => [
      eb.selectFrom('meeting_attendees as a').select((e2) => e2.fn.countAll<number>().as('n')).whereRef('a.meeting_id', '=', 'm.id').as('attendee_count'),
      eb.selectFrom('agenda_items as g').select((e2) => e2.fn.countAll<number>().as('n')).whereRef('g.meeting_id', '=', 'm.id').as('agenda_count'),
    ]);
}

export function findMeeting(db: Executor, allianceId: number, id: number) {
  return withCounts(db).where('m.alliance_id', '=', allianceId).where('m.id', '=', id).executeTakeFirst();
}

export type MeetingRow = NonNullable<Awaited<ReturnType<typeof findMeeting>>>;

export interface MeetingFilter {
  allianceId: number;
  status?: string;
  from?: string;
  to?: string;
  /** Only meetings this user attends (experts). */
  attendee?: number;
}

export async function listMeetings(db: Executor, f: MeetingFilter, page: { offset: number; limit: number; order: 'asc' | 'desc' }) {
  let q = withCounts(db).where('m.alliance_id', '=', f.allianceId);
  if (f.status) q = q.where('m.status', '=', f.status);
  if (f.from) q = q.where('m.scheduled_at', '>=', f.from);
  if (f.to) q = q.where('m.scheduled_at', '<', f.to);
  if (f.attendee !== undefined) q = q.where((eb) => eb.exists(eb.selectFrom('meeting_attendees as a').select('a.user_id').whereRef('a.meeting_id', '=', 'm.id').where('a.user_id', '=', f.attendee!)));
  const items = await q.orderBy('m.scheduled_at', page.order).orderBy('m.id', page.order).offset(page.offset).limit(page.limit).execute();
  const total = await db
    .selectFrom(q.as('x'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { items, total: Number(total.n) };
}

export async function insertMeeting(db: Executor, row: { alliance_id: number; title: string; scheduled_at: string; location: string; status: string; created_by: number; created_at: string; updated_at: string }): Promise<number> {
  const r = await db.insertInto('meetings').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export type MeetingChanges = Partial<{ title: string; scheduled_at: string; location: string; status: string; updated_at: string }>;

export async function updateMeeting(db: Executor, id: number, version: number, changes: MeetingChanges): Promise<boolean> {
  const r = await db.updateTable('meetings').set((eb) => ({ ...changes, version: eb('version', '+', 1) })).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks the agenda changed by the system (escalation): bumps the version. */
export async function touchMeeting(db: Executor, id: number, at: string): Promise<void> {
  await db.updateTable('meetings').set((eb) => ({ version: eb('version', '+', 1), updated_at: at })).where('id', '=', id).execute();
}

/** The alliance's next scheduled meeting after `after`. */
export function nextScheduledMeeting(db: Executor, allianceId: number, after: string) {
  return db.selectFrom('meetings').select(['id', 'scheduled_at']).where('alliance_id', '=', allianceId).where('status', '=', 'scheduled').where('scheduled_at', '>', after).orderBy('scheduled_at').limit(1).executeTakeFirst();
}

/** The meeting before this one (not cancelled). */
export function previousMeeting(db: Executor, allianceId: number, before: string, excludeId: number) {
  return db
    .selectFrom('meetings')
    .select(['id'])
    .where('alliance_id', '=', allianceId)
    .where('status', '!=', 'cancelled')
    .where('scheduled_at', '<', before)
    .where('id', '!=', excludeId)
    .orderBy('scheduled_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

// Attendees -----------------------------------------------------------------------------------

export function listAttendees(db: Executor, meetingId: number) {
  return db.selectFrom('meeting_attendees as a').innerJoin('users as u', 'u.id', 'a.user_id').select(['u.id', 'u.display_name']).where('a.meeting_id', '=', meetingId).orderBy('u.id').execute();
}

export async function replaceAttendees(db: Executor, meetingId: number, userIds: readonly number[]) {
  await db.deleteFrom('meeting_attendees').where('meeting_id', '=', meetingId).execute();
  if (userIds.length) await db.insertInto('meeting_attendees').values(userIds.map((user_id) => ({ meeting_id: meetingId, user_id }))).execute();
}

/**
 * Of `userIds`, the people of an alliance: anyone with a role in it, city-wide roles (platform
 * admins, experts), and the accounts of its member enterprises.
 */
export async function peopleOfAlliance(db: Executor, allianceId: number, userIds: readonly number[]): Promise<Set<number>> {
  if (!userIds.length) return new Set();
  const rows = await db
    .selectFrom('user_roles as r')
    .select('r.user_id')
    .where('r.user_id', 'in', [...userIds])
    .where((eb) =>
      eb.or([
        eb('r.alliance_id', '=', allianceId),
        eb('r.role', 'in', ['platform_admin', 'expert']),
        eb('r.enterprise_id', 'in', eb.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', allianceId)),
      ]),
    )
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

// Agenda --------------------------------------------------------------------------------------

export function listAgenda(db: Executor, meetingId: number) {
  return db.selectFrom('agenda_items').select(['id', 'position', 'kind', 'ref_id', 'title', 'note', 'analysis_id']).where('meeting_id', '=', meetingId).orderBy('position').orderBy('id').execute();
}

export type AgendaRow = Awaited<ReturnType<typeof listAgenda>>[number];

export async function replaceAgenda(db: Executor, meetingId: number, items: { kind: string; ref_id: number | null; title: string; note: string; analysis_id?: string | null }[], at: string) {
  await db.deleteFrom('agenda_items').where('meeting_id', '=', meetingId).execute();
  if (items.length) await db.insertInto('agenda_items').values(items.map((it, i) => ({ ...it, meeting_id: meetingId, position: i + 1, created_at: at }))).execute();
}

/** Appends an item unless one with the same kind and reference is there; true when added. */
export async function appendAgendaItem(db: Executor, meetingId: number, item: { kind: string; ref_id: number; title: string; note: string }, at: string): Promise<boolean> {
  const existing = await db.selectFrom('agenda_items').select('id').where('meeting_id', '=', meetingId).where('kind', '=', item.kind).where('ref_id', '=', item.ref_id).executeTakeFirst();
  if (existing) return false;
  const last = await db.selectFrom('agenda_items').select((eb) => eb.fn.max('position').as('p')).where('meeting_id', '=', meetingId).executeTakeFirst();
  await db.insertInto('agenda_items').values({ ...item, meeting_id: meetingId, position: Number(last?.p ?? 0) + 1, created_at: at }).execute();
  return true;
}

// Minutes and decisions -----------------------------------------------------------------------

export function findMinutes(db: Executor, meetingId: number) {
  return db.selectFrom('minutes as n').leftJoin('users as u', 'u.id', 'n.updated_by').select(['n.body', 'n.updated_by', 'u.display_name as updated_by_name', 'n.updated_at', 'n.version']).where('n.meeting_id', '=', meetingId).executeTakeFirst();
}

export async function insertMinutes(db: Executor, meetingId: number, body: string, by: number, at: string) {
  await db.insertInto('minutes').values({ meeting_id: meetingId, body, updated_by: by, updated_at: at }).execute();
}

export async function updateMinutes(db: Executor, meetingId: number, version: number, body: string, by: number, at: string): Promise<boolean> {
  const r = await db.updateTable('minutes').set((eb) => ({ body, updated_by: by, updated_at: at, version: eb('version', '+', 1) })).where('meeting_id', '=', meetingId).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertDecision(db: Executor, row: { meeting_id: number; agenda_item_id: number | null; text: string; created_by: number; created_at: string }): Promise<number> {
  const r = await db.insertInto('decisions').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export function listDecisions(db: Executor, meetingId: number) {
  return db
    .selectFrom('decisions as d')
    .leftJoin('users as u', 'u.id', 'd.created_by')
    .select(['d.id', 'd.text', 'd.agenda_item_id', 'd.created_by', 'u.display_name as created_by_name', 'd.created_at'])
    .where('d.meeting_id', '=', meetingId)
    .orderBy('d.id')
    .execute();
}

/** Ids of the action items (tickets) decided at a meeting. */
export async function actionItemIds(db: Executor, meetingId: number): Promise<{ id: number; decision_id: number }[]> {
  const rows = await db
    .selectFrom('tickets as t')
    .innerJoin('decisions as d', 'd.id', 't.decision_id')
    .select(['t.id', 't.decision_id'])
    .where('d.meeting_id', '=', meetingId)
    .orderBy('t.id')
    .execute();
  return rows.map((r) => ({ id: r.id, decision_id: r.decision_id! }));
}
