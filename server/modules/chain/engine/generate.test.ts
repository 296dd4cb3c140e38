import { describe, expect, it } from 'vitest';
import { generateNetwork, Sfc32 } from './generate';

describe('generateNetwork', () => {
  it('is deterministic for a seed and different across seeds', () => {
    const a = generateNetwork({ firms: 500, links: 2500, seed: 42 });
    const b = generateNetwork({ firms: 500, links: 2500, seed: 42 });
    const c = generateNetwork({ firms: 500, links: 2500, seed: 43 });
    expect(Array.from(a.linkSupplier)).toEqual(Array.from(b.linkSupplier));
    expect(Array.from(a.linkShare)).toEqual(Array.from(b.linkShare));
    expect(Array.from(a.capacity)).toEqual(Array.from(b.capacity));
    expect(Array.from(a.linkSupplier)).not.toEqual(Array.from(c.linkSupplier));
  });

  it('produces exactly the requested links as a valid acyclic tiered map', () => {
    const net = generateNetwork({ firms: 2000, links: 10_000, seed: 1 });
    expect(net.n).toBe(2000);
    expect(net.linkCount).toBe(10_000);
    expect(net.acyclic).toBe(true);
    for (let c = 0; c < net.n; c++) {
      for (let q = net.needStart[c]; q < net.needStart[c + 1]; q++) {
        let sum = net.needOutside[q];
        for (let l = net.linkStart[q]; l < net.linkStart[q + 1]; l++) {
          expect(net.linkShare[l]).toBeGreaterThan(0);
          expect(net.linkSupplier[l]).toBeLessThan(c);
          expect(net.linkLead[l]).toBeGreaterThanOrEqual(1);
          sum += net.linkShare[l];
        }
        expect(Math.abs(sum - 1)).toBeLessThan(1e-9);
      }
    }
    for (let i = 0; i < net.n; i++) {
      expect(net.capacity[i]).toBeGreaterThanOrEqual(0.2);
      expect(net.capacity[i]).toBeLessThanOrEqual(1);
      expect(net.weight[i]).toBeGreaterThanOrEqual(1);
    }
    // A tiered map has hubs: the busiest supplier serves far more customers than the average.
    let maxOut = 0;
    for (let i = 0; i < net.n; i++) maxOut = Math.max(maxOut, net.downStart[i + 1] - net.downStart[i]);
    expect(maxOut).toBeGreaterThan((5 * net.downCustomer.length) / net.n);
  });

  it('creates cycles on request and per-day capacity ramps', () => {
    const net = generateNetwork({ firms: 1000, links: 5000, seed: 3, cycleFraction: 0.2, capacityDays: 10 });
    expect(net.acyclic).toBe(false);
    let cyclic = 0;
    for (let k = 0; k < net.compCount; k++) cyclic += net.compCyclic[k];
    expect(cyclic).toBeGreaterThan(0);
    expect(net.capDays).toBe(10);
    for (let i = 0; i < net.n; i++) {
      for (let t = 1; t < 10; t++) expect(net.capacity[i * 10 + t]).toBeGreaterThanOrEqual(net.capacity[i * 10 + t - 1]);
    }
  });

  it('Sfc32 yields uniform-looking numbers in [0, 1)', () => {
    const rng = new Sfc32(7);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const v = rng.next();
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
      sum += v;
    }
    expect(sum / 10_000).toBeCloseTo(0.5, 1);
  });
});
