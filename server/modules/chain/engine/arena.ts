/**
 * Network arena: every array of a network packed into one shared WebAssembly memory, and the
 * compiled kernels (`kernel/chain-kernels.wat`) that run the engine's hot loops over it.
 *
 * Why: the static sweep and the dynamic day loop are memory-bound loops over a few typed arrays.
 * In Node 20 (V8 11.3) optimised JavaScript re-checks each typed array's map and bounds and
 * reloads its data pointer on every inner-loop iteration: the static sweep ran at 1.5–1.7× the
 * time of the same loop compiled from C++, the dynamic run at about twice the kernel's time
 * (`bench/RESULTS.md`). The same loops in WebAssembly run within about 1.1× of `g++ -O2`, but
 * WebAssembly can only address its own memory — so the network is built there in the first
 * place rather than copied for each run (a copy would also double the map's memory).
 *
 * The memory is shared, so worker threads receive the same bytes without copying
 * (`shareNetwork` is then free) and each thread instantiates the kernels over it. Each thread
 * claims its own scratch by growing the memory: once per network for the static sweep
 * (capacity, x, binding need), and once per run shape (ring stride, horizon, history) for the
 * dynamic run. Growth is permanent, so scratch is reused for every later run of the same
 * shape, and a map whose scratch would not fit in 4 GiB simply runs the JavaScript loops.
 * Everything here is pure computation: no I/O.
 */
import { CHAIN_KERNELS_WASM } from './kernel/chain-kernels.wasm';
import type { Network } from './network';
import { encodeLinkCodes, ringStride, startRun } from './ring';

/** The shared memory behind a network's arrays. */
export interface NetworkArena {
  memory: WebAssembly.Memory;
  /** The buffer every packed array is a view of (kernels check arrays against it). */
  buffer: SharedArrayBuffer;
  /** Bytes used by the packed arrays (the memory grows past this for threads' scratch). */
  bytes: number;
}

/** Typed arrays a network holds. */
type TypedArray = Float64Array | Int32Array | Uint16Array | Uint8Array;

/** The array fields of a `Network`: what `packNetwork` moves, `shareNetwork` shares and `networkBytes` counts. */
export const NETWORK_ARRAYS = [
  'capacity', 'actual', 'weight', 'needStart', 'needItem', 'needEssential', 'needOutside', 'needStock0',
  'linkStart', 'linkSupplier', 'linkShare', 'linkLead', 'downStart', 'downCustomer', 'downLead',
  'order', 'compStart', 'comp', 'compCyclic',
] as const satisfies readonly (keyof Network)[];

const PAGE = 65536;
/** WebAssembly (32-bit) memories hold at most 65,536 pages = 4 GiB. */
const MAX_PAGES = 65536;

/** Rounds up to a multiple of 8 (arithmetic, not bitwise: offsets pass 2^31 in a memory over 2 GiB). */
const align8 = (v: number): number => Math.ceil(v / 8) * 8;

/**
 * Firms per static-sweep call. V8 first runs WebAssembly in baseline code and switches a
 * function to optimised code only between calls, so a map-sized call would run entirely in
 * baseline code (about twice as slow); chunks let every call after the first few run optimised.
 * For the same reason the dynamic run makes one call per day.
 */
const STATIC_CHUNK = 1 << 16;

/**
 * The network with every array moved into one shared WebAssembly memory (`arena` set), or the
 * network unchanged when it would not fit in 4 GiB. Arrays that were views of one buffer stay
 * views of one region (the identity topology shares a buffer between `order`, `comp` and
 * `compStart`), so packing adds no bytes. The memory may grow to 4 GiB for threads' scratch;
 * that is address space only (V8 reserves it for any WebAssembly memory) until used.
 */
export function packNetwork<T extends Network>(net: T): T {
  const regions = new Map<ArrayBufferLike, number>();
  let bytes = 0;
  for (const field of NETWORK_ARRAYS) {
    const src = net[field].buffer;
    if (regions.has(src)) continue;
    regions.set(src, bytes);
    bytes = align8(bytes + src.byteLength);
  }
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  if (pages >= MAX_PAGES) return net;
  const memory = new WebAssembly.Memory({ initial: pages, maximum: MAX_PAGES, shared: true });
  const buffer = memory.buffer as unknown as SharedArrayBuffer;
  const heap = new Uint8Array(buffer);
  for (const [src, at] of regions) heap.set(new Uint8Array(src), at);
  const out: Network = { ...net, arena: { memory, buffer, bytes } };
  for (const field of NETWORK_ARRAYS) {
    const a: TypedArray = net[field];
    const Ctor = a.constructor as new (buffer: SharedArrayBuffer, byteOffset: number, length: number) => TypedArray;
    (out as unknown as Record<string, TypedArray>)[field] = new Ctor(buffer, (regions.get(a.buffer) as number) + a.byteOffset, a.length);
  }
  return out as T;
}

