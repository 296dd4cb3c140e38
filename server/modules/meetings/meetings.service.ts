/**
 * Joint meetings (联席会议) of an alliance: the secretary schedules one with its attendees;
 * builds a draft agenda — first the status of the previous meeting's action items, then the
 * escalated and overdue tickets, then the open high risks — and edits it; keeps the minutes;
 * records decisions, each with action items that become tickets (source `meeting`) with an
 * owner and a deadline; and exports the minutes as a Word document.
 *
 * Tickets that reach escalation level 2 are added to the next scheduled meeting's agenda by
 * the escalation job; when none is scheduled they wait, flagged, for the next one created.
 */
import { can } from '../../core/auth/policy';
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Executor, Trx } from '../../core/db/database';
import { AppError, notFound, versionConflict, type FieldError } from '../../core/errors';
import type { Created } from '../../core/http/idempotency';
import { tenantOf } from '../../core/tenant';
import { addDays, shanghaiDate, shanghaiDayEnd } from '../../domain/workdays';
import { raise } from '../notifications/notifications.service';
import { notifyingTransaction, type Outbox } from '../notifications/outbox';
import { highRisks } from '../risks/risks.service';
import { latestForecast } from '../chain/chain.problems';
import type { AnalysisResult } from '../chain/chain.schema';
import { risksByIds } from '../risks/risks.repository';
import * as tickets from '../tickets/tickets.repository';
import { toSummary } from '../tickets/tickets.presenter';
import { insertTicket } from '../tickets/tickets.service';
import { minutesDocx } from './meetings.docx';
import { toAgendaItem, toMeetingSummary } from './meetings.presenter';
import * as repo from './meetings.repository';
import type { AgendaItemResponse, CreateDecisionBody, CreateMeetingBody, DecisionResponse, ListMeetingsQuery, MeetingDetail, PutAgendaBody, PutMinutesBody, UpdateMeetingBody } from './meetings.schema';

const iso = (instant: string) => new Date(instant).toISOString();

async function loadMeeting(db: Executor, ctx: Ctx, id: number) {
  const row = await repo.findMeeting(db, tenantOf(ctx), id);
  if (!row) throw notFound();
  const attendees = await repo.listAttendees(db, id);
  if (!can(ctx.actor, 'meeting.read', { kind: 'meeting', attendeeIds: attendees.map((a) => a.id) })) throw notFound();
  return { row, attendees };
}

type AgendaRef = AgendaItemResponse['ref'];

/** The agenda with the current state of the tickets and risks it refers to. */
async function presentAgenda(db: Executor, allianceId: number, rows: repo.AgendaRow[], now: string): Promise<AgendaItemResponse[]> {
  const ticketIds = rows.filter((r) => (r.kind === 'ticket' || r.kind === 'action_review') && r.ref_id !== null).map((r) => r.ref_id!);
  const riskIds = rows.filter((r) => r.kind === 'risk' && r.ref_id !== null).map((r) => r.ref_id!);
  const [ts, rs] = await Promise.all([tickets.summariesByIds(db, ticketIds), risksByIds(db, allianceId, riskIds)]);
  const ticketRef = new Map(ts.filter((t) => t.alliance_id === allianceId).map((t): [number, AgendaRef] => {
    const s = toSummary(t, now);
    return [t.id, { status: s.status, escalationLevel: s.escalationLevel, dueAt: s.resolveDueAt, overdue: s.overdue, score: null }];
  }));
  const riskRef = new Map(rs.map((r): [number, AgendaRef] => [r.id, { status: r.status, escalationLevel: null, dueAt: r.review_date, overdue: false, score: r.likelihood * r.impact }]));
  return rows.map((r) => toAgendaItem(r, r.ref_id === null ? null : r.kind === 'risk' ? (riskRef.get(r.ref_id) ?? null) : r.kind === 'free' || r.kind.startsWith('chain') ? null : (ticketRef.get(r.ref_id) ?? null)));
}

