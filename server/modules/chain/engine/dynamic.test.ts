import { describe, expect, it } from 'vitest';
import { buildNetwork, firmId, firmIndex, itemName, type Network, type NetworkInput } from './network';
import { firmSeries, historyX, runDynamic, type DynamicResult } from './dynamic';
import { dynamicCause } from './cause';

function series(net: Network, res: DynamicResult, id: string): number[] {
  return firmSeries(res, firmIndex(net).get(id) as number);
}

function breakDay(net: Network, res: DynamicResult, id: string): number {
  return res.breakDay[firmIndex(net).get(id) as number];
}

function causeOf(net: Network, res: DynamicResult, id: string): { item: string; path: string[] } | null {
  const c = dynamicCause(net, res, firmIndex(net).get(id) as number);
  return c === null ? null : { item: itemName(net, c.item), path: c.path.map((i) => firmId(net, i)) };
}

/** Supplier S stops today; customer C takes all of "k" from S with lead 2 and `cover` days of stock. */
function stopped(cover: number): NetworkInput {
  return {
    firms: [
      { id: 'S', capacity: 0, actual: 1 },
      { id: 'C', capacity: 1 },
    ],
    links: [{ supplier: 'S', customer: 'C', item: 'k', share: 1, leadDays: 2 }],
    stocks: [{ firm: 'C', item: 'k', days: cover }],
  };
}

