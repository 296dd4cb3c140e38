import { describe, expect, it } from 'vitest';
import { buildNetwork, firmId, firmIndex, type Network, type NetworkInput } from './network';
import { arenaBaseline, criticality, helpPriority, ImpactEngine, topByExposure } from './impact';
import { generateNetwork } from './generate';
import { dayZeroCapacity, solveStatic } from './static';
import { runDynamic } from './dynamic';

// Same chain as static.test.ts: A (0.5, v 1) → B (steel 75 % from A, v 2) → C (part 100 % from B, a 0.875, v 4).
// Baseline static: x = (0.5, 0.625, 0.625), Y = 4.25.
const chain: NetworkInput = {
  firms: [
    { id: 'A', capacity: 0.5, weight: 1 },
    { id: 'B', capacity: 1, weight: 2 },
    { id: 'C', capacity: 0.875, weight: 4 },
  ],
  links: [
    { supplier: 'A', customer: 'B', item: 'steel', share: 0.75 },
    { supplier: 'B', customer: 'C', item: 'part', share: 1 },
  ],
};

const named = (net: Network, ids: number[]): string[] => ids.map((i) => firmId(net, i));

describe('criticality, hand-worked (static)', () => {
  it('ranks B, A, C with their losses and the firms they break', () => {
    // A stops: x_B = 0.25, x_C = 0.25 → Y = 0 + 0.5 + 1 = 1.5, loss 2.75; B (0.25 < 0.5) and C (0.25 < 0.4375) break.
    // B stops: x_C = 0 → Y = 0.5, loss 3.75; C breaks.
    // C stops: Y = 0.5 + 1.25 = 1.75, loss 2.5; nobody breaks (C itself has a = 0).
    const net = buildNetwork(chain);
    const rows = criticality(net, { mode: 'static' });
    expect(rows.map((r) => ({ firm: firmId(net, r.firm), loss: r.loss, broken: named(net, r.broken) }))).toEqual([
      { firm: 'B', loss: 3.75, broken: ['C'] },
      { firm: 'A', loss: 2.75, broken: ['B', 'C'] },
      { firm: 'C', loss: 2.5, broken: [] },
    ]);
  });

  it('honours candidates and top N, ties broken by id', () => {
    // Two identical independent firms: equal losses, "P" before "Q".
    const net = buildNetwork({
      firms: [
        { id: 'Q', capacity: 1 },
        { id: 'P', capacity: 1 },
        { id: 'R', capacity: 0.5 },
      ],
      links: [],
    });
    const rows = criticality(net, { mode: 'static', top: 2 });
    expect(rows.map((r) => [firmId(net, r.firm), r.loss])).toEqual([
      ['P', 1],
      ['Q', 1],
    ]);
    const only = criticality(net, { mode: 'static', candidates: [firmIndex(net).get('R') as number] });
    expect(only.map((r) => [firmId(net, r.firm), r.loss])).toEqual([['R', 0.5]]);
  });
});

describe('criticality, hand-worked (dynamic)', () => {
  it('a supplier stopping costs the customer only after its stock and lead time run out', () => {
    // S (a 1, v 1) supplies all of C's "k" (lead 2), C (a 1, v 1) holds 3 days of cover. Horizon 8.
    // Baseline: both at 1 every day → Σ Y = 16.
    // S stops: S loses 8; C runs at 1 through day 4 (see dynamic.test.ts), 0 from day 5 → loses 3.
    // Loss 11, C newly broken. C stops: loss 8, nobody breaks.
    const net = buildNetwork({
      firms: [
        { id: 'S', capacity: 1 },
        { id: 'C', capacity: 1 },
      ],
      links: [{ supplier: 'S', customer: 'C', item: 'k', share: 1, leadDays: 2 }],
      stocks: [{ firm: 'C', item: 'k', days: 3 }],
    });
    const rows = criticality(net, { mode: 'dynamic', horizon: 8 });
    expect(rows.map((r) => ({ firm: firmId(net, r.firm), loss: r.loss, broken: named(net, r.broken) }))).toEqual([
      { firm: 'S', loss: 11, broken: ['C'] },
      { firm: 'C', loss: 8, broken: [] },
    ]);
  });
});

