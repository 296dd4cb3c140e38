import { describe, expect, it } from 'vitest';
import { compileLemon, formatFlowTable, runFlowBenchmark } from './run';

describe('matching-solver benchmark (smoke, a tenth of the sizes, no timing assertions)', () => {
  it('solves both instances to the same optimum as LEMON (when liblemon-dev is installed)', () => {
    const figures = runFlowBenchmark({ reps: 1, seed: 3, small: true });
    expect(figures).toHaveLength(2);
    for (const f of figures) {
      expect(f.arcs).toBeGreaterThan(10_000);
      expect(Number.isInteger(f.ourCost)).toBe(true);
      if (compileLemon()) expect(f.lemonCost).toBe(f.ourCost);
    }
    expect(formatFlowTable(figures)).toContain('experts: 500 requests × 40 experts');
  });
});
