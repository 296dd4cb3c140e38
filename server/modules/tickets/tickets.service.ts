/**
 * Problem collection and handling (问题收集帮办). An enterprise — or its commissioner or other
 * alliance staff on its behalf — files a problem; a routing rule names the lead working group;
 * handlers accept, work and resolve it along the state machine of `ticket-state.ts`, within the
 * working-day deadlines of `sla.ts`; the enterprise confirms (with a satisfaction rating) or
 * reopens. A ticket can be transferred (with a reason), get co-handlers (groups, enterprises,
 * people) and be split into sub-tickets; the parent closes when its last sub-ticket closes.
 *
 * Visibility: an enterprise sees its own tickets and those it co-handles, never another's (404),
 * and never internal comments or attachments. One business operation is one transaction with
 * its audit row; notifications are written inside it and announced after commit.
 */
import { can, type Resource } from '../../core/auth/policy';
import type { WorkingGroup } from '../../core/auth/roles';
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Executor, Trx } from '../../core/db/database';
import { AppError, forbidden, notFound, versionConflict } from '../../core/errors';
import type { Created } from '../../core/http/idempotency';
import { tenantOf } from '../../core/tenant';
import { addDays, shanghaiDayEnd } from '../../domain/workdays';
import { loadCalendar } from '../calendar/calendar.service';
import { raise } from '../notifications/notifications.service';
import type { NotificationKind } from '../notifications/notifications.schema';
import { notifyingTransaction, type Outbox } from '../notifications/outbox';
import { deadlinesFor, dueSoonUntil, extendDeadline, pausedWorkdays, type Priority } from './sla';
import { TRANSITIONS, assertTransition, needsNote, transitionParty, type TicketStatus } from './ticket-state';
import { toAttachment, toEvent, toHandler, toSummary } from './tickets.presenter';
import * as repo from './tickets.repository';
import type {
  CommentBody, CreateTicketBody, ListTicketsQuery, PutHandlersBody, SatisfactionBody, SplitBody, TicketCategory, TicketDetail, TicketEvent, TransferBody,
  SupervisionQuery, TransitionBody, UpdateTicketBody,
} from './tickets.schema';
import { routeFor, slaFor } from './tickets.settings';

// Access -------------------------------------------------------------------------------------

type TicketResource = Extract<Resource, { kind: 'ticket' }>;

function resourceOf(row: { enterprise_id: number | null; lead_user_id: number | null; lead_group: string | null }, handlers: readonly repo.HandlerRow[]): TicketResource {
  return {
    kind: 'ticket',
    enterpriseId: row.enterprise_id,
    userIds: [...(row.lead_user_id !== null ? [row.lead_user_id] : []), ...handlers.filter((h) => h.user_id !== null).map((h) => h.user_id!)],
    groups: [...(row.lead_group ? [row.lead_group as WorkingGroup] : []), ...handlers.filter((h) => h.working_group).map((h) => h.working_group as WorkingGroup)],
    enterpriseIds: handlers.filter((h) => h.enterprise_id !== null).map((h) => h.enterprise_id!),
  };
}

interface Loaded {
  row: repo.TicketRow;
  handlers: repo.HandlerRow[];
  resource: TicketResource;
}

/** A ticket of the current alliance the actor may see, or 404. */
export async function loadVisible(db: Executor, ctx: Ctx, id: number): Promise<Loaded> {
  const row = await repo.findTicket(db, tenantOf(ctx), id);
  if (!row) throw notFound();
  const handlers = await repo.listHandlers(db, [id]);
  const resource = resourceOf(row, handlers);
  if (!can(ctx.actor, 'ticket.read', resource)) throw notFound();
  return { row, handlers, resource };
}

/** Staff (and experts) see internal comments and attachments of tickets they can see. */
export const seesInternal = (ctx: Ctx) => can(ctx.actor, 'ticket.handle');

/** The actor speaks for the enterprise that filed the ticket. */
const isOwner = (ctx: Ctx, row: { enterprise_id: number | null }) => row.enterprise_id !== null && ctx.actor.enterpriseIds.includes(row.enterprise_id);

