import fc from 'fast-check';
import loadHighs from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FlowNetworkBuilder, MinCostFlowInputError, solveMinCostFlow, type FlowProblem, type FlowResult } from './min-cost-flow';

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

/** The same problem as an LP for HiGHS: min Σ c·x, flow balance per node, 0 ≤ x ≤ u. */
function lpOptimum(p: FlowProblem): { status: string; objective: number } {
  const m = p.source.length;
  const obj: string[] = [];
  for (let a = 0; a < m; a++) obj.push(`${p.cost[a] >= 0 ? '+' : '-'} ${Math.abs(p.cost[a])} x${a}`);
  const rows: string[] = [];
  for (let v = 0; v < p.nodeCount; v++) {
    const terms: string[] = [];
    for (let a = 0; a < m; a++) {
      if (p.source[a] === v && p.target[a] !== v) terms.push(`+ x${a}`);
      if (p.target[a] === v && p.source[a] !== v) terms.push(`- x${a}`);
    }
    // An isolated node still needs its balance: 0 = b.
    rows.push(` n${v}: ${terms.length ? terms.join(' ') : `0 x0`} = ${p.supply[v]}`);
  }
  const bounds: string[] = [];
  for (let a = 0; a < m; a++) bounds.push(p.capacity[a] === Infinity ? ` x${a} >= 0` : ` 0 <= x${a} <= ${p.capacity[a]}`);
  const lp = `Minimize\n obj: ${obj.length ? obj.join(' ') : '0'}\nSubject To\n${rows.join('\n')}\nBounds\n${bounds.join('\n')}\nEnd\n`;
  const r = highs.solve(lp, { output_flag: false });
  return { status: r.Status, objective: r.ObjectiveValue };
}

/** Checks the returned flow is feasible and optimal by complementary slackness on its duals. */
function checkOptimal(p: FlowProblem, r: FlowResult): void {
  const m = p.source.length;
  const balance = new Float64Array(p.nodeCount);
  let total = 0;
  for (let a = 0; a < m; a++) {
    const x = r.flow[a];
    expect(Number.isInteger(x)).toBe(true);
    expect(x).toBeGreaterThanOrEqual(0);
    expect(x).toBeLessThanOrEqual(p.capacity[a]);
    balance[p.source[a]] += x;
    balance[p.target[a]] -= x;
    total += x * p.cost[a];
    const reduced = p.cost[a] + r.potential[p.source[a]] - r.potential[p.target[a]];
    if (x < p.capacity[a]) expect(reduced).toBeGreaterThanOrEqual(0);
    if (x > 0) expect(reduced).toBeLessThanOrEqual(0);
  }
  for (let v = 0; v < p.nodeCount; v++) expect(balance[v]).toBe(p.supply[v]);
  expect(r.totalCost).toBe(total);
}

/** Floyd–Warshall over the infinite-capacity arcs: is there a cycle of negative cost? */
function hasNegativeInfiniteCycle(p: FlowProblem): boolean {
  const n = p.nodeCount;
  const d = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity)));
  for (let a = 0; a < p.source.length; a++) {
    if (p.capacity[a] !== Infinity) continue;
    const s = p.source[a];
    const t = p.target[a];
    if (s === t) {
      if (p.cost[a] < 0) return true;
      continue;
    }
    d[s][t] = Math.min(d[s][t], p.cost[a]);
  }
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i][j] = Math.min(d[i][j], d[i][k] + d[k][j]);
  return d.some((row, i) => row[i] < 0);
}

/** A random transportation/assignment-like network with a bypass, always feasible. */
const feasibleProblem = fc
  .record({
    left: fc.integer({ min: 1, max: 8 }),
    right: fc.integer({ min: 1, max: 8 }),
    seed: fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 64, maxLength: 64 }),
    caps: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 64, maxLength: 64 }),
    density: fc.integer({ min: 1, max: 100 }),
    demand: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 8, maxLength: 8 }),
    load: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 8, maxLength: 8 }),
  })
  .map(({ left, right, seed, caps, density, demand, load }): FlowProblem => {
    const b = new FlowNetworkBuilder();
    const s = b.addNode();
    const t = b.addNode();
    const ls = Array.from({ length: left }, () => b.addNode());
    const rs = Array.from({ length: right }, () => b.addNode());
    let need = 0;
    ls.forEach((l, i) => {
      b.addArc(s, l, demand[i], 0);
      need += demand[i];
    });
    rs.forEach((r, j) => b.addArc(r, t, load[j], 0));
    for (let i = 0; i < left; i++) {
      for (let j = 0; j < right; j++) {
        const k = i * 8 + j;
        if ((k * 37 + density) % 100 < density) b.addArc(ls[i], rs[j], caps[k], seed[k]);
      }
    }
    b.addArc(s, t, Infinity, 0); // leaving demand unmet costs nothing
    b.addSupply(s, need);
    b.addSupply(t, -need);
    return b.build();
  });

/** A random general graph: any arcs (cycles, negative costs, parallel arcs), any balanced supplies. */
const generalProblem = fc
  .record({
    n: fc.integer({ min: 1, max: 9 }),
    arcs: fc.array(
      fc.record({ s: fc.nat(), t: fc.nat(), cap: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constant(Infinity)), cost: fc.integer({ min: -20, max: 30 }) }),
      { maxLength: 30 },
    ),
    supplies: fc.array(fc.integer({ min: -6, max: 6 }), { minLength: 9, maxLength: 9 }),
  })
  .map(({ n, arcs, supplies }): FlowProblem => {
    const supply = supplies.slice(0, n);
    const sum = supply.reduce((x, y) => x + y, 0);
    supply[0] -= sum;
    return {
      nodeCount: n,
      supply,
      source: arcs.map((a) => a.s % n),
      target: arcs.map((a) => a.t % n),
      capacity: arcs.map((a) => a.cap),
      cost: arcs.map((a) => a.cost),
    };
  });

