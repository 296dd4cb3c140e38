/** The SQLite statement cache: one prepared statement per SQL text, a fresh one while it is busy. */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StatementCache } from './database';

describe('StatementCache', () => {
  it('reuses a statement, prepares a fresh one while it is being iterated, and keeps at most max', () => {
    const sqlite = new BetterSqlite3(':memory:');
    const cache = new StatementCache(sqlite, 2);
    sqlite.exec('create table t (x integer); insert into t values (1), (2), (3);');
    const a = cache.prepare('select x from t order by x');
    expect(cache.prepare('select x from t order by x')).toBe(a);
    const it = a.iterate();
    it.next();
    const b = cache.prepare('select x from t order by x');
    expect(b).not.toBe(a);
    expect(b.all()).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
    it.return?.();
    expect(cache.prepare('select x from t order by x')).toBe(a);
    cache.prepare('select 1');
    cache.prepare('select 2');
    // The oldest entry went when the third came in.
    expect(cache.prepare('select x from t order by x')).not.toBe(a);
    cache.close();
  });
});
