/**
 * Criticality and help priority across worker threads.
 *
 * Criticality of thousands of candidates on a large map is embarrassingly parallel: each
 * candidate is an independent "what if j stopped" run over the same baseline. The network
 * already lives in shared memory (its arena, see `./arena.ts`; other maps are copied once into
 * SharedArrayBuffers) and every worker reads that memory; workers
 * pull candidate positions from a shared atomic counter and write losses into a shared array.
 * The main thread then ranks the losses and the workers re-run only the top rows to list the
 * firms they break (the same two passes as the single-threaded `criticality`, so results are
 * identical).
 * In dynamic mode the main thread's engine (`opts.engine`, or one built here) holds the baseline
 * in the arena and the workers read it in place, each with only its own cone rows and counters.
 *
 * Help priority is greedy, so its steps run one after another, but the candidates' gains within
 * a step are independent: the workers evaluate them (the same pool, see `ImpactPool`), the main
 * thread picks the best in candidate order exactly as `helpPriority` does, commits it into its
 * engine — in dynamic mode that writes the shared baseline in place — and then tells every
 * worker, which takes the helped firm's new capacity (the one piece of engine state a commit
 * changes outside the shared baseline; a static worker repeats the commit on its own baseline)
 * and drops the gains whose cones the commit touched. Each worker keeps the cones of the gains
 * it computed, so a step re-evaluates only those, as the single-threaded list does.
 *
 * Workers start through `core/workers.ts`, which loads the TypeScript entry under tsx (and a
 * compiled `.js` entry directly).
 */
import type { Worker } from 'node:worker_threads';
import { siblingModule, startWorker } from '../../../core/workers';
import { shareNetwork, type Network } from './network';
import {
  allFirms,
  bestHelp,
  compareFirmIds,
  CONE_BUDGET,
  helpSkips,
  ImpactEngine,
  markCommitted,
  rankTop,
  type ArenaBaseline,
  type CriticalityEntry,
  type CriticalityOptions,
  type ImpactOptions,
  type PriorityOptions,
  type PriorityStep,
} from './impact';

/** What each worker receives when it starts (all typed arrays are SharedArrayBuffer-backed). */
export interface PoolSetup {
  net: Network;
  options: ImpactOptions;
  /**
   * The main thread's baseline in the network's arena: workers evaluate against it in place
   * instead of each running and holding the baseline again. Null when the engine runs in
   * JavaScript (no arena): each worker then runs its own.
   */
  baseline: ArenaBaseline | null;
  /** Firms of kept help cones this worker may hold. */
  coneBudget: number;
}

/** Requests to a worker (typed arrays SharedArrayBuffer-backed); each is answered with `done`. */
export type PoolRequest =
  /** Losses of candidates[i] for i taken from `next` until `candidates.length`. */
  | { type: 'criticality'; candidates: Int32Array; losses: Float64Array; next: Int32Array }
  /**
   * Help gains of candidates[work[k]] for k taken from `next` until `count`, into gains[work[k]];
   * cached[i] = 1 when the worker keeps that gain's cone (so the gain stays valid until a
   * commit touches it).
   */
  | { type: 'gains'; candidates: Int32Array; work: Int32Array; count: number; next: Int32Array; gains: Float64Array; cached: Uint8Array }
  /** The main engine committed "firm at value"; drop kept cones holding a firm with touched[c] === mark. */
  | { type: 'commit'; firm: number; value: number; touched: Int32Array; mark: number; cached: Uint8Array }
  /** Drops every kept cone (a new help list starts). */
  | { type: 'forget' }
  /** The firms candidates[rows[k]] would newly break if stopped, for k taken from `next` until `rows.length` (answered with `broken`). */
  | { type: 'broken'; candidates: Int32Array; rows: Int32Array; next: Int32Array };

/** Messages from a worker: `done` counts items finished since the previous message. */
export type WorkerMessage =
  | { type: 'progress'; done: number }
  | { type: 'done'; done: number; compiled: boolean }
  | { type: 'broken'; k: number; firms: number[] };

/** Options of `criticalityParallel`. */
export interface ParallelCriticalityOptions extends CriticalityOptions {
  /** Worker threads. Default 2. Ignored with `pool`. */
  workers?: number;
  /** Called as each worker finishes, with whether its engine ran the compiled cone kernel (diagnostics, tests). */
  onWorkerDone?: (compiled: boolean) => void;
  /** Running workers to use (built over `opts.engine`, which must then be given) instead of starting some. */
  pool?: ImpactPool;
}

/** Options of `helpPriorityParallel`. */
export interface ParallelPriorityOptions extends PriorityOptions {
  /** Worker threads. Default 2. Ignored with `pool`. */
  workers?: number;
  /** Running workers to use (built over `opts.engine`, which must then be given) instead of starting some. */
  pool?: ImpactPool;
}

