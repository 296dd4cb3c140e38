/**
 * One static-model variant (compact engine or graphology) measured in isolation, so its memory
 * can be read without the other variant's objects in the same heap. Run by the benchmark as a
 * child process:
 *
 *   node --import tsx --expose-gc bench/chain/static-child.ts --impl compact|graphology \
 *        --firms N --links M --seed S --reps R --x-out path
 *
 * Prints one JSON line (`StaticVariantFigures`) and writes the solution x (f64 per firm) to
 * `--x-out`. `measureStaticVariant` is also called in-process by the smoke test.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { computeTopology, generateNetwork, staticSweep, dayZeroCapacity, type Network } from '../../server/modules/chain/engine/index';
import { buildChainGraph, graphOrder, graphOutputs, solveChainGraph } from './graphology-static';

/** Figures of one variant. */
export interface StaticVariantFigures {
  impl: 'compact' | 'graphology';
  firms: number;
  links: number;
  /** Building the representation: generator (compact) or graph construction from it (graphology). */
  buildMs: number;
  /** Topological ordering. */
  orderMs: number;
  /** Best and median sweep time over the repetitions. */
  solveMs: number;
  solveMedianMs: number;
  /**
   * Live heap + ArrayBuffer bytes held by the representation and its solution, after GC, plus
   * the engine's WebAssembly arena (Node does not count WebAssembly memory in `arrayBuffers`).
   */
  bytes: number;
  /** Peak resident set of the process, KiB (meaningful only when run as a child). */
  maxRssKiB: number;
  x: Float64Array;
}

function liveBytes(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    gc();
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function best(times: number[]): { best: number; median: number } {
  const s = [...times].sort((a, b) => a - b);
  return { best: s[0], median: s[Math.floor(s.length / 2)] };
}

/** Measures one variant on the generated map (firms, links, seed). */
export function measureStaticVariant(impl: 'compact' | 'graphology', firms: number, links: number, seed: number, reps: number): StaticVariantFigures {
  const before = liveBytes();
  if (impl === 'compact') {
    let t0 = performance.now();
    const net = generateNetwork({ firms, links, seed });
    const buildMs = performance.now() - t0;
    t0 = performance.now();
    computeTopology(net.n, net.downStart, net.downCustomer);
    const orderMs = performance.now() - t0;
    const a = net.capDays === 1 ? net.capacity : dayZeroCapacity(net);
    const x = new Float64Array(net.n);
    const bind = new Int32Array(net.n);
    const times: number[] = [];
    for (let r = 0; r < reps; r++) {
      t0 = performance.now();
      staticSweep(net, a, x, bind);
      times.push(performance.now() - t0);
    }
    // The whole arena: the packed network plus the scratch slot this thread grew it by.
    const arenaBytes = net.arena === undefined ? 0 : net.arena.memory.buffer.byteLength;
    const bytes = liveBytes() - before + arenaBytes;
    const { best: solveMs, median: solveMedianMs } = best(times);
    keepAlive(net, a, bind);
    return { impl, firms, links, buildMs, orderMs, solveMs, solveMedianMs, bytes, maxRssKiB: process.resourceUsage().maxRSS, x };
  }
  let net: Network | null = generateNetwork({ firms, links, seed });
  const n = net.n;
  let t0 = performance.now();
  const graph = buildChainGraph(net);
  const buildMs = performance.now() - t0;
  net = null;
  t0 = performance.now();
  const order = graphOrder(graph);
  const orderMs = performance.now() - t0;
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    t0 = performance.now();
    solveChainGraph(graph, order);
    times.push(performance.now() - t0);
  }
  const bytes = liveBytes() - before;
  const { best: solveMs, median: solveMedianMs } = best(times);
  const x = graphOutputs(graph, n);
  return { impl, firms, links, buildMs, orderMs, solveMs, solveMedianMs, bytes, maxRssKiB: process.resourceUsage().maxRSS, x };
}

/** Holds measured objects so they stay reachable until after the memory reading. */
export const retained: unknown[] = [];
function keepAlive(...objects: unknown[]): void {
  retained.length = 0;
  retained.push(...objects);
}

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  if (fallback !== undefined) return fallback;
  throw new Error(`missing --${name}`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const impl = arg('impl');
  if (impl !== 'compact' && impl !== 'graphology') throw new Error(`--impl must be compact or graphology, got ${impl}`);
  const fig = measureStaticVariant(impl, Number(arg('firms')), Number(arg('links')), Number(arg('seed', '1')), Number(arg('reps', '5')));
  writeFileSync(arg('x-out'), new Uint8Array(fig.x.buffer, fig.x.byteOffset, fig.x.byteLength));
  const { x: _x, ...rest } = fig;
  process.stdout.write(`${JSON.stringify(rest)}\n`);
}