function mayTransition(ctx: Ctx, l: Loaded, to: TicketStatus): boolean {
  const from = l.row.status as TicketStatus;
  if (!TRANSITIONS[from].includes(to)) return false;
  return can(ctx.actor, 'ticket.handle', l.resource) || (transitionParty(from, to) === 'either' && isOwner(ctx, l.row));
}

function scopeOf(ctx: Ctx): repo.TicketScope {
  const r = ctx.actor.roles;
  if (r.has('platform_admin') || r.has('secretary') || r.has('group_member')) return { kind: 'all' };
  return { kind: 'parties', userId: ctx.actor.userId, enterpriseIds: ctx.actor.enterpriseIds, caseload: ctx.actor.caseload };
}

function assertOpenForChange(row: { status: string }) {
  if (row.status === 'closed') throw new AppError('ticket_closed');
}

// Presenting ---------------------------------------------------------------------------------

export async function detailOf(db: Executor, deps: Deps, ctx: Ctx, id: number): Promise<TicketDetail> {
  const l = await loadVisible(db, ctx, id);
  const { row } = l;
  const now = deps.clock.now().toISOString();
  const internal = seesInternal(ctx);
  const [children, parent, events, attachments] = await Promise.all([
    repo.listChildren(db, id),
    row.parent_id === null ? Promise.resolve(undefined) : repo.findSummary(db, row.parent_id),
    repo.listEvents(db, id, internal),
    repo.listAttachments(db, id, internal),
  ]);
  const status = row.status as TicketStatus;
  return {
    ...toSummary(row, now),
    description: row.description,
    sourceRef: row.source_ref,
    createdBy: row.created_by === null ? null : { id: row.created_by, displayName: row.created_by_name ?? '' },
    satisfactionComment: row.satisfaction_comment,
    ratedAt: row.rated_at,
    handlers: l.handlers.map(toHandler),
    parent: parent ? toSummary(parent, now) : null,
    children: children.map((c) => toSummary(c, now)),
    events: events.map(toEvent),
    attachments: attachments.map(toAttachment),
    can: {
      handle: can(ctx.actor, 'ticket.handle', l.resource),
      transitions: TRANSITIONS[status].filter((to) => mayTransition(ctx, l, to)),
      rate: isOwner(ctx, row) && status === 'closed' && row.satisfaction === null,
      commentInternal: internal,
    },
  };
}

// Notifying ----------------------------------------------------------------------------------

function ticketPayload(row: { id: number; title: string; enterprise_name: string | null; category: string; priority: string; lead_group: string | null; resolve_due_at: string; status: string }) {
  return { ticketId: row.id, title: row.title, enterprise: row.enterprise_name, category: row.category, priority: row.priority, group: row.lead_group, status: row.status, resolveDueAt: row.resolve_due_at };
}

/** People on the enterprise's side: its accounts and whoever filed the ticket for it. */
async function enterpriseSide(db: Executor, row: { enterprise_id: number | null; created_by: number | null }): Promise<number[]> {
  const users = row.enterprise_id === null ? [] : await repo.enterpriseUsers(db, [row.enterprise_id]);
  return row.created_by === null ? users : [...users, row.created_by];
}

/** People handling it: the lead (or, without one, the lead group's members) and co-handler users. */
async function handlerSide(db: Executor, row: { alliance_id: number; lead_user_id: number | null; lead_group: string | null }, handlers: readonly repo.HandlerRow[]): Promise<number[]> {
  const users = handlers.filter((h) => h.user_id !== null).map((h) => h.user_id!);
  if (row.lead_user_id !== null) return [row.lead_user_id, ...users];
  const group = row.lead_group ? await repo.groupMembers(db, row.alliance_id, [row.lead_group]) : await repo.secretaries(db, row.alliance_id);
  return [...group, ...users];
}

