/** Schemas of shared employees (共享员工), one per endpoint. */
import { z } from 'zod';
import { Id, IdText, isoDate, pageOf, Paging, Version } from '../../core/http/common-schema';
import { JOB_TYPE_CODES } from './workforce.matching';

export const POSTING_KINDS = ['surplus', 'shortage'] as const;
export const POSTING_STATUSES = ['open', 'closed'] as const;
export const PROPOSAL_STATUSES = ['pending_review', 'approved', 'accepted', 'rejected', 'declined', 'superseded'] as const;
export const PLACEMENT_STATUSES = ['proposed', 'agreed', 'on_site', 'returned', 'ended_early'] as const;
export const WAGE_PAYERS = ['borrower', 'lender'] as const;

const Skill = z.string().trim().min(1).max(40);
const Fen = z.number().int().min(0).max(10_000_000);

export const JobTypeList = z.object({ items: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })) });

export const CreatePostingBody = z.object({
  enterpriseId: Id,
  kind: z.enum(POSTING_KINDS),
  jobType: z.enum(JOB_TYPE_CODES),
  skills: z.array(Skill).max(20).default([]),
  headcount: z.number().int().min(1).max(10_000),
  startDate: isoDate,
  endDate: isoDate,
  /** GB/T 2260 code; the firm's district when absent. */
  districtCode: z.string().regex(/^\d{6}$/).optional(),
  needsTransport: z.boolean().default(false),
  needsMeals: z.boolean().default(false),
  needsHousing: z.boolean().default(false),
  /** Shortage: daily wage offered (fen). */
  dailyWageFen: Fen.nullable().default(null),
  providesTransport: z.boolean().default(false),
  providesHousing: z.boolean().default(false),
  urgency: z.number().int().min(1).max(3).default(2),
  /** An emergency team request (alliance staff only). */
  emergency: z.boolean().default(false),
  note: z.string().trim().max(1000).default(''),
});
export type CreatePostingBody = z.infer<typeof CreatePostingBody>;

export const ClosePostingBody = z.object({ version: Version });

export const ListPostingsQuery = Paging.extend({
  kind: z.enum(POSTING_KINDS).optional(),
  status: z.enum(POSTING_STATUSES).optional(),
  enterpriseId: IdText.optional(),
});

export const PostingResponse = z.object({
  id: z.number().int(),
  enterprise: z.object({ id: z.number().int(), name: z.string() }),
  kind: z.enum(POSTING_KINDS),
  jobType: z.string(),
  skills: z.array(z.string()),
  headcount: z.number().int(),
  /** Headcount in accepted proposals (placed or on the way). */
  committed: z.number().int(),
  startDate: z.string(),
  endDate: z.string(),
  districtCode: z.string(),
  needsTransport: z.boolean(),
  needsMeals: z.boolean(),
  needsHousing: z.boolean(),
  dailyWageFen: z.number().int().nullable(),
  providesTransport: z.boolean(),
  providesHousing: z.boolean(),
  urgency: z.number().int(),
  emergency: z.boolean(),
  note: z.string(),
  status: z.enum(POSTING_STATUSES),
  createdAt: z.string(),
  version: z.number().int(),
});
export type PostingResponse = z.infer<typeof PostingResponse>;
export const PostingPage = pageOf(PostingResponse);

/** The `{{…}}` placeholders the agreement template may use, filled per placement (the web app lists them). */
export const AGREEMENT_PLACEHOLDERS = [
  'lender', 'borrower', 'worker', 'idNumber', 'jobType', 'startDate', 'endDate', 'dailyWage', 'wagePayer', 'hoursPerDay', 'insurance', 'safetyTraining', 'consent', 'date',
] as const;
export type AgreementPlaceholder = (typeof AGREEMENT_PLACEHOLDERS)[number];

export const SettingsResponse = z.object({
  referenceWageFen: z.number().int(),
  maxLendPct: z.number().int().nullable(),
  noCompetitorLending: z.boolean(),
  allowCity: z.boolean(),
  retentionDays: z.number().int(),
  agreementTemplate: z.string(),
  version: z.number().int(),
});
export type SettingsResponse = z.infer<typeof SettingsResponse>;

export const UpdateSettingsBody = z.object({
  referenceWageFen: Fen.optional(),
  maxLendPct: z.number().int().min(1).max(100).nullable().optional(),
  noCompetitorLending: z.boolean().optional(),
  allowCity: z.boolean().optional(),
  retentionDays: z.number().int().min(1).max(3650).optional(),
  agreementTemplate: z.string().max(20_000).nullable().optional(),
  version: Version,
});
export type UpdateSettingsBody = z.infer<typeof UpdateSettingsBody>;

export const MatchBody = z.object({
  /** The open shortages to fill (all of them, or one emergency request); each must be an open shortage of the alliance. */
  shortageIds: z.array(Id).min(1).max(1000),
});
export type MatchBody = z.infer<typeof MatchBody>;

const Explanation = z.object({
  jobType: z.string(),
  overlapStart: z.string(),
  overlapEnd: z.string(),
  days: z.number().int(),
  fromDistrict: z.string(),
  toDistrict: z.string(),
  travelKm: z.number().int(),
  missingSkills: z.array(z.string()),
  matchedSkills: z.array(z.string()),
  wageShortfallFen: z.number().int(),
  transportGap: z.boolean(),
  housingGap: z.boolean(),
  urgency: z.number().int(),
  unitCost: z.number().int(),
  ruleNotes: z.array(z.string()),
});

const FirmRef = z.object({ id: z.number().int(), name: z.string() });

