/**
 * Static chain model: the output every firm can sustain today if the map stays as it is.
 *
 *   x_i = min(a_i, min over essential k of (r_ik + Σ_l w_l · x_s(l)))
 *
 * The right-hand side is monotone in x, so iterating downward from x = a reaches the greatest
 * solution: the most optimistic output that is still consistent with every supplier. Components
 * are solved in topological order; an acyclic component is one evaluation (exact), a cyclic one
 * is swept Gauss–Seidel style from x = a until the largest change in a sweep is below
 * `STATIC_TOLERANCE` or `STATIC_MAX_SWEEPS` sweeps have run (then `converged` is false).
 * Static mode uses day-0 capacity a_i(0) and ignores stocks and lead times.
 */
import { staticSweepInArena } from './arena';
import type { Network } from './network';

/** A sweep over a cyclic component stops once no firm moved by more than this. */
export const STATIC_TOLERANCE = 1e-12;
/** Upper bound on sweeps of one cyclic component (reached only by near-lossless cycles). */
export const STATIC_MAX_SWEEPS = 100_000;
/** Default break threshold θ: a firm is broken when its inputs hold it below θ of its own capacity. */
export const DEFAULT_THETA = 0.5;
/**
 * Absolute tolerance of the break test: a firm breaks when x < θ·a − BREAK_TOLERANCE, so a firm
 * exactly at θ·a is not broken by floating rounding (0.45 computed as 0.44999999999999996).
 * Every path (JavaScript loops, incremental impact engine, compiled kernels) uses this rule.
 */
export const BREAK_TOLERANCE = 1e-9;

/** The break test: output `x` below θ·a by more than the tolerance. */
export function isBreak(x: number, theta: number, a: number): boolean {
  return x < theta * a - BREAK_TOLERANCE;
}

/** Result of a static solve; arrays are indexed by firm. */
export interface StaticResult {
  /** Sustainable output x_i. */
  x: Float64Array;
  /** Own capacity a_i(0) used (after any override). */
  a: Float64Array;
  /** Binding essential need of each firm (index into the network's needs), −1 when own capacity binds. */
  bind: Int32Array;
  /** 1 when x_i < θ · a_i (less the break tolerance). */
  broken: Uint8Array;
  /** Chain output Y = Σ v_i x_i. */
  Y: number;
  theta: number;
  /** False when some cyclic component hit `STATIC_MAX_SWEEPS` before the tolerance. */
  converged: boolean;
  /** Largest number of sweeps any cyclic component needed (0 on acyclic maps). */
  sweeps: number;
}

/** Options of `solveStatic`. */
export interface StaticOptions {
  theta?: number;
  /** Day-0 capacities to use instead of the network's (length n); how scenarios and impact runs vary a_i. */
  capacity?: Float64Array;
}

/** Day-0 capacity of every firm as a length-n array. */
export function dayZeroCapacity(net: Network): Float64Array {
  if (net.capDays === 1) return net.capacity.slice();
  const a = new Float64Array(net.n);
  for (let i = 0; i < net.n; i++) a[i] = net.capacity[i * net.capDays];
  return a;
}

/**
 * Input-limited output of firm `c` given current supplier outputs `x`: min(a, binding need).
 * Writes the binding need (or −1) to `bind[c]`.
 */
export function evalStaticFirm(net: Network, c: number, a: number, x: Float64Array, bind: Int32Array): number {
  const { needStart, needEssential, needOutside, linkStart, linkSupplier, linkShare } = net;
  let v = a;
  let b = -1;
  const q1 = needStart[c + 1];
  for (let q = needStart[c]; q < q1; q++) {
    if (needEssential[q] === 0) continue;
    let s = needOutside[q];
    const l1 = linkStart[q + 1];
    for (let l = linkStart[q]; l < l1; l++) s += linkShare[l] * x[linkSupplier[l]];
    if (s < v) {
      v = s;
      b = q;
    }
  }
  bind[c] = b;
  return v;
}

/**
 * Solves one cyclic component in place: members start at their own capacity and are swept
 * until stable. Returns the number of sweeps, negative when the sweep cap was hit.
 */
