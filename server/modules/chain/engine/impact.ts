/**
 * Criticality and help priority: "what if firm j stopped?" and "which firm should we help first?".
 *
 * Both ask how chain output changes when one firm's own capacity is forced to a value for the
 * whole horizon (0 for criticality, 1 for help). Only firms downstream of j can change, and
 * of those only the ones some changed supplier actually reaches, so the `ImpactEngine` keeps
 * the baseline run and recomputes just that dirty cone, then restores it:
 *
 * - static: components are recomputed in topological order from a min-heap; a firm whose
 *   recomputed output is bit-identical to the baseline stops the propagation there;
 * - dynamic: a firm joins the cone on day d = (first day a supplier's output differs) + lead,
 *   starting from the baseline stock it had that day, and is then simulated every day to the
 *   horizon (its stock may now differ). Unreached firms keep their baseline outputs.
 *
 * Recomputation repeats exactly the arithmetic of a full run on identical inputs, so the result
 * equals brute-force recomputation; the property tests check this. All buffers are allocated
 * once per engine, none per candidate.
 *
 * A greedy help step (`commit`) in dynamic mode writes the helped firm's recomputed cone into
 * the baseline instead of running the whole map again, and `helpPriority` keeps each
 * candidate's gain across steps unless the step changed a row that candidate's cone reads; both
 * give the same bits as re-running everything (tested against a brute-force greedy list).
 */
import { firmId, type Network } from './network';
import { DEFAULT_THETA, STATIC_MAX_SWEEPS, STATIC_TOLERANCE, dayZeroCapacity, evalStaticFirm, isBreak, solveCyclicComponent, staticSweep } from './static';
import { arenaView, claimArenaScratch, dynamicRunInArena, isArenaView, type KernelExports, type Scratch } from './arena';
import { dynamicBuffers, dynamicKernel, type DynamicBuffers, type DynamicResult } from './dynamic';
import { encodeLinkCodes, runStride } from './ring';

/** Which model an impact question is asked of. */
export type ChainMode = 'static' | 'dynamic';

/** Model selection shared by criticality, help priority and the worker pool. */
export interface ImpactOptions {
  /** Default 'dynamic'. */
  mode?: ChainMode;
  /** Days simulated in dynamic mode. Default 30. */
  horizon?: number;
  /** Break threshold θ. Default 0.5. */
  theta?: number;
}

/** Default horizon of dynamic impact questions, in days. */
export const DEFAULT_HORIZON = 30;
/** Help steps whose gain does not exceed this are not worth listing (rounding noise, or no gain at all). */
export const MIN_GAIN = 1e-12;

const NEVER = 0x7fffffff;

/**
 * A dynamic baseline (with history) that lives in the network's arena, named by byte offsets so
 * it can be handed to worker threads: engines built on it read it in place instead of running
 * or copying their own (a million-firm history is about a gigabyte). A `commit` writes into it.
 */
export interface ArenaBaseline {
  stride: number;
  /** Byte offsets of the ring (n · stride f64), the stock history (horizon · m f64, day-major) and the break days (n i32). */
  ring: number;
  stock: number;
  breakDay: number;
  horizon: number;
  theta: number;
  Y: Float64Array;
  total: number;
  /**
   * Byte offsets of the owning engine's capacities (n · capDays f64) and link codes (one i32 per
   * link, for this stride), when engines built on this baseline read them in place too instead
   * of each holding a copy (`sharedBaseline`): the owner's commits then change the capacities
   * for all of them.
   */
  cap?: number;
  linkCode?: number;
}

/**
 * The arena form of a dynamic run made with history in the compiled day loop and kept in place
 * (`runDynamic(…, { history: true, transient: true })` on a network with an arena) with the
 * network's own capacities; null when the run's arrays are not in the arena.
 */
export function arenaBaseline(net: Network, run: DynamicResult): ArenaBaseline | null {
  const arena = net.arena;
  const h = run.history;
  if (arena === undefined || h === null || run.capacity !== net.capacity) return null;
  if (!isArenaView(arena, h.x) || !isArenaView(arena, h.stock) || !isArenaView(arena, run.breakDay)) return null;
  return { stride: h.stride, ring: h.x.byteOffset, stock: h.stock.byteOffset, breakDay: run.breakDay.byteOffset, horizon: run.horizon, theta: run.theta, Y: run.Y.slice(), total: run.total };
}

/** The compiled cone evaluation of a dynamic engine: kernels and the pointers of its arrays. */
interface ConeState {
  kernels: KernelExports;
  scratch: Scratch;
  rowOf: Int32Array;
  res: Int32Array;
  ptr: {
    cap: number; code: number; base: number; bstock: number; W: number; rowOf: number; stock: number; avail: number;
    act: number; actStamp: number; active: number; firstDiff: number; newBreak: number; bbreak: number;
    bucket: number; entryFirm: number; entryNext: number; rowStamp: number; res: number;
  };
}

