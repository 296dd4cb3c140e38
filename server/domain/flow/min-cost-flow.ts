/**
 * Minimum-cost flow by the primal network simplex method — the one solver behind every matcher
 * (experts to consultation requests, surplus workers to shortages, offers to needs).
 *
 * ## The model
 * A directed graph of `n` nodes and `m` arcs. Arc `a` goes from `source[a]` to `target[a]`, carries
 * an integer flow `0 ≤ x[a] ≤ capacity[a]` (capacity may be `Infinity`) at integer unit cost
 * `cost[a]` (any sign). Node `v` has an integer supply `b[v]` (negative: demand) and the flow must
 * balance exactly: out(v) − in(v) = b[v], with Σ b = 0. The solver returns an integral flow of
 * least total cost Σ cost·x, or says that the cost has no lower bound (`unbounded`: there is a
 * cycle of negative cost whose arcs all have infinite capacity — reported whether or not the
 * balances can be met, as LEMON does) or that the balances cannot be met (`infeasible`). Matchers that may leave
 * demand unmet add a bypass arc (source → sink) whose cost states what leaving one unit unmet costs.
 *
 * All numbers are integers carried in float64: exact while every |cost|·n and every flow stays
 * below 2^53, which `solveMinCostFlow` checks up front (`MinCostFlowInputError`).
 *
 * ## The method
 * The textbook primal network simplex over a strongly feasible spanning tree (Cunningham), as in
 * LEMON's `NetworkSimplex` (Kovács, "Minimum-cost flow algorithms: an experimental evaluation",
 * 2015): an artificial root joined to every node by an artificial arc of big cost gives the first
 * tree; the tree is kept as parent / predecessor-arc / thread (preorder) / reverse-thread /
 * subtree-size / last-successor arrays, so a pivot costs the length of its cycle plus the size of
 * the subtree that moves; the entering arc is chosen by block search (the most negative reduced
 * cost within blocks of about √m arcs, resuming where the last search stopped); ties for the
 * leaving arc are broken to keep the tree strongly feasible, which rules out cycling. At the end
 * the node potentials are optimal duals: for every arc, reduced cost `cost + π[s] − π[t]` is ≥ 0
 * where the flow is below capacity and ≤ 0 where it is above zero. Matchers use them to explain a
 * placement ("the next best use of this expert was worth …").
 *
 * Pure: no I/O, no globals; the input arrays are not modified.
 */

/** A flow problem in structure-of-arrays form (what the builder produces). */
export interface FlowProblem {
  nodeCount: number;
  /** Supply of each node (negative for demand); must sum to 0. */
  supply: ArrayLike<number>;
  source: ArrayLike<number>;
  target: ArrayLike<number>;
  capacity: ArrayLike<number>;
  cost: ArrayLike<number>;
}

export type FlowStatus = 'optimal' | 'infeasible' | 'unbounded';

export interface FlowResult {
  status: FlowStatus;
  /** Flow on each arc (only meaningful when `status` is `optimal`). */
  flow: Float64Array;
  /** Σ cost·flow. */
  totalCost: number;
  /**
   * Optimal node potentials π (LEMON's sign convention: the reduced cost of arc s→t is
   * `cost + π[s] − π[t]`).
   */
  potential: Float64Array;
  /** Simplex pivots performed (for benchmarks and diagnostics). */
  pivots: number;
}

export class MinCostFlowInputError extends Error {}

const STATE_UPPER = -1;
const STATE_TREE = 0;
const STATE_LOWER = 1;
const DIR_UP = 1;
const DIR_DOWN = -1;
const MAX_EXACT = 2 ** 53;

/** Grows a flow problem arc by arc (typed arrays, amortised doubling). */
export class FlowNetworkBuilder {
  private supplies = new Float64Array(16);
  private src = new Int32Array(16);
  private dst = new Int32Array(16);
  private cap = new Float64Array(16);
  private cst = new Float64Array(16);
  private n = 0;
  private m = 0;

  /** Adds a node with the given supply (negative: demand); returns its index. */
  addNode(supply = 0): number {
    if (this.n === this.supplies.length) this.supplies = grow(this.supplies);
    this.supplies[this.n] = supply;
    return this.n++;
  }

  /** Adds to a node's supply (e.g. a sink collecting demand as arcs are added). */
  addSupply(node: number, amount: number): void {
    this.supplies[node] += amount;
  }

