import { describe, expect, it } from 'vitest';
import { generateNetwork } from './generate';
import { buildNetwork, firmId, networkToInput } from './network';
import { criticality, helpPriority, ImpactEngine, topByExposure } from './impact';
import { criticalityParallel, helpPriorityParallel, ImpactPool } from './parallel';

describe('criticalityParallel', () => {
  it('matches the single-threaded ranking and reports progress up to the total', async () => {
    const net = generateNetwork({ firms: 3000, links: 15_000, seed: 9, cycleFraction: 0.02 });
    const candidates = topByExposure(net, 300);
    for (const mode of ['static', 'dynamic'] as const) {
      const seen: number[] = [];
      const compiled: boolean[] = [];
      const parallel = await criticalityParallel(net, {
        onWorkerDone: (c) => compiled.push(c),
        mode,
        horizon: 20,
        candidates,
        top: 25,
        workers: 2,
        onProgress: (done, total) => {
          expect(total).toBe(300);
          seen.push(done);
        },
      });
      const single = criticality(net, { mode, horizon: 20, candidates, top: 25 });
      expect(parallel).toEqual(single);
      // Dynamic workers evaluate in the cone kernel against the main thread's baseline in place.
      expect(compiled).toEqual(mode === 'dynamic' ? [true, true] : [false, false]);
      expect(seen.at(-1)).toBe(300);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    }
  });

  it('lists the broken firms of the top rows in this network’s id order (the workers’ copy has no ids)', async () => {
    // Ids "0", "1", …, "1499": their string order is not the index order.
    const net = buildNetwork(networkToInput(generateNetwork({ firms: 1500, links: 7500, seed: 9, cycleFraction: 0.02 })));
    const candidates = topByExposure(net, 150);
    for (const mode of ['static', 'dynamic'] as const) {
      const parallel = await criticalityParallel(net, { mode, horizon: 15, candidates, top: 20, workers: 2 });
      expect(parallel).toEqual(criticality(net, { mode, horizon: 15, candidates, top: 20 }));
      expect(parallel.some((r) => r.broken.length > 1)).toBe(true);
    }
  });

  it('help priority on the workers gives the single-threaded list, bit for bit, both modes', async () => {
    // Capacities per day (a ramp-up), so a commit changes a row of several days in every engine.
    const net = generateNetwork({ firms: 3000, links: 15_000, seed: 11, cycleFraction: 0.02, capacityDays: 3 });
    const candidates = topByExposure(net, 300);
    for (const mode of ['static', 'dynamic'] as const) {
      const single = helpPriority(net, { mode, horizon: 20, candidates, steps: 8 });
      expect(single.length).toBeGreaterThan(3);
      const steps: number[] = [];
      const parallel = await helpPriorityParallel(net, { mode, horizon: 20, candidates, steps: 8, workers: 2, onProgress: (d) => steps.push(d) });
      expect(parallel).toEqual(single);
      expect(steps).toEqual(single.map((_, i) => i + 1));
      // One pool for both rankings, as the CLI runs them: the same rows as one thread.
      const engine = new ImpactEngine(net, { mode, horizon: 20 });
      const pool = new ImpactPool(engine, 2);
      try {
        const crit = await criticalityParallel(net, { mode, horizon: 20, candidates, top: 10, engine, pool });
        expect(crit).toEqual(criticality(net, { mode, horizon: 20, candidates, top: 10 }));
        expect(await helpPriorityParallel(net, { mode, horizon: 20, candidates, steps: 8, engine, pool })).toEqual(single);
        expect(engine.baselineTotal).toBe(single.at(-1)?.cumulativeY);
      } finally {
        await pool.close();
      }
    }
  });

  it('help priority: a worker sees the helped firm’s new capacity when it re-evaluates a cone holding it', async () => {
    // B takes half its input from A (x_B ≤ 0.5 + 0.5 x_A). Step 1 helps B (0.5 → 0.75 at x_A = 0.5,
    // gain 10 × 0.25 per day); step 2 helps A, whose cone holds B, now at capacity 1: x_B = 1.
    const net = buildNetwork({
      firms: [
        { id: 'A', capacity: 0.5, weight: 1 },
        { id: 'B', capacity: 0.5, weight: 10 },
      ],
      links: [{ supplier: 'A', customer: 'B', item: 'k', share: 0.5 }],
    });
    for (const mode of ['static', 'dynamic'] as const) {
      const single = helpPriority(net, { mode, horizon: 4 });
      expect(single.map((s) => firmId(net, s.firm))).toEqual(['B', 'A']);
      expect(await helpPriorityParallel(net, { mode, horizon: 4, workers: 2 })).toEqual(single);
    }
  });

  it('propagates an error thrown inside a worker', async () => {
    const net = generateNetwork({ firms: 50, links: 200, seed: 1 });
    await expect(criticalityParallel(net, { mode: 'dynamic', horizon: -1, workers: 2 })).rejects.toThrow(/horizon/);
  });
});
