/**
 * Shared employees (共享员工): optimal lending of surplus workers to shortages. Pure: no I/O.
 *
 * ## The model
 * A surplus posting p (lending firm) offers `headcount[p]` workers of one job type, with skills,
 * between two dates, in a district, possibly needing transport or housing. A shortage s
 * (borrowing firm) asks for `headcount[s]` workers of one job type, with skills, between two
 * dates, in a district, at a daily wage (integer fen), saying whether it provides transport and
 * housing and how urgent it is (1 low – 3 high).
 *
 * A posting can serve a shortage when the job types are equal, the date ranges overlap, the two
 * firms differ, and — when the secretary turned the rule on — the two firms do not compete (share
 * no product). When the secretary caps lending at X % of a firm's staff, all the postings of one
 * firm together lend at most ⌊staff · X / 100⌋ minus the workers it already has out.
 *
 * Each worker placed from p to s costs
 *
 *     (travel km + SKILL · missing skills + wage shortfall in yuan/day + CONDITION · unmet needs) · (4 − urgency)
 *
 * — travel between the two districts' seats (great-circle km), the skills the shortage asks for
 * that the posting lacks, how far the offered wage falls below the reference wage, transport or
 * housing the workers need that the borrower does not provide; urgency weighs the cost down, so
 * that when there is a choice the urgent shortage gets the workers. Leaving one unit of demand
 * unfilled costs UNFILLED, more than any augmenting path of placements can cost, so the plan
 * first fills the most demand possible and then, among those plans, costs the least.
 *
 * Solved exactly as a min-cost flow (`domain/flow/min-cost-flow.ts`): source → firm (capacity:
 * the firm's lending cap), firm → posting (headcount), posting → shortage (cost per worker),
 * shortage → sink (headcount), and a bypass source → sink at UNFILLED per unit. The constraint
 * matrix is a network matrix, so the optimum is integral and equals the LP optimum (the tests
 * compare with HiGHS).
 */
import { FlowNetworkBuilder, solveMinCostFlow, type FlowProblem } from '../../domain/flow/min-cost-flow';

/** Job types of the taxonomy (names in zh/en in `JOB_TYPES`). */
export const JOB_TYPE_CODES = [
  'sewing_operator',
  'cnc_operator',
  'forklift_driver',
  'packer',
  'qc_inspector',
  'electrician',
  'cold_chain_handler',
  'assembler',
  'welder',
  'warehouse_clerk',
  'machine_operator',
  'cook',
] as const;
export type JobType = (typeof JOB_TYPE_CODES)[number];

export const JOB_TYPES: Readonly<Record<JobType, { zh: string; en: string }>> = Object.freeze({
  sewing_operator: { zh: '缝纫工', en: 'Sewing operator' },
  cnc_operator: { zh: '数控操作工', en: 'CNC operator' },
  forklift_driver: { zh: '叉车司机', en: 'Forklift driver' },
  packer: { zh: '包装工', en: 'Packer' },
  qc_inspector: { zh: '质检员', en: 'QC inspector' },
  electrician: { zh: '电工', en: 'Electrician' },
  cold_chain_handler: { zh: '冷链搬运工', en: 'Cold-chain handler' },
  assembler: { zh: '装配工', en: 'Assembler' },
  welder: { zh: '焊工', en: 'Welder' },
  warehouse_clerk: { zh: '仓管员', en: 'Warehouse clerk' },
  machine_operator: { zh: '普工/机台操作工', en: 'Machine operator' },
  cook: { zh: '食堂厨工', en: 'Canteen cook' },
});

/** Approximate seats (lat, lon) of the 22 county-level divisions, for travel distances. */
const SEATS: Readonly<Record<string, readonly [number, number]>> = Object.freeze({
  '330302': [28.02, 120.65], '330303': [27.93, 120.81], '330304': [27.97, 120.61], '330305': [27.84, 121.16],
  '330324': [28.15, 120.69], '330326': [27.66, 120.57], '330327': [27.52, 120.43], '330328': [27.79, 120.09],
  '330329': [27.56, 119.72], '330381': [27.78, 120.66], '330382': [28.11, 120.98], '330383': [27.58, 120.55],
  '330203': [29.87, 121.55], '330205': [29.89, 121.56], '330206': [29.9, 121.84], '330211': [29.95, 121.72],
  '330212': [29.82, 121.55], '330213': [29.66, 121.41], '330225': [29.48, 121.87], '330226': [29.29, 121.43],
  '330281': [30.04, 121.15], '330282': [30.17, 121.27],
});

