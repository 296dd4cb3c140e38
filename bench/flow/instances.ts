/**
 * The matching benchmark's instances, generated deterministically from a seed, in the shapes the
 * matchers build (see server/domain/flow/min-cost-flow.ts for the model):
 *
 * - `experts`: consultation requests needing 1–3 experts each, experts with a maximum load of
 *   1–15 cases, an integer fit (0–1000) on every request × expert pair; maximise total fit
 *   (arc cost −fit), leaving requests unfilled costs nothing.
 * - `workforce`: postings of surplus workers (headcount 1–19, 20,000 workers in all) and
 *   shortages (headcount 5–45), built by the shared-employees matcher itself
 *   (`buildMatchingNetwork`): a pair is possible when their dates overlap, at a cost for travel,
 *   skill mismatch, wage shortfall and unmet conditions weighted by urgency; fill the most demand
 *   first, then the least cost.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { createRng } from '../../server/domain/prng';
import { DISTRICTS } from '../../server/domain/districts';
import { FlowNetworkBuilder, type FlowProblem } from '../../server/domain/flow/min-cost-flow';
import { buildMatchingNetwork, type MatchInput, type ShortageInput, type SurplusInput } from '../../server/modules/workforce/workforce.matching';

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
  return buildMatchingNetwork(workforceInput({ postings, shortages, workers, seed })).problem;
}

/**
 * The workforce instance as the matcher's input (server/modules/workforce/workforce.matching.ts
 * builds the network the benchmark solves): one job type, skills from ten, 22 districts, dates
 * within two months, wages around the reference, urgency 1–3, the secretary's rules off.
 */
export function workforceInput({ postings, shortages, workers, seed }: WorkforceInstanceOptions): MatchInput {
  const rng = createRng(seed);
  const districts = DISTRICTS.map((d) => d.code);
  const skills = Array.from({ length: 10 }, (_, i) => `skill_${i}`);
  const day = (n: number) => new Date(Date.UTC(2026, 2, 1 + n)).toISOString().slice(0, 10);
  const surpluses: SurplusInput[] = [];
  // Headcounts 1–19 that add up to `workers` exactly.
  let left = workers;
  for (let i = 0; i < postings; i++) {
    const remainingPostings = postings - i;
    const h = i === postings - 1 ? left : Math.max(1, Math.min(19, left - (remainingPostings - 1), rng.int(1, 19)));
    left -= h;
    const start = rng.int(0, 20);
    surpluses.push({
      id: i + 1, enterpriseId: 1 + (i % 500), jobType: 'machine_operator', skills: [rng.pick(skills)], headcount: h, startDate: day(start), endDate: day(start + rng.int(5, 40)),
      district: rng.pick(districts), needsTransport: rng.chance(0.3), needsHousing: rng.chance(0.1),
    });
  }
  const shortageList: ShortageInput[] = [];
  for (let j = 0; j < shortages; j++) {
    const start = rng.int(0, 30);
    shortageList.push({
      id: postings + j + 1, enterpriseId: 1001 + (j % 500), jobType: 'machine_operator', skills: [rng.pick(skills)], headcount: rng.int(5, 45), startDate: day(start),
      endDate: day(start + rng.int(3, 30)), district: rng.pick(districts), dailyWageFen: rng.int(150, 250) * 100, providesTransport: rng.chance(0.5), providesHousing: rng.chance(0.5),
      urgency: rng.int(1, 3),
    });
  }
  return { surpluses, shortages: shortageList, rules: { referenceWageFen: 20_000, maxLendPct: null, noCompetitorLending: false } };
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
