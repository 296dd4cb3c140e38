/**
 * Volunteer experts (爱心科技人): profiles and the specialty taxonomy, consultations started
 * from problems, ranking and optimal assignment, the online consultation, on-site joint visits
 * and the outcome measured from daily reports.
 *
 * Experts are city-wide: an expert sees and works on the cases they are proposed to or accepted,
 * in whatever alliance; everyone else sees consultations of the session's alliance only (another
 * alliance's answers 404), a firm only its own, a commissioner the caseload's.
 */
import { auditFrom, recordAudit } from '../../core/audit';
import { can, type Action } from '../../core/auth/policy';
import type { Ctx, Deps } from '../../core/context';
import type { Executor, Trx } from '../../core/db/database';
import { AppError, forbidden, notFound, versionConflict, type FieldError } from '../../core/errors';
import type { Created } from '../../core/http/idempotency';
import { tenantOf } from '../../core/tenant';
import { addDays, dayOfWeek, shanghaiDate } from '../../domain/workdays';
import { loadCalendar } from '../calendar/calendar.service';
import { inspectUpload, storeContent, type Upload } from '../files/files.content';
import * as files from '../files/files.repository';
import { busFor } from '../notifications/bus';
import { raise } from '../notifications/notifications.service';
import type { NotificationKind } from '../notifications/notifications.schema';
import { notifyingTransaction, type Outbox } from '../notifications/outbox';
import * as tickets from '../tickets/tickets.repository';
import { assignExperts, type AssignmentExpert, type AssignmentPair, type AssignmentRequest } from './experts.assignment';
import { outcomeOf } from './experts.outcome';
import { WEIGHTS, rankExperts, tokenize, type RankedExpert, type RankingExpert } from './experts.ranking';
import * as repo from './experts.repository';
import type {
  CloseBody, ConsultationDetail, ConsultationSummary, CreateConsultationBody, CreateSpecialtyBody, ExpertResponse, ListConsultationsQuery, ListExpertsQuery, MessageResponse, Outcome,
  PlanBody, PostMessageBody, RateBody, RespondBody, ScheduleVisitBody, SetExpertsBody, UpdateExpertBody, UpdateOwnProfileBody, UpdateSpecialtyBody, VisitReportBody, VisitResponse,
} from './experts.schema';

const OUTCOME_DAYS = 7;
const parse = <T>(s: string, fallback: T): T => {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};
const today = (deps: Deps) => shanghaiDate(deps.clock.now());

// Specialties ---------------------------------------------------------------------------------

const toSpecialty = (r: repo.SpecialtyRow) => ({ id: r.id, code: r.code, nameZh: r.name_zh, nameEn: r.name_en, keywords: r.keywords, active: r.active === 1, version: r.version });

export async function listSpecialties(deps: Deps) {
  return { items: (await repo.listSpecialties(deps.db)).map(toSpecialty) };
}

export async function createSpecialty(trx: Trx, deps: Deps, ctx: Ctx, body: CreateSpecialtyBody): Promise<Created<ReturnType<typeof toSpecialty>, 201>> {
  if ((await repo.listSpecialties(trx)).some((s) => s.code === body.code)) throw new AppError('validation_failed', {}, [{ path: 'code', code: 'code_taken' }]);
  const now = deps.clock.now();
  const at = now.toISOString();
  const id = await repo.insertSpecialty(trx, { code: body.code, name_zh: body.nameZh, name_en: body.nameEn, keywords: body.keywords, created_at: at, updated_at: at });
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'expert.specialty_create', targetType: 'expert_specialty', targetId: id, detail: { code: body.code } });
  return { status: 201, body: toSpecialty((await repo.findSpecialty(trx, id))!) };
}

export async function updateSpecialty(deps: Deps, ctx: Ctx, id: number, body: UpdateSpecialtyBody) {
  return deps.db.transaction().execute(async (trx) => {
    const current = await repo.findSpecialty(trx, id);
    if (!current) throw notFound();
    if (current.version !== body.version) throw versionConflict(current.version);
    const now = deps.clock.now();
    const changes: Parameters<typeof repo.updateSpecialty>[3] = { updated_at: now.toISOString() };
    if (body.nameZh !== undefined) changes.name_zh = body.nameZh;
    if (body.nameEn !== undefined) changes.name_en = body.nameEn;
    if (body.keywords !== undefined) changes.keywords = body.keywords;
    if (body.active !== undefined) changes.active = body.active ? 1 : 0;
    if (!(await repo.updateSpecialty(trx, id, body.version, changes))) throw versionConflict(current.version + 1);
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'expert.specialty_update', targetType: 'expert_specialty', targetId: id, detail: { fields: Object.keys(body).filter((k) => k !== 'version') } });
    return toSpecialty((await repo.findSpecialty(trx, id))!);
  });
}

// Experts -------------------------------------------------------------------------------------

interface Pool {
  profiles: repo.ProfileRow[];
  specialties: Map<number, repo.SpecialtyRow>;
  held: Map<number, number[]>;
  loads: Map<number, number>;
  ratings: Map<number, number[]>;
}

async function loadPool(db: Executor): Promise<Pool> {
  const [profiles, specialties, links, loads, ratings] = await Promise.all([repo.allProfiles(db), repo.listSpecialties(db), repo.profileSpecialties(db), repo.loads(db), repo.ratings(db)]);
  const held = new Map<number, number[]>();
  for (const l of links) held.set(l.user_id, [...(held.get(l.user_id) ?? []), l.specialty_id]);
  return { profiles, specialties: new Map(specialties.map((s) => [s.id, s])), held, loads, ratings };
}

function toExpert(p: repo.ProfileRow, pool: Pool): ExpertResponse {
  const rs = pool.ratings.get(p.user_id) ?? [];
  return {
    user: { id: p.user_id, displayName: p.display_name },
    bio: p.bio,
    specialties: (pool.held.get(p.user_id) ?? []).map((id) => pool.specialties.get(id)).filter((s) => s !== undefined).map((s) => ({ id: s.id, code: s.code, nameZh: s.name_zh, nameEn: s.name_en })),
    industries: parse<string[]>(p.industries_json, []),
    districts: parse<string[]>(p.districts_json, []),
    availability: parse<number[]>(p.availability_json, []),
    maxCases: p.max_cases,
    load: pool.loads.get(p.user_id) ?? 0,
    verified: p.verified === 1,
    paused: p.paused === 1,
    pastCases: p.past_cases,
    ratingAvg: rs.length ? Math.round((rs.reduce((a, b) => a + b, 0) / rs.length) * 10) / 10 : null,
    ratingCount: rs.length,
    version: p.version,
  };
}

export async function listExperts(deps: Deps, q: ListExpertsQuery) {
  const pool = await loadPool(deps.db);
  let items = pool.profiles.map((p) => toExpert(p, pool));
  if (q.specialtyId) items = items.filter((e) => e.specialties.some((s) => s.id === q.specialtyId));
  if (q.district) items = items.filter((e) => e.districts.includes(q.district!));
  if (q.available) items = items.filter((e) => !e.paused && e.load < e.maxCases);
  if (q.q) items = items.filter((e) => e.user.displayName.includes(q.q!) || e.bio.includes(q.q!) || e.pastCases.includes(q.q!));
  return { items: items.slice((q.page - 1) * q.pageSize, q.page * q.pageSize), total: items.length, page: q.page, pageSize: q.pageSize };
}

