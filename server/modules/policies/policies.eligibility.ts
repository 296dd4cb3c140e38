/**
 * Structured eligibility rules of a policy and their evaluator. Pure: no I/O. A firm is eligible
 * iff every rule holds; each rule answers whether it holds and, when not, what the firm still
 * lacks (a stable code with parameters the client translates).
 */
import { z } from 'zod';
import { isDistrictCode } from '../../domain/districts';
import { isIndustrySection } from '../../domain/industries';
import { OWNERSHIP_TYPES } from '../../domain/ownership';

export const SIZE_BANDS = ['micro', 'small', 'medium', 'large'] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];
export const STAGES = ['stopped', 'partial', 'full'] as const;
/** Numeric facts a custom condition may compare. */
export const CUSTOM_FIELDS = ['headcount', 'annualOutputFen', 'staffOnDuty', 'outputPct', 'capacityPct', 'materialCoverDays', 'preventionCoverDays', 'memberDays'] as const;
export const CUSTOM_OPS = ['>=', '>', '<=', '<', '='] as const;

/**
 * Size band by headcount (工业企业划型, employees): micro < 20, small 20–299, medium 300–999,
 * large ≥ 1000.
 */
export function sizeBandOf(headcount: number): SizeBand {
  if (headcount < 20) return 'micro';
  if (headcount < 300) return 'small';
  if (headcount < 1000) return 'medium';
  return 'large';
}

const count = z.number().int().min(0).max(1_000_000);
const list = <T extends z.ZodType>(t: T) => z.array(t).min(1).max(100);

export const Rule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('industry_section'), sections: list(z.string().refine(isIndustrySection, { message: 'invalid_industry', params: { code: 'invalid_industry' } })) }),
  z.object({ kind: z.literal('industry_division'), divisions: list(z.string().regex(/^\d{2}$/)) }),
  z.object({ kind: z.literal('district'), districts: list(z.string().refine(isDistrictCode, { message: 'invalid_district', params: { code: 'invalid_district' } })) }),
  z.object({ kind: z.literal('headcount'), min: count.nullable(), max: count.nullable() }),
  z.object({ kind: z.literal('size_band'), bands: list(z.enum(SIZE_BANDS)) }),
  z.object({ kind: z.literal('above_designated_size'), value: z.boolean() }),
  z.object({ kind: z.literal('ownership'), types: list(z.enum(OWNERSHIP_TYPES)) }),
  z.object({ kind: z.literal('resumption_stage'), stages: list(z.enum(STAGES)) }),
  /** Member of the alliance for at least this many days. */
  z.object({ kind: z.literal('membership'), minDays: z.number().int().min(0).max(36_500) }),
  /** A comparison over a numeric fact, labelled for people ("年产值不低于 2000 万元"). */
  z.object({
    kind: z.literal('custom'),
    label: z.string().trim().min(1).max(100),
    field: z.enum(CUSTOM_FIELDS),
    op: z.enum(CUSTOM_OPS),
    value: z.number().int().min(0).max(2_147_483_647),
  }),
]);
export type Rule = z.infer<typeof Rule>;
export const Rules = z.array(Rule).max(30);

/** What the evaluator knows about a firm (its registry record and latest visible report). */
export interface FirmFacts {
  industry: string;
  industryDivision: string | null;
  districtCode: string;
  headcount: number;
  aboveDesignatedSize: boolean;
  ownership: string | null;
  annualOutputFen: number | null;
  /** Latest report (null: never reported). */
  stage: (typeof STAGES)[number] | null;
  staffOnDuty: number | null;
  outputPct: number | null;
  capacityPct: number | null;
  materialCoverDays: number | null;
  preventionCoverDays: number | null;
  /** Whole days since the firm joined the alliance. */
  memberDays: number;
}

export interface RuleOutcome {
  index: number;
  kind: Rule['kind'];
  ok: boolean;
  /** `ok` → why it holds; otherwise what is missing. A stable code. */
  code: string;
  params: Record<string, string | number | null>;
}

export interface Evaluation {
  eligible: boolean;
  outcomes: RuleOutcome[];
  /** The rules that do not hold (what the firm still needs). */
  missing: RuleOutcome[];
}

