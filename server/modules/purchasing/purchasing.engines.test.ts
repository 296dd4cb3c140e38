import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, limitOf, type AllocationFirm, type AllocationRule } from './purchasing.allocation';
import { checkTiers, quoteTiers, tierIndexAt, type PriceTier } from './purchasing.pricing';

const tiersArb = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 500 })), { minLength: 0, maxLength: 5 })
  .chain((steps) =>
    fc.integer({ min: 1, max: 100_000 }).map((start) => {
      const tiers: PriceTier[] = [{ minCount: 0, unitPriceFen: start }];
      for (const [gap, drop] of steps) {
        const last = tiers[tiers.length - 1]!;
        tiers.push({ minCount: last.minCount + gap, unitPriceFen: Math.max(0, last.unitPriceFen - drop) });
      }
      return tiers;
    }),
  );

describe('tier pricing', () => {
  it('the article\'s masks: 10,000 masks reach the cheaper tier, costs exact to the fen', () => {
    const tiers = [{ minCount: 0, unitPriceFen: 150 }, { minCount: 5000, unitPriceFen: 120 }, { minCount: 10_000, unitPriceFen: 98 }];
    expect(checkTiers(tiers)).toBeNull();
    const q = quoteTiers(tiers, [{ id: 1, count: 6000 }, { id: 2, count: 3000 }, { id: 3, count: 1500 }]);
    expect(q.tierIndex).toBe(2);
    expect(q.unitPriceFen).toBe(98);
    expect(q.costs.map((c) => c.costFen)).toEqual([588_000, 294_000, 147_000]);
    expect(q.totalFen).toBe(1_029_000);
    expect(q.next).toBeNull();
    const low = quoteTiers(tiers, [{ id: 1, count: 4000 }]);
    expect(low.next).toEqual({ tierIndex: 1, unitPriceFen: 120, unitsToGo: 1000 });
  });

  it('refuses invalid price lists', () => {
    expect(checkTiers([])).toBe('tiers_empty');
    expect(checkTiers([{ minCount: 10, unitPriceFen: 1 }])).toBe('tiers_first_not_zero');
    expect(checkTiers([{ minCount: 0, unitPriceFen: 5 }, { minCount: 0, unitPriceFen: 4 }])).toBe('tiers_not_increasing');
    expect(checkTiers([{ minCount: 0, unitPriceFen: 5 }, { minCount: 10, unitPriceFen: 6 }])).toBe('tiers_price_rises');
    expect(checkTiers([{ minCount: 0, unitPriceFen: 1.5 }])).toBe('tiers_not_integer');
  });

  it('property: costs are integer fen, sum exactly to the total, and the unit price never rises with the total', () => {
    fc.assert(
      fc.property(tiersArb, fc.array(fc.integer({ min: 0, max: 20_000 }), { maxLength: 30 }), fc.integer({ min: 0, max: 1000 }), (tiers, counts, extra) => {
        expect(checkTiers(tiers)).toBeNull();
        const q = quoteTiers(tiers, counts.map((count, i) => ({ id: i + 1, count })));
        const total = counts.reduce((s, c) => s + c, 0);
        expect(q.totalCount).toBe(total);
        for (const c of q.costs) {
          expect(Number.isSafeInteger(c.costFen)).toBe(true);
          expect(c.costFen).toBe(c.count * q.unitPriceFen);
        }
        expect(q.costs.reduce((s, c) => s + c.costFen, 0)).toBe(q.totalFen);
        expect(tiers[q.tierIndex]!.minCount).toBeLessThanOrEqual(total);
        if (q.next) expect(q.next.unitsToGo).toBe(tiers[q.tierIndex + 1]!.minCount - total);
        expect(tiers[tierIndexAt(tiers, total + extra)]!.unitPriceFen).toBeLessThanOrEqual(q.unitPriceFen);
      }),
      { numRuns: 300 },
    );
  });
});

const firmsArb = fc.uniqueArray(
  fc.record({
    id: fc.integer({ min: 1, max: 10_000 }),
    pledged: fc.integer({ min: 0, max: 5000 }),
    cap: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
    headcount: fc.integer({ min: 0, max: 800 }),
    priority: fc.boolean(),
  }),
  { selector: (f) => f.id, maxLength: 40 },
);
const ruleArb = fc.constantFrom<AllocationRule>('pro_rata', 'headcount', 'priority');

