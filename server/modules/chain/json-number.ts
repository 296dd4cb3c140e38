/**
 * JSON number literals parsed straight from bytes into the same double `JSON.parse` gives,
 * without making a string (the streaming network reader parses millions of them).
 *
 * `parseJsonNumberBytes(b, from, to)` handles plain decimals `-?digits(.digits)?` with at most
 * 17 significant digits and at most 22 digits after the point — what JavaScript prints for
 * shares, capacities and weights — and returns NaN for anything else (exponents, longer
 * literals, anything malformed), which the caller then hands to `Number()` on a latin1 slice.
 * The result is exactly the correctly rounded double of the literal:
 * - with at most 15 significant digits the digits form an integer M < 2^53 held exactly, and
 *   10^e (e ≤ 22) is exact, so one IEEE division M / 10^e is the correctly rounded quotient
 *   (Clinger's fast path);
 * - with 16–17 digits M may exceed 2^53: it is held exactly as a sum of two doubles, an
 *   approximate quotient r is computed and then *verified*: the residual M − r·10^e is
 *   computed exactly (Dekker's product, Sterbenz subtraction) and r is returned only when the
 *   true quotient lies strictly inside r's rounding interval (half the gap to each neighbour,
 *   with a margin far above the residual's error); otherwise NaN (the caller's `Number()`).
 * Tested against `Number()` on millions of random doubles printed every way.
 */

const POW10: number[] = [];
for (let i = 0, p = 1; i <= 22; i++, p *= 10) POW10.push(p);

const SPLITTER = 134217729; // 2^27 + 1 (Veltkamp split)
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
/** Index of the high word of a double in `u32` (little- or big-endian host). */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** ULP[e] = 2^(e−1075): the ulp of a normal double whose biased exponent is e. */
const ULP = new Float64Array(2048);
for (let e = 1; e < 2047; e++) ULP[e] = 2 ** (e - 1075);

/** The gap from positive normal double `r` to its upper neighbour. */
function ulpOf(r: number): number {
  f64[0] = r;
  return ULP[(u32[HI] >>> 20) & 0x7ff];
}

/** Whether positive normal `r` is a power of two (its lower gap is half its upper one). */
function isPowerOfTwo(r: number): boolean {
  f64[0] = r;
  return (u32[HI] & 0xfffff) === 0 && u32[1 - HI] === 0;
}

/** Where the last `scanJsonNumber` stopped. */
export let scanEnd = 0;

/**
 * The double of the JSON number literal in bytes b[from, to), or NaN when the literal is not a
 * plain decimal this fast path handles (the caller falls back to `Number()`).
 */
export function parseJsonNumberBytes(b: Uint8Array, from: number, to: number): number {
  const v = scanJsonNumber(b, from, to);
  return scanEnd === to ? v : Number.NaN;
}

/**
 * Reads a plain decimal `-?(0|[1-9][0-9]*)(\.[0-9]+)?` from b[from] on (not past `to`) and
 * returns its double, setting `scanEnd` to the byte after it; NaN when the bytes there do not
 * start with such a decimal or it is one the fast path leaves to `Number()`. The caller checks
 * what follows (`1e5` stops before the `e`).
 */
export function scanJsonNumber(b: Uint8Array, from: number, to: number): number {
  scanEnd = from;
  let i = from;
  let negative = false;
  if (i < to && b[i] === 0x2d) {
    negative = true;
    i++;
  }
  if (i >= to) return Number.NaN;
  // Integer part: "0" or a digit 1–9 followed by digits.
  const lead = b[i] - 0x30;
  if (lead < 0 || lead > 9) return Number.NaN;
  let hi = 0; // the first 8 significant digits
  let lo = 0; // the following ones
  let sig = 0; // significant digits seen (from the first non-zero one)
  let fraction = 0; // digits after the point
  let d = 0;
  if (lead === 0) {
    i++;
    if (i < to && b[i] >= 0x30 && b[i] <= 0x39) return Number.NaN; // leading zero
  } else {
    // Two plain loops (the first 8 digits, then the rest) instead of a test per digit.
    for (; sig < 8 && i < to && (d = b[i] - 0x30) >= 0 && d <= 9; i++, sig++) hi = hi * 10 + d;
    for (; i < to && (d = b[i] - 0x30) >= 0 && d <= 9; i++, sig++) lo = lo * 10 + d;
  }
  if (i < to && b[i] === 0x2e) {
    i++;
    const first = i;
    if (sig === 0) while (i < to && b[i] === 0x30) i++; // zeros before the first significant digit
    for (; sig < 8 && i < to && (d = b[i] - 0x30) >= 0 && d <= 9; i++, sig++) hi = hi * 10 + d;
    for (; i < to && (d = b[i] - 0x30) >= 0 && d <= 9; i++, sig++) lo = lo * 10 + d;
    fraction = i - first;
    if (fraction === 0) return Number.NaN; // "1." is not JSON
  }
  const loDigits = sig > 8 ? sig - 8 : 0;
  scanEnd = i;
  if (sig > 17 || fraction > 22) return Number.NaN;
  const sign = negative ? -1 : 1;
  if (sig === 0) return negative ? -0 : 0;
  const D = POW10[fraction];
  if (sig <= 15) {
    // M < 10^15 < 2^53 exactly; one correctly rounded division (or exact integer).
    const M = hi * POW10[loDigits] + lo;
    return sign * (M / D);
  }
  // M = hi·10^k + lo with hi < 10^8, k ≤ 9: hi·10^k = (hi·5^k)·2^k with hi·5^k < 2^53, exact.
  const p = hi * POW10[loDigits];
  // TwoSum: s + t = p + lo exactly.
  const s = p + lo;
  const bv = s - p;
  const t = p - (s - bv) + (lo - bv);
  // An integer of 16–17 digits: s, one IEEE addition of exact terms, is M correctly rounded.
  if (fraction === 0) return sign * s;
  let r = s / D;
  let residual = residualOf(s, t, r, D);
  // s / D can be one ulp off the nearest double of M / D (s itself is M rounded): step once.
  const r2 = r + residual / D;
  if (r2 !== r) {
    r = r2;
    residual = residualOf(s, t, r, D);
  }
  const up = ulpOf(r);
  const gap = residual >= 0 ? up : isPowerOfTwo(r) ? up / 2 : up;
  // Accept when |Q − r| = |residual| / D is clearly below half the gap to that neighbour.
  if (Math.abs(residual) >= gap * D * (0.5 - 1e-7)) return Number.NaN;
  return sign * r;
}

/**
 * (s + t) − r·D for an r within a few ulps of (s + t) / D: r·D = ph + pl exactly (Dekker),
 * s − ph is exact (Sterbenz: ph is within a factor 2 of s), and the remaining terms are a few
 * ulps of s, so the residual's error is about 2^−52 of an ulp of s.
 */
function residualOf(s: number, t: number, r: number, D: number): number {
  const ph = r * D;
  let c = SPLITTER * r;
  const rh = c - (c - r);
  const rl = r - rh;
  c = SPLITTER * D;
  const dh = c - (c - D);
  const dl = D - dh;
  const pl = rh * dh - ph + rh * dl + rl * dh + rl * dl;
  return s - ph - pl + t;
}
