import { describe, expect, it } from 'vitest';
import { buildNetwork, firmIndex, type NetworkInput } from './network';
import { BREAK_TOLERANCE, isBreak, solveStatic } from './static';
import { runDynamic } from './dynamic';
import { criticality } from './impact';

// C needs "part": 55 % from S, 45 % from outside. In floating point the outside share is
// 1 − 0.55 = 0.44999999999999996, while θ·a = 0.5 · 0.9 = 0.45: a firm exactly at θ·a.
const input = (supplierCapacity: number): NetworkInput => ({
  firms: [
    { id: 'S', capacity: supplierCapacity },
    { id: 'C', capacity: 0.9 },
  ],
  links: [{ supplier: 'S', customer: 'C', item: 'part', share: 0.55, leadDays: 1 }],
});

describe('break threshold tolerance', () => {
  it('the floating value is below θ·a, but within the tolerance', () => {
    expect(1 - 0.55).toBe(0.44999999999999996);
    expect(1 - 0.55 < 0.5 * 0.9).toBe(true);
    expect(isBreak(1 - 0.55, 0.5, 0.9)).toBe(false);
    expect(isBreak(0.45 - 2 * BREAK_TOLERANCE, 0.5, 0.9)).toBe(true);
  });

  it('static: a firm exactly at θ·a is not broken (kernel and JavaScript paths)', () => {
    const net = buildNetwork(input(0));
    const c = firmIndex(net).get('C') as number;
    for (const n of [net, { ...net, arena: undefined }]) {
      const r = solveStatic(n);
      expect(r.x[c]).toBe(0.44999999999999996);
      expect(r.broken[c]).toBe(0);
    }
  });

  it('dynamic: the day the supplier stops, the customer sits at θ·a and does not break (kernel and JavaScript)', () => {
    const net = buildNetwork(input(0));
    const c = firmIndex(net).get('C') as number;
    expect(net.arena).toBeDefined();
    const kernel = runDynamic(net, { horizon: 5 });
    const js = runDynamic({ ...net, arena: undefined }, { horizon: 5 });
    for (const r of [kernel, js]) {
      expect(r.history!.x[c * r.history!.stride + 2]).toBe(0.44999999999999996);
      expect(r.breakDay[c]).toBe(-1);
    }
    expect(Array.from(kernel.breakDay)).toEqual(Array.from(js.breakDay));
  });

  it('criticality (incremental engine) applies the same rule, static and dynamic', () => {
    const net = buildNetwork(input(1));
    for (const mode of ['static', 'dynamic'] as const) {
      const rows = criticality(net, { mode, horizon: 5 });
      const s = rows.find((r) => r.firm === (firmIndex(net).get('S') as number));
      expect(s?.broken, mode).toEqual([]);
    }
  });

  it('a firm clearly below θ·a still breaks', () => {
    const net = buildNetwork({ ...input(0), links: [{ supplier: 'S', customer: 'C', item: 'part', share: 0.56, leadDays: 1 }] });
    const c = firmIndex(net).get('C') as number;
    expect(solveStatic(net).broken[c]).toBe(1);
    expect(runDynamic(net, { horizon: 5 }).breakDay[c]).toBe(1);
  });
});