/** The kernels' exports; pointers are byte offsets into the arena. */
interface KernelExports {
  staticSweep(
    c0: number, c1: number, track: number, a: number, essentialStart: number, essentialNeeds: number, needOutside: number,
    linkStart: number, linkSupplier: number, linkShare: number, x: number, bind: number,
  ): number;
  cyclicSweep(
    c0: number, c1: number, a: number, essentialStart: number, essentialNeeds: number, needOutside: number, linkStart: number,
    linkSupplier: number, linkShare: number, x: number, bind: number, flag: number, downStart: number, downCustomer: number,
  ): number;
  dynamicDays(
    t0: number, t1: number, n: number, cap: number, capDays: number, horizon: number, theta: number, shift: number,
    needStart: number, essentialStart: number, needOutside: number, needStock0: number, linkStart: number,
    linkShare: number, linkCode: number, weight: number, ring: number, stock: number, inflow: number,
    Y: number, breakDay: number, breakNeed: number, history: number, bind: number, stockHistory: number, m: number,
    downStart: number, downCustomer: number, downLead: number, dirty: number, dirtyShift: number, lastEval: number,
    changed: number, essentialNeeds: number, mode: number, stats: number,
  ): number;
  coneEval(
    j: number, value: number, H: number, cap: number, capDays: number, theta: number, shift: number, ns: number,
    ess: number, out: number, stock0: number, ls: number, sh: number, code: number, weight: number, dstart: number,
    dcust: number, dlead: number, base: number, bstock: number, m: number, W: number, rowOf: number, stock: number,
    avail: number, act: number, actStamp: number, active: number, firstDiff: number, newBreak: number, bbreak: number,
    bucket: number, entryFirm: number, entryNext: number, stamp: number, apply: number, rowStamp: number, res: number,
  ): number;
}

/** Scratch regions carved out of the arena: one typed view per name, at its byte offset. */
export class Scratch {
  readonly views = new Map<string, Float64Array | Int32Array>();

  constructor(
    readonly base: number,
    buffer: SharedArrayBuffer,
    layout: ReadonlyArray<readonly [name: string, kind: 'f64' | 'i32', length: number]>,
  ) {
    let at = base;
    for (const [name, kind, length] of layout) {
      this.views.set(name, kind === 'f64' ? new Float64Array(buffer, at, length) : new Int32Array(buffer, at, length));
      at = align8(at + length * (kind === 'f64' ? 8 : 4));
    }
  }

  static bytes(layout: ReadonlyArray<readonly [string, 'f64' | 'i32', number]>): number {
    return layout.reduce((sum, [, kind, length]) => align8(sum + length * (kind === 'f64' ? 8 : 4)), 0);
  }

  f64(name: string): Float64Array {
    return this.views.get(name) as Float64Array;
  }

  i32(name: string): Int32Array {
    return this.views.get(name) as Int32Array;
  }

  ptr(name: string): number {
    return (this.views.get(name) as Float64Array | Int32Array).byteOffset;
  }
}

/** One thread's kernels over one arena, with its scratch. */
interface ThreadKernels {
  exports: KernelExports;
  /** Static sweep scratch: a, x, bind (n each); null once claiming it failed. */
  staticScratch: Scratch | null | undefined;
  /**
   * Dynamic run scratch per run shape (ring stride, horizon, history, capacity copy), claimed on
   * the first run of that shape and reused by every later one, also when runs of other shapes
   * come in between (a forecast without history, then one with it, then again without).
   */
  dynamicScratch: Map<string, Scratch>;
  /** Each firm's essential needs as one list, read by every sweep and day loop; null once claiming it failed. */
  essentialScratch: Scratch | null | undefined;
  /** True once the arena could not grow any further for this thread. */
  full: boolean;
}

let kernelModule: WebAssembly.Module | null = null;
function compiledKernels(): WebAssembly.Module {
  if (kernelModule === null) {
    const bin = atob(CHAIN_KERNELS_WASM);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    kernelModule = new WebAssembly.Module(bytes);
  }
  return kernelModule;
}

