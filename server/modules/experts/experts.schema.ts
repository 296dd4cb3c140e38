/** Schemas of the volunteer-experts service (爱心科技人), one per endpoint. */
import { z } from 'zod';
import { isDistrictCode } from '../../domain/districts';
import { IdText, Paging, Version, intText, isoDate, pageOf } from '../../core/http/common-schema';
import { WEIGHTS } from './experts.ranking';

const Id = z.number().int().positive().max(2 ** 31 - 1);
const UserRef = z.object({ id: z.number().int(), displayName: z.string() });
const Division = z.string().regex(/^\d{2}$/, { message: 'invalid_division' });
const District = z.string().refine(isDistrictCode, { params: { code: 'invalid_district' }, message: 'invalid_district' });
const Weekday = z.number().int().min(0).max(6);

export const CONSULTATION_STATUSES = ['open', 'active', 'closed', 'cancelled'] as const;
export const ASSIGNMENT_STATUSES = ['proposed', 'accepted', 'declined', 'withdrawn'] as const;
export const VISIT_STATUSES = ['scheduled', 'checked_in', 'reported', 'cancelled'] as const;
export const FACTORS = Object.keys(WEIGHTS) as (keyof typeof WEIGHTS)[];

// Specialties -----------------------------------------------------------------------------------

