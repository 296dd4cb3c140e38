/**
 * Chain analysis jobs, kept in the `chain_analysis_jobs` table so that a poll reaching any
 * server process behind the load balancer is answered, and a result outlives its process.
 *
 * The process that accepts POST /chain/analyses runs the job in a worker thread (the API stays
 * responsive however large the map), writes its progress to the row at most every
 * {@link PROGRESS_WRITE_MS}, a heartbeat while it runs, and the result (gzip-compressed JSON)
 * at the end. Any process answers GET /chain/analyses/:id from the row. A job whose heartbeat
 * is older than `config.analysisJobs.staleSeconds` belonged to a process that died: a poll,
 * an identical new request or housekeeping ({@link sweepAnalysisJobs}) marks it failed with
 * `analysis_interrupted`. A server shutting down cancels its jobs with the same code.
 *
 * A job is its requester's: another user, or another alliance, gets 404. An identical request
 * (same alliance, requester, parameters and map data) while a job is queued or running gets
 * that job instead of a second worker.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { promisify } from 'node:util';
import type { Worker } from 'node:worker_threads';
import { gunzip, gzip } from 'node:zlib';
import type { Ctx, Deps } from '../../core/context';
import { AppError, notFound } from '../../core/errors';
import { tenantOf } from '../../core/tenant';
import { siblingModule, startWorker } from '../../core/workers';
import { prepareAnalysis, type PreparedAnalysis } from './chain.analysis';
import * as repo from './chain.repository';
import type { AnalysisBody, AnalysisJob, AnalysisResult } from './chain.schema';
import type { AnalysisMessage } from './chain.worker';

/** Progress reaches the database at most this often per job (the last state always does). */
export const PROGRESS_WRITE_MS = 500;
/** How long POST waits for the answer before returning a job to poll. */
export const DEFAULT_WAIT_MS = 3000;
export const JOB_KIND = 'analysis';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

type JobStatus = AnalysisJob['status'];
type Progress = AnalysisJob['progress'];
type Outcome =
  | { status: 'done'; result: AnalysisResult }
  | { status: 'failed' | 'cancelled'; code: 'analysis_failed' | 'analysis_interrupted'; detail: string };

interface LocalJob {
  id: string;
  status: JobStatus;
  progress: Progress;
  result: AnalysisResult | null;
  error: string | null;
  errorDetail: string | null;
  worker: Worker | null;
  /** Writes to the job's row, one after the other. */
  writes: Promise<void>;
  lastProgressWrite: number;
  progressTimer: NodeJS.Timeout | null;
  end: (o: Outcome) => Promise<void>;
  /** Resolves with the final state once it is in the database. */
  finished: Promise<AnalysisJob>;
}

const isActive = (s: string) => (repo.ACTIVE_JOB_STATUSES as readonly string[]).includes(s);
const staleCutoff = (deps: Deps, now: Date) => new Date(now.getTime() - deps.config.analysisJobs.staleSeconds * 1000).toISOString();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

function localView(j: LocalJob): AnalysisJob {
  return { id: j.id, status: j.status, progress: { ...j.progress }, result: j.result, error: j.error, errorDetail: j.errorDetail };
}

function rowView(row: repo.JobRow, result: AnalysisResult | null): AnalysisJob {
  return {
    id: row.id,
    status: row.status as JobStatus,
    progress: { phase: row.phase, done: row.progress_done, total: row.progress_total },
    result,
    error: row.error_code,
    errorDetail: row.error_detail,
  };
}