async function notify(trx: Trx, outbox: Outbox, ctx: Ctx | null, at: Date, allianceId: number, kind: NotificationKind, recipients: number[], payload: Record<string, string | number | null>) {
  await raise(trx, outbox, { allianceId, kind, payload, recipients, actorUserId: ctx?.actor.userId ?? null, at });
}

// Filing --------------------------------------------------------------------------------------

export interface NewTicket {
  allianceId: number;
  enterpriseId: number | null;
  parentId?: number | null;
  decisionId?: number | null;
  category: TicketCategory;
  priority: Priority;
  title: string;
  description: string;
  source: 'enterprise' | 'commissioner' | 'report' | 'meeting' | 'chain';
  sourceRef?: string | null;
  createdBy: number | null;
  at: Date;
  /** Tickets created by handlers themselves (sub-tickets, meeting action items) start accepted. */
  status?: 'submitted' | 'accepted';
  /** Default: the alliance's routing rule for the category. */
  leadGroup?: WorkingGroup | null;
  leadUserId?: number | null;
  /** A fixed resolve deadline (a meeting's action item) instead of the SLA's. */
  resolveDueAt?: string;
}

/**
 * Files a ticket: routes it, fixes its deadlines from the SLA policy and the working-day
 * calendar, and opens its timeline. The caller owns the transaction, the audit row and the
 * notifications.
 */
export async function insertTicket(trx: Trx, t: NewTicket): Promise<number> {
  const at = t.at.toISOString();
  const leadGroup = t.leadGroup !== undefined ? t.leadGroup : await routeFor(trx, t.allianceId, t.category);
  const deadlines = deadlinesFor(await loadCalendar(trx), t.at, await slaFor(trx, t.allianceId, t.priority));
  const status = t.status ?? 'submitted';
  const id = await repo.insertTicketRow(trx, {
    alliance_id: t.allianceId, enterprise_id: t.enterpriseId, parent_id: t.parentId ?? null, decision_id: t.decisionId ?? null, category: t.category, priority: t.priority,
    title: t.title, description: t.description, status, lead_group: leadGroup, lead_user_id: t.leadUserId ?? null, source: t.source, source_ref: t.sourceRef ?? null,
    created_by: t.createdBy, response_due_at: deadlines.responseDueAt, resolve_due_at: t.resolveDueAt ?? deadlines.resolveDueAt,
    first_response_at: status === 'accepted' ? at : null, created_at: at, updated_at: at,
  });
  await repo.insertEvent(trx, { ticket_id: id, kind: 'created', visibility: 'public', actor_user_id: t.createdBy, to_status: status, data: { source: t.source, leadGroup, leadUserId: t.leadUserId ?? null }, created_at: at });
  return id;
}

/** Tells the lead (or lead group, or the secretaries when unrouted) about a new ticket. */
export async function notifyFiled(trx: Trx, outbox: Outbox, ctx: Ctx | null, at: Date, id: number) {
  const row = (await repo.findSummary(trx, id))!;
  await notify(trx, outbox, ctx, at, row.alliance_id, row.lead_user_id !== null ? 'ticket.assigned' : 'ticket.created', await handlerSide(trx, row, []), ticketPayload(row));
}

/** Checks the enterprise is a member the actor may file for; returns its name. */
export async function enterpriseForFiling(db: Executor, ctx: Ctx, enterpriseId: number, action: 'ticket.create' | 'ticket.dismiss_proposal' = 'ticket.create'): Promise<void> {
  const members = await repo.membersOf(db, tenantOf(ctx), [enterpriseId]);
  if (!members.has(enterpriseId) || !can(ctx.actor, 'enterprise.read', { kind: 'enterprise', id: enterpriseId })) throw notFound();
  if (!can(ctx.actor, action, { kind: 'enterprise', id: enterpriseId })) throw forbidden();
}

