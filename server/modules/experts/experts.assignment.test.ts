import loadHighs from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../domain/prng';
import { COVER, assignExperts, availableFor, type AssignmentExpert, type AssignmentPair, type AssignmentRequest } from './experts.assignment';

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

interface Instance {
  requests: AssignmentRequest[];
  experts: AssignmentExpert[];
  pairs: AssignmentPair[];
}

function randomInstance(seed: number, nr: number, ne: number, density = 0.6): Instance {
  const rng = createRng(seed);
  const requests = Array.from({ length: nr }, (_, i) => ({ id: 100 + i, need: rng.int(1, 3), ...(rng.chance(0.4) ? { days: [rng.int(1, 5)] } : {}) }));
  const experts = Array.from({ length: ne }, (_, i) => ({ id: 500 + i, capacity: rng.int(0, 3), availability: rng.chance(0.1) ? [] : rng.shuffle([0, 1, 2, 3, 4, 5, 6]).slice(0, rng.int(1, 5)) }));
  const pairs: AssignmentPair[] = [];
  for (const r of requests) for (const e of experts) if (rng.chance(density)) pairs.push({ requestId: r.id, expertId: e.id, fit: rng.int(0, 1000) });
  return { requests, experts, pairs };
}

/** The same problem as an LP for HiGHS over one variable per usable pair (totally unimodular). */
function lpOptimum(inst: Instance): number {
  const usable = inst.pairs.filter((p) => availableFor(inst.requests.find((r) => r.id === p.requestId)!, inst.experts.find((e) => e.id === p.expertId)!));
  if (!usable.length) return 0;
  const obj = usable.map((p, i) => `+ ${COVER + p.fit} x${i}`).join(' ');
  const rows: string[] = [];
  for (const r of inst.requests) {
    const terms = usable.map((p, i) => (p.requestId === r.id ? `+ x${i}` : '')).filter(Boolean);
    if (terms.length) rows.push(` r${r.id}: ${terms.join(' ')} <= ${r.need}`);
  }
  for (const e of inst.experts) {
    const terms = usable.map((p, i) => (p.expertId === e.id ? `+ x${i}` : '')).filter(Boolean);
    if (terms.length) rows.push(` e${e.id}: ${terms.join(' ')} <= ${e.capacity}`);
  }
  const bounds = usable.map((_, i) => ` 0 <= x${i} <= 1`).join('\n');
  const lp = `Maximize\n obj: ${obj}\nSubject To\n${rows.join('\n')}\nBounds\n${bounds}\nEnd\n`;
  const res = highs.solve(lp, { output_flag: false });
  expect(res.Status).toBe('Optimal');
  return res.ObjectiveValue;
}

/** Exhaustive search over subsets of usable pairs (tiny instances only). */
function bruteForce(inst: Instance): number {
  const usable = inst.pairs.filter((p) => availableFor(inst.requests.find((r) => r.id === p.requestId)!, inst.experts.find((e) => e.id === p.expertId)!));
  let best = 0;
  for (let mask = 0; mask < 1 << usable.length; mask++) {
    const reqUse = new Map<number, number>();
    const expUse = new Map<number, number>();
    let value = 0;
    let ok = true;
    for (let i = 0; i < usable.length && ok; i++) {
      if (!(mask & (1 << i))) continue;
      const p = usable[i]!;
      reqUse.set(p.requestId, (reqUse.get(p.requestId) ?? 0) + 1);
      expUse.set(p.expertId, (expUse.get(p.expertId) ?? 0) + 1);
      ok = reqUse.get(p.requestId)! <= inst.requests.find((r) => r.id === p.requestId)!.need && expUse.get(p.expertId)! <= inst.experts.find((e) => e.id === p.expertId)!.capacity;
      value += COVER + p.fit;
    }
    if (ok && value > best) best = value;
  }
  return best;
}