  /** Adds an arc; returns its index, the index of its flow in the result. */
  addArc(from: number, to: number, capacity: number, cost: number): number {
    if (this.m === this.src.length) {
      this.src = grow(this.src);
      this.dst = grow(this.dst);
      this.cap = grow(this.cap);
      this.cst = grow(this.cst);
    }
    this.src[this.m] = from;
    this.dst[this.m] = to;
    this.cap[this.m] = capacity;
    this.cst[this.m] = cost;
    return this.m++;
  }

  get nodeCount(): number {
    return this.n;
  }

  get arcCount(): number {
    return this.m;
  }

  build(): FlowProblem {
    return {
      nodeCount: this.n,
      supply: this.supplies.subarray(0, this.n),
      source: this.src.subarray(0, this.m),
      target: this.dst.subarray(0, this.m),
      capacity: this.cap.subarray(0, this.m),
      cost: this.cst.subarray(0, this.m),
    };
  }
}

function grow<T extends Float64Array | Int32Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

function validate(p: FlowProblem): void {
  const { nodeCount: n, supply, source, target, capacity, cost } = p;
  const m = source.length;
  if (!Number.isInteger(n) || n < 0) throw new MinCostFlowInputError('nodeCount must be a non-negative integer');
  if (supply.length !== n) throw new MinCostFlowInputError('supply must have one entry per node');
  if (target.length !== m || capacity.length !== m || cost.length !== m) {
    throw new MinCostFlowInputError('source, target, capacity and cost must have one entry per arc');
  }
  let sum = 0;
  let supplied = 0;
  for (let v = 0; v < n; v++) {
    const b = supply[v];
    if (!Number.isInteger(b)) throw new MinCostFlowInputError(`supply[${v}] must be an integer`);
    sum += b;
    if (b > 0) supplied += b;
  }
  if (sum !== 0) throw new MinCostFlowInputError(`supplies must sum to 0 (they sum to ${sum})`);
  let maxCost = 0;
  let finiteCap = 0;
  for (let a = 0; a < m; a++) {
    const s = source[a];
    const t = target[a];
    if (!Number.isInteger(s) || s < 0 || s >= n || !Number.isInteger(t) || t < 0 || t >= n) {
      throw new MinCostFlowInputError(`arc ${a} has an endpoint outside 0..${n - 1}`);
    }
    const c = capacity[a];
    if (c !== Infinity && (!Number.isInteger(c) || c < 0)) {
      throw new MinCostFlowInputError(`capacity[${a}] must be a non-negative integer or Infinity`);
    }
    if (c !== Infinity) finiteCap += c;
    const k = cost[a];
    if (!Number.isInteger(k)) throw new MinCostFlowInputError(`cost[${a}] must be an integer`);
    maxCost = Math.max(maxCost, Math.abs(k));
  }
  // Potentials stay within (max |cost| + 1)·(n + 1) of 0 (the artificial cost bounds them), and
  // no flow exceeds the supplies plus the finite capacities: both must be exact in a double.
  if ((maxCost + 1) * (n + 2) * 2 >= MAX_EXACT) throw new MinCostFlowInputError('costs too large for exact arithmetic');
  if (supplied + finiteCap >= MAX_EXACT) throw new MinCostFlowInputError('flows too large for exact arithmetic');
}