/** Tie-break used by every ranked list: ascending firm id (index order for generated maps). */
export function compareFirmIds(net: Network, i: number, j: number): number {
  if (net.ids === null) return i - j;
  const a = firmId(net, i);
  const b = firmId(net, j);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Baseline run plus the machinery to answer "change firm j's capacity to v" cheaply and
 * exactly. Not thread-safe; each worker thread builds its own.
 */
export class ImpactEngine {
  readonly net: Network;
  readonly mode: ChainMode;
  readonly horizon: number;
  readonly theta: number;
  /** Σ_t Y(t) (static: Y) of the current baseline. */
  baselineTotal = 0;
  /** Newly broken firms of the last `evaluate(…, true)`. */
  readonly lastBroken: number[] = [];
  /** Firms whose break disappeared in the last `evaluate(…, true)`. */
  readonly lastRestored: number[] = [];
  /**
   * Dynamic mode: how many firms the last evaluation recomputed (its cone); they are
   * `activeFirms()`. An evaluation reads nothing of the baseline but these firms' own rows and
   * their suppliers' outputs, which is what lets `helpPriority` keep a gain across steps.
   */
  lastActiveCount = 0;
  /** Whether the dynamic baseline is another engine's, read in place (built on an `ArenaBaseline`). */
  readonly sharesBaseline: boolean = false;
  /** Whether the capacities are that engine's too (its commits change them here as well). */
  private readonly sharesCapacity: boolean = false;

  private readonly cap: Float64Array;
  private readonly capDays: number;
  private stamp = 0;
  private changed: Int32Array;
  /** Dynamic mode with the network in an arena: evaluations run in the WebAssembly cone kernel. */
  private readonly cone: ConeState | null = null;

  // static state
  private readonly sX: Float64Array;
  private readonly sW: Float64Array;
  private readonly sBind: Int32Array;
  private readonly sBroken: Uint8Array;
  private readonly heap: Int32Array;
  private readonly queued: Int32Array;
  // warm-started loops (static): firms due per sweep, and which firms moved
  private readonly firmHeap: Int32Array;
  private readonly firmQueued: Int32Array;
  private readonly nextSweep: Int32Array;
  private readonly moved: Int32Array;
  private readonly movedStamp: Int32Array;
  private firmSeq = 0;
  private nMoved = 0;

  // dynamic state
  private readonly buf: DynamicBuffers | null;
  private readonly dY: Float64Array;
  private readonly dBreak: Int32Array;
  /** Stamp of the last commit that changed a firm's baseline row (capacity, output, stock or break day). */
  private readonly rowStamp: Int32Array;
  private readonly dW: Float64Array;
  private readonly dStock: Float64Array;
  private readonly dAvail: Float64Array;
  private readonly act: Int32Array;
  private readonly actStamp: Int32Array;
  private readonly activeStamp: Int32Array;
  private readonly firstDiff: Int32Array;
  private readonly newBreak: Int32Array;
  private readonly bucketHead: Int32Array;
  private readonly entryFirm: Int32Array;
  private readonly entryNext: Int32Array;
  private readonly savedRow: Float64Array;

  /**
   * `baseline`: a dynamic run of this network with history, made with the network's own
   * capacities and the same horizon and θ (the CLI's forecast): the engine copies it instead of
   * running the baseline again. Ignored when it does not match.
   */
  constructor(net: Network, opts: ImpactOptions = {}, baseline?: DynamicResult | ArenaBaseline) {
    this.net = net;
    this.mode = opts.mode ?? 'dynamic';
    this.horizon = opts.horizon ?? DEFAULT_HORIZON;
    this.theta = opts.theta ?? DEFAULT_THETA;
    if (!Number.isInteger(this.horizon) || this.horizon < 1) throw new RangeError(`horizon must be a whole number of days ≥ 1, got ${this.horizon}`);
    const n = net.n;
    this.changed = new Int32Array(n);
    const empty64 = new Float64Array(0);
    const empty32 = new Int32Array(0);
    if (this.mode === 'static') {
      this.cap = dayZeroCapacity(net);
      this.capDays = 1;
      this.sX = new Float64Array(n);
      this.sW = new Float64Array(n);
      this.sBind = new Int32Array(n);
      this.sBroken = new Uint8Array(n);
      this.heap = new Int32Array(net.compCount);
      this.queued = new Int32Array(net.compCount);
      const cyclic = !net.acyclic;
      this.firmHeap = new Int32Array(cyclic ? n : 0);
      this.firmQueued = new Int32Array(cyclic ? n : 0);
      this.nextSweep = new Int32Array(cyclic ? n : 0);
      this.moved = new Int32Array(cyclic ? n : 0);
      this.movedStamp = new Int32Array(cyclic ? n : 0);
      this.buf = null;
      this.dY = this.dW = this.dStock = this.dAvail = this.savedRow = empty64;
      this.dBreak = this.rowStamp = this.act = this.actStamp = this.activeStamp = this.firstDiff = this.newBreak = empty32;
      this.bucketHead = this.entryFirm = this.entryNext = empty32;
    } else if ((this.cone = this.claimCone(baseline)) !== null) {
      // Every array the kernel touches lives in the arena (scratch claimed for this engine).
      const sc = this.cone.scratch;
      const H = this.horizon;
      const inPlace = baseline !== undefined && 'ring' in baseline && typeof baseline.ring === 'number';
      const arena = net.arena as NonNullable<Network['arena']>;
      const ab = baseline as ArenaBaseline;
      const sharedCap = inPlace && ab.cap !== undefined;
      const sharedCodes = inPlace && ab.linkCode !== undefined;
      this.capDays = net.capDays;
      if (sharedCap) this.cap = arenaView<Float64Array>(arena, 'f64', ab.cap as number, n * net.capDays);
      else {
        this.cap = sc.f64('cap');
        this.cap.set(net.capacity);
      }
      const stride = runStride(net, H, true);
      const linkCode = sharedCodes ? arenaView<Int32Array>(arena, 'i32', ab.linkCode as number, net.linkCount) : sc.i32('linkCode');
      if (!sharedCodes) encodeLinkCodes(net, stride, linkCode);
      this.sharesCapacity = sharedCap;
      this.buf = {
        stride,
        ring: inPlace ? arenaView<Float64Array>(arena, 'f64', ab.ring, n * stride) : sc.f64('ring'),
        linkCode,
        stock: sc.f64('stock'),
        avail: sc.f64('avail'),
        bind: null,
        stockHist: inPlace ? arenaView<Float64Array>(arena, 'f64', ab.stock, net.m * H) : sc.f64('stockHist'),
      };
      this.dBreak = inPlace ? arenaView<Int32Array>(arena, 'i32', ab.breakDay, n) : sc.i32('breakDay');
      this.dY = new Float64Array(H);
      this.rowStamp = sc.i32('rowStamp');
      this.dW = sc.f64('W');
      this.dStock = this.buf.stock;
      this.dAvail = this.buf.avail;
      this.act = sc.i32('act');
      this.actStamp = sc.i32('actStamp');
      this.activeStamp = new Int32Array(n);
      this.firstDiff = sc.i32('firstDiff');
      this.newBreak = sc.i32('newBreak');
      this.bucketHead = sc.i32('bucket');
      this.entryFirm = sc.i32('entryFirm');
      this.entryNext = sc.i32('entryNext');
      this.savedRow = new Float64Array(this.capDays);
      this.changed = sc.i32('active');
      this.sX = this.sW = empty64;
      this.sBind = this.heap = this.queued = empty32;
      this.firmHeap = this.firmQueued = this.nextSweep = this.moved = this.movedStamp = empty32;
      this.sBroken = new Uint8Array(0);
      const p = (name: string): number => sc.ptr(name);
      this.cone.ptr = {
        cap: this.cap.byteOffset, code: linkCode.byteOffset, base: this.buf.ring.byteOffset, bstock: (this.buf.stockHist as Float64Array).byteOffset,
        W: p('W'), rowOf: p('rowOf'), stock: p('stock'), avail: p('avail'), act: p('act'), actStamp: p('actStamp'),
        active: p('active'), firstDiff: p('firstDiff'), newBreak: p('newBreak'), bbreak: this.dBreak.byteOffset,
        bucket: p('bucket'), entryFirm: p('entryFirm'), entryNext: p('entryNext'), rowStamp: p('rowStamp'), res: p('res'),
      };
      if (inPlace) {
        this.sharesBaseline = true;
        this.dY.set(ab.Y);
        this.baselineTotal = ab.total;
        return;
      }
    } else {
      this.cap = net.capacity.slice();
      this.capDays = net.capDays;
      this.buf = dynamicBuffers(net, this.horizon, true);
      this.dY = new Float64Array(this.horizon);
      this.dBreak = new Int32Array(n);
      this.rowStamp = new Int32Array(n);
      this.dW = new Float64Array(this.buf.ring.length);
      this.dStock = new Float64Array(net.m);
      this.dAvail = new Float64Array(net.m);
      this.act = new Int32Array(n);
      this.actStamp = new Int32Array(n);
      this.activeStamp = new Int32Array(n);
      this.firstDiff = new Int32Array(n);
      this.newBreak = new Int32Array(n);
      this.bucketHead = new Int32Array(this.horizon);
      this.entryFirm = new Int32Array(net.downCustomer.length + 1);
      this.entryNext = new Int32Array(net.downCustomer.length + 1);
      this.savedRow = new Float64Array(this.capDays);
      this.sX = this.sW = empty64;
      this.sBind = this.heap = this.queued = empty32;
      this.firmHeap = this.firmQueued = this.nextSweep = this.moved = this.movedStamp = empty32;
      this.sBroken = new Uint8Array(0);
    }
    if (this.buf !== null && baseline !== undefined && !('ring' in baseline && typeof baseline.ring === 'number') && this.adopt(baseline as DynamicResult)) return;
    this.rebaseline();
  }

  /**
   * Claims this engine's scratch in the network's arena for the cone kernel (dynamic mode);
   * null when the network has no arena or it cannot grow that far (the engine then runs in
   * JavaScript with arrays of its own). With an in-place baseline only the working arrays are
   * claimed. The cone's rows (`W`) are reserved for every firm but only written as far as the
   * largest cone reaches, so they cost memory in proportion to it.
   */
  private claimCone(baseline: DynamicResult | ArenaBaseline | undefined): ConeState | null {
    const net = this.net;
    if (this.mode !== 'dynamic' || net.arena === undefined) return null;
    const { n, m } = net;
    const H = this.horizon;
    let stride: number;
    try {
      stride = runStride(net, H, true);
    } catch {
      return null;
    }
    const inPlace = baseline !== undefined && 'ring' in baseline && typeof baseline.ring === 'number';
    if (inPlace) {
      const ab = baseline as ArenaBaseline;
      if (ab.stride !== stride || ab.horizon !== H || ab.theta !== this.theta) throw new RangeError('arena baseline does not match the engine (horizon, θ or stride)');
    }
    const D = net.downCustomer.length;
    const got = claimArenaScratch(net, [
      ['W', 'f64', n * stride], ['rowOf', 'i32', n], ['stock', 'f64', m], ['avail', 'f64', m], ['act', 'i32', n],
      ['actStamp', 'i32', n], ['active', 'i32', n], ['firstDiff', 'i32', n], ['newBreak', 'i32', n], ['rowStamp', 'i32', n],
      ['bucket', 'i32', H], ['entryFirm', 'i32', D + 1], ['entryNext', 'i32', D + 1],
      ['cap', 'f64', inPlace && (baseline as ArenaBaseline).cap !== undefined ? 0 : n * net.capDays],
      ['linkCode', 'i32', inPlace && (baseline as ArenaBaseline).linkCode !== undefined ? 0 : net.linkCount], ['res', 'i32', 2],
      ['ring', 'f64', inPlace ? 0 : n * stride], ['stockHist', 'f64', inPlace ? 0 : m * H], ['breakDay', 'i32', inPlace ? 0 : n],
    ]);
    if (got === null) return null;
    const rowOf = got.scratch.i32('rowOf');
    rowOf.fill(-1);
    return { kernels: got.kernels, scratch: got.scratch, rowOf, res: got.scratch.i32('res'), ptr: null as unknown as ConeState['ptr'] };
  }

  /** Whether dynamic evaluations run in the WebAssembly cone kernel (the network lives in an arena). */
  get compiled(): boolean {
    return this.cone !== null;
  }

  /**
   * The baseline this engine evaluates against, for engines in other threads (`criticalityParallel`):
   * null unless it runs the cone kernel. Valid while this engine's baseline does not change.
   */
  sharedBaseline(): ArenaBaseline | null {
    if (this.cone === null) return null;
    const buf = this.buf as DynamicBuffers;
    return {
      stride: buf.stride, ring: buf.ring.byteOffset, stock: (buf.stockHist as Float64Array).byteOffset, breakDay: this.dBreak.byteOffset,
      horizon: this.horizon, theta: this.theta, Y: this.dY.slice(), total: this.baselineTotal,
      cap: this.cap.byteOffset, linkCode: buf.linkCode.byteOffset,
    };
  }

  /** Copies a matching baseline run (see the constructor); false when it does not match. */
  private adopt(run: DynamicResult): boolean {
    const buf = this.buf as DynamicBuffers;
    const h = run.history;
    if (h === null || run.horizon !== this.horizon || run.theta !== this.theta || run.capacity !== this.net.capacity) return false;
    if (h.stride !== buf.stride || h.x.length !== buf.ring.length || h.stock.length !== (buf.stockHist as Float64Array).length) return false;
    buf.ring.set(h.x);
    (buf.stockHist as Float64Array).set(h.stock);
    this.dY.set(run.Y);
    this.dBreak.set(run.breakDay);
    this.baselineTotal = run.total;
    if (this.cone === null) this.dW.set(buf.ring);
    return true;
  }

  /**
   * After a dynamic `commit`: 0 when firm c's baseline did not change, 1 when only its own rows
   * changed (capacity, stock, break day), 2 when its outputs changed (which its customers read).
   */
  committedChange(c: number): 0 | 1 | 2 {
    if (this.rowStamp[c] !== this.stamp) return 0;
    return this.firstDiff[c] !== NEVER && this.activeStamp[c] === this.stamp ? 2 : 1;
  }

  /** The firms the last dynamic evaluation recomputed (a view, valid until the next evaluation). */
  activeFirms(): Int32Array {
    return this.changed.subarray(0, this.lastActiveCount);
  }

  /** Whether firm j's own capacity is already 1 on every day that matters, so helping it cannot gain. */
  isFullCapacity(j: number): boolean {
    if (this.capDays === 1) return this.cap[j] >= 1;
    const days = Math.min(this.capDays, this.horizon);
    for (let t = 0; t < days; t++) if (this.cap[j * this.capDays + t] < 1) return false;
    return true;
  }

  /** Whether firm i is broken in the current baseline. */
  isBroken(i: number): boolean {
    return this.mode === 'static' ? this.sBroken[i] === 1 : this.dBreak[i] >= 0;
  }

  /**
   * Change of Σ_t Y(t) (static: Y) when firm j's own capacity is `value` on every day, relative
   * to the baseline. With `collect`, also fills `lastBroken` / `lastRestored`.
   */
  evaluate(j: number, value: number, collect = false): number {
    this.stamp++;
    if (collect) {
      this.lastBroken.length = 0;
      this.lastRestored.length = 0;
    }
    return this.mode === 'static' ? this.evaluateStatic(j, value, collect) : this.evaluateDynamic(j, value, collect, false);
  }

  /**
   * Makes "firm j at capacity `value` on every day" the new baseline (greedy help steps). Dynamic
   * mode recomputes only j's cone into the baseline (outputs, stocks, break days: the same
   * arithmetic as a full run, so the same bits) and then sums Y(t) over every firm in the full
   * run's order; `activeFirms()` then lists the firms whose baseline may have changed. With
   * `collect`, also fills `lastBroken` / `lastRestored` as `evaluate(j, value, true)` before the
   * commit would (dynamic mode finds them in the same pass over the cone).
   */
  commit(j: number, value: number, collect = false): void {
    if (collect) {
      this.lastBroken.length = 0;
      this.lastRestored.length = 0;
    }
    if (this.mode === 'dynamic') {
      this.stamp++;
      this.evaluateDynamic(j, value, collect, true);
      this.sumDynamicBaseline();
      return;
    }
    if (collect) this.evaluate(j, value, true);
    const d = this.capDays;
    this.cap.fill(value, j * d, (j + 1) * d);
    this.rebaseline();
  }

  /**
   * Another engine whose baseline this one shares in place (`sharedBaseline`, a worker thread's
   * engine) committed "firm j at capacity `value`": the shared baseline rows are already written,
   * so this engine takes j's capacity alone (its copy of the capacities is its own). An engine
   * with a baseline of its own (static mode, or dynamic without an arena) makes the same commit.
   */
  followCommit(j: number, value: number): void {
    if (this.sharesBaseline) {
      if (!this.sharesCapacity) this.cap.fill(value, j * this.capDays, (j + 1) * this.capDays);
      return;
    }
    this.commit(j, value);
  }

  /** Y(t) and Σ_t Y(t) of the dynamic baseline, summed as the full run sums them (firm order, then day order). */
  private sumDynamicBaseline(): void {
    const { n, weight } = this.net;
    const buf = this.buf as DynamicBuffers;
    const ring = buf.ring;
    const S = buf.stride;
    const H = this.horizon;
    const Y = this.dY;
    Y.fill(0);
    for (let c = 0; c < n; c++) {
      const w = weight[c];
      const o = c * S;
      for (let t = 0; t < H; t++) Y[t] += w * ring[o + t];
    }
    let total = 0;
    for (let t = 0; t < H; t++) total += Y[t];
    this.baselineTotal = total;
  }

  private rebaseline(): void {
    const net = this.net;
    if (this.mode === 'static') {
      staticSweep(net, this.cap, this.sX, this.sBind);
      this.sW.set(this.sX);
      let Y = 0;
      for (let i = 0; i < net.n; i++) {
        Y += net.weight[i] * this.sX[i];
        this.sBroken[i] = isBreak(this.sX[i], this.theta, this.cap[i]) ? 1 : 0;
      }
      this.baselineTotal = Y;
      return;
    }
    const buf = this.buf as DynamicBuffers;
    // The compiled day loop when it can run (about twice as fast as JavaScript, and a help list
    // re-runs the baseline once per step), its arrays copied into the engine's own.
    const run = dynamicRunInArena(net, this.cap, this.capDays, this.horizon, this.theta, buf.stride, true);
    if (run !== null) {
      this.baselineTotal = run.total;
      buf.ring.set(run.ring);
      (buf.stockHist as Float64Array).set(run.stock as Float64Array);
      this.dY.set(run.Y);
      this.dBreak.set(run.breakDay);
    } else this.baselineTotal = dynamicKernel(net, this.cap, this.capDays, this.horizon, this.theta, buf, this.dY, this.dBreak, new Int32Array(net.n));
    if (this.cone === null) this.dW.set(buf.ring);
  }

  private heapPush(size: number, k: number, heap: Int32Array = this.heap): number {
    let i = size;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p] <= k) break;
      heap[i] = heap[p];
      i = p;
    }
    heap[i] = k;
    return size + 1;
  }

  private heapPop(size: number, heap: Int32Array = this.heap): number {
    const last = heap[size - 1];
    const n = size - 1;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && heap[c + 1] < heap[c]) c++;
      if (heap[c] >= last) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = last;
    return n;
  }

  private evaluateStatic(j: number, value: number, collect: boolean): number {
    const net = this.net;
    const { order, compStart, compCyclic, comp, downStart, downCustomer, weight } = net;
    const a = this.cap;
    const X = this.sX;
    const W = this.sW;
    const bind = this.sBind;
    const queued = this.queued;
    const changed = this.changed;
    const stamp = this.stamp;
    const saved = a[j];
    a[j] = value;
    // Lowering a capacity can only lower the greatest solution, so a loop can start from the
    // baseline (which lies above the new solution) and recompute only the firms some changed
    // supplier reaches. Raising one needs the loop's cold start from x = a (the baseline may sit
    // on a lower fixed point the upward iteration would never leave).
    const warm = value <= saved;
    this.firmSeq++;
    const firstSweep = this.firmSeq;
    let fsize = 0;
    if (warm && compCyclic[comp[j]] === 1) {
      this.firmQueued[j] = firstSweep;
      fsize = this.heapPush(fsize, j, this.firmHeap);
    }
    let nChanged = 0;
    let size = this.heapPush(0, comp[j]);
    queued[comp[j]] = stamp;
    while (size > 0) {
      const k = this.heap[0];
      size = this.heapPop(size);
      const p0 = compStart[k];
      const p1 = compStart[k + 1];
      let from = nChanged;
      if (compCyclic[k] === 0) {
        const c = order[p0];
        W[c] = evalStaticFirm(net, c, a[c], W, bind);
        if (W[c] !== X[c]) changed[nChanged++] = c;
      } else if (warm) {
        fsize = this.warmCyclic(k, p1, fsize, firstSweep);
        nChanged = this.collectWarm(nChanged);
      } else {
        solveCyclicComponent(net, k, a, W, bind);
        for (let p = p0; p < p1; p++) if (W[order[p]] !== X[order[p]]) changed[nChanged++] = order[p];
      }
      for (; from < nChanged; from++) {
        const c = changed[from];
        for (let e = downStart[c]; e < downStart[c + 1]; e++) {
          const c2 = downCustomer[e];
          const k2 = comp[c2];
          if (k2 === k) continue;
          if (queued[k2] !== stamp) {
            queued[k2] = stamp;
            size = this.heapPush(size, k2);
          }
          if (warm && compCyclic[k2] === 1 && this.firmQueued[c2] !== firstSweep) {
            this.firmQueued[c2] = firstSweep;
            fsize = this.heapPush(fsize, c2, this.firmHeap);
          }
        }
      }
    }
    let delta = 0;
    for (let i = 0; i < nChanged; i++) {
      const c = changed[i];
      delta += weight[c] * (W[c] - X[c]);
    }
    if (collect) {
      const theta = this.theta;
      let jSeen = false;
      for (let i = 0; i < nChanged; i++) {
        const c = changed[i];
        if (c === j) jSeen = true;
        this.noteBreak(c, isBreak(W[c], theta, a[c]), this.sBroken[c] === 1);
      }
      if (!jSeen) this.noteBreak(j, isBreak(W[j], theta, a[j]), this.sBroken[j] === 1);
      this.sortBreakLists();
    }
    for (let i = 0; i < nChanged; i++) W[changed[i]] = X[changed[i]];
    a[j] = saved;
    return delta;
  }

  /**
   * Gauss–Seidel sweeps of cyclic component `k` (members below index `p1`) from the current W,
   * evaluating only firms with a supplier that changed since their last evaluation: the firm
   * heap holds the firms due in this sweep in index order; a firm whose supplier changes after
   * its turn waits for the next sweep. Stops when the largest change of a sweep is below the
   * solve's tolerance (as the full solve does) or nothing is due. Firms that moved are listed in
   * `warmMoved`. Returns the firm heap's new size.
   */
  private warmCyclic(k: number, p1: number, fsize: number, firstSweep: number): number {
    const net = this.net;
    const { comp, downStart, downCustomer } = net;
    const a = this.cap;
    const W = this.sW;
    const X = this.sX;
    const bind = this.sBind;
    const heap = this.firmHeap;
    const queuedFor = this.firmQueued;
    const moved = this.moved;
    const movedStamp = this.movedStamp;
    const next = this.nextSweep;
    let cur = firstSweep;
    this.nMoved = 0;
    for (let sweep = 1; sweep <= STATIC_MAX_SWEEPS; sweep++) {
      this.firmSeq++;
      const nextId = this.firmSeq;
      let nNext = 0;
      let maxChange = 0;
      while (fsize > 0 && heap[0] < p1) {
        const c = heap[0];
        fsize = this.heapPop(fsize, heap);
        const v = evalStaticFirm(net, c, a[c], W, bind);
        const old = W[c];
        if (v === old) continue;
        const d = old > v ? old - v : v - old;
        if (d > maxChange) maxChange = d;
        W[c] = v;
        if (movedStamp[c] !== this.stamp && v !== X[c]) {
          movedStamp[c] = this.stamp;
          moved[this.nMoved++] = c;
        }
        for (let e = downStart[c]; e < downStart[c + 1]; e++) {
          const c2 = downCustomer[e];
          if (comp[c2] !== k) continue;
          if (c2 > c) {
            if (queuedFor[c2] !== cur) {
              queuedFor[c2] = cur;
              fsize = this.heapPush(fsize, c2, heap);
            }
          } else if (queuedFor[c2] !== nextId) {
            queuedFor[c2] = nextId;
            next[nNext++] = c2;
          }
        }
      }
      if (maxChange < STATIC_TOLERANCE || nNext === 0) break;
      for (let i = 0; i < nNext; i++) fsize = this.heapPush(fsize, next[i], heap);
      cur = nextId;
    }
    return fsize;
  }

  /** Appends the firms `warmCyclic` moved to the evaluation's changed list. */
  private collectWarm(nChanged: number): number {
    const changed = this.changed;
    for (let i = 0; i < this.nMoved; i++) changed[nChanged++] = this.moved[i];
    return nChanged;
  }

  private noteBreak(c: number, after: boolean, before: boolean): void {
    if (after && !before) this.lastBroken.push(c);
    else if (before && !after) this.lastRestored.push(c);
  }

  private sortBreakLists(): void {
    const cmp = (x: number, y: number): number => compareFirmIds(this.net, x, y);
    this.lastBroken.sort(cmp);
    this.lastRestored.sort(cmp);
  }

  /**
   * Dynamic "firm j at `value` on every day" over j's cone. With `apply`, the cone's outputs,
   * stocks and break days become the baseline and j keeps the capacity (`commit`).
   */
  private evaluateDynamic(j: number, value: number, collect: boolean, apply: boolean): number {
    if (this.cone !== null) return this.evaluateCone(this.cone, j, value, collect, apply);
    const net = this.net;
    const { needStart, needEssential, needOutside, needStock0, linkStart, linkShare, downStart, downCustomer, downLead, weight } = net;
    const buf = this.buf as DynamicBuffers;
    const H = this.horizon;
    const m = net.m;
    const S = buf.stride;
    const mask = S - 1;
    const high = ~mask;
    const shift = 31 - Math.clz32(S);
    const linkCode = buf.linkCode;
    const base = buf.ring;
    const baseStock = buf.stockHist as Float64Array;
    const W = this.dW;
    const stock = this.dStock;
    const avail = this.dAvail;
    const act = this.act;
    const actStamp = this.actStamp;
    const activeStamp = this.activeStamp;
    const firstDiff = this.firstDiff;
    const newBreak = this.newBreak;
    const baseBreak = this.dBreak;
    const bucketHead = this.bucketHead;
    const entryFirm = this.entryFirm;
    const entryNext = this.entryNext;
    const active = this.changed;
    const cap = this.cap;
    const capDays = this.capDays;
    const theta = this.theta;
    const stamp = this.stamp;
    const rowStamp = this.rowStamp;

    const rowStart = j * capDays;
    for (let d = 0; d < capDays; d++) {
      this.savedRow[d] = cap[rowStart + d];
      cap[rowStart + d] = value;
    }
    bucketHead.fill(-1);
    let entries = 0;
    entryFirm[0] = j;
    entryNext[0] = -1;
    bucketHead[0] = 0;
    entries = 1;
    act[j] = 0;
    actStamp[j] = stamp;
    let nActive = 0;
    let delta = 0;

    for (let t = 0; t < H; t++) {
      for (let e = bucketHead[t]; e >= 0; e = entryNext[e]) {
        const c = entryFirm[e];
        if (activeStamp[c] === stamp || act[c] !== t) continue;
        activeStamp[c] = stamp;
        active[nActive++] = c;
        for (let q = needStart[c]; q < needStart[c + 1]; q++) stock[q] = baseStock[t * m + q];
        const bb = baseBreak[c];
        newBreak[c] = bb >= 0 && bb < t ? bb : -1;
        firstDiff[c] = NEVER;
      }
      const capOff = t < capDays ? t : capDays - 1;
      const slot = t & mask;
      for (let i = 0; i < nActive; i++) {
        const c = active[i];
        const a = capDays === 1 ? cap[c] : cap[c * capDays + capOff];
        let x = a;
        const q0 = needStart[c];
        const q1 = needStart[c + 1];
        if (apply) {
          for (let q = q0; q < q1; q++) {
            if (needEssential[q] === 0 || baseStock[t * m + q] === stock[q]) continue;
            baseStock[t * m + q] = stock[q];
            rowStamp[c] = stamp;
          }
        }
        for (let q = q0; q < q1; q++) {
          if (needEssential[q] === 0) continue;
          let s = needOutside[q];
          const l1 = linkStart[q + 1];
          for (let l = linkStart[q]; l < l1; l++) {
            const code = linkCode[l];
            s += linkShare[l] * W[(code & high) | ((code + t) & mask)];
          }
          const av = stock[q] + s;
          avail[q] = av;
          if (av < x) x = av;
        }
        for (let q = q0; q < q1; q++) {
          if (needEssential[q] === 0) continue;
          const rest = avail[q] - x;
          const c0 = needStock0[q];
          stock[q] = rest < c0 ? rest : c0;
        }
        const at = (c << shift) | slot;
        W[at] = x;
        const bx = base[at];
        if (x !== bx) {
          delta += weight[c] * (x - bx);
          if (firstDiff[c] === NEVER) {
            firstDiff[c] = t;
            for (let e = downStart[c]; e < downStart[c + 1]; e++) {
              const d = t + downLead[e];
              if (d >= H) continue;
              const c2 = downCustomer[e];
              if (actStamp[c2] === stamp && act[c2] <= d) continue;
              actStamp[c2] = stamp;
              act[c2] = d;
              entryFirm[entries] = c2;
              entryNext[entries] = bucketHead[d];
              bucketHead[d] = entries++;
            }
          }
        }
        if (newBreak[c] < 0 && isBreak(x, theta, a)) newBreak[c] = t;
      }
    }

    if (collect) {
      for (let i = 0; i < nActive; i++) {
        const c = active[i];
        this.noteBreak(c, newBreak[c] >= 0, baseBreak[c] >= 0);
      }
      this.sortBreakLists();
    }
    this.lastActiveCount = nActive;
    if (apply) {
      rowStamp[j] = stamp;
      for (let i = 0; i < nActive; i++) {
        const c = active[i];
        const o = c << shift;
        for (let t = act[c]; t < H; t++) base[o | t] = W[o | t];
        if (baseBreak[c] !== newBreak[c] || firstDiff[c] !== NEVER) rowStamp[c] = stamp;
        baseBreak[c] = newBreak[c];
      }
      return delta;
    }
    for (let i = 0; i < nActive; i++) {
      const c = active[i];
      const o = c << shift;
      for (let t = act[c]; t < H; t++) W[o | t] = base[o | t];
    }
    for (let d = 0; d < capDays; d++) cap[rowStart + d] = this.savedRow[d];
    return delta;
  }
}