export function solveCyclicComponent(net: Network, k: number, a: Float64Array, x: Float64Array, bind: Int32Array): number {
  const { order, compStart } = net;
  const p0 = compStart[k];
  const p1 = compStart[k + 1];
  for (let p = p0; p < p1; p++) x[order[p]] = a[order[p]];
  for (let sweep = 1; sweep <= STATIC_MAX_SWEEPS; sweep++) {
    let maxChange = 0;
    for (let p = p0; p < p1; p++) {
      const c = order[p];
      const v = evalStaticFirm(net, c, a[c], x, bind);
      const d = x[c] - v;
      const ad = d < 0 ? -d : d;
      if (ad > maxChange) maxChange = ad;
      x[c] = v;
    }
    if (maxChange < STATIC_TOLERANCE) return sweep;
  }
  return -STATIC_MAX_SWEEPS;
}

/**
 * The sweep of an acyclic map in JavaScript: one evaluation per firm in index order. An acyclic
 * map is numbered supplier-first (`order` is the identity, see finishNetwork), so firms, needs
 * and links are all walked front to back — the need and link cursors simply carry on from one
 * firm to the next — and only supplier outputs are read out of order. `staticSweep` runs the
 * same loop compiled to WebAssembly (`kernel/chain-kernels.wat`) when the map lives in an arena;
 * this is the fallback and the reference the kernel is tested against.
 */
export function acyclicSweep(net: Network, a: Float64Array, x: Float64Array, bind: Int32Array): void {
  const { needStart, needEssential, needOutside, linkStart, linkSupplier, linkShare } = net;
  const n = net.n;
  let q = 0;
  let l = 0;
  for (let c = 0; c < n; c++) {
    let v = a[c];
    let b = -1;
    const q1 = needStart[c + 1];
    for (; q < q1; q++) {
      const l1 = linkStart[q + 1];
      if (needEssential[q] === 0) {
        l = l1;
        continue;
      }
      let s = needOutside[q];
      for (; l < l1; l++) s += linkShare[l] * x[linkSupplier[l]];
      if (s < v) {
        v = s;
        b = q;
      }
    }
    x[c] = v;
    bind[c] = b;
  }
}

/**
 * Fills `x` and `bind` with the greatest solution for capacities `a`. Buffers are caller-owned
 * so repeated solves (benchmarks, brute-force checks) allocate nothing. Returns
 * {converged, sweeps} for cyclic maps.
 */
export function staticSweep(net: Network, a: Float64Array, x: Float64Array, bind: Int32Array): { converged: boolean; sweeps: number } {
  const compiled = staticSweepInArena(net, a, x, bind, STATIC_TOLERANCE, STATIC_MAX_SWEEPS);
  if (compiled !== null) return compiled;
  return javascriptSweep(net, a, x, bind);
}

/**
 * The whole static solve in JavaScript: the fallback for maps without an arena, and the
 * reference the compiled sweep (`staticSweepInArena`) must match bit for bit.
 */
export function javascriptSweep(net: Network, a: Float64Array, x: Float64Array, bind: Int32Array): { converged: boolean; sweeps: number } {
  if (net.acyclic) {
    acyclicSweep(net, a, x, bind);
    return { converged: true, sweeps: 0 };
  }
  const { order, compStart, compCyclic, compCount } = net;
  let converged = true;
  let sweeps = 0;
  for (let k = 0; k < compCount; k++) {
    if (compCyclic[k] === 0) {
      const c = order[compStart[k]];
      x[c] = evalStaticFirm(net, c, a[c], x, bind);
    } else {
      const s = solveCyclicComponent(net, k, a, x, bind);
      if (s < 0) converged = false;
      const abs = s < 0 ? -s : s;
      if (abs > sweeps) sweeps = abs;
    }
  }
  return { converged, sweeps };
}

/**
 * Solves the static model and marks broken firms (x_i < θ·a_i): the "what can the chain make
 * today" view used by the map page and by static-mode criticality.
 */
export function solveStatic(net: Network, opts: StaticOptions = {}): StaticResult {
  const theta = opts.theta ?? DEFAULT_THETA;
  const a = opts.capacity ?? dayZeroCapacity(net);
  const n = net.n;
  const x = new Float64Array(n);
  const bind = new Int32Array(n);
  const { converged, sweeps } = staticSweep(net, a, x, bind);
  const broken = new Uint8Array(n);
  let Y = 0;
  for (let i = 0; i < n; i++) {
    Y += net.weight[i] * x[i];
    if (isBreak(x[i], theta, a[i])) broken[i] = 1;
  }
  return { x, a, bind, broken, Y, theta, converged, sweeps };
}