async function presentDecisions(db: Executor, meetingId: number, now: string): Promise<DecisionResponse[]> {
  const [decisions, items] = await Promise.all([repo.listDecisions(db, meetingId), repo.actionItemIds(db, meetingId)]);
  const summaries = new Map((await tickets.summariesByIds(db, items.map((i) => i.id))).map((t) => [t.id, toSummary(t, now)]));
  return decisions.map((d) => ({
    id: d.id,
    text: d.text,
    agendaItemId: d.agenda_item_id,
    createdBy: d.created_by === null ? null : { id: d.created_by, displayName: d.created_by_name ?? '' },
    createdAt: d.created_at,
    actionItems: items.filter((i) => i.decision_id === d.id).map((i) => summaries.get(i.id)!).filter(Boolean),
  }));
}

export async function meetingDetail(db: Executor, deps: Deps, ctx: Ctx, id: number): Promise<MeetingDetail> {
  const { row, attendees } = await loadMeeting(db, ctx, id);
  const now = deps.clock.now().toISOString();
  const [agenda, minutes, decisions] = await Promise.all([repo.listAgenda(db, id), repo.findMinutes(db, id), presentDecisions(db, id, now)]);
  return {
    ...toMeetingSummary(row),
    attendees: attendees.map((a) => ({ id: a.id, displayName: a.display_name })),
    agenda: await presentAgenda(db, row.alliance_id, agenda, now),
    minutes: minutes ? { body: minutes.body, updatedBy: minutes.updated_by === null ? null : { id: minutes.updated_by, displayName: minutes.updated_by_name ?? '' }, updatedAt: minutes.updated_at, version: minutes.version } : null,
    decisions,
  };
}

async function checkAttendees(db: Executor, allianceId: number, ids: readonly number[]) {
  const people = await repo.peopleOfAlliance(db, allianceId, ids);
  const errors: FieldError[] = ids.flatMap((id, i) => (people.has(id) ? [] : [{ path: `attendeeIds.${i}`, code: 'not_in_alliance' }]));
  if (errors.length) throw new AppError('validation_failed', {}, errors);
}

function meetingPayload(m: { id: number; title: string; scheduled_at: string; location: string; status: string }) {
  return { meetingId: m.id, title: m.title, scheduledAt: m.scheduled_at, location: m.location, status: m.status };
}

export async function createMeeting(trx: Trx, deps: Deps, ctx: Ctx, outbox: Outbox, body: CreateMeetingBody): Promise<Created<MeetingDetail, 201>> {
  const allianceId = tenantOf(ctx);
  const attendeeIds = [...new Set(body.attendeeIds)];
  await checkAttendees(trx, allianceId, attendeeIds);
  const now = deps.clock.now();
  const at = now.toISOString();
  const scheduledAt = iso(body.scheduledAt);
  const id = await repo.insertMeeting(trx, { alliance_id: allianceId, title: body.title, scheduled_at: scheduledAt, location: body.location, status: 'scheduled', created_by: ctx.actor.userId, created_at: at, updated_at: at });
  await repo.replaceAttendees(trx, id, attendeeIds);
  // Tickets escalated to level 2 while no meeting was scheduled.
  if (scheduledAt > at) {
    for (const t of await tickets.agendaPendingTickets(trx, allianceId)) {
      await repo.appendAgendaItem(trx, id, { kind: 'ticket', ref_id: t.id, title: t.title, note: '' }, at);
      await tickets.setAgendaPending(trx, t.id, false);
    }
  }
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'meeting.create', targetType: 'meeting', targetId: id, detail: { title: body.title, scheduledAt } });
  await raise(trx, outbox, { allianceId, kind: 'meeting.scheduled', payload: meetingPayload({ id, title: body.title, scheduled_at: scheduledAt, location: body.location, status: 'scheduled' }), recipients: attendeeIds, actorUserId: ctx.actor.userId, at: now });
  return { status: 201, body: await meetingDetail(trx, deps, ctx, id) };
}

