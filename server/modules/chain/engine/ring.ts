/**
 * The state a dynamic run keeps between days, shared by the JavaScript day loop (`./dynamic.ts`)
 * and the compiled one (`./arena.ts`): supplier outputs in a per-firm ring of S = 2^k slots (day d
 * in slot d & (S − 1)), each link's ring position folded into one code, and how a run starts.
 */
import type { Network } from './network';

/** Smallest power of two strictly greater than `v`. */
export function ringStride(v: number): number {
  let s = 1;
  while (s <= v) s *= 2;
  return s;
}

/** Ring stride a history-keeping run uses for this network and horizon. */
export function historyStride(net: Network, horizon: number): number {
  return ringStride(horizon + net.maxLead);
}

/** Ring stride of a run: the lags only, or the whole run with history. Refuses rings too large to index. */
export function runStride(net: Network, horizon: number, history: boolean): number {
  const stride = history ? historyStride(net, horizon) : ringStride(net.maxLead);
  if (net.n * stride > 2 ** 31 - 1) {
    throw new RangeError(`dynamic run of ${net.n} firms needs ${net.n * stride} output slots; run without history or shorten the horizon`);
  }
  return stride;
}

/**
 * Per link, supplier row and lag folded into one int: (s << log2 S) | (−L & (S − 1)). The slot
 * read on day t is then (code & ~(S − 1)) | ((code + t) & (S − 1)) — one array read per link
 * instead of two in the innermost loop.
 */
export function encodeLinkCodes(net: Network, stride: number, out: Int32Array): void {
  const mask = stride - 1;
  const shift = 31 - Math.clz32(stride);
  for (let l = 0; l < net.linkCount; l++) out[l] = (net.linkSupplier[l] << shift) | (-net.linkLead[l] & mask);
}

/**
 * Puts a run at its start: every ring slot (the days before today) holds the firm's reported
 * actual output, stocks their declared cover, and no firm has broken yet.
 */
export function startRun(net: Network, stride: number, ring: Float64Array, stock: Float64Array, breakDay: Int32Array, breakNeed: Int32Array): void {
  for (let i = 0; i < net.n; i++) ring.fill(net.actual[i], i * stride, (i + 1) * stride);
  stock.set(net.needStock0);
  breakDay.fill(-1);
  breakNeed.fill(-1);
}