/** Whole kilometres between two districts' seats (0 within a district; 300 when one is unknown). */
export function districtKm(a: string, b: string): number {
  if (a === b) return 0;
  const p = SEATS[a];
  const q = SEATS[b];
  if (!p || !q) return 300;
  const rad = Math.PI / 180;
  const dLat = (q[0] - p[0]) * rad;
  const dLon = (q[1] - p[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(p[0] * rad) * Math.cos(q[0] * rad) * Math.sin(dLon / 2) ** 2;
  return Math.max(1, Math.round(2 * 6371 * Math.asin(Math.sqrt(h))));
}

/** Cost of one skill the shortage asks for that the posting lacks (≈ 150 km of travel). */
export const SKILL_COST = 150;
/** Cost of one unmet condition (transport or housing needed but not provided). */
export const CONDITION_COST = 60;

export interface SurplusInput {
  id: number;
  enterpriseId: number;
  jobType: string;
  skills: readonly string[];
  headcount: number;
  /** YYYY-MM-DD, both ends included. */
  startDate: string;
  endDate: string;
  district: string;
  needsTransport?: boolean;
  needsHousing?: boolean;
}

export interface ShortageInput {
  id: number;
  enterpriseId: number;
  jobType: string;
  skills: readonly string[];
  headcount: number;
  startDate: string;
  endDate: string;
  district: string;
  /** Integer fen per day. */
  dailyWageFen: number;
  providesTransport?: boolean;
  providesHousing?: boolean;
  /** 1 (low) – 3 (high). */
  urgency: number;
}

export interface FirmInput {
  enterpriseId: number;
  /** Staff on the payroll (for the lending cap). */
  staffTotal: number;
  /** Workers the firm already has out (agreed or on site). */
  lentOut: number;
  /** Products the firm makes (for the competitor rule). */
  products: readonly string[];
}

export interface MatchRules {
  /** Integer fen per day the offered wage is compared with. */
  referenceWageFen: number;
  /** Never lend more than this % of a firm's staff (null: no cap). */
  maxLendPct: number | null;
  /** No lending between firms sharing a product. */
  noCompetitorLending: boolean;
}

export interface MatchInput {
  surpluses: readonly SurplusInput[];
  shortages: readonly ShortageInput[];
  /** Firms of the postings; a firm without an entry has no cap and no products. */
  firms?: readonly FirmInput[];
  rules: MatchRules;
}

/** Why a placement costs what it costs (all per worker). */
export interface PlacementExplanation {
  jobType: string;
  /** The dates both postings cover. */
  overlapStart: string;
  overlapEnd: string;
  days: number;
  fromDistrict: string;
  toDistrict: string;
  travelKm: number;
  /** Skills the shortage asks for that the posting lacks. */
  missingSkills: string[];
  matchedSkills: string[];
  /** Reference wage − offered wage, in fen per day, when positive. */
  wageShortfallFen: number;
  transportGap: boolean;
  housingGap: boolean;
  urgency: number;
  /** Weighted cost per worker (the objective's unit). */
  unitCost: number;
  /** Secretary rules that shaped the pair (`lend_cap:<pct>%:<cap>`, `not_competitors`). */
  ruleNotes: string[];
}

export interface Placement {
  surplusId: number;
  shortageId: number;
  headcount: number;
  explanation: PlacementExplanation;
}

export interface MatchResult {
  placements: Placement[];
  /** Demand left per shortage id (only shortages with some) and why. */
  unfilled: Map<number, { headcount: number; reason: 'no_candidate' | 'supply_exhausted' }>;
  /** Σ headcount placed. */
  filled: number;
  /** Σ unitCost · headcount over placements. */
  cost: number;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

function dayText(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

interface PairMeta {
  p: number;
  s: number;
  cost: number;
}

export interface MatchingNetwork {
  problem: FlowProblem;
  /** Arc index of each usable pair, parallel to `pairP`/`pairS`/`pairCost`. */
  pairArc: Int32Array;
  pairP: Int32Array;
  pairS: Int32Array;
  pairCost: Float64Array;
  pairCount: number;
  unfilledCost: number;
}

/** Whether two firms compete (share a product), case- and space-insensitive. */
function competes(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!a?.length || !b?.length) return false;
  const set = new Set(a.map((x) => x.trim().toLowerCase()).filter(Boolean));
  return b.some((x) => set.has(x.trim().toLowerCase()));
}

/** The lending cap of a firm under the rules (Infinity without a cap). */
export function firmCap(firm: FirmInput | undefined, rules: MatchRules): number {
  if (rules.maxLendPct === null || !firm) return Infinity;
  return Math.max(0, Math.floor((firm.staffTotal * rules.maxLendPct) / 100) - firm.lentOut);
}

/** Cost per worker of posting p serving shortage s, or −1 when the pair is not allowed. */
export function pairCost(p: SurplusInput, s: ShortageInput, rules: MatchRules, firms?: ReadonlyMap<number, FirmInput>): number {
  if (p.jobType !== s.jobType || p.enterpriseId === s.enterpriseId) return -1;
  if (dayNumber(p.endDate) < dayNumber(s.startDate) || dayNumber(p.startDate) > dayNumber(s.endDate)) return -1;
  if (rules.noCompetitorLending && competes(firms?.get(p.enterpriseId)?.products, firms?.get(s.enterpriseId)?.products)) return -1;
  return unitCost(p, s, rules);
}

function unitCost(p: SurplusInput, s: ShortageInput, rules: MatchRules, have: ReadonlySet<string> = new Set(p.skills), km = districtKm(p.district, s.district)): number {
  let missing = 0;
  for (const k of s.skills) if (!have.has(k)) missing++;
  const shortfall = Math.max(0, Math.round((rules.referenceWageFen - s.dailyWageFen) / 100));
  const gaps = (p.needsTransport && !s.providesTransport ? 1 : 0) + (p.needsHousing && !s.providesHousing ? 1 : 0);
  const urgency = Math.min(3, Math.max(1, Math.round(s.urgency)));
  return (km + SKILL_COST * missing + shortfall + CONDITION_COST * gaps) * (4 - urgency);
}

/**
 * Builds the flow network of a matching (exposed for the benchmark, which measures the network
 * this module builds).
 */
export function buildMatchingNetwork(input: MatchInput): MatchingNetwork {
  const { surpluses, shortages, rules } = input;
  const firms = new Map((input.firms ?? []).map((f) => [f.enterpriseId, f]));
  const P = surpluses.length;
  const S = shortages.length;
  const b = new FlowNetworkBuilder();
  const source = b.addNode(0);
  const sink = b.addNode(0);

  // Firm nodes: one per lending firm, capped when the rule is on.
  const firmNode = new Map<number, number>();
  const firmSupply = new Map<number, number>();
  for (const p of surpluses) firmSupply.set(p.enterpriseId, (firmSupply.get(p.enterpriseId) ?? 0) + Math.max(0, Math.floor(p.headcount)));
  for (const [firm, total] of firmSupply) {
    const v = b.addNode(0);
    firmNode.set(firm, v);
    b.addArc(source, v, Math.min(total, firmCap(firms.get(firm), rules)), 0);
  }
  const postNode = new Int32Array(P);
  const pStart = new Float64Array(P);
  const pEnd = new Float64Array(P);
  for (let i = 0; i < P; i++) {
    const p = surpluses[i]!;
    postNode[i] = b.addNode(0);
    b.addArc(firmNode.get(p.enterpriseId)!, postNode[i]!, Math.max(0, Math.floor(p.headcount)), 0);
    pStart[i] = dayNumber(p.startDate);
    pEnd[i] = dayNumber(p.endDate);
  }
  let demand = 0;
  const shortNode = new Int32Array(S);
  for (let j = 0; j < S; j++) {
    const h = Math.max(0, Math.floor(shortages[j]!.headcount));
    shortNode[j] = b.addNode(0);
    b.addArc(shortNode[j]!, sink, h, 0);
    demand += h;
  }

  // Pairs. Competitor sets are compared once per firm pair.
  const productSets = new Map<number, Set<string>>();
  if (rules.noCompetitorLending) {
    for (const f of firms.values()) productSets.set(f.enterpriseId, new Set(f.products.map((x) => x.trim().toLowerCase()).filter(Boolean)));
  }
  const competing = new Map<string, boolean>();
  const rivals = (a: number, c: number): boolean => {
    const key = a < c ? `${a}:${c}` : `${c}:${a}`;
    let v = competing.get(key);
    if (v === undefined) {
      const x = productSets.get(a);
      const y = productSets.get(c);
      v = !!x && !!y && [...y].some((k) => x.has(k));
      competing.set(key, v);
    }
    return v;
  };
  const skillSets = surpluses.map((p) => new Set(p.skills));
  const kmCache = new Map<string, number>();
  const kmOf = (a: string, c: string) => {
    const key = `${a}|${c}`;
    let v = kmCache.get(key);
    if (v === undefined) kmCache.set(key, (v = districtKm(a, c)));
    return v;
  };
  let cap = 1024;
  let pairArc: Int32Array<ArrayBuffer> = new Int32Array(cap);
  let pairP = new Int32Array(cap);
  let pairS = new Int32Array(cap);
  let pairCostArr = new Float64Array(cap);
  let n = 0;
  let maxCost = 0;
  for (let j = 0; j < S; j++) {
    const s = shortages[j]!;
    if (!(s.headcount >= 1)) continue;
    const sStart = dayNumber(s.startDate);
    const sEnd = dayNumber(s.endDate);
    for (let i = 0; i < P; i++) {
      const p = surpluses[i]!;
      if (p.jobType !== s.jobType || p.enterpriseId === s.enterpriseId || !(p.headcount >= 1)) continue;
      if (pEnd[i]! < sStart || pStart[i]! > sEnd) continue;
      if (rules.noCompetitorLending && rivals(p.enterpriseId, s.enterpriseId)) continue;
      const c = unitCost(p, s, rules, skillSets[i], kmOf(p.district, s.district));
      if (n === cap) {
        cap *= 2;
        pairArc = growI(pairArc, cap);
        pairP = growI(pairP, cap);
        pairS = growI(pairS, cap);
        const g = new Float64Array(cap);
        g.set(pairCostArr);
        pairCostArr = g;
      }
      pairArc[n] = b.addArc(postNode[i]!, shortNode[j]!, Infinity, c);
      pairP[n] = i;
      pairS[n] = j;
      pairCostArr[n] = c;
      if (c > maxCost) maxCost = c;
      n++;
    }
  }
  // An augmenting path uses at most min(P, S) pair arcs forwards: one more unit of demand filled
  // is always worth more than any re-arrangement can cost.
  const unfilledCost = maxCost * (Math.min(P, S) + 1) + 1;
  b.addArc(source, sink, demand, unfilledCost);
  b.addSupply(source, demand);
  b.addSupply(sink, -demand);
  return { problem: b.build(), pairArc, pairP, pairS, pairCost: pairCostArr, pairCount: n, unfilledCost };
}

function growI(a: Int32Array, cap: number): Int32Array<ArrayBuffer> {
  const g = new Int32Array(cap);
  g.set(a);
  return g;
}

/** Matches surplus headcount to shortages: most demand filled, then least cost; explains each placement. */
export function matchWorkforce(input: MatchInput): MatchResult {
  const { surpluses, shortages, rules } = input;
  const net = buildMatchingNetwork(input);
  const result = solveMinCostFlow(net.problem);
  if (result.status !== 'optimal') throw new Error(`workforce flow is ${result.status}`); // cannot happen: the bypass keeps it feasible and every cycle has finite capacity
  const firms = new Map((input.firms ?? []).map((f) => [f.enterpriseId, f]));
  const placements: Placement[] = [];
  const filledBy = new Map<number, number>();
  let filled = 0;
  let cost = 0;
  const hasCandidate = new Set<number>();
  for (let k = 0; k < net.pairCount; k++) {
    const s = shortages[net.pairS[k]!]!;
    hasCandidate.add(s.id);
    const x = Math.round(result.flow[net.pairArc[k]!]!);
    if (x <= 0) continue;
    const p = surpluses[net.pairP[k]!]!;
    placements.push({ surplusId: p.id, shortageId: s.id, headcount: x, explanation: explain(p, s, rules, firms, net.pairCost[k]!) });
    filledBy.set(s.id, (filledBy.get(s.id) ?? 0) + x);
    filled += x;
    cost += x * net.pairCost[k]!;
  }
  const unfilled: MatchResult['unfilled'] = new Map();
  for (const s of shortages) {
    const left = Math.max(0, Math.floor(s.headcount)) - (filledBy.get(s.id) ?? 0);
    if (left > 0) unfilled.set(s.id, { headcount: left, reason: hasCandidate.has(s.id) ? 'supply_exhausted' : 'no_candidate' });
  }
  return { placements, unfilled, filled, cost };
}

function explain(p: SurplusInput, s: ShortageInput, rules: MatchRules, firms: ReadonlyMap<number, FirmInput>, c: number): PlacementExplanation {
  const start = Math.max(dayNumber(p.startDate), dayNumber(s.startDate));
  const end = Math.min(dayNumber(p.endDate), dayNumber(s.endDate));
  const have = new Set(p.skills);
  const notes: string[] = [];
  if (rules.maxLendPct !== null) {
    const f = firms.get(p.enterpriseId);
    if (f) notes.push(`lend_cap:${rules.maxLendPct}%:${firmCap(f, rules)}`);
  }
  if (rules.noCompetitorLending) notes.push('not_competitors');
  return {
    jobType: p.jobType,
    overlapStart: dayText(start),
    overlapEnd: dayText(end),
    days: end - start + 1,
    fromDistrict: p.district,
    toDistrict: s.district,
    travelKm: districtKm(p.district, s.district),
    missingSkills: s.skills.filter((k) => !have.has(k)),
    matchedSkills: s.skills.filter((k) => have.has(k)),
    wageShortfallFen: Math.max(0, rules.referenceWageFen - s.dailyWageFen),
    transportGap: !!p.needsTransport && !s.providesTransport,
    housingGap: !!p.needsHousing && !s.providesHousing,
    urgency: Math.min(3, Math.max(1, Math.round(s.urgency))),
    unitCost: c,
    ruleNotes: notes,
  };
}
