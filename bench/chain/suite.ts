/**
 * Chain-engine benchmark: every figure the targets in bench/RESULTS.md talk about, measured in
 * one run so they come from the same machine state.
 *
 * 1. generate the full map (default 1,000,000 firms / 5,000,000 links);
 * 2. static sweep: C++ reference (g++ -O2, same layout and order) vs the engine, results
 *    checked equal within 1e-9;
 * 3. the same static model over graphology vs the engine, each in its own child process
 *    (time and live memory);
 * 4. a 30-day dynamic run of the full map;
 * 5. criticality of the 2,000 most exposed firms of a 100,000 / 500,000 map on worker threads;
 * 6. an alliance-size map (2,000 firms): criticality and help priority of every firm.
 *
 * `run.ts` is the command-line entry; the smoke test calls `runChainBenchmark` at a tiny size.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  computeTopology,
  criticality,
  criticalityParallel,
  dayZeroCapacity,
  generateNetwork,
  helpPriority,
  networkBytes,
  runDynamic,
  staticSweep,
  acyclicSweep,
  javascriptSweep,
  topByExposure,
} from '../../server/modules/chain/engine/index';
import { compileReference, runReference, writeReferenceNetwork } from './cpp';
import { measureStaticVariant, type StaticVariantFigures } from './static-child';
import { cliStageAvailable, measureCli, type CliFigures } from './cli-stage';

const execFileAsync = promisify(execFile);

/** Rounds of alternating engine / C++ static sweeps (each round runs `reps` sweeps of both). */
const ROUNDS = 3;

/** What to run and at which sizes. */
export interface ChainBenchOptions {
  firms: number;
  links: number;
  seed: number;
  /** Static sweeps per round and variant (3 rounds; best and median reported). */
  reps: number;
  /** Compile and run the C++ reference. */
  cpp: boolean;
  /** Run the graphology comparison: in child processes, in this process (smoke test), or not. */
  graphology: 'child' | 'inline' | 'off';
  /** Map size for the graphology comparison (both variants are run at this size). */
  graphFirms: number;
  graphLinks: number;
  horizon: number;
  /** Fraction of links that ignore tiers in the loop map (supplier loops). */
  loopFraction: number;
  critFirms: number;
  critLinks: number;
  critCandidates: number;
  /** Criticality and help candidates of the whole-command runs (the CLI's --candidates; its default is 2,000). */
  cliCandidates: number;
  workers: number;
  allianceFirms: number;
  allianceLinks: number;
  /** Run the loading and whole-command stage (writes the map as JSON and .fgn, runs the CLI). */
  cli: boolean;
  /** Directory for the C++ binary, the binary map and solution files. */
  outDir: string;
  log: (line: string) => void;
}

/** Default options: the sizes the targets are stated for. */
export function defaultChainBenchOptions(): ChainBenchOptions {
  return {
    firms: 1_000_000,
    links: 5_000_000,
    seed: 20_240_301,
    reps: 7,
    cpp: true,
    graphology: 'child',
    graphFirms: 1_000_000,
    graphLinks: 5_000_000,
    horizon: 30,
    loopFraction: 0.05,
    critFirms: 100_000,
    critLinks: 500_000,
    critCandidates: 2_000,
    cliCandidates: 2_000,
    workers: 2,
    allianceFirms: 2_000,
    allianceLinks: 10_000,
    cli: true,
    outDir: fileURLToPath(new URL('../out/', import.meta.url)),
    log: () => undefined,
  };
}

/** Everything measured. Times in milliseconds, memory in bytes. */
export interface ChainBenchFigures {
  options: Omit<ChainBenchOptions, 'log'>;
  machine: { date: string; cpu: string; cores: number; memoryGiB: number; node: string; loadAvg1m: number };
  generateMs: number;
  networkBytes: number;
  orderMs: number;
  /** `staticSweep`: the WebAssembly kernel over the network's arena, copies in and out included. */
  staticMs: number;
  staticMedianMs: number;
  /** The JavaScript sweep (`acyclicSweep`), the fallback for maps without an arena. */
  staticJsMs: number;
  staticJsMedianMs: number;
  cpp: { sweepMs: number; sweepMedianMs: number; orderMs: number; maxAbsDiff: number } | null;
  /** The same static solve on a map with supplier loops (`cycleFraction` of links ignore tiers). */
  loops: LoopFigures;
  /** Dynamic runs (best / median of the rounds): engine and C++, without and with every day's record. */
  dynamicRuns: DynamicRunFigures;
  /** The hard case of the dynamic run: a ramp-up map, where most firms' capacity and x change every day. */
  ramp: RampFigures;
  graphology: {
    firms: number;
    links: number;
    compact: Omit<StaticVariantFigures, 'x'>;
    graph: Omit<StaticVariantFigures, 'x'>;
    maxAbsDiff: number;
  } | null;
  /** Loading (JSON.parse, streaming reader, .fgn) and whole `chain simulate` commands; null when not run. */
  cliStage: CliFigures | null;
  /** `runDynamic` without history: the WebAssembly day loop over the arena. */
  dynamicMs: number;
  /** The same run through the JavaScript day loop (a copy of the network without its arena). */
  dynamicJsMs: number;
  dynamicTotalY: number;
  criticality: { firms: number; links: number; candidates: number; workers: number; ms: number; topLoss: number };
  alliance: {
    firms: number;
    links: number;
    dynamicCriticalityMs: number;
    dynamicPriorityMs: number;
    staticCriticalityMs: number;
    staticPriorityMs: number;
    prioritySteps: number;
  };
}

