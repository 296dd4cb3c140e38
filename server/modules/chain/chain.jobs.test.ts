/**
 * Analysis jobs in the database: two app instances over one database (two server processes
 * behind a load balancer) — a poll served by the instance that did not start the job sees its
 * progress and result; identical requests share a job; a job whose process died is failed by
 * housekeeping (or by the next poll); finished jobs are pruned; other users and tenants get 404.
 * A stand-in worker (chain.jobs.fixture-worker.ts) holds a job at "running" until the test
 * lets it go.
 */
import { BroadcastChannel } from 'node:worker_threads';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import type { Actor } from '../../core/auth/policy';
import type { Ctx, Deps } from '../../core/context';
import { openDatabase, type DatabaseHandle } from '../../core/db/database';
import { pruneExpired } from '../../core/maintenance';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, json } from '../../test/helpers';
import { prepareAnalysis } from './chain.analysis';
import { AnalysisJobs, PROGRESS_WRITE_MS } from './chain.jobs';
import { AnalysisBody, type AnalysisJob } from './chain.schema';

const GATE = 'fugong-chain-jobs-test-gate';
const FIXTURE = new URL('./chain.jobs.fixture-worker.ts', import.meta.url);

/** Lets every held stand-in worker finish (`go`; `burst`: after 100 progress reports) or fail (`fail`). */
function release(what: 'go' | 'fail' | 'burst') {
  const ch = new BroadcastChannel(GATE);
  ch.postMessage(what);
  ch.close();
}