export const SpecialtyResponse = z.object({
  id: z.number().int(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  keywords: z.string(),
  active: z.boolean(),
  version: z.number().int(),
});
export const SpecialtyList = z.object({ items: z.array(SpecialtyResponse) });
export const CreateSpecialtyBody = z.object({
  code: z.string().trim().regex(/^[a-z][a-z0-9_]{1,39}$/),
  nameZh: z.string().trim().min(1).max(40),
  nameEn: z.string().trim().min(1).max(80),
  keywords: z.string().trim().max(500).default(''),
});
export type CreateSpecialtyBody = z.infer<typeof CreateSpecialtyBody>;
export const UpdateSpecialtyBody = z.object({
  nameZh: z.string().trim().min(1).max(40).optional(),
  nameEn: z.string().trim().min(1).max(80).optional(),
  keywords: z.string().trim().max(500).optional(),
  active: z.boolean().optional(),
  version: Version,
});
export type UpdateSpecialtyBody = z.infer<typeof UpdateSpecialtyBody>;

// Experts ---------------------------------------------------------------------------------------

export const ExpertResponse = z.object({
  user: UserRef,
  bio: z.string(),
  specialties: z.array(z.object({ id: z.number().int(), code: z.string(), nameZh: z.string(), nameEn: z.string() })),
  /** Two-digit GB/T 4754 divisions. */
  industries: z.array(z.string()),
  districts: z.array(z.string()),
  /** 0 = Sunday … 6 = Saturday. */
  availability: z.array(z.number().int()),
  maxCases: z.number().int(),
  /** Open cases now (proposed or accepted, on consultations not closed). */
  load: z.number().int(),
  verified: z.boolean(),
  paused: z.boolean(),
  pastCases: z.string(),
  ratingAvg: z.number().nullable(),
  ratingCount: z.number().int(),
  version: z.number().int(),
});
export type ExpertResponse = z.infer<typeof ExpertResponse>;
export const ListExpertsQuery = Paging.extend({
  specialtyId: IdText.optional(),
  district: z.string().max(12).optional(),
  q: z.string().trim().max(100).optional(),
  available: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export type ListExpertsQuery = z.infer<typeof ListExpertsQuery>;
export const ExpertPage = pageOf(ExpertResponse);

const profileFields = {
  bio: z.string().trim().max(2000).optional(),
  specialtyIds: z.array(Id).max(20).optional(),
  industries: z.array(Division).max(20).optional(),
  districts: z.array(District).max(40).optional(),
  availability: z.array(Weekday).max(7).optional(),
  maxCases: z.number().int().min(0).max(20).optional(),
  paused: z.boolean().optional(),
  pastCases: z.string().trim().max(5000).optional(),
  version: Version,
};
/** What an expert edits of their own profile. */
export const UpdateOwnProfileBody = z.object(profileFields);
export type UpdateOwnProfileBody = z.infer<typeof UpdateOwnProfileBody>;
/** The platform admin may also verify. */
export const UpdateExpertBody = z.object({ ...profileFields, verified: z.boolean().optional() });
export type UpdateExpertBody = z.infer<typeof UpdateExpertBody>;

// Consultations ---------------------------------------------------------------------------------

export const CreateConsultationBody = z.object({
  ticketId: Id,
  machine: z.string().trim().max(200).default(''),
  symptoms: z.string().trim().max(5000).default(''),
  /** 2–3 for a joint visit. */
  expertsNeeded: z.number().int().min(1).max(3).default(1),
  specialtyId: Id.nullable().default(null),
});
export type CreateConsultationBody = z.infer<typeof CreateConsultationBody>;

export const AssignedExpert = z.object({
  user: UserRef,
  status: z.enum(ASSIGNMENT_STATUSES),
  score: z.number().int(),
  assignedAt: z.string(),
  respondedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
});

export const Outcome = z.object({
  /** Days compared on each side of the first reported visit. */
  days: z.number().int(),
  visitDate: z.string().nullable(),
  before: z.object({ capacityPct: z.number().nullable(), outputPct: z.number().nullable(), reports: z.number().int() }),
  after: z.object({ capacityPct: z.number().nullable(), outputPct: z.number().nullable(), reports: z.number().int() }),
  /** after − before, percentage points; null while a side has no reports. */
  capacityGain: z.number().nullable(),
  outputGain: z.number().nullable(),
  /** after / before; null while a side has no reports or before is 0. */
  capacityRatio: z.number().nullable(),
});
export type Outcome = z.infer<typeof Outcome>;

export const VisitResponse = z.object({
  id: z.number().int(),
  consultationId: z.number().int(),
  followUpOf: z.number().int().nullable(),
  visitDate: z.string(),
  status: z.enum(VISIT_STATUSES),
  note: z.string(),
  experts: z.array(z.object({ user: UserRef, checkedInAt: z.string().nullable() })),
  report: z.object({ findings: z.string(), actions: z.string(), partsNeeded: z.string(), followUps: z.string(), reportedBy: UserRef.nullable(), reportedAt: z.string() }).nullable(),
  enterprise: z.object({ id: z.number().int(), name: z.string() }),
  ticketTitle: z.string(),
  version: z.number().int(),
});
export type VisitResponse = z.infer<typeof VisitResponse>;

export const ConsultationSummary = z.object({
  id: z.number().int(),
  allianceId: z.number().int(),
  ticket: z.object({ id: z.number().int(), title: z.string(), category: z.string(), status: z.string() }),
  enterprise: z.object({ id: z.number().int(), name: z.string(), districtCode: z.string() }),
  specialtyId: z.number().int().nullable(),
  machine: z.string(),
  symptoms: z.string(),
  expertsNeeded: z.number().int(),
  status: z.enum(CONSULTATION_STATUSES),
  experts: z.array(AssignedExpert),
  /** Seats not yet taken by a proposed or accepted expert. */
  openSeats: z.number().int(),
  unread: z.number().int(),
  rating: z.number().int().nullable(),
  createdAt: z.string(),
  firstResponseAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
});
export type ConsultationSummary = z.infer<typeof ConsultationSummary>;

export const AttachmentRef = z.object({ id: z.number().int(), name: z.string(), mime: z.string(), size: z.number().int() });

export const ConsultationDetail = ConsultationSummary.extend({
  ticketDescription: z.string(),
  ratingComment: z.string().nullable(),
  visits: z.array(VisitResponse),
  outcome: Outcome,
  attachments: z.array(AttachmentRef),
  /** What the caller may do here (the web app shows buttons from it). */
  can: z.object({ assign: z.boolean(), respond: z.boolean(), message: z.boolean(), visit: z.boolean(), rate: z.boolean(), close: z.boolean() }),
});
export type ConsultationDetail = z.infer<typeof ConsultationDetail>;

export const ListConsultationsQuery = Paging.extend({
  status: z.enum(CONSULTATION_STATUSES).optional(),
  /** Experts: only cases still waiting for their answer. */
  awaiting: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export type ListConsultationsQuery = z.infer<typeof ListConsultationsQuery>;
export const ConsultationPage = pageOf(ConsultationSummary);

export const CandidateList = z.object({
  /** Open problems without a consultation; `proposed` for equipment and technical ones. */
  items: z.array(z.object({ ticketId: z.number().int(), title: z.string(), category: z.string(), enterprise: z.object({ id: z.number().int(), name: z.string() }), proposed: z.boolean(), createdAt: z.string() })),
});

export const RankingResponse = z.object({
  items: z.array(
    z.object({
      expert: ExpertResponse,
      score: z.number().int(),
      factors: z.record(z.string(), z.number()),
      textSimilarity: z.number(),
      matchedWords: z.array(z.string()),
      eligible: z.boolean(),
      ineligibleReason: z.enum(['paused', 'full']).nullable(),
      /** Already proposed, accepted or declined on this case. */
      assignment: z.enum(ASSIGNMENT_STATUSES).nullable(),
    }),
  ),
  weights: z.record(z.string(), z.number()),
});
export const RankingQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) });

/** Strict: every member is optional, so a misspelt one must not silently plan for everything. */
export const PlanBody = z.strictObject({
  /** Only these consultations (default: every open one of the alliance with open seats). */
  consultationIds: z.array(Id).min(1).max(500).optional(),
  /** Weekdays help is wanted on (0–6), for every request of the plan. */
  days: z.array(Weekday).min(1).max(7).optional(),
});
export type PlanBody = z.infer<typeof PlanBody>;
export const PlanResponse = z.object({
  items: z.array(z.object({ consultationId: z.number().int(), expertUserIds: z.array(z.number().int()), scores: z.array(z.number().int()), unfilled: z.number().int() })),
  objective: z.number(),
  totalFit: z.number().int(),
});

export const SetExpertsBody = z.object({
  /** The experts the case should have (proposed or accepted); others proposed are withdrawn. */
  expertUserIds: z.array(Id).max(3),
  version: Version,
});
export type SetExpertsBody = z.infer<typeof SetExpertsBody>;

export const RespondBody = z.object({ accept: z.boolean(), reason: z.string().trim().max(500).default('') });
export type RespondBody = z.infer<typeof RespondBody>;
export const RespondResponse = z.object({ status: z.enum(['accepted', 'declined']), consultation: ConsultationDetail.nullable() });

export const MessageResponse = z.object({
  id: z.number().int(),
  author: UserRef.nullable(),
  /** firm | expert | staff | system */
  side: z.enum(['firm', 'expert', 'staff', 'system']),
  body: z.string(),
  attachments: z.array(AttachmentRef),
  createdAt: z.string(),
});
export type MessageResponse = z.infer<typeof MessageResponse>;
export const MessagesQuery = z.object({ after: intText(0, Number.MAX_SAFE_INTEGER).default(0) });
/** The conversation's live stream takes no parameters (an unknown one is refused before the stream opens). */
export const ConversationStreamQuery = z.object({}).strict();
export const MessageList = z.object({
  items: z.array(MessageResponse),
  /** The last message each participant has read (read markers). */
  reads: z.array(z.object({ user: UserRef, lastReadMessageId: z.number().int() })),
});
export const PostMessageBody = z.object({
  body: z.string().trim().max(5000).default(''),
  /** Attachments uploaded to this consultation. */
  attachmentIds: z.array(Id).max(10).default([]),
});
export type PostMessageBody = z.infer<typeof PostMessageBody>;
export const MarkReadBody = z.object({ messageId: Id });
export const OkResponse = z.object({ ok: z.literal(true) });

export const ScheduleVisitBody = z.object({
  visitDate: isoDate,
  expertUserIds: z.array(Id).min(1).max(3),
  note: z.string().trim().max(1000).default(''),
  /** A follow-up of an earlier visit of the same consultation. */
  followUpOf: Id.nullable().default(null),
});
export type ScheduleVisitBody = z.infer<typeof ScheduleVisitBody>;
export const VisitReportBody = z.object({
  findings: z.string().trim().min(1).max(5000),
  actions: z.string().trim().max(5000).default(''),
  partsNeeded: z.string().trim().max(2000).default(''),
  followUps: z.string().trim().max(2000).default(''),
  version: Version,
});
export type VisitReportBody = z.infer<typeof VisitReportBody>;
export const VisitVersionBody = z.object({ version: Version });
export const ListVisitsQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() });
export const VisitList = z.object({ items: z.array(VisitResponse) });

