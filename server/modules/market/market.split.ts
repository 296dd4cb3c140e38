/**
 * Splitting an order a member cannot fill among the quotes other members sent. Pure: no I/O.
 *
 * The order wants `count` whole units by `needBy`; each quote offers up to `count` units at
 * `unitPriceFen` each, delivered on `deliveryDate`. The suggested split takes the cheapest quotes
 * first (earlier delivery, then the older quote, breaking ties) among those that deliver in time,
 * and only when those cannot fill the order the late ones too, cheapest first — which is optimal
 * for this problem (a fractional knapsack whose items are whole units at a constant price). A
 * split the poster makes by hand is checked by `checkSplit`: no quote above what it offered,
 * nothing above the order, costs exact in fen.
 */
import { mulFen } from '../purchasing/purchasing.pricing';

export interface SplitQuote {
  id: number;
  count: number;
  unitPriceFen: number;
  /** YYYY-MM-DD. */
  deliveryDate: string;
}

export interface SplitLine {
  quoteId: number;
  count: number;
  costFen: number;
  late: boolean;
}

export interface Split {
  lines: SplitLine[];
  filled: number;
  unfilled: number;
  totalFen: number;
}

export function suggestSplit(order: { count: number; needBy: string | null }, quotes: readonly SplitQuote[]): Split {
  const late = (q: SplitQuote) => order.needBy !== null && q.deliveryDate > order.needBy;
  const ranked = [...quotes].sort(
    (a, b) => Number(late(a)) - Number(late(b)) || a.unitPriceFen - b.unitPriceFen || a.deliveryDate.localeCompare(b.deliveryDate) || a.id - b.id,
  );
  let left = Math.max(0, order.count);
  const lines: SplitLine[] = [];
  for (const q of ranked) {
    if (left === 0) break;
    const take = Math.min(left, Math.max(0, q.count));
    if (take === 0) continue;
    lines.push({ quoteId: q.id, count: take, costFen: mulFen(take, q.unitPriceFen), late: late(q) });
    left -= take;
  }
  const filled = order.count - left;
  return { lines, filled, unfilled: left, totalFen: lines.reduce((s, l) => s + l.costFen, 0) };
}

export type SplitProblem = { code: 'split_unknown_quote' | 'split_above_quote' | 'split_above_order' | 'split_duplicate_quote'; quoteId?: number };

/** Checks a split chosen by hand; returns the priced split or the first problem. */
export function checkSplit(order: { count: number; needBy: string | null }, quotes: readonly SplitQuote[], chosen: readonly { quoteId: number; count: number }[]): Split | SplitProblem {
  const byId = new Map(quotes.map((q) => [q.id, q]));
  const seen = new Set<number>();
  const lines: SplitLine[] = [];
  let filled = 0;
  for (const c of chosen) {
    const q = byId.get(c.quoteId);
    if (!q) return { code: 'split_unknown_quote', quoteId: c.quoteId };
    if (seen.has(c.quoteId)) return { code: 'split_duplicate_quote', quoteId: c.quoteId };
    seen.add(c.quoteId);
    if (c.count > q.count) return { code: 'split_above_quote', quoteId: c.quoteId };
    if (c.count <= 0) continue;
    filled += c.count;
    lines.push({ quoteId: q.id, count: c.count, costFen: mulFen(c.count, q.unitPriceFen), late: order.needBy !== null && q.deliveryDate > order.needBy });
  }
  if (filled > order.count) return { code: 'split_above_order' };
  return { lines, filled, unfilled: order.count - filled, totalFen: lines.reduce((s, l) => s + l.costFen, 0) };
}
