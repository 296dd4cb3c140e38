/**
 * Dynamic chain model: day-by-day output over a horizon, with lead times and stocks.
 *
 *   inflow_ck(t) = r_ck + Σ_l w_l · x_s(t − L_l)        (x_s(t<0) = reported actual output)
 *   avail_ck(t)  = stock_ck(t) + inflow_ck(t)
 *   x_c(t)       = min(a_c(t), min over essential k of avail_ck(t))
 *   stock_ck(t+1)= min(stock_ck(0), avail_ck(t) − x_c(t))
 *
 * Because every lead is ≥ 1 day, day t reads only earlier days, so each day is a single pass
 * over the links in firm order — no fixed point. Supplier outputs live in a per-firm ring of
 * S = 2^k slots (day d in slot d & (S−1)): with S > max lead the ring only has to cover the
 * lags; with S > horizon + max lead it keeps the whole run ("history"), which cause tracing and
 * the incremental impact engine need. Non-essential items never constrain output, so their
 * stocks are not simulated.
 */
import { dynamicRunInArena, type DynamicRun } from './arena';
import { encodeLinkCodes, runStride, startRun } from './ring';
import type { Network } from './network';
import { DEFAULT_THETA, isBreak } from './static';

/** Full per-day record of a dynamic run (present when the run kept history). */
export interface DynamicHistory {
  /** Slots per firm (power of two); x_i(d) is at `x[i * stride + (d & (stride − 1))]`, d ≥ −maxLead. */
  stride: number;
  x: Float64Array;
  /**
   * Binding need of firm i on day t at `bind[t * n + i]` (−1: own capacity binds). Day-major, like
   * `stock`, so a day's run writes its record front to back instead of one cache line per firm.
   */
  bind: Int32Array;
  /** Stock of need q at the start of day t at `stock[t * m + q]` (essential needs only). */
  stock: Float64Array;
}

/** Result of a dynamic run. */
export interface DynamicResult {
  horizon: number;
  theta: number;
  /** Chain output Y(t) = Σ v_i x_i(t) per day. */
  Y: Float64Array;
  /** Σ_t Y(t). */
  total: number;
  /** First day with x_i(t) < θ·a_i(t), −1 when the firm never breaks within the horizon. */
  breakDay: Int32Array;
  /** Binding need on the break day, −1 when not broken. */
  breakNeed: Int32Array;
  /** Per-day outputs, binding needs and stocks; null when the run was made without history. */
  history: DynamicHistory | null;
  /** Output of each firm on the last simulated day. */
  xLast: Float64Array;
  /** Capacities the run used (the network's or the override), stride `capDays`. */
  capacity: Float64Array;
  capDays: number;
}

/** Options of `runDynamic`. */
export interface DynamicOptions {
  horizon: number;
  theta?: number;
  /**
   * Keep every day's output (needed for causes and for the impact engine). Costs
   * n · 2^⌈log2(horizon + maxLead + 1)⌉ doubles; without it only maxLead + 1 days are kept.
   */
  history?: boolean;
  /** Capacities to use instead of the network's, same layout (n · capDays). */
  capacity?: Float64Array;
  /**
   * Return the compiled run's arrays themselves instead of copies: valid only until the next
   * dynamic run on this network in this thread overwrites them. For one-shot callers (the CLI)
   * that would otherwise copy a history of hundreds of megabytes they read once.
   */
  transient?: boolean;
}

export { historyStride, ringStride } from './ring';

/** Caller-owned working memory of `dynamicKernel`, so repeated runs allocate nothing. */
export interface DynamicBuffers {
  stride: number;
  ring: Float64Array;
  /** Per link, its ring position folded into one int (see `encodeLinkCodes`). */
  linkCode: Int32Array;
  stock: Float64Array;
  avail: Float64Array;
  bind: Int32Array | null;
  stockHist: Float64Array | null;
}

/** Allocates buffers for `dynamicKernel`. */
export function dynamicBuffers(net: Network, horizon: number, history: boolean): DynamicBuffers {
  const stride = runStride(net, horizon, history);
  const linkCode = new Int32Array(net.linkCount);
  encodeLinkCodes(net, stride, linkCode);
  return {
    stride,
    ring: new Float64Array(net.n * stride),
    linkCode,
    stock: new Float64Array(net.m),
    avail: new Float64Array(net.m),
    bind: history ? new Int32Array(net.n * horizon) : null,
    stockHist: history ? new Float64Array(net.m * horizon) : null,
  };
}

/**
 * Runs days 0..horizon−1 over all firms with capacities `cap` (stride `capDays`), writing Y,
 * break days and the ring. Returns Σ_t Y(t).
 */
