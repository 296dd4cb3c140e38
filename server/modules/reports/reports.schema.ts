/** Schemas of the daily resumption report (复工日报) and the alliance views over it. */
import { z } from 'zod';
import { IdText, intText, isoDate, pageOf, Paging, Version } from '../../core/http/common-schema';
import { STAGES } from '../enterprises/enterprises.schema';

export const BLOCKER_CATEGORIES = ['raw_material', 'logistics', 'labour', 'equipment', 'funds', 'orders', 'prevention_supplies', 'policy'] as const;
export type BlockerCategory = (typeof BLOCKER_CATEGORIES)[number];

export const Blocker = z.object({
  category: z.enum(BLOCKER_CATEGORIES),
  note: z.string().trim().max(500).default(''),
});

export const ReportFields = z.object({
  reportDate: isoDate,
  /** Actual output today, % of normal (may exceed 100 for firms on extra shifts). */
  outputPct: z.number().int().min(0).max(300),
  /** What the firm could make with its own staff and equipment if every input arrived, % of normal. */
  capacityPct: z.number().int().min(0).max(300),
  staffOnDuty: z.number().int().min(0).max(1_000_000),
  staffTotal: z.number().int().min(0).max(1_000_000),
  /** Staff still away (未返岗), lent out to and borrowed in from other firms (shared employees). */
  staffAway: z.number().int().min(0).max(1_000_000).default(0),
  staffLentOut: z.number().int().min(0).max(1_000_000).default(0),
  staffBorrowedIn: z.number().int().min(0).max(1_000_000).default(0),
  stage: z.enum(STAGES),
  blockers: z.array(Blocker).max(BLOCKER_CATEGORIES.length).default([]),
  materialCoverDays: z.number().min(0).max(3650).nullable().default(null),
  preventionCoverDays: z.number().min(0).max(3650).nullable().default(null),
});

export const SubmitReportBody = ReportFields.extend({
  /** Required when editing the day's report: the version the edit is based on. */
  version: Version.optional(),
});
export type SubmitReportBody = z.infer<typeof SubmitReportBody>;

export const ReportResponse = z.object({
  id: z.number().int(),
  enterpriseId: z.number().int(),
  reportDate: z.string(),
  outputPct: z.number(),
  capacityPct: z.number(),
  staffOnDuty: z.number().int(),
  staffTotal: z.number().int(),
  staffAway: z.number().int(),
  staffLentOut: z.number().int(),
  staffBorrowedIn: z.number().int(),
  stage: z.enum(STAGES),
  blockers: z.array(Blocker),
  materialCoverDays: z.number().nullable(),
  preventionCoverDays: z.number().nullable(),
  submittedBy: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type ReportResponse = z.infer<typeof ReportResponse>;

export const EnterpriseReportsParams = z.object({ id: IdText });
export const ReportHistoryParams = EnterpriseReportsParams.extend({ date: isoDate });

export const ReportRangeQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() });

/** A listed report says whether it repeats the day before's figures exactly (copied forward). */
export const ReportList = z.object({ items: z.array(ReportResponse.extend({ copiedFromPrevious: z.boolean() })) });

export const ReportRevision = z.object({ version: z.number().int(), changedBy: z.number().int().nullable(), changedAt: z.string(), snapshot: ReportFields });
export const ReportHistoryResponse = z.object({ current: ReportResponse, revisions: z.array(ReportRevision) });

export const LatestStatusQuery = Paging.extend({
  date: isoDate.optional(),
  stage: z.enum([...STAGES, 'none']).optional(),
  blocker: z.enum(BLOCKER_CATEGORIES).optional(),
  mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  q: z.string().trim().max(100).optional(),
});
export const LatestStatusItem = z.object({
  enterpriseId: z.number().int(),
  name: z.string(),
  districtCode: z.string(),
  headcount: z.number().int(),
  commissioner: z.string().nullable(),
  report: ReportResponse.nullable(),
  /** True when the latest report is for the asked date. */
  reportedToday: z.boolean(),
  /** True when the latest report repeats the day before's figures exactly (copied forward). */
  copiedFromPrevious: z.boolean(),
});
export const LatestStatusPage = pageOf(LatestStatusItem);

export const MissingQuery = Paging.extend({ date: isoDate.optional(), mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional() });
export const MissingItem = z.object({ enterpriseId: z.number().int(), name: z.string(), commissioner: z.string().nullable(), lastReportDate: z.string().nullable() });
export const MissingPage = pageOf(MissingItem);

export const TrendQuery = z.object({ days: intText(1, 366).default(14), to: isoDate.optional() });
/** One day's figures. Every rate states its denominator; "members" are the alliance's members today (or the caseload). */
export const TrendPoint = z.object({
  date: z.string(),
  members: z.number().int(),
  /** Members with a report for the day. */
  reported: z.number().int(),
  /** Members without a report for the day: their state is unknown (members − reported). */
  unknown: z.number().int(),
  /** 复工率: members that reported partial or full production ÷ ALL members, 0–1. A member that did not report counts as unknown, never as resumed. */
  resumptionRate: z.number(),
  /** 填报率: members that reported ÷ all members, 0–1. */
  reportingRate: z.number(),
  /** Headcount-weighted mean actual output of the members that reported, % of normal. */
  outputPct: z.number(),
  /** Headcount-weighted mean own capacity of the members that reported, % of normal. */
  capacityPct: z.number(),
  /** Staff on duty ÷ total staff of the members that reported, 0–1. */
  staffOnDutyRate: z.number(),
  /** Staff still away (未返岗), lent out and borrowed in (shared employees), summed over the members that reported. */
  staffAway: z.number().int(),
  staffLentOut: z.number().int(),
  staffBorrowedIn: z.number().int(),
  stages: z.object({ stopped: z.number().int(), partial: z.number().int(), full: z.number().int() }),
  blockers: z.record(z.enum(BLOCKER_CATEGORIES), z.number().int()),
});
export const TrendResponse = z.object({ points: z.array(TrendPoint) });
