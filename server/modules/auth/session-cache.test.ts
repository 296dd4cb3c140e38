/**
 * The in-memory session cache: a signed-in request is answered from it, and everything that
 * changes an actor in this process — sign-out, a role removed (directly or in a transaction), an
 * alliance renamed — takes effect on the very next request.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/database';
import { writesOf } from '../../core/db/write-watch';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, json } from '../../test/helpers';
import { ACTOR_DELETES_OF, ACTOR_TABLES, sessionCacheFor } from './session-cache';

interface ForeignKey {
  child: string;
  parent: string;
  /** The parent's deletes change the child's rows (cascade, set null, set default). */
  onDelete: boolean;
  /** The parent's key updates change the child's rows. */
  onUpdate: boolean;
}
interface Trigger {
  table: string;
  /** Fires on deletes (or truncations) only. */
  deletesOnly: boolean;
  /** The tables its body writes. */
  writes: string[];
}

/** Foreign keys and triggers of the test database's live schema. */
async function schemaRules(db: Db, dialect: string): Promise<{ keys: ForeignKey[]; triggers: Trigger[] }> {
  const bodyWrites = (body: string) => [...body.matchAll(/\b(?:insert\s+into|update|delete\s+from)\s+"?(\w+)"?/gi)].map((m) => m[1]!.toLowerCase());
  if (dialect === 'sqlite') {
    const tables = (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows.map((r) => r.name);
    const keys: ForeignKey[] = [];
    for (const table of tables) {
      const rows = (await sql<{ table: string; on_delete: string; on_update: string }>`select * from pragma_foreign_key_list(${table})`.execute(db)).rows;
      for (const r of rows) keys.push({ child: table, parent: r.table, onDelete: /cascade|set/i.test(r.on_delete), onUpdate: /cascade|set/i.test(r.on_update) });
    }
    const triggers = (await sql<{ tbl_name: string; sql: string }>`select tbl_name, sql from sqlite_master where type = 'trigger'`.execute(db)).rows.map((r) => {
      const event = /\b(?:before|after|instead\s+of)\s+(insert|update|delete)\b/i.exec(r.sql)?.[1]?.toLowerCase();
      const body = r.sql.slice(r.sql.search(/\bbegin\b/i));
      return { table: r.tbl_name, deletesOnly: event === 'delete', writes: bodyWrites(body) };
    });
    return { keys, triggers };
  }
  const keys = (
    await sql<{ child: string; parent: string; del: string; upd: string }>`
      select c.relname as child, p.relname as parent, k.confdeltype as del, k.confupdtype as upd
      from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
      where k.contype = 'f' and c.relnamespace = current_schema()::regnamespace`.execute(db)
  ).rows.map((r) => ({ child: r.child, parent: r.parent, onDelete: 'cnd'.includes(r.del), onUpdate: 'cnd'.includes(r.upd) }));
  const triggers = (
    await sql<{ tbl: string; type: number; body: string }>`
      select c.relname as tbl, t.tgtype::int as type, p.prosrc as body
      from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
      where not t.tgisinternal and c.relnamespace = current_schema()::regnamespace`.execute(db)
  ).rows.map((r) => ({ table: r.tbl, deletesOnly: (r.type & (4 | 16)) === 0, writes: bodyWrites(r.body) }));
  return { keys, triggers };
}

describe('writesOf', () => {
  it('names the table a statement writes, and nothing for reads', () => {
    expect(writesOf('insert into "user_roles" ("user_id") values (?)')).toEqual([{ table: 'user_roles', verb: 'insert' }]);
    expect(writesOf('update "fugong_t1"."users" set "disabled" = $1 where "id" = $2')).toEqual([{ table: 'users', verb: 'update' }]);
    expect(writesOf('delete from "sessions" where "id" = ?')).toEqual([{ table: 'sessions', verb: 'delete' }]);
    expect(writesOf('TRUNCATE TABLE alliance_members')).toEqual([{ table: 'alliance_members', verb: 'delete' }]);
    expect(writesOf('select * from "users"')).toEqual([]);
  });

  it('finds the writes inside a statement that begins with a CTE', () => {
    expect(writesOf('with "gone" as (delete from "user_roles" where "user_id" = $1 returning *) select count(*) from "gone"')).toEqual([{ table: 'user_roles', verb: 'delete' }]);
    expect(writesOf('WITH a AS (UPDATE "s"."users" SET "disabled" = 1 RETURNING id) INSERT INTO audit_log SELECT * FROM a')).toEqual([
      { table: 'users', verb: 'update' },
      { table: 'audit_log', verb: 'insert' },
    ]);
    expect(writesOf('with "x" as (select 1) select * from "users"')).toEqual([]);
    expect(writesOf('truncate table "sessions"')).toEqual([{ table: 'sessions', verb: 'delete' }]);
  });
});

describe.each(DIALECTS)('session cache (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    // On (explicitly) on PostgreSQL too, where it is off by default (several processes).
    t = await createTestApp(dialect, { config: { session: { idleMinutes: 120, absoluteHours: 12, cacheSeconds: 2 } } });
  });
  afterAll(async () => {
    await t?.close();
  });
  const me = (cookie: string) => t.call('GET', '/api/session', { cookie });
  const userId = async (username: string) => (await t.deps.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

  it('answers repeated requests from memory, and a sign-out ends the session at once', async () => {
    const cookie = await t.login('secretary');
    const cache = sessionCacheFor(t.deps)!;
    expect(cache).not.toBeNull();
    expect((await me(cookie)).statusCode).toBe(200);
    const before = cache.size;
    expect(before).toBeGreaterThan(0);
    expect(json(await me(cookie)).user.username).toBe('secretary');
    expect(cache.size).toBe(before); // the same entry
    expect((await t.call('DELETE', '/api/session', { cookie })).statusCode).toBe(200);
    expectProblem(await me(cookie), 401, 'unauthenticated');
  });

  it('a role removed takes effect on the next request, whether written directly or in a transaction', async () => {
    const cookie = await t.login('secretary');
    const id = await userId('secretary');
    expect(json(await me(cookie)).roles).toEqual(['secretary']);
    expect((await t.call('GET', '/api/users', { cookie })).statusCode).toBe(200);
    const grants = await t.deps.db.selectFrom('user_roles').selectAll().where('user_id', '=', id).execute();
    await t.deps.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('user_roles').where('user_id', '=', id).execute();
    });
    expect(json(await me(cookie)).roles).toEqual([]);
    expectProblem(await t.call('GET', '/api/users', { cookie }), 403, 'forbidden');
    // Given back without a transaction: seen at once as well.
    await t.deps.db.insertInto('user_roles').values(grants.map(({ id: _id, ...g }) => g)).execute();
    expect(json(await me(cookie)).roles).toEqual(['secretary']);
    expect((await t.call('GET', '/api/users', { cookie })).statusCode).toBe(200);
  });

  it('an alliance renamed shows in the next answer; a rolled-back change leaves the answer as it was', async () => {
    const cookie = await t.login('secretary');
    const first = json(await me(cookie));
    const alliance = first.alliances.find((a: { id: number }) => a.id === first.allianceId);
    await t.deps.db.updateTable('alliances').set({ name: `${alliance.name} (renamed)` }).where('id', '=', alliance.id).execute();
    expect(json(await me(cookie)).alliances.find((a: { id: number }) => a.id === alliance.id).name).toBe(`${alliance.name} (renamed)`);
    await expect(
      t.deps.db.transaction().execute(async (trx) => {
        await trx.updateTable('alliances').set({ name: 'never' }).where('id', '=', alliance.id).execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(json(await me(cookie)).alliances.find((a: { id: number }) => a.id === alliance.id).name).toBe(`${alliance.name} (renamed)`);
    await t.deps.db.updateTable('alliances').set({ name: alliance.name }).where('id', '=', alliance.id).execute();
  });

  it('watches every table whose writes reach the actor\'s rows without naming them (foreign keys, triggers), read from the live schema', async () => {
    const { keys, triggers } = await schemaRules(t.deps.db, dialect);
    expect(keys.length).toBeGreaterThan(10);
    expect(triggers.length).toBeGreaterThan(5);
    // The tables whose rows can change when an actor table's can: grown until nothing is added.
    const reached = new Set(ACTOR_TABLES);
    const needDeletes = new Set<string>();
    const needAll = new Set<string>();
    for (let grew = true; grew; ) {
      grew = false;
      const add = (table: string, all: boolean) => {
        (all ? needAll : needDeletes).add(table);
        if (!reached.has(table)) {
          reached.add(table);
          grew = true;
        }
      };
      for (const k of keys) if (reached.has(k.child) && (k.onDelete || k.onUpdate)) add(k.parent, k.onUpdate);
      for (const tr of triggers) if (tr.writes.some((w) => reached.has(w))) add(tr.table, !tr.deletesOnly);
    }
    const watchedAll = [...needAll].filter((x) => !ACTOR_TABLES.has(x));
    const watchedDeletes = [...needDeletes].filter((x) => !ACTOR_TABLES.has(x) && !ACTOR_DELETES_OF.has(x));
    expect({ unwatched: watchedAll, deletesUnwatched: watchedDeletes }).toEqual({ unwatched: [], deletesUnwatched: [] });
    expect(needDeletes).toContain('enterprises'); // the case this rule exists for
  });

  it('a member firm deleted takes its people\'s roles with it, on the next request', async () => {
    const cookie = await t.login('firm');
    const session = json(await me(cookie));
    const before = session.enterpriseIds as number[];
    const id = await userId('firm');
    const now = new Date().toISOString();
    const firm = await t.deps.db
      .insertInto('enterprises')
      .values({ name: '级联删除测试有限公司', credit_code: '91330302MA2CASCAD0', industry: 'C', district_code: '330302', headcount: 5, main_products: '', address: '', annual_output_fen: null, contacts_json: '[]', created_at: now, updated_at: now, registered_by_alliance_id: null, industry_division: null, ownership: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.deps.db.insertInto('alliance_members').values({ alliance_id: session.allianceId, enterprise_id: firm.id, joined_at: now }).execute();
    await t.deps.db.insertInto('user_roles').values({ user_id: id, role: 'enterprise_admin', alliance_id: null, working_group: null, enterprise_id: firm.id }).execute();
    expect(json(await me(cookie)).enterpriseIds).toEqual(expect.arrayContaining([...before, firm.id]));
    json(await me(cookie)); // answered from the cache
    await t.deps.db.deleteFrom('enterprises').where('id', '=', firm.id).execute();
    expect(json(await me(cookie)).enterpriseIds).toEqual(before);
  });

  it('a session is still timed by the clock while cached', async () => {
    const cookie = await t.login('secretary');
    expect((await me(cookie)).statusCode).toBe(200);
    t.clock.advance((t.config.session.idleMinutes + 1) * 60_000);
    expectProblem(await me(cookie), 401, 'unauthenticated');
  });
});