/** An expert's profile, created empty on first use (an account given the role by a secretary has none yet). */
async function ensureProfile(db: Executor, deps: Deps, userId: number) {
  if (!(await repo.findProfile(db, userId))) {
    const at = deps.clock.now().toISOString();
    await repo.insertProfile(db, { user_id: userId, created_at: at, updated_at: at });
  }
}

async function presentExpert(db: Executor, userId: number): Promise<ExpertResponse> {
  const pool = await loadPool(db);
  const p = pool.profiles.find((x) => x.user_id === userId);
  if (!p) throw notFound();
  return toExpert(p, pool);
}

export async function getOwnProfile(deps: Deps, ctx: Ctx) {
  await ensureProfile(deps.db, deps, ctx.actor.userId);
  return presentExpert(deps.db, ctx.actor.userId);
}

async function updateProfileOf(deps: Deps, ctx: Ctx, userId: number, body: UpdateExpertBody) {
  return deps.db.transaction().execute(async (trx) => {
    const current = await repo.findProfile(trx, userId);
    if (!current) throw notFound();
    if (current.version !== body.version) throw versionConflict(current.version);
    if (body.specialtyIds) {
      const known = new Set((await repo.listSpecialties(trx, true)).map((s) => s.id));
      const errors: FieldError[] = body.specialtyIds.flatMap((id, i) => (known.has(id) ? [] : [{ path: `specialtyIds.${i}`, code: 'unknown_specialty' }]));
      if (errors.length) throw new AppError('validation_failed', {}, errors);
    }
    const now = deps.clock.now();
    const changes: repo.ProfileChanges = { updated_at: now.toISOString() };
    if (body.bio !== undefined) changes.bio = body.bio;
    if (body.industries !== undefined) changes.industries_json = JSON.stringify([...new Set(body.industries)]);
    if (body.districts !== undefined) changes.districts_json = JSON.stringify([...new Set(body.districts)]);
    if (body.availability !== undefined) changes.availability_json = JSON.stringify([...new Set(body.availability)].sort());
    if (body.maxCases !== undefined) changes.max_cases = body.maxCases;
    if (body.paused !== undefined) changes.paused = body.paused ? 1 : 0;
    if (body.pastCases !== undefined) changes.past_cases = body.pastCases;
    if (body.verified !== undefined) changes.verified = body.verified ? 1 : 0;
    if (!(await repo.updateProfile(trx, userId, body.version, changes))) throw versionConflict(current.version + 1);
    if (body.specialtyIds) await repo.replaceProfileSpecialties(trx, userId, [...new Set(body.specialtyIds)]);
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'expert.profile_update', targetType: 'user', targetId: userId, detail: { fields: Object.keys(body).filter((k) => k !== 'version') } });
    return presentExpert(trx, userId);
  });
}

export async function updateOwnProfile(deps: Deps, ctx: Ctx, body: UpdateOwnProfileBody) {
  await ensureProfile(deps.db, deps, ctx.actor.userId);
  return updateProfileOf(deps, ctx, ctx.actor.userId, body);
}

export async function updateExpert(deps: Deps, ctx: Ctx, userId: number, body: UpdateExpertBody) {
  if (!(await repo.expertUserIds(deps.db)).has(userId)) throw notFound();
  await ensureProfile(deps.db, deps, userId);
  return updateProfileOf(deps, ctx, userId, body);
}

// Ranking inputs ------------------------------------------------------------------------------

async function rankingPool(db: Executor) {
  const pool = await loadPool(db);
  const helped = await repo.helpedTexts(db);
  const experts: RankingExpert[] = pool.profiles.map((p) => {
    const held = pool.held.get(p.user_id) ?? [];
    const specialtyText = held.map((id) => pool.specialties.get(id)).filter((s) => s !== undefined).map((s) => `${s.name_zh} ${s.name_en} ${s.keywords}`).join(' ');
    return {
      userId: p.user_id,
      specialtyIds: held,
      document: `${specialtyText} ${p.bio} ${p.past_cases} ${helped.get(p.user_id) ?? ''}`,
      industries: parse<string[]>(p.industries_json, []),
      districts: parse<string[]>(p.districts_json, []),
      availability: parse<number[]>(p.availability_json, []),
      maxCases: p.max_cases,
      load: pool.loads.get(p.user_id) ?? 0,
      paused: p.paused === 1,
      ratings: pool.ratings.get(p.user_id) ?? [],
    };
  });
  return { pool, experts };
}

const requestText = (c: repo.ConsultationRow) => `${c.ticket_title} ${c.ticket_description} ${c.machine} ${c.symptoms}`;
const rankFor = (c: repo.ConsultationRow, experts: RankingExpert[]) => rankExperts({ text: requestText(c), specialtyId: c.specialty_id, industry: c.industry, district: c.district_code }, experts);

// Consultations: loading and presenting -------------------------------------------------------

interface Loaded {
  row: repo.ConsultationRow;
  assigns: repo.AssignmentRow[];
  resource: { kind: 'consultation'; enterpriseId: number; proposedIds: number[]; acceptedIds: number[] };
}

function resourceOf(row: repo.ConsultationRow, assigns: repo.AssignmentRow[]): Loaded['resource'] {
  return {
    kind: 'consultation',
    enterpriseId: row.enterprise_id,
    proposedIds: assigns.filter((a) => a.status === 'proposed').map((a) => a.expert_user_id),
    acceptedIds: assigns.filter((a) => a.status === 'accepted').map((a) => a.expert_user_id),
  };
}

/** A consultation the actor may see, or 404 (another alliance's, or not theirs, is "not found"). */
async function loadVisible(db: Executor, ctx: Ctx, id: number): Promise<Loaded> {
  const row = await repo.findConsultation(db, id);
  if (!row) throw notFound();
  const assigns = await repo.assignments(db, [id]);
  const resource = resourceOf(row, assigns);
  const onIt = ctx.actor.roles.has('expert') && (resource.proposedIds.includes(ctx.actor.userId) || resource.acceptedIds.includes(ctx.actor.userId));
  if (!onIt && row.alliance_id !== ctx.actor.allianceId) throw notFound();
  if (!can(ctx.actor, 'consultation.read', resource)) throw notFound();
  return { row, assigns, resource };
}

function requireCan(ctx: Ctx, l: Loaded, action: Action) {
  if (!can(ctx.actor, action, l.resource)) throw forbidden();
}

function assertOpen(row: { status: string }) {
  if (row.status === 'closed' || row.status === 'cancelled') throw new AppError('consultation_closed');
}

const openSeatsOf = (row: { experts_needed: number }, assigns: readonly repo.AssignmentRow[]) => Math.max(0, row.experts_needed - assigns.filter((a) => a.status === 'proposed' || a.status === 'accepted').length);

