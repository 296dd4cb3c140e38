/**
 * Schemas of the city view (全市大屏): every alliance side by side, district and industry
 * breakdowns over time, and the firms behind any figure. Every rate states its denominator and
 * follows the alliance overview's definitions (reports.schema.ts `TrendPoint`).
 */
import { z } from 'zod';
import { IdText, isoDate, pageOf, Paging, sortOrder } from '../../core/http/common-schema';
import { STAGES } from '../enterprises/enterprises.schema';
import { MarketFigures } from '../market/market.schema';
import { PurchasingFigures } from '../purchasing/purchasing.schema';

/** Resumption figures of a set of members on one day. */
export const Figures = z.object({
  /** Members (of the alliance; for the city: firms that are a member of at least one alliance). */
  members: z.number().int(),
  /** Members with a report for the day. */
  reported: z.number().int(),
  /** Members without a report for the day: their state is unknown (members − reported). */
  unknown: z.number().int(),
  /** Members that reported partial or full production. */
  resumed: z.number().int(),
  /** 复工率: resumed ÷ ALL members, 0–1 — a member that did not report counts as unknown, never as resumed. */
  resumptionRate: z.number(),
  /** 填报率: reported ÷ all members, 0–1. */
  reportingRate: z.number(),
  /** Headcount-weighted mean actual output of the members that reported, % of normal. */
  outputPct: z.number(),
  /** Headcount-weighted mean own capacity of the members that reported, % of normal. */
  capacityPct: z.number(),
  /** Staff on duty, and total staff, of the members that reported. */
  staffOnDuty: z.number().int(),
  staffTotal: z.number().int(),
  /** staffOnDuty ÷ staffTotal, 0–1. */
  staffOnDutyRate: z.number(),
  /** Staff still away (未返岗), lent out and borrowed in (shared employees), of the members that reported. */
  staffAway: z.number().int(),
  staffLentOut: z.number().int(),
  staffBorrowedIn: z.number().int(),
});
export type Figures = z.infer<typeof Figures>;

/** Shared employees (共享员工) on the day: see workforce.service `figuresByAlliance`. */
export const WorkforceFigures = z.object({
  workersLentToday: z.number().int(),
  placementsByChain: z.array(z.object({ chain: z.string(), placements: z.number().int() })),
  demand: z.object({ filled: z.number().int(), open: z.number().int() }),
  daysWorked: z.number().int(),
  firmsHelped: z.number().int(),
});

export const CityQuery = z.object({ date: isoDate.optional() });

export const AllianceFigures = Figures.extend({
  alliance: z.object({ id: z.number().int(), name: z.string(), chain: z.string(), industry: z.string(), districtCode: z.string() }),
  /** Open problems (submitted, accepted, in progress, pending), and those of them past their resolve deadline. */
  openProblems: z.number().int(),
  overdueProblems: z.number().int(),
  /**
   * Forecast chain breaks: member firms with a break day in the alliance's latest finished
   * chain analysis; null when the alliance has none (no forecast, not "no breaks").
   */
  chain: z.object({ analysedAt: z.string(), breaks: z.number().int(), horizon: z.number().int() }).nullable(),
  workforce: WorkforceFigures,
});

export const CityResponse = z.object({
  date: z.string(),
  alliances: z.array(AllianceFigures),
  /** The city: every firm that is a member of at least one alliance, counted once. */
  city: Figures.extend({ openProblems: z.number().int(), overdueProblems: z.number().int(), chainBreaks: z.number().int(), alliancesWithForecast: z.number().int(), workforce: WorkforceFigures }),
});
export type CityResponse = z.infer<typeof CityResponse>;

export const BREAKDOWNS = ['district', 'industry'] as const;
export const MAX_RANGE_DAYS = 92;
export const BreakdownQuery = z.object({
  by: z.enum(BREAKDOWNS),
  from: isoDate.optional(),
  to: isoDate.optional(),
  allianceId: IdText.optional(),
});
export const BreakdownResponse = z.object({
  by: z.enum(BREAKDOWNS),
  from: z.string(),
  to: z.string(),
  /** One group per district code or industry section with members, each with one point per day. */
  groups: z.array(z.object({ key: z.string(), members: z.number().int(), points: z.array(Figures.omit({ members: true }).extend({ date: z.string() })) })),
});
export type BreakdownResponse = z.infer<typeof BreakdownResponse>;

/** The figures a drill-down starts from. */
export const FIGURES = ['members', 'reported', 'unknown', 'resumed', 'stopped', 'open_problems', 'overdue_problems', 'chain_breaks'] as const;
export type FigureKey = (typeof FIGURES)[number];
export const FIRM_SORTS = ['name', 'headcount', 'districtCode', 'industry', 'outputPct', 'capacityPct', 'staffOnDuty'] as const;

export const FirmsFilter = z.object({
  figure: z.enum(FIGURES),
  date: isoDate.optional(),
  /** Within one alliance (its membership and report visibility); without it, the city. */
  allianceId: IdText.optional(),
  district: z.string().regex(/^\d{6}$/).optional(),
  industry: z.string().regex(/^[A-Z]$/).optional(),
  sort: z.enum(FIRM_SORTS).default('name'),
  order: sortOrder,
});
export type FirmsFilter = z.infer<typeof FirmsFilter>;
export const FirmsQuery = Paging.merge(FirmsFilter);

export const CityFirm = z.object({
  id: z.number().int(),
  name: z.string(),
  districtCode: z.string(),
  industry: z.string(),
  headcount: z.number().int(),
  /** The firm's report for the day (null: not reported). */
  report: z
    .object({ stage: z.enum(STAGES), outputPct: z.number(), capacityPct: z.number(), staffOnDuty: z.number().int(), staffTotal: z.number().int() })
    .nullable(),
});
export const FirmsPage = pageOf(CityFirm).extend({ date: z.string() });

export const StreamQuery = z.object({}).strict();

/** Group purchasing and the resource board / orders of every alliance, and the city's totals. */
export const CoSharingResponse = z.object({
  alliances: z.array(z.object({ alliance: z.object({ id: z.number().int(), name: z.string() }), purchasing: PurchasingFigures, market: MarketFigures })),
  /** The city: sums over the alliances (firms that pledged counted once). */
  city: z.object({ purchasing: PurchasingFigures, market: MarketFigures }),
});
export type CoSharingResponse = z.infer<typeof CoSharingResponse>;