describe('dynamic model, hand-worked', () => {
  it('stock runs out: supplier stops, 3 days of cover, lead 2 → break on day 5', () => {
    // inflow_C(t) = x_S(t − 2): days 0 and 1 still receive what S shipped before it stopped
    // (actual = 1); from day 2 on nothing arrives.
    // day 0: avail = 3 + 1 = 4 → x = 1, stock = min(3, 3) = 3
    // day 1: avail = 3 + 1 = 4 → x = 1, stock = 3
    // day 2: avail = 3 + 0 = 3 → x = 1, stock = 2
    // day 3: avail = 2 → x = 1, stock = 1
    // day 4: avail = 1 → x = 1, stock = 0
    // day 5: avail = 0 → x = 0 < 0.5 → break on day 5; S itself never "breaks" (a_S = 0).
    const net = buildNetwork(stopped(3));
    const res = runDynamic(net, { horizon: 8 });
    expect(series(net, res, 'C')).toEqual([1, 1, 1, 1, 1, 0, 0, 0]);
    expect(series(net, res, 'S')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(breakDay(net, res, 'C')).toBe(5);
    expect(breakDay(net, res, 'S')).toBe(-1);
    expect(Array.from(res.Y)).toEqual([1, 1, 1, 1, 1, 0, 0, 0]);
    expect(res.total).toBe(5);
    // Cause on day 5: item k; S on day 3 ran at its own capacity (0) → root.
    expect(causeOf(net, res, 'C')).toEqual({ item: 'k', path: ['C', 'S'] });
    // Stock history (start of day): 3, 3, 3, 2, 1, 0, 0, 0.
    const h = res.history;
    if (h === null) throw new Error('history expected');
    const q = net.needStart[firmIndex(net).get('C') as number];
    expect(Array.from(h.stock.subarray(q * 8, q * 8 + 8))).toEqual([3, 3, 3, 2, 1, 0, 0, 0]);
  });

  it('half a day of stock left sits exactly on θ: day 4 is not a break, day 5 is', () => {
    // cover 2.5: days 0,1 avail 3.5 → x 1, stock 2.5; day 2 avail 2.5 → x 1, stock 1.5;
    // day 3 avail 1.5 → x 1, stock 0.5; day 4 avail 0.5 → x = 0.5 = θ·a (not a break);
    // day 5 avail 0 → x = 0 → break.
    const net = buildNetwork(stopped(2.5));
    const res = runDynamic(net, { horizon: 7 });
    expect(series(net, res, 'C')).toEqual([1, 1, 1, 1, 0.5, 0, 0]);
    expect(breakDay(net, res, 'C')).toBe(5);
  });

  it('without stock the customer breaks as soon as the last shipment is used (day 2)', () => {
    const net = buildNetwork(stopped(0));
    const res = runDynamic(net, { horizon: 4 });
    expect(series(net, res, 'C')).toEqual([1, 1, 0, 0]);
    expect(breakDay(net, res, 'C')).toBe(2);
  });

  it('reported actual output feeds the first lead days, then the supplier’s own capacity', () => {
    // S reported 0.5 yesterday and is back at 1 today; lead 3 → C sees 0.5 for days 0..2.
    // outside share 0.25: inflow = 0.25 + 0.75·x_S(t − 3): days 0..2: 0.625, then 1.
    const net = buildNetwork({
      firms: [
        { id: 'S', capacity: 1, actual: 0.5 },
        { id: 'C', capacity: 1 },
      ],
      links: [{ supplier: 'S', customer: 'C', item: 'k', share: 0.75, leadDays: 3 }],
    });
    const res = runDynamic(net, { horizon: 5 });
    expect(series(net, res, 'C')).toEqual([0.625, 0.625, 0.625, 1, 1]);
    expect(historyX(net, res.history as NonNullable<DynamicResult['history']>, firmIndex(net).get('S') as number, -1)).toBe(0.5);
    expect(breakDay(net, res, 'C')).toBe(-1);
  });

  it('per-day capacity: a firm ramping up passes more downstream a lead later', () => {
    // A ramps 0.25, 0.5, 0.75, then 1 (last value persists); B takes 100 % of "k" from A, lead 1,
    // and reported actual 1 for yesterday. x_B = [1, 0.25, 0.5, 0.75, 1, 1].
    // Breaks: A never (x = a); B on day 1 (0.25 < 0.5).
    const net = buildNetwork({
      firms: [
        { id: 'A', capacity: [0.25, 0.5, 0.75, 1] },
        { id: 'B', capacity: 1 },
      ],
      links: [{ supplier: 'A', customer: 'B', item: 'k', share: 1, leadDays: 1 }],
    });
    const res = runDynamic(net, { horizon: 6 });
    expect(series(net, res, 'A')).toEqual([0.25, 0.5, 0.75, 1, 1, 1]);
    expect(series(net, res, 'B')).toEqual([1, 0.25, 0.5, 0.75, 1, 1]);
    expect(breakDay(net, res, 'B')).toBe(1);
    expect(causeOf(net, res, 'B')).toEqual({ item: 'k', path: ['B', 'A'] });
  });

  it('a non-essential item never constrains, with or without stock', () => {
    const net = buildNetwork({
      firms: [
        { id: 'S', capacity: 0, actual: 0 },
        { id: 'C', capacity: 0.75 },
      ],
      links: [{ supplier: 'S', customer: 'C', item: 'paint', share: 1, essential: false }],
    });
    const res = runDynamic(net, { horizon: 3 });
    expect(series(net, res, 'C')).toEqual([0.75, 0.75, 0.75]);
  });

  it('the cause path walks back through time to the root cause', () => {
    // A stops today (actual 1). B takes 100 % of "m" from A, lead 1, no stock.
    // C takes 100 % of "n" from B, lead 2, no stock.
    // x_A = 0 from day 0; x_B(t) = x_A(t − 1): [1, 0, 0, ...]; x_C(t) = x_B(t − 2): [1, 1, 1, 0, ...].
    // C breaks on day 3: binding n, supplier B on day 1 (input-bound by m), A on day 0 (x = a = 0).
    const net = buildNetwork({
      firms: [
        { id: 'A', capacity: 0 },
        { id: 'B', capacity: 1 },
        { id: 'C', capacity: 1 },
      ],
      links: [
        { supplier: 'A', customer: 'B', item: 'm', share: 1, leadDays: 1 },
        { supplier: 'B', customer: 'C', item: 'n', share: 1, leadDays: 2 },
      ],
    });
    const res = runDynamic(net, { horizon: 5 });
    expect(series(net, res, 'B')).toEqual([1, 0, 0, 0, 0]);
    expect(series(net, res, 'C')).toEqual([1, 1, 1, 0, 0]);
    expect(breakDay(net, res, 'C')).toBe(3);
    expect(causeOf(net, res, 'C')).toEqual({ item: 'n', path: ['C', 'B', 'A'] });
  });

  it('runs without history (ring of max lead + 1 days) with the same outputs', () => {
    const net = buildNetwork(stopped(3));
    const full = runDynamic(net, { horizon: 8 });
    const lean = runDynamic(net, { horizon: 8, history: false });
    expect(lean.history).toBeNull();
    expect(Array.from(lean.Y)).toEqual(Array.from(full.Y));
    expect(Array.from(lean.breakDay)).toEqual(Array.from(full.breakDay));
    expect(Array.from(lean.xLast)).toEqual(Array.from(full.xLast));
  });

  it('stocks make the dynamic model non-monotone: more own capacity can mean less output later', () => {
    // S delivers 0.5 a day (a_S = actual = 0.5), C takes 100 % of "k" from S, lead 1, 2 days of cover.
    // a_C = 0.75: stock falls 0.25 a day (2 → 0.25 on day 7), so x_C = 0.75 through day 7.
    // a_C = 1:    day 0 avail 2.5 → x 1, stock 1.5; day 1 avail 2 → 1, stock 1;
    //             day 2 avail 1.5 → 1, stock 0.5; day 3 avail 1 → 1, stock 0;
    //             day 4 avail 0.5 → x = 0.5 < 0.75.
    const make = (aC: number): Network =>
      buildNetwork({
        firms: [
          { id: 'S', capacity: 0.5, actual: 0.5 },
          { id: 'C', capacity: aC },
        ],
        links: [{ supplier: 'S', customer: 'C', item: 'k', share: 1 }],
        stocks: [{ firm: 'C', item: 'k', days: 2 }],
      });
    const low = make(0.75);
    const high = make(1);
    const xLow = series(low, runDynamic(low, { horizon: 6 }), 'C');
    const xHigh = series(high, runDynamic(high, { horizon: 6 }), 'C');
    expect(xLow).toEqual([0.75, 0.75, 0.75, 0.75, 0.75, 0.75]);
    expect(xHigh).toEqual([1, 1, 1, 1, 0.5, 0.5]);
    expect(xHigh[4]).toBeLessThan(xLow[4]);
  });

  it('rejects a horizon that is not a whole number of days ≥ 1', () => {
    const net = buildNetwork(stopped(1));
    expect(() => runDynamic(net, { horizon: 0 })).toThrow(RangeError);
    expect(() => runDynamic(net, { horizon: 2.5 })).toThrow(RangeError);
  });
});