describe('help priority, hand-worked (static)', () => {
  it('helps A first (lifts B and C), then C', () => {
    // Candidates with a < 1: A (0.5) and C (0.875).
    // Step 1: A → 1: x_B = min(1, 0.25 + 0.75) = 1, x_C = min(0.875, 1) = 0.875 → Y = 1 + 2 + 3.5 = 6.5, gain 2.25.
    //         (C → 1 alone: x_C = min(1, 0.625) = 0.625 → gain 0.)
    // Step 2: C → 1: x_C = 1 → Y = 7, gain 0.5. Then nobody is below capacity: 2 steps.
    const net = buildNetwork(chain);
    const steps = helpPriority(net, { mode: 'static' });
    expect(steps.map((s) => ({ firm: firmId(net, s.firm), gain: s.gain, cumulativeY: s.cumulativeY, restored: named(net, s.restored) }))).toEqual([
      { firm: 'A', gain: 2.25, cumulativeY: 6.5, restored: [] },
      { firm: 'C', gain: 0.5, cumulativeY: 7, restored: [] },
    ]);
  });

  it('reports the firms whose break disappears', () => {
    // θ = 0.75: baseline B (0.625 < 0.75) and C (0.625 < 0.65625) are broken.
    // Helping A: x_B = 1 ≥ 0.75, x_C = 0.875 ≥ 0.65625 → both restored.
    const net = buildNetwork(chain);
    const steps = helpPriority(net, { mode: 'static', theta: 0.75, steps: 1 });
    expect(steps).toHaveLength(1);
    expect(firmId(net, steps[0].firm)).toBe('A');
    expect(named(net, steps[0].restored)).toEqual(['B', 'C']);
  });

  it('stops when no firm gains anything', () => {
    // B is below capacity but starved by a stopped supplier: helping B gains nothing.
    const net = buildNetwork({
      firms: [
        { id: 'S', capacity: 0 },
        { id: 'B', capacity: 0.5 },
      ],
      links: [{ supplier: 'S', customer: 'B', item: 'k', share: 1 }],
    });
    const idx = firmIndex(net);
    expect(helpPriority(net, { mode: 'static', candidates: [idx.get('B') as number] })).toEqual([]);
  });
});

describe('ImpactEngine', () => {
  it('leaves its baseline untouched after evaluating candidates (repeatable results)', () => {
    const net = generateNetwork({ firms: 400, links: 2000, seed: 11, cycleFraction: 0.05, capacityDays: 5 });
    for (const mode of ['static', 'dynamic'] as const) {
      const engine = new ImpactEngine(net, { mode, horizon: 20 });
      const first: number[] = [];
      for (let j = 0; j < net.n; j += 7) first.push(engine.evaluate(j, 0));
      const again: number[] = [];
      for (let j = 0; j < net.n; j += 7) again.push(engine.evaluate(j, 0));
      expect(again).toEqual(first);
    }
  });

  it('static loops: a stop evaluated warm from the baseline on its cone equals re-solving the whole map', () => {
    // 5 % of links ignore tiers: one large supplier loop plus acyclic firms around it.
    const net = generateNetwork({ firms: 3000, links: 15000, seed: 21, cycleFraction: 0.05 });
    let largest = 0;
    for (let k = 0; k < net.compCount; k++) largest = Math.max(largest, net.compStart[k + 1] - net.compStart[k]);
    expect(largest).toBeGreaterThan(100);
    const engine = new ImpactEngine(net, { mode: 'static' });
    const base = solveStatic(net);
    const brokenOf = (b: Uint8Array): Set<number> => new Set(Array.from(b.keys()).filter((i) => b[i] === 1));
    const baseBroken = brokenOf(base.broken);
    for (const j of [...topByExposure(net, 40), 0, 1500, 2999]) {
      const a = dayZeroCapacity(net);
      a[j] = 0;
      const brute = solveStatic(net, { capacity: a });
      const delta = engine.evaluate(j, 0, true);
      expect(Math.abs(delta - (brute.Y - base.Y))).toBeLessThanOrEqual(1e-9 * (1 + base.Y));
      const after = brokenOf(brute.broken);
      expect(engine.lastBroken).toEqual([...after].filter((i) => !baseBroken.has(i)).sort((p, q) => p - q));
      // Helping (raising a capacity) starts the loop cold and must agree too.
      a[j] = 1;
      const up = solveStatic(net, { capacity: a });
      expect(Math.abs(engine.evaluate(j, 1) - (up.Y - base.Y))).toBeLessThanOrEqual(1e-9 * (1 + base.Y));
    }
  });

  it('topByExposure prefers suppliers that many valuable customers depend on', () => {
    // H supplies 100 % of three customers' essential item; L supplies 50 % of one.
    const net = buildNetwork({
      firms: [
        { id: 'H', capacity: 1 },
        { id: 'L', capacity: 1 },
        { id: 'X', capacity: 1 },
        { id: 'Y', capacity: 1 },
        { id: 'Z', capacity: 1 },
      ],
      links: [
        { supplier: 'H', customer: 'X', item: 'k', share: 1 },
        { supplier: 'H', customer: 'Y', item: 'k', share: 1 },
        { supplier: 'H', customer: 'Z', item: 'k', share: 1 },
        { supplier: 'L', customer: 'X', item: 'j', share: 0.5 },
      ],
    });
    expect(named(net, Array.from(topByExposure(net, 2)))).toEqual(['H', 'L']);
  });
});

