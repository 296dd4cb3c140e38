import { describe, expect, it } from 'vitest';
import { generateNetwork } from './generate';
import { criticality, topByExposure } from './impact';
import { criticalityParallel } from './parallel';

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

  it('propagates an error thrown inside a worker', async () => {
    const net = generateNetwork({ firms: 50, links: 200, seed: 1 });
    await expect(criticalityParallel(net, { mode: 'dynamic', horizon: -1, workers: 2 })).rejects.toThrow(/horizon/);
  });
});