export async function listMeetings(deps: Deps, ctx: Ctx, q: ListMeetingsQuery) {
  const now = deps.clock.now().toISOString();
  const expertOnly = !ctx.actor.roles.has('platform_admin') && !ctx.actor.roles.has('secretary') && !ctx.actor.roles.has('group_member') && !ctx.actor.roles.has('commissioner');
  const { items, total } = await repo.listMeetings(
    deps.db,
    {
      allianceId: tenantOf(ctx),
      status: q.upcoming ? 'scheduled' : q.status,
      from: q.upcoming ? now : q.from ? shanghaiDayEnd(addDays(q.from, -1)) : undefined,
      to: q.to ? shanghaiDayEnd(q.to) : undefined,
      attendee: expertOnly ? ctx.actor.userId : undefined,
    },
    { offset: (q.page - 1) * q.pageSize, limit: q.pageSize, order: q.upcoming ? 'asc' : 'desc' },
  );
  return { items: items.map(toMeetingSummary), total, page: q.page, pageSize: q.pageSize };
}

export async function getMeeting(deps: Deps, ctx: Ctx, id: number) {
  return meetingDetail(deps.db, deps, ctx, id);
}

const MEETING_TRANSITIONS: Record<string, readonly string[]> = { scheduled: ['held', 'cancelled'], held: [], cancelled: [] };

export async function updateMeeting(deps: Deps, ctx: Ctx, id: number, body: UpdateMeetingBody): Promise<MeetingDetail> {
  return notifyingTransaction(deps, async (trx, outbox) => {
    const { row, attendees } = await loadMeeting(trx, ctx, id);
    if (row.version !== body.version) throw versionConflict(row.version);
    if (body.status !== undefined && body.status !== row.status && !MEETING_TRANSITIONS[row.status]!.includes(body.status)) throw new AppError('illegal_transition', { from: row.status, to: body.status });
    if (body.attendeeIds) await checkAttendees(trx, row.alliance_id, [...new Set(body.attendeeIds)]);
    const now = deps.clock.now();
    const changes: repo.MeetingChanges = { updated_at: now.toISOString() };
    if (body.title !== undefined) changes.title = body.title;
    if (body.scheduledAt !== undefined) changes.scheduled_at = iso(body.scheduledAt);
    if (body.location !== undefined) changes.location = body.location;
    if (body.status !== undefined) changes.status = body.status;
    if (!(await repo.updateMeeting(trx, id, body.version, changes))) throw versionConflict(row.version + 1);
    if (body.attendeeIds) await repo.replaceAttendees(trx, id, [...new Set(body.attendeeIds)]);
    const fields = Object.keys(body).filter((k) => k !== 'version');
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'meeting.update', targetType: 'meeting', targetId: id, detail: { fields, fromVersion: body.version } });
    const moved = (changes.scheduled_at !== undefined && changes.scheduled_at !== row.scheduled_at) || (changes.location !== undefined && changes.location !== row.location) || changes.status === 'cancelled';
    if (moved) {
      const recipients = body.attendeeIds ?? attendees.map((a) => a.id);
      await raise(trx, outbox, { allianceId: row.alliance_id, kind: 'meeting.scheduled', payload: meetingPayload({ ...row, ...changes, id }), recipients, actorUserId: ctx.actor.userId, at: now });
    }
    return meetingDetail(trx, deps, ctx, id);
  });
}