describe('ImpactEngine, dynamic commits and help steps', () => {
  /** Greedy help list by brute force: a fresh engine over the helped capacities for every step. */
  function referenceHelp(net: Network, horizon: number, candidates: ArrayLike<number>, steps: number) {
    const cap = net.capacity.slice();
    const applied = new Set<number>();
    const out: { firm: number; gain: number; cumulativeY: number; restored: number[] }[] = [];
    for (let step = 0; step < steps; step++) {
      const engine = new ImpactEngine({ ...net, capacity: cap }, { mode: 'dynamic', horizon });
      let best = -1;
      let bestGain = 1e-12;
      for (let i = 0; i < candidates.length; i++) {
        const j = candidates[i];
        if (applied.has(j) || engine.isFullCapacity(j)) continue;
        const g = engine.evaluate(j, 1);
        if (g > bestGain || (g === bestGain && best >= 0 && j < best)) {
          best = j;
          bestGain = g;
        }
      }
      if (best < 0) break;
      engine.evaluate(best, 1, true);
      const restored = [...engine.lastRestored];
      cap.fill(1, best * net.capDays, (best + 1) * net.capDays);
      applied.add(best);
      out.push({ firm: best, gain: bestGain, cumulativeY: new ImpactEngine({ ...net, capacity: cap }, { mode: 'dynamic', horizon }).baselineTotal, restored });
    }
    return out;
  }

  it('a committed step leaves the engine exactly as a fresh one over the new capacities', () => {
    const net = generateNetwork({ firms: 1500, links: 7500, seed: 5, capacityDays: 4, stockFraction: 0.6 });
    const engine = new ImpactEngine(net, { mode: 'dynamic', horizon: 20 });
    const cap = net.capacity.slice();
    for (const [j, v] of [[3, 1], [700, 0], [1200, 1], [40, 0.25]] as const) {
      // A commit that collects lists the firms the same evaluation lists, in the same pass.
      engine.evaluate(j, v, true);
      const broken = [...engine.lastBroken];
      const restored = [...engine.lastRestored];
      engine.commit(j, v, true);
      expect(engine.lastBroken).toEqual(broken);
      expect(engine.lastRestored).toEqual(restored);
      cap.fill(v, j * net.capDays, (j + 1) * net.capDays);
      const fresh = new ImpactEngine({ ...net, capacity: cap.slice() }, { mode: 'dynamic', horizon: 20 });
      expect(engine.baselineTotal).toBe(fresh.baselineTotal);
      for (let k = 0; k < net.n; k += 37) {
        expect(engine.evaluate(k, 0, true)).toBe(fresh.evaluate(k, 0, true));
        expect(engine.lastBroken).toEqual(fresh.lastBroken);
        expect(engine.evaluate(k, 1, true)).toBe(fresh.evaluate(k, 1, true));
        expect(engine.lastRestored).toEqual(fresh.lastRestored);
      }
    }
  });

  it('help steps that keep earlier gains give the brute-force greedy list bit for bit', () => {
    for (const seed of [1, 2]) {
      const net = generateNetwork({ firms: 2000, links: 9000, seed, capacityDays: 3, cycleFraction: seed === 2 ? 0.05 : 0 });
      const candidates = topByExposure(net, 300);
      const got = helpPriority(net, { mode: 'dynamic', horizon: 15, steps: 8, candidates });
      expect(got.length).toBeGreaterThan(0);
      expect(got).toEqual(referenceHelp(net, 15, candidates, 8));
    }
  });

  it('adopts a matching forecast as its baseline instead of running it again', () => {
    const net = generateNetwork({ firms: 800, links: 4000, seed: 9, capacityDays: 2 });
    const run = runDynamic(net, { horizon: 12, theta: 0.5, history: true });
    const adopted = new ImpactEngine(net, { mode: 'dynamic', horizon: 12 }, run);
    const own = new ImpactEngine(net, { mode: 'dynamic', horizon: 12 });
    expect(adopted.baselineTotal).toBe(own.baselineTotal);
    for (let k = 0; k < net.n; k += 13) expect(adopted.evaluate(k, 0, true)).toBe(own.evaluate(k, 0, true));
  });

  it('the WebAssembly cone kernel gives the JavaScript loop\'s losses, broken and restored firms and help list, bit for bit', () => {
    for (const seed of [3, 4]) {
      const net = generateNetwork({ firms: 1500, links: 7000, seed, capacityDays: seed === 4 ? 3 : 1, cycleFraction: seed === 4 ? 0.05 : 0 });
      const js: Network = { ...net, arena: undefined };
      const kernel = new ImpactEngine(net, { mode: 'dynamic', horizon: 14 });
      const loop = new ImpactEngine(js, { mode: 'dynamic', horizon: 14 });
      expect(kernel.compiled).toBe(true);
      expect(loop.compiled).toBe(false);
      expect(kernel.baselineTotal).toBe(loop.baselineTotal);
      for (let j = 0; j < net.n; j += 7) {
        for (const v of [0, 1, 0.3]) {
          expect(kernel.evaluate(j, v, true)).toBe(loop.evaluate(j, v, true));
          expect(kernel.lastActiveCount).toBe(loop.lastActiveCount);
          expect(kernel.lastBroken).toEqual(loop.lastBroken);
          expect(kernel.lastRestored).toEqual(loop.lastRestored);
        }
      }
      const candidates = topByExposure(net, 200);
      expect(helpPriority(net, { mode: 'dynamic', horizon: 14, steps: 6, candidates })).toEqual(helpPriority(js, { mode: 'dynamic', horizon: 14, steps: 6, candidates }));
    }
  });

  it('reads a forecast in the arena in place: same losses and help list as an engine with its own baseline', () => {
    const net = generateNetwork({ firms: 1200, links: 6000, seed: 11, capacityDays: 2 });
    const run = runDynamic(net, { horizon: 12, theta: 0.5, history: true, transient: true });
    const ab = arenaBaseline(net, run);
    expect(ab).not.toBeNull();
    const inPlace = new ImpactEngine(net, { mode: 'dynamic', horizon: 12 }, ab!);
    const own = new ImpactEngine(net, { mode: 'dynamic', horizon: 12 });
    expect(inPlace.baselineTotal).toBe(own.baselineTotal);
    for (let k = 0; k < net.n; k += 11) expect(inPlace.evaluate(k, 0, true)).toBe(own.evaluate(k, 0, true));
    // An engine over another engine's shared baseline (what each worker thread builds) agrees too.
    const other = new ImpactEngine(net, { mode: 'dynamic', horizon: 12 }, own.sharedBaseline()!);
    for (let k = 0; k < net.n; k += 11) expect(other.evaluate(k, 0, false)).toBe(own.evaluate(k, 0, false));
    const candidates = topByExposure(net, 150);
    expect(helpPriority(net, { mode: 'dynamic', horizon: 12, steps: 5, candidates, engine: inPlace }))
      .toEqual(helpPriority(net, { mode: 'dynamic', horizon: 12, steps: 5, candidates }));
  });
});
