import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ARENA_SCRATCH_SLOTS, NETWORK_ARRAYS, staticSweepInArena } from './arena';
import { generateNetwork } from './generate';
import { STATIC_SWEEP_WASM } from './kernel/static-sweep.wasm';
import { compileWat } from './kernel/build';
import { buildNetwork, networkBytes, shareNetwork, type Network } from './network';
import { acyclicSweep, dayZeroCapacity, solveStatic, staticSweep } from './static';

/** x and bind from the JavaScript sweep (the reference the kernel must match bit for bit). */
function jsSweep(net: Network, a: Float64Array): { x: Float64Array; bind: Int32Array } {
  const x = new Float64Array(net.n);
  const bind = new Int32Array(net.n);
  acyclicSweep(net, a, x, bind);
  return { x, bind };
}

function kernelSweep(net: Network, a: Float64Array): { x: Float64Array; bind: Int32Array; ran: boolean } {
  const x = new Float64Array(net.n).fill(Number.NaN);
  const bind = new Int32Array(net.n).fill(7);
  const ran = staticSweepInArena(net, a, x, bind);
  return { x, bind, ran };
}

describe('static-sweep kernel', () => {
  it('embeds exactly the binary compiled from static-sweep.wat', async () => {
    const source = readFileSync(fileURLToPath(new URL('./kernel/static-sweep.wat', import.meta.url)), 'utf8');
    const compiled = await compileWat('static-sweep', source);
    expect(Buffer.from(compiled).toString('base64')).toBe(STATIC_SWEEP_WASM);
  });

  it('gives bit-identical x and binding needs to the JavaScript sweep on generated maps', () => {
    for (const [firms, links, seed] of [
      [50, 120, 1],
      [400, 2000, 2],
      [3000, 15000, 3],
      [20000, 100000, 4],
    ] as const) {
      const net = generateNetwork({ firms, links, seed });
      expect(net.acyclic).toBe(true);
      expect(net.arena).toBeDefined();
      // Own capacities from the arena itself, and a caller's override outside it.
      const override = dayZeroCapacity(net).map((v, i) => (i % 3 === 0 ? v / 2 : v));
      for (const a of [net.capacity.subarray(0, net.n), override]) {
        const k = kernelSweep(net, a);
        const j = jsSweep(net, a);
        expect(k.ran).toBe(true);
        expect(Buffer.from(k.x.buffer).equals(Buffer.from(j.x.buffer))).toBe(true);
        expect(Array.from(k.bind)).toEqual(Array.from(j.bind));
      }
    }
  });

  it('solves a hand-worked chain with non-essential items and per-day capacity', () => {
    const net = buildNetwork({
      firms: [
        { id: 'C', capacity: [0.9, 0.5] },
        { id: 'B', capacity: 0.8 },
        { id: 'A', capacity: 0.5 },
      ],
      links: [
        { supplier: 'B', customer: 'C', item: 'part', share: 0.5 },
        { supplier: 'A', customer: 'B', item: 'steel', share: 1 },
        { supplier: 'A', customer: 'C', item: 'paint', share: 1, essential: false },
      ],
    });
    const r = solveStatic(net);
    const byId = (id: string): number => r.x[(net.ids as string[]).indexOf(id)];
    // A = 0.5; B = min(0.8, 1·0.5) = 0.5; C = min(0.9, 0.5 + 0.5·0.5) = 0.75 (paint does not bind).
    expect(byId('A')).toBe(0.5);
    expect(byId('B')).toBe(0.5);
    expect(byId('C')).toBe(0.75);
    expect(kernelSweep(net, r.a).ran).toBe(true);
  });

  it('falls back to JavaScript with the same result when no scratch slot is left', () => {
    const net = generateNetwork({ firms: 500, links: 2500, seed: 9 });
    const arena = net.arena;
    if (arena === undefined) throw new Error('expected an arena');
    // Take every remaining page, as if other threads had claimed all the slots.
    const maxPages = (arena.memory.buffer.byteLength / 65536) | 0;
    let grown = 0;
    for (;;) {
      try {
        arena.memory.grow(1);
        grown++;
      } catch {
        break;
      }
    }
    expect(grown).toBeGreaterThan(0);
    expect(arena.memory.buffer.byteLength / 65536).toBeGreaterThan(maxPages);
    const a = dayZeroCapacity(net);
    expect(kernelSweep(net, a).ran).toBe(false);
    const x = new Float64Array(net.n);
    const bind = new Int32Array(net.n);
    staticSweep(net, a, x, bind);
    expect(Array.from(x)).toEqual(Array.from(jsSweep(net, a).x));
  });

  it('is skipped for a network whose arrays were replaced outside the arena', () => {
    const net = generateNetwork({ firms: 200, links: 800, seed: 5 });
    const copy: Network = { ...net, linkShare: net.linkShare.slice() };
    const a = dayZeroCapacity(net);
    expect(kernelSweep(copy, a).ran).toBe(false);
    const x = new Float64Array(net.n);
    staticSweep(copy, a, x, new Int32Array(net.n));
    expect(Array.from(x)).toEqual(Array.from(jsSweep(net, a).x));
  });
});

describe('network arena', () => {
  it('holds every array of the network in one shared memory, adding no bytes', () => {
    const net = generateNetwork({ firms: 5000, links: 25000, seed: 11 });
    const arena = net.arena;
    if (arena === undefined) throw new Error('expected an arena');
    let sum = 0;
    const seen = new Set<number>();
    for (const field of NETWORK_ARRAYS) {
      expect(net[field].buffer, field).toBe(arena.buffer);
      // The identity topology's order/comp/compStart share one region: count it once.
      if (!seen.has(net[field].byteOffset)) sum += net[field].byteLength;
      seen.add(net[field].byteOffset);
    }
    expect(networkBytes(net)).toBe(arena.bytes);
    expect(arena.bytes).toBeLessThanOrEqual(sum + 8 * NETWORK_ARRAYS.length);
    // Room for each scratch slot is reserved, not committed.
    expect(arena.memory.buffer.byteLength).toBeLessThan(arena.bytes + 65536);
    expect(ARENA_SCRATCH_SLOTS).toBeGreaterThanOrEqual(3);
  });

  it('shares with worker threads without copying', () => {
    const net = generateNetwork({ firms: 100, links: 300, seed: 2 });
    const shared = shareNetwork(net);
    for (const field of NETWORK_ARRAYS) expect(shared[field], field).toBe(net[field]);
    expect(shared.arena).toBe(net.arena);
  });
});
