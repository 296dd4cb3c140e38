/**
 * The compact binary network format (`.fgn`, FORMAT.md): the engine's own arrays written as
 * they are, so a million-firm map loads by reading a few large blocks straight into typed
 * arrays — no text to parse, no renumbering, no per-firm objects beyond the id strings.
 *
 * Layout (little-endian; every block starts on an 8-byte boundary, zero padding between):
 *
 *   header (64 bytes): "FGN1", u32 version = 1, u32 n, u32 m (needs), u32 L (links), u32 capDays,
 *     u32 K (items), u32 compCount, f64 theta, u32 horizon (0: none), u32 flags (bit 0: the
 *     network has its own ids; without it ids and item names are decimal indices),
 *     f64 idBytes, f64 itemBytes (byte lengths of the two string blocks)
 *   f64 capacity[n·capDays], actual[n], weight[n], needOutside[m], needStock0[m], linkShare[L]
 *   i32 needStart[n+1], needItem[m], linkStart[m+1], linkSupplier[L], compStart[compCount+1],
 *       inputOrder[n] (firm indices in the order of the file the map came from),
 *       idEnd[n], itemEnd[K] (end offsets of each UTF-8 string in its block; only with flag 0)
 *   u16 linkLead[L]; u8 needEssential[m], compCyclic[compCount]; UTF-8 idBytes, itemBytes
 *
 * Firms are stored in the engine's sweep order (components contiguous, suppliers first), so
 * loading rebuilds only the downstream adjacency. A file is checked for consistency (sizes,
 * index ranges, values in range, order) before use: a damaged or hand-edited file is refused
 * with `NetworkInputError`, never half-used.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { assembleNetwork, NetworkInputError, type Network, type NetworkCore } from './engine/index';

const MAGIC = 0x314e4746; // "FGN1" little-endian
const VERSION = 1;
const HEADER = 64;

/** What a `.fgn` file holds besides the network. */
export interface BinaryNetworkMeta {
  theta: number;
  horizon: number | undefined;
  /** Firm indices in the order of the original file (results are written in this order). */
  inputOrder: Int32Array;
}

/** True when the first bytes are a `.fgn` header. */
export function isBinaryNetwork(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x46 && head[1] === 0x47 && head[2] === 0x4e && head[3] === 0x31;
}

type Block = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

const pad8 = (v: number): number => (v + 7) & ~7;

/** Writes `net` as a `.fgn` file. */
export function writeNetworkBinary(path: string, net: Network, meta: BinaryNetworkMeta): void {
  const enc = new TextEncoder();
  const hasIds = net.ids !== null;
  const strings = (list: readonly string[] | null): { bytes: Uint8Array; ends: Uint32Array } => {
    if (list === null || !hasIds) return { bytes: new Uint8Array(0), ends: new Uint32Array(0) };
    const parts = list.map((s) => enc.encode(s));
    const ends = new Uint32Array(parts.length);
    let at = 0;
    parts.forEach((p, i) => {
      at += p.length;
      ends[i] = at;
    });
    const bytes = new Uint8Array(at);
    at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    return { bytes, ends };
  };
  const ids = strings(net.ids);
  const items = strings(net.items);
  const header = new DataView(new ArrayBuffer(HEADER));
  header.setUint32(0, MAGIC, true);
  [VERSION, net.n, net.m, net.linkCount, net.capDays, items.ends.length, net.compCount].forEach((v, i) => header.setUint32(4 + 4 * i, v, true));
  header.setFloat64(32, meta.theta, true);
  header.setUint32(40, meta.horizon ?? 0, true);
  header.setUint32(44, hasIds ? 1 : 0, true);
  header.setFloat64(48, ids.bytes.length, true);
  header.setFloat64(56, items.bytes.length, true);
  const blocks: Block[] = [
    net.capacity, net.actual, net.weight, net.needOutside, net.needStock0, net.linkShare,
    net.needStart, net.needItem, net.linkStart, net.linkSupplier, net.compStart, meta.inputOrder, ids.ends, items.ends,
    net.linkLead, net.needEssential, net.compCyclic, ids.bytes, items.bytes,
  ];
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, new Uint8Array(header.buffer));
    const zeros = new Uint8Array(8);
    for (const b of blocks) {
      writeSync(fd, new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
      const extra = pad8(b.byteLength) - b.byteLength;
      if (extra > 0) writeSync(fd, zeros, 0, extra);
    }
  } finally {
    closeSync(fd);
  }
}

const refuse = (message: string): never => {
  throw new NetworkInputError([{ path: '', code: 'invalid_type', message: `not a valid .fgn network file: ${message}` }]);
};

