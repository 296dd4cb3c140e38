/**
 * Deterministic synthetic supply-chain maps for benchmarks and property tests.
 *
 * Shape (believable for a Zhejiang industrial alliance restarting after a shutdown):
 * - firms sit in tiers of equal size above a raw tier; tier 0 (raw materials, basic parts) has
 *   no mapped inputs, higher tiers buy mostly from the tier just below, sometimes from any
 *   lower tier;
 * - suppliers are picked with a quadratic skew, so a few hub suppliers serve many customers;
 * - each customer's links are grouped into 1–several items; most items are essential, many are
 *   partly sourced outside the map (outside share r), some have declared stock;
 * - own capacity: about a third of firms are back at full capacity, the rest at 20–100 %,
 *   optionally ramping up day by day; weights are heavy-tailed (a few big plants);
 * - `cycleFraction` of links ignore tiers, which creates cycles (off by default: a DAG).
 *
 * The arrays are written directly in CSR form: 1,000,000 firms and 5,000,000 links take a
 * couple of seconds and no per-link objects.
 */
import { finishNetwork, type Network } from './network';

/** Small fast PRNG (sfc32): deterministic across platforms, period ≈ 2^128. */
export class Sfc32 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.nextU32();
  }

  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, k). */
  int(k: number): number {
    return Math.floor(this.next() * k);
  }
}

/** Options of `generateNetwork`. */
export interface GenerateOptions {
  firms: number;
  links: number;
  seed?: number;
  /** Number of tiers (≥ 2). Default 6. */
  tiers?: number;
  /** Fraction of firms in tier 0, which has no mapped inputs. Default 0.2. */
  rawFraction?: number;
  /** Fraction of links whose supplier is drawn from any firm, creating cycles. Default 0. */
  cycleFraction?: number;
  /** Fraction of items that are essential. Default 0.85. */
  essentialFraction?: number;
  /** Fraction of essential items with declared stock (0–10 days). Default 0.5. */
  stockFraction?: number;
  /** Longest lead time in days. Default 7. */
  maxLead?: number;
  /** When > 1, capacities are stored per day for this many days (a ramp-up). Default 1. */
  capacityDays?: number;
  /** Distinct item codes. Default 4999. */
  itemCount?: number;
}