/** Replaces the agenda (add, remove, reorder, annotate); references must be the alliance's. */
export async function putAgenda(deps: Deps, ctx: Ctx, id: number, body: PutAgendaBody): Promise<MeetingDetail> {
  return deps.db.transaction().execute(async (trx) => {
    const { row } = await loadMeeting(trx, ctx, id);
    if (row.version !== body.version) throw versionConflict(row.version);
    const ticketIds = body.items.filter((i) => (i.kind === 'ticket' || i.kind === 'action_review') && i.refId !== null).map((i) => i.refId!);
    const riskIds = body.items.filter((i) => i.kind === 'risk' && i.refId !== null).map((i) => i.refId!);
    const ticketTitles = new Map((await tickets.summariesByIds(trx, ticketIds)).filter((t) => t.alliance_id === row.alliance_id).map((t) => [t.id, t.title]));
    const riskTitles = new Map((await risksByIds(trx, row.alliance_id, riskIds)).map((r) => [r.id, r.title]));
    // Chain items keep the analysis they came from (the web saves kind, ref, title and note).
    const analyses = new Map((await repo.listAgenda(trx, id)).filter((e) => e.analysis_id).map((e) => [`${e.kind}:${e.ref_id ?? ''}`, e.analysis_id!]));
    const firmIds = body.items.filter((i) => (i.kind === 'chain_break' || i.kind === 'chain_priority') && i.refId !== null).map((i) => i.refId!);
    const firms = await tickets.membersOf(trx, row.alliance_id, firmIds);
    const errors: FieldError[] = [];
    const items = body.items.map((it, i) => {
      let title = it.title;
      if (it.kind === 'free' || it.kind === 'chain') {
        if (it.kind === 'free' && it.refId !== null) errors.push({ path: `items.${i}.refId`, code: 'unknown_reference' });
        if (!title) errors.push({ path: `items.${i}.title`, code: 'required' });
      } else if (it.kind === 'chain_break' || it.kind === 'chain_priority') {
        if (it.refId === null || !firms.has(it.refId)) errors.push({ path: `items.${i}.refId`, code: 'unknown_reference' });
        if (!title) errors.push({ path: `items.${i}.title`, code: 'required' });
      } else {
        const known = it.refId === null ? undefined : it.kind === 'risk' ? riskTitles.get(it.refId) : ticketTitles.get(it.refId);
        if (known === undefined) errors.push({ path: `items.${i}.refId`, code: 'unknown_reference' });
        title ||= known ?? '';
      }
      return { kind: it.kind, ref_id: it.kind === 'free' ? null : it.refId, title, note: it.note, analysis_id: analyses.get(`${it.kind}:${it.refId ?? ''}`) ?? null };
    });
    if (errors.length) throw new AppError('validation_failed', {}, errors);
    const now = deps.clock.now();
    if (!(await repo.updateMeeting(trx, id, body.version, { updated_at: now.toISOString() }))) throw versionConflict(row.version + 1);
    await repo.replaceAgenda(trx, id, items, now.toISOString());
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'meeting.agenda', targetType: 'meeting', targetId: id, detail: { items: items.map((i) => `${i.kind}:${i.ref_id ?? ''}`) } });
    return meetingDetail(trx, deps, ctx, id);
  });
}

/**
 * The draft agenda of a meeting: the previous meeting's action items (to review their status)
 * first, then escalated and overdue tickets, then open high risks (likelihood × impact ≥ 15),
 * then what the alliance's latest chain forecast says: the firms forecast to break (soonest
 * first, at most {@link MAX_CHAIN_BREAKS}) and the help priorities (at most
 * {@link MAX_CHAIN_PRIORITIES}, those that gain output), each linked to that analysis.
 */
export const MAX_CHAIN_BREAKS = 5;
export const MAX_CHAIN_PRIORITIES = 3;

/** Agenda items a chain forecast proposes: its breaks (soonest first) and its help priorities. */
export function chainAgendaItems(analysisId: string, r: AnalysisResult) {
  const breaks = r.firms
    .filter((f) => f.breakDay !== null)
    .sort((a, b) => a.breakDay! - b.breakDay! || a.id - b.id)
    .slice(0, MAX_CHAIN_BREAKS)
    .map((f) => {
      const root = f.cause?.path.at(-1);
      const why = f.cause ? `，缺「${f.cause.item}」${root && root.id !== f.id ? `，根因 ${root.name}` : ''}` : '';
      return { kind: 'chain_break', ref_id: f.id, title: `断链预警：${f.name} 预计第 ${f.breakDay} 天断链${why}`.slice(0, 200), analysis_id: analysisId };
    });
  const priorities = r.priority
    .filter((p) => p.gain > 0)
    .slice(0, MAX_CHAIN_PRIORITIES)
    .map((p, i) => ({
      kind: 'chain_priority',
      ref_id: p.firm.id,
      title: `帮扶优先第 ${i + 1} 位：${p.firm.name}${p.restored.length ? `，可使 ${p.restored.length} 家企业不再断链（${p.restoredHeadcount} 人）` : ''}`.slice(0, 200),
      analysis_id: analysisId,
    }));
  return [...breaks, ...priorities];
}

