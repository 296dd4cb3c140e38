/** Queries of the volunteer-experts service. Tenant scoping is the caller's (experts are city-wide). */
import type { Executor } from '../../core/db/database';

// Specialties ---------------------------------------------------------------------------------

export function listSpecialties(db: Executor, activeOnly = false) {
  let q = db.selectFrom('expert_specialties').selectAll();
  if (activeOnly) q = q.where('active', '=', 1);
  return q.orderBy('id').execute();
}
export type SpecialtyRow = Awaited<ReturnType<typeof listSpecialties>>[number];

export function findSpecialty(db: Executor, id: number) {
  return db.selectFrom('expert_specialties').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSpecialty(db: Executor, row: { code: string; name_zh: string; name_en: string; keywords: string; created_at: string; updated_at: string }): Promise<number> {
  return (await db.insertInto('expert_specialties').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateSpecialty(db: Executor, id: number, version: number, changes: Partial<{ name_zh: string; name_en: string; keywords: string; active: number; updated_at: string }>): Promise<boolean> {
  const r = await db.updateTable('expert_specialties').set((eb) => ({ ...changes, version: eb('version', '+', 1) })).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Profiles ------------------------------------------------------------------------------------

function profiles(db: Executor) {
  return db
    .selectFrom('expert_profiles as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.user_id', 'u.display_name', 'u.disabled', 'p.bio', 'p.industries_json', 'p.districts_json', 'p.availability_json', 'p.max_cases', 'p.verified', 'p.paused', 'p.past_cases', 'p.version']);
}

export function allProfiles(db: Executor) {
  return profiles(db).where('u.disabled', '=', 0).orderBy('p.user_id').execute();
}
export type ProfileRow = Awaited<ReturnType<typeof allProfiles>>[number];

export function findProfile(db: Executor, userId: number) {
  return profiles(db).where('p.user_id', '=', userId).executeTakeFirst();
}

export async function insertProfile(db: Executor, row: { user_id: number; created_at: string; updated_at: string } & Omit<ProfileChanges, 'updated_at'>) {
  await db.insertInto('expert_profiles').values(row).execute();
}

export type ProfileChanges = Partial<{ bio: string; industries_json: string; districts_json: string; availability_json: string; max_cases: number; verified: number; paused: number; past_cases: string; updated_at: string }>;

export async function updateProfile(db: Executor, userId: number, version: number, changes: ProfileChanges): Promise<boolean> {
  const r = await db.updateTable('expert_profiles').set((eb) => ({ ...changes, version: eb('version', '+', 1) })).where('user_id', '=', userId).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function profileSpecialties(db: Executor, userIds?: readonly number[]) {
  let q = db.selectFrom('expert_profile_specialties').select(['user_id', 'specialty_id']);
  if (userIds) {
    if (!userIds.length) return Promise.resolve([] as { user_id: number; specialty_id: number }[]);
    q = q.where('user_id', 'in', [...userIds]);
  }
  return q.execute();
}

export async function replaceProfileSpecialties(db: Executor, userId: number, ids: readonly number[]) {
  await db.deleteFrom('expert_profile_specialties').where('user_id', '=', userId).execute();
  if (ids.length) await db.insertInto('expert_profile_specialties').values(ids.map((specialty_id) => ({ user_id: userId, specialty_id }))).execute();
}

/** Users holding the expert role. */
export async function expertUserIds(db: Executor): Promise<Set<number>> {
  return new Set((await db.selectFrom('user_roles').select('user_id').where('role', '=', 'expert').execute()).map((r) => r.user_id));
}

/** Open cases per expert: proposed or accepted on consultations not closed or cancelled. */
export async function loads(db: Executor): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('consultation_experts as ce')
    .innerJoin('consultations as c', 'c.id', 'ce.consultation_id')
    .select(['ce.expert_user_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('ce.status', 'in', ['proposed', 'accepted'])
    .where('c.status', 'in', ['open', 'active'])
    .groupBy('ce.expert_user_id')
    .execute();
  return new Map(rows.map((r) => [r.expert_user_id, Number(r.n)]));
}

/** Ratings of the consultations each expert accepted. */
export async function ratings(db: Executor): Promise<Map<number, number[]>> {
  const rows = await db
    .selectFrom('consultation_experts as ce')
    .innerJoin('consultations as c', 'c.id', 'ce.consultation_id')
    .select(['ce.expert_user_id', 'c.rating'])
    .where('ce.status', '=', 'accepted')
    .where('c.rating', 'is not', null)
    .execute();
  const out = new Map<number, number[]>();
  for (const r of rows) out.set(r.expert_user_id, [...(out.get(r.expert_user_id) ?? []), r.rating!]);
  return out;
}

/** Texts of the closed consultations each expert helped on (their past cases on the platform). */
export async function helpedTexts(db: Executor): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('consultation_experts as ce')
    .innerJoin('consultations as c', 'c.id', 'ce.consultation_id')
    .innerJoin('tickets as t', 't.id', 'c.ticket_id')
    .select(['ce.expert_user_id', 't.title', 'c.machine', 'c.symptoms'])
    .where('ce.status', '=', 'accepted')
    .where('c.status', '=', 'closed')
    .execute();
  const out = new Map<number, string>();
  for (const r of rows) out.set(r.expert_user_id, `${out.get(r.expert_user_id) ?? ''} ${r.title} ${r.machine} ${r.symptoms}`);
  return out;
}

// Consultations -------------------------------------------------------------------------------

function consultations(db: Executor) {
  return db
    .selectFrom('consultations as c')
    .innerJoin('tickets as t', 't.id', 'c.ticket_id')
    .innerJoin('enterprises as e', 'e.id', 'c.enterprise_id')
    .select([
      'c.id', 'c.alliance_id', 'c.ticket_id', 'c.enterprise_id', 'c.specialty_id', 'c.machine', 'c.symptoms', 'c.experts_needed', 'c.status', 'c.created_by', 'c.created_at', 'c.updated_at',
      'c.first_response_at', 'c.closed_at', 'c.rating', 'c.rating_comment', 'c.rated_at', 'c.version',
      't.title as ticket_title', 't.description as ticket_description', 't.category as ticket_category', 't.status as ticket_status',
      'e.name as enterprise_name', 'e.district_code', 'e.industry',
    ]);
}

export function findConsultation(db: Executor, id: number) {
  return consultations(db).where('c.id', '=', id).executeTakeFirst();
}
export type ConsultationRow = NonNullable<Awaited<ReturnType<typeof findConsultation>>>;

export function consultationByTicket(db: Executor, ticketId: number) {
  return db.selectFrom('consultations').select(['id']).where('ticket_id', '=', ticketId).executeTakeFirst();
}

export interface ConsultationFilter {
  /** Consultations of this alliance (null: any, for the platform admin's city view and experts). */
  allianceId: number | null;
  status?: string;
  /** Only those where this expert is proposed or accepted (awaiting: proposed only). */
  expertUserId?: number;
  awaiting?: boolean;
  /** Only these enterprises (firms, commissioners). */
  enterpriseIds?: readonly number[];
  ids?: readonly number[];
}

function filtered(db: Executor, f: ConsultationFilter) {
  let q = consultations(db);
  if (f.allianceId !== null) q = q.where('c.alliance_id', '=', f.allianceId);
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.ids) q = q.where('c.id', 'in', f.ids.length ? [...f.ids] : [0]);
  if (f.enterpriseIds) q = q.where('c.enterprise_id', 'in', f.enterpriseIds.length ? [...f.enterpriseIds] : [0]);
  if (f.expertUserId !== undefined) {
    const statuses = f.awaiting ? ['proposed'] : ['proposed', 'accepted'];
    q = q.where((eb) => eb.exists(eb.selectFrom('consultation_experts as ce').select('ce.id').whereRef('ce.consultation_id', '=', 'c.id').where('ce.expert_user_id', '=', f.expertUserId!).where('ce.status', 'in', statuses)));
  }
  return q;
}

export async function listConsultations(db: Executor, f: ConsultationFilter, page: { offset: number; limit: number }) {
  const items = await filtered(db, f).orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').offset(page.offset).limit(page.limit).execute();
  const total = await db
    .selectFrom(filtered(db, f).as('x'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { items, total: Number(total.n) };
}

export function allConsultations(db: Executor, f: ConsultationFilter) {
  return filtered(db, f).orderBy('c.id').execute();
}

export async function insertConsultation(
  db: Executor,
  row: { alliance_id: number; ticket_id: number; enterprise_id: number; specialty_id: number | null; machine: string; symptoms: string; experts_needed: number; status: string; created_by: number; created_at: string; updated_at: string },
): Promise<number> {
  return (await db.insertInto('consultations').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export type ConsultationChanges = Partial<{ status: string; updated_at: string; first_response_at: string; closed_at: string; rating: number; rating_comment: string; rated_at: string }>;

/** Version-checked update (raises the version). */
export async function updateConsultation(db: Executor, id: number, version: number, changes: ConsultationChanges): Promise<boolean> {
  const r = await db.updateTable('consultations').set((eb) => ({ ...changes, version: eb('version', '+', 1) })).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Unconditional update for side effects of another party's action (raises the version). */
export async function touchConsultation(db: Executor, id: number, changes: ConsultationChanges) {
  await db.updateTable('consultations').set((eb) => ({ ...changes, version: eb('version', '+', 1) })).where('id', '=', id).execute();
}

export function assignments(db: Executor, consultationIds: readonly number[]) {
  if (!consultationIds.length) return Promise.resolve([]);
  return db
    .selectFrom('consultation_experts as ce')
    .innerJoin('users as u', 'u.id', 'ce.expert_user_id')
    .select(['ce.id', 'ce.consultation_id', 'ce.expert_user_id', 'u.display_name', 'ce.status', 'ce.score', 'ce.reasons_json', 'ce.assigned_at', 'ce.responded_at', 'ce.decline_reason'])
    .where('ce.consultation_id', 'in', [...consultationIds])
    .orderBy('ce.id')
    .execute();
}
export type AssignmentRow = Awaited<ReturnType<typeof assignments>>[number];

export async function insertAssignment(db: Executor, row: { consultation_id: number; expert_user_id: number; status: string; score: number; reasons_json: string; assigned_by: number | null; assigned_at: string }) {
  await db.insertInto('consultation_experts').values(row).execute();
}

export async function setAssignmentStatus(db: Executor, id: number, status: string, at: string, reason: string | null = null) {
  await db.updateTable('consultation_experts').set({ status, responded_at: at, decline_reason: reason }).where('id', '=', id).execute();
}

// Messages ------------------------------------------------------------------------------------

export function messages(db: Executor, consultationId: number, after: number) {
  return db
    .selectFrom('consultation_messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_user_id')
    .select(['m.id', 'm.author_user_id', 'u.display_name', 'm.body', 'm.attachment_ids_json', 'm.created_at'])
    .where('m.consultation_id', '=', consultationId)
    .where('m.id', '>', after)
    .orderBy('m.id')
    .limit(500)
    .execute();
}
export type MessageRow = Awaited<ReturnType<typeof messages>>[number];

export async function insertMessage(db: Executor, row: { consultation_id: number; author_user_id: number | null; body: string; attachment_ids_json: string; created_at: string }): Promise<number> {
  return (await db.insertInto('consultation_messages').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function findMessage(db: Executor, consultationId: number, id: number) {
  return db.selectFrom('consultation_messages').select(['id']).where('consultation_id', '=', consultationId).where('id', '=', id).executeTakeFirst();
}

export function reads(db: Executor, consultationId: number) {
  return db
    .selectFrom('consultation_reads as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.user_id', 'u.display_name', 'r.last_read_message_id'])
    .where('r.consultation_id', '=', consultationId)
    .orderBy('r.user_id')
    .execute();
}

export async function markRead(db: Executor, consultationId: number, userId: number, messageId: number, at: string) {
  const current = await db.selectFrom('consultation_reads').select('last_read_message_id').where('consultation_id', '=', consultationId).where('user_id', '=', userId).executeTakeFirst();
  if (!current) await db.insertInto('consultation_reads').values({ consultation_id: consultationId, user_id: userId, last_read_message_id: messageId, read_at: at }).execute();
  // A marker only moves forward: an older message read late does not unread newer ones.
  else if (current.last_read_message_id < messageId) await db.updateTable('consultation_reads').set({ last_read_message_id: messageId, read_at: at }).where('consultation_id', '=', consultationId).where('user_id', '=', userId).execute();
}

/** Unread messages per consultation for a user (messages by others after their read marker). */
export async function unreadCounts(db: Executor, userId: number, consultationIds: readonly number[]): Promise<Map<number, number>> {
  if (!consultationIds.length) return new Map();
  const rows = await db
    .selectFrom('consultation_messages as m')
    .leftJoin('consultation_reads as r', (j) => j.onRef('r.consultation_id', '=', 'm.consultation_id').on('r.user_id', '=', userId))
    .select(['m.consultation_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('m.consultation_id', 'in', [...consultationIds])
    .where((eb) => eb.or([eb('m.author_user_id', 'is', null), eb('m.author_user_id', '!=', userId)]))
    .where((eb) => eb.or([eb('r.last_read_message_id', 'is', null), eb('m.id', '>', eb.ref('r.last_read_message_id'))]))
    .groupBy('m.consultation_id')
    .execute();
  return new Map(rows.map((r) => [r.consultation_id, Number(r.n)]));
}

// Visits --------------------------------------------------------------------------------------

export function visitsOf(db: Executor, f: { consultationIds?: readonly number[]; visitIds?: readonly number[]; expertUserId?: number; allianceId?: number; from?: string; to?: string }) {
  let q = db
    .selectFrom('expert_visits as v')
    .innerJoin('consultations as c', 'c.id', 'v.consultation_id')
    .innerJoin('tickets as t', 't.id', 'c.ticket_id')
    .innerJoin('enterprises as e', 'e.id', 'c.enterprise_id')
    .leftJoin('users as rb', 'rb.id', 'v.reported_by')
    .select([
      'v.id', 'v.consultation_id', 'v.follow_up_of', 'v.visit_date', 'v.status', 'v.note', 'v.findings', 'v.actions', 'v.parts_needed', 'v.follow_ups', 'v.reported_by', 'rb.display_name as reported_by_name',
      'v.reported_at', 'v.version', 'c.enterprise_id', 'e.name as enterprise_name', 't.title as ticket_title', 'c.alliance_id',
    ]);
  if (f.consultationIds) q = q.where('v.consultation_id', 'in', f.consultationIds.length ? [...f.consultationIds] : [0]);
  if (f.visitIds) q = q.where('v.id', 'in', f.visitIds.length ? [...f.visitIds] : [0]);
  if (f.allianceId !== undefined) q = q.where('c.alliance_id', '=', f.allianceId);
  if (f.expertUserId !== undefined) q = q.where((eb) => eb.exists(eb.selectFrom('expert_visit_experts as ve').select('ve.visit_id').whereRef('ve.visit_id', '=', 'v.id').where('ve.expert_user_id', '=', f.expertUserId!)));
  if (f.from) q = q.where('v.visit_date', '>=', f.from);
  if (f.to) q = q.where('v.visit_date', '<=', f.to);
  return q.orderBy('v.visit_date').orderBy('v.id').execute();
}
export type VisitRow = Awaited<ReturnType<typeof visitsOf>>[number];

export function visitExperts(db: Executor, visitIds: readonly number[]) {
  if (!visitIds.length) return Promise.resolve([]);
  return db
    .selectFrom('expert_visit_experts as ve')
    .innerJoin('users as u', 'u.id', 've.expert_user_id')
    .select(['ve.visit_id', 've.expert_user_id', 'u.display_name', 've.checked_in_at'])
    .where('ve.visit_id', 'in', [...visitIds])
    .orderBy('ve.expert_user_id')
    .execute();
}

/** Visits (not cancelled) of these experts on a date: a clash. */
export function clashes(db: Executor, expertUserIds: readonly number[], date: string) {
  return db
    .selectFrom('expert_visit_experts as ve')
    .innerJoin('expert_visits as v', 'v.id', 've.visit_id')
    .select(['ve.expert_user_id', 'v.id'])
    .where('ve.expert_user_id', 'in', [...expertUserIds])
    .where('ve.visit_date', '=', date)
    .where('v.status', '!=', 'cancelled')
    .execute();
}

export async function insertVisit(db: Executor, row: { consultation_id: number; follow_up_of: number | null; visit_date: string; status: string; note: string; created_by: number; created_at: string; updated_at: string }, experts: readonly number[]): Promise<number> {
  const id = (await db.insertInto('expert_visits').values(row).returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('expert_visit_experts').values(experts.map((expert_user_id) => ({ visit_id: id, expert_user_id, visit_date: row.visit_date }))).execute();
  return id;
}

export async function updateVisit(db: Executor, id: number, version: number, changes: Partial<{ status: string; findings: string; actions: string; parts_needed: string; follow_ups: string; reported_by: number; reported_at: string; updated_at: string }>): Promise<boolean> {
  const r = await db.updateTable('expert_visits').set((eb) => ({ ...changes, version: eb('version', '+', 1) })).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function checkIn(db: Executor, visitId: number, userId: number, at: string) {
  await db.updateTable('expert_visit_experts').set({ checked_in_at: at }).where('visit_id', '=', visitId).where('expert_user_id', '=', userId).where('checked_in_at', 'is', null).execute();
}

// Reports for outcomes --------------------------------------------------------------------------

export function dailyFigures(db: Executor, enterpriseIds: readonly number[], from: string, to: string) {
  if (!enterpriseIds.length) return Promise.resolve([]);
  return db
    .selectFrom('resumption_reports')
    .select(['enterprise_id', 'report_date', 'capacity_pct', 'output_pct'])
    .where('enterprise_id', 'in', [...enterpriseIds])
    .where('report_date', '>=', from)
    .where('report_date', '<=', to)
    .orderBy('report_date')
    .execute();
}

// Candidates --------------------------------------------------------------------------------------

/** Open problems of the alliance with an enterprise and no consultation yet. */
export function openTicketsWithoutConsultation(db: Executor, allianceId: number, enterpriseIds?: readonly number[]) {
  let q = db
    .selectFrom('tickets as t')
    .innerJoin('enterprises as e', 'e.id', 't.enterprise_id')
    .select(['t.id', 't.title', 't.category', 't.description', 't.created_at', 'e.id as enterprise_id', 'e.name as enterprise_name'])
    .where('t.alliance_id', '=', allianceId)
    .where('t.status', 'in', ['submitted', 'accepted', 'in_progress'])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('consultations as c').select('c.id').whereRef('c.ticket_id', '=', 't.id'))));
  if (enterpriseIds) q = q.where('t.enterprise_id', 'in', enterpriseIds.length ? [...enterpriseIds] : [0]);
  return q.orderBy('t.created_at', 'desc').limit(200).execute();
}
