/** Yuan as people type it ↔ integer fen, exactly (no binary fractions). */

/** "1.2" → 120, "3" → 300, "0.05" → 5; null for anything that is not a non-negative amount with at most 2 decimals. */
export function fenFromYuan(text: string): number | null {
  const m = /^\s*(\d{1,9})(?:\.(\d{0,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 120 → "1.20" (exact, two decimals). */
export function yuanFromFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** 120 → "¥1.20". */
export function formatFen(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? '—' : `¥${yuanFromFen(fen)}`;
}