function compare(a: number, op: (typeof CUSTOM_OPS)[number], b: number): boolean {
  switch (op) {
    case '>=': return a >= b;
    case '>': return a > b;
    case '<=': return a <= b;
    case '<': return a < b;
    case '=': return a === b;
  }
}

function one(rule: Rule, f: FirmFacts): { ok: boolean; code: string; params: RuleOutcome['params'] } {
  switch (rule.kind) {
    case 'industry_section': {
      const ok = (rule.sections as readonly string[]).includes(f.industry);
      return { ok, code: ok ? 'industry_in' : 'industry_not_in', params: { value: f.industry, expected: rule.sections.join(',') } };
    }
    case 'industry_division': {
      if (f.industryDivision === null) return { ok: false, code: 'division_unknown', params: { expected: rule.divisions.join(',') } };
      const ok = rule.divisions.includes(f.industryDivision);
      return { ok, code: ok ? 'division_in' : 'division_not_in', params: { value: f.industryDivision, expected: rule.divisions.join(',') } };
    }
    case 'district': {
      const ok = (rule.districts as readonly string[]).includes(f.districtCode);
      return { ok, code: ok ? 'district_in' : 'district_not_in', params: { value: f.districtCode, expected: rule.districts.join(',') } };
    }
    case 'headcount': {
      const low = rule.min === null || f.headcount >= rule.min;
      const high = rule.max === null || f.headcount <= rule.max;
      return { ok: low && high, code: !low ? 'headcount_below' : !high ? 'headcount_above' : 'headcount_within', params: { value: f.headcount, min: rule.min, max: rule.max } };
    }
    case 'size_band': {
      const band = sizeBandOf(f.headcount);
      const ok = rule.bands.includes(band);
      return { ok, code: ok ? 'size_in' : 'size_not_in', params: { value: band, expected: rule.bands.join(',') } };
    }
    case 'above_designated_size': {
      const ok = f.aboveDesignatedSize === rule.value;
      return { ok, code: ok ? (rule.value ? 'is_above_size' : 'is_below_size') : rule.value ? 'needs_above_size' : 'needs_below_size', params: {} };
    }
    case 'ownership': {
      if (f.ownership === null) return { ok: false, code: 'ownership_unknown', params: { expected: rule.types.join(',') } };
      const ok = (rule.types as readonly string[]).includes(f.ownership);
      return { ok, code: ok ? 'ownership_in' : 'ownership_not_in', params: { value: f.ownership, expected: rule.types.join(',') } };
    }
    case 'resumption_stage': {
      if (f.stage === null) return { ok: false, code: 'no_report', params: { expected: rule.stages.join(',') } };
      const ok = rule.stages.includes(f.stage);
      return { ok, code: ok ? 'stage_in' : 'stage_not_in', params: { value: f.stage, expected: rule.stages.join(',') } };
    }
    case 'membership': {
      const ok = f.memberDays >= rule.minDays;
      return { ok, code: ok ? 'member_long_enough' : 'member_too_recent', params: { value: f.memberDays, min: rule.minDays, remaining: Math.max(0, rule.minDays - f.memberDays) } };
    }
    case 'custom': {
      const v = f[rule.field];
      if (v === null) return { ok: false, code: 'custom_unknown', params: { label: rule.label, field: rule.field } };
      const ok = compare(v, rule.op, rule.value);
      return { ok, code: ok ? 'custom_met' : 'custom_not_met', params: { label: rule.label, field: rule.field, op: rule.op, value: v, expected: rule.value } };
    }
  }
}

/** Whether a single rule holds for the firm. */
export function holds(rule: Rule, facts: FirmFacts): boolean {
  return one(rule, facts).ok;
}

/** Evaluates every rule; eligible iff all hold (no rules: everyone is eligible). */
export function evaluate(rules: readonly Rule[], facts: FirmFacts): Evaluation {
  const outcomes = rules.map((r, index) => ({ index, kind: r.kind, ...one(r, facts) }));
  const missing = outcomes.filter((o) => !o.ok);
  return { eligible: missing.length === 0, outcomes, missing };
}
