/**
 * Tier pricing of a group-purchase item. Pure: no I/O.
 *
 * An item is bought in whole units of its unit (boxes, pieces, kilograms…); its price list is a
 * set of tiers, each "from `minCount` units in total, `unitPriceFen` per unit". The tier that
 * applies is the one with the largest `minCount` not above the campaign's total; every firm pays
 * that one price for each of its units, so each firm's cost is `count × unitPriceFen` — integer
 * fen, exact, and the firms' costs add up to the total cost with nothing lost to rounding.
 *
 * A valid price list starts at 0 units (there is always a price), has strictly increasing
 * thresholds and non-increasing prices (buying more never raises the unit price).
 */

export interface PriceTier {
  /** Total units (of the item's unit) from which this price applies. */
  minCount: number;
  /** Price of one unit in fen. */
  unitPriceFen: number;
}

export type TierProblem = 'tiers_empty' | 'tiers_first_not_zero' | 'tiers_not_increasing' | 'tiers_price_rises' | 'tiers_not_integer';

/** Why a price list is invalid, or null when it is valid. */
export function checkTiers(tiers: readonly PriceTier[]): TierProblem | null {
  if (tiers.length === 0) return 'tiers_empty';
  for (const t of tiers) {
    if (!Number.isSafeInteger(t.minCount) || !Number.isSafeInteger(t.unitPriceFen) || t.minCount < 0 || t.unitPriceFen < 0) return 'tiers_not_integer';
  }
  if (tiers[0]!.minCount !== 0) return 'tiers_first_not_zero';
  for (let i = 1; i < tiers.length; i++) {
    if (tiers[i]!.minCount <= tiers[i - 1]!.minCount) return 'tiers_not_increasing';
    if (tiers[i]!.unitPriceFen > tiers[i - 1]!.unitPriceFen) return 'tiers_price_rises';
  }
  return null;
}

/** Index of the tier that applies at `totalCount` units (tiers valid). */
export function tierIndexAt(tiers: readonly PriceTier[], totalCount: number): number {
  let idx = 0;
  for (let i = 0; i < tiers.length; i++) if (tiers[i]!.minCount <= totalCount) idx = i;
  return idx;
}

export interface TierQuote {
  tierIndex: number;
  unitPriceFen: number;
  /** The next tier, and how many more units in total reach it (null at the last tier). */
  next: { tierIndex: number; unitPriceFen: number; unitsToGo: number } | null;
  totalCount: number;
  totalFen: number;
  /** Each firm's cost at the current tier, in the order given. */
  costs: { id: number; count: number; costFen: number }[];
}

/** Exact product of two non-negative safe integers, refused past 2^53. */
export function mulFen(count: number, priceFen: number): number {
  const v = BigInt(count) * BigInt(priceFen);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('amount past 2^53 fen');
  return Number(v);
}

/** The tier and every firm's cost for the given counts (whole units of the item). */
export function quoteTiers(tiers: readonly PriceTier[], counts: readonly { id: number; count: number }[]): TierQuote {
  const totalCount = counts.reduce((s, c) => s + c.count, 0);
  const tierIndex = tierIndexAt(tiers, totalCount);
  const unitPriceFen = tiers[tierIndex]!.unitPriceFen;
  const costs = counts.map((c) => ({ id: c.id, count: c.count, costFen: mulFen(c.count, unitPriceFen) }));
  const nt = tiers[tierIndex + 1];
  return {
    tierIndex,
    unitPriceFen,
    next: nt ? { tierIndex: tierIndex + 1, unitPriceFen: nt.unitPriceFen, unitsToGo: nt.minCount - totalCount } : null,
    totalCount,
    totalFen: costs.reduce((s, c) => s + c.costFen, 0),
    costs,
  };
}
