/**
 * Criticality across worker threads.
 *
 * Criticality of thousands of candidates on a large map is embarrassingly parallel: each
 * candidate is an independent "what if j stopped" run over the same baseline. The network
 * already lives in shared memory (its arena, see `./arena.ts`; other maps are copied once into
 * SharedArrayBuffers) and every worker reads that memory; workers
 * pull candidate positions from a shared atomic counter and write losses into a shared array.
 * The main thread then ranks the losses and re-runs only the top rows to list the firms they
 * break (the same two passes as the single-threaded `criticality`, so results are identical).
 * In dynamic mode the main thread's engine (`opts.engine`, or one built here) holds the baseline
 * in the arena and the workers read it in place, each with only its own cone rows and counters.
 *
 * Workers start through `core/workers.ts`, which loads the TypeScript entry under tsx (and a
 * compiled `.js` entry directly).
 */
import type { Worker } from 'node:worker_threads';
import { siblingModule, startWorker } from '../../../core/workers';
import { shareNetwork, type Network } from './network';
import { allFirms, criticalityRows, ImpactEngine, type ArenaBaseline, type CriticalityEntry, type CriticalityOptions, type ImpactOptions } from './impact';

/** What each worker receives (all typed arrays are SharedArrayBuffer-backed). */
export interface CriticalityJob {
  net: Network;
  options: ImpactOptions;
  candidates: Int32Array;
  losses: Float64Array;
  next: Int32Array;
  /**
   * The main thread's baseline in the network's arena: workers evaluate against it in place
   * instead of each running and holding the baseline again. Null when the engine runs in
   * JavaScript (no arena): each worker then runs its own.
   */
  baseline: ArenaBaseline | null;
}

/** Messages from a worker: `done` counts candidates finished since the previous message. */
export type WorkerMessage = { type: 'progress'; done: number } | { type: 'done'; done: number; compiled: boolean };

/** Options of `criticalityParallel`. */
export interface ParallelCriticalityOptions extends CriticalityOptions {
  /** Worker threads. Default 2. */
  workers?: number;
  /** Called as each worker finishes, with whether its engine ran the compiled cone kernel (diagnostics, tests). */
  onWorkerDone?: (compiled: boolean) => void;
}

function sharedInt32(values: ArrayLike<number>): Int32Array {
  const out = new Int32Array(new SharedArrayBuffer(values.length * 4));
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return out;
}

function startCriticalityWorker(job: CriticalityJob): Worker {
  return startWorker(siblingModule(import.meta.url, 'worker'), job);
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
  const engine = opts.engine ?? new ImpactEngine(net, options);
  const shared = shareNetwork(net);
  const job: CriticalityJob = {
    net: { ...shared, ids: null, items: null },
    options,
    candidates: sharedInt32(candidates),
    losses: new Float64Array(new SharedArrayBuffer(total * 8)),
    next: new Int32Array(new SharedArrayBuffer(4)),
    baseline: engine.sharedBaseline(),
  };
  const count = Math.max(1, Math.min(opts.workers ?? 2, total));
  const workers: Worker[] = [];
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let finished = 0;
      let failed = false;
      const fail = (err: unknown): void => {
        if (failed) return;
        failed = true;
        reject(err instanceof Error ? err : new Error(String(err)));
      };
      for (let w = 0; w < count; w++) {
        const worker = startCriticalityWorker(job);
        workers.push(worker);
        let ended = false;
        worker.on('message', (msg: WorkerMessage) => {
          done += msg.done;
          if (msg.done > 0) opts.onProgress?.(done, total);
          if (msg.type === 'done') {
            ended = true;
            opts.onWorkerDone?.(msg.compiled);
            if (++finished === count && !failed) resolve();
          }
        });
        worker.on('error', fail);
        worker.on('messageerror', fail);
        worker.on('exit', (code) => {
          if (!ended) fail(new Error(`chain worker exited with code ${code} before finishing`));
        });
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return criticalityRows(engine, candidates, job.losses.subarray(0, total), opts.top ?? 50);
}
