import { describe, expect, it } from 'vitest';
import { buildNetwork, capacityAt, firmIndex, NetworkInputError, type NetworkInput } from './network';
import { applyScenario, compare, compareScenario } from './scenario';
import { generateNetwork } from './generate';

// S supplies all of C's "k" with lead 1; C has 1 day of cover. Both at full capacity.
const base: NetworkInput = {
  firms: [
    { id: 'S', capacity: 1 },
    { id: 'C', capacity: 1 },
    { id: 'T', capacity: 1 },
  ],
  links: [{ supplier: 'S', customer: 'C', item: 'k', share: 1, leadDays: 1 }],
  stocks: [{ firm: 'C', item: 'k', days: 1 }],
};

describe('applyScenario', () => {
  it('limits a capacity change to the given days and keeps the rest', () => {
    const net = buildNetwork(base);
    const next = applyScenario(net, { name: 'S shut days 1–2', changes: [{ type: 'capacity', firm: 'S', value: 0, fromDay: 1, toDay: 2 }] });
    const s = firmIndex(next).get('S') as number;
    expect([0, 1, 2, 3, 4].map((t) => capacityAt(next, s, t))).toEqual([1, 0, 0, 1, 1]);
    // The original is untouched.
    expect(net.capDays).toBe(1);
    expect(capacityAt(net, firmIndex(net).get('S') as number, 1)).toBe(1);
  });

  it('compares per firm and per day: S shut on days 1–2, C rides on 1 day of cover', () => {
    // Scenario, horizon 5. x_S = [1, 0, 0, 1, 1].
    // C: inflow(t) = x_S(t − 1) = [1 (actual), 1, 0, 0, 1].
    // day 0: avail 1 + 1 = 2 → 1, stock 1; day 1: avail 2 → 1, stock 1; day 2: avail 1 → 1, stock 0;
    // day 3: avail 0 → 0 (break); day 4: avail 1 → 1, stock 0.
    // ΔY = S: −2, C: −1 → −3. T unaffected.
    const net = buildNetwork(base);
    const cmp = compareScenario(net, { name: 'S shut', changes: [{ type: 'capacity', firm: 'S', value: 0, fromDay: 1, toDay: 2 }] }, { horizon: 5 });
    expect(cmp.yBefore).toEqual([3, 3, 3, 3, 3]);
    expect(cmp.yAfter).toEqual([3, 2, 2, 2, 3]);
    expect(cmp.deltaTotal).toBe(-3);
    const byId = Object.fromEntries(cmp.firms.map((f) => [f.id, f]));
    expect(byId.S.dx).toEqual([0, -1, -1, 0, 0]);
    expect(byId.C.dx).toEqual([0, 0, 0, -1, 0]);
    expect(byId.C.breakDayBefore).toBeNull();
    expect(byId.C.breakDayAfter).toBe(3);
    expect(byId.T.dxTotal).toBe(0);
  });

  it('removeLink, addLink and addStock', () => {
    const net = buildNetwork(base);
    // Move C's supply of k to T (lead 1) and top up stock: C then keeps running while S is shut.
    const cmp = compareScenario(
      net,
      {
        name: 'switch to T',
        changes: [
          { type: 'capacity', firm: 'S', value: 0 },
          { type: 'removeLink', supplier: 'S', customer: 'C', item: 'k' },
          { type: 'addLink', supplier: 'T', customer: 'C', item: 'k', share: 1, leadDays: 1 },
          { type: 'addStock', firm: 'C', item: 'k', days: 2 },
        ],
      },
      { horizon: 4 },
    );
    const byId = Object.fromEntries(cmp.firms.map((f) => [f.id, f]));
    expect(byId.C.dx).toEqual([0, 0, 0, 0]);
    expect(byId.S.dxTotal).toBe(-4);
    const next = applyScenario(net, { name: 'stock', changes: [{ type: 'addStock', firm: 'C', item: 'k', days: 2 }] });
    expect(next.needStock0[next.needStart[firmIndex(next).get('C') as number]]).toBe(3);
  });

  it('static comparison has one value per firm and per chain', () => {
    const net = buildNetwork(base);
    const cmp = compareScenario(net, { name: 'S at half', changes: [{ type: 'capacity', firm: 'S', value: 0.5 }] }, { mode: 'static' });
    // x_S = 0.5, x_C = min(1, 0.5) = 0.5 (exactly θ·a: not broken), T = 1 → Y 3 → 2.
    expect(cmp.yBefore).toEqual([3]);
    expect(cmp.yAfter).toEqual([2]);
    const byId = Object.fromEntries(cmp.firms.map((f) => [f.id, f]));
    expect(byId.C.dx).toEqual([-0.5]);
    expect(byId.C.breakDayAfter).toBeNull();
  });

  it('reports invalid changes with paths into the scenario', () => {
    const net = buildNetwork(base);
    try {
      applyScenario(net, {
        name: 'bad',
        changes: [
          { type: 'capacity', firm: 'Nope', value: 0 },
          { type: 'removeLink', supplier: 'T', customer: 'C', item: 'k' },
          { type: 'addStock', firm: 'C', item: 'k', days: -2 },
          { type: 'capacity', firm: 'S', value: 0, fromDay: 3, toDay: 1 },
        ],
      });
      throw new Error('expected an error');
    } catch (err) {
      expect(err).toBeInstanceOf(NetworkInputError);
      expect((err as NetworkInputError).issues.map((i) => [i.path, i.code])).toEqual([
        ['changes[0].firm', 'unknown_firm'],
        ['changes[1]', 'link_not_found'],
        ['changes[2].days', 'stock_invalid'],
        ['changes[3]', 'day_invalid'],
      ]);
    }
    try {
      applyScenario(net, { name: 'over', changes: [{ type: 'addLink', supplier: 'T', customer: 'C', item: 'k', share: 0.25 }] });
      throw new Error('expected an error');
    } catch (err) {
      const issues = (err as NetworkInputError).issues;
      expect(issues.map((i) => [i.path, i.code])).toEqual([['changes[0]', 'share_sum']]);
      expect(issues[0].message).toContain('exceeding 100 % by 25 %');
    }
  });

  it('works on generated maps (ids are the decimal indices)', () => {
    const net = generateNetwork({ firms: 60, links: 240, seed: 5 });
    const cmp = compare(net, applyScenario(net, { name: 'stop 0', changes: [{ type: 'capacity', firm: '0', value: 0 }] }), { horizon: 10 });
    expect(cmp.firms).toHaveLength(60);
    expect(cmp.deltaTotal).toBeLessThanOrEqual(0);
  });
});
