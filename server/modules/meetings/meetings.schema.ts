/** Schemas of joint meetings (联席会议): schedule, agenda, minutes, decisions and action items. */
import { z } from 'zod';
import { Id, isoDate, pageOf, Paging, Version } from '../../core/http/common-schema';
import { PRIORITIES } from '../tickets/sla';
import { TICKET_CATEGORIES, TicketSummary } from '../tickets/tickets.schema';

export const MEETING_STATUSES = ['scheduled', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
/** `chain_break` (ref: the firm forecast to break) and `chain_priority` (ref: the firm to help first) come from a chain analysis. */
export const AGENDA_KINDS = ['ticket', 'risk', 'chain', 'action_review', 'free', 'chain_break', 'chain_priority'] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];

/** An instant with its offset, e.g. `2026-12-01T14:30:00+08:00`. */
const Instant = z.iso.datetime({ offset: true });
const UserRef = z.object({ id: z.number().int(), displayName: z.string() });

export const CreateMeetingBody = z.object({
  title: z.string().trim().min(2).max(120),
  scheduledAt: Instant,
  location: z.string().trim().max(200).default(''),
  attendeeIds: z.array(Id).max(200).default([]),
});
export type CreateMeetingBody = z.infer<typeof CreateMeetingBody>;

export const UpdateMeetingBody = z.object({
  title: z.string().trim().min(2).max(120).optional(),
  scheduledAt: Instant.optional(),
  location: z.string().trim().max(200).optional(),
  /** scheduled → held | cancelled. */
  status: z.enum(MEETING_STATUSES).optional(),
  attendeeIds: z.array(Id).max(200).optional(),
  version: Version,
});
export type UpdateMeetingBody = z.infer<typeof UpdateMeetingBody>;

export const AgendaItemResponse = z.object({
  id: z.number().int(),
  position: z.number().int(),
  kind: z.enum(AGENDA_KINDS),
  refId: z.number().int().nullable(),
  title: z.string(),
  note: z.string(),
  /** The chain analysis a chain_break / chain_priority item came from (null otherwise). */
  analysisId: z.string().nullable(),
  /** Current state of what the item refers to (ticket or risk); null for free items. */
  ref: z
    .object({
      status: z.string(),
      escalationLevel: z.number().int().nullable(),
      dueAt: z.string().nullable(),
      overdue: z.boolean(),
      score: z.number().int().nullable(),
    })
    .nullable(),
});
export type AgendaItemResponse = z.infer<typeof AgendaItemResponse>;

export const DecisionResponse = z.object({
  id: z.number().int(),
  text: z.string(),
  agendaItemId: z.number().int().nullable(),
  createdBy: UserRef.nullable(),
  createdAt: z.string(),
  /** Action items: tickets with source `meeting`, an owner and a deadline. */
  actionItems: z.array(TicketSummary),
});
export type DecisionResponse = z.infer<typeof DecisionResponse>;

export const MeetingSummary = z.object({
  id: z.number().int(),
  title: z.string(),
  scheduledAt: z.string(),
  location: z.string(),
  status: z.enum(MEETING_STATUSES),
  attendeeCount: z.number().int(),
  agendaCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type MeetingSummary = z.infer<typeof MeetingSummary>;

export const MeetingDetail = MeetingSummary.extend({
  attendees: z.array(UserRef),
  agenda: z.array(AgendaItemResponse),
  minutes: z.object({ body: z.string(), updatedBy: UserRef.nullable(), updatedAt: z.string(), version: z.number().int() }).nullable(),
  decisions: z.array(DecisionResponse),
});
export type MeetingDetail = z.infer<typeof MeetingDetail>;

export const ListMeetingsQuery = Paging.extend({
  status: z.enum(MEETING_STATUSES).optional(),
  /** Scheduled on or after this Shanghai date. */
  from: isoDate.optional(),
  /** Scheduled on or before this Shanghai date. */
  to: isoDate.optional(),
  /** `true`: only scheduled meetings from now on, soonest first. */
  upcoming: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export type ListMeetingsQuery = z.infer<typeof ListMeetingsQuery>;
export const MeetingPage = pageOf(MeetingSummary);

export const PutAgendaBody = z.object({
  /** The whole agenda in order: add, remove, reorder and annotate in one save. */
  items: z
    .array(
      z.object({
        kind: z.enum(AGENDA_KINDS),
        /** The ticket or risk (or chain analysis) the item is about; none for `free`. */
        refId: Id.nullable().default(null),
        /** Required for `free` items; defaults to the referenced record's title. */
        title: z.string().trim().max(200).default(''),
        note: z.string().trim().max(2000).default(''),
      }),
    )
    .max(100),
  version: Version,
});
export type PutAgendaBody = z.infer<typeof PutAgendaBody>;

export const BuildAgendaBody = z.object({ version: Version });

export const PutMinutesBody = z.object({
  body: z.string().max(100_000),
  /** The minutes' version the edit is based on; omit when writing the first version. */
  version: Version.optional(),
});
export type PutMinutesBody = z.infer<typeof PutMinutesBody>;

export const CreateDecisionBody = z.object({
  text: z.string().trim().min(2).max(2000),
  agendaItemId: Id.nullable().default(null),
  actionItems: z
    .array(
      z.object({
        title: z.string().trim().min(2).max(120),
        description: z.string().trim().max(5000).default(''),
        ownerUserId: Id,
        /** Last day to finish (Shanghai date). */
        dueDate: isoDate,
        enterpriseId: Id.nullable().default(null),
        category: z.enum(TICKET_CATEGORIES).default('other'),
        priority: z.enum(PRIORITIES).default('normal'),
      }),
    )
    .max(20)
    .default([]),
});
export type CreateDecisionBody = z.infer<typeof CreateDecisionBody>;