export async function draftAgenda(db: Executor, meeting: { id: number; alliance_id: number; scheduled_at: string }, now: Date) {
  const previous = await repo.previousMeeting(db, meeting.alliance_id, meeting.scheduled_at, meeting.id);
  const reviews = previous ? await tickets.summariesByIds(db, (await repo.actionItemIds(db, previous.id)).map((i) => i.id)) : [];
  const reviewed = new Set(reviews.map((t) => t.id));
  const pressing = (await tickets.escalatedOrOverdue(db, meeting.alliance_id, now.toISOString())).filter((t) => !reviewed.has(t.id));
  const risks = await highRisks(db, meeting.alliance_id);
  const forecast = await latestForecast(db, meeting.alliance_id);
  return [
    ...reviews.map((t) => ({ kind: 'action_review', ref_id: t.id, title: t.title, analysis_id: null as string | null })),
    ...pressing.map((t) => ({ kind: 'ticket', ref_id: t.id, title: t.title, analysis_id: null })),
    ...risks.map((r) => ({ kind: 'risk', ref_id: r.id, title: r.title, analysis_id: null })),
    ...(forecast ? chainAgendaItems(forecast.id, forecast.result) : []),
  ];
}

/**
 * Drafts the agenda (see {@link draftAgenda}). Items already on the agenda keep their notes;
 * items the secretary added by hand follow the draft.
 */
export async function buildAgenda(deps: Deps, ctx: Ctx, id: number, version: number): Promise<MeetingDetail> {
  return deps.db.transaction().execute(async (trx) => {
    const { row } = await loadMeeting(trx, ctx, id);
    if (row.version !== version) throw versionConflict(row.version);
    const now = deps.clock.now();
    const draft = await draftAgenda(trx, row, now);
    const existing = await repo.listAgenda(trx, id);
    const key = (i: { kind: string; ref_id: number | null }) => `${i.kind}:${i.ref_id ?? ''}`;
    const notes = new Map(existing.map((e) => [key(e), e.note]));
    const drafted = new Set(draft.map(key));
    const items = [
      ...draft.map((d) => ({ ...d, note: notes.get(key(d)) ?? '' })),
      ...existing.filter((e) => !drafted.has(key(e))).map((e) => ({ kind: e.kind, ref_id: e.ref_id, title: e.title, note: e.note, analysis_id: e.analysis_id ?? null })),
    ];
    if (!(await repo.updateMeeting(trx, id, version, { updated_at: now.toISOString() }))) throw versionConflict(row.version + 1);
    await repo.replaceAgenda(trx, id, items, now.toISOString());
    const count = (kind: string) => draft.filter((d) => d.kind === kind).length;
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'meeting.agenda_build', targetType: 'meeting', targetId: id, detail: { reviews: count('action_review'), tickets: count('ticket'), risks: count('risk'), chainBreaks: count('chain_break'), chainPriorities: count('chain_priority') } });
    return meetingDetail(trx, deps, ctx, id);
  });
}