function toSummary(row: repo.ConsultationRow, assigns: repo.AssignmentRow[], unread: number): ConsultationSummary {
  return {
    id: row.id,
    allianceId: row.alliance_id,
    ticket: { id: row.ticket_id, title: row.ticket_title, category: row.ticket_category, status: row.ticket_status },
    enterprise: { id: row.enterprise_id, name: row.enterprise_name, districtCode: row.district_code },
    specialtyId: row.specialty_id,
    machine: row.machine,
    symptoms: row.symptoms,
    expertsNeeded: row.experts_needed,
    status: row.status as ConsultationSummary['status'],
    experts: assigns.map((a) => ({ user: { id: a.expert_user_id, displayName: a.display_name }, status: a.status as 'proposed', score: a.score, assignedAt: a.assigned_at, respondedAt: a.responded_at, declineReason: a.decline_reason })),
    openSeats: openSeatsOf(row, assigns),
    unread,
    rating: row.rating,
    createdAt: row.created_at,
    firstResponseAt: row.first_response_at,
    closedAt: row.closed_at,
    version: row.version,
  };
}

async function presentVisits(db: Executor, rows: repo.VisitRow[]): Promise<VisitResponse[]> {
  const experts = await repo.visitExperts(db, rows.map((v) => v.id));
  return rows.map((v) => ({
    id: v.id,
    consultationId: v.consultation_id,
    followUpOf: v.follow_up_of,
    visitDate: v.visit_date,
    status: v.status as VisitResponse['status'],
    note: v.note,
    experts: experts.filter((e) => e.visit_id === v.id).map((e) => ({ user: { id: e.expert_user_id, displayName: e.display_name }, checkedInAt: e.checked_in_at })),
    report: v.reported_at ? { findings: v.findings, actions: v.actions, partsNeeded: v.parts_needed, followUps: v.follow_ups, reportedBy: v.reported_by ? { id: v.reported_by, displayName: v.reported_by_name ?? '' } : null, reportedAt: v.reported_at } : null,
    enterprise: { id: v.enterprise_id, name: v.enterprise_name },
    ticketTitle: v.ticket_title,
    version: v.version,
  }));
}

/** The first visit the experts were on site for (checked in or reported), the reference day of the outcome. */
function visitDayOf(visits: readonly { status: string; visit_date: string }[]): string | null {
  const done = visits.filter((v) => v.status === 'checked_in' || v.status === 'reported').map((v) => v.visit_date).sort();
  return done[0] ?? null;
}

async function outcomeFor(db: Executor, enterpriseId: number, visitDate: string | null, days: number): Promise<Outcome> {
  if (!visitDate) return outcomeOf([], null, days);
  const rows = await repo.dailyFigures(db, [enterpriseId], addDays(visitDate, -days), addDays(visitDate, days));
  return outcomeOf(rows.map((r) => ({ date: r.report_date, capacityPct: r.capacity_pct, outputPct: r.output_pct })), visitDate, days);
}

async function detailOf(db: Executor, ctx: Ctx, id: number, days = OUTCOME_DAYS): Promise<ConsultationDetail> {
  const l = await loadVisible(db, ctx, id);
  const { row } = l;
  const visitRows = await repo.visitsOf(db, { consultationIds: [id] });
  const [unread, visits, outcome, attachments] = await Promise.all([
    repo.unreadCounts(db, ctx.actor.userId, [id]),
    presentVisits(db, visitRows),
    outcomeFor(db, row.enterprise_id, visitDayOf(visitRows), days),
    tickets.listAttachments(db, row.ticket_id, false),
  ]);
  const open = row.status === 'open' || row.status === 'active';
  return {
    ...toSummary(row, l.assigns, unread.get(id) ?? 0),
    ticketDescription: row.ticket_description,
    ratingComment: row.rating_comment,
    visits,
    outcome,
    attachments: attachments.map((a) => ({ id: a.id, name: a.original_name, mime: a.mime, size: a.size })),
    can: {
      assign: open && row.alliance_id === ctx.actor.allianceId && can(ctx.actor, 'consultation.assign', l.resource),
      respond: open && can(ctx.actor, 'consultation.respond', l.resource),
      message: open && can(ctx.actor, 'consultation.message', l.resource),
      visit: open && can(ctx.actor, 'consultation.visit', l.resource),
      rate: row.rating === null && row.status !== 'cancelled' && can(ctx.actor, 'consultation.rate', l.resource),
      close: open && row.alliance_id === ctx.actor.allianceId && can(ctx.actor, 'consultation.close', l.resource),
    },
  };
}

export async function getConsultation(deps: Deps, ctx: Ctx, id: number, days?: number) {
  return detailOf(deps.db, ctx, id, days);
}

/** Who sees which list: experts their cases (city-wide), firms their own, commissioners their caseload, group members and up the alliance's. */
function listFilter(ctx: Ctx): repo.ConsultationFilter {
  const r = ctx.actor.roles;
  if (r.has('platform_admin') || r.has('secretary') || r.has('group_member')) return { allianceId: tenantOf(ctx) };
  if (r.has('commissioner')) return { allianceId: tenantOf(ctx), enterpriseIds: ctx.actor.caseload };
  if (r.has('expert')) return { allianceId: null, expertUserId: ctx.actor.userId };
  return { allianceId: tenantOf(ctx), enterpriseIds: ctx.actor.enterpriseIds };
}

