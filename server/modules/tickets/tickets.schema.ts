/** Request and response schemas of problem handling (问题收集帮办), one per endpoint. */
import { z } from 'zod';
import { WORKING_GROUPS } from '../../core/auth/roles';
import { Id, IdText, intText, isoDate, pageOf, Paging, sortOrder, Version } from '../../core/http/common-schema';
import { BLOCKER_CATEGORIES } from '../reports/reports.schema';
import { PRIORITIES } from './sla';
import { TICKET_STATUSES } from './ticket-state';

/** The eight blocker categories of the daily report, plus `other`. */
/** `prevention`: a failed item of a prevention self-inspection (防控自查), opened by the system. */
export const TICKET_CATEGORIES = [...BLOCKER_CATEGORIES, 'prevention', 'other'] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];
/** `chain`: filed from a chain-break analysis (a forecast break or a help-priority row). */
export const TICKET_SOURCES = ['enterprise', 'commissioner', 'report', 'meeting', 'chain'] as const;
export const VISIBILITIES = ['public', 'internal'] as const;
export const QUEUES = ['mine', 'group', 'unassigned', 'due_soon', 'overdue'] as const;
export const EVENT_KINDS = ['created', 'status', 'transfer', 'comment', 'escalation', 'warning', 'attachment', 'handlers', 'split', 'rating', 'edit', 'consultation'] as const;

const Title = z.string().trim().min(2).max(120);
const Description = z.string().trim().max(5000).default('');
const UserRef = z.object({ id: z.number().int(), displayName: z.string() });

export const CreateTicketBody = z.object({
  enterpriseId: Id,
  category: z.enum(TICKET_CATEGORIES),
  priority: z.enum(PRIORITIES).default('normal'),
  title: Title,
  description: Description,
});
export type CreateTicketBody = z.infer<typeof CreateTicketBody>;

export const UpdateTicketBody = z.object({
  title: Title.optional(),
  description: z.string().trim().max(5000).optional(),
  category: z.enum(TICKET_CATEGORIES).optional(),
  /** Changing the priority recomputes both deadlines from the filing time. */
  priority: z.enum(PRIORITIES).optional(),
  version: Version,
});
export type UpdateTicketBody = z.infer<typeof UpdateTicketBody>;

export const TicketSummary = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  enterprise: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  category: z.enum(TICKET_CATEGORIES),
  priority: z.enum(PRIORITIES),
  title: z.string(),
  status: z.enum(TICKET_STATUSES),
  leadGroup: z.enum(WORKING_GROUPS).nullable(),
  leadUser: UserRef.nullable(),
  source: z.enum(TICKET_SOURCES),
  responseDueAt: z.string(),
  resolveDueAt: z.string(),
  firstResponseAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** On the clock (submitted, accepted, in progress — not pending) and past its resolve deadline. */
  overdue: z.boolean(),
  /** 0 none, 1 the group lead, 2 the joint meeting, 3 the city (督办). */
  escalationLevel: z.number().int().min(0).max(3),
  /** While pending: when the clock stopped. */
  pausedAt: z.string().nullable(),
  /** Working days spent pending so far (the resolve deadline moved by them). */
  pausedWorkdays: z.number().int(),
  satisfaction: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type TicketSummary = z.infer<typeof TicketSummary>;

export const HandlerRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('group'), workingGroup: z.enum(WORKING_GROUPS) }),
  z.object({ kind: z.literal('enterprise'), enterpriseId: Id }),
  z.object({ kind: z.literal('user'), userId: Id }),
]);
export type HandlerRef = z.infer<typeof HandlerRef>;

export const HandlerResponse = z.object({
  kind: z.enum(['group', 'enterprise', 'user']),
  workingGroup: z.enum(WORKING_GROUPS).nullable(),
  enterprise: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  user: UserRef.nullable(),
});

