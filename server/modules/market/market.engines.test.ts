import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bindingInputs, distanceBand, fit, matchBoard, normaliseItem, type BoardEntry, type NeedEntry } from './market.matching';
import { checkSplit, suggestSplit, type SplitQuote } from './market.split';

describe('order splitting', () => {
  const quotes: SplitQuote[] = [
    { id: 1, count: 400, unitPriceFen: 1200, deliveryDate: '2026-03-01' },
    { id: 2, count: 500, unitPriceFen: 1100, deliveryDate: '2026-03-05' },
    { id: 3, count: 1000, unitPriceFen: 900, deliveryDate: '2026-03-20' },
  ];

  it('takes the cheapest in-time quotes first, late ones only when needed', () => {
    const s = suggestSplit({ count: 800, needBy: '2026-03-10' }, quotes);
    expect(s.lines).toEqual([
      { quoteId: 2, count: 500, costFen: 550_000, late: false },
      { quoteId: 1, count: 300, costFen: 360_000, late: false },
    ]);
    expect(s.totalFen).toBe(910_000);
    const big = suggestSplit({ count: 1500, needBy: '2026-03-10' }, quotes);
    expect(big.lines.map((l) => [l.quoteId, l.count, l.late])).toEqual([[2, 500, false], [1, 400, false], [3, 600, true]]);
    expect(big.unfilled).toBe(0);
  });

  it('checks a split made by hand', () => {
    expect(checkSplit({ count: 800, needBy: null }, quotes, [{ quoteId: 1, count: 500 }])).toEqual({ code: 'split_above_quote', quoteId: 1 });
    expect(checkSplit({ count: 800, needBy: null }, quotes, [{ quoteId: 3, count: 900 }])).toEqual({ code: 'split_above_order' });
    expect(checkSplit({ count: 800, needBy: null }, quotes, [{ quoteId: 9, count: 1 }])).toEqual({ code: 'split_unknown_quote', quoteId: 9 });
    const ok = checkSplit({ count: 800, needBy: null }, quotes, [{ quoteId: 3, count: 700 }, { quoteId: 1, count: 100 }]);
    expect(ok).toMatchObject({ filled: 800, unfilled: 0, totalFen: 750_000 });
  });

  const quoteArb = fc.uniqueArray(
    fc.record({ id: fc.integer({ min: 1, max: 100 }), count: fc.integer({ min: 0, max: 50 }), unitPriceFen: fc.integer({ min: 0, max: 1000 }), deliveryDate: fc.constantFrom('2026-01-01', '2026-01-05', '2026-01-09') }),
    { selector: (q) => q.id, maxLength: 6 },
  );

  it('property: fills min(order, Σ quotes), never above a quote, and no cheaper split of the in-time quotes exists (vs brute force)', () => {
    fc.assert(
      fc.property(quoteArb, fc.integer({ min: 0, max: 120 }), (qs, count) => {
        const s = suggestSplit({ count, needBy: null }, qs);
        const offered = qs.reduce((a, q) => a + q.count, 0);
        expect(s.filled).toBe(Math.min(count, offered));
        for (const l of s.lines) expect(l.count).toBeLessThanOrEqual(qs.find((q) => q.id === l.quoteId)!.count);
        expect(s.totalFen).toBe(s.lines.reduce((a, l) => a + l.count * qs.find((q) => q.id === l.quoteId)!.unitPriceFen, 0));
        // Brute force by units: the cheapest `filled` units on offer.
        const unitPrices = qs.flatMap((q) => Array<number>(q.count).fill(q.unitPriceFen)).sort((a, b) => a - b);
        expect(s.totalFen).toBe(unitPrices.slice(0, s.filled).reduce((a, p) => a + p, 0));
        expect(checkSplit({ count, needBy: null }, qs, s.lines)).toMatchObject({ filled: s.filled, totalFen: s.totalFen });
      }),
      { numRuns: 300 },
    );
  });
});

const base = (o: Partial<NeedEntry>): NeedEntry => ({
  id: 1, enterpriseId: 1, kind: 'raw_material', item: '熔喷布', spec: 'BFE99', amount: 1000, unit: 'kg', availableFrom: '2026-02-01', availableTo: '2026-02-28', district: '330302', unitPriceFen: null, urgent: false, ...o,
});