/** Solves a minimum-cost flow problem exactly (see the module comment for the model). */
export function solveMinCostFlow(problem: FlowProblem): FlowResult {
  validate(problem);
  const n = problem.nodeCount;
  const m = problem.source.length;
  const all = m + n;
  const root = n;

  // Arc arrays: the problem's arcs, then one artificial arc per node (to or from the root). The
  // problem's arcs are stored mixed (LEMON's arc mixing: arc a at a stride of max(m/n, 3)), so
  // that each block of the pivot search sees arcs of many nodes rather than one node's run.
  const src = new Int32Array(all);
  const dst = new Int32Array(all);
  const cap = new Float64Array(all);
  const cost = new Float64Array(all);
  const flow = new Float64Array(all);
  const state = new Int8Array(all);
  const position = new Int32Array(m);
  {
    const skip = n > 1 ? Math.max(Math.floor(m / n), 3) : 1;
    let i = 0;
    let j = 0;
    for (let a = 0; a < m; a++) {
      position[a] = i;
      if ((i += skip) >= m) i = ++j;
    }
  }
  let maxCost = 0;
  for (let a = 0; a < m; a++) {
    const i = position[a];
    src[i] = problem.source[a];
    dst[i] = problem.target[a];
    cap[i] = problem.capacity[a];
    const c = problem.cost[a];
    cost[i] = c;
    if (Math.abs(c) > maxCost) maxCost = Math.abs(c);
    state[i] = STATE_LOWER;
  }
  // Dearer than any path of real arcs, so the artificial arcs empty whenever the balances can
  // be met by real ones.
  const artCost = (maxCost + 1) * (n + 1);

  // Spanning tree, rooted at the artificial root.
  const parent = new Int32Array(n + 1);
  const pred = new Int32Array(n + 1);
  const thread = new Int32Array(n + 1);
  const revThread = new Int32Array(n + 1);
  const succNum = new Int32Array(n + 1);
  const lastSucc = new Int32Array(n + 1);
  const predDir = new Int8Array(n + 1);
  const pi = new Float64Array(n + 1);

  parent[root] = -1;
  pred[root] = -1;
  thread[root] = 0;
  revThread[0] = root;
  succNum[root] = n + 1;
  lastSucc[root] = root - 1;
  pi[root] = 0;
  for (let u = 0, e = m; u < n; u++, e++) {
    parent[u] = root;
    pred[u] = e;
    thread[u] = u + 1;
    revThread[u + 1] = u;
    succNum[u] = 1;
    lastSucc[u] = u;
    cap[e] = Infinity;
    state[e] = STATE_TREE;
    const b = problem.supply[u];
    if (b >= 0) {
      predDir[u] = DIR_UP;
      pi[u] = 0;
      src[e] = u;
      dst[e] = root;
      flow[e] = b;
      cost[e] = 0;
    } else {
      predDir[u] = DIR_DOWN;
      pi[u] = artCost;
      src[e] = root;
      dst[e] = u;
      flow[e] = -b;
      cost[e] = artCost;
    }
  }
  if (n === 0) return { status: 'optimal', flow: new Float64Array(0), totalCost: 0, potential: new Float64Array(0), pivots: 0 };

  // Block search over the real arcs only: artificial arcs never re-enter the tree, since their
  // cost is dearer than any alternative path.
  const blockSize = Math.max(Math.floor(Math.sqrt(m)), 10);
  let nextArc = 0;
  let inArc = -1;
  let pivots = 0;

  // Scratch for the pivot.
  let join = 0;
  let uIn = 0;
  let vIn = 0;
  let uOut = 0;
  let delta = 0;
  const dirtyRevs = new Int32Array(n + 1);

  // LEMON's heuristic first pivots: arcs likely to be in the optimal tree enter before the
  // search starts (see initialArcs).
  const initial = initialArcs(problem, position);
  let initialNext = 0;

  for (;;) {
    // --- Entering arc: the next useful heuristic arc, then block search.
    let e = nextArc;
    if (initialNext < initial.length) {
      inArc = initial[initialNext++];
      if (state[inArc] * (cost[inArc] + pi[src[inArc]] - pi[dst[inArc]]) >= 0) continue;
    } else {
      let min = 0;
      let cnt = blockSize;
      let found = false;
      for (; e < m; e++) {
        const c = state[e] * (cost[e] + pi[src[e]] - pi[dst[e]]);
        if (c < min) {
          min = c;
          inArc = e;
        }
        if (--cnt === 0) {
          if (min < 0) {
            found = true;
            break;
          }
          cnt = blockSize;
        }
      }
      if (!found) {
        for (e = 0; e < nextArc; e++) {
          const c = state[e] * (cost[e] + pi[src[e]] - pi[dst[e]]);
          if (c < min) {
            min = c;
            inArc = e;
          }
          if (--cnt === 0) {
            if (min < 0) {
              found = true;
              break;
            }
            cnt = blockSize;
          }
        }
        if (!found && min < 0) found = true;
      }
      if (!found) break;
      nextArc = e;
    }
    pivots++;

    // --- Join node: the first common ancestor of the entering arc's ends.
    {
      let u = src[inArc];
      let v = dst[inArc];
      while (u !== v) {
        if (succNum[u] < succNum[v]) u = parent[u];
        else v = parent[v];
      }
      join = u;
    }

    // --- Leaving arc (the last blocking arc in the cycle's orientation keeps the tree strongly
    // feasible).
    let first: number;
    let second: number;
    if (state[inArc] === STATE_LOWER) {
      first = src[inArc];
      second = dst[inArc];
    } else {
      first = dst[inArc];
      second = src[inArc];
    }
    delta = cap[inArc];
    let result = 0;
    for (let u = first; u !== join; u = parent[u]) {
      const a = pred[u];
      const d = predDir[u] === DIR_DOWN ? cap[a] - flow[a] : flow[a];
      if (d < delta) {
        delta = d;
        uOut = u;
        result = 1;
      }
    }
    for (let u = second; u !== join; u = parent[u]) {
      const a = pred[u];
      const d = predDir[u] === DIR_UP ? cap[a] - flow[a] : flow[a];
      if (d <= delta) {
        delta = d;
        uOut = u;
        result = 2;
      }
    }
    if (result === 1) {
      uIn = first;
      vIn = second;
    } else {
      uIn = second;
      vIn = first;
    }
    if (delta === Infinity) {
      return { status: 'unbounded', flow: unmix(flow, position), totalCost: -Infinity, potential: pi.slice(0, n), pivots };
    }
    const change = result !== 0;

    // --- Push delta around the cycle.
    if (delta > 0) {
      const val = state[inArc] * delta;
      flow[inArc] += val;
      for (let u = src[inArc]; u !== join; u = parent[u]) flow[pred[u]] -= predDir[u] * val;
      for (let u = dst[inArc]; u !== join; u = parent[u]) flow[pred[u]] += predDir[u] * val;
    }
    if (!change) {
      // The entering arc itself is the bottleneck: it moves to its other bound.
      state[inArc] = -state[inArc];
      continue;
    }
    state[inArc] = STATE_TREE;
    state[pred[uOut]] = flow[pred[uOut]] === 0 ? STATE_LOWER : STATE_UPPER;

    // --- Re-hang the subtree of uOut below vIn through the entering arc (LEMON's
    // updateTreeStructure: thread, parent, pred, succNum and lastSucc in time proportional to
    // the moved stem and the cycle).
    const oldRevThread = revThread[uOut];
    const oldSuccNum = succNum[uOut];
    const oldLastSucc = lastSucc[uOut];
    const vOut = parent[uOut];

    if (uIn === uOut) {
      parent[uIn] = vIn;
      pred[uIn] = inArc;
      predDir[uIn] = uIn === src[inArc] ? DIR_UP : DIR_DOWN;
      if (thread[vIn] !== uOut) {
        let after = thread[oldLastSucc];
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
        after = thread[vIn];
        thread[vIn] = uOut;
        revThread[uOut] = vIn;
        thread[oldLastSucc] = after;
        revThread[after] = oldLastSucc;
      }
    } else {
      const threadContinue = oldRevThread === vIn ? thread[oldLastSucc] : thread[vIn];
      let stem = uIn;
      let parStem = vIn;
      let last = lastSucc[uIn];
      let after = thread[last];
      thread[vIn] = uIn;
      let dirty = 0;
      dirtyRevs[dirty++] = vIn;
      while (stem !== uOut) {
        const nextStem = parent[stem];
        thread[last] = nextStem;
        dirtyRevs[dirty++] = last;
        const before = revThread[stem];
        thread[before] = after;
        revThread[after] = before;
        parent[stem] = parStem;
        parStem = stem;
        stem = nextStem;
        last = lastSucc[stem] === lastSucc[parStem] ? revThread[parStem] : lastSucc[stem];
        after = thread[last];
      }
      parent[uOut] = parStem;
      thread[last] = threadContinue;
      revThread[threadContinue] = last;
      lastSucc[uOut] = last;
      if (oldRevThread !== vIn) {
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
      }
      for (let i = 0; i < dirty; i++) {
        const u = dirtyRevs[i];
        revThread[thread[u]] = u;
      }
      let tmpSc = 0;
      const tmpLs = lastSucc[uOut];
      for (let u = uOut, p = parent[u]; u !== uIn; u = p, p = parent[u]) {
        pred[u] = pred[p];
        predDir[u] = -predDir[p];
        tmpSc += succNum[u] - succNum[p];
        succNum[u] = tmpSc;
        lastSucc[p] = tmpLs;
      }
      pred[uIn] = inArc;
      predDir[uIn] = uIn === src[inArc] ? DIR_UP : DIR_DOWN;
      succNum[uIn] = oldSuccNum;
    }

    const upLimitOut = lastSucc[join] === vIn ? join : -1;
    const lastSuccOut = lastSucc[uOut];
    for (let u = vIn; u !== -1 && lastSucc[u] === vIn; u = parent[u]) lastSucc[u] = lastSuccOut;
    if (join !== oldRevThread && vIn !== oldRevThread) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]) lastSucc[u] = oldRevThread;
    } else if (lastSuccOut !== oldLastSucc) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]) lastSucc[u] = lastSuccOut;
    }
    for (let u = vIn; u !== join; u = parent[u]) succNum[u] += oldSuccNum;
    for (let u = vOut; u !== join; u = parent[u]) succNum[u] -= oldSuccNum;

    // --- Potentials of the moved subtree.
    const sigma = pi[vIn] - pi[uIn] - predDir[uIn] * cost[inArc];
    const end = thread[lastSucc[uIn]];
    for (let u = uIn; u !== end; u = thread[u]) pi[u] += sigma;
  }

  for (let e = m; e < all; e++) {
    if (flow[e] !== 0) {
      return { status: 'infeasible', flow: unmix(flow, position), totalCost: NaN, potential: pi.slice(0, n), pivots };
    }
  }
  let total = 0;
  for (let i = 0; i < m; i++) total += flow[i] * cost[i];
  if (Math.abs(total) >= MAX_EXACT) throw new MinCostFlowInputError('total cost too large for exact arithmetic');
  return { status: 'optimal', flow: unmix(flow, position), totalCost: total, potential: pi.slice(0, n), pivots };
}

