/** Worker-thread entry: runs one `analyse` request and posts progress and the result. */
import { parentPort, workerData } from 'node:worker_threads';
import { NetworkInputError } from './engine/network';
import { analyse, type AnalyseRequest } from './chain.analyse';

export type AnalysisMessage =
  | { type: 'progress'; phase: string; done: number; total: number }
  | { type: 'result'; output: ReturnType<typeof analyse> }
  | { type: 'error'; message: string; issues: { path: string; code: string; message: string }[] };

const post = (m: AnalysisMessage) => parentPort!.postMessage(m);
let last = 0;
try {
  const output = analyse(workerData as AnalyseRequest, (phase, done, total) => {
    const now = Date.now();
    if (done === total || now - last > 100) {
      last = now;
      post({ type: 'progress', phase, done, total });
    }
  });
  post({ type: 'result', output });
} catch (err) {
  post({ type: 'error', message: err instanceof Error ? err.message : String(err), issues: err instanceof NetworkInputError ? [...err.issues] : [] });
}
