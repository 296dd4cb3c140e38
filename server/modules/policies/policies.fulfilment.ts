/**
 * Policy fulfilment (政策兑现): the life of one firm's application for a policy's benefit, and
 * its working-day deadlines. Pure: no I/O.
 *
 * preparing → submitted → approved | rejected; approved → disbursed. Nothing else moves, and
 * rejected and disbursed are final. Each open stage has a deadline counted in working days
 * (domain/workdays.ts convention: from the day the stage began, that day not counted):
 * preparing — submit within {@link STAGE_WORKDAYS}.preparing; submitted — a decision within
 * …submitted; approved — the money paid within …approved. A reminder goes out once per stage,
 * from the working day before its due date on (so also when it is already overdue).
 */
import type { WorkdayCalendar } from '../../domain/workdays';

export const APPLICATION_STATUSES = ['preparing', 'submitted', 'approved', 'rejected', 'disbursed'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const APPLICATION_TRANSITIONS: Readonly<Record<ApplicationStatus, readonly ApplicationStatus[]>> = {
  preparing: ['submitted'],
  submitted: ['approved', 'rejected'],
  approved: ['disbursed'],
  rejected: [],
  disbursed: [],
};

/** Working days each open stage may last. */
export const STAGE_WORKDAYS = { preparing: 10, submitted: 15, approved: 10 } as const;

export function canMove(from: ApplicationStatus, to: ApplicationStatus): boolean {
  return APPLICATION_TRANSITIONS[from].includes(to);
}

/** The due date of a stage that began on `startedOn` (null for the final stages). */
export function stageDueOn(cal: WorkdayCalendar, status: ApplicationStatus, startedOn: string): string | null {
  if (status === 'rejected' || status === 'disbursed') return null;
  return cal.addWorkdays(startedOn, STAGE_WORKDAYS[status]);
}

/** Whether a stage due on `dueOn` is to be reminded on `today`: due today or the next working day, or overdue. */
export function reminderDue(cal: WorkdayCalendar, dueOn: string, today: string): boolean {
  return dueOn <= cal.nextWorkday(today);
}

/** Whether the deadline has passed (the due date is over). */
export function isOverdue(dueOn: string | null, today: string): boolean {
  return dueOn !== null && dueOn < today;
}
