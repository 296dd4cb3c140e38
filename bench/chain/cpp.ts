/**
 * Bridge to the C++ reference solves (`static_ref.cpp`): writes a network in the reference's
 * binary layout, compiles the reference with `g++ -O2` into bench/out/, runs it and reads its
 * outputs back, so the benchmark can both time it and check our results against it.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Network } from '../../server/modules/chain/engine/network';

/** Timings reported by one reference run. */
export interface CppRun {
  orderMs: number;
  sweepMs: number[];
  /** Largest number of sweeps a cyclic component needed (0 on acyclic maps). */
  sweeps: number;
  acyclic: boolean;
  /** Dynamic runs without and with the per-day record (empty unless asked for). */
  dynamicMs: number[];
  dynamicHistoryMs: number[];
  dynamicTotal: number;
  dynamicHistoryTotal: number;
  x: Float64Array;
}

const SOURCE = fileURLToPath(new URL('./static_ref.cpp', import.meta.url));

function writeArray(fd: number, a: Float64Array | Int32Array | Uint16Array | Uint8Array): void {
  writeSync(fd, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

/** Writes the compact binary the reference reads (little-endian, see static_ref.cpp). */
export function writeReferenceNetwork(net: Network, path: string): void {
  const fd = openSync(path, 'w');
  try {
    const header = new Uint8Array(28);
    header.set([0x46, 0x47, 0x43, 0x48]);
    const view = new DataView(header.buffer);
    [3, net.n, net.m, net.linkCount, net.compCount, net.capDays].forEach((v, i) => view.setUint32(4 + 4 * i, v, true));
    writeSync(fd, header);
    for (const a of [
      net.capacity, net.actual, net.weight, net.needStart, net.needEssential, net.needOutside, net.needStock0, net.linkStart,
      net.linkSupplier, net.linkShare, net.linkLead, net.order, net.compStart, net.compCyclic,
    ]) writeArray(fd, a);
  } finally {
    closeSync(fd);
  }
}

/** Compiles the reference with `g++ -O2` unless the binary is newer than the source; returns its path. */
export function compileReference(outDir: string): string {
  const bin = `${outDir}/static_ref`;
  let fresh = false;
  try {
    fresh = statSync(bin).mtimeMs > statSync(SOURCE).mtimeMs;
  } catch {
    fresh = false;
  }
  if (!fresh) execFileSync('g++', ['-O2', '-std=c++17', '-o', bin, SOURCE], { stdio: 'inherit' });
  return bin;
}

/** Runs the compiled reference on a written network (with `dynamic`, also that many dynamic runs of each kind). */
export function runReference(bin: string, networkPath: string, xPath: string, repetitions: number, dynamic?: { horizon: number; repetitions: number }): CppRun {
  const args = [networkPath, xPath, String(repetitions)];
  if (dynamic !== undefined) args.push(String(dynamic.horizon), String(dynamic.repetitions));
  // glibc maps every large vector afresh and unmaps it on free, so each run of the reference would
  // fault in its ring and history again (7.6 s instead of 3.4 s for a history run at 1M/5M). With
  // the heap only and no trimming, a later run reuses the pages of the one before — as the engine
  // reuses its arena scratch — so the C++ side is timed warm, never slower than by default.
  const env = { ...process.env, MALLOC_MMAP_MAX_: '0', MALLOC_TRIM_THRESHOLD_: String(2 ** 40) };
  const out = execFileSync(bin, args, { encoding: 'utf8', maxBuffer: 1 << 20, env });
  const parsed = JSON.parse(out) as Omit<CppRun, 'x'>;
  const bytes = readFileSync(xPath);
  const x = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { ...parsed, x };
}
