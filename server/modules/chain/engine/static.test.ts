import { describe, expect, it } from 'vitest';
import { buildNetwork, firmId, firmIndex, itemName, type Network, type NetworkInput } from './network';
import { solveStatic, STATIC_TOLERANCE, type StaticResult } from './static';
import { staticCause } from './cause';

/** x by firm id. */
function xs(net: Network, res: StaticResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < net.n; i++) out[firmId(net, i)] = res.x[i];
  return out;
}

function brokenIds(net: Network, res: StaticResult): string[] {
  const out: string[] = [];
  for (let i = 0; i < net.n; i++) if (res.broken[i] === 1) out.push(firmId(net, i));
  return out.sort();
}

function causeOf(net: Network, res: StaticResult, id: string): { item: string; path: string[] } | null {
  const c = staticCause(net, res, firmIndex(net).get(id) as number);
  return c === null ? null : { item: itemName(net, c.item), path: c.path.map((i) => firmId(net, i)) };
}

// A (a = 0.5) → B (steel: 75 % from A, 25 % outside) → C (part: 100 % from B, a = 0.875).
const chain: NetworkInput = {
  firms: [
    { id: 'A', capacity: 0.5, weight: 1 },
    { id: 'B', capacity: 1, weight: 2 },
    { id: 'C', capacity: 0.875, weight: 4 },
  ],
  links: [
    { supplier: 'A', customer: 'B', item: 'steel', share: 0.75 },
    { supplier: 'B', customer: 'C', item: 'part', share: 1 },
  ],
};