function checkFeasible(inst: Instance, pairs: AssignmentPair[]) {
  const reqUse = new Map<number, number>();
  const expUse = new Map<number, number>();
  const seen = new Set<string>();
  for (const p of pairs) {
    const key = `${p.requestId}:${p.expertId}`;
    expect(seen.has(key), `pair used twice ${key}`).toBe(false);
    seen.add(key);
    expect(inst.pairs.some((q) => q.requestId === p.requestId && q.expertId === p.expertId)).toBe(true);
    const r = inst.requests.find((x) => x.id === p.requestId)!;
    const e = inst.experts.find((x) => x.id === p.expertId)!;
    expect(availableFor(r, e), `expert ${e.id} not available for request ${r.id}`).toBe(true);
    reqUse.set(r.id, (reqUse.get(r.id) ?? 0) + 1);
    expUse.set(e.id, (expUse.get(e.id) ?? 0) + 1);
  }
  for (const r of inst.requests) expect(reqUse.get(r.id) ?? 0).toBeLessThanOrEqual(r.need);
  for (const e of inst.experts) expect(expUse.get(e.id) ?? 0).toBeLessThanOrEqual(e.capacity);
}

describe('optimal expert assignment', () => {
  it('a hand-worked case: the joint visit gets two experts, the greedy choice would be worse', () => {
    // Request 1 needs two experts, request 2 one. Expert A fits 2 best (900) but is also the only
    // one who can serve 1 besides B. Greedy (A→2) leaves request 1 with one seat empty.
    const requests = [{ id: 1, need: 2 }, { id: 2, need: 1 }];
    const experts = [{ id: 10, capacity: 1, availability: [1] }, { id: 11, capacity: 1, availability: [1] }, { id: 12, capacity: 1, availability: [1] }];
    const pairs = [
      { requestId: 1, expertId: 10, fit: 500 }, { requestId: 1, expertId: 11, fit: 600 },
      { requestId: 2, expertId: 10, fit: 900 }, { requestId: 2, expertId: 12, fit: 100 },
    ];
    const a = assignExperts(requests, experts, pairs);
    expect(a.pairs.map((p) => `${p.requestId}:${p.expertId}`).sort()).toEqual(['1:10', '1:11', '2:12']);
    expect(a.objective).toBe(3 * COVER + 500 + 600 + 100);
    expect(a.unfilled.size).toBe(0);
  });

  it('never exceeds a load or uses an unavailable expert; reports the seats left empty', () => {
    const requests = [{ id: 1, need: 3, days: [2] }, { id: 2, need: 1 }];
    const experts = [{ id: 10, capacity: 1, availability: [2] }, { id: 11, capacity: 5, availability: [3] }, { id: 12, capacity: 0, availability: [2] }, { id: 13, capacity: 2, availability: [] }];
    const pairs = experts.flatMap((e) => requests.map((r) => ({ requestId: r.id, expertId: e.id, fit: 800 })));
    const a = assignExperts(requests, experts, pairs);
    checkFeasible({ requests, experts, pairs }, a.pairs);
    expect(a.pairs.map((p) => `${p.requestId}:${p.expertId}`).sort()).toEqual(['1:10', '2:11']);
    expect([...a.unfilled]).toEqual([[1, 2]]);
  });

  it('equals the LP optimum (HiGHS) on random instances, within every need, load and availability', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const inst = randomInstance(seed, 3 + (seed % 9), 2 + (seed % 7));
      const a = assignExperts(inst.requests, inst.experts, inst.pairs);
      checkFeasible(inst, a.pairs);
      expect(a.objective, `seed ${seed}`).toBe(a.pairs.reduce((s, p) => s + COVER + p.fit, 0));
      expect(a.objective, `seed ${seed}`).toBeCloseTo(lpOptimum(inst), 6);
    }
  });

  it('equals brute force on tiny instances', () => {
    for (let seed = 100; seed < 130; seed++) {
      const inst = randomInstance(seed, 3, 3, 0.5);
      if (inst.pairs.length > 12) inst.pairs.length = 12;
      const a = assignExperts(inst.requests, inst.experts, inst.pairs);
      checkFeasible(inst, a.pairs);
      expect(a.objective, `seed ${seed}`).toBe(bruteForce(inst));
    }
  });

  it('nothing to assign: an empty plan', () => {
    expect(assignExperts([], [], []).pairs).toEqual([]);
    const a = assignExperts([{ id: 1, need: 2 }], [], []);
    expect(a.objective).toBe(0);
    expect([...a.unfilled]).toEqual([[1, 2]]);
  });
});
