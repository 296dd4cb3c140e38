/**
 * The signed-in sessions a server process keeps in memory, so a request does not read its
 * session, account, roles and alliances from the database every time (they change seldom; a
 * request came every few milliseconds).
 *
 * Correctness, in this process: every write this process commits to a table the actor is built
 * from (accounts, role grants, alliance memberships, alliances, commissioners' caseloads, and a
 * session's deletion or alliance), and every delete that cascades into one (a member firm's),
 * empties the cache as soon as it is committed
 * (`core/db/write-watch.ts`); a read that overlapped such a commit is not kept. Sign-out,
 * password change, a disabled account and a role removed therefore take effect on the very next
 * request. A session's own limits (idle time, absolute lifetime) are checked on every request
 * against the clock, as before; the cached copy only ever says "no" sooner — when it says the
 * session is over, the database decides.
 *
 * Other processes (PostgreSQL deployments may run several; there the cache is off unless
 * SESSION_CACHE_SECONDS is set): sessions ended there (sign-out,
 * password change or reset, disabled account) are announced on the notification bus, which empties
 * this cache when it hears them (the bus listens once anything in the process subscribed to it);
 * anything else — or an announcement missed — is seen at most `SESSION_CACHE_SECONDS` (default 2)
 * after the change, when an entry expires. `SESSION_CACHE_SECONDS=0` turns the cache off.
 */
import { performance } from 'node:perf_hooks';
import type { Actor } from '../../core/auth/policy';
import type { Deps } from '../../core/context';
import { writeWatchOf, type Db } from '../../core/db/database';

export interface ResolvedSession {
  actor: Actor;
  allianceIds: number[];
}

export interface CachedSession {
  resolved: ResolvedSession;
  /** Last activity recorded in the database, as this process knows it (ms). */
  lastSeenMs: number;
  expiresMs: number;
  loadedAt: number;
}

/** The tables an actor is built from. */
export const ACTOR_TABLES: ReadonlySet<string> = new Set(['users', 'user_roles', 'alliance_members', 'alliances', 'commissioner_assignments', 'sessions']);
/**
 * The tables whose deletes reach those rows without naming them: a member firm deleted takes its
 * memberships, its people's roles and its commissioner with it (`on delete cascade`, and the
 * `daily_figures_enterprise_gone` trigger). The test derives this list from the live schema.
 */
export const ACTOR_DELETES_OF: ReadonlySet<string> = new Set(['enterprises']);
/** Writes to `sessions` that change no actor: a new session, and a session's last-seen time. */
const HARMLESS = /^\s*(?:insert\s+into\s+(?:"[^"]*"\.)?"sessions"|update\s+(?:"[^"]*"\.)?"sessions"\s+set\s+"last_seen_at"\s*=\s*\S+\s+where\b)/i;
/** Entries beyond this many push out the oldest. */
const MAX_ENTRIES = 20_000;

export class SessionCache {
  readonly #entries = new Map<string, CachedSession>();
  #epoch = 0;
  constructor(private readonly ttlMs: number) {}

  /** Changes with every emptying: a read begun in one epoch is kept only if it ends in it. */
  get epoch(): number {
    return this.#epoch;
  }

  get(sessionId: string): CachedSession | undefined {
    const e = this.#entries.get(sessionId);
    if (e && performance.now() - e.loadedAt > this.ttlMs) {
      this.#entries.delete(sessionId);
      return undefined;
    }
    return e;
  }

  set(sessionId: string, entry: Omit<CachedSession, 'loadedAt'>, readSince: number): void {
    if (readSince !== this.#epoch) return;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(sessionId, { ...entry, loadedAt: performance.now() });
  }

  delete(sessionId: string): void {
    this.#entries.delete(sessionId);
  }

  clear(): void {
    this.#epoch++;
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}

const caches = new WeakMap<Db, SessionCache>();

/**
 * SQLite runs one server process, so its cache is exact. PostgreSQL may run several, and a
 * sign-out in one reaches the others over the bus a moment later, not before their next request:
 * there the cache is off unless SESSION_CACHE_SECONDS turns it on (accepting that moment, and the
 * TTL for role changes).
 */
const DEFAULT_SECONDS = { sqlite: 2, postgres: 0 } as const;

/** The session cache of a database handle, created on first use; null when turned off. */
export function sessionCacheFor(deps: Pick<Deps, 'db' | 'config' | 'dialect'>): SessionCache | null {
  const existing = caches.get(deps.db);
  if (existing) return existing;
  const seconds = deps.config.session.cacheSeconds ?? DEFAULT_SECONDS[deps.dialect];
  const watch = writeWatchOf(deps.db);
  if (!seconds || !watch) return null;
  const cache = new SessionCache(seconds * 1000);
  watch.watch({ tables: ACTOR_TABLES, deletesOf: ACTOR_DELETES_OF, ignore: (sql) => HARMLESS.test(sql), changed: () => cache.clear() });
  caches.set(deps.db, cache);
  return cache;
}

/** Forgets every cached session of a database handle (another process announced ended sessions). */
export function forgetCachedSessions(db: Db): void {
  caches.get(db)?.clear();
}
