/** Schemas of the risk register (风险防控化解), one per endpoint. */
import { z } from 'zod';
import { Id, IdText, intText, isoDate, pageOf, Paging, sortOrder, Version, VersionText } from '../../core/http/common-schema';
import { BLOCKER_CATEGORIES } from '../reports/reports.schema';

export const RISK_CATEGORIES = ['orders_cancelled', 'cash_flow', 'labour', 'supply', 'prevention', 'other'] as const;
export const RISK_STATUSES = ['open', 'mitigating', 'closed'] as const;
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;

const Score = z.number().int().min(1).max(5);

export const RiskFields = z.object({
  title: z.string().trim().min(2).max(120),
  category: z.enum(RISK_CATEGORIES),
  description: z.string().trim().max(5000).default(''),
  /** 1 (rare) … 5 (almost certain). */
  likelihood: Score,
  /** 1 (minor) … 5 (severe). */
  impact: Score,
  mitigation: z.string().trim().max(5000).default(''),
  ownerUserId: Id.nullable().default(null),
  /** When the risk is next looked at. */
  reviewDate: isoDate.nullable().default(null),
  status: z.enum(RISK_STATUSES).default('open'),
  enterpriseIds: z.array(Id).max(200).default([]),
  /** Problems (工单) of the alliance the risk relates to. */
  ticketIds: z.array(Id).max(200).default([]),
});

export const CreateRiskBody = RiskFields;
export type CreateRiskBody = z.infer<typeof CreateRiskBody>;

export const UpdateRiskBody = z.object({
  title: z.string().trim().min(2).max(120).optional(),
  category: z.enum(RISK_CATEGORIES).optional(),
  description: z.string().trim().max(5000).optional(),
  likelihood: Score.optional(),
  impact: Score.optional(),
  mitigation: z.string().trim().max(5000).optional(),
  ownerUserId: Id.nullable().optional(),
  reviewDate: isoDate.nullable().optional(),
  status: z.enum(RISK_STATUSES).optional(),
  enterpriseIds: z.array(Id).max(200).optional(),
  ticketIds: z.array(Id).max(200).optional(),
  version: Version,
});
export type UpdateRiskBody = z.infer<typeof UpdateRiskBody>;

export const RiskResponse = z.object({
  id: z.number().int(),
  title: z.string(),
  category: z.enum(RISK_CATEGORIES),
  description: z.string(),
  likelihood: z.number().int(),
  impact: z.number().int(),
  /** likelihood × impact, 1–25. */
  score: z.number().int(),
  /** high: score ≥ 15 (joint-meeting material); medium: 8–14; low: below 8. */
  level: z.enum(RISK_LEVELS),
  mitigation: z.string(),
  owner: z.object({ id: z.number().int(), displayName: z.string() }).nullable(),
  reviewDate: z.string().nullable(),
  /** Not closed and its review date has passed. */
  reviewOverdue: z.boolean(),
  status: z.enum(RISK_STATUSES),
  enterprises: z.array(z.object({ id: z.number().int(), name: z.string() })),
  /** Linked problems with their current status. */
  tickets: z.array(z.object({ id: z.number().int(), title: z.string(), status: z.string() })),
  /** The report blocker a proposal made this risk from (null: registered by hand). */
  sourceBlocker: z.enum(BLOCKER_CATEGORIES).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type RiskResponse = z.infer<typeof RiskResponse>;

export const RISK_SORTS = ['score', 'reviewDate', 'updatedAt', 'createdAt'] as const;
export const ListRisksQuery = Paging.extend({
  status: z.enum(RISK_STATUSES).optional(),
  /** `true`: open or mitigating. */
  active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  category: z.enum(RISK_CATEGORIES).optional(),
  level: z.enum(RISK_LEVELS).optional(),
  ownerUserId: IdText.optional(),
  enterpriseId: IdText.optional(),
  /** Risks linked to this problem (the problem's side of the link). */
  ticketId: IdText.optional(),
  q: z.string().trim().max(100).optional(),
  sort: z.enum(RISK_SORTS).default('score'),
  order: sortOrder.default('desc'),
});
export type ListRisksQuery = z.infer<typeof ListRisksQuery>;
export const RiskPage = pageOf(RiskResponse);

export const HeatmapQuery = z.object({
  /** Default: open and mitigating risks. */
  status: z.enum(RISK_STATUSES).optional(),
});
export const HeatmapResponse = z.object({
  /** counts[likelihood − 1][impact − 1]. */
  counts: z.array(z.array(z.number().int())),
  cells: z.array(z.object({ likelihood: z.number().int(), impact: z.number().int(), count: z.number().int() })),
  total: z.number().int(),
});

export const RiskList = z.object({ items: z.array(RiskResponse) });
export const DeleteRiskQuery = z.object({ version: VersionText });
export const OkResponse = z.object({ ok: z.literal(true) });

const MinFirms = z.number().int().min(1).max(100000);
export const ProposalsQuery = z.object({
  /** A blocker is proposed when at least this many members report it; default max(5, 10 % of the current reporters). */
  minFirms: intText(1, 100000).optional(),
});
export type ProposalsQuery = z.infer<typeof ProposalsQuery>;

export const RiskProposal = z.object({
  blocker: z.enum(BLOCKER_CATEGORIES),
  /** The risk category accepting the proposal gives the risk. */
  category: z.enum(RISK_CATEGORIES),
  /** Members whose current report names the blocker. */
  count: z.number().int(),
  /** count ÷ current reporters, in whole percent. */
  sharePct: z.number().int(),
  /** The firms (drill-down), name order, at most 200 (a risk links at most 200). */
  firms: z.array(z.object({ id: z.number().int(), name: z.string(), reportDate: z.string(), note: z.string() })),
  /** The prefilled risk accepting creates. */
  suggested: z.object({ title: z.string(), likelihood: z.number().int(), impact: z.number().int() }),
});
export const ProposalsResponse = z.object({
  /** Members with a current report: their latest report is dated within the window. */
  reporters: z.number().int(),
  /** The minimum number of reporting firms applied. */
  minFirms: z.number().int(),
  /** First day of the window (latest reports older than this do not count). */
  since: z.string(),
  items: z.array(RiskProposal),
});

export const AcceptProposalBody = z.object({
  blocker: z.enum(BLOCKER_CATEGORIES),
  /** The threshold the proposal was listed with (default as in the list). */
  minFirms: MinFirms.optional(),
  title: z.string().trim().min(2).max(120).optional(),
  likelihood: Score.optional(),
  impact: Score.optional(),
  ownerUserId: Id.nullable().default(null),
  reviewDate: isoDate.nullable().default(null),
});
export type AcceptProposalBody = z.infer<typeof AcceptProposalBody>;
