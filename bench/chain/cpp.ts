/**
 * Bridge to the C++ reference sweep (`static_ref.cpp`): writes a network in the reference's
 * binary layout, compiles the reference with `g++ -O2` into bench/out/, runs it and reads its
 * outputs back, so the benchmark can both time it and check our results against it.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Network } from '../../server/modules/chain/engine/network';
import { dayZeroCapacity } from '../../server/modules/chain/engine/static';

/** Timings reported by one reference run. */
export interface CppRun {
  orderMs: number;
  sweepMs: number[];
  acyclic: boolean;
  x: Float64Array;
}

const SOURCE = fileURLToPath(new URL('./static_ref.cpp', import.meta.url));

function writeArray(fd: number, a: Float64Array | Int32Array | Uint8Array): void {
  writeSync(fd, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

/** Writes the compact binary the reference reads (little-endian, see static_ref.cpp). */
export function writeReferenceNetwork(net: Network, path: string): void {
  const fd = openSync(path, 'w');
  try {
    const header = new Uint8Array(20);
    header.set([0x46, 0x47, 0x43, 0x48]);
    new DataView(header.buffer).setUint32(4, 2, true);
    new DataView(header.buffer).setUint32(8, net.n, true);
    new DataView(header.buffer).setUint32(12, net.m, true);
    new DataView(header.buffer).setUint32(16, net.linkCount, true);
    writeSync(fd, header);
    writeArray(fd, dayZeroCapacity(net));
    writeArray(fd, net.needStart);
    writeArray(fd, net.needEssential);
    writeArray(fd, net.needOutside);
    writeArray(fd, net.linkStart);
    writeArray(fd, net.linkSupplier);
    writeArray(fd, net.linkShare);
    writeArray(fd, net.order);
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

/** Runs the compiled reference on a written network. */
export function runReference(bin: string, networkPath: string, xPath: string, repetitions: number): CppRun {
  const out = execFileSync(bin, [networkPath, xPath, String(repetitions)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const parsed = JSON.parse(out) as { orderMs: number; sweepMs: number[]; acyclic: boolean };
  const bytes = readFileSync(xPath);
  const x = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { ...parsed, x };
}