export async function putMinutes(deps: Deps, ctx: Ctx, id: number, body: PutMinutesBody): Promise<MeetingDetail> {
  return deps.db.transaction().execute(async (trx) => {
    await loadMeeting(trx, ctx, id);
    const current = await repo.findMinutes(trx, id);
    const now = deps.clock.now();
    const at = now.toISOString();
    if (!current) {
      if (body.version !== undefined && body.version !== 1) throw versionConflict(0);
      await repo.insertMinutes(trx, id, body.body, ctx.actor.userId, at);
    } else {
      if (body.version !== current.version) throw versionConflict(current.version);
      if (!(await repo.updateMinutes(trx, id, current.version, body.body, ctx.actor.userId, at))) throw versionConflict(current.version + 1);
    }
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'meeting.minutes', targetType: 'meeting', targetId: id, detail: { length: body.body.length, fromVersion: current?.version ?? null } });
    return meetingDetail(trx, deps, ctx, id);
  });
}

/** Records a decision and turns its action items into tickets (accepted, with owner and deadline). */
export async function addDecision(trx: Trx, deps: Deps, ctx: Ctx, outbox: Outbox, id: number, body: CreateDecisionBody): Promise<Created<DecisionResponse, 201>> {
  const { row } = await loadMeeting(trx, ctx, id);
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const errors: FieldError[] = [];
  if (body.agendaItemId !== null && !(await repo.listAgenda(trx, id)).some((a) => a.id === body.agendaItemId)) errors.push({ path: 'agendaItemId', code: 'unknown_reference' });
  const owners = await tickets.staffOfAlliance(trx, row.alliance_id, body.actionItems.map((a) => a.ownerUserId));
  const members = await tickets.membersOf(trx, row.alliance_id, body.actionItems.flatMap((a) => (a.enterpriseId === null ? [] : [a.enterpriseId])));
  body.actionItems.forEach((a, i) => {
    if (!owners.has(a.ownerUserId)) errors.push({ path: `actionItems.${i}.ownerUserId`, code: 'not_staff' });
    if (a.enterpriseId !== null && !members.has(a.enterpriseId)) errors.push({ path: `actionItems.${i}.enterpriseId`, code: 'not_a_member' });
    if (a.dueDate < today) errors.push({ path: `actionItems.${i}.dueDate`, code: 'due_date_past' });
  });
  if (errors.length) throw new AppError('validation_failed', {}, errors);
  const at = now.toISOString();
  const decisionId = await repo.insertDecision(trx, { meeting_id: id, agenda_item_id: body.agendaItemId, text: body.text, created_by: ctx.actor.userId, created_at: at });
  const ticketIds: number[] = [];
  for (const a of body.actionItems) {
    const ticketId = await insertTicket(trx, {
      allianceId: row.alliance_id, enterpriseId: a.enterpriseId, decisionId, category: a.category, priority: a.priority, title: a.title, description: a.description,
      source: 'meeting', sourceRef: `meeting:${id}`, createdBy: ctx.actor.userId, at: now, status: 'accepted', leadUserId: a.ownerUserId, resolveDueAt: shanghaiDayEnd(a.dueDate),
    });
    ticketIds.push(ticketId);
    await raise(trx, outbox, { allianceId: row.alliance_id, kind: 'meeting.action_item', payload: { ticketId, title: a.title, meetingId: id, dueDate: a.dueDate, enterprise: a.enterpriseId === null ? null : (members.get(a.enterpriseId) ?? null) }, recipients: [a.ownerUserId], actorUserId: ctx.actor.userId, at: now });
  }
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'meeting.decide', targetType: 'meeting', targetId: id, detail: { decisionId, actionItems: ticketIds } });
  const decision = (await presentDecisions(trx, id, at)).find((d) => d.id === decisionId)!;
  return { status: 201, body: decision };
}

export async function exportMinutes(deps: Deps, ctx: Ctx, id: number): Promise<{ data: Buffer; filename: string }> {
  const detail = await meetingDetail(deps.db, deps, ctx, id);
  const date = shanghaiDate(new Date(detail.scheduledAt));
  return { data: await minutesDocx(detail, ctx.locale), filename: `${ctx.locale === 'en-US' ? 'minutes' : '会议纪要'}-${date}-${id}.docx` };
}
