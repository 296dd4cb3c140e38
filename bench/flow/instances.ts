/**
 * The matching benchmark's instances, generated deterministically from a seed, in the shapes the
 * matchers build (see server/domain/flow/min-cost-flow.ts for the model):
 *
 * - `experts`: consultation requests needing 1–3 experts each, experts with a maximum load of
 *   1–15 cases, an integer fit (0–1000) on every request × expert pair; maximise total fit
 *   (arc cost −fit), leaving requests unfilled costs nothing.
 * - `workforce`: postings of surplus workers (headcount 1–19, 20,000 workers in all) and
 *   shortages (headcount 5–45); a pair is possible when their dates overlap (about 70 % of pairs),
 *   at a cost for travel, skill mismatch and wage shortfall; fill the most demand first (a unit
 *   left unfilled costs more than any placement), then the least cost.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { createRng } from '../../server/domain/prng';
import { FlowNetworkBuilder, type FlowProblem } from '../../server/domain/flow/min-cost-flow';

export interface ExpertInstanceOptions {
  requests: number;
  experts: number;
  seed: number;
}

export function expertInstance({ requests, experts, seed }: ExpertInstanceOptions): FlowProblem {
  const rng = createRng(seed);
  const b = new FlowNetworkBuilder();
  const s = b.addNode();
  const t = b.addNode();
  const req = new Int32Array(requests);
  const exp = new Int32Array(experts);
  let need = 0;
  for (let i = 0; i < requests; i++) {
    req[i] = b.addNode();
    const k = rng.int(1, 3);
    need += k;
    b.addArc(s, req[i], k, 0);
  }
  for (let j = 0; j < experts; j++) {
    exp[j] = b.addNode();
    b.addArc(exp[j], t, rng.int(1, 15), 0);
  }
  for (let i = 0; i < requests; i++) {
    for (let j = 0; j < experts; j++) b.addArc(req[i], exp[j], 1, -rng.int(0, 1000));
  }
  b.addArc(s, t, Infinity, 0);
  b.addSupply(s, need);
  b.addSupply(t, -need);
  return b.build();
}

export interface WorkforceInstanceOptions {
  postings: number;
  shortages: number;
  workers: number;
  seed: number;
}

export function workforceInstance({ postings, shortages, workers, seed }: WorkforceInstanceOptions): FlowProblem {
  const rng = createRng(seed);
  const b = new FlowNetworkBuilder();
  const s = b.addNode();
  const t = b.addNode();
  const post = new Int32Array(postings);
  const short = new Int32Array(shortages);
  const postDistrict = new Int32Array(postings);
  const postSkill = new Int32Array(postings);
  const postStart = new Int32Array(postings);
  const postEnd = new Int32Array(postings);
  // Headcounts 1–19 that add up to `workers` exactly.
  let left = workers;
  for (let i = 0; i < postings; i++) {
    post[i] = b.addNode();
    const remainingPostings = postings - i;
    const h = i === postings - 1 ? left : Math.max(1, Math.min(19, left - (remainingPostings - 1), rng.int(1, 19)));
    left -= h;
    b.addArc(s, post[i], h, 0);
    postDistrict[i] = rng.int(0, 11);
    postSkill[i] = rng.int(0, 9);
    postStart[i] = rng.int(0, 20);
    postEnd[i] = postStart[i] + rng.int(5, 40);
  }
  let demand = 0;
  const UNFILLED = 1_000_000; // dearer than any placement: fill the most demand first
  for (let j = 0; j < shortages; j++) {
    short[j] = b.addNode();
    const h = rng.int(5, 45);
    demand += h;
    b.addArc(short[j], t, h, 0);
    const district = rng.int(0, 11);
    const skill = rng.int(0, 9);
    const start = rng.int(0, 30);
    const end = start + rng.int(3, 30);
    const wageGap = rng.int(0, 50);
    const urgency = rng.int(1, 3);
    for (let i = 0; i < postings; i++) {
      if (postEnd[i] < start || postStart[i] > end) continue; // dates must overlap
      const travel = Math.abs(postDistrict[i] - district) * 40;
      const mismatch = postSkill[i] === skill ? 0 : 300;
      b.addArc(post[i], short[j], Infinity, (travel + mismatch + wageGap) * (4 - urgency));
    }
  }
  b.addArc(s, t, Infinity, UNFILLED);
  b.addSupply(s, demand);
  b.addSupply(t, -demand);
  return b.build();
}

/** Writes an instance in the layout lemon_ref.cpp reads. */
export function writeInstance(p: FlowProblem, path: string): void {
  const n = p.nodeCount;
  const m = p.source.length;
  const fd = openSync(path, 'w');
  try {
    const header = new Uint8Array(16);
    header.set([0x46, 0x47, 0x4d, 0x46]);
    const dv = new DataView(header.buffer);
    dv.setUint32(4, 1, true);
    dv.setUint32(8, n, true);
    dv.setUint32(12, m, true);
    writeSync(fd, header);
    const supply = BigInt64Array.from(Array.from(p.supply, (v) => BigInt(v)));
    const src = Int32Array.from(p.source);
    const dst = Int32Array.from(p.target);
    const cap = new BigInt64Array(m);
    const cost = new BigInt64Array(m);
    for (let a = 0; a < m; a++) {
      cap[a] = p.capacity[a] === Infinity ? -1n : BigInt(p.capacity[a]);
      cost[a] = BigInt(p.cost[a]);
    }
    for (const arr of [supply, src, dst, cap, cost]) writeSync(fd, new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength));
  } finally {
    closeSync(fd);
  }
}
