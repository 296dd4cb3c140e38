/**
 * Optimal assignment of many open consultation requests to experts at once. Pure: no I/O.
 *
 * ## The model
 * Request r needs `need[r]` experts (1–3: a joint visit); expert e can take `capacity[e]` more
 * cases (maximum load minus current load; paused experts have none). An expert can serve a
 * request only when the pair is listed (the caller lists pairs whose ranking is eligible) and —
 * when the request names days it wants help on — the expert is available on one of them; an
 * expert serves a request at most once. Among all assignments within every need and capacity,
 * it maximises Σ (COVER + fit) over the pairs used: COVER (1000, the top of the fit scale) makes
 * staffing one more seat worth more than any difference in fit between two seats, so the plan
 * helps as many firms as the experts can, and among those chooses the best fits. A request may be
 * staffed partly (one of two seats) when no second expert is free.
 *
 * Solved exactly as a min-cost flow (`domain/flow/min-cost-flow.ts`): source → request (capacity
 * need, cost 0), request → expert (capacity 1, cost −(COVER + fit)), expert → sink (capacity
 * capacity[e], cost 0), and a bypass source → sink at cost 0 for seats left empty. The network is
 * bipartite, so the flow's optimum is integral and equals the LP optimum (the tests check it
 * against HiGHS and brute force).
 */
import { FlowNetworkBuilder, solveMinCostFlow } from '../../domain/flow/min-cost-flow';

export const COVER = 1000;

export interface AssignmentRequest {
  id: number;
  need: number;
  /** Days of the week help is wanted on (0 = Sunday … 6); empty or absent: any. */
  days?: readonly number[];
}

export interface AssignmentExpert {
  id: number;
  /** Further cases the expert can take now (≥ 0). */
  capacity: number;
  /** Days of the week the expert is available. */
  availability: readonly number[];
}

export interface AssignmentPair {
  requestId: number;
  expertId: number;
  /** 0–1000 (the ranking's score). */
  fit: number;
}

export interface Assignment {
  /** Chosen pairs. */
  pairs: AssignmentPair[];
  /** Σ (COVER + fit) over the chosen pairs. */
  objective: number;
  /** Seats left empty per request id (only requests with some). */
  unfilled: Map<number, number>;
}

/** Whether an expert is available for a request's days (any day when the request names none). */
export function availableFor(r: AssignmentRequest, e: AssignmentExpert): boolean {
  if (!e.availability.length) return false;
  if (!r.days?.length) return true;
  return r.days.some((d) => e.availability.includes(d));
}

export function assignExperts(requests: readonly AssignmentRequest[], experts: readonly AssignmentExpert[], pairs: readonly AssignmentPair[]): Assignment {
  const b = new FlowNetworkBuilder();
  const source = b.addNode(0);
  const sink = b.addNode(0);
  const reqNode = new Map<number, number>();
  const reqById = new Map(requests.map((r) => [r.id, r]));
  const expNode = new Map<number, number>();
  const expById = new Map(experts.map((e) => [e.id, e]));
  let total = 0;
  for (const r of requests) {
    const need = Math.max(0, Math.floor(r.need));
    const v = b.addNode(0);
    reqNode.set(r.id, v);
    b.addArc(source, v, need, 0);
    total += need;
  }
  for (const e of experts) {
    const v = b.addNode(0);
    expNode.set(e.id, v);
    b.addArc(v, sink, Math.max(0, Math.floor(e.capacity)), 0);
  }
  const used: { pair: AssignmentPair; arc: number }[] = [];
  const seen = new Set<string>();
  for (const p of pairs) {
    const r = reqById.get(p.requestId);
    const e = expById.get(p.expertId);
    const key = `${p.requestId}:${p.expertId}`;
    if (!r || !e || seen.has(key) || !availableFor(r, e)) continue;
    seen.add(key);
    used.push({ pair: p, arc: b.addArc(reqNode.get(r.id)!, expNode.get(e.id)!, 1, -(COVER + Math.round(p.fit))) });
  }
  b.addArc(source, sink, total, 0);
  b.addSupply(source, total);
  b.addSupply(sink, -total);
  const result = solveMinCostFlow(b.build());
  if (result.status !== 'optimal') throw new Error(`assignment flow is ${result.status}`); // cannot happen: the bypass keeps it feasible, all capacities are finite
  const chosen = used.filter((u) => result.flow[u.arc]! > 0.5).map((u) => u.pair);
  const filled = new Map<number, number>();
  for (const p of chosen) filled.set(p.requestId, (filled.get(p.requestId) ?? 0) + 1);
  const unfilled = new Map<number, number>();
  for (const r of requests) {
    const left = Math.max(0, Math.floor(r.need)) - (filled.get(r.id) ?? 0);
    if (left > 0) unfilled.set(r.id, left);
  }
  return { pairs: chosen, objective: result.totalCost === 0 ? 0 : -result.totalCost, unfilled };
}