async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(DIALECTS)('analysis jobs across two app instances (%s)', (dialect) => {
  let t: TestApp;
  let handleB: DatabaseHandle;
  let depsB: Deps;
  let appB: FastifyInstance;
  let sec: string;
  let ctx: Ctx;
  const runners: AnalysisJobs[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    handleB = openDatabase(t.config.databaseUrl);
    depsB = { db: handleB.db, dialect: handleB.dialect, config: t.config, clock: t.clock };
    appB = await buildApp(depsB);
    await appB.ready();
    sec = await t.login('secretary');
    const me = json(await t.call('GET', '/api/session', { cookie: sec }));
    ctx = { actor: { userId: me.user.id, allianceId: 1 } as Actor, requestId: 'jobs-test', locale: 'zh-CN' };
  });
  afterAll(async () => {
    for (const r of runners) await r.close();
    await appB?.close();
    await handleB?.destroy();
    await t?.close();
  });

  /** An instance of the runner with the stand-in worker, on A's or B's database handle. */
  const heldRunner = (deps: Deps = t.deps) => {
    const r = new AnalysisJobs(deps, { workerEntry: FIXTURE });
    runners.push(r);
    return r;
  };
  const onB = (method: 'GET' | 'POST', url: string, cookie: string, body?: unknown) =>
    appB.inject({ method, url, headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
  const pollB = async (id: string, cookie = sec) => {
    const res = await onB('GET', `/api/chain/analyses/${id}`, cookie);
    expect(res.statusCode, res.body).toBe(200);
    return json<AnalysisJob>(res);
  };
  /**
   * The job once it has finished: the POST answers within its short wait on a quiet machine, but
   * under load it may hand back the running job, which is then polled (the answer is the same).
   */
  const finished = (j: AnalysisJob) => (j.status === 'queued' || j.status === 'running' ? until(`job ${j.id} to finish`, () => pollB(j.id), (x) => x.status !== 'queued' && x.status !== 'running') : Promise.resolve(j));
  /** Waits until the stand-in worker of `id` holds (it listens for the gate from then on). */
  const held = (id: string) => until(`job ${id} to be held`, () => pollB(id), (j) => j.status === 'running' && j.progress.phase === 'criticality');
  const row = (id: string) => t.handle.db.selectFrom('chain_analysis_jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const insertRow = async (over: Record<string, unknown>) => {
    const at = t.clock.now().toISOString();
    const id = crypto.randomUUID();
    await t.handle.db
      .insertInto('chain_analysis_jobs')
      .values({
        id, alliance_id: 1, requested_by: ctx.actor.userId, kind: 'analysis', params_json: '{}', request_key: `k-${id}`, status: 'running', phase: 'forecast',
        process_id: 'gone-host:4242:deadbeef', created_at: at, started_at: at, heartbeat_at: at, ...over,
      })
      .execute();
    return id;
  };
  const minutesAgo = (m: number) => new Date(t.clock.now().getTime() - m * 60_000).toISOString();

  it('a poll served by the other instance sees the progress, then the result', async () => {
    const runner = heldRunner();
    const body = AnalysisBody.parse({ horizon: 5 });
    const started = await runner.start(ctx, body, 0);
    expect(started).toMatchObject({ status: 'queued', result: null, error: null });

    const running = await held(started.id);
    expect(running).toEqual({ id: started.id, status: 'running', progress: { phase: 'criticality', done: 1, total: 4 }, result: null, error: null, errorDetail: null });
    const r = await row(started.id);
    expect(r).toMatchObject({ status: 'running', process_id: runner.processId, alliance_id: 1, requested_by: ctx.actor.userId, kind: 'analysis', result_gzip: null, finished_at: null });
    expect(JSON.parse(r.params_json)).toEqual(body);
    expect(r.started_at).not.toBeNull();

    release('go');
    const done = await until('the result on B', () => pollB(started.id), (j) => j.status === 'done');
    expect(done.error).toBeNull();
    // The same analysis run through A's API (a new job now the first has finished) agrees.
    const direct = await finished(json<AnalysisJob>(await t.call('POST', '/api/chain/analyses', { cookie: sec, body: { horizon: 5 } })));
    expect(direct.status).toBe('done');
    expect(direct.id).not.toBe(started.id);
    expect(done.result).toEqual(direct.result);
    expect(done.result!.firms.length).toBeGreaterThan(0);
    // And A answers a poll of it from the row, like B.
    expect(json(await t.call('GET', `/api/chain/analyses/${started.id}`, { cookie: sec }))).toEqual(done);
    // Stored compressed, with the size of the JSON the API returns.
    const stored = await row(started.id);
    expect(stored.result_bytes).toBe(Buffer.byteLength(JSON.stringify(done.result)));
    expect(stored.result_gzip!.length).toBeLessThan(stored.result_bytes! / 2);
    expect(stored.finished_at).not.toBeNull();
  });

  it('an identical request while a job runs gets that job, on either instance; other parameters or users get their own', async () => {
    const runnerA = heldRunner();
    const runnerB = heldRunner(depsB);
    const body = AnalysisBody.parse({ horizon: 4, theta: 0.6 });
    // Two processes take the same request at the same moment: one job.
    const [a, b] = await Promise.all([runnerA.start(ctx, body, 0), runnerB.start(ctx, body, 0)]);
    expect(b.id).toBe(a.id);
    await held(a.id);
    expect(runnerA.runningIds().length + runnerB.runningIds().length).toBe(1);
    // Through the API of both instances (the routes' own runners), the same job comes back.
    for (const res of [await t.call('POST', '/api/chain/analyses', { cookie: sec, body: { horizon: 4, theta: 0.6 } }), await onB('POST', '/api/chain/analyses', sec, { theta: 0.6, horizon: 4 })]) {
      expect(res.statusCode, res.body).toBe(200);
      expect(json<AnalysisJob>(res)).toMatchObject({ id: a.id, result: null });
      expect(['queued', 'running']).toContain(json<AnalysisJob>(res).status);
    }
    const key = (await prepareAnalysis(t.deps, ctx, body)).key;
    expect(await t.handle.db.selectFrom('chain_analysis_jobs').select('id').where('request_key', '=', key).execute()).toEqual([{ id: a.id }]);

    // Other parameters: another job (answered at once).
    const other = await finished(json<AnalysisJob>(await t.call('POST', '/api/chain/analyses', { cookie: sec, body: { horizon: 4, theta: 0.7 } })));
    expect(other.id).not.toBe(a.id);
    expect(other.status).toBe('done');
    // Another user of the alliance asking the same: their own job; they may not poll the secretary's.
    const tech = await t.login('tech');
    const theirs = json<AnalysisJob>(await onB('POST', '/api/chain/analyses', tech, { horizon: 4, theta: 0.6 }));
    expect(theirs.id).not.toBe(a.id);
    expectProblem(await onB('GET', `/api/chain/analyses/${a.id}`, tech), 404, 'not_found');

    release('go');
    await until('the shared job to finish', () => pollB(a.id), (j) => j.status === 'done');
    // Finished: the same request starts afresh.
    const again = await finished(json<AnalysisJob>(await onB('POST', '/api/chain/analyses', sec, { horizon: 4, theta: 0.6 })));
    expect(again.id).not.toBe(a.id);
    expect(again.status).toBe('done');
  });

  it('another alliance, or no such job, answers 404 on either instance', async () => {
    const runner = heldRunner();
    const job = await runner.start(ctx, AnalysisBody.parse({ horizon: 3 }), 0);
    await held(job.id);
    const fishery = await t.login('secretary-fishery');
    expectProblem(await onB('GET', `/api/chain/analyses/${job.id}`, fishery), 404, 'not_found');
    expectProblem(await t.call('GET', `/api/chain/analyses/${job.id}`, { cookie: fishery }), 404, 'not_found');
    expectProblem(await onB('GET', `/api/chain/analyses/${crypto.randomUUID()}`, sec), 404, 'not_found');
    // The fishery secretary's identical request is theirs, over their own map.
    const theirs = json<AnalysisJob>(await onB('POST', '/api/chain/analyses', fishery, { horizon: 3 }));
    expect(theirs.id).not.toBe(job.id);
    release('go');
    await until('the job to finish', () => pollB(job.id), (j) => j.status === 'done');
  });

  it('a failure in the worker fails the job with analysis_failed and the detail', async () => {
    const runner = heldRunner(depsB);
    const job = await runner.start(ctx, AnalysisBody.parse({ horizon: 2 }), 0);
    await held(job.id);
    release('fail');
    const failed = await until('failed', () => pollB(job.id), (j) => j.status === 'failed');
    expect(failed).toMatchObject({ status: 'failed', result: null, error: 'analysis_failed', errorDetail: 'engine refused the map' });
  });

  it('a job whose process died is failed by housekeeping, or by the next poll; live ones are left alone', async () => {
    const stale = await insertRow({ heartbeat_at: minutesAgo(10) });
    const staleToo = await insertRow({ heartbeat_at: minutesAgo(10) });
    const fresh = await insertRow({ heartbeat_at: minutesAgo(1) }); // within FUGONG_ANALYSIS_STALE_SECONDS (120)
    // A live job whose beats the test controls (none on its own).
    const runner = new AnalysisJobs(t.deps, { workerEntry: FIXTURE, heartbeatMs: 3_600_000 });
    runners.push(runner);
    const live = await runner.start(ctx, AnalysisBody.parse({ horizon: 6 }), 0);

    // A poll does not wait for housekeeping.
    expect(await pollB(staleToo)).toMatchObject({ status: 'failed', error: 'analysis_interrupted', result: null });
    const swept = await pruneExpired(t.deps);
    expect(swept.analysisJobsInterrupted).toBe(1);
    expect(await row(stale)).toMatchObject({ status: 'failed', error_code: 'analysis_interrupted', finished_at: t.clock.now().toISOString(), error_detail: `no heartbeat from gone-host:4242:deadbeef since ${minutesAgo(10)}` });
    expect(await pollB(stale)).toMatchObject({ status: 'failed', error: 'analysis_interrupted', result: null });
    expect((await row(fresh)).status).toBe('running');
    expect(['queued', 'running']).toContain((await row(live.id)).status);

    // A dead process's job does not capture an identical new request.
    const body = AnalysisBody.parse({ horizon: 7 });
    const key = (await prepareAnalysis(t.deps, ctx, body)).key;
    const dead = await insertRow({ request_key: key, params_json: JSON.stringify(body), heartbeat_at: minutesAgo(5) });
    const anew = await finished(json<AnalysisJob>(await onB('POST', '/api/chain/analyses', sec, { horizon: 7 })));
    expect(anew.id).not.toBe(dead);
    expect(anew.status).toBe('done');
    expect((await row(dead)).status).toBe('failed');

    // Three minutes without a beat from anyone: `fresh` and the live job count as dead too.
    await held(live.id);
    t.clock.advance(3 * 60_000);
    expect((await pruneExpired(t.deps)).analysisJobsInterrupted).toBe(2);
    expect(await pollB(live.id)).toMatchObject({ status: 'failed', error: 'analysis_interrupted' });
    expect((await row(fresh)).status).toBe('failed');
    // Its process learns nothing of it and finishes later: the failure stands.
    release('go');
    await until('the runner to let go', async () => runner.runningIds(), (ids) => ids.length === 0);
    expect(await row(live.id)).toMatchObject({ status: 'failed', error_code: 'analysis_interrupted', result_gzip: null });
  });

  it('closing an instance cancels the jobs it runs (analysis_interrupted)', async () => {
    const runner = heldRunner(depsB);
    const job = await runner.start(ctx, AnalysisBody.parse({ horizon: 8 }), 0);
    await held(job.id);
    await runner.close();
    expect(await pollB(job.id)).toMatchObject({ status: 'cancelled', error: 'analysis_interrupted', result: null });
    await expect(runner.start(ctx, AnalysisBody.parse({ horizon: 8 }), 0)).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('finished jobs are pruned after the retention period; running and recent ones stay', async () => {
    const hours = t.config.analysisJobs.retentionHours;
    const old = await insertRow({ status: 'done', finished_at: minutesAgo(hours * 60 + 1), heartbeat_at: minutesAgo(hours * 60 + 1) });
    const oldFailed = await insertRow({ status: 'failed', error_code: 'analysis_failed', finished_at: minutesAgo(hours * 60 + 30), heartbeat_at: minutesAgo(hours * 60 + 30) });
    const recent = await insertRow({ status: 'done', finished_at: minutesAgo(hours * 60 - 1), heartbeat_at: minutesAgo(hours * 60 - 1) });
    const longRunning = await insertRow({ created_at: minutesAgo(hours * 60 * 2), started_at: minutesAgo(hours * 60 * 2), heartbeat_at: t.clock.now().toISOString() });
    const swept = await pruneExpired(t.deps);
    expect(swept.analysisJobsPruned).toBe(2);
    const left = new Set((await t.handle.db.selectFrom('chain_analysis_jobs').select('id').execute()).map((r) => r.id));
    expect([old, oldFailed, recent, longRunning].map((id) => left.has(id))).toEqual([false, false, true, true]);
    expectProblem(await onB('GET', `/api/chain/analyses/${old}`, sec), 404, 'not_found');
  });

  it('writes progress to the row at most every PROGRESS_WRITE_MS, and the last state at the end', async () => {
    // Count the updates the runner sends (both dialects).
    let updates = 0;
    const counting = t.deps.db.withPlugin({
      transformQuery: ({ node }) => {
        if (node.kind === 'UpdateQueryNode') updates += 1;
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    const runner = new AnalysisJobs({ ...t.deps, db: counting }, { workerEntry: FIXTURE, heartbeatMs: 3_600_000 });
    runners.push(runner);
    const job = await runner.start(ctx, AnalysisBody.parse({ horizon: 9 }), 0);
    await held(job.id);
    const before = updates;
    const t0 = Date.now();
    release('burst'); // 100 progress reports 10 ms apart, then the result
    const done = await until('done', () => pollB(job.id), (j) => j.status === 'done');
    const elapsed = Date.now() - t0;
    expect(done.progress).toEqual({ phase: 'priority', done: 100, total: 100 });
    const written = updates - before;
    expect(written).toBeGreaterThanOrEqual(2); // progress on the way, and the end
    expect(written).toBeLessThanOrEqual(Math.ceil(elapsed / PROGRESS_WRITE_MS) + 2);
  });
});