/** Private methods of the engine attached below (kept apart from the JavaScript loop they mirror). */
export interface ImpactEngine {
  evaluateCone(cone: ConeState, j: number, value: number, collect: boolean, apply: boolean): number;
}

/**
 * `evaluateDynamic` in the WebAssembly cone kernel: the same firms, days and arithmetic as the
 * JavaScript loop above, so the same bits (tested against brute force and against that loop).
 * The kernel leaves the cone's outputs in its own rows; a commit copies them into the baseline.
 */
ImpactEngine.prototype.evaluateCone = function evaluateCone(this: ImpactEngine, cone: ConeState, j: number, value: number, collect: boolean, apply: boolean): number {
  // Private fields read through a loose view (this function is the engine's own method).
  const self = this as unknown as {
    net: Network; horizon: number; theta: number; stamp: number; capDays: number; cap: Float64Array; buf: DynamicBuffers;
    dBreak: Int32Array; newBreak: Int32Array; firstDiff: Int32Array; act: Int32Array; rowStamp: Int32Array; activeStamp: Int32Array;
    dW: Float64Array; changed: Int32Array; noteBreak(c: number, after: boolean, before: boolean): void; sortBreakLists(): void;
  };
  const net = self.net;
  const p = cone.ptr;
  const S = self.buf.stride;
  const shift = 31 - Math.clz32(S);
  const stamp = self.stamp;
  const delta = cone.kernels.coneEval(
    j, value, self.horizon, p.cap, self.capDays, self.theta, shift, net.needStart.byteOffset, net.needEssential.byteOffset,
    net.needOutside.byteOffset, net.needStock0.byteOffset, net.linkStart.byteOffset, net.linkShare.byteOffset, p.code,
    net.weight.byteOffset, net.downStart.byteOffset, net.downCustomer.byteOffset, net.downLead.byteOffset, p.base, p.bstock,
    net.m, p.W, p.rowOf, p.stock, p.avail, p.act, p.actStamp, p.active, p.firstDiff, p.newBreak, p.bbreak, p.bucket,
    p.entryFirm, p.entryNext, stamp, apply ? 1 : 0, p.rowStamp, p.res,
  );
  const nActive = cone.res[0];
  const active = self.changed;
  const rowOf = cone.rowOf;
  const newBreak = self.newBreak;
  const baseBreak = self.dBreak;
  this.lastActiveCount = nActive;
  if (collect) {
    for (let i = 0; i < nActive; i++) {
      const c = active[i];
      self.noteBreak(c, newBreak[c] >= 0, baseBreak[c] >= 0);
    }
    self.sortBreakLists();
  }
  if (apply) {
    const H = self.horizon;
    const base = self.buf.ring;
    const W = self.dW;
    const { act, firstDiff, rowStamp, activeStamp } = self;
    rowStamp[j] = stamp;
    self.cap.fill(value, j * self.capDays, (j + 1) * self.capDays);
    for (let i = 0; i < nActive; i++) {
      const c = active[i];
      const o = c << shift;
      const w = i << shift;
      for (let t = act[c]; t < H; t++) base[o | t] = W[w | t];
      if (baseBreak[c] !== newBreak[c] || firstDiff[c] !== NEVER) rowStamp[c] = stamp;
      baseBreak[c] = newBreak[c];
      activeStamp[c] = stamp;
    }
  }
  for (let i = 0; i < nActive; i++) rowOf[active[i]] = -1;
  return delta;
};

