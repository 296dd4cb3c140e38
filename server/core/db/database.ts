/**
 * Opens the database named by the configuration: SQLite through better-sqlite3 (WAL) by
 * default, PostgreSQL when the URL says `postgres://`. Everything above this file sees only
 * `Kysely<Database>` and, where SQL must differ, the `dialect` tag.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Compilable, type SqliteDatabase, type Transaction } from 'kysely';
import pg from 'pg';
import type { Dialect } from './column-types';
import { OffLoopReader } from './off-loop-reader';
import type { Database } from './schema';
import { WriteWatch } from './write-watch';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** A query executor: the database itself or a transaction the caller owns. */
export type Executor = Db | Trx;

export interface DatabaseHandle {
  db: Db;
  dialect: Dialect;
  /** The connection target with any password removed, for logs. */
  describe: string;
  destroy(): Promise<void>;
}

// Counts and ids come back from PostgreSQL as int8/numeric strings; our values fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

const writeWatches = new WeakMap<object, WriteWatch>();

/** What this process writes to the database's tables, for in-process caches (see write-watch.ts). */
export function writeWatchOf(db: Db): WriteWatch | undefined {
  return writeWatches.get(db);
}

export function openDatabase(url: string): DatabaseHandle {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    const watch = new WriteWatch();
    const db = new Kysely<Database>({ dialect: watch.wrap(new PostgresDialect({ pool })) });
    writeWatches.set(db, watch);
    const safe = new URL(url);
    safe.password = safe.password ? '***' : '';
    return { db, dialect: 'postgres', describe: safe.toString(), destroy: () => db.destroy() };
  }
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Keep the planner's statistics fresh (tables grown or never analysed), bounded per index.
  sqlite.pragma('analysis_limit = 1000');
  sqlite.pragma('optimize = 0x10002');
  const watch = new WriteWatch();
  const db = new Kysely<Database>({ dialect: watch.wrap(new SqliteDialect({ database: new StatementCache(sqlite) })) });
  writeWatches.set(db, watch);
  const reader = file === ':memory:' ? null : new OffLoopReader(file);
  if (reader) offLoopReaders.set(db, reader);
  return {
    db,
    dialect: 'sqlite',
    describe: `sqlite:${file}`,
    destroy: async () => {
      await reader?.close();
      await db.destroy();
    },
  };
}

/**
 * Kysely's SQLite driver prepares every statement again on each call (about a tenth of a
 * request's time under load); this keeps the most recent prepared statements by SQL text. A
 * statement still being iterated (a stream) is busy, so a second user gets a fresh one.
 */
export class StatementCache implements SqliteDatabase {
  readonly #cache = new Map<string, BetterSqlite3.Statement>();
  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly max = 400,
  ) {}
  close(): void {
    this.#cache.clear();
    this.sqlite.close();
  }
  prepare(sql: string): BetterSqlite3.Statement {
    const hit = this.#cache.get(sql);
    if (hit && !hit.busy) {
      // Least recently used goes first: re-insert to move it to the end.
      this.#cache.delete(sql);
      this.#cache.set(sql, hit);
      return hit;
    }
    const stmt = this.sqlite.prepare(sql);
    if (!hit) {
      this.#cache.set(sql, stmt);
      if (this.#cache.size > this.max) this.#cache.delete(this.#cache.keys().next().value!);
    }
    return stmt;
  }
}

const offLoopReaders = new WeakMap<object, OffLoopReader>();

/**
 * Runs a read whose cost grows with the alliance (aggregates, list pages with counts) without
 * holding the event loop: better-sqlite3 answers synchronously, so on SQLite the query runs in a
 * worker thread over its own read-only connection (WAL: it sees every committed write). On
 * PostgreSQL, and inside a transaction, it simply executes.
 */
export function readOffLoop<R>(db: Executor, query: Compilable<R> & { execute(): Promise<R[]> }): Promise<R[]> {
  const reader = offLoopReaders.get(db);
  return reader ? reader.all<R>(query.compile()) : query.execute();
}
