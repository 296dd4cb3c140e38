/**
 * Network arena: every array of a network packed into one shared WebAssembly memory.
 *
 * Why: the static sweep is a memory-bound loop over a few typed arrays. In Node 20 (V8 11.3)
 * optimised JavaScript re-checks each typed array's map and bounds and reloads its data pointer
 * on every inner-loop iteration, which costs about 1.5–1.7× the time of the same loop compiled
 * from C++ (`bench/RESULTS.md`). The same loop in WebAssembly (`kernel/static-sweep.wat`) runs
 * within a few per cent of `g++ -O2`, but WebAssembly can only address its own memory — so the
 * network is built there in the first place rather than copied for each sweep (a copy would also
 * double the map's memory).
 *
 * The memory is shared, so worker threads receive the same bytes without copying
 * (`shareNetwork` is then free) and each thread can instantiate the kernel over it. Each thread
 * that sweeps claims its own scratch slot (capacity, x, binding need) by growing the memory
 * once per network; the slots are reserved in the memory's maximum up front, and a thread that
 * finds none left (or a map too large for a 4 GiB memory) simply uses the JavaScript sweep.
 * Everything here is pure computation: no I/O.
 */
import { STATIC_SWEEP_WASM } from './kernel/static-sweep.wasm';
import type { Network } from './network';

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
/** Scratch slots reserved per network: the main thread and the default worker pool, with room to spare. */
export const ARENA_SCRATCH_SLOTS = 4;

/** Bytes of one thread's scratch for an n-firm sweep: a (f64), x (f64), bind (i32). */
function slotPages(n: number): number {
  return Math.max(1, Math.ceil((20 * n + 16) / PAGE));
}

const align8 = (v: number): number => (v + 7) & ~7;

/**
 * The network with every array moved into one shared WebAssembly memory (`arena` set), or the
 * network unchanged when it would not fit in 4 GiB. Arrays that were views of one buffer stay
 * views of one region (the identity topology shares a buffer between `order`, `comp` and
 * `compStart`), so packing adds no bytes.
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
  const slot = slotPages(net.n);
  const slots = Math.min(ARENA_SCRATCH_SLOTS, Math.floor((MAX_PAGES - pages) / slot));
  if (pages > MAX_PAGES || slots < 1) return net;
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages + slots * slot, shared: true });
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

/** The static-sweep kernel's export: pointers are byte offsets into the arena. */
type StaticSweepFn = (
  n: number, a: number, needStart: number, needEssential: number, needOutside: number,
  linkStart: number, linkSupplier: number, linkShare: number, x: number, bind: number,
) => void;

/** One thread's kernel instance and scratch slot over one arena. */
interface ThreadKernel {
  staticSweep: StaticSweepFn;
  aPtr: number;
  xPtr: number;
  bindPtr: number;
  a: Float64Array;
  x: Float64Array;
  bind: Int32Array;
}

let staticSweepModule: WebAssembly.Module | null = null;
function kernelModule(): WebAssembly.Module {
  if (staticSweepModule === null) {
    const bin = atob(STATIC_SWEEP_WASM);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    staticSweepModule = new WebAssembly.Module(bytes);
  }
  return staticSweepModule;
}

/** Per thread: the kernel over each arena this thread has swept, or null when no slot was left. */
const threadKernels = new WeakMap<NetworkArena, ThreadKernel | null>();

function threadKernel(arena: NetworkArena, n: number): ThreadKernel | null {
  const known = threadKernels.get(arena);
  if (known !== undefined) return known;
  let kernel: ThreadKernel | null = null;
  try {
    const base = arena.memory.grow(slotPages(n)) * PAGE;
    const buffer = arena.memory.buffer as unknown as SharedArrayBuffer;
    const instance = new WebAssembly.Instance(kernelModule(), { env: { memory: arena.memory } });
    const aPtr = base;
    const xPtr = base + 8 * n;
    const bindPtr = base + 16 * n;
    kernel = {
      staticSweep: instance.exports.staticSweep as StaticSweepFn,
      aPtr,
      xPtr,
      bindPtr,
      a: new Float64Array(buffer, aPtr, n),
      x: new Float64Array(buffer, xPtr, n),
      bind: new Int32Array(buffer, bindPtr, n),
    };
  } catch (err) {
    // Every reserved slot is taken (more threads than ARENA_SCRATCH_SLOTS swept this map).
    if (!(err instanceof RangeError)) throw err;
  }
  threadKernels.set(arena, kernel);
  return kernel;
}

/**
 * Runs the acyclic static sweep (see `./static.ts`) in WebAssembly when the network's sweep
 * arrays live in its arena and this thread has a scratch slot; returns false (having done
 * nothing) otherwise, and the caller sweeps in JavaScript. Results land in the caller's `x`
 * and `bind`, bit-identical to the JavaScript sweep.
 */
export function staticSweepInArena(net: Network, a: Float64Array, x: Float64Array, bind: Int32Array): boolean {
  const arena = net.arena;
  if (arena === undefined) return false;
  const buf = arena.buffer;
  const { needStart, needEssential, needOutside, linkStart, linkSupplier, linkShare } = net;
  if (
    needStart.buffer !== buf || needEssential.buffer !== buf || needOutside.buffer !== buf ||
    linkStart.buffer !== buf || linkSupplier.buffer !== buf || linkShare.buffer !== buf
  ) {
    return false;
  }
  const n = net.n;
  const k = threadKernel(arena, n);
  if (k === null) return false;
  let aPtr = k.aPtr;
  if (a.buffer === buf) aPtr = a.byteOffset;
  else k.a.set(a.subarray(0, n));
  k.staticSweep(
    n, aPtr, needStart.byteOffset, needEssential.byteOffset, needOutside.byteOffset,
    linkStart.byteOffset, linkSupplier.byteOffset, linkShare.byteOffset, k.xPtr, k.bindPtr,
  );
  x.set(k.x);
  bind.set(k.bind);
  return true;
}