/** Static solve of the loop map, engine vs C++. */
export interface LoopFigures {
  cycleFraction: number;
  /** Firms in the largest strongly connected component, and cyclic components in all. */
  largestLoop: number;
  cyclicComponents: number;
  /** Sweeps the slowest loop needed. */
  sweeps: number;
  staticMs: number;
  staticMedianMs: number;
  /** The JavaScript solve (fallback and reference), once: bit-identical to the kernel. */
  staticJsMs: number;
  cpp: { sweepMs: number; sweepMedianMs: number; maxAbsDiff: number } | null;
}

/** Dynamic runs without history on a ramp-up map (capacities stored per day for the whole horizon), engine vs C++. */
export interface RampFigures {
  capacityDays: number;
  ms: number;
  medianMs: number;
  cpp: { ms: number; medianMs: number; totalDiff: number } | null;
}

/** Best / median times of dynamic runs. */
export interface DynamicRunFigures {
  ms: number;
  medianMs: number;
  historyMs: number;
  historyMedianMs: number;
  cpp: { ms: number; medianMs: number; historyMs: number; historyMedianMs: number; totalDiff: number } | null;
}

const bestOf = (times: number[]): number => Math.min(...times);
const medianOf = (times: number[]): number => [...times].sort((p, q) => p - q)[Math.floor(times.length / 2)];

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i] - b[i]);
    if (!(v <= d)) d = v;
  }
  return d;
}

