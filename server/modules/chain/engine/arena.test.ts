import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { DayModes, NETWORK_ARRAYS, dynamicRunInArena, staticSweepInArena } from './arena';
import { historyStride, ringStride, runDynamic, type DynamicResult } from './dynamic';
import { generateNetwork } from './generate';
import { CHAIN_KERNELS_WASM } from './kernel/chain-kernels.wasm';
import { compileWat } from './kernel/build';
import { buildNetwork, networkBytes, shareNetwork, type Network } from './network';
import { STATIC_MAX_SWEEPS, STATIC_TOLERANCE, acyclicSweep, dayZeroCapacity, javascriptSweep, solveStatic, staticSweep } from './static';

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
  const ran = staticSweepInArena(net, a, x, bind, STATIC_TOLERANCE, STATIC_MAX_SWEEPS) !== null;
  return { x, bind, ran };
}

const same = (a: Float64Array | Int32Array, b: Float64Array | Int32Array): boolean =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

it('embeds exactly the binary compiled from chain-kernels.wat', async () => {
  const source = readFileSync(fileURLToPath(new URL('./kernel/chain-kernels.wat', import.meta.url)), 'utf8');
  const compiled = await compileWat('chain-kernels', source);
  expect(Buffer.from(compiled).toString('base64')).toBe(CHAIN_KERNELS_WASM);
});