export async function createTicket(trx: Trx, deps: Deps, ctx: Ctx, outbox: Outbox, body: CreateTicketBody): Promise<Created<TicketDetail, 201>> {
  await enterpriseForFiling(trx, ctx, body.enterpriseId);
  const now = deps.clock.now();
  const id = await insertTicket(trx, {
    allianceId: tenantOf(ctx), enterpriseId: body.enterpriseId, category: body.category, priority: body.priority, title: body.title, description: body.description,
    source: ctx.actor.enterpriseIds.includes(body.enterpriseId) ? 'enterprise' : 'commissioner', createdBy: ctx.actor.userId, at: now,
  });
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'ticket.create', targetType: 'ticket', targetId: id, detail: { enterpriseId: body.enterpriseId, category: body.category, priority: body.priority } });
  await notifyFiled(trx, outbox, ctx, now, id);
  return { status: 201, body: await detailOf(trx, deps, ctx, id) };
}

// Reading -------------------------------------------------------------------------------------

export async function listTickets(deps: Deps, ctx: Ctx, q: ListTicketsQuery) {
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const { items, total } = await repo.listTickets(
    deps.db,
    {
      allianceId: tenantOf(ctx),
      scope: scopeOf(ctx),
      now: nowIso,
      dueSoonUntil: q.queue === 'due_soon' ? dueSoonUntil(await loadCalendar(deps.db), now) : nowIso,
      me: { userId: ctx.actor.userId, groups: ctx.actor.workingGroups },
      queue: q.queue,
      status: q.status,
      open: q.open,
      category: q.category,
      priority: q.priority,
      enterpriseId: q.enterpriseId,
      leadGroup: q.leadGroup,
      source: q.source,
      escalation: q.escalation,
      parentId: q.parentId,
      q: q.q || undefined,
      createdFrom: q.createdFrom ? shanghaiDayEnd(addDays(q.createdFrom, -1)) : undefined,
      createdTo: q.createdTo ? shanghaiDayEnd(q.createdTo) : undefined,
    },
    { offset: (q.page - 1) * q.pageSize, limit: q.pageSize, sort: q.sort, order: q.order },
  );
  return { items: items.map((r) => toSummary(r, nowIso)), total, page: q.page, pageSize: q.pageSize };
}

export async function getTicket(deps: Deps, ctx: Ctx, id: number): Promise<TicketDetail> {
  return detailOf(deps.db, deps, ctx, id);
}

// Changing ------------------------------------------------------------------------------------

export async function updateTicket(deps: Deps, ctx: Ctx, id: number, body: UpdateTicketBody): Promise<TicketDetail> {
  return deps.db.transaction().execute(async (trx) => {
    const { row, resource } = await loadVisible(trx, ctx, id);
    if (!can(ctx.actor, 'ticket.handle', resource)) throw forbidden();
    assertOpenForChange(row);
    if (row.version !== body.version) throw versionConflict(row.version);
    const now = deps.clock.now();
    const changes: repo.TicketChanges = { updated_at: now.toISOString() };
    if (body.title !== undefined) changes.title = body.title;
    if (body.description !== undefined) changes.description = body.description;
    if (body.category !== undefined) changes.category = body.category;
    if (body.priority !== undefined && body.priority !== row.priority) {
      changes.priority = body.priority;
      const cal = await loadCalendar(trx);
      const d = deadlinesFor(cal, new Date(row.created_at), await slaFor(trx, row.alliance_id, body.priority));
      changes.response_due_at = d.responseDueAt;
      // Days already spent waiting (pending) still do not count against the new period.
      if (row.decision_id === null) changes.resolve_due_at = extendDeadline(cal, d.resolveDueAt, row.paused_workdays);
    }
    if (!(await repo.updateTicket(trx, id, body.version, changes))) throw versionConflict(row.version + 1);
    const fields = Object.keys(body).filter((k) => k !== 'version');
    await repo.insertEvent(trx, { ticket_id: id, kind: 'edit', visibility: 'internal', actor_user_id: ctx.actor.userId, data: { fields, priority: changes.priority ?? null }, created_at: now.toISOString() });
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'ticket.update', targetType: 'ticket', targetId: id, detail: { fields, fromVersion: body.version } });
    return detailOf(trx, deps, ctx, id);
  });
}

