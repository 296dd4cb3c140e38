/**
 * Days of cover of prevention supplies (防疫物资保障天数). Pure: no I/O.
 *
 * A supply's cover is the whole number of days its stock lasts at its daily use, both integer
 * base units of one unit (so no rounding of amounts): ⌊stock / dailyUse⌋. A supply nobody uses
 * (daily use 0) never runs out: its cover is null and it never raises a flag. A firm's cover is
 * the shortest cover of its supplies — the first thing it runs out of — and the firm is flagged
 * when that is under the alliance's threshold: cover < threshold (a firm with exactly the
 * threshold's days is not flagged). This is the same quantity, in days, that firms report as
 * `preventionCoverDays` in the daily resumption report.
 */

export function coverDays(stockAmount: number, dailyUseAmount: number): number | null {
  if (dailyUseAmount <= 0) return null;
  return Math.floor(stockAmount / dailyUseAmount);
}

/** The shortest cover among a firm's supplies (null when none is used up over time). */
export function firmCover(supplies: readonly { stockAmount: number; dailyUseAmount: number }[]): number | null {
  let min: number | null = null;
  for (const s of supplies) {
    const c = coverDays(s.stockAmount, s.dailyUseAmount);
    if (c !== null && (min === null || c < min)) min = c;
  }
  return min;
}

export function isFlagged(cover: number | null, thresholdDays: number): boolean {
  return cover !== null && cover < thresholdDays;
}
