/**
 * Worker-thread side of `criticalityParallel`: builds its own impact engine over the shared
 * network and takes candidates from a shared counter until none are left, so fast and slow
 * candidates balance across threads without any coordination beyond one atomic add.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ImpactEngine } from './impact';
import type { CriticalityJob, WorkerMessage } from './parallel';

const PROGRESS_EVERY_MS = 50;

function post(msg: WorkerMessage): void {
  if (parentPort === null) throw new Error('chain worker must run in a worker thread');
  parentPort.postMessage(msg);
}

const job = workerData as CriticalityJob;
const engine = new ImpactEngine(job.net, job.options, job.baseline ?? undefined);
const total = job.candidates.length;
let pending = 0;
let last = Date.now();
for (;;) {
  const i = Atomics.add(job.next, 0, 1);
  if (i >= total) break;
  job.losses[i] = -engine.evaluate(job.candidates[i], 0, false);
  pending++;
  const now = Date.now();
  if (now - last >= PROGRESS_EVERY_MS) {
    post({ type: 'progress', done: pending });
    pending = 0;
    last = now;
  }
}
post({ type: 'done', done: pending, compiled: engine.compiled });