/**
 * Closes a parent whose sub-tickets are all closed, and so on up the tree: the one transition
 * the system takes by itself.
 */
async function closeParentIfDone(trx: Trx, outbox: Outbox, parentId: number, at: Date): Promise<void> {
  const parent = await repo.findSummary(trx, parentId);
  if (!parent || parent.status === 'closed' || (await repo.countOpenChildren(trx, parentId)) > 0) return;
  const full = (await repo.findTicket(trx, parent.alliance_id, parentId))!;
  const iso = at.toISOString();
  await repo.setTicketFields(trx, parentId, { status: 'closed', closed_at: iso, resolved_at: full.resolved_at ?? iso, updated_at: iso });
  await repo.insertEvent(trx, { ticket_id: parentId, kind: 'status', visibility: 'public', actor_user_id: null, from_status: parent.status, to_status: 'closed', data: { reason: 'children_closed' }, created_at: iso });
  await recordAudit(trx, { actorUserId: null, allianceId: parent.alliance_id, action: 'ticket.auto_close', targetType: 'ticket', targetId: parentId, requestId: null, at, detail: { reason: 'children_closed' } });
  await notify(trx, outbox, null, at, parent.alliance_id, 'ticket.status_changed', await enterpriseSide(trx, full), { ...ticketPayload(full), from: parent.status, to: 'closed' });
  if (full.parent_id !== null) await closeParentIfDone(trx, outbox, full.parent_id, at);
}

/** Moves a ticket along the state machine (see `ticket-state.ts`). */
export async function transition(deps: Deps, ctx: Ctx, id: number, body: TransitionBody): Promise<TicketDetail> {
  return notifyingTransaction(deps, async (trx, outbox) => {
    const l = await loadVisible(trx, ctx, id);
    const { row } = l;
    const from = row.status as TicketStatus;
    const to = body.to;
    assertTransition(from, to);
    if (!mayTransition(ctx, l, to)) throw forbidden();
    if (row.version !== body.version) throw versionConflict(row.version);
    if (needsNote(from, to) && !body.note) throw new AppError('validation_failed', {}, [{ path: 'note', code: 'required' }]);
    if ((to === 'resolved' || to === 'closed') && (await repo.countOpenChildren(trx, id)) > 0) throw new AppError('children_open');
    const rating = body.satisfaction;
    if (rating && !(from === 'resolved' && to === 'closed' && isOwner(ctx, row))) throw new AppError('rating_not_allowed');

    const now = deps.clock.now();
    const at = now.toISOString();
    const changes: repo.TicketChanges = { status: to, updated_at: at };
    if (to === 'accepted' && row.first_response_at === null) changes.first_response_at = at;
    // The working-day clock stops while pending and the deadline moves by the days waited.
    let pause: { pausedWorkdays: number; resolveDueAt: string } | undefined;
    if (to === 'pending') changes.paused_at = at;
    if (from === 'pending') {
      const cal = await loadCalendar(trx);
      const waited = row.paused_at ? pausedWorkdays(cal, new Date(row.paused_at), now) : 0;
      const resolveDueAt = extendDeadline(cal, row.resolve_due_at, waited);
      pause = { pausedWorkdays: waited, resolveDueAt };
      Object.assign(changes, { paused_at: null, paused_workdays: row.paused_workdays + waited, resolve_due_at: resolveDueAt });
      // A deadline moved out of the warning window earns a fresh warning when it comes near.
      if (waited > 0) changes.warned_at = null;
    }
    if (to === 'resolved') changes.resolved_at = at;
    if (from === 'resolved' && to === 'in_progress') changes.resolved_at = null;
    if (to === 'closed') changes.closed_at = at;
    if (rating) Object.assign(changes, { satisfaction: rating.score, satisfaction_comment: rating.comment, rated_at: at });
    if (!(await repo.updateTicket(trx, id, body.version, changes))) throw versionConflict(row.version + 1);
    await repo.insertEvent(trx, { ticket_id: id, kind: 'status', visibility: 'public', actor_user_id: ctx.actor.userId, from_status: from, to_status: to, body: body.note, ...(pause ? { data: pause } : {}), created_at: at });
    if (rating) await repo.insertEvent(trx, { ticket_id: id, kind: 'rating', visibility: 'public', actor_user_id: ctx.actor.userId, body: rating.comment, data: { score: rating.score }, created_at: at });
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'ticket.transition', targetType: 'ticket', targetId: id, detail: { from, to, ...(rating ? { satisfaction: rating.score } : {}), ...(pause ?? {}) } });
    const recipients = [...(await enterpriseSide(trx, row)), ...(await handlerSide(trx, row, l.handlers))];
    await notify(trx, outbox, ctx, now, row.alliance_id, 'ticket.status_changed', recipients, { ...ticketPayload(row), from, to });
    if (to === 'closed' && row.parent_id !== null) await closeParentIfDone(trx, outbox, row.parent_id, now);
    return detailOf(trx, deps, ctx, id);
  });
}