/** The arena each buffer of this thread's scratch views belongs to (a growing memory hands out a new buffer object per size). */
const arenaOfBuffer = new WeakMap<ArrayBufferLike, NetworkArena>();

/** Whether `a` is a view of `arena`'s memory (its packed arrays or scratch claimed in this thread). */
export function isArenaView(arena: NetworkArena, a: Float64Array | Int32Array): boolean {
  return a.buffer === arena.buffer || arenaOfBuffer.get(a.buffer) === arena;
}

/** Per thread: the kernels over each arena this thread has used. */
const threadKernels = new WeakMap<NetworkArena, ThreadKernels>();

function kernelsFor(arena: NetworkArena): ThreadKernels {
  let k = threadKernels.get(arena);
  if (k === undefined) {
    const instance = new WebAssembly.Instance(compiledKernels(), { env: { memory: arena.memory } });
    k = { exports: instance.exports as unknown as KernelExports, staticScratch: undefined, dynamicScratch: new Map(), essentialScratch: undefined, full: false };
    threadKernels.set(arena, k);
  }
  return k;
}

/** Grows the arena by `bytes` for this thread's scratch; null when it would pass 4 GiB. */
function claim(arena: NetworkArena, k: ThreadKernels, layout: ReadonlyArray<readonly [string, 'f64' | 'i32', number]>): Scratch | null {
  if (k.full) return null;
  try {
    const base = arena.memory.grow(Math.max(1, Math.ceil(Scratch.bytes(layout) / PAGE))) * PAGE;
    const buffer = arena.memory.buffer as unknown as SharedArrayBuffer;
    arenaOfBuffer.set(buffer, arena);
    return new Scratch(base, buffer, layout);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    k.full = true;
    return null;
  }
}

/**
 * Scratch of one caller (an impact engine) carved out of the network's arena, and this thread's
 * kernels over it; null when the network has no arena (or the arrays the kernels read are not in
 * it) or the arena cannot grow that far. The memory is reserved address space until written.
 */
export function claimArenaScratch(
  net: Network,
  layout: ReadonlyArray<readonly [string, 'f64' | 'i32', number]>,
): { scratch: Scratch; kernels: KernelExports } | null {
  const arena = net.arena;
  if (arena === undefined || !inArena(net, arena, CONE_FIELDS)) return null;
  const k = kernelsFor(arena);
  const scratch = claim(arena, k, layout);
  return scratch === null ? null : { scratch, kernels: k.exports };
}

/**
 * Per link, the byte address in the ring of its supplier's slot for day −lag: `encodeLinkCodes`'
 * slot index scaled to bytes and offset by the ring's address, which must be aligned to a row of
 * 8·stride bytes so the row's bits and the slot's bits stay apart; stored as i32 bits.
 */
function encodeRingAddresses(net: Network, stride: number, ring: number, out: Int32Array): void {
  if (ring % (8 * stride) !== 0) throw new Error(`ring at ${ring} is not aligned to its ${8 * stride}-byte rows`);
  encodeLinkCodes(net, stride, out);
  for (let l = 0; l < net.linkCount; l++) out[l] = ring + 8 * out[l];
}

/**
 * How the day loop runs each day (see `dynamicDays` in the kernel): 0 re-evaluates only the firms
 * whose inputs changed, 1 evaluates every firm and records the changes, 2 evaluates every firm
 * and records none. Tracking pays while few firms change a day; when many do (a ramp-up moves
 * most capacities every day) recording the changes costs more than it saves, so the loop
 * evaluates everything until the changes thin out again, then records them for max-lead days
 * (the changes a day reads reach back that far) before it tracks again. Thresholds on the share
 * of firms whose x changed, with a gap between them so the mode does not flap.
 */
export class DayModes {
  /** Days in a row, up to the last one, that recorded their changes. */
  private recorded = 0;
  private day = 0;
  private everything = false;

  constructor(
    private readonly n: number,
    private readonly maxLead: number,
  ) {}

  static readonly TRACK = 0;
  static readonly RECORD = 1;
  static readonly FULL = 2;
  /** Above this share of changed firms a day, evaluate everything … */
  static readonly HIGH = 0.5;
  /** … and below this one, start recording again. */
  static readonly LOW = 0.35;

