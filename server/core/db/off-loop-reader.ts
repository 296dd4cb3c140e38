/**
 * A worker thread with a read-only SQLite connection for reads that may take long (see
 * `readOffLoop` in database.ts). One worker: SQLite reads in it run one after another, but
 * the server's event loop keeps answering meanwhile.
 */
import type { Worker } from 'node:worker_threads';
import type { CompiledQuery } from 'kysely';
import { siblingModule, startWorker } from '../workers';

export type ReadRequest = { id: number; sql: string; parameters: readonly unknown[] };
export type ReadReply = { id: number; rows: unknown[] } | { id: number; error: string; code?: string };

export class OffLoopReader {
  #worker: Worker | null = null;
  #next = 1;
  readonly #pending = new Map<number, { resolve(rows: unknown[]): void; reject(err: Error): void }>();

  constructor(private readonly file: string) {}

  all<R>(q: CompiledQuery<R>): Promise<R[]> {
    const worker = this.#start();
    const id = this.#next++;
    return new Promise<R[]>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (rows: unknown[]) => void, reject });
      if (this.#pending.size === 1) worker.ref();
      worker.postMessage({ id, sql: q.sql, parameters: q.parameters } satisfies ReadRequest);
    });
  }

  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = null;
    this.#fail(new Error('database closed'));
    if (w) await w.terminate();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const w = startWorker(siblingModule(import.meta.url, 'off-loop-worker'), { file: this.file });
    // An idle reader must not keep the process alive (CLI commands, tests).
    w.unref();
    w.on('message', (m: ReadReply) => {
      const p = this.#pending.get(m.id);
      if (!p) return;
      this.#pending.delete(m.id);
      if (this.#pending.size === 0) w.unref();
      if ('rows' in m) p.resolve(m.rows);
      else p.reject(Object.assign(new Error(m.error), { code: m.code }));
    });
    const died = (err: Error) => {
      if (this.#worker === w) this.#worker = null;
      this.#fail(err);
    };
    w.on('error', died);
    w.on('exit', (code) => died(new Error(`database reader exited (${code})`)));
    this.#worker = w;
    return w;
  }

  #fail(err: Error): void {
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
  }
}