export function dynamicKernel(
  net: Network,
  cap: Float64Array,
  capDays: number,
  horizon: number,
  theta: number,
  buf: DynamicBuffers,
  Y: Float64Array,
  breakDay: Int32Array,
  breakNeed: Int32Array,
): number {
  const { n, m, needStart, needEssential, needOutside, needStock0, linkStart, linkShare, weight } = net;
  const { ring, linkCode, stock, avail, bind, stockHist } = buf;
  const S = buf.stride;
  const mask = S - 1;
  const high = ~mask;
  const shift = 31 - Math.clz32(S);
  startRun(net, S, ring, stock, breakDay, breakNeed);
  let total = 0;
  for (let t = 0; t < horizon; t++) {
    const capOff = t < capDays ? t : capDays - 1;
    const slot = t & mask;
    let y = 0;
    for (let c = 0; c < n; c++) {
      const a = capDays === 1 ? cap[c] : cap[c * capDays + capOff];
      let x = a;
      let b = -1;
      const q0 = needStart[c];
      const q1 = needStart[c + 1];
      for (let q = q0; q < q1; q++) {
        if (needEssential[q] === 0) continue;
        let s = needOutside[q];
        const l1 = linkStart[q + 1];
        for (let l = linkStart[q]; l < l1; l++) {
          const code = linkCode[l];
          s += linkShare[l] * ring[(code & high) | ((code + t) & mask)];
        }
        const st = stock[q];
        if (stockHist !== null) stockHist[t * m + q] = st;
        const av = st + s;
        avail[q] = av;
        if (av < x) {
          x = av;
          b = q;
        }
      }
      for (let q = q0; q < q1; q++) {
        if (needEssential[q] === 0) continue;
        const rest = avail[q] - x;
        const cap0 = needStock0[q];
        stock[q] = rest < cap0 ? rest : cap0;
      }
      ring[(c << shift) | slot] = x;
      if (bind !== null) bind[t * n + c] = b;
      y += weight[c] * x;
      if (breakDay[c] < 0 && isBreak(x, theta, a)) {
        breakDay[c] = t;
        breakNeed[c] = b;
      }
    }
    Y[t] = y;
    total += y;
  }
  return total;
}

/**
 * Simulates the chain for `horizon` days from today and reports output per day and the first
 * break day of every firm: the "when does the chain snap" view.
 */
export function runDynamic(net: Network, opts: DynamicOptions): DynamicResult {
  const horizon = opts.horizon;
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`horizon must be a whole number of days ≥ 1, got ${horizon}`);
  const theta = opts.theta ?? DEFAULT_THETA;
  const history = opts.history ?? true;
  const capacity = opts.capacity ?? net.capacity;
  const stride = runStride(net, horizon, history);
  // The compiled day loop over the network's arena (`./arena.ts`) when it can run here; its
  // arrays are this thread's scratch, reused by the next run, so the result takes copies.
  const compiled = dynamicRunInArena(net, capacity, net.capDays, horizon, theta, stride, history);
  const run = compiled ?? javascriptRun(net, capacity, horizon, theta, history);
  const keep = <T extends Float64Array | Int32Array>(a: T): T => (compiled === null || opts.transient === true ? a : (a.slice() as T));
  const xLast = new Float64Array(net.n);
  const lastSlot = (horizon - 1) & (stride - 1);
  for (let i = 0; i < net.n; i++) xLast[i] = run.ring[i * stride + lastSlot];
  return {
    horizon,
    theta,
    Y: keep(run.Y),
    total: run.total,
    breakDay: keep(run.breakDay),
    breakNeed: keep(run.breakNeed),
    history: history ? { stride, x: keep(run.ring), bind: keep(run.bind as Int32Array), stock: keep(run.stock as Float64Array) } : null,
    xLast,
    capacity,
    capDays: net.capDays,
  };
}

/** The same run through the JavaScript day loop, in arrays of its own. */
function javascriptRun(net: Network, capacity: Float64Array, horizon: number, theta: number, history: boolean): DynamicRun {
  const buf = dynamicBuffers(net, horizon, history);
  const Y = new Float64Array(horizon);
  const breakDay = new Int32Array(net.n);
  const breakNeed = new Int32Array(net.n);
  const total = dynamicKernel(net, capacity, net.capDays, horizon, theta, buf, Y, breakDay, breakNeed);
  return { total, stride: buf.stride, ring: buf.ring, Y, breakDay, breakNeed, bind: buf.bind, stock: buf.stockHist };
}

/** Output of firm `i` on day `t` (t may be negative: the reported actual output). Requires history. */
export function historyX(net: Network, h: DynamicHistory, i: number, t: number): number {
  if (t < -net.maxLead) return net.actual[i];
  return h.x[i * h.stride + (t & (h.stride - 1))];
}

/** Per-day outputs of firm `i` over the horizon. Requires history. */
export function firmSeries(res: DynamicResult, i: number): number[] {
  const h = res.history;
  if (h === null) throw new Error('firmSeries needs a run made with history: true');
  const out: number[] = new Array<number>(res.horizon);
  for (let t = 0; t < res.horizon; t++) out[t] = h.x[i * h.stride + t];
  return out;
}
