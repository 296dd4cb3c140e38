/**
 * Why a firm broke: the binding item and the upstream path to the firm whose own capacity is
 * the real constraint.
 *
 * From the broken firm we take its binding item (the essential item with the smallest avail),
 * then that item's supplier with the largest shortfall w_l · (1 − x_s), and repeat from that
 * supplier (in dynamic mode on the day its delivery left: t − L_l) until reaching a firm whose
 * own capacity binds (x ≥ a − 1e-12) — the root cause. The walk also stops at a supplier seen
 * only through its reported actual output (day < 0: nothing is known about its inputs) and,
 * in static mode on cyclic maps, before revisiting a firm.
 */
import type { Network } from './network';
import type { DynamicResult } from './dynamic';
import type { StaticResult } from './static';

/** Cause of one break. */
export interface BreakCause {
  /** Binding need (index into the network's needs) of the broken firm. */
  need: number;
  /** Item index of that need (`itemName(net, item)` for its name). */
  item: number;
  /** Firm indices from the broken firm up to the root-cause firm (inclusive). */
  path: number[];
}

const OWN_CAPACITY_EPS = 1e-12;

/** Cause of a static break of firm `i`; null when the firm is not broken. */
export function staticCause(net: Network, res: StaticResult, i: number): BreakCause | null {
  if (res.broken[i] === 0 || res.bind[i] < 0) return null;
  const need = res.bind[i];
  const path = [i];
  const seen = new Set<number>([i]);
  let c = i;
  for (;;) {
    const q = res.bind[c];
    if (q < 0 || res.x[c] >= res.a[c] - OWN_CAPACITY_EPS) break;
    let best = -1;
    let worst = -1;
    for (let l = net.linkStart[q]; l < net.linkStart[q + 1]; l++) {
      const short = net.linkShare[l] * (1 - res.x[net.linkSupplier[l]]);
      if (short > worst) {
        worst = short;
        best = net.linkSupplier[l];
      }
    }
    if (best < 0 || seen.has(best)) break;
    path.push(best);
    seen.add(best);
    c = best;
  }
  return { need, item: net.needItem[need], path };
}

/** Cause of the dynamic break of firm `i` on its break day; null when it never breaks. Requires history. */
export function dynamicCause(net: Network, res: DynamicResult, i: number): BreakCause | null {
  const h = res.history;
  if (h === null) throw new Error('dynamicCause needs a run made with history: true');
  const day = res.breakDay[i];
  if (day < 0 || res.breakNeed[i] < 0) return null;
  const mask = h.stride - 1;
  const need = res.breakNeed[i];
  const path = [i];
  let c = i;
  let t = day;
  // Each hop goes back at least one day, so the walk ends within `day + 1` hops.
  for (;;) {
    const q = h.bind[t * net.n + c];
    if (q < 0) break;
    const d = res.capDays;
    const a = d === 1 ? res.capacity[c] : res.capacity[c * d + (t < d ? t : d - 1)];
    if (h.x[c * h.stride + (t & mask)] >= a - OWN_CAPACITY_EPS) break;
    let best = -1;
    let bestDay = 0;
    let worst = -1;
    for (let l = net.linkStart[q]; l < net.linkStart[q + 1]; l++) {
      const s = net.linkSupplier[l];
      const ts = t - net.linkLead[l];
      const short = net.linkShare[l] * (1 - h.x[s * h.stride + (ts & mask)]);
      if (short > worst) {
        worst = short;
        best = s;
        bestDay = ts;
      }
    }
    if (best < 0) break;
    path.push(best);
    if (bestDay < 0) break;
    c = best;
    t = bestDay;
  }
  return { need, item: net.needItem[need], path };
}