/** Hands the lead to another working group and/or person, with a reason. */
export async function transfer(deps: Deps, ctx: Ctx, id: number, body: TransferBody): Promise<TicketDetail> {
  return notifyingTransaction(deps, async (trx, outbox) => {
    const { row, resource } = await loadVisible(trx, ctx, id);
    if (!can(ctx.actor, 'ticket.handle', resource)) throw forbidden();
    assertOpenForChange(row);
    if (row.version !== body.version) throw versionConflict(row.version);
    if (body.toUserId !== null && !(await repo.staffOfAlliance(trx, row.alliance_id, [body.toUserId])).has(body.toUserId)) {
      throw new AppError('validation_failed', {}, [{ path: 'toUserId', code: 'not_staff' }]);
    }
    const now = deps.clock.now();
    const at = now.toISOString();
    const leadGroup = body.toGroup ?? row.lead_group;
    const leadUser = body.toUserId;
    if (!(await repo.updateTicket(trx, id, body.version, { lead_group: leadGroup, lead_user_id: leadUser, updated_at: at }))) throw versionConflict(row.version + 1);
    const data = { fromGroup: row.lead_group, toGroup: leadGroup, fromUserId: row.lead_user_id, toUserId: leadUser };
    await repo.insertEvent(trx, { ticket_id: id, kind: 'transfer', visibility: body.visibility, actor_user_id: ctx.actor.userId, body: body.reason, data, created_at: at });
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'ticket.transfer', targetType: 'ticket', targetId: id, detail: { ...data, reason: body.reason } });
    const toName = leadUser === null ? null : ((await repo.userNames(trx, [leadUser]))[0]?.display_name ?? null);
    const recipients = leadUser !== null ? [leadUser] : await repo.groupMembers(trx, row.alliance_id, leadGroup ? [leadGroup] : []);
    await notify(trx, outbox, ctx, now, row.alliance_id, 'ticket.transferred', recipients, { ...ticketPayload(row), group: leadGroup, user: toName, reason: body.reason });
    return detailOf(trx, deps, ctx, id);
  });
}

