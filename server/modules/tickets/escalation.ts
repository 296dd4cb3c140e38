/**
 * Escalation of overdue tickets, following the SLA model of `sla.ts`. `runEscalations` looks at
 * every open ticket of every alliance at one instant and takes each step that is due:
 *
 * 1. warning — from the start of the due date: the handlers get `ticket.due_soon` (once);
 * 2. level 1 — the resolve deadline passed: the lead group's leader (the secretaries when the
 *    ticket has no group or the group no leader) and the lead handler get `ticket.escalated`;
 * 3. level 2 — more than two working days after the due date: the secretaries and the group
 *    leader are notified, and the ticket goes onto the agenda of the alliance's next scheduled
 *    joint meeting — or, when none is scheduled, is flagged for the next one created;
 * 4. level 3 — more than five working days after the due date: the city is notified (every
 *    platform admin, 督办) and the ticket is on the city's supervision list.
 *
 * A missed first response — still `submitted` after the response deadline — is escalated once
 * on its own: the group leader (or the secretaries) and the lead handler are told (the levels
 * above follow the resolve deadline). Pending tickets are off the clock and never escalate.
 *
 * Each step is a conditional update, so several server processes running the job at once
 * still take each step exactly once. The server runs it every minute; tests call it with a
 * moved clock. A ticket far past its deadline takes the steps it missed in one run.
 */
import { auditFrom, recordAudit } from '../../core/audit';
import type { Deps } from '../../core/context';
import type { Trx } from '../../core/db/database';
import { loadCalendar } from '../calendar/calendar.service';
import { raise } from '../notifications/notifications.service';
import { notifyingTransaction } from '../notifications/outbox';
import * as meetings from '../meetings/meetings.repository';
import { level2From, level3From } from './sla';
import * as repo from './tickets.repository';

export interface EscalationSummary {
  warned: number;
  /** Missed first responses escalated. */
  response: number;
  level1: number;
  level2: number;
  level3: number;
}

const DAY_MS = 86_400_000;
/** The note a level-2 ticket carries on the agenda (minutes are written in Chinese). */
export const LEVEL2_NOTE = '超期两个工作日以上，二级升级';
const system = { actor: null, requestId: null };

function payload(t: repo.EscalationCandidate, level?: number) {
  return { ticketId: t.id, title: t.title, enterprise: t.enterprise_name, group: t.lead_group, resolveDueAt: t.resolve_due_at, ...(level ? { level } : {}) };
}

async function handlers(trx: Trx, t: repo.EscalationCandidate): Promise<number[]> {
  if (t.lead_user_id !== null) return [t.lead_user_id];
  return t.lead_group ? repo.groupMembers(trx, t.alliance_id, [t.lead_group]) : repo.secretaries(trx, t.alliance_id);
}

async function groupLeadsOrSecretaries(trx: Trx, t: repo.EscalationCandidate): Promise<number[]> {
  const leads = t.lead_group ? await repo.groupLeads(trx, t.alliance_id, [t.lead_group]) : [];
  return leads.length ? leads : repo.secretaries(trx, t.alliance_id);
}

/** Puts a ticket on the next scheduled meeting's agenda; false when no meeting is scheduled. */
async function addToNextMeeting(trx: Trx, t: repo.EscalationCandidate, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const meeting = await meetings.nextScheduledMeeting(trx, t.alliance_id, at);
  if (!meeting) return false;
  if (await meetings.appendAgendaItem(trx, meeting.id, { kind: 'ticket', ref_id: t.id, title: t.title, note: LEVEL2_NOTE }, at)) await meetings.touchMeeting(trx, meeting.id, at);
  return true;
}