/** One row of a criticality ranking. */
export interface CriticalityEntry {
  /** Firm index (`firmId(net, firm)` for its id). */
  firm: number;
  /** Loss of Σ_t Y(t) (static: Y) if the firm stopped completely. */
  loss: number;
  /** Firms that would break and did not in the baseline, ascending by id. */
  broken: number[];
}

/** Options of `criticality`. */
export interface CriticalityOptions extends ImpactOptions {
  /** Firms to rank (indices). Default: all firms. */
  candidates?: ArrayLike<number>;
  /** Rows returned. Default 50. */
  top?: number;
  onProgress?: (done: number, total: number) => void;
  /** An engine for this network and these options to use instead of building one (left at its baseline). */
  engine?: ImpactEngine;
}

/** Positions of the `top` highest scores, ties by ascending firm id. */
export function rankTop(net: Network, firms: ArrayLike<number>, scores: Float64Array, top: number): number[] {
  const idx: number[] = [];
  for (let i = 0; i < firms.length; i++) idx.push(i);
  idx.sort((p, q) => (scores[q] - scores[p]) || compareFirmIds(net, firms[p], firms[q]));
  return idx.slice(0, Math.max(0, top));
}

/** All firm indices, the default candidate set. */
export function allFirms(net: Network): Int32Array {
  const out = new Int32Array(net.n);
  for (let i = 0; i < net.n; i++) out[i] = i;
  return out;
}