export async function listConsultations(deps: Deps, ctx: Ctx, q: ListConsultationsQuery) {
  const f = { ...listFilter(ctx), status: q.status, ...(q.awaiting && ctx.actor.roles.has('expert') ? { expertUserId: ctx.actor.userId, awaiting: true } : {}) };
  const { items, total } = await repo.listConsultations(deps.db, f, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  const ids = items.map((c) => c.id);
  const [assigns, unread] = await Promise.all([repo.assignments(deps.db, ids), repo.unreadCounts(deps.db, ctx.actor.userId, ids)]);
  return { items: items.map((c) => toSummary(c, assigns.filter((a) => a.consultation_id === c.id), unread.get(c.id) ?? 0)), total, page: q.page, pageSize: q.pageSize };
}

// Consultations: requests ---------------------------------------------------------------------

/** Categories of problems that are proposed for expert help without anyone asking. */
const TECHNICAL_CATEGORIES = new Set(['equipment']);

/** Open problems without a consultation; equipment problems and those naming a specialty's words are proposed. */
export async function candidates(deps: Deps, ctx: Ctx) {
  const scope = listFilter(ctx);
  const rows = await repo.openTicketsWithoutConsultation(deps.db, tenantOf(ctx), scope.enterpriseIds);
  const words = new Set((await repo.listSpecialties(deps.db, true)).flatMap((s) => tokenize(`${s.name_zh} ${s.keywords}`)).filter((w) => w.length >= 2));
  return {
    items: rows.map((t) => ({
      ticketId: t.id,
      title: t.title,
      category: t.category,
      enterprise: { id: t.enterprise_id, name: t.enterprise_name },
      proposed: TECHNICAL_CATEGORIES.has(t.category) || tokenize(`${t.title} ${t.description}`).some((w) => words.has(w)),
      createdAt: t.created_at,
    })),
  };
}

async function timeline(trx: Trx, ticketId: number, actorUserId: number | null, step: string, at: string, data: Record<string, unknown> = {}, body = '') {
  await tickets.insertEvent(trx, { ticket_id: ticketId, kind: 'consultation', visibility: 'public', actor_user_id: actorUserId, body, data: { step, ...data }, created_at: at });
  await tickets.touchTicket(trx, ticketId, at);
}

/** Tells people about a consultation (after the transaction commits); the actor is never told. */
async function notify(trx: Trx, outbox: Outbox, deps: Deps, ctx: Ctx, row: repo.ConsultationRow, kind: NotificationKind, recipients: readonly number[], extra: Record<string, string | number | null> = {}) {
  await raise(trx, outbox, {
    allianceId: row.alliance_id, kind, recipients, actorUserId: ctx.actor.userId, at: deps.clock.now(),
    payload: { consultationId: row.id, ticketId: row.ticket_id, title: row.ticket_title, enterprise: row.enterprise_name, ...extra },
  });
}

/** The consultation's parties: the firm's accounts and the experts who accepted. */
async function parties(db: Executor, row: repo.ConsultationRow, assigns: readonly repo.AssignmentRow[]) {
  return [...(await tickets.enterpriseUsers(db, [row.enterprise_id])), ...assigns.filter((a) => a.status === 'accepted').map((a) => a.expert_user_id)];
}

export async function createConsultation(trx: Trx, deps: Deps, ctx: Ctx, body: CreateConsultationBody): Promise<Created<ConsultationDetail, 201>> {
  const allianceId = tenantOf(ctx);
  const ticket = await tickets.findTicket(trx, allianceId, body.ticketId);
  const handlers = ticket ? await tickets.listHandlers(trx, [ticket.id]) : [];
  const resource = ticket && {
    kind: 'ticket' as const,
    enterpriseId: ticket.enterprise_id,
    userIds: [...(ticket.lead_user_id !== null ? [ticket.lead_user_id] : []), ...handlers.filter((h) => h.user_id !== null).map((h) => h.user_id!)],
    groups: [...(ticket.lead_group ? [ticket.lead_group] : []), ...handlers.filter((h) => h.working_group).map((h) => h.working_group!)] as never[],
    enterpriseIds: handlers.filter((h) => h.enterprise_id !== null).map((h) => h.enterprise_id!),
  };
  if (!ticket || !resource || !can(ctx.actor, 'ticket.read', resource)) throw new AppError('validation_failed', {}, [{ path: 'ticketId', code: 'unknown_ticket' }]);
  // Whoever handles the problem (or its firm's commissioner) asks for experts; a firm asks its handler.
  if (!can(ctx.actor, 'ticket.handle', resource)) throw forbidden();
  if (ticket.enterprise_id === null) throw new AppError('validation_failed', {}, [{ path: 'ticketId', code: 'no_enterprise' }]);
  if (ticket.status === 'closed' || ticket.status === 'resolved') throw new AppError('ticket_closed');
  if (await repo.consultationByTicket(trx, ticket.id)) throw new AppError('consultation_exists');
  if (body.specialtyId !== null && !(await repo.findSpecialty(trx, body.specialtyId))) throw new AppError('validation_failed', {}, [{ path: 'specialtyId', code: 'unknown_specialty' }]);
  const now = deps.clock.now();
  const at = now.toISOString();
  const id = await repo.insertConsultation(trx, {
    alliance_id: allianceId, ticket_id: ticket.id, enterprise_id: ticket.enterprise_id, specialty_id: body.specialtyId, machine: body.machine, symptoms: body.symptoms, experts_needed: body.expertsNeeded,
    status: 'open', created_by: ctx.actor.userId, created_at: at, updated_at: at,
  });
  await timeline(trx, ticket.id, ctx.actor.userId, 'requested', at, { consultationId: id, expertsNeeded: body.expertsNeeded });
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'consultation.create', targetType: 'consultation', targetId: id, detail: { ticketId: ticket.id, expertsNeeded: body.expertsNeeded } });
  return { status: 201, body: await detailOf(trx, ctx, id) };
}

// Ranking and assignment ----------------------------------------------------------------------

export async function ranking(deps: Deps, ctx: Ctx, id: number, limit: number) {
  const l = await loadVisible(deps.db, ctx, id);
  requireCan(ctx, l, 'consultation.assign');
  const { pool, experts } = await rankingPool(deps.db);
  const ranked = rankFor(l.row, experts).slice(0, limit);
  const byUser = new Map(pool.profiles.map((p) => [p.user_id, p]));
  return {
    items: ranked.map((r) => ({
      expert: toExpert(byUser.get(r.userId)!, pool),
      score: r.score,
      factors: r.factors,
      textSimilarity: Math.round(r.textSimilarity * 1000) / 1000,
      matchedWords: r.matchedWords,
      eligible: r.eligible,
      ineligibleReason: r.ineligibleReason,
      assignment: (l.assigns.filter((a) => a.expert_user_id === r.userId).at(-1)?.status ?? null) as 'proposed' | null,
    })),
    weights: { ...WEIGHTS },
  };
}

/**
 * The optimal plan for open seats: who should help on which consultation. Nothing is written;
 * the handler confirms (or changes) each case's experts.
 */
async function planFor(db: Executor, consultations: repo.ConsultationRow[], days: readonly number[] | undefined, exclude?: Map<number, Set<number>>) {
  const { pool, experts } = await rankingPool(db);
  const assigns = await repo.assignments(db, consultations.map((c) => c.id));
  const requests: AssignmentRequest[] = [];
  const pairs: AssignmentPair[] = [];
  const ranks = new Map<number, RankedExpert[]>();
  for (const c of consultations) {
    const mine = assigns.filter((a) => a.consultation_id === c.id);
    const need = openSeatsOf(c, mine);
    if (need === 0) continue;
    requests.push({ id: c.id, need, ...(days?.length ? { days } : {}) });
    // Anyone already on the case, or who declined it, is not asked again by the plan.
    const already = new Set([...mine.map((a) => a.expert_user_id), ...(exclude?.get(c.id) ?? [])]);
    const ranked = rankFor(c, experts);
    ranks.set(c.id, ranked);
    for (const r of ranked) if (r.eligible && !already.has(r.userId)) pairs.push({ requestId: c.id, expertId: r.userId, fit: r.score });
  }
  const assignmentExperts: AssignmentExpert[] = pool.profiles.map((p) => ({
    id: p.user_id,
    capacity: p.paused ? 0 : Math.max(0, p.max_cases - (pool.loads.get(p.user_id) ?? 0)),
    availability: parse<number[]>(p.availability_json, []),
  }));
  const result = assignExperts(requests, assignmentExperts, pairs);
  return { result, requests, ranks };
}

