/** The evaluator: a firm matches iff every rule holds (property test), with reasons and what is missing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISTRICTS } from '../../domain/districts';
import { INDUSTRY_SECTIONS } from '../../domain/industries';
import { ALL_DIVISIONS, OWNERSHIP_TYPES } from '../../domain/ownership';
import { CUSTOM_FIELDS, CUSTOM_OPS, evaluate, holds, Rule, SIZE_BANDS, sizeBandOf, STAGES, type FirmFacts } from './policies.eligibility';

const section = fc.constantFrom(...INDUSTRY_SECTIONS.map((s) => s.code));
const district = fc.constantFrom(...DISTRICTS.map((d) => d.code as string));
const division = fc.constantFrom(...ALL_DIVISIONS);
const small = fc.integer({ min: 0, max: 2000 });
const sub = <T>(xs: readonly T[]) => fc.subarray([...xs], { minLength: 1 });

const facts: fc.Arbitrary<FirmFacts> = fc.record({
  industry: section,
  industryDivision: fc.option(division, { nil: null }),
  districtCode: district,
  headcount: small,
  aboveDesignatedSize: fc.boolean(),
  ownership: fc.option(fc.constantFrom(...OWNERSHIP_TYPES), { nil: null }),
  annualOutputFen: fc.option(fc.integer({ min: 0, max: 10_000_000_000 }), { nil: null }),
  stage: fc.option(fc.constantFrom(...STAGES), { nil: null }),
  staffOnDuty: fc.option(small, { nil: null }),
  outputPct: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  capacityPct: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  materialCoverDays: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
  preventionCoverDays: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
  memberDays: fc.integer({ min: 0, max: 1000 }),
});

const rule = fc.oneof(
  sub(INDUSTRY_SECTIONS.map((s) => s.code)).map((sections) => ({ kind: 'industry_section' as const, sections })),
  sub(ALL_DIVISIONS).map((divisions) => ({ kind: 'industry_division' as const, divisions })),
  sub(DISTRICTS.map((d) => d.code as string)).map((districts) => ({ kind: 'district' as const, districts })),
  fc.record({ min: fc.option(small, { nil: null }), max: fc.option(small, { nil: null }) }).map((r) => ({ kind: 'headcount' as const, ...r })),
  sub(SIZE_BANDS).map((bands) => ({ kind: 'size_band' as const, bands })),
  fc.boolean().map((value) => ({ kind: 'above_designated_size' as const, value })),
  sub(OWNERSHIP_TYPES).map((types) => ({ kind: 'ownership' as const, types })),
  sub(STAGES).map((stages) => ({ kind: 'resumption_stage' as const, stages })),
  fc.integer({ min: 0, max: 1000 }).map((minDays) => ({ kind: 'membership' as const, minDays })),
  fc.record({ field: fc.constantFrom(...CUSTOM_FIELDS), op: fc.constantFrom(...CUSTOM_OPS), value: fc.integer({ min: 0, max: 2000 }) }).map((r) => ({ kind: 'custom' as const, label: '自定义', ...r })),
) as unknown as fc.Arbitrary<Rule>; // checked by Rule.safeParse in the property

/** An independent statement of each rule, written from the rule's meaning. */
function oracle(r: Rule, f: FirmFacts): boolean {
  switch (r.kind) {
    case 'industry_section': return r.sections.some((s) => s === f.industry);
    case 'industry_division': return f.industryDivision !== null && r.divisions.some((d) => d === f.industryDivision);
    case 'district': return r.districts.some((d) => d === f.districtCode);
    case 'headcount': return (r.min === null || r.min <= f.headcount) && (r.max === null || f.headcount <= r.max);
    case 'size_band': return r.bands.some((b) => b === (f.headcount >= 1000 ? 'large' : f.headcount >= 300 ? 'medium' : f.headcount >= 20 ? 'small' : 'micro'));
    case 'above_designated_size': return r.value === f.aboveDesignatedSize;
    case 'ownership': return f.ownership !== null && r.types.some((t) => t === f.ownership);
    case 'resumption_stage': return f.stage !== null && r.stages.some((s) => s === f.stage);
    case 'membership': return f.memberDays >= r.minDays;
    case 'custom': {
      const v = f[r.field];
      if (v === null) return false;
      return r.op === '>=' ? v >= r.value : r.op === '>' ? v > r.value : r.op === '<=' ? v <= r.value : r.op === '<' ? v < r.value : v === r.value;
    }
  }
}

describe('policy eligibility', () => {
  it('a firm matches iff every rule holds; missing lists exactly the rules that fail', () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 8 }), facts, (rules, f) => {
        for (const r of rules) expect(Rule.safeParse(r).success).toBe(true);
        const e = evaluate(rules, f);
        expect(e.eligible).toBe(rules.every((r) => oracle(r, f)));
        expect(e.missing.map((m) => m.index)).toEqual(rules.flatMap((r, i) => (oracle(r, f) ? [] : [i])));
        for (const r of rules) expect(holds(r, f)).toBe(oracle(r, f));
      }),
      { numRuns: 2000 },
    );
  });

  it('explains with stable codes', () => {
    const f: FirmFacts = { industry: 'C', industryDivision: '19', districtCode: '330302', headcount: 250, aboveDesignatedSize: false, ownership: 'private', annualOutputFen: 100, stage: null, staffOnDuty: null, outputPct: null, capacityPct: null, materialCoverDays: null, preventionCoverDays: null, memberDays: 10 };
    const e = evaluate([{ kind: 'industry_section', sections: ['C'] }, { kind: 'above_designated_size', value: true }, { kind: 'resumption_stage', stages: ['partial'] }, { kind: 'membership', minDays: 30 }], f);
    expect(e.eligible).toBe(false);
    expect(e.outcomes[0]).toMatchObject({ ok: true, code: 'industry_in' });
    expect(e.missing.map((m) => m.code)).toEqual(['needs_above_size', 'no_report', 'member_too_recent']);
    expect(e.missing[2]!.params.remaining).toBe(20);
    expect(evaluate([], f).eligible).toBe(true);
    expect([19, 20, 299, 300, 999, 1000].map(sizeBandOf)).toEqual(['micro', 'small', 'small', 'medium', 'medium', 'large']);
  });
});