export const TicketEvent = z.object({
  id: z.number().int(),
  kind: z.enum(EVENT_KINDS),
  visibility: z.enum(VISIBILITIES),
  actor: UserRef.nullable(),
  fromStatus: z.enum(TICKET_STATUSES).nullable(),
  toStatus: z.enum(TICKET_STATUSES).nullable(),
  body: z.string(),
  /** Kind-specific details: transfer targets, escalation level, attachment id, children… */
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type TicketEvent = z.infer<typeof TicketEvent>;

export const AttachmentResponse = z.object({
  id: z.number().int(),
  ticketId: z.number().int(),
  name: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  visibility: z.enum(VISIBILITIES),
  uploadedBy: UserRef.nullable(),
  createdAt: z.string(),
  /** Where to download it (same session). */
  url: z.string(),
});
export type AttachmentResponse = z.infer<typeof AttachmentResponse>;

export const TicketDetail = TicketSummary.extend({
  description: z.string(),
  sourceRef: z.string().nullable(),
  createdBy: UserRef.nullable(),
  satisfactionComment: z.string().nullable(),
  ratedAt: z.string().nullable(),
  handlers: z.array(HandlerResponse),
  parent: TicketSummary.nullable(),
  children: z.array(TicketSummary),
  /** Timeline, oldest first; internal entries only for handlers. */
  events: z.array(TicketEvent),
  attachments: z.array(AttachmentResponse),
  /** What the caller may do now: legal transitions they may take, and whether they handle it. */
  can: z.object({ handle: z.boolean(), transitions: z.array(z.enum(TICKET_STATUSES)), rate: z.boolean(), commentInternal: z.boolean() }),
});
export type TicketDetail = z.infer<typeof TicketDetail>;

/** `priority` sorts urgent → low with `order=desc`. */
export const TICKET_SORTS = ['createdAt', 'updatedAt', 'priority', 'resolveDueAt', 'id'] as const;

export const ListTicketsQuery = Paging.extend({
  /**
   * Work queues: `mine` (I lead or co-handle it), `group` (my working groups lead or co-handle
   * it), `unassigned` (no lead group nor lead user), `due_soon` (open, due by the end of the
   * next working day), `overdue` (open, past the resolve deadline).
   */
  queue: z.enum(QUEUES).optional(),
  status: z.enum(TICKET_STATUSES).optional(),
  /** `true`: submitted, accepted or in progress. */
  open: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  category: z.enum(TICKET_CATEGORIES).optional(),
  priority: z.enum(PRIORITIES).optional(),
  enterpriseId: IdText.optional(),
  leadGroup: z.enum([...WORKING_GROUPS, 'none']).optional(),
  source: z.enum(TICKET_SOURCES).optional(),
  /** Minimum escalation level (1 or 2). */
  escalation: intText(1, 2).optional(),
  parentId: IdText.optional(),
  /** Words in the title or description, or `#123` for a ticket number. */
  q: z.string().trim().max(100).optional(),
  createdFrom: isoDate.optional(),
  createdTo: isoDate.optional(),
  sort: z.enum(TICKET_SORTS).default('createdAt'),
  order: sortOrder.default('desc'),
});
export type ListTicketsQuery = z.infer<typeof ListTicketsQuery>;
export const TicketPage = pageOf(TicketSummary);

export const TransitionBody = z.object({
  to: z.enum(TICKET_STATUSES),
  version: Version,
  /** Resolution, reason to reopen, or reason to refuse/withdraw (required for those). */
  note: z.string().trim().max(2000).default(''),
  /** The enterprise may rate when it closes a resolved ticket. */
  satisfaction: z.object({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(500).default('') }).optional(),
});
export type TransitionBody = z.infer<typeof TransitionBody>;

export const TransferBody = z
  .object({
    toGroup: z.enum(WORKING_GROUPS).nullable().default(null),
    toUserId: Id.nullable().default(null),
    reason: z.string().trim().min(2).max(1000),
    /** Whether the enterprise sees the transfer and its reason in the timeline. */
    visibility: z.enum(VISIBILITIES).default('public'),
    version: Version,
  })
  .refine((b) => b.toGroup !== null || b.toUserId !== null, { message: 'required', params: { code: 'required' }, path: ['toGroup'] });
export type TransferBody = z.infer<typeof TransferBody>;

export const PutHandlersBody = z.object({ handlers: z.array(HandlerRef).max(20), version: Version });
export type PutHandlersBody = z.infer<typeof PutHandlersBody>;

export const CommentBody = z.object({ body: z.string().trim().min(1).max(5000), visibility: z.enum(VISIBILITIES).default('public') });
export type CommentBody = z.infer<typeof CommentBody>;

export const SplitBody = z.object({
  children: z
    .array(
      z.object({
        title: Title,
        description: Description,
        category: z.enum(TICKET_CATEGORIES),
        priority: z.enum(PRIORITIES).default('normal'),
        /** Default: the routing rule of the category. */
        leadGroup: z.enum(WORKING_GROUPS).nullable().optional(),
      }),
    )
    .min(1)
    .max(10),
  version: Version,
});
export type SplitBody = z.infer<typeof SplitBody>;

export const SatisfactionBody = z.object({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(500).default('') });
export type SatisfactionBody = z.infer<typeof SatisfactionBody>;

export const AttachmentParams = z.object({ id: IdText, attachmentId: IdText });
export const UploadQuery = z.object({ visibility: z.enum(VISIBILITIES).default('public') });

// Proposals from daily reports ---------------------------------------------------------------

export const Proposal = z.object({
  enterprise: z.object({ id: z.number().int(), name: z.string() }),
  category: z.enum(BLOCKER_CATEGORIES),
  /** The two consecutive report dates that both listed the blocker, latest first. */
  dates: z.array(z.string()),
  notes: z.array(z.string()),
  suggestedTitle: z.string(),
  suggestedPriority: z.enum(PRIORITIES),
});
export type Proposal = z.infer<typeof Proposal>;
/**
 * Proposals in firm name order, a page at a time ("load more"): `after` is the `next` of the
 * previous page (the last firm it covered); a page holds every proposal of its firms, at least
 * `limit` of them unless it is the last.
 */
export const ProposalsQuery = z.object({ enterpriseId: IdText.optional(), after: IdText.optional(), limit: intText(1, 200).default(50) });
export const ProposalList = z.object({
  items: z.array(Proposal),
  /** The `after` of the next page; null on the last page. */
  next: z.number().int().nullable(),
});

export const ConfirmProposalBody = z.object({
  enterpriseId: Id,
  category: z.enum(BLOCKER_CATEGORIES),
  priority: z.enum(PRIORITIES).optional(),
  title: Title.optional(),
  description: z.string().trim().max(5000).optional(),
});
export type ConfirmProposalBody = z.infer<typeof ConfirmProposalBody>;

export const DismissProposalBody = z.object({
  enterpriseId: Id,
  category: z.enum(BLOCKER_CATEGORIES),
  /** Why no ticket is needed (optional; kept in the audit log). */
  reason: z.string().trim().max(500).default(''),
});
export type DismissProposalBody = z.infer<typeof DismissProposalBody>;

/** A dismissed proposal: it stays away while the enterprise keeps reporting the blocker every day. */
export const ProposalDismissal = z.object({
  enterprise: z.object({ id: z.number().int(), name: z.string() }),
  category: z.enum(BLOCKER_CATEGORIES),
  dates: z.array(z.string()),
  reason: z.string(),
  dismissedAt: z.string(),
});
export type ProposalDismissal = z.infer<typeof ProposalDismissal>;

// Settings: routing rules and SLA policies ---------------------------------------------------

export const RoutingRule = z.object({ category: z.enum(TICKET_CATEGORIES), workingGroup: z.enum(WORKING_GROUPS).nullable() });
export const RoutingRulesResponse = z.object({
  /** One rule per category; `isDefault` when the alliance has not set it. */
  rules: z.array(RoutingRule.extend({ isDefault: z.boolean() })),
  version: z.number().int(),
});
export const PutRoutingRulesBody = z.object({ rules: z.array(RoutingRule).min(1).max(TICKET_CATEGORIES.length), version: Version });
export type PutRoutingRulesBody = z.infer<typeof PutRoutingRulesBody>;

export const SlaPolicyItem = z.object({ priority: z.enum(PRIORITIES), responseDays: z.number().int().min(0).max(30), resolveDays: z.number().int().min(0).max(90) });
export const SlaPoliciesResponse = z.object({ policies: z.array(SlaPolicyItem.extend({ isDefault: z.boolean() })), version: z.number().int() });
export const PutSlaPoliciesBody = z.object({ policies: z.array(SlaPolicyItem).min(1).max(PRIORITIES.length), version: Version });
export type PutSlaPoliciesBody = z.infer<typeof PutSlaPoliciesBody>;

// Figures -------------------------------------------------------------------------------------

export const FiguresQuery = z.object({
  /** Window (by filing date, Shanghai) for the SLA, timing and satisfaction figures; default the last 90 days. */
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export const FiguresResponse = z.object({
  from: z.string(),
  to: z.string(),
  /** Now: open tickets (submitted, accepted, in progress). */
  open: z.number().int(),
  overdue: z.number().int(),
  escalated: z.number().int(),
  openByGroup: z.array(z.object({ group: z.enum([...WORKING_GROUPS, 'unassigned']), count: z.number().int() })),
  openByCategory: z.array(z.object({ category: z.enum(TICKET_CATEGORIES), count: z.number().int() })),
  /** In the window. */
  filed: z.number().int(),
  resolved: z.number().int(),
  /** Share (0–1) of resolved tickets resolved by their deadline; null when none resolved. */
  slaCompliance: z.number().nullable(),
  /** Share (0–1) of responded tickets answered by their response deadline. */
  responseCompliance: z.number().nullable(),
  medianFirstResponseHours: z.number().nullable(),
  medianResolutionHours: z.number().nullable(),
  meanSatisfaction: z.number().nullable(),
  rated: z.number().int(),
  /** Satisfaction of the window's rated tickets by the working group that led them. */
  satisfactionByGroup: z.array(z.object({ group: z.enum([...WORKING_GROUPS, 'unassigned']), rated: z.number().int(), mean: z.number() })),
  /** … and by the person who led them (tickets with a lead handler only), best first. */
  satisfactionByHandler: z.array(z.object({ user: UserRef, rated: z.number().int(), mean: z.number() })),
});
export type FiguresResponse = z.infer<typeof FiguresResponse>;

export const SupervisionQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  allianceId: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
});
export type SupervisionQuery = z.infer<typeof SupervisionQuery>;

export const SupervisionPage = z.object({
  items: z.array(TicketSummary.extend({ alliance: z.object({ id: z.number().int(), name: z.string() }), escalatedAt: z.string().nullable() })),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