/**
 * The `count` firms with the largest direct exposure Σ w_l · v_customer over their essential
 * links (ties by id): a cheap pre-selection when ranking every firm of a large map would cost
 * too much — a firm few customers depend on cannot be very critical.
 */
export function topByExposure(net: Network, count: number): Int32Array {
  const score = new Float64Array(net.n);
  for (let c = 0; c < net.n; c++) {
    const v = net.weight[c];
    for (let q = net.needStart[c]; q < net.needStart[c + 1]; q++) {
      if (net.needEssential[q] === 0) continue;
      for (let l = net.linkStart[q]; l < net.linkStart[q + 1]; l++) score[net.linkSupplier[l]] += net.linkShare[l] * v;
    }
  }
  const firms = allFirms(net);
  return Int32Array.from(rankTop(net, firms, score, count), (p) => firms[p]);
}

/** Losses of every candidate (shutting it down for the whole horizon), in candidate order. */
export function criticalityLosses(
  engine: ImpactEngine,
  candidates: ArrayLike<number>,
  onProgress?: (done: number, total: number) => void,
): Float64Array {
  const total = candidates.length;
  const losses = new Float64Array(total);
  const every = Math.max(1, Math.floor(total / 100));
  for (let i = 0; i < total; i++) {
    losses[i] = -engine.evaluate(candidates[i], 0, false);
    if (onProgress !== undefined && ((i + 1) % every === 0 || i + 1 === total)) onProgress(i + 1, total);
  }
  return losses;
}