export const ProposalResponse = z.object({
  id: z.number().int(),
  surplusId: z.number().int(),
  shortageId: z.number().int(),
  lender: FirmRef,
  borrower: FirmRef,
  headcount: z.number().int(),
  lenderHeadcount: z.number().int().nullable(),
  borrowerHeadcount: z.number().int().nullable(),
  acceptedHeadcount: z.number().int().nullable(),
  explanation: Explanation,
  status: z.enum(PROPOSAL_STATUSES),
  createdAt: z.string(),
  version: z.number().int(),
});
export type ProposalResponse = z.infer<typeof ProposalResponse>;
export const ProposalList = z.object({ items: z.array(ProposalResponse) });

export const MatchResponse = z.object({
  proposals: z.array(ProposalResponse),
  filled: z.number().int(),
  unfilled: z.array(z.object({ shortageId: z.number().int(), headcount: z.number().int(), reason: z.enum(['no_candidate', 'supply_exhausted']) })),
});

export const ListProposalsQuery = z.object({ status: z.enum(PROPOSAL_STATUSES).optional() });

export const ReviewBody = z.object({ decision: z.enum(['approve', 'reject']), version: Version });
export type ReviewBody = z.infer<typeof ReviewBody>;

export const AcceptBody = z.object({
  /** Which side answers: the firm the actor speaks for (lender or borrower). */
  enterpriseId: Id,
  decision: z.enum(['accept', 'decline']),
  /** Workers agreed (≤ the proposal's; fewer is a partial acceptance). */
  headcount: z.number().int().min(1).max(10_000).optional(),
  version: Version,
});
export type AcceptBody = z.infer<typeof AcceptBody>;

export const WorkerRef = z.object({ id: z.number().int(), name: z.string(), phoneMasked: z.string().nullable(), idNumberMasked: z.string().nullable() });

export const PlacementResponse = z.object({
  id: z.number().int(),
  proposalId: z.number().int().nullable(),
  lender: FirmRef,
  borrower: FirmRef,
  /** Hidden from the borrowing firm until the worker's separate consent is recorded. */
  worker: WorkerRef.nullable(),
  workerAssigned: z.boolean(),
  jobType: z.string(),
  status: z.enum(PLACEMENT_STATUSES),
  startDate: z.string(),
  endDate: z.string(),
  dailyWageFen: z.number().int(),
  wagePayer: z.enum(WAGE_PAYERS),
  hoursPerDay: z.number().int(),
  insurance: z.string(),
  safetyTrainingDone: z.boolean(),
  workerConsentAt: z.string().nullable(),
  endReason: z.string().nullable(),
  daysWorked: z.number().int(),
  version: z.number().int(),
});
export type PlacementResponse = z.infer<typeof PlacementResponse>;
export const PlacementPage = pageOf(PlacementResponse);
export const ListPlacementsQuery = Paging.extend({ status: z.enum(PLACEMENT_STATUSES).optional() });

export const UpdatePlacementBody = z.object({
  workerId: Id.nullable().optional(),
  wagePayer: z.enum(WAGE_PAYERS).optional(),
  hoursPerDay: z.number().int().min(1).max(12).optional(),
  insurance: z.string().trim().max(500).optional(),
  safetyTrainingDone: z.boolean().optional(),
  /** The worker signed the separate consent to share their data with the borrowing firm. */
  workerConsent: z.boolean().optional(),
  version: Version,
});
export type UpdatePlacementBody = z.infer<typeof UpdatePlacementBody>;

export const TransitionBody = z.object({
  to: z.enum(['agreed', 'on_site', 'returned', 'ended_early']),
  reason: z.string().trim().min(1).max(500).optional(),
  version: Version,
});
export type TransitionBody = z.infer<typeof TransitionBody>;

export const AttendanceBody = z.object({ workDate: isoDate, hours: z.number().int().min(0).max(16) });
export type AttendanceBody = z.infer<typeof AttendanceBody>;
export const AttendanceResponse = z.object({ placementId: z.number().int(), workDate: z.string(), hours: z.number().int(), daysWorked: z.number().int() });

export const CreateWorkerBody = z.object({
  enterpriseId: Id,
  name: z.string().trim().min(1).max(40),
  jobType: z.enum(JOB_TYPE_CODES),
  phone: z.string().trim().regex(/^[0-9 +-]{5,20}$/),
  /** Only where the agreement needs it. */
  idNumber: z.string().trim().regex(/^[0-9]{17}[0-9Xx]$/).optional(),
});
export type CreateWorkerBody = z.infer<typeof CreateWorkerBody>;

export const WorkerResponse = z.object({
  id: z.number().int(),
  enterprise: FirmRef,
  name: z.string(),
  jobType: z.string(),
  phoneMasked: z.string().nullable(),
  idNumberMasked: z.string().nullable(),
  /** Other workers of the alliance with the same ID number (found by keyed hash). */
  duplicateOf: z.array(z.number().int()),
  purged: z.boolean(),
  version: z.number().int(),
});
export type WorkerResponse = z.infer<typeof WorkerResponse>;
export const WorkerPage = pageOf(WorkerResponse);
export const ListWorkersQuery = Paging.extend({ enterpriseId: IdText.optional() });

export const RevealBody = z.object({ field: z.enum(['phone', 'idNumber']) });
export const RevealResponse = z.object({ field: z.enum(['phone', 'idNumber']), value: z.string() });

export const FiguresResponse = z.object({
  date: z.string(),
  workersLentToday: z.number().int(),
  placementsByChain: z.array(z.object({ chain: z.string(), placements: z.number().int() })),
  demand: z.object({ filled: z.number().int(), open: z.number().int() }),
  daysWorked: z.number().int(),
  firmsHelped: z.number().int(),
});

export const OkResponse = z.object({ ok: z.literal(true) });
