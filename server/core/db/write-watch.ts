/**
 * Tells in-process caches that rows of the tables they read were written — once the write is
 * committed. Every statement goes through a thin wrapper of Kysely's driver: a statement that
 * writes (`insert into`, `update`, `delete from`, `truncate`) names its table first, and a watcher
 * of that table is called after the statement (outside a transaction) or after the commit (or
 * rollback) of the transaction it ran in. Called after the commit, not at the write: a reader
 * that started in between read the old rows, and the cache must not keep them (see
 * `session-cache.ts`, which drops what a read that overlapped a notice would store).
 *
 * A statement that begins with a CTE (`with … as (delete from …) …`) is searched for every write
 * it holds. Rows that change without a statement naming their table — a foreign key's `on delete
 * cascade` / `set null`, a trigger — are the watcher's to name: it watches the tables whose deletes
 * reach its own (`deletesOf`; `session-cache.test.ts` derives them from the live schema on both
 * databases and fails when one is missing).
 *
 * It sees this process's writes only; another server process on the same PostgreSQL database
 * tells its peers through the notification bus.
 */
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';

export interface Watcher {
  /** Tables any write of which concerns the watcher. */
  tables: ReadonlySet<string>;
  /** Tables whose deletes (and truncations) concern the watcher: they cascade into its tables. */
  deletesOf?: ReadonlySet<string>;
  /** Statements of a watched table that do not concern the watcher (e.g. a session's last-seen time). */
  ignore?: (sql: string) => boolean;
  /** Called once the write is committed (or rolled back). */
  changed(): void;
}

export interface Write {
  table: string;
  /** Deletes and truncations are `delete`. */
  verb: 'insert' | 'update' | 'delete';
}

const TABLE = String.raw`\s+(?:"[^"]*"\.|\w+\.)?"?(\w+)"?`;
/** The write a statement begins with. */
const WRITE = new RegExp(String.raw`^\s*(insert\s+into|update|delete\s+from|truncate(?:\s+table)?)` + TABLE, 'i');
/** Every write inside a statement that begins with a CTE. */
const WRITE_ANYWHERE = new RegExp(String.raw`\b(insert\s+into|update|delete\s+from)` + TABLE, 'gi');
const WITH = /^\s*with\b/i;
// First letters of the statements that can write: every other statement costs one comparison.
const WRITE_START = new Set(['i', 'I', 'u', 'U', 'd', 'D', 't', 'T', 'w', 'W', ' ', '\n']);

function verbOf(keyword: string): Write['verb'] {
  const k = keyword[0]!.toLowerCase();
  return k === 'i' ? 'insert' : k === 'u' ? 'update' : 'delete';
}

/** The tables a statement writes (none for reads, and for writes this cannot parse). */
export function writesOf(sql: string): Write[] {
  if (!WRITE_START.has(sql[0] ?? '')) return [];
  const first = WRITE.exec(sql);
  if (first) return [{ table: first[2]!, verb: verbOf(first[1]!) }];
  if (!WITH.test(sql)) return [];
  // `… do update set`, `… for update of` read as a write of a table named `set` / `of`: harmless.
  return [...sql.matchAll(WRITE_ANYWHERE)].map((m) => ({ table: m[2]!, verb: verbOf(m[1]!) }));
}

export class WriteWatch {
  readonly #watchers = new Set<Watcher>();

  /** Watches tables; returns the function that stops watching. */
  watch(w: Watcher): () => void {
    this.#watchers.add(w);
    return () => this.#watchers.delete(w);
  }

  /** The watchers a statement concerns (empty for reads and unwatched tables). */
  concerned(sql: string): Watcher[] {
    if (!this.#watchers.size) return [];
    const writes = writesOf(sql);
    if (!writes.length) return [];
    const out: Watcher[] = [];
    for (const w of this.#watchers) {
      const hit = writes.some(({ table, verb }) => w.tables.has(table) || (verb === 'delete' && w.deletesOf?.has(table) === true));
      if (hit && !w.ignore?.(sql)) out.push(w);
    }
    return out;
  }

  /** The dialect with every statement seen by this watch. */
  wrap(dialect: Dialect): Dialect {
    const watch = this;
    return {
      createAdapter: () => dialect.createAdapter(),
      createQueryCompiler: () => dialect.createQueryCompiler(),
      createIntrospector: (db) => dialect.createIntrospector(db),
      createDriver: () => new WatchedDriver(dialect.createDriver(), watch),
    };
  }
}

/** A connection as handed out: the driver's own, plus the watchers its open transaction owes a call. */
class WatchedConnection implements DatabaseConnection {
  inTransaction = false;
  readonly pending = new Set<Watcher>();
  constructor(
    readonly inner: DatabaseConnection,
    private readonly watch: WriteWatch,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const concerned = this.watch.concerned(query.sql);
    if (!concerned.length) return this.inner.executeQuery<R>(query);
    if (this.inTransaction) {
      for (const w of concerned) this.pending.add(w);
      return this.inner.executeQuery<R>(query);
    }
    try {
      return await this.inner.executeQuery<R>(query);
    } finally {
      for (const w of concerned) w.changed();
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }

  settle(): void {
    this.inTransaction = false;
    const owed = [...this.pending];
    this.pending.clear();
    for (const w of owed) w.changed();
  }
}

class WatchedDriver implements Driver {
  readonly #wrapped = new WeakMap<DatabaseConnection, WatchedConnection>();
  constructor(
    private readonly inner: Driver,
    private readonly watch: WriteWatch,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const conn = await this.inner.acquireConnection();
    let w = this.#wrapped.get(conn);
    if (!w) this.#wrapped.set(conn, (w = new WatchedConnection(conn, this.watch)));
    return w;
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const w = connection as WatchedConnection;
    await this.inner.beginTransaction(w.inner, settings);
    w.inTransaction = true;
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const w = connection as WatchedConnection;
    try {
      await this.inner.commitTransaction(w.inner);
    } finally {
      w.settle();
    }
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const w = connection as WatchedConnection;
    try {
      await this.inner.rollbackTransaction(w.inner);
    } finally {
      w.settle();
    }
  }
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    const w = connection as WatchedConnection;
    // A connection given back with its transaction still open (never in Kysely) owes its calls now.
    if (w.inTransaction) w.settle();
    return this.inner.releaseConnection(w.inner);
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

// Savepoints run on the transaction's connection; Kysely calls them only when the driver has them.
for (const name of ['savepoint', 'rollbackToSavepoint', 'releaseSavepoint'] as const) {
  Object.defineProperty(WatchedDriver.prototype, name, {
    value(this: { inner: Driver }, connection: DatabaseConnection, savepointName: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
      const fn = this.inner[name];
      if (!fn) throw new Error(`the database driver has no ${name}`);
      return fn.call(this.inner, (connection as WatchedConnection).inner, savepointName, compile);
    },
  });
}