  next(): number {
    if (this.everything) return DayModes.FULL;
    // Day t reads changes of days t − maxLead … t − 1 (none before day 0).
    return this.day > 0 && this.recorded >= Math.min(this.maxLead, this.day) ? DayModes.TRACK : DayModes.RECORD;
  }

  done(mode: number, changed: number): void {
    this.recorded = mode === DayModes.FULL ? 0 : this.recorded + 1;
    this.day++;
    const share = changed / Math.max(1, this.n);
    this.everything = this.everything ? share > DayModes.LOW : share > DayModes.HIGH;
  }
}

function essentialCount(net: Network): number {
  let count = 0;
  for (let q = 0; q < net.m; q++) count += net.needEssential[q];
  return count;
}

/**
 * Each firm's essential needs as one list (`essentialStart[c]`..`essentialStart[c + 1]` in
 * `essentialNeeds`), so the kernels walk no other need; built once per thread and network, shared
 * by the static sweeps and every dynamic run shape. Null when the arena cannot hold it.
 */
function essentialNeeds(arena: NetworkArena, k: ThreadKernels, net: Network): Scratch | null {
  if (k.essentialScratch === undefined) {
    const s = claim(arena, k, [['essentialStart', 'i32', net.n + 1], ['essentialNeeds', 'i32', essentialCount(net)]]);
    if (s !== null) {
      const start = s.i32('essentialStart');
      const needs = s.i32('essentialNeeds');
      let at = 0;
      for (let c = 0; c < net.n; c++) {
        start[c] = at;
        for (let q = net.needStart[c]; q < net.needStart[c + 1]; q++) if (net.needEssential[q] !== 0) needs[at++] = q;
      }
      start[net.n] = at;
    }
    k.essentialScratch = s;
  }
  return k.essentialScratch;
}

/** Arrays of the network the day loop reads. */
const DYNAMIC_FIELDS = [
  'needStart', 'needEssential', 'needOutside', 'needStock0', 'linkStart', 'linkSupplier', 'linkShare', 'linkLead', 'actual', 'weight',
  'downStart', 'downCustomer', 'downLead',
] as const;

/** Arrays of the network the cone kernel reads. */
const CONE_FIELDS = [
  'needStart', 'needEssential', 'needOutside', 'needStock0', 'linkStart', 'linkShare', 'weight', 'downStart', 'downCustomer', 'downLead',
] as const;

/** A view of `length` elements at byte offset `ptr` of the arena's current memory (for pointers handed between threads). */
export function arenaView<T extends Float64Array | Int32Array>(arena: NetworkArena, kind: 'f64' | 'i32', ptr: number, length: number): T {
  const buffer = arena.memory.buffer as unknown as SharedArrayBuffer;
  return (kind === 'f64' ? new Float64Array(buffer, ptr, length) : new Int32Array(buffer, ptr, length)) as T;
}

export type { KernelExports };

/** True when every listed array of the network is a view of its arena. */
function inArena(net: Network, arena: NetworkArena, fields: ReadonlyArray<(typeof NETWORK_ARRAYS)[number]>): boolean {
  for (const f of fields) if (net[f].buffer !== arena.buffer) return false;
  return true;
}

/**
 * Firm ranges of a cyclic map's sweep: runs of consecutive acyclic components (one evaluation
 * per firm) and cyclic components (swept until stable), as [start, end, cyclic] triples. Built
 * once per topology, so a sweep does not walk a million single-firm components in JavaScript.
 */
const segmentCache = new WeakMap<Int32Array, Int32Array>();
function sweepSegments(net: Network): Int32Array {
  let seg = segmentCache.get(net.compStart);
  if (seg !== undefined) return seg;
  const { compStart, compCyclic, compCount } = net;
  const out: number[] = [];
  let k = 0;
  while (k < compCount) {
    if (compCyclic[k] === 1) {
      out.push(compStart[k], compStart[k + 1], 1);
      k++;
      continue;
    }
    const k0 = k;
    while (k < compCount && compCyclic[k] === 0) k++;
    out.push(compStart[k0], compStart[k], 0);
  }
  seg = Int32Array.from(out);
  segmentCache.set(net.compStart, seg);
  return seg;
}

/** Whether firms are numbered in sweep order (what finishNetwork guarantees), checked once per topology. */
const identityCache = new WeakMap<Int32Array, boolean>();
function identityOrder(order: Int32Array): boolean {
  let ok = identityCache.get(order);
  if (ok === undefined) {
    ok = true;
    for (let p = 0; p < order.length && ok; p++) if (order[p] !== p) ok = false;
    identityCache.set(order, ok);
  }
  return ok;
}