/** Builds a synthetic network straight into compact arrays (see the module comment for its shape). */
export function generateNetwork(opts: GenerateOptions): Network {
  const n = opts.firms;
  const M = opts.links;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`firms must be a whole number ≥ 1, got ${n}`);
  if (!Number.isInteger(M) || M < 0) throw new RangeError(`links must be a whole number ≥ 0, got ${M}`);
  const rng = new Sfc32(opts.seed ?? 1);
  const T = Math.max(2, opts.tiers ?? 6);
  const rawFraction = opts.rawFraction ?? 0.2;
  const cycleFraction = opts.cycleFraction ?? 0;
  const essentialFraction = opts.essentialFraction ?? 0.85;
  const stockFraction = opts.stockFraction ?? 0.5;
  const maxLead = Math.min(65535, Math.max(1, opts.maxLead ?? 7));
  const capDays = Math.max(1, opts.capacityDays ?? 1);
  const K = Math.max(1, opts.itemCount ?? 4999);

  // Tiers are contiguous index blocks (tier 0 first), so index order is already supplier-first
  // for an acyclic map. Which firms of a tier are hubs is shuffled: `tierFirms` lists each
  // tier's firms in random order and suppliers are drawn from its front with a quadratic skew.
  const tier = new Uint8Array(n);
  const tierStart = new Int32Array(T + 1);
  const raw = Math.max(1, Math.round(n * rawFraction));
  tierStart[1] = Math.min(n, raw);
  for (let t = 1; t < T; t++) tierStart[t + 1] = tierStart[1] + Math.round(((n - tierStart[1]) * t) / (T - 1));
  const tierFirms = new Int32Array(n);
  for (let t = 0; t < T; t++) {
    const from = tierStart[t];
    const to = tierStart[t + 1];
    for (let i = from; i < to; i++) {
      tier[i] = t;
      tierFirms[i] = i;
    }
    for (let i = to - 1; i > from; i--) {
      const k = from + rng.int(i - from + 1);
      const tmp = tierFirms[i];
      tierFirms[i] = tierFirms[k];
      tierFirms[k] = tmp;
    }
  }
  const nonRaw = n - tierStart[1];

  // Links per customer: one each while links last, the rest spread at random (≈ 1 + Poisson).
  const deg = new Int32Array(n);
  if (nonRaw > 0) {
    const base = tierStart[1];
    let left = M;
    for (let p = 0; p < nonRaw && left > 0; p++, left--) deg[tierFirms[base + p]]++;
    for (; left > 0; left--) deg[tierFirms[base + rng.int(nonRaw)]]++;
  }

  const needStartArr = new Int32Array(n + 1);
  const maxNeeds = M + 1;
  const needItem = new Int32Array(maxNeeds);
  const needEssential = new Uint8Array(maxNeeds);
  const needOutside = new Float64Array(maxNeeds);
  const needStock0 = new Float64Array(maxNeeds);
  const linkStart = new Int32Array(maxNeeds + 1);
  const linkSupplier = new Int32Array(M);
  const linkShare = new Float64Array(M);
  const linkLead = new Uint16Array(M);

  let m = 0;
  let l = 0;
  for (let c = 0; c < n; c++) {
    needStartArr[c] = m;
    const d = deg[c];
    if (d === 0) continue;
    const t = tier[c];
    const firstItem = rng.int(K);
    let itemNo = 0;
    let remaining = d;
    while (remaining > 0) {
      // Item sizes: geometric, mean ≈ 2.2 links per item.
      let size = 1;
      while (size < remaining && rng.next() < 0.55) size++;
      remaining -= size;
      const q = m++;
      needItem[q] = (firstItem + itemNo++) % K;
      const essential = rng.next() < essentialFraction;
      needEssential[q] = essential ? 1 : 0;
      const r = rng.next() < 0.3 ? 0 : 0.5 * rng.next() * rng.next();
      needOutside[q] = r;
      needStock0[q] = essential && rng.next() < stockFraction ? Math.floor(rng.next() * 40) / 4 : 0;
      linkStart[q] = l;
      let wsum = 0;
      for (let k = 0; k < size; k++) {
        let s = -1;
        for (let attempt = 0; attempt < 8; attempt++) {
          const u = rng.next();
          if (rng.next() < cycleFraction) s = rng.int(n);
          else {
            let from = rng.next() < 0.6 ? tierStart[t - 1] : 0;
            if (from === tierStart[t]) from = 0;
            const span = tierStart[t] - from;
            s = tierFirms[from + Math.floor(u * u * span)];
          }
          let dup = s === c;
          for (let p = linkStart[q]; p < l && !dup; p++) if (linkSupplier[p] === s) dup = true;
          if (!dup) break;
          s = -1;
        }
        if (s < 0) continue;
        linkSupplier[l] = s;
        const w = 0.1 + rng.next();
        linkShare[l] = w;
        wsum += w;
        const ul = rng.next();
        linkLead[l] = Math.min(maxLead, 1 + Math.floor(ul * ul * maxLead));
        l++;
      }
      const scale = wsum > 0 ? (1 - r) / wsum : 0;
      for (let p = linkStart[q]; p < l; p++) linkShare[p] *= scale;
      if (l === linkStart[q]) needOutside[q] = 1;
    }
  }
  needStartArr[n] = m;
  linkStart[m] = l;

  const capacity = new Float64Array(n * capDays);
  const actual = new Float64Array(n);
  const weight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a0 = rng.next() < 0.35 ? 1 : 0.2 + 0.8 * rng.next();
    if (capDays === 1) capacity[i] = a0;
    else {
      const slope = a0 < 1 ? 0.05 * rng.next() : 0;
      for (let t = 0; t < capDays; t++) capacity[i * capDays + t] = Math.min(1, a0 + slope * t);
    }
    actual[i] = a0 * (0.8 + 0.2 * rng.next());
    const u = rng.next();
    weight[i] = 1 + 50 * u * u * u * u;
  }

  return finishNetwork({
    n,
    ids: null,
    items: null,
    capDays,
    capacity,
    actual,
    weight,
    needStart: needStartArr,
    needItem: needItem.slice(0, m),
    needEssential: needEssential.slice(0, m),
    needOutside: needOutside.slice(0, m),
    needStock0: needStock0.slice(0, m),
    linkStart: linkStart.slice(0, m + 1),
    linkSupplier: l === M ? linkSupplier : linkSupplier.slice(0, l),
    linkShare: l === M ? linkShare : linkShare.slice(0, l),
    linkLead: l === M ? linkLead : linkLead.slice(0, l),
  });
}