describe('minimum-cost flow (network simplex)', () => {
  it('solves a hand-worked transportation problem', () => {
    // Two suppliers (3 and 2 units), two customers (needing 4 and 1); costs per unit:
    //   s0→c0 4, s0→c1 6, s1→c0 5, s1→c1 3. Optimum: s0→c0 3, s1→c0 1, s1→c1 1 = 12+5+3 = 20.
    const p: FlowProblem = {
      nodeCount: 4,
      supply: [3, 2, -4, -1],
      source: [0, 0, 1, 1],
      target: [2, 3, 2, 3],
      capacity: [Infinity, Infinity, Infinity, Infinity],
      cost: [4, 6, 5, 3],
    };
    const r = solveMinCostFlow(p);
    expect(r.status).toBe('optimal');
    expect(Array.from(r.flow)).toEqual([3, 0, 1, 1]);
    expect(r.totalCost).toBe(20);
    checkOptimal(p, r);
  });

  it('respects capacities and takes the dearer route when the cheap one is full', () => {
    // 5 units from 0 to 2: direct arc costs 1 but carries 2; via 1 costs 2+2.
    const p: FlowProblem = { nodeCount: 3, supply: [5, 0, -5], source: [0, 0, 1], target: [2, 1, 2], capacity: [2, 10, 10], cost: [1, 2, 2] };
    const r = solveMinCostFlow(p);
    expect(r.status).toBe('optimal');
    expect(Array.from(r.flow)).toEqual([2, 3, 3]);
    expect(r.totalCost).toBe(2 + 12);
  });

  it('saturates a negative cycle of finite capacity, and reports one of infinite capacity as unbounded', () => {
    const bounded: FlowProblem = { nodeCount: 2, supply: [0, 0], source: [0, 1], target: [1, 0], capacity: [3, 5], cost: [-4, 1] };
    const r = solveMinCostFlow(bounded);
    expect(r.status).toBe('optimal');
    expect(r.totalCost).toBe(-9);
    const unbounded: FlowProblem = { ...bounded, capacity: [Infinity, Infinity] };
    expect(solveMinCostFlow(unbounded).status).toBe('unbounded');
  });

  it('reports balances that no flow can meet as infeasible', () => {
    const p: FlowProblem = { nodeCount: 3, supply: [4, 0, -4], source: [0, 1], target: [1, 2], capacity: [4, 3], cost: [1, 1] };
    expect(solveMinCostFlow(p).status).toBe('infeasible');
    const disconnected: FlowProblem = { nodeCount: 2, supply: [1, -1], source: [], target: [], capacity: [], cost: [] };
    expect(solveMinCostFlow(disconnected).status).toBe('infeasible');
  });

  it('refuses malformed input instead of answering wrongly', () => {
    const ok: FlowProblem = { nodeCount: 2, supply: [1, -1], source: [0], target: [1], capacity: [1], cost: [1] };
    expect(() => solveMinCostFlow({ ...ok, supply: [1, 0] })).toThrow(MinCostFlowInputError);
    expect(() => solveMinCostFlow({ ...ok, target: [2] })).toThrow(/endpoint/);
    expect(() => solveMinCostFlow({ ...ok, cost: [0.5] })).toThrow(/integer/);
    expect(() => solveMinCostFlow({ ...ok, capacity: [-1] })).toThrow(/capacity/);
    expect(() => solveMinCostFlow({ ...ok, cost: [2 ** 52] })).toThrow(/exact/);
  });

  it('matches the LP optimum (HiGHS) on random assignment networks, with a feasible, dual-certified flow', () => {
    fc.assert(
      fc.property(feasibleProblem, (p) => {
        const r = solveMinCostFlow(p);
        expect(r.status).toBe('optimal');
        checkOptimal(p, r);
        const lp = lpOptimum(p);
        expect(lp.status).toBe('Optimal');
        expect(r.totalCost).toBeCloseTo(lp.objective, 6);
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with the LP (HiGHS) on random general graphs: optimum, infeasibility and unboundedness', () => {
    fc.assert(
      fc.property(generalProblem, (p) => {
        const r = solveMinCostFlow(p);
        // Unbounded means exactly: a negative cycle of infinite capacity exists (as in LEMON),
        // whether or not the balances can be met.
        expect(r.status === 'unbounded').toBe(hasNegativeInfiniteCycle(p));
        if (r.status === 'unbounded') return;
        const lp = lpOptimum(p);
        if (r.status === 'optimal') {
          checkOptimal(p, r);
          expect(lp.status).toBe('Optimal');
          expect(r.totalCost).toBeCloseTo(lp.objective, 6);
        } else {
          expect(lp.status).toBe('Infeasible');
        }
      }),
      { numRuns: 400 },
    );
  });

  it('builds problems incrementally with the builder', () => {
    const b = new FlowNetworkBuilder();
    const nodes = Array.from({ length: 40 }, (_, i) => b.addNode(i === 0 ? 39 : -1));
    for (let i = 1; i < 40; i++) b.addArc(nodes[i - 1], nodes[i], 40, 1);
    const p = b.build();
    expect(p.nodeCount).toBe(40);
    expect(p.source.length).toBe(39);
    const r = solveMinCostFlow(p);
    expect(r.status).toBe('optimal');
    // Unit k travels k arcs: Σ_{k=1..39} k.
    expect(r.totalCost).toBe((39 * 40) / 2);
  });
});