export async function plan(deps: Deps, ctx: Ctx, body: PlanBody) {
  const allianceId = tenantOf(ctx);
  const rows = (await repo.allConsultations(deps.db, { allianceId, ...(body.consultationIds ? { ids: body.consultationIds } : {}) })).filter((c) => c.status === 'open' || c.status === 'active');
  const { result, requests } = await planFor(deps.db, rows, body.days);
  const items = requests.map((r) => {
    const chosen = result.pairs.filter((p) => p.requestId === r.id).sort((a, b) => b.fit - a.fit);
    return { consultationId: r.id, expertUserIds: chosen.map((p) => p.expertId), scores: chosen.map((p) => p.fit), unfilled: result.unfilled.get(r.id) ?? 0 };
  });
  return { items, objective: result.objective, totalFit: result.pairs.reduce((s, p) => s + p.fit, 0) };
}

/** The handler confirms or overrides a case's experts: those listed are proposed (if not already on it), other proposals withdrawn. */
export async function setExperts(deps: Deps, ctx: Ctx, id: number, body: SetExpertsBody) {
  return notifyingTransaction(deps, async (trx, outbox) => {
    outbox.topics.push(caseChanged(id));
    const l = await loadVisible(trx, ctx, id);
    if (l.row.alliance_id !== ctx.actor.allianceId) throw notFound();
    requireCan(ctx, l, 'consultation.assign');
    assertOpen(l.row);
    if (l.row.version !== body.version) throw versionConflict(l.row.version);
    const wanted = [...new Set(body.expertUserIds)];
    const errors: FieldError[] = [];
    if (wanted.length > l.row.experts_needed) errors.push({ path: 'expertUserIds', code: 'too_many_experts', params: { max: l.row.experts_needed } });
    const { pool, experts } = await rankingPool(trx);
    const ranked = new Map(rankFor(l.row, experts).map((r) => [r.userId, r]));
    const current = l.assigns.filter((a) => a.status === 'proposed' || a.status === 'accepted');
    const onIt = new Set(current.map((a) => a.expert_user_id));
    wanted.forEach((uid, i) => {
      const r = ranked.get(uid);
      if (!r) errors.push({ path: `expertUserIds.${i}`, code: 'not_an_expert' });
      else if (!onIt.has(uid) && r.ineligibleReason) errors.push({ path: `expertUserIds.${i}`, code: r.ineligibleReason === 'paused' ? 'expert_paused' : 'expert_full' });
    });
    if (errors.length) throw new AppError('validation_failed', {}, errors);
    const now = deps.clock.now();
    const at = now.toISOString();
    const withdrawn = current.filter((a) => a.status === 'proposed' && !wanted.includes(a.expert_user_id));
    for (const a of withdrawn) await repo.setAssignmentStatus(trx, a.id, 'withdrawn', at);
    const added = wanted.filter((uid) => !onIt.has(uid));
    for (const uid of added) {
      const r = ranked.get(uid)!;
      await repo.insertAssignment(trx, { consultation_id: id, expert_user_id: uid, status: 'proposed', score: r.score, reasons_json: JSON.stringify({ factors: r.factors, matchedWords: r.matchedWords }), assigned_by: ctx.actor.userId, assigned_at: at });
    }
    if (!(await repo.updateConsultation(trx, id, body.version, { updated_at: at }))) throw versionConflict(l.row.version + 1);
    const names = new Map(pool.profiles.map((p) => [p.user_id, p.display_name]));
    if (added.length || withdrawn.length) await timeline(trx, l.row.ticket_id, ctx.actor.userId, 'proposed', at, { consultationId: id, experts: added.map((u) => names.get(u)), withdrawn: withdrawn.length });
    await notify(trx, outbox, deps, ctx, l.row, 'consultation.proposed', added);
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'consultation.assign', targetType: 'consultation', targetId: id, detail: { added, withdrawn: withdrawn.map((a) => a.expert_user_id) } });
    return detailOf(trx, ctx, id);
  });
}

/**
 * Proposes the best free experts for the seats still open on one case (after a decline),
 * never anyone who declined it before. Returns the experts proposed.
 */
async function rematch(trx: Trx, deps: Deps, row: repo.ConsultationRow, at: string): Promise<number[]> {
  const declined = (await repo.assignments(trx, [row.id])).map((a) => a.expert_user_id);
  const { result, ranks } = await planFor(trx, [row], undefined, new Map([[row.id, new Set(declined)]]));
  const ranked = new Map((ranks.get(row.id) ?? []).map((r) => [r.userId, r]));
  for (const p of result.pairs) {
    const r = ranked.get(p.expertId)!;
    await repo.insertAssignment(trx, { consultation_id: row.id, expert_user_id: p.expertId, status: 'proposed', score: r.score, reasons_json: JSON.stringify({ factors: r.factors, matchedWords: r.matchedWords }), assigned_by: null, assigned_at: at });
  }
  return result.pairs.map((p) => p.expertId);
}

export async function respond(deps: Deps, ctx: Ctx, id: number, body: RespondBody) {
  return notifyingTransaction(deps, async (trx, outbox) => {
    outbox.topics.push(caseChanged(id));
    const l = await loadVisible(trx, ctx, id);
    assertOpen(l.row);
    const mine = l.assigns.find((a) => a.expert_user_id === ctx.actor.userId && a.status === 'proposed');
    if (!mine) throw new AppError('not_awaiting_answer');
    const now = deps.clock.now();
    const at = now.toISOString();
    let rematched: number[] = [];
    if (body.accept) {
      await repo.setAssignmentStatus(trx, mine.id, 'accepted', at);
      await repo.touchConsultation(trx, id, { status: 'active', updated_at: at, ...(l.row.first_response_at ? {} : { first_response_at: at }) });
      // Named as a handler of the problem, the expert sees it (and its files) in the problems list too.
      const handlers = await tickets.listHandlers(trx, [l.row.ticket_id]);
      if (!handlers.some((h) => h.user_id === ctx.actor.userId)) {
        await trx.insertInto('ticket_handlers').values({ ticket_id: l.row.ticket_id, kind: 'user', working_group: null, enterprise_id: null, user_id: ctx.actor.userId, added_by: ctx.actor.userId, added_at: at }).execute();
      }
      await timeline(trx, l.row.ticket_id, ctx.actor.userId, 'accepted', at, { consultationId: id });
    } else {
      await repo.setAssignmentStatus(trx, mine.id, 'declined', at, body.reason || null);
      await repo.touchConsultation(trx, id, { updated_at: at });
      rematched = await rematch(trx, deps, l.row, at);
      await notify(trx, outbox, deps, ctx, l.row, 'consultation.proposed', rematched);
      await timeline(trx, l.row.ticket_id, ctx.actor.userId, 'declined', at, { consultationId: id, rematched: rematched.length }, body.reason);
    }
    await recordAudit(trx, { ...auditFrom(ctx, now), action: body.accept ? 'consultation.accept' : 'consultation.decline', targetType: 'consultation', targetId: id, detail: { rematched } });
    // Who declined no longer sees the case: they get no detail back.
    return { status: body.accept ? ('accepted' as const) : ('declined' as const), consultation: body.accept ? await detailOf(trx, ctx, id) : null };
  });
}

// The online consultation ---------------------------------------------------------------------