/** Reads a `.fgn` file into a network (see the module comment for what is checked). */
export function readNetworkBinary(path: string): { network: Network; meta: BinaryNetworkMeta } {
  const fd = openSync(path, 'r');
  try {
    let pos = 0;
    const fill = <T extends Block>(b: T): T => {
      const view = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      let got = 0;
      while (got < view.length) {
        // readSync takes at most 2 GiB per call.
        const r = readSync(fd, view, got, Math.min(view.length - got, 1 << 30), pos + got);
        if (r === 0) refuse('file ends early');
        got += r;
      }
      pos += pad8(view.length);
      return b;
    };
    const head = fill(new Uint8Array(HEADER));
    const dv = new DataView(head.buffer);
    if (dv.getUint32(0, true) !== MAGIC) refuse('wrong magic');
    if (dv.getUint32(4, true) !== VERSION) refuse(`unsupported version ${dv.getUint32(4, true)}`);
    const [n, m, L, capDays, K, compCount] = [8, 12, 16, 20, 24, 28].map((o) => dv.getUint32(o, true));
    const theta = dv.getFloat64(32, true);
    const horizon = dv.getUint32(40, true);
    const hasIds = (dv.getUint32(44, true) & 1) === 1;
    const idBytes = dv.getFloat64(48, true);
    const itemBytes = dv.getFloat64(56, true);
    if (n < 1 || capDays < 1 || compCount < 1 || compCount > n || !(theta > 0 && theta <= 1)) refuse('bad header');
    if (!Number.isInteger(idBytes) || !Number.isInteger(itemBytes) || idBytes < 0 || itemBytes < 0) refuse('bad header');
    const f64 = (len: number): Float64Array => fill(new Float64Array(len));
    const i32 = (len: number): Int32Array => fill(new Int32Array(len));
    const capacity = f64(n * capDays);
    const actual = f64(n);
    const weight = f64(n);
    const needOutside = f64(m);
    const needStock0 = f64(m);
    const linkShare = f64(L);
    const needStart = i32(n + 1);
    const needItem = i32(m);
    const linkStart = i32(m + 1);
    const linkSupplier = i32(L);
    const compStart = i32(compCount + 1);
    const inputOrder = i32(n);
    const idEnd = fill(new Uint32Array(hasIds ? n : 0));
    const itemEnd = fill(new Uint32Array(hasIds ? K : 0));
    const linkLead = fill(new Uint16Array(L));
    const needEssential = fill(new Uint8Array(m));
    const compCyclic = fill(new Uint8Array(compCount));
    const idBlock = fill(new Uint8Array(idBytes));
    const itemBlock = fill(new Uint8Array(itemBytes));

    checkStored({ n, m, L, K, capDays, capacity, actual, weight, needOutside, needStock0, linkShare, needStart, needItem, linkStart, linkSupplier, linkLead, needEssential, compStart, compCyclic, inputOrder });
    const decode = (block: Uint8Array, ends: Uint32Array): string[] => {
      const buf = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
      const out = new Array<string>(ends.length);
      let at = 0;
      for (let i = 0; i < ends.length; i++) {
        if (ends[i] < at || ends[i] > block.length) refuse('string table out of range');
        out[i] = buf.toString('utf8', at, ends[i]);
        at = ends[i];
      }
      return out;
    };
    const core: NetworkCore = {
      n,
      ids: hasIds ? decode(idBlock, idEnd) : null,
      items: hasIds ? decode(itemBlock, itemEnd) : null,
      capDays,
      capacity,
      actual,
      weight,
      needStart,
      needItem,
      needEssential,
      needOutside,
      needStock0,
      linkStart,
      linkSupplier,
      linkShare,
      linkLead,
    };
    return { network: assembleNetwork(core, compStart, compCyclic), meta: { theta, horizon: horizon === 0 ? undefined : horizon, inputOrder } };
  } finally {
    closeSync(fd);
  }
}

interface Stored {
  n: number;
  m: number;
  L: number;
  K: number;
  capDays: number;
  capacity: Float64Array;
  actual: Float64Array;
  weight: Float64Array;
  needOutside: Float64Array;
  needStock0: Float64Array;
  linkShare: Float64Array;
  needStart: Int32Array;
  needItem: Int32Array;
  linkStart: Int32Array;
  linkSupplier: Int32Array;
  linkLead: Uint16Array;
  needEssential: Uint8Array;
  compStart: Int32Array;
  compCyclic: Uint8Array;
  inputOrder: Int32Array;
}

/** The invariants the engine relies on; any violation refuses the file. */
function checkStored(s: Stored): void {
  const unit = (a: Float64Array): boolean => a.every((v) => v >= 0 && v <= 1);
  if (!unit(s.capacity) || !unit(s.actual) || !unit(s.needOutside) || !unit(s.linkShare)) refuse('value out of [0,1]');
  if (!s.weight.every((v) => v >= 0 && Number.isFinite(v)) || !s.needStock0.every((v) => v >= 0 && Number.isFinite(v))) refuse('bad weight or stock');
  const monotone = (a: Int32Array, last: number): boolean => {
    if (a[0] !== 0 || a[a.length - 1] !== last) return false;
    for (let i = 1; i < a.length; i++) if (a[i] < a[i - 1]) return false;
    return true;
  };
  if (!monotone(s.needStart, s.m) || !monotone(s.linkStart, s.L) || !monotone(s.compStart, s.n)) refuse('bad offsets');
  if (!s.needItem.every((k) => k >= 0 && (s.K === 0 || k < s.K))) refuse('item index out of range');
  if (!s.linkLead.every((v) => v >= 1)) refuse('lead time below 1');
  const seen = new Uint8Array(s.n);
  for (const i of s.inputOrder) {
    if (i < 0 || i >= s.n || seen[i] === 1) refuse('input order is not a permutation');
    seen[i] = 1;
  }
  // Every essential link must run forward in component order (within a cyclic component only).
  const comp = new Int32Array(s.n);
  for (let k = 0; k + 1 < s.compStart.length; k++) comp.fill(k, s.compStart[k], s.compStart[k + 1]);
  for (let c = 0; c < s.n; c++) {
    for (let q = s.needStart[c]; q < s.needStart[c + 1]; q++) {
      for (let l = s.linkStart[q]; l < s.linkStart[q + 1]; l++) {
        const sup = s.linkSupplier[l];
        if (sup < 0 || sup >= s.n) refuse('supplier out of range');
        if (s.needEssential[q] === 1 && comp[sup] > comp[c] || (comp[sup] === comp[c] && s.compCyclic[comp[c]] === 0 && sup >= c)) refuse('firms are not in sweep order');
      }
    }
  }
}