function sharedInt32(values: ArrayLike<number>): Int32Array {
  const out = new Int32Array(new SharedArrayBuffer(Math.max(1, values.length) * 4));
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return out.subarray(0, values.length);
}

/**
 * Worker threads, each with an impact engine over the network and the baseline of one main
 * engine (in place in dynamic mode), kept for several questions: the CLI's criticality and help
 * list use the same workers. One request at a time. Static workers, and dynamic ones without an
 * arena, build their own baseline from the network's capacities: the main engine must not have
 * committed anything before the pool starts.
 */
export class ImpactPool {
  readonly engine: ImpactEngine;
  readonly size: number;
  private readonly workers: Worker[] = [];
  private pending: {
    remaining: number;
    resolve: () => void;
    reject: (err: Error) => void;
    onDone: (done: number) => void;
    onWorkerDone?: (compiled: boolean) => void;
    onBroken?: (k: number, firms: number[]) => void;
  } | null = null;
  private failure: Error | null = null;
  private closing = false;

  /** Starts `workers` threads (default 2) over `engine`'s network, options and baseline. */
  constructor(engine: ImpactEngine, workers = 2) {
    this.engine = engine;
    this.size = Math.max(1, Math.floor(workers));
    const net = engine.net;
    const shared = shareNetwork(net);
    const setup: PoolSetup = {
      net: { ...shared, ids: null, items: null },
      options: { mode: engine.mode, horizon: engine.horizon, theta: engine.theta },
      baseline: engine.sharedBaseline(),
      // The single-threaded list's budget of kept cone firms, shared among the workers.
      coneBudget: Math.floor(CONE_BUDGET / this.size),
    };
    for (let w = 0; w < this.size; w++) {
      const worker = startWorker(siblingModule(import.meta.url, 'worker'), setup);
      this.workers.push(worker);
      worker.on('message', (msg: WorkerMessage) => {
        const p = this.pending;
        if (p === null) return;
        if (msg.type === 'broken') {
          p.onBroken?.(msg.k, msg.firms);
          return;
        }
        if (msg.done > 0) p.onDone(msg.done);
        if (msg.type === 'done') {
          p.onWorkerDone?.(msg.compiled);
          if (--p.remaining === 0) {
            this.pending = null;
            p.resolve();
          }
        }
      });
      const fail = (err: unknown): void => this.fail(err instanceof Error ? err : new Error(String(err)));
      worker.on('error', fail);
      worker.on('messageerror', fail);
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`chain worker exited with code ${code}`));
      });
    }
  }

  private fail(err: Error): void {
    if (this.failure !== null) return;
    this.failure = err;
    const p = this.pending;
    this.pending = null;
    p?.reject(err);
  }

  /** Sends `req` to every worker; resolves when all answered `done`. */
  private request(
    req: PoolRequest,
    onDone: (done: number) => void = () => {},
    onWorkerDone?: (compiled: boolean) => void,
    onBroken?: (k: number, firms: number[]) => void,
  ): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.pending !== null) return Promise.reject(new Error('ImpactPool: one request at a time'));
    if (this.closing) return Promise.reject(new Error('ImpactPool is closed'));
    return new Promise<void>((resolve, reject) => {
      this.pending = { remaining: this.workers.length, resolve, reject, onDone, onWorkerDone, onBroken };
      for (const w of this.workers) w.postMessage(req);
    });
  }

  /** Losses of every candidate (shutting it down for the whole horizon), in candidate order. */
  async criticalityLosses(candidates: ArrayLike<number>, onProgress?: (done: number, total: number) => void, onWorkerDone?: (compiled: boolean) => void): Promise<Float64Array> {
    const total = candidates.length;
    const losses = new Float64Array(new SharedArrayBuffer(Math.max(1, total) * 8)).subarray(0, total);
    let done = 0;
    await this.request(
      { type: 'criticality', candidates: sharedInt32(candidates), losses, next: new Int32Array(new SharedArrayBuffer(4)) },
      (d) => {
        done += d;
        onProgress?.(done, total);
      },
      onWorkerDone,
    );
    return losses;
  }

  /**
   * `criticalityRows` with the top rows' "which firms break" runs on the workers (the largest
   * cones of the ranking: the main thread's engine then never holds them): the same rows.
   */
  async criticalityRows(candidates: ArrayLike<number>, losses: Float64Array, top: number): Promise<CriticalityEntry[]> {
    const net = this.engine.net;
    const ranked = rankTop(net, candidates, losses, top);
    const broken: number[][] = ranked.map(() => []);
    if (ranked.length > 0) {
      await this.request(
        { type: 'broken', candidates: sharedInt32(candidates), rows: sharedInt32(ranked), next: new Int32Array(new SharedArrayBuffer(4)) },
        undefined,
        undefined,
        (k, firms) => {
          // Workers order by index (their copy has no ids): sort as this network's lists are sorted.
          broken[k] = firms.sort((x, y) => compareFirmIds(net, x, y));
        },
      );
    }
    return ranked.map((p, k) => ({ firm: candidates[p], loss: losses[p], broken: broken[k] }));
  }

  /**
   * The greedy help list of `helpPriority` over the candidates, committed into the main engine,
   * with each step's gains evaluated on the workers: the same steps, bit for bit.
   */
  async helpPriority(candidates: ArrayLike<number>, steps: number, onProgress?: (done: number, total: number) => void): Promise<PriorityStep[]> {
    const engine = this.engine;
    const net = engine.net;
    const total = candidates.length;
    const cand = sharedInt32(candidates);
    const work = new Int32Array(new SharedArrayBuffer(Math.max(1, total) * 4));
    const gains = new Float64Array(new SharedArrayBuffer(Math.max(1, total) * 8));
    const cached = new Uint8Array(new SharedArrayBuffer(Math.max(1, total)));
    const next = new Int32Array(new SharedArrayBuffer(4));
    const reuse = engine.mode === 'dynamic';
    const touched = new Int32Array(new SharedArrayBuffer(reuse ? net.n * 4 : 4));
    const applied = new Uint8Array(net.n);
    const out: PriorityStep[] = [];
    await this.request({ type: 'forget' });
    for (let step = 0; step < steps; step++) {
      let count = 0;
      for (let i = 0; i < total; i++) {
        if (cached[i] === 1 || helpSkips(engine, applied, cand[i])) continue;
        work[count++] = i;
      }
      if (count > 0) {
        Atomics.store(next, 0, 0);
        await this.request({ type: 'gains', candidates: cand, work, count, next, gains, cached });
      }
      const { best, bestGain } = bestHelp(engine, applied, cand, (i) => gains[i]);
      if (best < 0) break;
      engine.commit(best, 1, true);
      const restored = [...engine.lastRestored];
      applied[best] = 1;
      const mark = step + 1;
      if (reuse) markCommitted(engine, touched, mark);
      await this.request({ type: 'commit', firm: best, value: 1, touched, mark, cached });
      out.push({ firm: best, gain: bestGain, cumulativeY: engine.baselineTotal, restored });
      onProgress?.(step + 1, steps);
    }
    await this.request({ type: 'forget' });
    return out;
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * `criticality` with the candidate runs spread over worker threads; progress reports candidates
 * finished so far. Rejects (and stops the other workers) if any worker fails.
 */
export async function criticalityParallel(net: Network, opts: ParallelCriticalityOptions = {}): Promise<CriticalityEntry[]> {
  const candidates = opts.candidates ?? allFirms(net);
  const total = candidates.length;
  if (total === 0) return [];
  const options: ImpactOptions = { mode: opts.mode, horizon: opts.horizon, theta: opts.theta };
  if (opts.pool !== undefined && opts.engine !== opts.pool.engine) throw new Error('criticalityParallel: a pool needs the engine it was built over');
  const engine = opts.engine ?? new ImpactEngine(net, options);
  const pool = opts.pool ?? new ImpactPool(engine, Math.min(opts.workers ?? 2, total));
  try {
    const losses = await pool.criticalityLosses(candidates, opts.onProgress, opts.onWorkerDone);
    return await pool.criticalityRows(candidates, losses, opts.top ?? 50);
  } finally {
    if (opts.pool === undefined) await pool.close();
  }
}

/**
 * `helpPriority` with each step's candidate gains spread over worker threads; the same list,
 * committed into `opts.engine` when given. Progress reports steps. Rejects if any worker fails.
 */
export async function helpPriorityParallel(net: Network, opts: ParallelPriorityOptions = {}): Promise<PriorityStep[]> {
  const candidates = opts.candidates ?? allFirms(net);
  if (opts.pool !== undefined && opts.engine !== opts.pool.engine) throw new Error('helpPriorityParallel: a pool needs the engine it was built over');
  const engine = opts.engine ?? new ImpactEngine(net, { mode: opts.mode, horizon: opts.horizon, theta: opts.theta });
  const pool = opts.pool ?? new ImpactPool(engine, Math.max(1, Math.min(opts.workers ?? 2, candidates.length)));
  try {
    return await pool.helpPriority(candidates, opts.steps ?? 20, opts.onProgress);
  } finally {
    if (opts.pool === undefined) await pool.close();
  }
}