export const RateBody = z.object({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(1000).default('') });
export type RateBody = z.infer<typeof RateBody>;
export const CloseBody = z.object({ version: Version, note: z.string().trim().max(1000).default('') });
export type CloseBody = z.infer<typeof CloseBody>;
export const OutcomeQuery = z.object({ days: z.coerce.number().int().min(1).max(60).default(7) });

export const FiguresResponse = z.object({
  /** `city` for the platform admin (every alliance), else the current alliance. */
  scope: z.enum(['city', 'alliance']),
  experts: z.object({ total: z.number().int(), active: z.number().int(), paused: z.number().int(), verified: z.number().int(), load: z.number().int(), capacity: z.number().int() }),
  /** Open seats asked for vs free expert capacity, per specialty: short where demand > supply. */
  specialties: z.array(z.object({ id: z.number().int(), code: z.string(), nameZh: z.string(), nameEn: z.string(), demand: z.number().int(), supply: z.number().int(), experts: z.number().int(), short: z.boolean() })),
  consultations: z.object({ open: z.number().int(), active: z.number().int(), closed: z.number().int() }),
  firmsHelped: z.number().int(),
  /** Σ capacity gain (percentage points) over closed consultations with reports on both sides. */
  capacityRegained: z.number(),
  /** Median hours from request to the first expert response; null without any. */
  medianResponseHours: z.number().nullable(),
  byExpert: z.array(z.object({ user: UserRef, load: z.number().int(), maxCases: z.number().int(), cases: z.number().int(), capacityGain: z.number(), ratingAvg: z.number().nullable() })),
});

// Import ----------------------------------------------------------------------------------------

export const ImportExpertsQuery = z.object({
  /** Validate only: report row errors and what would be imported, save nothing. */
  dryRun: z.enum(['true', 'false']).transform((v) => v === 'true').default(false),
});
export const ImportExpertsResponse = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  imported: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), path: z.string(), code: z.string(), message: z.string() })),
  preview: z.array(z.object({ row: z.number().int(), username: z.string(), displayName: z.string() })),
  /** The accounts created, each with a temporary password shown this once (only its hash is kept). */
  accounts: z.array(z.object({ row: z.number().int(), userId: z.number().int(), username: z.string(), temporaryPassword: z.string() })),
});
export type ImportExpertsResponse = z.infer<typeof ImportExpertsResponse>;
