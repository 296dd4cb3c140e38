import { describe, expect, it } from 'vitest';
import type { Analysis, AnalysisFirm } from './api';
import { breakTimeline, causeSteps, firmStatus, layoutTiers, outputPct, shareOfY, statusCounts } from './model';

const firm = (id: number, tier: number, patch: Partial<AnalysisFirm> = {}): AnalysisFirm => ({
  id, name: `F${id}`, headcount: 10 * id, tier, weight: id, capacity: 1, actual: 1, x: [1, 1, 1], breakDay: null, cause: null, ...patch,
});

// 1 (raw, 30 % own capacity) → 2 → 3; 2 breaks on day 1 for lack of "parts", rooted in 1.
const analysis: Analysis = {
  mode: 'dynamic', horizon: 3, theta: 0.5, weightUnit: 'headcount',
  firms: [
    firm(1, 0, { capacity: 0.3, x: [0.3, 0.3, 0.3] }),
    firm(2, 1, { x: [1, 0.3, 0.3], breakDay: 1, cause: { item: 'parts', path: [{ id: 2, name: 'F2' }, { id: 1, name: 'F1' }] } }),
    firm(3, 2, { x: [1, 1, 0.8] }),
    firm(4, 0),
  ],
  links: [
    { id: 10, supplierId: 1, customerId: 2, itemId: 1, item: 'raw', sharePct: 80, essential: true, leadDays: 1, status: 'confirmed' },
    { id: 11, supplierId: 2, customerId: 3, itemId: 2, item: 'parts', sharePct: 50, essential: true, leadDays: 1, status: 'pending' },
  ],
  Y: [8, 6, 5], yFull: 10, critical: [], priority: [], scenario: null,
};

describe('reading an analysis', () => {
  it('classifies firms by forecast', () => {
    expect(analysis.firms.map(firmStatus)).toEqual(['lowCapacity', 'breaks', 'constrained', 'ok']);
    expect(statusCounts(analysis)).toEqual({ breaks: 1, constrained: 1, lowCapacity: 1, ok: 1 });
  });

  it('turns Y into % of normal and losses into % of Σ Y', () => {
    expect(outputPct(analysis)).toEqual([80, 60, 50]);
    expect(shareOfY(analysis, 1.9)).toBeCloseTo(10);
  });

  it('reads the cause path with the item at each step', () => {
    expect(causeSteps(analysis, analysis.firms[1])).toEqual([
      { firm: { id: 2, name: 'F2' }, item: 'parts' },
      { firm: { id: 1, name: 'F1' }, item: null },
    ]);
    expect(breakTimeline(analysis).map((f) => f.id)).toEqual([2]);
  });

  it('lays tiers out left to right with every firm placed once', () => {
    const { placed, tiers } = layoutTiers(analysis);
    expect(tiers).toEqual([0, 1, 2]);
    expect(placed.size).toBe(4);
    expect(placed.get(1)!.x).toBeLessThan(placed.get(2)!.x);
    expect(placed.get(2)!.x).toBeLessThan(placed.get(3)!.x);
    expect(placed.get(1)!.x).toBe(placed.get(4)!.x);
    expect(placed.get(1)!.y).not.toBe(placed.get(4)!.y);
  });
});
