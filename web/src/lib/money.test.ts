import { describe, expect, it } from 'vitest';
import { fenFromYuan, formatFen, yuanFromFen } from './money';

describe('yuan ↔ fen', () => {
  it('parses yuan text to exact fen', () => {
    expect(fenFromYuan('1.2')).toBe(120);
    expect(fenFromYuan('0.98')).toBe(98);
    expect(fenFromYuan('3')).toBe(300);
    expect(fenFromYuan('0.07')).toBe(7);
    expect(fenFromYuan('1.')).toBe(100);
    // 0.1 + 0.2 style inputs never drift.
    expect(fenFromYuan('0.29')).toBe(29);
    expect(fenFromYuan('1.005')).toBeNull();
    expect(fenFromYuan('-1')).toBeNull();
    expect(fenFromYuan('abc')).toBeNull();
    expect(fenFromYuan('')).toBeNull();
  });
  it('formats fen as yuan with two decimals', () => {
    expect(yuanFromFen(120)).toBe('1.20');
    expect(yuanFromFen(5)).toBe('0.05');
    expect(yuanFromFen(-250)).toBe('-2.50');
    expect(formatFen(300_000)).toBe('¥3000.00');
    expect(formatFen(null)).toBe('—');
    for (let f = 0; f < 2000; f += 7) expect(fenFromYuan(yuanFromFen(f))).toBe(f);
  });
});