/** Turns losses into ranked rows, re-running only the top rows to list the firms they break. */
export function criticalityRows(engine: ImpactEngine, candidates: ArrayLike<number>, losses: Float64Array, top: number): CriticalityEntry[] {
  return rankTop(engine.net, candidates, losses, top).map((p) => {
    const firm = candidates[p];
    engine.evaluate(firm, 0, true);
    return { firm, loss: losses[p], broken: [...engine.lastBroken] };
  });
}

/**
 * Ranks firms by how much chain output would be lost if each stopped completely (a_j(t) = 0
 * for every day), listing the firms each would newly break: where a single failure hurts most.
 */
export function criticality(net: Network, opts: CriticalityOptions = {}): CriticalityEntry[] {
  const engine = opts.engine ?? new ImpactEngine(net, opts);
  const candidates = opts.candidates ?? allFirms(net);
  const losses = criticalityLosses(engine, candidates, opts.onProgress);
  return criticalityRows(engine, candidates, losses, opts.top ?? 50);
}

/** One greedy help step. */
export interface PriorityStep {
  /** Firm index helped in this step. */
  firm: number;
  /** Gain of Σ_t Y(t) (static: Y) from restoring its own capacity to 1 on every day. */
  gain: number;
  /** Σ_t Y(t) after this and all earlier steps. */
  cumulativeY: number;
  /** Firms whose break disappears in this step, ascending by id. */
  restored: number[];
}