/** Replaces the co-handlers: working groups, member enterprises, people. */
export async function putHandlers(deps: Deps, ctx: Ctx, id: number, body: PutHandlersBody): Promise<TicketDetail> {
  return notifyingTransaction(deps, async (trx, outbox) => {
    const { row, resource, handlers: before } = await loadVisible(trx, ctx, id);
    if (!can(ctx.actor, 'ticket.handle', resource)) throw forbidden();
    assertOpenForChange(row);
    if (row.version !== body.version) throw versionConflict(row.version);
    const keyOf = (h: PutHandlersBody['handlers'][number]) => (h.kind === 'group' ? `g:${h.workingGroup}` : h.kind === 'enterprise' ? `e:${h.enterpriseId}` : `u:${h.userId}`);
    const keys = body.handlers.map(keyOf);
    const errors = keys.flatMap((k, i) => (keys.indexOf(k) !== i ? [{ path: `handlers.${i}`, code: 'duplicate_entry' }] : []));
    const enterpriseIds = body.handlers.flatMap((h) => (h.kind === 'enterprise' ? [h.enterpriseId] : []));
    const userIds = body.handlers.flatMap((h) => (h.kind === 'user' ? [h.userId] : []));
    const members = await repo.membersOf(trx, row.alliance_id, enterpriseIds);
    const staff = await repo.staffOfAlliance(trx, row.alliance_id, userIds);
    body.handlers.forEach((h, i) => {
      if (h.kind === 'enterprise' && !members.has(h.enterpriseId)) errors.push({ path: `handlers.${i}.enterpriseId`, code: 'not_a_member' });
      // The filing enterprise already takes part; it is not its own co-handler.
      if (h.kind === 'enterprise' && h.enterpriseId === row.enterprise_id) errors.push({ path: `handlers.${i}.enterpriseId`, code: 'duplicate_entry' });
      if (h.kind === 'user' && !staff.has(h.userId)) errors.push({ path: `handlers.${i}.userId`, code: 'not_staff' });
    });
    if (errors.length) throw new AppError('validation_failed', {}, errors);
    const now = deps.clock.now();
    const at = now.toISOString();
    if (!(await repo.updateTicket(trx, id, body.version, { updated_at: at }))) throw versionConflict(row.version + 1);
    await repo.replaceHandlers(
      trx, id,
      body.handlers.map((h) => ({ kind: h.kind, working_group: h.kind === 'group' ? h.workingGroup : null, enterprise_id: h.kind === 'enterprise' ? h.enterpriseId : null, user_id: h.kind === 'user' ? h.userId : null })),
      ctx.actor.userId, at,
    );
    await repo.insertEvent(trx, { ticket_id: id, kind: 'handlers', visibility: 'internal', actor_user_id: ctx.actor.userId, data: { handlers: keys }, created_at: at });
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'ticket.handlers', targetType: 'ticket', targetId: id, detail: { handlers: keys } });
    const had = new Set(before.map((h) => (h.kind === 'group' ? `g:${h.working_group}` : h.kind === 'enterprise' ? `e:${h.enterprise_id}` : `u:${h.user_id}`)));
    const added = body.handlers.filter((h) => !had.has(keyOf(h)));
    const recipients = [
      ...added.flatMap((h) => (h.kind === 'user' ? [h.userId] : [])),
      ...(await repo.groupMembers(trx, row.alliance_id, added.flatMap((h) => (h.kind === 'group' ? [h.workingGroup] : [])))),
      ...(await repo.enterpriseUsers(trx, added.flatMap((h) => (h.kind === 'enterprise' ? [h.enterpriseId] : [])))),
    ];
    await notify(trx, outbox, ctx, now, row.alliance_id, 'ticket.assigned', recipients, ticketPayload(row));
    return detailOf(trx, deps, ctx, id);
  });
}

/**
 * Adds a comment. Public comments reach the enterprise; internal ones only handlers, and an
 * enterprise account cannot write one. A handler's first public answer counts as the first
 * response.
 */
export async function addComment(trx: Trx, deps: Deps, ctx: Ctx, outbox: Outbox, id: number, body: CommentBody): Promise<Created<TicketEvent, 201>> {
  const l = await loadVisible(trx, ctx, id);
  const { row } = l;
  if (body.visibility === 'internal' && !seesInternal(ctx)) throw forbidden();
  const now = deps.clock.now();
  const at = now.toISOString();
  const eventId = await repo.insertEvent(trx, { ticket_id: id, kind: 'comment', visibility: body.visibility, actor_user_id: ctx.actor.userId, body: body.body, created_at: at });
  if (body.visibility === 'public' && seesInternal(ctx) && !isOwner(ctx, row)) await repo.setFirstResponse(trx, id, at);
  await repo.touchTicket(trx, id, at);
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'ticket.comment', targetType: 'ticket', targetId: id, detail: { eventId, visibility: body.visibility } });
  const recipients = [...(body.visibility === 'public' ? await enterpriseSide(trx, row) : []), ...(await handlerSide(trx, row, l.handlers))];
  await notify(trx, outbox, ctx, now, row.alliance_id, 'ticket.commented', recipients, { ...ticketPayload(row), excerpt: body.body.slice(0, 80), visibility: body.visibility });
  return { status: 201, body: toEvent(await repo.findEvent(trx, eventId)) };
}