describe('resource matching', () => {
  it('distance bands from districts', () => {
    expect(distanceBand('330302', '330302')).toBe('same_district');
    expect(distanceBand('330302', '330381')).toBe('same_city');
    expect(distanceBand('330302', '330203')).toBe('other_city');
    expect(distanceBand(null, '330203')).toBe('unknown');
  });

  it('needs the same kind, item, dimension and overlapping dates; never the same firm', () => {
    const offer: BoardEntry = base({ id: 10, enterpriseId: 2 });
    expect(fit(offer, base({}))).not.toBeNull();
    expect(fit(offer, base({ item: '熔 喷 布' }))).not.toBeNull();
    expect(fit(offer, base({ item: '无纺布' }))).toBeNull();
    expect(fit(offer, base({ unit: 'pcs' }))).toBeNull();
    expect(fit(offer, base({ kind: 'parts' }))).toBeNull();
    expect(fit(offer, base({ availableFrom: '2026-03-01', availableTo: '2026-03-05' }))).toBeNull();
    expect(fit(offer, base({ enterpriseId: 2 }))).toBeNull();
    expect(fit(offer, base({ unit: 't' }))!.reasons.map((r) => r.code)).toEqual(['item', 'spec_exact', 'dates_overlap', 'same_district', 'free']);
  });

  it('serves the binding-input need first when supply is short, and prefers the nearer, exact offer', () => {
    const offers: BoardEntry[] = [base({ id: 10, enterpriseId: 2, amount: 600, district: '330203' }), base({ id: 11, enterpriseId: 3, amount: 500, district: '330302' })];
    const needs: NeedEntry[] = [base({ id: 20, enterpriseId: 4, amount: 800 }), base({ id: 21, enterpriseId: 5, amount: 800, urgent: true })];
    const p = matchBoard(offers, needs);
    const to21 = p.filter((x) => x.needId === 21).reduce((s, x) => s + x.amount, 0);
    expect(to21).toBe(800);
    expect(p[0]!.needId).toBe(21);
    expect(p[0]!.reasons[0]!.code).toBe('binding_input');
    expect(p.reduce((s, x) => s + x.amount, 0)).toBe(1100);
    // The near offer goes wholly to the urgent need.
    expect(p.find((x) => x.offerId === 11)!.needId).toBe(21);
  });

  it('property: never more than an offer has or a need wants, and as much as possible is matched', () => {
    const entry = fc.record({ enterpriseId: fc.integer({ min: 1, max: 4 }), amount: fc.integer({ min: 0, max: 50 }), item: fc.constantFrom('a', 'b'), district: fc.constantFrom('330302', '330203') });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), fc.array(fc.tuple(entry, fc.boolean()), { maxLength: 6 }), (os, ns) => {
        const offers = os.map((o, i) => base({ ...o, id: i + 1 }));
        const needs = ns.map(([n, urgent], i) => base({ ...n, id: 100 + i, urgent }));
        const p = matchBoard(offers, needs);
        for (const o of offers) expect(p.filter((x) => x.offerId === o.id).reduce((s, x) => s + x.amount, 0)).toBeLessThanOrEqual(o.amount);
        for (const n of needs) expect(p.filter((x) => x.needId === n.id).reduce((s, x) => s + x.amount, 0)).toBeLessThanOrEqual(n.amount);
        // Maximal: no fitting pair both of whose ends still have room.
        const used = (id: number, key: 'offerId' | 'needId') => p.filter((x) => x[key] === id).reduce((s, x) => s + x.amount, 0);
        for (const o of offers) for (const n of needs) if (fit(o, n)) expect(o.amount - used(o.id, 'offerId') === 0 || n.amount - used(n.id, 'needId') === 0).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('urgent needs from the chain forecast (bindingInputs)', () => {
  const brk = (enterpriseId: number, day: number, item: string) => ({ enterpriseId, name: `F${enterpriseId}`, day, itemId: 0, item });
  it('flags the binding input of the firm\'s own break and of its customers\' breaks, the earliest break per item', () => {
    // 1 supplies 2 and 3; 2 breaks on day 5 for lack of 牛皮革, 3 on day 2 for 牛 皮革 (same item), 1 itself on day 7 for 熔喷布.
    const urgent = bindingInputs({ breaks: [brk(2, 5, '牛皮革'), brk(3, 2, '牛 皮革'), brk(1, 7, '熔喷布')], customers: new Map([[1, [2, 3]], [4, [1]]]) });
    expect(urgent.get(1)?.get(normaliseItem('牛皮革'))).toMatchObject({ enterpriseId: 3, day: 2 });
    expect(urgent.get(1)?.get(normaliseItem('熔喷布'))).toMatchObject({ enterpriseId: 1, day: 7 });
    expect(urgent.get(2)?.get(normaliseItem('牛皮革'))).toMatchObject({ enterpriseId: 2, day: 5 });
    // 4 supplies 1: 1's break binds on 熔喷布, so 4's need for 熔喷布 is urgent; nothing flows upstream further.
    expect([...(urgent.get(4)?.keys() ?? [])]).toEqual([normaliseItem('熔喷布')]);
    // A firm that neither breaks nor supplies a broken firm: nothing.
    expect(urgent.get(5)).toBeUndefined();
    expect(bindingInputs({ breaks: [], customers: new Map() }).size).toBe(0);
  });
});
