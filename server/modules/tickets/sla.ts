/**
 * The service-level model of problem handling.
 *
 * Each alliance sets, per priority, two periods in working days (Asia/Shanghai calendar, with
 * official holidays and adjusted working days — see `domain/workdays.ts`):
 *
 * - response: a handler must accept the ticket (or answer it publicly) by the end of the
 *   `responseDays`-th working day after submission; 0 means "the same working day" (a ticket
 *   filed on a holiday or weekend counts as filed on the next working day);
 * - resolve: it must be resolved by the end of the `resolveDays`-th working day.
 *
 * Defaults: urgent 1, high 3, normal 5, low 10 working days to resolve; first response the same
 * working day for all. Deadlines are fixed when the ticket is filed (recomputed from the filing
 * time if its priority changes); a reopened ticket keeps its deadlines.
 *
 * Escalation runs on the resolve deadline D (the end of due date d):
 * - from the start of d (00:00 Shanghai), still open → one warning (`ticket.due_soon`);
 * - after D, still open → level 1, the lead working group's leader is notified;
 * - after the end of the 2nd working day after d, still open → level 2, the alliance
 *   secretaries are notified and the ticket goes onto the next joint meeting's agenda;
 * - after the end of the 5th working day after d, still open → level 3, the city (platform
 *   admins, 督办) is notified and the ticket is on the city's supervision list.
 * A first response missed (still `submitted` after the response deadline) escalates as well: the
 * group leader or the secretaries are told, once.
 *
 * A `pending` ticket (waiting for the enterprise or a third party) is off the clock: it is not
 * warned, overdue or escalated, and when it resumes its resolve deadline moves by the working
 * days it waited — the working days from the day it paused up to, not including, the day it
 * resumed (paused and resumed on one day: none).
 */
import { addDays, shanghaiDate, shanghaiDayEnd, type WorkdayCalendar } from '../../domain/workdays';

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface SlaPolicy {
  responseDays: number;
  resolveDays: number;
}

export const DEFAULT_SLA: Readonly<Record<Priority, SlaPolicy>> = {
  urgent: { responseDays: 0, resolveDays: 1 },
  high: { responseDays: 0, resolveDays: 3 },
  normal: { responseDays: 0, resolveDays: 5 },
  low: { responseDays: 0, resolveDays: 10 },
};

/** Working days past the due date before level 2. */
export const LEVEL2_EXTRA_WORKDAYS = 2;
/** Working days past the due date before level 3 (the city). */
export const LEVEL3_EXTRA_WORKDAYS = 5;

export interface Deadlines {
  responseDueAt: string;
  resolveDueAt: string;
}

/** The response and resolve deadlines (UTC ISO instants) of a ticket filed at `filedAt`. */
export function deadlinesFor(cal: WorkdayCalendar, filedAt: Date, policy: SlaPolicy): Deadlines {
  return {
    responseDueAt: cal.deadline(filedAt, policy.responseDays).endsAt,
    resolveDueAt: cal.deadline(filedAt, policy.resolveDays).endsAt,
  };
}

/** The Shanghai due date of a deadline instant (the day that ends at it). */
export function dueDateOf(deadline: string): string {
  return shanghaiDate(new Date(Date.parse(deadline) - 1));
}

/** When the warning starts: the beginning of the due date. */
export function warningFrom(resolveDueAt: string): string {
  return shanghaiDayEnd(addDays(dueDateOf(resolveDueAt), -1));
}

/** When level 2 starts: the end of the 2nd working day after the due date. */
export function level2From(cal: WorkdayCalendar, resolveDueAt: string): string {
  return shanghaiDayEnd(cal.addWorkdays(cal.nextWorkday(dueDateOf(resolveDueAt)), LEVEL2_EXTRA_WORKDAYS - 1));
}

/** When level 3 starts: the end of the 5th working day after the due date. */
export function level3From(cal: WorkdayCalendar, resolveDueAt: string): string {
  return shanghaiDayEnd(cal.addWorkdays(cal.nextWorkday(dueDateOf(resolveDueAt)), LEVEL3_EXTRA_WORKDAYS - 1));
}

/** Working days from the day a ticket paused up to, not including, the day it resumed. */
export function pausedWorkdays(cal: WorkdayCalendar, pausedAt: Date, resumedAt: Date): number {
  const from = shanghaiDate(pausedAt);
  const to = shanghaiDate(resumedAt);
  // Working days in [from, to) are those in the half-open (from − 1, to − 1].
  return to > from ? cal.workdaysBetween(addDays(from, -1), addDays(to, -1)) : 0;
}

/** The resolve deadline moved later by `workdays` working days (same end-of-day rule). */
export function extendDeadline(cal: WorkdayCalendar, resolveDueAt: string, workdays: number): string {
  if (workdays <= 0) return resolveDueAt;
  return shanghaiDayEnd(cal.addWorkdays(dueDateOf(resolveDueAt), workdays));
}

/** "Due soon" reaches up to the end of the next working day after today. */
export function dueSoonUntil(cal: WorkdayCalendar, now: Date): string {
  return shanghaiDayEnd(cal.nextWorkday(shanghaiDate(now)));
}
