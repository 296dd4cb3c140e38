/**
 * Seeded pseudo-random numbers for demo data and simulations.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state,
 * passes PractRand) seeded through splitmix32. Everything is done with 32-bit integer operations
 * (`Math.imul`, `>>> 0`) and IEEE 754 basic operations (+, −, ×, ÷, √, all correctly rounded in
 * every engine), so a given seed yields the same sequence in Node, every browser and every OS.
 * That includes `normal()`: the usual Box–Muller uses `Math.log`/`Math.cos`, whose results the
 * ECMAScript spec leaves implementation-approximated, so here it uses the Marsaglia polar method
 * with a logarithm built from basic operations only.
 *
 * Not cryptographic: never use it for tokens, passwords or anything an attacker may predict.
 */

/** A deterministic random source; see {@link createRng}. */
export interface Rng {
  /** Uniform in [0, 1), with 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [min, max], both ends included; `max − min` must be below 2^32. */
  int(min: number, max: number): number;
  /** A uniformly chosen element; throws on an empty array. */
  pick<T>(items: readonly T[]): T;
  /**
   * An element chosen with probability proportional to its weight. Weights must be finite and
   * non-negative with a positive sum; the two arrays must have the same length.
   */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** Normally distributed (Marsaglia polar method); `sd` must be ≥ 0. */
  normal(mean: number, sd: number): number;
  /** A shuffled copy (Fisher–Yates); the input is left untouched. */
  shuffle<T>(items: readonly T[]): T[];
  /** True with probability `p` (clamped to [0, 1]). */
  chance(p: number): boolean;
  /**
   * A new generator seeded from this one's next output: lets a caller hand an independent
   * stream to a sub-task without the sub-task's consumption shifting the parent's sequence.
   */
  fork(): Rng;
}

const TWO_POW_32 = 4294967296;

/** splitmix32 step: spreads a 32-bit seed so that nearby seeds give unrelated states. */
function splitmix32(state: number): [next: number, out: number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [s, z >>> 0];
}

/**
 * Natural logarithm for x > 0 using only exactly-specified IEEE operations, so that `normal()`
 * is bit-identical across engines. x = m · 2^e with m ∈ [1, 2) (scaling by 2 is exact), then
 * ln m = 2·atanh(t) with t = (m − 1)/(m + 1) ∈ [0, 1/3), a series that reaches double precision
 * in under 20 terms. Accurate to a few ulps, which is plenty for sampling.
 */
export function deterministicLn(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) {
    throw new RangeError(`deterministicLn: expected a finite positive number, got ${x}`);
  }
  let m = x;
  let e = 0;
  while (m >= 2) {
    m /= 2;
    e += 1;
  }
  while (m < 1) {
    m *= 2;
    e -= 1;
  }
  const t = (m - 1) / (m + 1);
  const t2 = t * t;
  let term = t;
  let sum = 0;
  for (let k = 1; k < 60; k += 2) {
    const add = term / k;
    const next = sum + add;
    if (next === sum) break;
    sum = next;
    term *= t2;
  }
  return 2 * sum + e * Math.LN2;
}

/**
 * A string → 32-bit seed hash (FNV-1a over UTF-16 code units, then a murmur3 finaliser), for
 * deriving stable per-entity seeds such as `createRng(hashSeed('enterprise:' + id))`.
 */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Creates a generator from a seed. Only the seed's low 32 bits matter (`seed >>> 0` after
 * truncation), so pass an integer; fractional or non-finite seeds are rejected to catch mistakes
 * such as passing `Math.random()`.
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed) || !Number.isInteger(seed)) {
    throw new RangeError(`createRng: seed must be an integer, got ${seed}`);
  }
  let sm = seed >>> 0;
  let a: number;
  let b: number;
  let c: number;
  [sm, a] = splitmix32(sm);
  [sm, b] = splitmix32(sm);
  [sm, c] = splitmix32(sm);
  let d = 1; // sfc32's counter; starting at 1 as in the reference seeding.
  a |= 0;
  b |= 0;
  c |= 0;

  const nextU32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs: sfc32's state needs a few rounds to mix a splitmix-derived seed.
  for (let i = 0; i < 12; i += 1) nextU32();

  const next = (): number => nextU32() / TWO_POW_32;

  const rng: Rng = {
    next,
    int(min, max) {
      if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
        throw new RangeError(`rng.int: invalid range [${min}, ${max}]`);
      }
      const span = max - min + 1;
      if (span > TWO_POW_32) throw new RangeError(`rng.int: range wider than 2^32`);
      if (span === TWO_POW_32) return min + nextU32();
      // Rejection sampling keeps the distribution exactly uniform for any span.
      const limit = TWO_POW_32 - (TWO_POW_32 % span);
      let x = nextU32();
      while (x >= limit) x = nextU32();
      return min + (x % span);
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('rng.pick: empty array');
      return items[Math.floor(next() * items.length)];
    },
    weighted(items, weights) {
      if (items.length === 0 || items.length !== weights.length) {
        throw new RangeError('rng.weighted: items and weights must be non-empty and equally long');
      }
      let total = 0;
      for (const w of weights) {
        if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`rng.weighted: bad weight ${w}`);
        total += w;
      }
      if (!(total > 0)) throw new RangeError('rng.weighted: weights sum to zero');
      let r = next() * total;
      let lastPositive = 0;
      for (let i = 0; i < items.length; i += 1) {
        if (weights[i] > 0) {
          lastPositive = i;
          if (r < weights[i]) return items[i];
          r -= weights[i];
        }
      }
      // Floating-point residue can leave r ≥ 0 after the loop; it belongs to the last live item.
      return items[lastPositive];
    },
    normal(mean, sd) {
      if (!(sd >= 0) || !Number.isFinite(sd) || !Number.isFinite(mean)) {
        throw new RangeError(`rng.normal: invalid parameters (${mean}, ${sd})`);
      }
      let u: number;
      let s: number;
      do {
        u = 2 * next() - 1;
        const v = 2 * next() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      return mean + sd * u * Math.sqrt((-2 * deterministicLn(s)) / s);
    },
    shuffle(items) {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i -= 1) {
        const j = rng.int(0, i);
        const tmp = out[i];
        out[i] = out[j];
        out[j] = tmp;
      }
      return out;
    },
    chance(p) {
      return next() < p;
    },
    fork() {
      return createRng(nextU32());
    },
  };
  return rng;
}