describe('allocation when supply is short', () => {
  it('pro rata: 100 units for pledges of 60, 30, 30 → 50, 25, 25', () => {
    const r = allocate(100, [{ id: 1, pledged: 60 }, { id: 2, pledged: 30 }, { id: 3, pledged: 30 }], 'pro_rata');
    expect(r.map((l) => l.allocated)).toEqual([50, 25, 25]);
  });

  it('pro rata with remainders: 10 units among three equal pledges → 4, 3, 3 (tie to the smaller id)', () => {
    const r = allocate(10, [{ id: 7, pledged: 9 }, { id: 3, pledged: 9 }, { id: 5, pledged: 9 }], 'pro_rata');
    expect(Object.fromEntries(r.map((l) => [l.id, l.allocated]))).toEqual({ 3: 4, 5: 3, 7: 3 });
  });

  it('headcount: a small firm saturates at its pledge and the rest is re-shared', () => {
    const r = allocate(100, [{ id: 1, pledged: 10, headcount: 500 }, { id: 2, pledged: 100, headcount: 100 }, { id: 3, pledged: 100, headcount: 100 }], 'headcount');
    expect(r.map((l) => l.allocated)).toEqual([10, 45, 45]);
  });

  it('priority: firms producing epidemic supplies are served first', () => {
    const r = allocate(46, [{ id: 1, pledged: 30 }, { id: 2, pledged: 20, priority: true }, { id: 3, pledged: 20, priority: true }], 'priority');
    expect(r.map((l) => l.allocated)).toEqual([6, 20, 20]);
  });

  it('caps bind even with plenty of supply; unlimited supply gives every limit', () => {
    expect(allocate(null, [{ id: 1, pledged: 50, cap: 20 }, { id: 2, pledged: 5 }], 'pro_rata').map((l) => l.allocated)).toEqual([20, 5]);
  });

  it('property: whole units, sum exactly min(available, Σ limits), nobody above pledge or cap', () => {
    fc.assert(
      fc.property(firmsArb, fc.integer({ min: 0, max: 100_000 }), ruleArb, (firms: AllocationFirm[], available, rule) => {
        const lines = allocate(available, firms, rule);
        const totalLimit = firms.reduce((s, f) => s + limitOf(f), 0);
        expect(lines.reduce((s, l) => s + l.allocated, 0)).toBe(Math.min(available, totalLimit));
        firms.forEach((f, k) => {
          const a = lines[k]!.allocated;
          expect(Number.isInteger(a)).toBe(true);
          expect(a).toBeGreaterThanOrEqual(0);
          expect(a).toBeLessThanOrEqual(f.pledged);
          if (f.cap !== null && f.cap !== undefined) expect(a).toBeLessThanOrEqual(f.cap);
        });
        if (rule === 'priority' && available < totalLimit) {
          // Non-priority firms get something only when every priority firm is full.
          const othersGot = firms.some((f, k) => !f.priority && lines[k]!.allocated > 0);
          if (othersGot) firms.forEach((f, k) => f.priority && expect(lines[k]!.allocated).toBe(limitOf(f)));
        }
        if (rule === 'pro_rata' && available < totalLimit) {
          // Hamilton: each firm within one unit of its exact share.
          firms.forEach((f, k) => {
            const exact = (available * limitOf(f)) / totalLimit;
            expect(Math.abs(lines[k]!.allocated - exact)).toBeLessThan(1 + 1e-9);
          });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('property: huge numbers stay exact (BigInt shares)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 2 ** 40 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 2 ** 42 }), (pledges, available) => {
        const firms = pledges.map((pledged, i) => ({ id: i + 1, pledged }));
        const lines = allocate(available, firms, 'pro_rata');
        const total = pledges.reduce((s, p) => s + p, 0);
        expect(lines.reduce((s, l) => s + l.allocated, 0)).toBe(Math.min(available, total));
      }),
    );
  });
});
