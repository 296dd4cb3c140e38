import { describe, expect, it } from 'vitest';
import { coverDays, firmCover, isFlagged } from './prevention.cover';

describe('days of cover', () => {
  it('is whole days of stock at the daily use; nothing used never runs out', () => {
    expect(coverDays(2500, 1000)).toBe(2);
    expect(coverDays(3000, 1000)).toBe(3);
    expect(coverDays(999, 1000)).toBe(0);
    expect(coverDays(0, 10)).toBe(0);
    expect(coverDays(500, 0)).toBeNull();
  });
  it('a firm covers as long as its shortest supply; flagged strictly under the threshold', () => {
    const firm = [{ stockAmount: 7000, dailyUseAmount: 1000 }, { stockAmount: 60, dailyUseAmount: 10 }, { stockAmount: 5, dailyUseAmount: 0 }];
    expect(firmCover(firm)).toBe(6);
    expect(isFlagged(6, 7)).toBe(true);
    expect(isFlagged(7, 7)).toBe(false);
    expect(isFlagged(null, 7)).toBe(false);
    expect(firmCover([])).toBeNull();
    expect(firmCover([{ stockAmount: 1, dailyUseAmount: 0 }])).toBeNull();
  });
});