/**
 * Runs the static sweep (see `./static.ts`) in WebAssembly when the network's sweep arrays live
 * in its arena and this thread has scratch; returns null (having done nothing) otherwise, and
 * the caller sweeps in JavaScript. Acyclic runs are one pass; each cyclic component starts at
 * its members' own capacity and is swept Gauss–Seidel style until the largest change in a sweep
 * is below `tolerance` or `maxSweeps` sweeps have run — the same iteration, in the same order,
 * as the JavaScript `staticSweep`, so x and the binding needs are bit-identical to it. Returns
 * {converged, sweeps} as `staticSweep` does.
 */
export function staticSweepInArena(
  net: Network,
  a: Float64Array,
  x: Float64Array,
  bind: Int32Array,
  tolerance: number,
  maxSweeps: number,
): { converged: boolean; sweeps: number } | null {
  const arena = net.arena;
  if (arena === undefined || !inArena(net, arena, ['needStart', 'needEssential', 'needOutside', 'linkStart', 'linkSupplier', 'linkShare', 'downStart', 'downCustomer'])) return null;
  if (!net.acyclic && !identityOrder(net.order)) return null;
  const n = net.n;
  const k = kernelsFor(arena);
  if (k.staticScratch === undefined) {
    k.staticScratch = claim(arena, k, [['a', 'f64', n], ['x', 'f64', n], ['bind', 'i32', n], ['flag', 'i32', net.acyclic ? 0 : n]]);
  }
  const s = k.staticScratch;
  const ess = essentialNeeds(arena, k, net);
  if (s === null || ess === null) return null;
  let aPtr = s.ptr('a');
  let aView = s.f64('a');
  if (a.buffer === arena.buffer) {
    aPtr = a.byteOffset;
    aView = a;
  } else aView.set(a.subarray(0, n));
  const { needOutside, linkStart, linkSupplier, linkShare } = net;
  const xPtr = s.ptr('x');
  const xView = s.f64('x');
  const bindPtr = s.ptr('bind');
  const run = (c0: number, c1: number, track: number): number =>
    k.exports.staticSweep(
      c0, c1, track, aPtr, ess.ptr('essentialStart'), ess.ptr('essentialNeeds'), needOutside.byteOffset,
      linkStart.byteOffset, linkSupplier.byteOffset, linkShare.byteOffset, xPtr, bindPtr,
    );
  const flag = s.i32('flag');
  const sweepLoop = (c0: number, c1: number): number =>
    k.exports.cyclicSweep(
      c0, c1, aPtr, ess.ptr('essentialStart'), ess.ptr('essentialNeeds'), needOutside.byteOffset, linkStart.byteOffset,
      linkSupplier.byteOffset, linkShare.byteOffset, xPtr, bindPtr, s.ptr('flag'), net.downStart.byteOffset, net.downCustomer.byteOffset,
    );
  const runChunks = (c0: number, c1: number): void => {
    for (let c = c0; c < c1; c += STATIC_CHUNK) run(c, Math.min(c1, c + STATIC_CHUNK), 0);
  };
  let converged = true;
  let sweeps = 0;
  if (net.acyclic) runChunks(0, n);
  else {
    const seg = sweepSegments(net);
    for (let i = 0; i < seg.length; i += 3) {
      const p0 = seg[i];
      const p1 = seg[i + 1];
      if (seg[i + 2] === 0) {
        runChunks(p0, p1);
        continue;
      }
      xView.set(aView.subarray(p0, p1), p0);
      // Every member is computed in the first sweep; later sweeps compute only the firms a
      // changed supplier flagged (the kernel's cyclicSweep; same x, bindings and changes).
      flag.fill(1, p0, p1);
      let sweep = 1;
      for (; sweep <= maxSweeps; sweep++) if (sweepLoop(p0, p1) < tolerance) break;
      if (sweep > maxSweeps) {
        converged = false;
        sweep = maxSweeps;
      }
      if (sweep > sweeps) sweeps = sweep;
    }
  }
  x.set(xView);
  bind.set(s.i32('bind'));
  return { converged, sweeps };
}