/** The bus topic a consultation's open pages listen on (see `GET /consultations/:id/stream`). */
export const conversationTopic = (id: number) => `consultation:${id}`;

const caseChanged = (id: number) => ({ topic: conversationTopic(id), data: { kind: 'case' } });

/** Tells the consultation's open pages (any process) that something changed; after the commit. */
async function announce(deps: Deps, id: number, data: Record<string, string | number>): Promise<void> {
  await busFor(deps).publishTopics([{ topic: conversationTopic(id), data }]).catch(() => undefined);
}

/** 404 unless the caller sees the consultation (before a live stream opens). */
export async function assertVisible(deps: Deps, ctx: Ctx, id: number): Promise<void> {
  await loadVisible(deps.db, ctx, id);
}

/** Whether the caller still sees the consultation (an expert who declined no longer does). */
export async function stillVisible(deps: Deps, ctx: Ctx, id: number): Promise<boolean> {
  try {
    await loadVisible(deps.db, ctx, id);
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return false;
    throw err;
  }
}

async function sides(db: Executor, row: repo.ConsultationRow, assigns: readonly repo.AssignmentRow[]) {
  const firm = new Set(await tickets.enterpriseUsers(db, [row.enterprise_id]));
  const experts = new Set(assigns.map((a) => a.expert_user_id));
  return (userId: number | null): MessageResponse['side'] => (userId === null ? 'system' : experts.has(userId) ? 'expert' : firm.has(userId) ? 'firm' : 'staff');
}

export async function listMessages(deps: Deps, ctx: Ctx, id: number, after: number) {
  const l = await loadVisible(deps.db, ctx, id);
  const [rows, reads, sideOf, files] = await Promise.all([repo.messages(deps.db, id, after), repo.reads(deps.db, id), sides(deps.db, l.row, l.assigns), tickets.listAttachments(deps.db, l.row.ticket_id, false)]);
  const byId = new Map(files.map((a) => [a.id, { id: a.id, name: a.original_name, mime: a.mime, size: a.size }]));
  return {
    items: rows.map((m) => ({
      id: m.id,
      author: m.author_user_id === null ? null : { id: m.author_user_id, displayName: m.display_name ?? '' },
      side: sideOf(m.author_user_id),
      body: m.body,
      attachments: parse<number[]>(m.attachment_ids_json, []).map((a) => byId.get(a)).filter((a) => a !== undefined),
      createdAt: m.created_at,
    })),
    reads: reads.map((r) => ({ user: { id: r.user_id, displayName: r.display_name }, lastReadMessageId: r.last_read_message_id })),
  };
}

export async function postMessage(trx: Trx, outbox: Outbox, deps: Deps, ctx: Ctx, id: number, body: PostMessageBody): Promise<Created<{ id: number }, 201>> {
  const l = await loadVisible(trx, ctx, id);
  requireCan(ctx, l, 'consultation.message');
  assertOpen(l.row);
  const ids = [...new Set(body.attachmentIds)];
  if (!body.body && !ids.length) throw new AppError('validation_failed', {}, [{ path: 'body', code: 'required' }]);
  const files = new Set((await tickets.listAttachments(trx, l.row.ticket_id, false)).map((a) => a.id));
  const errors = ids.flatMap((a, i) => (files.has(a) ? [] : [{ path: `attachmentIds.${i}`, code: 'unknown_attachment' }]));
  if (errors.length) throw new AppError('validation_failed', {}, errors);
  const now = deps.clock.now();
  const at = now.toISOString();
  const messageId = await repo.insertMessage(trx, { consultation_id: id, author_user_id: ctx.actor.userId, body: body.body, attachment_ids_json: JSON.stringify(ids), created_at: at });
  await repo.markRead(trx, id, ctx.actor.userId, messageId, at);
  if (l.resource.acceptedIds.includes(ctx.actor.userId) && !l.row.first_response_at) await repo.touchConsultation(trx, id, { first_response_at: at, updated_at: at });
  // The other side hears of it: the firm when an expert replies, the experts when the firm (or staff) writes.
  await notify(trx, outbox, deps, ctx, l.row, 'consultation.message', await parties(trx, l.row, l.assigns), { messageId, excerpt: body.body.slice(0, 80) });
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'consultation.message', targetType: 'consultation', targetId: id, detail: { messageId, attachments: ids.length } });
  outbox.topics.push({ topic: conversationTopic(id), data: { kind: 'message', messageId } });
  return { status: 201, body: { id: messageId } };
}

export async function markRead(deps: Deps, ctx: Ctx, id: number, messageId: number) {
  await loadVisible(deps.db, ctx, id);
  if (!(await repo.findMessage(deps.db, id, messageId))) throw new AppError('validation_failed', {}, [{ path: 'messageId', code: 'unknown_message' }]);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await repo.markRead(trx, id, ctx.actor.userId, messageId, now.toISOString());
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'consultation.read_marker', targetType: 'consultation', targetId: id, detail: { messageId } });
  });
  await announce(deps, id, { kind: 'read', userId: ctx.actor.userId, messageId });
  return { ok: true as const };
}

/** Photos and files of the consultation, kept as attachments of its problem (public to its parties). */
export async function attach(trx: Trx, deps: Deps, ctx: Ctx, id: number, file: Upload) {
  const l = await loadVisible(trx, ctx, id);
  requireCan(ctx, l, 'consultation.message');
  assertOpen(l.row);
  const info = inspectUpload(file);
  const rel = await storeContent(deps.config.dataDir, info.sha256, file.data);
  const now = deps.clock.now();
  const at = now.toISOString();
  // Kept in the file store as a public file of the problem (owner type `ticket`), so the problem's
  // timeline and attachment list show it too.
  const attachmentId = await files.insertFile(trx, {
    owner_type: 'ticket', owner_id: l.row.ticket_id, alliance_id: l.row.alliance_id, sha256: info.sha256, storage_path: rel, mime: info.mime,
    size: file.data.length, original_name: info.name, visibility: 'public', uploaded_by: ctx.actor.userId, created_at: at,
  });
  await tickets.insertEvent(trx, { ticket_id: l.row.ticket_id, kind: 'attachment', visibility: 'public', actor_user_id: ctx.actor.userId, body: info.name, data: { attachmentId, mime: info.mime, size: file.data.length, consultationId: id }, created_at: at });
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'consultation.attach', targetType: 'consultation', targetId: id, detail: { attachmentId, sha256: info.sha256, mime: info.mime, size: file.data.length } });
  return { status: 201 as const, body: { id: attachmentId, name: info.name, mime: info.mime, size: file.data.length } };
}

export async function attachmentOf(deps: Deps, ctx: Ctx, id: number, attachmentId: number) {
  const l = await loadVisible(deps.db, ctx, id);
  const a = await tickets.findAttachment(deps.db, l.row.ticket_id, attachmentId);
  if (!a || a.visibility !== 'public') throw notFound();
  return a;
}

// Visits --------------------------------------------------------------------------------------

