import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng, deterministicLn, hashSeed } from './prng';

describe('createRng', () => {
  it('is pinned to known outputs, so a change of algorithm or platform drift is caught', () => {
    const r = createRng(42);
    expect([r.next(), r.next(), r.next()]).toEqual([
      0.5767213918734342, 0.5318840781692415, 0.212930012261495,
    ]);
    expect(r.int(1, 100)).toBe(16);
    expect(r.normal(0, 1)).toBe(-0.67850977815758);
    expect(createRng(0).next()).toBe(0.13773293141275644);
  });

  it('replays the same sequence for the same seed and differs for neighbouring seeds', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const sa = Array.from({ length: 50 }, () => a.next());
    const sb = Array.from({ length: 50 }, () => b.next());
    const sc = Array.from({ length: 50 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('rejects non-integer seeds', () => {
    expect(() => createRng(0.5)).toThrow(RangeError);
    expect(() => createRng(Number.NaN)).toThrow(RangeError);
  });

  it('next() stays in [0, 1) and int() within its inclusive bounds', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.nat(5000), (seed, min, width) => {
        const r = createRng(seed);
        for (let i = 0; i < 20; i += 1) {
          const x = r.next();
          expect(x >= 0 && x < 1).toBe(true);
          const k = r.int(min, min + width);
          expect(Number.isInteger(k) && k >= min && k <= min + width).toBe(true);
        }
      }),
    );
  });

  it('int() reaches both ends and is roughly uniform', () => {
    const r = createRng(1);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 60_000; i += 1) counts[r.int(0, 5)] += 1;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(() => r.int(3, 2)).toThrow(RangeError);
    expect(() => r.int(0, 2 ** 33)).toThrow(RangeError);
    expect(r.int(5, 5)).toBe(5);
  });

  it('weighted() follows the weights and never picks a zero-weight item', () => {
    const r = createRng(3);
    const seen = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 40_000; i += 1) seen[r.weighted(['a', 'b', 'c'] as const, [1, 0, 3])] += 1;
    expect(seen.b).toBe(0);
    expect(seen.c / seen.a).toBeGreaterThan(2.7);
    expect(seen.c / seen.a).toBeLessThan(3.3);
    expect(() => r.weighted(['a'], [0])).toThrow(RangeError);
    expect(() => r.weighted(['a', 'b'], [1])).toThrow(RangeError);
    expect(() => r.weighted(['a'], [-1])).toThrow(RangeError);
  });

  it('normal() has the requested mean and standard deviation', () => {
    const r = createRng(11);
    const n = 50_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i += 1) {
      const x = r.normal(10, 2);
      sum += x;
      sq += x * x;
    }
    const mean = sum / n;
    const sd = Math.sqrt(sq / n - mean * mean);
    expect(Math.abs(mean - 10)).toBeLessThan(0.05);
    expect(Math.abs(sd - 2)).toBeLessThan(0.05);
    expect(r.normal(5, 0)).toBe(5);
  });

  it('shuffle() returns a permutation and leaves the input alone', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.integer(), { maxLength: 40 }), (seed, xs) => {
        const before = xs.slice();
        const out = createRng(seed).shuffle(xs);
        expect(xs).toEqual(before);
        expect(out.slice().sort((p, q) => p - q)).toEqual(before.sort((p, q) => p - q));
      }),
    );
  });

  it('pick() covers every element and rejects an empty array', () => {
    const r = createRng(5);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i += 1) seen.add(r.pick(['x', 'y', 'z']));
    expect(seen.size).toBe(3);
    expect(() => r.pick([])).toThrow(RangeError);
  });

  it('fork() gives an independent stream that does not disturb the parent', () => {
    const a = createRng(9);
    const b = createRng(9);
    const child = a.fork();
    b.next(); // the fork consumed exactly one output of the parent
    for (let i = 0; i < 10; i += 1) child.next();
    expect(a.next()).toBe(b.next());
  });
});

describe('deterministicLn', () => {
  it('agrees with Math.log to within a few ulps', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1e300, noNaN: true }), (x) => {
        const expected = Math.log(x);
        expect(Math.abs(deterministicLn(x) - expected)).toBeLessThanOrEqual(
          4 * Number.EPSILON * Math.max(1, Math.abs(expected)),
        );
      }),
    );
    expect(deterministicLn(1)).toBe(0);
    expect(() => deterministicLn(0)).toThrow(RangeError);
  });
});

describe('hashSeed', () => {
  it('is stable and spreads similar strings', () => {
    expect(hashSeed('')).toBe(2872998923);
    expect(hashSeed('fugong')).toBe(1706959167);
    expect(hashSeed('温州')).toBe(3618266766);
    expect(hashSeed('enterprise:1')).not.toBe(hashSeed('enterprise:2'));
  });
});
