import { describe, expect, it } from 'vitest';
import { parseJsonNumberBytes } from './json-number';

/** The fast path's double for `text`, or NaN when it leaves the literal to Number(). */
function fast(text: string): number {
  const b = Buffer.from(`[${text}]`, 'latin1');
  return parseJsonNumberBytes(b, 1, b.length - 1);
}

/** Whether the fast path gives JSON.parse's double for `text`, or leaves it to Number(). */
function agrees(text: string): boolean {
  const v = fast(text);
  return Number.isNaN(v) || Object.is(v, JSON.parse(text));
}

/** A deterministic generator (xorshift), so a failure names its case. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

describe('parseJsonNumberBytes', () => {
  it('parses plain decimals bit-identically to JSON.parse', () => {
    for (const t of ['0', '-0', '0.0', '-0.0', '1', '-1', '7', '42', '0.1', '0.5', '0.25', '1.5', '0.30000000000000004', '1.0000000000000002', '0.9999999999999999', '0.8654623912647368', '34.18250527298166', '123456789012345', '1234567890123456', '12345678901234567', '9007199254740993', '9007199254740995', '18014398509481986', '0.000001', '0.0000001234', '99999999999999999', '0.99999999999999999', '1.7976931348623157', '4.9406564584124654', '2.2250738585072014']) {
      const v = fast(t);
      expect(Number.isNaN(v), t).toBe(false);
      expect(Object.is(v, JSON.parse(t)), t).toBe(true);
    }
    expect(Object.is(fast('-0'), -0)).toBe(true);
    expect(Object.is(fast('-0.000'), -0)).toBe(true);
  });

  it('leaves exponents, long literals and malformed text to Number() (NaN here)', () => {
    for (const t of ['1e-7', '1E5', '2.5e+3', '1e21', '5e-324', '123456789012345678', '0.123456789012345678', '1.00000000000000000000001', '0.00000000000000000000001', '01', '-01', '1.', '.5', '-', '+1', '1-2', '--1', '0x10', '', '1.2.3', '-.5', 'NaN', 'Infinity']) {
      expect(Number.isNaN(fast(t)), t).toBe(true);
    }
  });

  it('agrees with JSON.parse on random doubles printed every way, and rarely falls back', () => {
    const next = rng(20240301);
    const f = new Float64Array(1);
    const u = new Uint32Array(f.buffer);
    let plain = 0;
    let fallbacks = 0;
    const check = (t: string): void => {
      if (!agrees(t)) throw new Error(`differs from JSON.parse: ${t}`);
    };
    for (let i = 0; i < 100_000; i++) {
      const x = next();
      for (const t of [String(x), String(x * 100), String(x * 1e6), String(-x), x.toFixed(17), x.toPrecision(16), x.toPrecision(17), (x * 1000).toPrecision(17), String(Math.round(x * 1e6) / 1e6)]) {
        check(t);
        if (!t.includes('e')) {
          plain++;
          if (Number.isNaN(fast(t))) fallbacks++;
        }
      }
      u[0] = (next() * 2 ** 32) >>> 0;
      u[1] = (next() * 2 ** 32) >>> 0;
      if (Number.isFinite(f[0])) {
        check(String(f[0]));
        check(f[0].toFixed(Math.floor(next() * 21)));
      }
      // Random 15–17 digit strings with the point anywhere (also not shortest forms, and ties).
      let s = String(1 + Math.floor(next() * 9));
      const len = 15 + Math.floor(next() * 3);
      for (let k = 1; k < len; k++) s += String(Math.floor(next() * 10));
      const dot = Math.floor(next() * (len + 1));
      const t = dot === len ? s : dot === 0 ? `0.${'0'.repeat(Math.floor(next() * 4))}${s}` : `${s.slice(0, dot)}.${s.slice(dot)}`;
      check(t);
      check(`-${t}`);
    }
    // Shortest forms of doubles (what the network writer prints) almost never need Number().
    expect(fallbacks / plain).toBeLessThan(0.001);
  });
});