/** Takes every escalation step due at `now`; see the module comment. */
export async function runEscalations(deps: Deps, now: Date = deps.clock.now()): Promise<EscalationSummary> {
  const summary: EscalationSummary = { warned: 0, response: 0, level1: 0, level2: 0, level3: 0 };
  const at = now.toISOString();
  const cal = await loadCalendar(deps.db);

  // The warning window opens at the start of the due date, i.e. one day before the deadline.
  for (const t of await repo.openDueBefore(deps.db, new Date(now.getTime() + DAY_MS).toISOString(), 0)) {
    if (t.warned_at !== null || t.resolve_due_at <= at) continue;
    const done = await notifyingTransaction(deps, async (trx, outbox) => {
      if (!(await repo.markWarned(trx, t.id, at))) return false;
      await repo.insertEvent(trx, { ticket_id: t.id, kind: 'warning', visibility: 'internal', actor_user_id: null, data: { resolveDueAt: t.resolve_due_at }, created_at: at });
      await raise(trx, outbox, { allianceId: t.alliance_id, kind: 'ticket.due_soon', payload: payload(t), recipients: await handlers(trx, t), actorUserId: null, at: now });
      return true;
    });
    if (done) summary.warned += 1;
  }

  for (const t of await repo.unansweredDueBefore(deps.db, at)) {
    const done = await notifyingTransaction(deps, async (trx, outbox) => {
      if (!(await repo.markResponseEscalated(trx, t.id, at))) return false;
      await repo.insertEvent(trx, { ticket_id: t.id, kind: 'escalation', visibility: 'internal', actor_user_id: null, data: { reason: 'response', responseDueAt: t.response_due_at }, created_at: at });
      await recordAudit(trx, { ...auditFrom(system, now), allianceId: t.alliance_id, action: 'ticket.escalate', targetType: 'ticket', targetId: t.id, detail: { reason: 'response' } });
      const recipients = [...(await groupLeadsOrSecretaries(trx, t)), ...(t.lead_user_id !== null ? [t.lead_user_id] : [])];
      await raise(trx, outbox, { allianceId: t.alliance_id, kind: 'ticket.escalated', payload: { ...payload(t), reason: 'response', responseDueAt: t.response_due_at }, recipients, actorUserId: null, at: now });
      return true;
    });
    if (done) summary.response += 1;
  }

  for (const t of await repo.openDueBefore(deps.db, at, 0)) {
    const done = await notifyingTransaction(deps, async (trx, outbox) => {
      if (!(await repo.raiseLevel(trx, t.id, 0, at))) return false;
      await repo.insertEvent(trx, { ticket_id: t.id, kind: 'escalation', visibility: 'internal', actor_user_id: null, data: { level: 1, resolveDueAt: t.resolve_due_at }, created_at: at });
      await recordAudit(trx, { ...auditFrom(system, now), allianceId: t.alliance_id, action: 'ticket.escalate', targetType: 'ticket', targetId: t.id, detail: { level: 1 } });
      const recipients = [...(await groupLeadsOrSecretaries(trx, t)), ...(t.lead_user_id !== null ? [t.lead_user_id] : [])];
      await raise(trx, outbox, { allianceId: t.alliance_id, kind: 'ticket.escalated', payload: payload(t, 1), recipients, actorUserId: null, at: now });
      return true;
    });
    if (done) summary.level1 += 1;
  }

  for (const t of await repo.openDueBefore(deps.db, at, 1)) {
    if (at < level2From(cal, t.resolve_due_at)) continue;
    const done = await notifyingTransaction(deps, async (trx, outbox) => {
      if (!(await repo.raiseLevel(trx, t.id, 1, at))) return false;
      const onAgenda = await addToNextMeeting(trx, t, now);
      if (!onAgenda) await repo.setAgendaPending(trx, t.id, true);
      await repo.insertEvent(trx, { ticket_id: t.id, kind: 'escalation', visibility: 'internal', actor_user_id: null, data: { level: 2, resolveDueAt: t.resolve_due_at, onAgenda }, created_at: at });
      await recordAudit(trx, { ...auditFrom(system, now), allianceId: t.alliance_id, action: 'ticket.escalate', targetType: 'ticket', targetId: t.id, detail: { level: 2, onAgenda } });
      const recipients = [...(await repo.secretaries(trx, t.alliance_id)), ...(t.lead_group ? await repo.groupLeads(trx, t.alliance_id, [t.lead_group]) : [])];
      await raise(trx, outbox, { allianceId: t.alliance_id, kind: 'ticket.escalated', payload: payload(t, 2), recipients, actorUserId: null, at: now });
      return true;
    });
    if (done) summary.level2 += 1;
  }

  for (const t of await repo.openDueBefore(deps.db, at, 2)) {
    if (at < level3From(cal, t.resolve_due_at)) continue;
    const done = await notifyingTransaction(deps, async (trx, outbox) => {
      if (!(await repo.raiseLevel(trx, t.id, 2, at))) return false;
      await repo.insertEvent(trx, { ticket_id: t.id, kind: 'escalation', visibility: 'internal', actor_user_id: null, data: { level: 3, resolveDueAt: t.resolve_due_at }, created_at: at });
      await recordAudit(trx, { ...auditFrom(system, now), allianceId: t.alliance_id, action: 'ticket.escalate', targetType: 'ticket', targetId: t.id, detail: { level: 3 } });
      const recipients = [...(await repo.platformAdmins(trx)), ...(await repo.secretaries(trx, t.alliance_id))];
      await raise(trx, outbox, { allianceId: t.alliance_id, kind: 'ticket.escalated', payload: payload(t, 3), recipients, actorUserId: null, at: now });
      return true;
    });
    if (done) summary.level3 += 1;
  }
  return summary;
}