/** Options of `helpPriority`. */
export interface PriorityOptions extends ImpactOptions {
  /** Firms that may be helped (indices). Default: all firms. */
  candidates?: ArrayLike<number>;
  /** Steps listed. Default 20. */
  steps?: number;
  onProgress?: (done: number, total: number) => void;
  /** An engine for this network and these options to use instead of building one; the help is committed into it. */
  engine?: ImpactEngine;
}

/** Firms of recorded cones `helpPriority` keeps at most (4 bytes each), beyond which it re-evaluates. */
export const CONE_BUDGET = 1 << 26;

/**
 * After a dynamic `commit`: marks with `mark` every firm whose baseline row changed and, for a
 * firm whose outputs changed, its customers (who read them). A kept gain whose cone holds no
 * marked firm is still exact.
 */
export function markCommitted(engine: ImpactEngine, touched: Int32Array, mark: number): void {
  const { downStart, downCustomer } = engine.net;
  const changed = engine.activeFirms();
  for (let p = 0; p < changed.length; p++) {
    const c = changed[p];
    const how = engine.committedChange(c);
    if (how === 0) continue;
    touched[c] = mark;
    if (how === 2) for (let e = downStart[c]; e < downStart[c + 1]; e++) touched[downCustomer[e]] = mark;
  }
}

