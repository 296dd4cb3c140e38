/**
 * Worker-thread side of `ImpactPool` (criticality and help priority): builds its own impact
 * engine over the shared network (and, in dynamic mode, the main thread's baseline in place)
 * and answers requests. Candidates are taken from a shared counter until none are left, so fast
 * and slow candidates balance across threads without any coordination beyond one atomic add.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ImpactEngine, KeptCones } from './impact';
import type { PoolRequest, PoolSetup, WorkerMessage } from './parallel';

const PROGRESS_EVERY_MS = 50;

function post(msg: WorkerMessage): void {
  if (parentPort === null) throw new Error('chain worker must run in a worker thread');
  parentPort.postMessage(msg);
}

const setup = workerData as PoolSetup;
const engine = new ImpactEngine(setup.net, setup.options, setup.baseline ?? undefined);
const reuse = engine.mode === 'dynamic';
/** Cones of the help gains this worker computed and keeps, by candidate position. */
const kept = new KeptCones(setup.coneBudget);

/** Takes positions [0, total) from the shared counter, running `each`; reports progress. */
function drain(next: Int32Array, total: number, each: (k: number) => void): number {
  let pending = 0;
  let last = Date.now();
  for (;;) {
    const k = Atomics.add(next, 0, 1);
    if (k >= total) break;
    each(k);
    pending++;
    const now = Date.now();
    if (now - last >= PROGRESS_EVERY_MS) {
      post({ type: 'progress', done: pending });
      pending = 0;
      last = now;
    }
  }
  return pending;
}

function handle(req: PoolRequest): void {
  let done = 0;
  switch (req.type) {
    case 'criticality':
      done = drain(req.next, req.candidates.length, (i) => {
        req.losses[i] = -engine.evaluate(req.candidates[i], 0, false);
      });
      break;
    case 'gains':
      done = drain(req.next, req.count, (k) => {
        const i = req.work[k];
        req.gains[i] = engine.evaluate(req.candidates[i], 1, false);
        if (reuse && kept.keep(i, engine)) req.cached[i] = 1;
      });
      break;
    case 'commit':
      engine.followCommit(req.firm, req.value);
      if (reuse) {
        kept.dropTouched(req.touched, req.mark, (i) => {
          req.cached[i] = 0;
        });
      }
      break;
    case 'broken':
      done = drain(req.next, req.rows.length, (k) => {
        engine.evaluate(req.candidates[req.rows[k]], 0, true);
        post({ type: 'broken', k, firms: [...engine.lastBroken] });
      });
      // Rows are not candidates finished: no progress to report.
      done = 0;
      break;
    case 'forget':
      kept.clear();
      break;
  }
  post({ type: 'done', done, compiled: engine.compiled });
}

if (parentPort === null) throw new Error('chain worker must run in a worker thread');
parentPort.on('message', handle);
