/**
 * The life of a problem ticket (问题工单), as a state machine.
 *
 * ```
 *   submitted ──accept──▶ accepted ──start──▶ in_progress ──resolve──▶ resolved ──close──▶ closed
 *       │                                          ▲                      │
 *       │                                          └────────reopen────────┘
 *       └──close (withdrawn by the enterprise, or refused by a handler)────────────────▶ closed
 * ```
 *
 * - `submitted`: filed by the enterprise (or on its behalf) and routed to a working group.
 * - `accepted`: a handler took it on — the first response; the response deadline is met.
 * - `in_progress`: being worked on (also where a reopened ticket returns).
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

export const TICKET_STATUSES = ['submitted', 'accepted', 'in_progress', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses in which the ticket still waits for a handler (counted as open, can go overdue). */
export const OPEN_STATUSES: readonly TicketStatus[] = ['submitted', 'accepted', 'in_progress'];

export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  submitted: ['accepted', 'closed'],
  accepted: ['in_progress'],
  in_progress: ['resolved'],
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
 * after resolution).
 */
export function transitionParty(from: TicketStatus, to: TicketStatus): 'handler' | 'either' {
  return (from === 'submitted' && to === 'closed') || from === 'resolved' ? 'either' : 'handler';
}

/** Transitions that need a note: a resolution, a reason to reopen, a reason to refuse or withdraw. */
export function needsNote(from: TicketStatus, to: TicketStatus): boolean {
  return to === 'resolved' || (from === 'resolved' && to === 'in_progress') || (from === 'submitted' && to === 'closed');
}
