/**
 * Test stand-in for chain.worker.ts (chain.jobs.test.ts): reports progress at once, then waits
 * on the BroadcastChannel GATE (the test uses the same name): `go` runs the real analysis and
 * posts its result, `fail` posts an engine error, `burst` posts 100 progress reports 10 ms
 * apart and then the result. So a test can look at a job while it runs.
 */
import { BroadcastChannel, parentPort, workerData } from 'node:worker_threads';
import { analyse, type AnalyseRequest } from './chain.analyse';
import type { AnalysisMessage } from './chain.worker';

const GATE = 'fugong-chain-jobs-test-gate';

const post = (m: AnalysisMessage) => parentPort!.postMessage(m);
// Listening before the first report: a test that saw it may open the gate.
const gate = new BroadcastChannel(GATE);
post({ type: 'progress', phase: 'criticality', done: 1, total: 4 });
gate.onmessage = (event) => {
  gate.close();
  const what = (event as { data: unknown }).data;
  if (what === 'fail') {
    post({ type: 'error', message: 'engine refused the map', issues: [] });
    return;
  }
  const output = analyse(workerData as AnalyseRequest);
  if (what !== 'burst') {
    post({ type: 'result', output });
    return;
  }
  let i = 0;
  const tick = setInterval(() => {
    i += 1;
    post({ type: 'progress', phase: 'priority', done: i, total: 100 });
    if (i === 100) {
      clearInterval(tick);
      post({ type: 'result', output });
    }
  }, 10);
};