describe('static-sweep kernel', () => {
  it('gives bit-identical x and binding needs to the JavaScript sweep on generated maps', () => {
    for (const [firms, links, seed] of [
      [50, 120, 1],
      [400, 2000, 2],
      [3000, 15000, 3],
      [20000, 100000, 4],
      // More firms than one kernel call takes (the sweep is made in chunks of 65,536).
      [150000, 600000, 5],
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

  it('gives bit-identical x, binding needs and sweep counts to the JavaScript solve on maps with supplier loops', () => {
    for (const [firms, links, seed, cycleFraction] of [
      [60, 200, 11, 0.3],
      [800, 4000, 12, 0.05],
      [5000, 25000, 13, 0.05],
      [30000, 150000, 14, 0.02],
      // A loop larger than one chunk of the acyclic sweep, with acyclic runs before and after it.
      [120000, 600000, 15, 0.05],
    ] as const) {
      const net = generateNetwork({ firms, links, seed, cycleFraction });
      expect(net.acyclic).toBe(false);
      const a = dayZeroCapacity(net);
      const x = new Float64Array(net.n);
      const bind = new Int32Array(net.n);
      const kernel = staticSweepInArena(net, a, x, bind, STATIC_TOLERANCE, STATIC_MAX_SWEEPS);
      expect(kernel).not.toBeNull();
      const jx = new Float64Array(net.n);
      const jb = new Int32Array(net.n);
      const js = javascriptSweep(net, a, jx, jb);
      expect(kernel).toEqual(js);
      expect(kernel!.sweeps).toBeGreaterThan(1);
      expect(same(x, jx)).toBe(true);
      expect(same(bind, jb)).toBe(true);
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

  it('keeps the first binding need on ties, as the JavaScript sweep does (minimums are selects in the kernel)', () => {
    // A and B at 0.5; C: r 0.5 + 0.5·A = 0.75, equal to its own capacity (own capacity binds);
    // D: two needs at 0.75 each, below its capacity 1 (the first of the two binds).
    const net = buildNetwork({
      firms: [
        { id: 'A', capacity: 0.5 },
        { id: 'B', capacity: 0.5 },
        { id: 'C', capacity: 0.75 },
        { id: 'D', capacity: 1 },
      ],
      links: [
        { supplier: 'A', customer: 'C', item: 'p', share: 0.5 },
        { supplier: 'A', customer: 'D', item: 'p', share: 0.5 },
        { supplier: 'B', customer: 'D', item: 'q', share: 0.5 },
      ],
    });
    const a = dayZeroCapacity(net);
    const k = kernelSweep(net, a);
    const j = jsSweep(net, a);
    expect(k.ran).toBe(true);
    expect(same(k.x, j.x)).toBe(true);
    expect(same(k.bind, j.bind)).toBe(true);
    const ids = net.ids as string[];
    const c = ids.indexOf('C');
    const d = ids.indexOf('D');
    expect(k.x[c]).toBe(0.75);
    expect(k.bind[c]).toBe(-1);
    expect(k.x[d]).toBe(0.75);
    expect(k.bind[d]).toBe(net.needStart[d]);
    for (const history of [false, true]) expectSameRun(runDynamic(net, { horizon: 5, history }), jsDynamic(net, 5, history));
  });

  it('falls back to JavaScript with the same result when no scratch slot is left', () => {
    const net = generateNetwork({ firms: 500, links: 2500, seed: 9 });
    const arena = net.arena;
    if (arena === undefined) throw new Error('expected an arena');
    // Take every remaining page up to 4 GiB (address space only), as if other runs had.
    arena.memory.grow(65536 - arena.memory.buffer.byteLength / 65536);
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

/** runDynamic on a copy of the network without its arena: the JavaScript day loop. */
function jsDynamic(net: Network, horizon: number, history: boolean, capacity?: Float64Array): DynamicResult {
  return runDynamic({ ...net, arena: undefined }, { horizon, history, capacity });
}

function expectSameRun(w: DynamicResult, j: DynamicResult): void {
  expect(w.total).toBe(j.total);
  expect(same(w.Y, j.Y)).toBe(true);
  expect(same(w.breakDay, j.breakDay)).toBe(true);
  expect(same(w.breakNeed, j.breakNeed)).toBe(true);
  expect(same(w.xLast, j.xLast)).toBe(true);
  expect(w.history === null).toBe(j.history === null);
  if (w.history !== null && j.history !== null) {
    expect(w.history.stride).toBe(j.history.stride);
    expect(same(w.history.x, j.history.x)).toBe(true);
    expect(same(w.history.bind, j.history.bind)).toBe(true);
    expect(same(w.history.stock, j.history.stock)).toBe(true);
  }
}

describe('dynamic kernel', () => {
  it('gives bit-identical days, breaks, history and stocks to the JavaScript loop on generated maps', () => {
    for (const [firms, links, seed, perDayCapacity] of [
      [60, 150, 1, false],
      [500, 2500, 2, true],
      [4000, 20000, 3, true],
      [20000, 100000, 4, false],
    ] as const) {
      const net = generateNetwork({ firms, links, seed, capacityDays: perDayCapacity ? 5 : 1 });
      expect(net.capDays).toBe(perDayCapacity ? 5 : 1);
      expect(net.arena).toBeDefined();
      let brokeSomewhere = false;
      for (const history of [true, false]) {
        for (const horizon of [1, 17, 30]) {
          // The kernel runs here (it is not silently falling back to JavaScript).
          const stride = history ? historyStride(net, horizon) : ringStride(net.maxLead);
          expect(dynamicRunInArena(net, net.capacity, net.capDays, horizon, 0.5, stride, history)).not.toBeNull();
          const w = runDynamic(net, { horizon, history });
          expectSameRun(w, jsDynamic(net, horizon, history));
          if (w.breakDay.some((d) => d >= 0)) brokeSomewhere = true;
        }
      }
      // The maps exercise breaks and stocks running out, not just full output.
      expect(brokeSomewhere).toBe(true);
      // A caller's capacities (a scenario) from outside the arena.
      const halved = net.capacity.map((v, i) => (i % 4 === 0 ? v / 2 : v));
      expectSameRun(runDynamic(net, { horizon: 20, history: true, capacity: halved }), jsDynamic(net, 20, true, halved));
    }
  });

  it('gives bit-identical runs to the JavaScript loop on maps with supplier loops, several seeds', () => {
    for (const [firms, links, seed, cycleFraction] of [
      [300, 1500, 21, 0.2],
      [3000, 15000, 22, 0.05],
      [20000, 100000, 23, 0.05],
    ] as const) {
      const net = generateNetwork({ firms, links, seed, cycleFraction, capacityDays: seed === 22 ? 4 : 1 });
      expect(net.acyclic).toBe(false);
      for (const history of [false, true]) expectSameRun(runDynamic(net, { horizon: 30, history }), jsDynamic(net, 30, history));
    }
  });

  it('returns results the next run does not overwrite', () => {
    const net = generateNetwork({ firms: 300, links: 1200, seed: 8 });
    const first = runDynamic(net, { horizon: 10, history: true });
    const keep = first.Y.slice();
    const keepX = first.history!.x.slice();
    runDynamic(net, { horizon: 10, history: true, capacity: new Float64Array(net.capacity.length) });
    expect(Array.from(first.Y)).toEqual(Array.from(keep));
    expect(Array.from(first.history!.x)).toEqual(Array.from(keepX));
  });

  it('reuses its scratch for runs of the same shape', () => {
    const net = generateNetwork({ firms: 2000, links: 8000, seed: 6 });
    runDynamic(net, { horizon: 30, history: true });
    const grown = net.arena!.memory.buffer.byteLength;
    for (let i = 0; i < 5; i++) runDynamic(net, { horizon: 30, history: true });
    expect(net.arena!.memory.buffer.byteLength).toBe(grown);
  });

  it('keeps one scratch per run shape, so alternating shapes stop growing the arena and stay bit-identical', () => {
    const net = generateNetwork({ firms: 3000, links: 15000, seed: 7 });
    const shapes = [{ history: false }, { history: true }, { history: false, horizon: 12 }] as const;
    for (const o of shapes) runDynamic(net, { horizon: 30, ...o });
    const grown = net.arena!.memory.buffer.byteLength;
    for (let i = 0; i < 3; i++) {
      for (const o of shapes) {
        const horizon = 'horizon' in o ? o.horizon : 30;
        expectSameRun(runDynamic(net, { horizon, history: o.history }), jsDynamic(net, horizon, o.history));
      }
    }
    expect(net.arena!.memory.buffer.byteLength).toBe(grown);
  });
});

describe('dynamic kernel: re-evaluating only what changed', () => {
  it('picks the day modes: record first, track once max-lead days are recorded, evaluate everything while many firms change', () => {
    const { TRACK, RECORD, FULL } = DayModes;
    const p = new DayModes(100, 3);
    const run = (changed: number[]): number[] =>
      changed.map((k) => {
        const mode = p.next();
        p.done(mode, k);
        return mode;
      });
    // Day 0 records; day 1 may track (it reads day 0's changes only), and so on.
    expect(run([10, 10, 10])).toEqual([RECORD, TRACK, TRACK]);
    // Over half the firms change: the next days evaluate everything until fewer than 35 % do.
    expect(run([60, 40, 36, 34])).toEqual([TRACK, FULL, FULL, FULL]);
    // Then max-lead (3) days record before tracking resumes.
    expect(run([5, 5, 5, 5])).toEqual([RECORD, RECORD, RECORD, TRACK]);
  });

  it("gives the full loop's results bit for bit through every mode, in firms that skip, marks and ramps", () => {
    const modes = new Set<number>();
    const done = DayModes.prototype.done;
    const spy = vi.spyOn(DayModes.prototype, 'done').mockImplementation(function (this: DayModes, mode: number, changed: number) {
      modes.add(mode);
      done.call(this, mode, changed);
    });
    try {
      for (const [firms, links, seed, capacityDays, maxLead, horizon] of [
        // a ramp-up: most capacities move every day for 25 days (many changes, then fewer)
        [20000, 100000, 31, 25, 7, 45],
        // long leads: marks reach up to 14 days ahead
        [5000, 25000, 32, 1, 14, 40],
        [3000, 15000, 33, 3, 2, 30],
      ] as const) {
        const net = generateNetwork({ firms, links, seed, capacityDays, maxLead });
        for (const history of [false, true]) expectSameRun(runDynamic(net, { horizon, history }), jsDynamic(net, horizon, history));
      }
    } finally {
      spy.mockRestore();
    }
    expect([...modes].sort()).toEqual([DayModes.TRACK, DayModes.RECORD, DayModes.FULL]);
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
    // Scratch is claimed when a kernel first runs, not before.
    expect(arena.memory.buffer.byteLength).toBeLessThan(arena.bytes + 65536);
  });

  it('shares with worker threads without copying', () => {
    const net = generateNetwork({ firms: 100, links: 300, seed: 2 });
    const shared = shareNetwork(net);
    for (const field of NETWORK_ARRAYS) expect(shared[field], field).toBe(net[field]);
    expect(shared.arena).toBe(net.arena);
  });
});