/**
 * Help gains kept across steps with the cone each was computed on (dynamic mode), by candidate
 * position, up to a budget of cone firms: a gain whose cone a commit did not touch is still exact
 * (see `helpPriority`). Used by `helpPriority` and by each worker of `ImpactPool`.
 */
export class KeptCones {
  private readonly cones = new Map<number, Int32Array>();
  private firms = 0;

  constructor(private readonly budget: number) {}

  has(i: number): boolean {
    return this.cones.has(i);
  }

  /** Keeps the cone of `engine`'s last evaluation for position i when the budget allows; whether it did. */
  keep(i: number, engine: ImpactEngine): boolean {
    if (this.firms + engine.lastActiveCount > this.budget) return false;
    this.cones.set(i, engine.activeFirms().slice());
    this.firms += engine.lastActiveCount;
    return true;
  }

  /** Drops every kept cone holding a firm `markCommitted` marked with `mark`, telling `dropped` its position. */
  dropTouched(touched: Int32Array, mark: number, dropped?: (i: number) => void): void {
    for (const [i, cone] of this.cones) {
      if (!coneTouched(cone, touched, mark)) continue;
      this.cones.delete(i);
      this.firms -= cone.length;
      dropped?.(i);
    }
  }

  clear(): void {
    this.cones.clear();
    this.firms = 0;
  }
}

function coneTouched(cone: Int32Array, touched: Int32Array, mark: number): boolean {
  for (let p = 0; p < cone.length; p++) if (touched[cone[p]] === mark) return true;
  return false;
}

/**
 * One greedy help step's choice: the candidate not yet helped and below full capacity with the
 * largest gain above `MIN_GAIN` (ties by ascending firm id), or best −1. `gainOf(i, j)` gives the
 * gain of candidates[i] = j, asked in candidate order (the single-threaded list evaluates there).
 */
export function bestHelp(engine: ImpactEngine, applied: Uint8Array, candidates: ArrayLike<number>, gainOf: (i: number, j: number) => number): { best: number; bestGain: number } {
  let best = -1;
  let bestGain = MIN_GAIN;
  for (let i = 0; i < candidates.length; i++) {
    const j = candidates[i];
    if (helpSkips(engine, applied, j)) continue;
    const g = gainOf(i, j);
    if (g > bestGain || (g === bestGain && best >= 0 && compareFirmIds(engine.net, j, best) < 0)) {
      best = j;
      bestGain = g;
    }
  }
  return { best, bestGain };
}

/** Whether candidate j is out of a help step: already helped, or at full capacity. */
export function helpSkips(engine: ImpactEngine, applied: Uint8Array, j: number): boolean {
  return applied[j] === 1 || engine.isFullCapacity(j);
}

/**
 * Greedy help list: repeatedly restore to full capacity the firm (with a_j < 1) whose recovery
 * adds the most chain output given the help already applied. Greedy because help interacts:
 * restoring a supplier can make helping its customer worthwhile, or pointless. Stops early
 * when no remaining firm would gain more than `MIN_GAIN` on its own.
 */
export function helpPriority(net: Network, opts: PriorityOptions = {}): PriorityStep[] {
  const engine = opts.engine ?? new ImpactEngine(net, opts);
  const candidates = opts.candidates ?? allFirms(net);
  const steps = opts.steps ?? 20;
  const applied = new Uint8Array(net.n);
  const out: PriorityStep[] = [];
  // Dynamic mode keeps each candidate's gain with the cone it recomputed. A committed step
  // changes the baseline only inside its own cone, and an evaluation reads only its cone's rows
  // and their suppliers' outputs, so a gain whose cone holds neither a changed firm nor a
  // customer of one is still exact (bit for bit) and is not evaluated again.
  const reuse = engine.mode === 'dynamic';
  const gains = new Float64Array(candidates.length);
  const kept = new KeptCones(CONE_BUDGET);
  const touched = reuse ? new Int32Array(net.n) : new Int32Array(0);
  for (let step = 0; step < steps; step++) {
    const { best, bestGain } = bestHelp(engine, applied, candidates, (i, j) => {
      if (kept.has(i)) return gains[i];
      const g = engine.evaluate(j, 1, false);
      if (reuse && kept.keep(i, engine)) gains[i] = g;
      return g;
    });
    if (best < 0) break;
    engine.commit(best, 1, true);
    const restored = [...engine.lastRestored];
    applied[best] = 1;
    if (reuse) {
      const mark = step + 1;
      markCommitted(engine, touched, mark);
      kept.dropTouched(touched, mark);
    }
    out.push({ firm: best, gain: bestGain, cumulativeY: engine.baselineTotal, restored });
    opts.onProgress?.(step + 1, steps);
  }
  return out;
}