function unmix(flow: Float64Array, position: Int32Array): Float64Array {
  const out = new Float64Array(position.length);
  for (let a = 0; a < position.length; a++) out[a] = flow[position[a]];
  return out;
}

/**
 * LEMON's heuristic initial pivots, as stored positions. With one supply and one demand node: the
 * arcs of a reverse search from the demand node over arcs wide enough for the whole supply (often
 * the bypass arc, so the first tree already carries everything at a finite cost). Otherwise: the
 * cheapest incoming arc of each demand node.
 */
function initialArcs(p: FlowProblem, position: Int32Array): Int32Array {
  const n = p.nodeCount;
  const m = p.source.length;
  let total = 0;
  const supplyNodes: number[] = [];
  const demandNodes: number[] = [];
  for (let v = 0; v < n; v++) {
    const b = p.supply[v];
    if (b > 0) {
      total += b;
      supplyNodes.push(v);
    } else if (b < 0) demandNodes.push(v);
  }
  if (total <= 0) return new Int32Array(0);
  // Incoming arcs per node (CSR).
  const inStart = new Int32Array(n + 1);
  for (let a = 0; a < m; a++) inStart[p.target[a] + 1]++;
  for (let v = 0; v < n; v++) inStart[v + 1] += inStart[v];
  const fill = inStart.slice(0, n);
  const inArcs = new Int32Array(m);
  for (let a = 0; a < m; a++) inArcs[fill[p.target[a]]++] = a;
  const out: number[] = [];
  if (supplyNodes.length === 1 && demandNodes.length === 1) {
    const s = supplyNodes[0];
    const t = demandNodes[0];
    const reached = new Uint8Array(n);
    const stack = [t];
    reached[t] = 1;
    while (stack.length) {
      const v = stack.pop()!;
      if (v === s) break;
      for (let k = inStart[v]; k < inStart[v + 1]; k++) {
        const a = inArcs[k];
        const u = p.source[a];
        if (reached[u] || p.capacity[a] < total) continue;
        out.push(position[a]);
        reached[u] = 1;
        stack.push(u);
      }
    }
  } else {
    for (const v of demandNodes) {
      let best = -1;
      let bestCost = Infinity;
      for (let k = inStart[v]; k < inStart[v + 1]; k++) {
        const a = inArcs[k];
        if (p.cost[a] < bestCost) {
          bestCost = p.cost[a];
          best = a;
        }
      }
      if (best >= 0) out.push(position[best]);
    }
  }
  return Int32Array.from(out);
}