describe('static model, hand-worked', () => {
  it('chain of three: A → B → C', () => {
    // x_A = a_A = 0.5
    // x_B = min(1, 0.25 + 0.75·0.5) = min(1, 0.625) = 0.625
    // x_C = min(0.875, 0 + 1·0.625) = 0.625
    // Y = 1·0.5 + 2·0.625 + 4·0.625 = 0.5 + 1.25 + 2.5 = 4.25
    const net = buildNetwork(chain);
    const res = solveStatic(net);
    expect(xs(net, res)).toEqual({ A: 0.5, B: 0.625, C: 0.625 });
    expect(res.Y).toBe(4.25);
    // θ = 0.5: B 0.625 ≥ 0.5, C 0.625 ≥ 0.4375 — nobody broken.
    expect(brokenIds(net, res)).toEqual([]);
    expect(res.converged).toBe(true);
  });

  it('chain of three with θ = 0.75: B and C break, root cause A', () => {
    // B: 0.625 < 0.75·1; C: 0.625 < 0.75·0.875 = 0.65625.
    // C's binding item is "part"; its only supplier B is input-bound (steel, from A);
    // A runs at its own capacity (x = a) → root cause. Path C → B → A.
    const net = buildNetwork(chain);
    const res = solveStatic(net, { theta: 0.75 });
    expect(brokenIds(net, res)).toEqual(['B', 'C']);
    expect(causeOf(net, res, 'C')).toEqual({ item: 'part', path: ['C', 'B', 'A'] });
    expect(causeOf(net, res, 'B')).toEqual({ item: 'steel', path: ['B', 'A'] });
    expect(causeOf(net, res, 'A')).toBeNull();
  });

  it('diamond: D is held by the weaker of two branches', () => {
    // A (a = 0.5) feeds B (item a: 100 % from A) and C (item a: 50 % from A, 50 % outside).
    // D needs "left" 100 % from B and "right" 50 % from C (50 % outside).
    // x_A = 0.5; x_B = min(1, 0.5) = 0.5; x_C = min(0.625, 0.5 + 0.25) = 0.625 (own capacity binds)
    // D: left = 0.5, right = 0.5 + 0.5·0.625 = 0.8125 → x_D = min(1, 0.5, 0.8125) = 0.5, bound by "left".
    const net = buildNetwork({
      firms: [
        { id: 'A', capacity: 0.5 },
        { id: 'B', capacity: 1 },
        { id: 'C', capacity: 0.625 },
        { id: 'D', capacity: 1 },
      ],
      links: [
        { supplier: 'A', customer: 'B', item: 'a', share: 1 },
        { supplier: 'A', customer: 'C', item: 'a', share: 0.5 },
        { supplier: 'B', customer: 'D', item: 'left', share: 1 },
        { supplier: 'C', customer: 'D', item: 'right', share: 0.5 },
      ],
    });
    const res = solveStatic(net, { theta: 0.6 });
    expect(xs(net, res)).toEqual({ A: 0.5, B: 0.5, C: 0.625, D: 0.5 });
    // θ = 0.6: B 0.5 < 0.6 and D 0.5 < 0.6 break; C 0.625 ≥ 0.375 does not.
    expect(brokenIds(net, res)).toEqual(['B', 'D']);
    expect(causeOf(net, res, 'D')).toEqual({ item: 'left', path: ['D', 'B', 'A'] });
  });

  it('cycle with an exact fixed point', () => {
    // A needs "b" 50 % from B (50 % outside), a_A = 1; B needs "a" 50 % from A, a_B = 0.5.
    // x_B = min(0.5, 0.5 + 0.5·x_A) = 0.5 for any x_A ≥ 0; x_A = min(1, 0.5 + 0.25) = 0.75.
    const net = buildNetwork({
      firms: [
        { id: 'A', capacity: 1 },
        { id: 'B', capacity: 0.5 },
      ],
      links: [
        { supplier: 'B', customer: 'A', item: 'b', share: 0.5 },
        { supplier: 'A', customer: 'B', item: 'a', share: 0.5 },
      ],
    });
    expect(net.acyclic).toBe(false);
    const res = solveStatic(net);
    expect(xs(net, res)).toEqual({ A: 0.75, B: 0.5 });
    expect(res.converged).toBe(true);
  });

  it('cycle that only converges in the limit (greatest solution 0)', () => {
    // A needs "k": 50 % from B, 50 % from C (C stopped, a_C = 0); B needs "k" 100 % from A.
    // x_A = 0.5·x_B, x_B = x_A → x_A = 0.5·x_A → greatest solution x_A = x_B = 0, reached
    // geometrically from x = a = 1: after k sweeps x ≈ 0.5^k, so about 40 sweeps to 1e-12.
    const net = buildNetwork({
      firms: [
        { id: 'A', capacity: 1 },
        { id: 'B', capacity: 1 },
        { id: 'C', capacity: 0 },
      ],
      links: [
        { supplier: 'B', customer: 'A', item: 'k', share: 0.5 },
        { supplier: 'C', customer: 'A', item: 'k', share: 0.5 },
        { supplier: 'A', customer: 'B', item: 'k', share: 1 },
      ],
    });
    const res = solveStatic(net);
    const x = xs(net, res);
    expect(x.A).toBeLessThan(STATIC_TOLERANCE * 4);
    expect(x.B).toBeLessThan(STATIC_TOLERANCE * 4);
    expect(res.sweeps).toBeGreaterThan(30);
    expect(res.sweeps).toBeLessThan(60);
    expect(res.converged).toBe(true);
    // A's largest-shortfall supplier is C (0.5·(1 − 0)) rather than B (0.5·(1 − ε)); C is the root.
    expect(causeOf(net, res, 'A')).toEqual({ item: 'k', path: ['A', 'C'] });
  });

  it('outside share keeps a customer going when its supplier stops', () => {
    // S stopped; C gets 25 % of "k" from outside: x_C = min(1, 0.25 + 0.75·0) = 0.25.
    const net = buildNetwork({
      firms: [
        { id: 'S', capacity: 0 },
        { id: 'C', capacity: 1 },
      ],
      links: [{ supplier: 'S', customer: 'C', item: 'k', share: 0.75 }],
    });
    expect(xs(net, solveStatic(net))).toEqual({ S: 0, C: 0.25 });
  });

  it('a non-essential item does not constrain the customer', () => {
    // C's "paint" comes 100 % from the stopped S but is not essential: x_C = a_C = 0.875.
    const net = buildNetwork({
      firms: [
        { id: 'S', capacity: 0 },
        { id: 'C', capacity: 0.875 },
      ],
      links: [{ supplier: 'S', customer: 'C', item: 'paint', share: 1, essential: false }],
    });
    const res = solveStatic(net);
    expect(xs(net, res)).toEqual({ S: 0, C: 0.875 });
    expect(brokenIds(net, res)).toEqual([]);
  });

  it('θ boundary: x exactly θ·a is not a break, just below is', () => {
    // B takes 100 % of "k" from A, a_B = 1. With a_A = 0.5: x_B = 0.5 = 0.5·1 → not broken.
    // With a_A = 0.4375: x_B = 0.4375 < 0.5 → broken, cause k via A.
    const make = (aA: number): Network =>
      buildNetwork({
        firms: [
          { id: 'A', capacity: aA },
          { id: 'B', capacity: 1 },
        ],
        links: [{ supplier: 'A', customer: 'B', item: 'k', share: 1 }],
      });
    const atBoundary = make(0.5);
    expect(brokenIds(atBoundary, solveStatic(atBoundary))).toEqual([]);
    const below = make(0.4375);
    const res = solveStatic(below);
    expect(brokenIds(below, res)).toEqual(['B']);
    expect(causeOf(below, res, 'B')).toEqual({ item: 'k', path: ['B', 'A'] });
  });

  it('the binding item is the essential item with the smallest availability', () => {
    // C needs "x" (100 % from A, a_A = 0.75) and "y" (100 % from B, a_B = 0.25): binds on y.
    const net = buildNetwork({
      firms: [
        { id: 'A', capacity: 0.75 },
        { id: 'B', capacity: 0.25 },
        { id: 'C', capacity: 1 },
      ],
      links: [
        { supplier: 'A', customer: 'C', item: 'x', share: 1 },
        { supplier: 'B', customer: 'C', item: 'y', share: 1 },
      ],
    });
    const res = solveStatic(net);
    expect(xs(net, res).C).toBe(0.25);
    expect(causeOf(net, res, 'C')).toEqual({ item: 'y', path: ['C', 'B'] });
  });
});
