/**
 * The life of a problem ticket (问题工单), as a state machine.
 *
 * ```
 *   submitted ──accept──▶ accepted ──start──▶ in_progress ──resolve──▶ resolved ──close──▶ closed
 *       │                    │                   ▲  │  ▲                   │
 *       │                    └──wait──▶ pending ─┘  │  └───────reopen──────┘
 *       │                                  ▲───wait─┘
 *       └──close (withdrawn by the enterprise, or refused by a handler)────────────────▶ closed
 * ```
 *
 * - `submitted`: filed by the enterprise (or on its behalf) and routed to a working group.
 * - `accepted`: a handler took it on — the first response; the response deadline is met.
 * - `in_progress`: being worked on (also where a reopened ticket returns).
 * - `pending`: waiting for the enterprise or a third party (a note says for what). The
 *   working-day clock stops: no warning or escalation while pending, and on resuming the
 *   resolve deadline moves by the working days spent waiting (`sla.ts`, `pausedWorkdays`).
 * - `resolved`: the handler says it is solved; the enterprise confirms (close, with a
 *   satisfaction rating) or disagrees (reopen, with a reason).
 * - `closed`: final. Nothing leaves it.
 *
 * Every other pair (including staying in the same state) is refused with `illegal_transition`.
 * Who may take a legal transition is {@link transitionParty}. One transition happens outside
 * this table: a parent ticket split into children closes by itself when its last child closes
 * (see the tickets service).
 */
import { AppError } from '../../core/errors';

export const TICKET_STATUSES = ['submitted', 'accepted', 'in_progress', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses of a ticket not yet resolved (counted as open). */
export const OPEN_STATUSES: readonly TicketStatus[] = ['submitted', 'accepted', 'in_progress', 'pending'];

/** Open statuses whose working-day clock runs: these can go overdue, be warned and escalate. */
export const CLOCK_STATUSES: readonly TicketStatus[] = ['submitted', 'accepted', 'in_progress'];

export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  submitted: ['accepted', 'closed'],
  accepted: ['in_progress', 'pending'],
  in_progress: ['pending', 'resolved'],
  pending: ['in_progress'],
  resolved: ['in_progress', 'closed'],
  closed: [],
};

export function isLegalTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Refuses an illegal transition with `illegal_transition` (409); the problem names both states. */
export function assertTransition(from: TicketStatus, to: TicketStatus): void {
  if (!isLegalTransition(from, to)) throw new AppError('illegal_transition', { from, to }, [], { from, to });
}

/**
 * Who may take a legal transition: `handler` — the ticket's handlers (and the secretary);
 * `either` — also the enterprise that filed it (withdraw before acceptance, confirm or reopen
 * after resolution, and answer what a pending ticket waits for, which resumes it).
 */
export function transitionParty(from: TicketStatus, to: TicketStatus): 'handler' | 'either' {
  return (from === 'submitted' && to === 'closed') || from === 'resolved' || from === 'pending' ? 'either' : 'handler';
}

/**
 * Transitions that need a note: a resolution, a reason to reopen, a reason to refuse or
 * withdraw, and what a pending ticket waits for.
 */
export function needsNote(from: TicketStatus, to: TicketStatus): boolean {
  return to === 'resolved' || to === 'pending' || (from === 'resolved' && to === 'in_progress') || (from === 'submitted' && to === 'closed');
}