export async function scheduleVisit(trx: Trx, outbox: Outbox, deps: Deps, ctx: Ctx, id: number, body: ScheduleVisitBody): Promise<Created<VisitResponse, 201>> {
  outbox.topics.push(caseChanged(id));
  const l = await loadVisible(trx, ctx, id);
  requireCan(ctx, l, 'consultation.visit');
  assertOpen(l.row);
  const errors: FieldError[] = [];
  const experts = [...new Set(body.expertUserIds)];
  const calendar = await loadCalendar(trx);
  if (body.visitDate < today(deps)) errors.push({ path: 'visitDate', code: 'in_the_past' });
  else if (!calendar.isWorkday(body.visitDate)) errors.push({ path: 'visitDate', code: 'not_a_workday' });
  const weekday = dayOfWeek(body.visitDate);
  for (const [i, uid] of experts.entries()) {
    if (!l.resource.acceptedIds.includes(uid)) {
      errors.push({ path: `expertUserIds.${i}`, code: 'not_on_case' });
      continue;
    }
    const p = await repo.findProfile(trx, uid);
    if (!p || !parse<number[]>(p.availability_json, []).includes(weekday)) errors.push({ path: `expertUserIds.${i}`, code: 'expert_unavailable', params: { weekday } });
  }
  if (body.followUpOf !== null) {
    const earlier = await repo.visitsOf(trx, { visitIds: [body.followUpOf] });
    if (!earlier[0] || earlier[0].consultation_id !== id) errors.push({ path: 'followUpOf', code: 'unknown_visit' });
  }
  if (errors.length) throw new AppError('validation_failed', {}, errors);
  const clash = await repo.clashes(trx, experts, body.visitDate);
  if (clash.length) {
    throw new AppError('visit_clash', {}, clash.map((c) => ({ path: `expertUserIds.${experts.indexOf(c.expert_user_id)}`, code: 'visit_clash', params: { visitId: c.id } })));
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const visitId = await repo.insertVisit(trx, { consultation_id: id, follow_up_of: body.followUpOf, visit_date: body.visitDate, status: 'scheduled', note: body.note, created_by: ctx.actor.userId, created_at: at, updated_at: at }, experts);
  await timeline(trx, l.row.ticket_id, ctx.actor.userId, body.followUpOf ? 'follow_up_scheduled' : 'visit_scheduled', at, { consultationId: id, visitId, visitDate: body.visitDate });
  await notify(trx, outbox, deps, ctx, l.row, 'consultation.visit', [...experts, ...(await tickets.enterpriseUsers(trx, [l.row.enterprise_id]))], { visitId, visitDate: body.visitDate, followUp: body.followUpOf === null ? 0 : 1 });
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'consultation.visit_schedule', targetType: 'consultation', targetId: id, detail: { visitId, visitDate: body.visitDate, experts } });
  return { status: 201, body: (await presentVisits(trx, await repo.visitsOf(trx, { visitIds: [visitId] })))[0]! };
}

async function loadVisit(db: Executor, ctx: Ctx, visitId: number) {
  const v = (await repo.visitsOf(db, { visitIds: [visitId] }))[0];
  if (!v) throw notFound();
  const l = await loadVisible(db, ctx, v.consultation_id);
  return { v, l };
}

export async function checkIn(deps: Deps, ctx: Ctx, visitId: number) {
  return notifyingTransaction(deps, async (trx, outbox) => {
    const { v, l } = await loadVisit(trx, ctx, visitId);
    outbox.topics.push(caseChanged(l.row.id));
    assertOpen(l.row);
    const mine = (await repo.visitExperts(trx, [visitId])).find((e) => e.expert_user_id === ctx.actor.userId);
    if (!mine) throw forbidden();
    if (v.status === 'cancelled' || v.status === 'reported') throw new AppError('illegal_transition');
    if (v.visit_date !== today(deps)) throw new AppError('validation_failed', {}, [{ path: 'visitDate', code: 'not_today', params: { visitDate: v.visit_date } }]);
    const now = deps.clock.now();
    const at = now.toISOString();
    await repo.checkIn(trx, visitId, ctx.actor.userId, at);
    if (v.status === 'scheduled') await repo.updateVisit(trx, visitId, v.version, { status: 'checked_in', updated_at: at });
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'consultation.visit_check_in', targetType: 'expert_visit', targetId: visitId, detail: { consultationId: v.consultation_id } });
    return (await presentVisits(trx, await repo.visitsOf(trx, { visitIds: [visitId] })))[0]!;
  });
}

export async function reportVisit(deps: Deps, ctx: Ctx, visitId: number, body: VisitReportBody) {
  return notifyingTransaction(deps, async (trx, outbox) => {
    const { v, l } = await loadVisit(trx, ctx, visitId);
    outbox.topics.push(caseChanged(l.row.id));
    requireCan(ctx, l, 'consultation.visit');
    assertOpen(l.row);
    if (v.status === 'cancelled') throw new AppError('illegal_transition');
    if (v.status === 'scheduled') throw new AppError('validation_failed', {}, [{ path: 'visitId', code: 'not_checked_in' }]);
    if (v.version !== body.version) throw versionConflict(v.version);
    const now = deps.clock.now();
    const at = now.toISOString();
    const ok = await repo.updateVisit(trx, visitId, body.version, { status: 'reported', findings: body.findings, actions: body.actions, parts_needed: body.partsNeeded, follow_ups: body.followUps, reported_by: ctx.actor.userId, reported_at: at, updated_at: at });
    if (!ok) throw versionConflict(v.version + 1);
    await timeline(trx, l.row.ticket_id, ctx.actor.userId, 'visit_reported', at, { consultationId: l.row.id, visitId }, body.findings);
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'consultation.visit_report', targetType: 'expert_visit', targetId: visitId, detail: { consultationId: l.row.id } });
    return (await presentVisits(trx, await repo.visitsOf(trx, { visitIds: [visitId] })))[0]!;
  });
}

export async function getVisit(deps: Deps, ctx: Ctx, visitId: number) {
  const { v } = await loadVisit(deps.db, ctx, visitId);
  return (await presentVisits(deps.db, [v]))[0]!;
}

/** Visits the caller may see: an expert their own (city-wide), staff the alliance's, a firm its own. */
export async function listVisits(deps: Deps, ctx: Ctx, q: { from?: string; to?: string }) {
  const f = listFilter(ctx);
  let rows: repo.VisitRow[];
  if (f.expertUserId !== undefined) rows = await repo.visitsOf(deps.db, { expertUserId: f.expertUserId, from: q.from, to: q.to });
  else {
    rows = await repo.visitsOf(deps.db, { allianceId: f.allianceId!, from: q.from, to: q.to });
    if (f.enterpriseIds) rows = rows.filter((v) => f.enterpriseIds!.includes(v.enterprise_id));
  }
  return { items: await presentVisits(deps.db, rows) };
}

// Rating, closing -----------------------------------------------------------------------------

