/**
 * The in-memory session cache: a signed-in request is answered from it, and everything that
 * changes an actor in this process — sign-out, a role removed (directly or in a transaction), an
 * alliance renamed — takes effect on the very next request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writtenTable } from '../../core/db/write-watch';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, json } from '../../test/helpers';
import { sessionCacheFor } from './session-cache';

describe('writtenTable', () => {
  it('names the table a statement writes, and nothing for reads', () => {
    expect(writtenTable('insert into "user_roles" ("user_id") values (?)')).toBe('user_roles');
    expect(writtenTable('update "fugong_t1"."users" set "disabled" = $1 where "id" = $2')).toBe('users');
    expect(writtenTable('delete from "sessions" where "id" = ?')).toBe('sessions');
    expect(writtenTable('TRUNCATE TABLE alliance_members')).toBe('alliance_members');
    expect(writtenTable('select * from "users"')).toBeNull();
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

  it('a session is still timed by the clock while cached', async () => {
    const cookie = await t.login('secretary');
    expect((await me(cookie)).statusCode).toBe(200);
    t.clock.advance((t.config.session.idleMinutes + 1) * 60_000);
    expectProblem(await me(cookie), 401, 'unauthenticated');
  });
});
