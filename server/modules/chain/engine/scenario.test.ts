import { describe, expect, it } from 'vitest';
import { buildNetwork, capacityAt, firmIndex, NetworkInputError, networkToInput, type NetworkInput } from './network';
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

// District scenarios. A1 and A2 lie in district A, B and C in district B, D in district D.
// A1 supplies all of C's "k" (lead 1, C holds 1 day of cover); B supplies all of D's "m" (lead 1).
const districtMap: NetworkInput = {
  firms: [
    { id: 'A1', capacity: 1 },
    { id: 'A2', capacity: 0.3 },
    { id: 'B', capacity: 1 },
    { id: 'C', capacity: 1 },
    { id: 'D', capacity: 1 },
  ],
  links: [
    { supplier: 'A1', customer: 'C', item: 'k', share: 1, leadDays: 1 },
    { supplier: 'B', customer: 'D', item: 'm', share: 1, leadDays: 1 },
  ],
  stocks: [{ firm: 'C', item: 'k', days: 1 }],
};
const districts = { A1: 'A', A2: 'A', B: 'B', C: 'B', D: 'D' };

describe('district scenarios', () => {
  it('a lockdown holds every firm of the district at the given capacity on those days, never raising one', () => {
    // District A at 20 % on days 1–2, horizon 5.
    // A1: a = [1, .2, .2, 1, 1]; A2 is at 30 %: min(.3, .2) on days 1–2 → [.3, .2, .2, .3, .3].
    // C: inflow(t) = x_A1(t − 1) = [1 (actual), 1, .2, .2, 1], stock 1:
    //   day 0: avail 2 → 1, stock 1; day 1: avail 2 → 1, stock 1; day 2: avail 1.2 → 1, stock .2;
    //   day 3: avail .4 → .4 < θ = .5 → break, stock 0; day 4: avail 1 → 1.
    // B and D untouched. Y before 4.3 a day; after [4.3, 3.4, 3.4, 3.7, 4.3] → ΔΣY = −2.4.
    const net = buildNetwork(districtMap);
    const scenario = { name: 'A locked', districts, changes: [{ type: 'districtLockdown' as const, district: 'A', value: 0.2, fromDay: 1, toDay: 2 }] };
    const next = applyScenario(net, scenario);
    const at = (id: string) => [0, 1, 2, 3, 4].map((t) => capacityAt(next, firmIndex(next).get(id) as number, t));
    expect(at('A1')).toEqual([1, 0.2, 0.2, 1, 1]);
    expect(at('A2')).toEqual([0.3, 0.2, 0.2, 0.3, 0.3]);
    expect(at('B')).toEqual([1, 1, 1, 1, 1]);

    const cmp = compareScenario(net, scenario, { horizon: 5 });
    expect(cmp.yBefore).toEqual([4.3, 4.3, 4.3, 4.3, 4.3]);
    [4.3, 3.4, 3.4, 3.7, 4.3].forEach((y, t) => expect(cmp.yAfter[t]).toBeCloseTo(y, 9));
    expect(cmp.deltaTotal).toBeCloseTo(-2.4, 9);
    const byId = Object.fromEntries(cmp.firms.map((f) => [f.id, f]));
    [0, -0.8, -0.8, 0, 0].forEach((v, t) => expect(byId.A1.dx[t]).toBeCloseTo(v, 9));
    [0, -0.1, -0.1, 0, 0].forEach((v, t) => expect(byId.A2.dx[t]).toBeCloseTo(v, 9));
    [0, 0, 0, -0.6, 0].forEach((v, t) => expect(byId.C.dx[t]).toBeCloseTo(v, 9));
    expect(byId.C.breakDayBefore).toBeNull();
    expect(byId.C.breakDayAfter).toBe(3);
    // Held at its own capacity, a locked-down firm is not "broken": its inputs do not bind.
    expect(byId.A1.breakDayAfter).toBeNull();
    expect(byId.D.dxTotal).toBe(0);
  });

  it('a lockdown without days holds the district for the whole horizon (static: day 0)', () => {
    // Static: x_A1 = 0, x_A2 = 0, x_C = min(1, 0) = 0 (broken), B = D = 1 → Y 4.3 → 2.
    const cmp = compareScenario(buildNetwork(districtMap), { name: 'A shut', districts, changes: [{ type: 'districtLockdown', district: 'A', value: 0 }] }, { mode: 'static' });
    expect(cmp.yBefore[0]).toBeCloseTo(4.3, 9);
    expect(cmp.yAfter).toEqual([2]);
    expect(cmp.firms.find((f) => f.id === 'C')?.breakDayAfter).toBe(0);
  });

  it('a logistics delay raises the lead days of every link through the district, and the pipeline lasts longer', () => {
    // A1 restarts: latest actual output 20 %, capacity 100 % today. A delay of 2 days through A
    // lifts A1 → C from 1 to 3 days; B → D (B, D outside A) keeps 1.
    // Before: C's inflow = [.2 (pipeline), 1, 1, 1, 1]; day 0 avail 1.2 → 1, stock .2; day 1
    //   avail 1.2 → 1: never broken.
    // After: inflow = [.2, .2, .2, 1, 1]; day 0 avail 1.2 → 1, stock .2; day 1 avail .4 → .4
    //   (break), stock 0; day 2 avail .2 → .2; days 3–4 → 1. ΔC = [0, −.6, −.8, 0, 0].
    const input: NetworkInput = { ...districtMap, firms: districtMap.firms.map((f) => (f.id === 'A1' ? { ...f, actual: 0.2 } : f)) };
    const net = buildNetwork(input);
    const scenario = { name: 'A delayed', districts, changes: [{ type: 'logisticsDelay' as const, district: 'A', days: 2 }] };
    const leads = Object.fromEntries(networkToInput(applyScenario(net, scenario)).links.map((l) => [`${l.supplier}>${l.customer}`, l.leadDays]));
    expect(leads).toEqual({ 'A1>C': 3, 'B>D': 1 });
    // Through the customer's district too: a delay through D lifts B → D.
    const viaD = networkToInput(applyScenario(net, { name: 'D delayed', districts, changes: [{ type: 'logisticsDelay', district: 'D', days: 4 }] }));
    expect(Object.fromEntries(viaD.links.map((l) => [`${l.supplier}>${l.customer}`, l.leadDays]))).toEqual({ 'A1>C': 1, 'B>D': 5 });

    const cmp = compareScenario(net, scenario, { horizon: 5 });
    const c = cmp.firms.find((f) => f.id === 'C')!;
    [0, -0.6, -0.8, 0, 0].forEach((v, t) => expect(c.dx[t]).toBeCloseTo(v, 9));
    expect(c.breakDayBefore).toBeNull();
    expect(c.breakDayAfter).toBe(1);
    expect(cmp.deltaTotal).toBeCloseTo(-1.4, 9);
  });

  it('refuses a district with no firm and a delay that is not a whole number of days ≥ 1', () => {
    const net = buildNetwork(districtMap);
    try {
      applyScenario(net, {
        name: 'bad',
        districts,
        changes: [
          { type: 'districtLockdown', district: 'Z', value: 0 },
          { type: 'logisticsDelay', district: 'A', days: 0 },
          { type: 'districtLockdown', district: 'A', value: 2 },
        ],
      });
      throw new Error('expected an error');
    } catch (err) {
      expect(err).toBeInstanceOf(NetworkInputError);
      expect((err as NetworkInputError).issues.map((i) => [i.path, i.code])).toEqual([
        ['changes[0].district', 'unknown_district'],
        ['changes[1].days', 'lead_invalid'],
        ['changes[2].value', 'capacity_invalid'],
      ]);
    }
  });
});