export async function rate(trx: Trx, deps: Deps, ctx: Ctx, id: number, body: RateBody): Promise<Created<ConsultationDetail, 201>> {
  const l = await loadVisible(trx, ctx, id);
  requireCan(ctx, l, 'consultation.rate');
  if (l.row.rating !== null) throw new AppError('already_rated');
  if (l.row.status === 'cancelled' || !l.resource.acceptedIds.length) throw new AppError('rating_not_allowed');
  const now = deps.clock.now();
  const at = now.toISOString();
  await repo.touchConsultation(trx, id, { rating: body.score, rating_comment: body.comment, rated_at: at, updated_at: at });
  await timeline(trx, l.row.ticket_id, ctx.actor.userId, 'rated', at, { consultationId: id, score: body.score }, body.comment);
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'consultation.rate', targetType: 'consultation', targetId: id, detail: { score: body.score } });
  return { status: 201, body: await detailOf(trx, ctx, id) };
}

/** Closes the consultation and resolves its problem (unless already resolved or closed). */
export async function close(deps: Deps, ctx: Ctx, id: number, body: CloseBody) {
  return notifyingTransaction(deps, async (trx, outbox) => {
    const l = await loadVisible(trx, ctx, id);
    outbox.topics.push(caseChanged(l.row.id));
    if (l.row.alliance_id !== ctx.actor.allianceId) throw notFound();
    requireCan(ctx, l, 'consultation.close');
    assertOpen(l.row);
    if (l.row.version !== body.version) throw versionConflict(l.row.version);
    const now = deps.clock.now();
    const at = now.toISOString();
    if (!(await repo.updateConsultation(trx, id, body.version, { status: 'closed', closed_at: at, updated_at: at }))) throw versionConflict(l.row.version + 1);
    for (const a of l.assigns.filter((x) => x.status === 'proposed')) await repo.setAssignmentStatus(trx, a.id, 'withdrawn', at);
    const ticket = (await tickets.findTicket(trx, l.row.alliance_id, l.row.ticket_id))!;
    await timeline(trx, ticket.id, ctx.actor.userId, 'closed', at, { consultationId: id }, body.note);
    if (ticket.status === 'submitted' || ticket.status === 'accepted' || ticket.status === 'in_progress') {
      await tickets.setTicketFields(trx, ticket.id, { status: 'resolved', resolved_at: at, updated_at: at, ...(ticket.first_response_at ? {} : { first_response_at: at }) });
      await tickets.insertEvent(trx, { ticket_id: ticket.id, kind: 'status', visibility: 'public', actor_user_id: ctx.actor.userId, from_status: ticket.status, to_status: 'resolved', body: body.note, data: { consultationId: id }, created_at: at });
    }
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'consultation.close', targetType: 'consultation', targetId: id, detail: { ticketId: ticket.id, ticketFrom: ticket.status } });
    return detailOf(trx, ctx, id);
  });
}

// Figures -------------------------------------------------------------------------------------

const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The alliance's figures (the platform admin: the city's, every alliance). Experts are city-wide either way. */
export async function figures(deps: Deps, ctx: Ctx) {
  const city = ctx.actor.roles.has('platform_admin');
  const allianceId = city ? null : tenantOf(ctx);
  const pool = await loadPool(deps.db);
  const rows = await repo.allConsultations(deps.db, { allianceId });
  const assigns = await repo.assignments(deps.db, rows.map((c) => c.id));
  const visits = await repo.visitsOf(deps.db, { consultationIds: rows.map((c) => c.id) });
  const open = rows.filter((c) => c.status === 'open' || c.status === 'active');
  const closed = rows.filter((c) => c.status === 'closed');
  const gains = new Map<number, number>();
  for (const c of closed) {
    const o = await outcomeFor(deps.db, c.enterprise_id, visitDayOf(visits.filter((v) => v.consultation_id === c.id)), OUTCOME_DAYS);
    if (o.capacityGain !== null) gains.set(c.id, o.capacityGain);
  }
  const free = (p: repo.ProfileRow) => (p.paused ? 0 : Math.max(0, p.max_cases - (pool.loads.get(p.user_id) ?? 0)));
  const specialties = [...pool.specialties.values()].filter((s) => s.active === 1).map((s) => {
    const holders = pool.profiles.filter((p) => (pool.held.get(p.user_id) ?? []).includes(s.id));
    const demand = open.filter((c) => c.specialty_id === s.id).reduce((n, c) => n + openSeatsOf(c, assigns.filter((a) => a.consultation_id === c.id)), 0);
    const supply = holders.reduce((n, p) => n + free(p), 0);
    return { id: s.id, code: s.code, nameZh: s.name_zh, nameEn: s.name_en, demand, supply, experts: holders.length, short: demand > supply };
  });
  const responseHours = rows.filter((c) => c.first_response_at).map((c) => (Date.parse(c.first_response_at!) - Date.parse(c.created_at)) / 3_600_000);
  const inScope = new Set(rows.map((c) => c.id));
  const byExpert = pool.profiles.map((p) => {
    const mine = assigns.filter((a) => a.expert_user_id === p.user_id && a.status === 'accepted' && inScope.has(a.consultation_id));
    const rs = pool.ratings.get(p.user_id) ?? [];
    return {
      user: { id: p.user_id, displayName: p.display_name },
      load: pool.loads.get(p.user_id) ?? 0,
      maxCases: p.max_cases,
      cases: mine.length,
      capacityGain: Math.round(mine.reduce((s, a) => s + (gains.get(a.consultation_id) ?? 0), 0) * 10) / 10,
      ratingAvg: rs.length ? Math.round((rs.reduce((a, b) => a + b, 0) / rs.length) * 10) / 10 : null,
    };
  });
  return {
    scope: city ? ('city' as const) : ('alliance' as const),
    experts: {
      total: pool.profiles.length,
      active: pool.profiles.filter((p) => !p.paused).length,
      paused: pool.profiles.filter((p) => p.paused).length,
      verified: pool.profiles.filter((p) => p.verified).length,
      load: pool.profiles.reduce((n, p) => n + (pool.loads.get(p.user_id) ?? 0), 0),
      capacity: pool.profiles.reduce((n, p) => n + (p.paused ? 0 : p.max_cases), 0),
    },
    specialties,
    consultations: { open: rows.filter((c) => c.status === 'open').length, active: rows.filter((c) => c.status === 'active').length, closed: closed.length },
    firmsHelped: new Set(closed.map((c) => c.enterprise_id)).size,
    capacityRegained: Math.round([...gains.values()].reduce((a, b) => a + b, 0) * 10) / 10,
    medianResponseHours: median(responseHours) === null ? null : Math.round(median(responseHours)! * 10) / 10,
    byExpert: byExpert.sort((a, b) => b.cases - a.cases || b.load - a.load || a.user.id - b.user.id),
  };
}


/** The visit report as .docx. */
export async function exportVisitReport(deps: Deps, ctx: Ctx, visitId: number) {
  const { v, l } = await loadVisit(deps.db, ctx, visitId);
  const [visit] = await presentVisits(deps.db, [v]);
  const detail = await detailOf(deps.db, ctx, l.row.id);
  const { visitReportDocx } = await import('./experts.docx');
  return { data: await visitReportDocx(detail, visit!, ctx.locale), filename: `visit-${visitId}-${v.visit_date}.docx` };
}