function readF64(path: string): Float64Array {
  const bytes = readFileSync(path);
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

async function staticVariantInChild(opts: ChainBenchOptions, impl: 'compact' | 'graphology'): Promise<StaticVariantFigures> {
  const child = fileURLToPath(new URL('./static-child.ts', import.meta.url));
  const xOut = `${opts.outDir}/static-${impl}-x.bin`;
  const args = [
    '--import',
    'tsx',
    '--expose-gc',
    '--max-old-space-size=16384',
    child,
    '--impl',
    impl,
    '--firms',
    String(opts.graphFirms),
    '--links',
    String(opts.graphLinks),
    '--seed',
    String(opts.seed),
    '--reps',
    String(impl === 'graphology' ? Math.min(3, opts.reps) : opts.reps),
    '--x-out',
    xOut,
  ];
  const { stdout } = await execFileAsync(process.execPath, args, { maxBuffer: 1 << 20, cwd: fileURLToPath(new URL('../../', import.meta.url)) });
  const fig = JSON.parse(stdout) as Omit<StaticVariantFigures, 'x'>;
  return { ...fig, x: readF64(xOut) };
}

/** Runs the whole benchmark. */
export async function runChainBenchmark(options: Partial<ChainBenchOptions> = {}): Promise<ChainBenchFigures> {
  const opts: ChainBenchOptions = { ...defaultChainBenchOptions(), ...options };
  const log = opts.log;
  if (!existsSync(opts.outDir)) mkdirSync(opts.outDir, { recursive: true });
  const machine = {
    date: new Date().toISOString().slice(0, 10),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAvg1m: loadavg()[0],
  };

  log(`generating ${opts.firms.toLocaleString('en')} firms / ${opts.links.toLocaleString('en')} links …`);
  const gen = time(() => generateNetwork({ firms: opts.firms, links: opts.links, seed: opts.seed }));
  const net = gen.value;
  const order = time(() => computeTopology(net.n, net.downStart, net.downCustomer));

  // Engine and C++ sweeps alternate in rounds so that both see the same machine load.
  const a = net.capDays === 1 ? net.capacity : dayZeroCapacity(net);
  const x = new Float64Array(net.n);
  const bind = new Int32Array(net.n);
  const xJs = new Float64Array(net.n);
  const bindJs = new Int32Array(net.n);
  const sweeps: number[] = [];
  const jsSweeps: number[] = [];
  const cppSweeps: number[] = [];
  let cppOrderMs = Number.POSITIVE_INFINITY;
  let cppDiff = 0;
  let bin = '';
  const mapPath = `${opts.outDir}/chain-network.bin`;
  if (opts.cpp) {
    log('compiling the C++ reference (g++ -O2) and writing the binary map …');
    bin = compileReference(opts.outDir);
    writeReferenceNetwork(net, mapPath);
  }
  const dyn = { ms: [] as number[], hist: [] as number[], cpp: [] as number[], cppHist: [] as number[], total: 0, totalDiff: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    log(`static sweeps and dynamic runs, round ${round + 1}/${ROUNDS} …`);
    for (let r = 0; r < opts.reps; r++) sweeps.push(time(() => staticSweep(net, a, x, bind)).ms);
    for (let r = 0; r < opts.reps; r++) jsSweeps.push(time(() => acyclicSweep(net, a, xJs, bindJs)).ms);
    if (maxAbsDiff(x, xJs) !== 0) throw new Error('the WebAssembly and JavaScript static sweeps disagree');
    const plain = time(() => runDynamic(net, { horizon: opts.horizon, history: false }));
    dyn.ms.push(plain.ms);
    dyn.total = plain.value.total;
    const kept = time(() => runDynamic(net, { horizon: opts.horizon, history: true, transient: true }));
    dyn.hist.push(kept.ms);
    if (kept.value.total !== plain.value.total) throw new Error('dynamic runs with and without history disagree');
    if (opts.cpp) {
      // Two dynamic runs of each kind per round: the second reuses the first's memory (see
      // runReference), as the engine reuses its scratch, so best-of compares warm with warm.
      const ref = runReference(bin, mapPath, `${opts.outDir}/chain-x-cpp.bin`, opts.reps, { horizon: opts.horizon, repetitions: 2 });
      if (!ref.acyclic) throw new Error('C++ reference found a cycle in the generated map');
      cppSweeps.push(...ref.sweepMs);
      cppOrderMs = Math.min(cppOrderMs, ref.orderMs);
      cppDiff = Math.max(cppDiff, maxAbsDiff(x, ref.x));
      // The warm run of each kind only (the last; the first faults its buffers in).
      dyn.cpp.push(ref.dynamicMs[ref.dynamicMs.length - 1]);
      dyn.cppHist.push(ref.dynamicHistoryMs[ref.dynamicHistoryMs.length - 1]);
      dyn.totalDiff = Math.max(dyn.totalDiff, Math.abs(ref.dynamicTotal - dyn.total), Math.abs(ref.dynamicHistoryTotal - dyn.total));
    }
  }
  const dynamicRuns: DynamicRunFigures = {
    ms: bestOf(dyn.ms),
    medianMs: medianOf(dyn.ms),
    historyMs: bestOf(dyn.hist),
    historyMedianMs: medianOf(dyn.hist),
    cpp: opts.cpp
      ? { ms: bestOf(dyn.cpp), medianMs: medianOf(dyn.cpp), historyMs: bestOf(dyn.cppHist), historyMedianMs: medianOf(dyn.cppHist), totalDiff: dyn.totalDiff }
      : null,
  };
  const loops = loopFigures(opts, bin, log);
  const ramp = rampFigures(opts, bin, log);
  sweeps.sort((p, q) => p - q);
  jsSweeps.sort((p, q) => p - q);
  cppSweeps.sort((p, q) => p - q);
  const cpp: ChainBenchFigures['cpp'] = opts.cpp
    ? { sweepMs: cppSweeps[0], sweepMedianMs: cppSweeps[Math.floor(cppSweeps.length / 2)], orderMs: cppOrderMs, maxAbsDiff: cppDiff }
    : null;

  let graphology: ChainBenchFigures['graphology'] = null;
  if (opts.graphology !== 'off') {
    log(`static model over graphology vs engine at ${opts.graphFirms.toLocaleString('en')} / ${opts.graphLinks.toLocaleString('en')} …`);
    const inline = opts.graphology === 'inline';
    const compact = inline
      ? measureStaticVariant('compact', opts.graphFirms, opts.graphLinks, opts.seed, opts.reps)
      : await staticVariantInChild(opts, 'compact');
    const graph = inline
      ? measureStaticVariant('graphology', opts.graphFirms, opts.graphLinks, opts.seed, Math.min(3, opts.reps))
      : await staticVariantInChild(opts, 'graphology');
    const { x: cx, ...compactFig } = compact;
    const { x: gx, ...graphFig } = graph;
    graphology = { firms: opts.graphFirms, links: opts.graphLinks, compact: compactFig, graph: graphFig, maxAbsDiff: maxAbsDiff(cx, gx) };
  }

  log(`dynamic run, ${opts.horizon} days, JavaScript day loop …`);
  const dynJs = time(() => runDynamic({ ...net, arena: undefined }, { horizon: opts.horizon, history: false }));
  if (dynJs.value.total !== dyn.total) throw new Error('the WebAssembly and JavaScript dynamic runs disagree');

  log(`criticality of ${opts.critCandidates} candidates at ${opts.critFirms.toLocaleString('en')} / ${opts.critLinks.toLocaleString('en')} on ${opts.workers} workers …`);
  const critNet = generateNetwork({ firms: opts.critFirms, links: opts.critLinks, seed: opts.seed + 1 });
  const candidates = topByExposure(critNet, opts.critCandidates);
  const t0 = performance.now();
  const rows = await criticalityParallel(critNet, { mode: 'dynamic', horizon: opts.horizon, candidates, top: 50, workers: opts.workers });
  const critMs = performance.now() - t0;

  log(`alliance of ${opts.allianceFirms.toLocaleString('en')} firms: criticality and help priority for every firm …`);
  const alliance = generateNetwork({ firms: opts.allianceFirms, links: opts.allianceLinks, seed: opts.seed + 2 });
  const dCrit = time(() => criticality(alliance, { mode: 'dynamic', horizon: opts.horizon }));
  const dPrio = time(() => helpPriority(alliance, { mode: 'dynamic', horizon: opts.horizon }));
  const sCrit = time(() => criticality(alliance, { mode: 'static' }));
  const sPrio = time(() => helpPriority(alliance, { mode: 'static' }));

  const cliStage =
    opts.cli && cliStageAvailable()
      ? await measureCli(net, opts.outDir, [
          { label: 'dynamic (30 d), .fgn', file: 'fgn', static: false },
          { label: '--static, .fgn', file: 'fgn', static: true },
          { label: '--static, JSON', file: 'json', static: true },
          { label: 'dynamic (30 d), JSON', file: 'json', static: false },
        ], log, opts.cliCandidates)
      : null;

  const { log: _log, ...optionsOut } = opts;
  return {
    options: optionsOut,
    machine,
    generateMs: gen.ms,
    networkBytes: networkBytes(net),
    orderMs: order.ms,
    staticMs: sweeps[0],
    staticMedianMs: sweeps[Math.floor(sweeps.length / 2)],
    staticJsMs: jsSweeps[0],
    staticJsMedianMs: jsSweeps[Math.floor(jsSweeps.length / 2)],
    cpp,
    loops,
    dynamicRuns,
    ramp,
    cliStage,
    graphology,
    dynamicMs: dynamicRuns.ms,
    dynamicJsMs: dynJs.ms,
    dynamicTotalY: dyn.total,
    criticality: {
      firms: opts.critFirms,
      links: opts.critLinks,
      candidates: candidates.length,
      workers: opts.workers,
      ms: critMs,
      topLoss: rows.length > 0 ? rows[0].loss : 0,
    },
    alliance: {
      firms: opts.allianceFirms,
      links: opts.allianceLinks,
      dynamicCriticalityMs: dCrit.ms,
      dynamicPriorityMs: dPrio.ms,
      staticCriticalityMs: sCrit.ms,
      staticPriorityMs: sPrio.ms,
      prioritySteps: dPrio.value.length,
    },
  };
}

/**
 * The dynamic run's hard case: the same generator with capacities stored per day for the whole
 * horizon (a ramp-up: about two thirds of the firms gain capacity every day), so most firms' x
 * changes every day and the engine's change tracking has little to skip. Engine (two runs per
 * round, the second warm) and C++ (warm run) alternate in rounds; Σ_t Y(t) must agree exactly.
 */
function rampFigures(opts: ChainBenchOptions, bin: string, log: (line: string) => void): RampFigures {
  log(`ramp-up map (capacities per day for ${opts.horizon} days): dynamic runs …`);
  const net = generateNetwork({ firms: opts.firms, links: opts.links, seed: opts.seed, capacityDays: opts.horizon });
  const mapPath = `${opts.outDir}/chain-network-ramp.bin`;
  if (opts.cpp) writeReferenceNetwork(net, mapPath);
  const times: number[] = [];
  const cppTimes: number[] = [];
  let totalDiff = 0;
  for (let round = 0; round < ROUNDS; round++) {
    log(`ramp-up map: dynamic runs, round ${round + 1}/${ROUNDS} …`);
    let total = 0;
    for (let r = 0; r < 2; r++) {
      const run = time(() => runDynamic(net, { horizon: opts.horizon, history: false, transient: true }));
      times.push(run.ms);
      total = run.value.total;
    }
    if (opts.cpp) {
      const ref = runReference(bin, mapPath, `${opts.outDir}/chain-x-ramp-cpp.bin`, 1, { horizon: opts.horizon, repetitions: 2 });
      cppTimes.push(ref.dynamicMs[ref.dynamicMs.length - 1]);
      totalDiff = Math.max(totalDiff, Math.abs(ref.dynamicTotal - total));
    }
  }
  return {
    capacityDays: opts.horizon,
    ms: bestOf(times),
    medianMs: medianOf(times),
    cpp: opts.cpp ? { ms: bestOf(cppTimes), medianMs: medianOf(cppTimes), totalDiff } : null,
  };
}

/** Static solve of a map where `loopFraction` of links ignore tiers (supplier loops), engine vs C++ in alternating rounds. */
function loopFigures(opts: ChainBenchOptions, bin: string, log: (line: string) => void): LoopFigures {
  log(`map with loops (${opts.loopFraction * 100} % back-edges) …`);
  const net = generateNetwork({ firms: opts.firms, links: opts.links, seed: opts.seed, cycleFraction: opts.loopFraction });
  let largestLoop = 0;
  let cyclicComponents = 0;
  for (let k = 0; k < net.compCount; k++) {
    if (net.compCyclic[k] === 0) continue;
    cyclicComponents++;
    largestLoop = Math.max(largestLoop, net.compStart[k + 1] - net.compStart[k]);
  }
  const a = dayZeroCapacity(net);
  const x = new Float64Array(net.n);
  const bind = new Int32Array(net.n);
  const jx = new Float64Array(net.n);
  const jb = new Int32Array(net.n);
  const js = time(() => javascriptSweep(net, a, jx, jb));
  const mapPath = `${opts.outDir}/chain-network-loops.bin`;
  if (opts.cpp) writeReferenceNetwork(net, mapPath);
  const times: number[] = [];
  const cppTimes: number[] = [];
  let cppDiff = 0;
  let sweeps = 0;
  for (let round = 0; round < ROUNDS; round++) {
    log(`loop map: static solves, round ${round + 1}/${ROUNDS} …`);
    for (let r = 0; r < opts.reps; r++) {
      const t = time(() => staticSweep(net, a, x, bind));
      times.push(t.ms);
      sweeps = t.value.sweeps;
    }
    if (maxAbsDiff(x, jx) !== 0 || sweeps !== js.value.sweeps) throw new Error('the WebAssembly and JavaScript solves of the loop map disagree');
    if (opts.cpp) {
      const ref = runReference(bin, mapPath, `${opts.outDir}/chain-x-loops-cpp.bin`, opts.reps);
      if (ref.sweeps !== sweeps) throw new Error(`C++ needed ${ref.sweeps} sweeps, the engine ${sweeps}`);
      cppTimes.push(...ref.sweepMs);
      cppDiff = Math.max(cppDiff, maxAbsDiff(x, ref.x));
    }
  }
  return {
    cycleFraction: opts.loopFraction,
    largestLoop,
    cyclicComponents,
    sweeps,
    staticMs: bestOf(times),
    staticMedianMs: medianOf(times),
    staticJsMs: js.ms,
    cpp: opts.cpp ? { sweepMs: bestOf(cppTimes), sweepMedianMs: medianOf(cppTimes), maxAbsDiff: cppDiff } : null,
  };
}

const ms = (v: number): string => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const mb = (v: number): string => `${(v / 1e6).toFixed(1)} MB`;
const mbps = (bytes: number, v: number): string => `${(bytes / 1e3 / v).toFixed(0)} MB/s`;
const int = (v: number): string => v.toLocaleString('en');

/** One row of the results table. */
export interface BenchRow {
  measure: string;
  value: string;
  target: string;
  met: boolean | null;
}

/** Rows of the results table, each with its target and whether it was met. */
export function benchRows(f: ChainBenchFigures): BenchRow[] {
  const o = f.options;
  const rows: BenchRow[] = [
    { measure: `generate ${int(o.firms)} firms / ${int(o.links)} links`, value: `${ms(f.generateMs)} ms`, target: 'a few seconds', met: f.generateMs < 5000 },
    { measure: 'network arrays', value: mb(f.networkBytes), target: '', met: null },
    { measure: 'topological order (Kahn on the prebuilt downstream CSR), engine', value: `${ms(f.orderMs)} ms`, target: '', met: null },
    { measure: 'static sweep, engine: WebAssembly kernel (best / median)', value: `${ms(f.staticMs)} / ${ms(f.staticMedianMs)} ms`, target: '', met: null },
    { measure: 'static sweep, engine: JavaScript fallback (best / median)', value: `${ms(f.staticJsMs)} / ${ms(f.staticJsMedianMs)} ms`, target: '', met: null },
  ];
  if (f.cpp !== null) {
    const ratio = f.staticMs / f.cpp.sweepMs;
    rows.push(
      { measure: 'static sweep, C++ g++ -O2 (best / median)', value: `${ms(f.cpp.sweepMs)} / ${ms(f.cpp.sweepMedianMs)} ms`, target: '', met: null },
      { measure: 'C++: build downstream CSR + Kahn order', value: `${ms(f.cpp.orderMs)} ms`, target: '', met: null },
      { measure: 'static engine / C++ (best vs best)', value: `${ratio.toFixed(2)}×`, target: '≤ 1.2×', met: ratio <= 1.2 },
      { measure: 'static engine / C++ (median vs median)', value: `${(f.staticMedianMs / f.cpp.sweepMedianMs).toFixed(2)}×`, target: '', met: null },
      { measure: 'JavaScript fallback / C++ (best vs best)', value: `${(f.staticJsMs / f.cpp.sweepMs).toFixed(2)}×`, target: '', met: null },
      { measure: 'largest difference, engine vs C++ x', value: f.cpp.maxAbsDiff.toExponential(1), target: '≤ 1e-9', met: f.cpp.maxAbsDiff <= 1e-9 },
    );
  }
  if (f.graphology !== null) {
    const g = f.graphology;
    const speed = g.graph.solveMs / g.compact.solveMs;
    const memory = g.graph.bytes / g.compact.bytes;
    rows.push(
      { measure: `graphology at ${int(g.firms)} / ${int(g.links)}: build graph`, value: `${ms(g.graph.buildMs)} ms`, target: '', met: null },
      { measure: 'graphology: order / solve (best)', value: `${ms(g.graph.orderMs)} / ${ms(g.graph.solveMs)} ms`, target: '', met: null },
      { measure: 'engine at the same size: order / solve (best)', value: `${ms(g.compact.orderMs)} / ${ms(g.compact.solveMs)} ms`, target: '', met: null },
      { measure: 'engine speed-up over graphology (solve)', value: `${speed.toFixed(0)}×`, target: '≥ 40×', met: speed >= 40 },
      {
        measure: 'engine speed-up over graphology (order + solve)',
        value: `${((g.graph.orderMs + g.graph.solveMs) / (g.compact.orderMs + g.compact.solveMs)).toFixed(0)}×`,
        target: '',
        met: null,
      },
      { measure: 'live memory, graphology / engine', value: `${mb(g.graph.bytes)} / ${mb(g.compact.bytes)} = ${memory.toFixed(1)}×`, target: '≥ 10× (engine ≤ 1/10)', met: memory >= 10 },
      { measure: 'peak RSS of the child, graphology / engine', value: `${mb(g.graph.maxRssKiB * 1024)} / ${mb(g.compact.maxRssKiB * 1024)}`, target: '', met: null },
      { measure: 'largest difference, engine vs graphology x', value: g.maxAbsDiff.toExponential(1), target: '≤ 1e-9', met: g.maxAbsDiff <= 1e-9 },
    );
  }
  const L = f.loops;
  rows.push(
    {
      measure: `loop map (${(L.cycleFraction * 100).toFixed(0)} % back-edges): largest loop / cyclic components / sweeps`,
      value: `${int(L.largestLoop)} / ${int(L.cyclicComponents)} / ${L.sweeps}`,
      target: '',
      met: null,
    },
    { measure: 'loop map, static solve, engine: WebAssembly (best / median)', value: `${ms(L.staticMs)} / ${ms(L.staticMedianMs)} ms`, target: '', met: null },
    { measure: 'loop map, static solve, JavaScript reference (one run, bit-identical)', value: `${ms(L.staticJsMs)} ms`, target: '', met: null },
  );
  if (L.cpp !== null) {
    rows.push(
      { measure: 'loop map, static solve, C++ g++ -O2 (best / median)', value: `${ms(L.cpp.sweepMs)} / ${ms(L.cpp.sweepMedianMs)} ms`, target: '', met: null },
      { measure: 'loop map, static engine / C++ (best vs best)', value: `${(L.staticMs / L.cpp.sweepMs).toFixed(2)}×`, target: '≤ 1.2×', met: L.staticMs / L.cpp.sweepMs <= 1.2 },
      { measure: 'loop map, static engine / C++ (median vs median)', value: `${(L.staticMedianMs / L.cpp.sweepMedianMs).toFixed(2)}×`, target: '', met: null },
      { measure: 'loop map, largest difference, engine vs C++ x', value: L.cpp.maxAbsDiff.toExponential(1), target: '≤ 1e-9', met: L.cpp.maxAbsDiff <= 1e-9 },
    );
  }
  const D = f.dynamicRuns;
  rows.push(
    { measure: `dynamic run, ${o.horizon} days, ${int(o.firms)} firms (best / median)`, value: `${ms(D.ms)} / ${ms(D.medianMs)} ms`, target: '< 10 s', met: D.ms < 10_000 },
    { measure: 'dynamic run keeping every day\'s x, stock and binding item, read in place as the CLI does (best / median)', value: `${ms(D.historyMs)} / ${ms(D.historyMedianMs)} ms`, target: '', met: null },
  );
  if (D.cpp !== null) {
    rows.push(
      { measure: 'dynamic run, C++ g++ -O2, without / with every day (best)', value: `${ms(D.cpp.ms)} / ${ms(D.cpp.historyMs)} ms`, target: '', met: null },
      { measure: 'dynamic engine / C++ (best vs best; median vs median)', value: `${(D.ms / D.cpp.ms).toFixed(2)}× ; ${(D.medianMs / D.cpp.medianMs).toFixed(2)}×`, target: '≤ 1.2×', met: D.ms / D.cpp.ms <= 1.2 },
      {
        measure: 'dynamic engine / C++ keeping every day (best vs best; median vs median)',
        value: `${(D.historyMs / D.cpp.historyMs).toFixed(2)}× ; ${(D.historyMedianMs / D.cpp.historyMedianMs).toFixed(2)}×`,
        target: '≤ 1.2×',
        met: D.historyMs / D.cpp.historyMs <= 1.2,
      },
      { measure: 'dynamic, difference of Σ_t Y(t), engine vs C++', value: D.cpp.totalDiff.toExponential(1), target: '0', met: D.cpp.totalDiff === 0 },
    );
  }
  const R = f.ramp;
  rows.push({
    measure: `hard case: ramp-up map (capacities per day for ${R.capacityDays} days), dynamic run (best / median)`,
    value: `${ms(R.ms)} / ${ms(R.medianMs)} ms`,
    target: '',
    met: null,
  });
  if (R.cpp !== null) {
    rows.push(
      { measure: 'hard case: ramp-up map, C++ g++ -O2 (best / median)', value: `${ms(R.cpp.ms)} / ${ms(R.cpp.medianMs)} ms`, target: '', met: null },
      { measure: 'hard case: ramp-up map, engine / C++ (best vs best; median vs median)', value: `${(R.ms / R.cpp.ms).toFixed(2)}× ; ${(R.medianMs / R.cpp.medianMs).toFixed(2)}×`, target: '', met: null },
      { measure: 'hard case: ramp-up map, difference of Σ_t Y(t), engine vs C++', value: R.cpp.totalDiff.toExponential(1), target: '0', met: R.cpp.totalDiff === 0 },
    );
  }
  rows.push(
    { measure: 'dynamic run, JavaScript fallback', value: `${ms(f.dynamicJsMs)} ms`, target: '', met: null },
    {
      measure: `criticality, ${int(f.criticality.candidates)} candidates at ${int(f.criticality.firms)} / ${int(f.criticality.links)} (dynamic, ${o.horizon} d), ${f.criticality.workers} workers`,
      value: `${ms(f.criticality.ms)} ms`,
      target: '< 60 s',
      met: f.criticality.ms < 60_000,
    },
    {
      measure: `alliance ${int(f.alliance.firms)} firms, dynamic ${o.horizon} d: criticality + priority (every firm)`,
      value: `${ms(f.alliance.dynamicCriticalityMs)} + ${ms(f.alliance.dynamicPriorityMs)} = ${ms(f.alliance.dynamicCriticalityMs + f.alliance.dynamicPriorityMs)} ms`,
      target: '< 2 s',
      met: f.alliance.dynamicCriticalityMs + f.alliance.dynamicPriorityMs < 2000,
    },
    {
      measure: `alliance ${int(f.alliance.firms)} firms, static: criticality + priority (every firm)`,
      value: `${ms(f.alliance.staticCriticalityMs)} + ${ms(f.alliance.staticPriorityMs)} = ${ms(f.alliance.staticCriticalityMs + f.alliance.staticPriorityMs)} ms`,
      target: '< 2 s',
      met: f.alliance.staticCriticalityMs + f.alliance.staticPriorityMs < 2000,
    },
  );
  const C = f.cliStage;
  if (C !== null) {
    rows.push(
      { measure: 'network file: JSON / .fgn size', value: `${mb(C.jsonBytes)} / ${mb(C.fgnBytes)}`, target: '', met: null },
      {
        measure: C.jsonParse.pieces === 1 ? 'JSON.parse of the whole file (one string; decoding not counted)' : `JSON.parse of the file's bytes in ${C.jsonParse.pieces} pieces cut at record boundaries (too large for one string; decoding not counted)`,
        value: `${ms(C.jsonParse.ms)} ms (${mbps(C.jsonParse.bytes, C.jsonParse.ms)}; decoding ${ms(C.jsonParse.decodeMs)} ms more)`,
        target: '',
        met: null,
      },
      {
        measure: 'network from the JSON file, streaming reader (read + parse + validate + build)',
        value: `${ms(C.streamMs)} ms (${mbps(C.jsonBytes, C.streamMs)})`,
        target: '≤ JSON.parse',
        met: C.streamMs <= C.jsonParse.ms,
      },
      { measure: 'network from the .fgn file', value: `${ms(C.binaryMs)} ms`, target: '', met: null },
    );
    for (const r of C.runs) {
      const limit = r.label.includes('--static') ? 20_000 : 60_000;
      rows.push({
        measure: `fugong chain simulate, ${r.label}, ${int(o.firms)} / ${int(o.links)}, ${int(o.cliCandidates ?? 2000)} candidates: whole command / peak RSS`,
        value: `${(r.ms / 1000).toFixed(1)} s / ${mb(r.peakBytes)}`,
        target: `< ${limit / 1000} s, < 2.5 GB`,
        met: r.ms < limit && r.peakBytes < 2.5e9,
      });
    }
  }
  return rows;
}

/** Plain-text table for the terminal. */
export function formatTable(f: ChainBenchFigures): string {
  const rows = benchRows(f);
  const w0 = Math.max(...rows.map((r) => r.measure.length), 7);
  const w1 = Math.max(...rows.map((r) => r.value.length), 5);
  const w2 = Math.max(...rows.map((r) => r.target.length), 6);
  const line = (a: string, b: string, c: string, d: string): string => `${a.padEnd(w0)}  ${b.padStart(w1)}  ${c.padEnd(w2)}  ${d}`;
  return [
    line('measure', 'value', 'target', ''),
    line('-'.repeat(w0), '-'.repeat(w1), '-'.repeat(w2), '----'),
    ...rows.map((r) => line(r.measure, r.value, r.target, r.met === null ? '' : r.met ? 'met' : 'NOT MET')),
  ].join('\n');
}

/** Markdown table cell text (pipes escaped). */
const cell = (text: string): string => text.replace(/\|/g, '\\|');

const BEGIN = '<!-- chain-engine:begin -->';
const END = '<!-- chain-engine:end -->';

/** The "Chain engine" section of bench/RESULTS.md. */
export function resultsSection(f: ChainBenchFigures): string {
  const m = f.machine;
  const rows = benchRows(f);
  const table = [
    '| Measure | Value | Target | |',
    '|---|---:|---|---|',
    ...rows.map((r) => `| ${cell(r.measure)} | ${cell(r.value)} | ${cell(r.target)} | ${r.met === null ? '' : r.met ? 'met' : '**not met**'} |`),
  ].join('\n');
  const g = f.graphology;
  const sizeNote =
    g !== null && (g.firms !== f.options.firms || g.links !== f.options.links)
      ? `The graphology comparison ran at ${int(g.firms)} firms / ${int(g.links)} links (the full size was impractical); the engine ran at the same size in its own child process, so the ratios are per-firm throughput and memory at equal size.`
      : 'The graphology comparison ran at the full size; each variant ran in its own child process.';
  return [
    BEGIN,
    '## Chain engine',
    '',
    `Run on ${m.date}: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, Node ${m.node}; 1-minute load average at start ${m.loadAvg1m.toFixed(2)} (the machine is shared with other work, so times vary between runs).`,
    `Command: \`node --import tsx bench/chain/run.ts --firms ${f.options.firms} --links ${f.options.links}\` (seed ${f.options.seed}; static sweeps: 3 alternating rounds of ${f.options.reps} per variant).`,
    '',
    table,
    '',
    '- Static sweep: one pass over the generated (acyclic) map in the engine\'s supplier-first order. The engine runs it as a small WebAssembly kernel (`server/modules/chain/engine/kernel/chain-kernels.wat`) over the network\'s arena, the shared WebAssembly memory the network is built in; its time includes copying capacities in and x and the binding needs out. The C++ reference (`bench/chain/static_ref.cpp`, `g++ -O2`) reads the same arrays and the same order from a binary file, so both sweeps do identical work; the ratio compares best-of-N times. The JavaScript loop (`acyclicSweep`, used for maps too large for one 4 GiB arena) is timed in the same rounds and gives bit-identical x.',
    ...staticNote(f),
    KERNEL_NOTE,
    '- Dynamic run: ring of max-lead + 1 days per firm, no per-day history kept; the WebAssembly day loop (same kernel file) over the arena, its scratch claimed once per run shape (with or without history) and reused, and the results copied out. The JavaScript loop (`dynamicKernel`) is timed on the same map and gives the same chain output. The C++ reference runs each kind twice per round and the second, warm run is reported (its allocator told to keep its memory), as the engine reuses its scratch: warm against warm.',
    '- What the engine skips and the C++ reference does not: the engine\'s day loop evaluates a firm only when one of its inputs changed since the day before, bit for bit (day 0; a new capacity; a supplier\'s new x arriving after its lead time, pushed as marks over the downstream links; a stock that moved overnight), and sums a need\'s inflow again only when a supplier\'s x changed; every other firm copies yesterday\'s x, binding need and stocks, which is what evaluating it would give. When over half the firms change in a day it evaluates everything without recording changes until fewer than 35 % do. The C++ reference (the issue\'s plain model) evaluates every firm every day. Results are the same bit for bit (Σ_t Y(t) here; every array against the JavaScript loop in the engine\'s tests). On this generated map about 39 % of firm-days after day 0 have a changed input; the ramp-up map is the hard case, where most do.',
    '- Loop map: the same generator with 5 % of links drawn from any firm (back-edges), which ties a large part of the map into one supplier loop. Static solve: acyclic runs in one pass, each loop swept Gauss–Seidel from x = a until the largest change in a sweep is below 1e-12, in the WebAssembly kernel; after the first sweep the engine computes only the firms a supplier flagged by changing its x (an unflagged firm would compute the same x again), the C++ reference every member in every sweep; both read the same arrays and the same components and run the same sweeps (same sweep count, bit-identical x). The JavaScript solve is the reference: one timed run, bit-identical to the kernel.',
    '- Dynamic runs alternate with the C++ reference (same day loop, same ring layout, history day-major) in the same rounds; Σ_t Y(t) must agree exactly. "Keeping every day" is the CLI path: per-day x, stock and binding need, read in place (no copy).',
    '- Minimums without branches: every minimum of the kernels (a firm\'s binding need, a stock, a sweep\'s largest change, the cone evaluation\'s) is a select on the values\' bit patterns, which V8 compiles to `cmov` like g++\'s `minsd`/`cmova`; a branch there waited on the random supplier reads and threw away the loads already in flight when it guessed wrong. Why, with the profiles: `bench/chain/KERNEL.md`. The whole commands\' stages and the runs behind the CLI rows: `bench/chain/CLI.md` (`bench/chain/cli-run.ts` runs the command alone).',
    '- Loading and whole commands: the map is written as a JSON network file (FORMAT.md) and as `.fgn`; `fugong chain simulate` runs in a child process under `/usr/bin/time` (wall time including Node start, loading, solve, criticality (2 worker threads, the CLI\'s default) and help over the most exposed firms (`--candidates`, number in the row), and writing the result file; peak RSS).',
    '- Criticality: candidates are the firms with the largest direct exposure (Σ share × customer weight); each is a full-horizon stop evaluated on its dirty downstream cone; time includes starting the workers and ranking. Workers share the network\'s arena (shared memory) without copying it.',
    '- Alliance: every firm is a criticality candidate; help priority runs 20 greedy steps over every firm below full capacity (fewer steps when nothing gains).',
    END,
  ].join('\n');
}

/** Explains a missed static target: where the remaining gap to C++ comes from. */
function staticNote(f: ChainBenchFigures): string[] {
  if (f.cpp === null || f.staticMs / f.cpp.sweepMs <= 1.5) return [];
  return [
    '- Static target missed in this run. Both sweeps are memory-bound on the random reads of supplier outputs, so a loaded machine widens the gap; rerun on a quiet machine.',
  ];
}

/** Why the static sweep is a WebAssembly kernel rather than JavaScript. */
const KERNEL_NOTE =
  '- Why WebAssembly: in Node 20 (V8 11.3) optimised JavaScript re-checks each typed array\'s map and bounds and reloads its data pointer on every inner-loop iteration (the loop\'s interrupt check stops these being hoisted; seen with `--print-opt-code`), which kept the JavaScript loop at about 1.4–1.7× the C++ time. The same loop in WebAssembly needs no such checks (the memory\'s guard pages bound every access). The network lives in the kernel\'s memory from the start, so there is no per-sweep copy of the map and no second copy in memory; the memory figures include the arena.';

/** Replaces (or appends) the chain section of a results file, leaving other sections alone. */
export function writeResultsSection(path: string, section: string): void {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n';
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start ? `${current.slice(0, start)}${section}${current.slice(end + END.length)}` : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
}