/** The jobs of one server process (one per app): starts them, runs them, answers polls. */
export class AnalysisJobs {
  /** Written to the rows this instance runs: host, pid and an instance id. */
  readonly processId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly local = new Map<string, LocalJob>();
  private heartbeat: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly deps: Deps,
    /** Tests run a stand-in worker, and may space heartbeats out. */
    private readonly opts: { workerEntry?: URL; heartbeatMs?: number } = {},
  ) {}

  /**
   * Starts an analysis — or joins the identical one already queued or running — and waits up to
   * `waitMs` for it: alliance-size maps answer at once, large maps return a job to poll.
   */
  async start(ctx: Ctx, body: AnalysisBody, waitMs = DEFAULT_WAIT_MS): Promise<AnalysisJob> {
    if (this.closed) throw new AppError('unavailable');
    const prepared = await prepareAnalysis(this.deps, ctx, body);
    const { db } = this.deps;
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = this.deps.clock.now();
      const id = randomUUID();
      const inserted = await repo.insertJob(db, {
        id, alliance_id: prepared.allianceId, requested_by: prepared.userId, kind: JOB_KIND, params_json: JSON.stringify(body), request_key: prepared.key,
        phase: 'forecast', process_id: this.processId, created_at: now.toISOString(),
      });
      if (inserted) return this.wait(this.run(id, prepared), waitMs);
      const existing = await repo.findActiveJob(db, prepared.allianceId, prepared.userId, prepared.key);
      if (!existing) continue; // it finished in between: start anew
      const cutoff = staleCutoff(this.deps, now);
      if (existing.heartbeat_at < cutoff) {
        // The identical job belongs to a process that died: fail it and start anew.
        await repo.failStaleJobs(db, cutoff, now.toISOString(), 'analysis_interrupted', existing.id);
        continue;
      }
      const mine = this.local.get(existing.id);
      return mine ? this.wait(mine, waitMs) : rowView(existing, null);
    }
    throw new AppError('unavailable');
  }

  /** The job as its row says, for its requester in their alliance (anyone else: 404). */
  async get(ctx: Ctx, id: string): Promise<AnalysisJob> {
    const allianceId = tenantOf(ctx);
    const { db } = this.deps;
    let row = await repo.findJob(db, id);
    if (!row || row.alliance_id !== allianceId || row.requested_by !== ctx.actor.userId) throw notFound();
    const now = this.deps.clock.now();
    const cutoff = staleCutoff(this.deps, now);
    if (isActive(row.status) && row.heartbeat_at < cutoff) {
      await repo.failStaleJobs(db, cutoff, now.toISOString(), 'analysis_interrupted', id);
      row = (await repo.findJob(db, id)) ?? row;
    }
    if (row.status !== 'done') return rowView(row, null);
    const gz = await repo.jobResult(db, id);
    return rowView(row, gz ? (JSON.parse((await gunzipAsync(gz)).toString('utf8')) as AnalysisResult) : null);
  }

  /** Cancels this process's jobs (code analysis_interrupted) and stops; for the app's shutdown. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.local.values()].map((j) => j.end({ status: 'cancelled', code: 'analysis_interrupted', detail: 'the server process shut down' })));
    this.stopHeartbeat();
  }

  /** Ids of the jobs running in this instance. */
  runningIds(): string[] {
    return [...this.local.keys()];
  }

  private async wait(job: LocalJob, waitMs: number): Promise<AnalysisJob> {
    if (waitMs <= 0) return localView(job);
    return Promise.race([job.finished, sleep(waitMs).then(() => localView(job))]);
  }

  private run(id: string, prepared: PreparedAnalysis): LocalJob {
    const { db } = this.deps;
    const at = () => this.deps.clock.now().toISOString();
    let resolveFinished: (v: AnalysisJob) => void = () => {};
    const job: LocalJob = {
      id, status: 'queued', progress: { phase: 'forecast', done: 0, total: 1 }, result: null, error: null, errorDetail: null, worker: null,
      writes: Promise.resolve(), lastProgressWrite: 0, progressTimer: null,
      end: async () => {},
      finished: new Promise<AnalysisJob>((r) => (resolveFinished = r)),
    };
    const write = (fn: () => Promise<unknown>) => {
      // A failed progress write is not fatal: the next one, or the final one, carries the state.
      job.writes = job.writes.then(fn).then(() => undefined, () => undefined);
      return job.writes;
    };
    const flushProgress = () => {
      if (job.progressTimer) clearTimeout(job.progressTimer);
      job.progressTimer = null;
      if (!isActive(job.status)) return;
      job.lastProgressWrite = Date.now();
      const p = { ...job.progress };
      void write(() => repo.writeJobProgress(db, id, p, at()));
    };
    let ended = false;
    job.end = async (o: Outcome) => {
      if (ended) return job.finished.then(() => undefined);
      ended = true;
      if (job.progressTimer) clearTimeout(job.progressTimer);
      job.progressTimer = null;
      const worker = job.worker;
      job.worker = null;
      if (worker) void worker.terminate();
      let resultGzip: Buffer | null = null;
      let resultBytes: number | null = null;
      let outcome = o;
      if (outcome.status === 'done') {
        try {
          const text = JSON.stringify(outcome.result);
          resultBytes = Buffer.byteLength(text);
          resultGzip = await gzipAsync(text);
        } catch (err) {
          // E.g. a result beyond the largest string V8 can build.
          outcome = { status: 'failed', code: 'analysis_failed', detail: `result not stored: ${err instanceof Error ? err.message : String(err)}` };
        }
      }
      job.status = outcome.status;
      if (outcome.status === 'done') job.result = outcome.result;
      else {
        job.error = outcome.code;
        job.errorDetail = outcome.detail;
      }
      const end = {
        status: outcome.status, progress: { ...job.progress }, errorCode: job.error, errorDetail: job.errorDetail, resultGzip, resultBytes, at: at(),
      };
      await write(async () => {
        try {
          await repo.finishJob(db, id, end);
        } catch {
          // One retry; if the database stays away, the heartbeat stops and housekeeping fails the job.
          await sleep(1000);
          await repo.finishJob(db, id, end);
        }
      });
      this.local.delete(id);
      if (!this.local.size) this.stopHeartbeat();
      resolveFinished(localView(job));
    };

    this.local.set(id, job);
    this.startHeartbeat();
    try {
      const worker = startWorker(this.opts.workerEntry ?? siblingModule(import.meta.url, 'chain.worker'), prepared.request);
      job.worker = worker;
      worker.on('online', () => {
        if (job.status !== 'queued') return;
        job.status = 'running';
        void write(() => repo.markJobRunning(db, id, at()));
      });
      worker.on('message', (m: AnalysisMessage) => {
        if (m.type === 'progress') {
          if (job.status === 'queued') job.status = 'running';
          job.progress = { phase: m.phase, done: m.done, total: m.total };
          if (job.progressTimer) return; // a write is due already and will carry this
          const wait = job.lastProgressWrite + PROGRESS_WRITE_MS - Date.now();
          if (wait <= 0) flushProgress();
          else job.progressTimer = setTimeout(flushProgress, wait);
        } else if (m.type === 'result') {
          let result: AnalysisResult;
          try {
            result = prepared.present(m.output);
          } catch (err) {
            void job.end({ status: 'failed', code: 'analysis_failed', detail: err instanceof Error ? err.message : String(err) });
            return;
          }
          void job.end({ status: 'done', result });
        } else {
          const detail = m.issues.length ? `invalid_network: ${m.issues.map((i) => `${i.path} ${i.code}`).join('; ')}` : m.message;
          void job.end({ status: 'failed', code: 'analysis_failed', detail });
        }
      });
      worker.on('error', (err) => void job.end({ status: 'failed', code: 'analysis_failed', detail: err.message }));
      worker.on('exit', (code) => void job.end({ status: 'failed', code: 'analysis_failed', detail: `worker exited with code ${code}` }));
    } catch (err) {
      void job.end({ status: 'failed', code: 'analysis_failed', detail: err instanceof Error ? err.message : String(err) });
    }
    return job;
  }

  private startHeartbeat() {
    if (this.heartbeat) return;
    const everyMs = this.opts.heartbeatMs ?? Math.min(15_000, Math.max(1_000, (this.deps.config.analysisJobs.staleSeconds * 1000) / 4));
    this.heartbeat = setInterval(() => {
      repo.touchJobs(this.deps.db, this.runningIds(), this.deps.clock.now().toISOString()).catch(() => {
        // Missed beats only matter if they add up to the stale threshold.
      });
    }, everyMs);
    this.heartbeat.unref();
  }

  private stopHeartbeat() {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}

/**
 * Fails the jobs of processes that stopped sending heartbeats; returns how many. The server runs
 * it every stale period, so nobody waits on a dead job for long.
 */
export async function failStaleAnalysisJobs(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  return repo.failStaleJobs(deps.db, staleCutoff(deps, now), now.toISOString(), 'analysis_interrupted');
}

/**
 * Housekeeping: fails stale jobs (as `failStaleAnalysisJobs`) and deletes jobs finished longer
 * ago than the retention period.
 */
export async function sweepAnalysisJobs(deps: Deps): Promise<{ interrupted: number; pruned: number }> {
  const interrupted = await failStaleAnalysisJobs(deps);
  const pruned = await repo.pruneJobs(deps.db, new Date(deps.clock.now().getTime() - deps.config.analysisJobs.retentionHours * 3_600_000).toISOString());
  return { interrupted, pruned };
}