/** Splits an accepted or in-progress ticket into sub-tickets (which start accepted). */
export async function split(trx: Trx, deps: Deps, ctx: Ctx, outbox: Outbox, id: number, body: SplitBody): Promise<Created<TicketDetail, 201>> {
  const { row, resource } = await loadVisible(trx, ctx, id);
  if (!can(ctx.actor, 'ticket.handle', resource)) throw forbidden();
  if (row.status !== 'accepted' && row.status !== 'in_progress') throw new AppError('cannot_split', { status: row.status });
  if (row.version !== body.version) throw versionConflict(row.version);
  const now = deps.clock.now();
  const at = now.toISOString();
  const ids: number[] = [];
  for (const c of body.children) {
    ids.push(
      await insertTicket(trx, {
        allianceId: row.alliance_id, enterpriseId: row.enterprise_id, parentId: id, category: c.category, priority: c.priority, title: c.title, description: c.description,
        source: row.source as NewTicket['source'], sourceRef: `split:${id}`, createdBy: ctx.actor.userId, at: now, status: 'accepted', leadGroup: c.leadGroup,
      }),
    );
  }
  const changes: repo.TicketChanges = { updated_at: at, ...(row.status === 'accepted' ? { status: 'in_progress' } : {}) };
  if (!(await repo.updateTicket(trx, id, body.version, changes))) throw versionConflict(row.version + 1);
  if (row.status === 'accepted') await repo.insertEvent(trx, { ticket_id: id, kind: 'status', visibility: 'public', actor_user_id: ctx.actor.userId, from_status: 'accepted', to_status: 'in_progress', created_at: at });
  await repo.insertEvent(trx, { ticket_id: id, kind: 'split', visibility: 'public', actor_user_id: ctx.actor.userId, data: { children: ids }, created_at: at });
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'ticket.split', targetType: 'ticket', targetId: id, detail: { children: ids } });
  for (const childId of ids) await notifyFiled(trx, outbox, ctx, now, childId);
  return { status: 201, body: await detailOf(trx, deps, ctx, id) };
}

/** 好差评: the enterprise rates a closed ticket once, 1–5 with a comment. */
export async function rate(trx: Trx, deps: Deps, ctx: Ctx, id: number, body: SatisfactionBody): Promise<Created<TicketDetail, 201>> {
  const { row } = await loadVisible(trx, ctx, id);
  if (!isOwner(ctx, row)) throw forbidden();
  if (row.status !== 'closed') throw new AppError('rating_not_allowed');
  if (row.satisfaction !== null) throw new AppError('already_rated');
  const now = deps.clock.now();
  const at = now.toISOString();
  await repo.setTicketFields(trx, id, { satisfaction: body.score, satisfaction_comment: body.comment, rated_at: at, updated_at: at });
  await repo.insertEvent(trx, { ticket_id: id, kind: 'rating', visibility: 'public', actor_user_id: ctx.actor.userId, body: body.comment, data: { score: body.score }, created_at: at });
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'ticket.rate', targetType: 'ticket', targetId: id, detail: { score: body.score } });
  return { status: 201, body: await detailOf(trx, deps, ctx, id) };
}

/** The city's supervision list (督办): every alliance's open tickets at escalation level 3. */
export async function listSupervision(deps: Deps, q: SupervisionQuery) {
  const [rows, count] = await repo.supervisedTickets(deps.db, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize }, q.allianceId);
  const now = deps.clock.now().toISOString();
  return {
    items: rows.map((r) => ({ ...toSummary(r, now), alliance: { id: r.alliance_id, name: r.alliance_name }, escalatedAt: r.escalated_at })),
    total: Number(count.n),
    page: q.page,
    pageSize: q.pageSize,
  };
}
