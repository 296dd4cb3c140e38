/**
 * Allocation of a group purchase when the supplier cannot deliver everything pledged. Pure: no I/O.
 *
 * Each firm can receive at most its *limit*: its pledge, capped by the campaign's per-firm cap.
 * When the available units cover every limit, every firm gets its limit. Otherwise the units are
 * shared by the rule the campaign states:
 *
 * - `pro_rata`: in proportion to each firm's limit (its pledge within the cap);
 * - `headcount`: in proportion to each firm's headcount, no firm above its limit — a firm whose
 *   share would pass its limit gets its limit and the rest is shared again among the others
 *   (water-filling), so no unit is left over while some firm is still below its limit;
 * - `priority`: firms producing epidemic supplies are served first (pro rata among them when even
 *   they cannot all be served in full), the rest pro rata among the others.
 *
 * Shares are exact rationals computed on BigInt; whole units are handed out by the largest
 * remainder method (Hamilton): every firm gets the floor of its share, and the units left (fewer
 * than the firms sharing) go one each to the largest fractional parts, ties to the smaller id.
 * Because a firm below its limit has a share strictly below that limit, floor + 1 never passes
 * it. The result: whole units, every available unit allocated (up to the sum of the limits), no
 * firm above its pledge or cap, the sum exact.
 */

export type AllocationRule = 'pro_rata' | 'headcount' | 'priority';
export const ALLOCATION_RULES = ['pro_rata', 'headcount', 'priority'] as const;

export interface AllocationFirm {
  id: number;
  /** Units pledged (whole units of the item). */
  pledged: number;
  /** Per-firm cap in units (null: none). */
  cap?: number | null;
  headcount?: number;
  /** Produces epidemic supplies (the `priority` rule serves these first). */
  priority?: boolean;
}

export interface AllocationLine {
  id: number;
  limit: number;
  allocated: number;
}

interface Share {
  id: number;
  weight: bigint;
  limit: bigint;
}

/**
 * Shares `available` whole units among `items` in proportion to their weights, none above its
 * limit, water-filling saturated items. When Σ limits ≤ available everyone gets the limit.
 */
export function shareCapped(available: bigint, items: readonly Share[]): Map<number, bigint> {
  const out = new Map<number, bigint>();
  for (const it of items) out.set(it.id, 0n);
  const totalLimit = items.reduce((s, i) => s + i.limit, 0n);
  if (totalLimit <= available) {
    for (const it of items) out.set(it.id, it.limit);
    return out;
  }
  let rest = available;
  let active = items.filter((i) => i.limit > 0n);
  // Water-filling: give the limit to every item whose share reaches it, until none does.
  for (;;) {
    const w = active.reduce((s, i) => s + i.weight, 0n);
    if (w === 0n) break;
    const saturated = active.filter((i) => i.weight > 0n && rest * i.weight >= i.limit * w);
    if (saturated.length === 0) break;
    for (const i of saturated) {
      out.set(i.id, i.limit);
      rest -= i.limit;
    }
    const done = new Set(saturated.map((i) => i.id));
    active = active.filter((i) => !done.has(i.id));
  }
  if (rest === 0n || active.length === 0) return out;
  let weights = active.map((i) => i.weight);
  let w = weights.reduce((s, x) => s + x, 0n);
  if (w === 0n) {
    // Nobody left has any weight (e.g. no headcount reported): share by the limits instead.
    weights = active.map((i) => i.limit);
    w = weights.reduce((s, x) => s + x, 0n);
  }
  const floors = active.map((_, k) => (rest * weights[k]!) / w);
  const rems = active.map((_, k) => (rest * weights[k]!) % w);
  let left = rest - floors.reduce((s, x) => s + x, 0n);
  const order = active.map((_, k) => k).sort((a, b) => (rems[b]! > rems[a]! ? 1 : rems[b]! < rems[a]! ? -1 : active[a]!.id - active[b]!.id));
  for (const k of order) {
    if (left === 0n) break;
    if (floors[k]! < active[k]!.limit) {
      floors[k]! += 1n;
      left -= 1n;
    }
  }
  active.forEach((i, k) => out.set(i.id, floors[k]!));
  return out;
}

export function limitOf(f: AllocationFirm): number {
  const p = Math.max(0, Math.floor(f.pledged));
  return f.cap === null || f.cap === undefined ? p : Math.min(p, Math.max(0, Math.floor(f.cap)));
}

/**
 * Allocates `available` units (null: unlimited supply) among the firms by `rule`.
 * Returns one line per firm in the order given.
 */
export function allocate(available: number | null, firms: readonly AllocationFirm[], rule: AllocationRule): AllocationLine[] {
  const limits = firms.map(limitOf);
  const totalLimit = limits.reduce((s, x) => s + x, 0);
  const supply = available === null ? totalLimit : Math.max(0, Math.floor(available));
  const result = new Map<number, bigint>();
  const asShare = (f: AllocationFirm, k: number, weight: number): Share => ({ id: f.id, weight: BigInt(Math.max(0, Math.floor(weight))), limit: BigInt(limits[k]!) });
  if (rule === 'priority') {
    const first = firms.map((f, k) => [f, k] as const).filter(([f]) => f.priority);
    const others = firms.map((f, k) => [f, k] as const).filter(([f]) => !f.priority);
    const a = shareCapped(BigInt(supply), first.map(([f, k]) => asShare(f, k, limits[k]!)));
    const used = [...a.values()].reduce((s, x) => s + x, 0n);
    const b = shareCapped(BigInt(supply) - used, others.map(([f, k]) => asShare(f, k, limits[k]!)));
    for (const [id, v] of [...a, ...b]) result.set(id, v);
  } else {
    const shares = firms.map((f, k) => asShare(f, k, rule === 'headcount' ? (f.headcount ?? 0) : limits[k]!));
    for (const [id, v] of shareCapped(BigInt(supply), shares)) result.set(id, v);
  }
  return firms.map((f, k) => ({ id: f.id, limit: limits[k]!, allocated: Number(result.get(f.id) ?? 0n) }));
}
