import { describe, expect, it } from 'vitest';
import { addDays } from '../../domain/workdays';
import { outcomeOf, type DailyFigures } from './experts.outcome';

const series = (start: string, values: [number, number][]): DailyFigures[] => values.map(([c, o], i) => ({ date: addDays(start, i), capacityPct: c, outputPct: o }));

describe('outcome from daily reports', () => {
  it('compares the days before the visit with the days after, leaving out the visit day', () => {
    // 2026-11-10 … 2026-11-16; the visit on the 13th.
    const reports = series('2026-11-10', [[40, 30], [40, 34], [40, 32], [99, 99], [80, 70], [80, 74], [80, 72]]);
    const o = outcomeOf(reports, '2026-11-13', 3);
    expect(o.before).toEqual({ capacityPct: 40, outputPct: 32, reports: 3 });
    expect(o.after).toEqual({ capacityPct: 80, outputPct: 72, reports: 3 });
    expect(o.capacityGain).toBe(40);
    expect(o.outputGain).toBe(40);
    // 产能翻倍: the number comes from the reports.
    expect(o.capacityRatio).toBe(2);
  });

  it('only the window counts; days without reports are not zeros', () => {
    const reports = [...series('2026-11-01', [[10, 10]]), ...series('2026-11-11', [[50, 40]]), ...series('2026-11-14', [[60, 50]]), ...series('2026-11-30', [[100, 100]])];
    const o = outcomeOf(reports, '2026-11-13', 3);
    expect(o.before).toEqual({ capacityPct: 50, outputPct: 40, reports: 1 });
    expect(o.after).toEqual({ capacityPct: 60, outputPct: 50, reports: 1 });
    expect(o.capacityGain).toBe(10);
  });

  it('no visit yet, or no reports on one side: no gain is claimed', () => {
    expect(outcomeOf(series('2026-11-10', [[40, 30]]), null, 7)).toMatchObject({ capacityGain: null, outputGain: null, capacityRatio: null });
    const o = outcomeOf(series('2026-11-10', [[40, 30], [45, 35]]), '2026-11-12', 7);
    expect(o.before.reports).toBe(2);
    expect(o.after.reports).toBe(0);
    expect(o.capacityGain).toBeNull();
    expect(outcomeOf(series('2026-11-10', [[0, 0], [0, 0], [50, 50]]), '2026-11-11', 1).capacityRatio).toBeNull();
  });
});