/** The arrays a dynamic run leaves for `runDynamic` to read (in the arena: views of this thread's scratch). */
export interface DynamicRun {
  total: number;
  stride: number;
  ring: Float64Array;
  Y: Float64Array;
  breakDay: Int32Array;
  breakNeed: Int32Array;
  /** With history: binding need per firm and day, stock per need and day. */
  bind: Int32Array | null;
  stock: Float64Array | null;
}

/**
 * Runs days 0..horizon−1 of the dynamic model (see `./dynamic.ts`) in WebAssembly when the
 * network lives in its arena and this thread has (or can grow) scratch for this run shape;
 * returns null otherwise, and the caller runs the JavaScript loop. The returned views belong to
 * the thread's scratch for this run shape and are overwritten by its next run of that shape:
 * copy what must outlive the call.
 * `stride` is the ring stride the run used (`dynamicBuffers`' rule).
 */
export function dynamicRunInArena(
  net: Network,
  cap: Float64Array,
  capDays: number,
  horizon: number,
  theta: number,
  stride: number,
  history: boolean,
): DynamicRun | null {
  const arena = net.arena;
  if (arena === undefined || !inArena(net, arena, DYNAMIC_FIELDS)) return null;
  const { n, m, linkCount } = net;
  // Rows of "inputs changed" marks: one per day of a ring longer than the longest lead.
  const markDays = ringStride(net.maxLead);
  const k = kernelsFor(arena);
  const capInArena = cap.buffer === arena.buffer;
  const key = `${stride}/${horizon}/${history ? 1 : 0}/${capInArena ? 0 : cap.length}`;
  let s = k.dynamicScratch.get(key);
  if (s === undefined) {
    const scratch = claim(arena, k, [
      ['ring', 'f64', n * stride], ['linkCode', 'i32', linkCount], ['stock', 'f64', m], ['inflow', 'f64', m],
      ['Y', 'f64', horizon], ['breakDay', 'i32', n], ['breakNeed', 'i32', n], ['cap', 'f64', capInArena ? 0 : cap.length],
      ['bind', 'i32', history ? n * horizon : 0], ['stockHistory', 'f64', history ? m * horizon : 0],
      ['dirty', 'i32', markDays * ((n + 31) >>> 5)], ['lastEval', 'i32', n], ['changed', 'i32', n],
      ['stats', 'i32', 2],
    ]);
    if (scratch === null) return null;
    encodeRingAddresses(net, stride, scratch.ptr('ring'), scratch.i32('linkCode'));
    k.dynamicScratch.set(key, scratch);
    s = scratch;
  }
  const ess = essentialNeeds(arena, k, net);
  if (ess === null) return null;
  const ring = s.f64('ring');
  startRun(net, stride, ring, s.f64('stock'), s.i32('breakDay'), s.i32('breakNeed'));
  s.i32('dirty').fill(0);
  let capPtr = cap.byteOffset;
  if (!capInArena) {
    s.f64('cap').set(cap);
    capPtr = s.ptr('cap');
  }
  let total = 0;
  const stats = s.i32('stats');
  const policy = new DayModes(n, net.maxLead);
  for (let t = 0; t < horizon; t++) {
    const mode = policy.next();
    // Σ_t Y(t) added day by day, in the same order as the JavaScript loop.
    total += k.exports.dynamicDays(
      t, t + 1, n, capPtr, capDays, horizon, theta, 31 - Math.clz32(stride),
      net.needStart.byteOffset, ess.ptr('essentialStart'), net.needOutside.byteOffset, net.needStock0.byteOffset,
      net.linkStart.byteOffset, net.linkShare.byteOffset, s.ptr('linkCode'), net.weight.byteOffset,
      s.ptr('ring'), s.ptr('stock'), s.ptr('inflow'), s.ptr('Y'), s.ptr('breakDay'), s.ptr('breakNeed'),
      history ? 1 : 0, s.ptr('bind'), s.ptr('stockHistory'), m,
      net.downStart.byteOffset, net.downCustomer.byteOffset, net.downLead.byteOffset, s.ptr('dirty'), 31 - Math.clz32(markDays),
      s.ptr('lastEval'), s.ptr('changed'), ess.ptr('essentialNeeds'), mode, s.ptr('stats'),
    );
    policy.done(mode, stats[1]);
  }
  return {
    total,
    stride,
    ring,
    Y: s.f64('Y'),
    breakDay: s.i32('breakDay'),
    breakNeed: s.i32('breakNeed'),
    bind: history ? s.i32('bind') : null,
    stock: history ? s.f64('stockHistory') : null,
  };
}
