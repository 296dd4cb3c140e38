/**
 * Test harness: a real database per test file (a temporary SQLite file, or a fresh schema in the
 * PostgreSQL named by FUGONG_TEST_PG_URL), migrated and seeded with the demo city, and the app
 * built over it with a clock the test can move. Never mocks the query builder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../app';
import { parseConfig, type Config } from '../config';
import { ManualClock, type Deps } from '../core/context';
import { openDatabase, type DatabaseHandle } from '../core/db/database';
import { migrateToLatest } from '../core/db/migrate';
import { ensureCalendar } from '../modules/calendar/calendar.service';
import { seedDemo, type SeedSummary } from '../seed/seed';

export type TestDialect = 'sqlite' | 'postgres';

const env = parseConfig(process.env);

/** The dialects this run can test: SQLite always, PostgreSQL when FUGONG_TEST_PG_URL is set. */
export const DIALECTS: TestDialect[] = env.testPgUrl ? ['sqlite', 'postgres'] : ['sqlite'];

/** A Wednesday morning in Shanghai (a working day), so tests don't depend on the real date. */
export const TEST_NOW = '2026-11-25T02:00:00.000Z';

export interface TestDb {
  handle: DatabaseHandle;
  deps: Deps;
  clock: ManualClock;
  config: Config;
  close(): Promise<void>;
}

export interface TestOptions {
  /** Configuration to change for this test file (e.g. `webhookHosts` for a local receiver). */
  config?: Partial<Config>;
}

export async function createTestDb(dialect: TestDialect, opts: TestOptions = {}): Promise<TestDb> {
  const clock = new ManualClock(new Date(TEST_NOW));
  let url: string;
  let cleanup: () => Promise<void>;
  if (dialect === 'postgres') {
    if (!env.testPgUrl) throw new Error('FUGONG_TEST_PG_URL is not set');
    const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: env.testPgUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const u = new URL(env.testPgUrl);
    u.searchParams.set('options', `-c search_path=${schema}`);
    url = u.toString();
    cleanup = async () => {
      const c = new pg.Client({ connectionString: env.testPgUrl });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'fugong-test-'));
    url = `sqlite:${join(dir, 'test.sqlite')}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const config: Config = { ...env, env: 'test', databaseUrl: url, seedDemo: false, logLevel: 'silent', ...opts.config };
  const handle = openDatabase(url);
  await migrateToLatest(handle.db);
  const deps: Deps = { db: handle.db, dialect: handle.dialect, config, clock };
  await ensureCalendar(deps);
  return {
    handle,
    deps,
    clock,
    config,
    close: async () => {
      await handle.destroy();
      await cleanup();
    },
  };
}

export interface TestApp extends TestDb {
  app: FastifyInstance;
  seed: SeedSummary;
  /** Signs in a demo user and returns the cookie header to send. */
  login(username: string, password?: string): Promise<string>;
  /** Shorthand for app.inject with a cookie and JSON body. */
  call(method: string, url: string, opts?: { cookie?: string; body?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  /** The enterprise a demo user has a role at (e.g. `firm`'s firm). */
  enterpriseOf(username: string): Promise<number>;
}

export async function createTestApp(dialect: TestDialect = 'sqlite', opts: TestOptions & { scale?: number } = {}): Promise<TestApp> {
  const db = await createTestDb(dialect, opts);
  const seed = await seedDemo(db.deps, { scale: opts.scale ?? 0.25, days: 5 });
  const app = await buildApp(db.deps);
  await app.ready();
  const call: TestApp['call'] = (method, url, o = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { ...(o.cookie ? { cookie: o.cookie } : {}), ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}), ...o.headers },
      ...(o.body !== undefined ? { payload: JSON.stringify(o.body) } : {}),
    });
  const login = async (username: string, password = seed.password) => {
    const res = await call('POST', '/api/session', { body: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'fugong_sid');
    return `fugong_sid=${cookie!.value}`;
  };
  const enterpriseOf = async (username: string) => {
    const row = await db.handle.db
      .selectFrom('user_roles').innerJoin('users', 'users.id', 'user_roles.user_id').select('enterprise_id')
      .where('username', '=', username).where('enterprise_id', 'is not', null).executeTakeFirstOrThrow();
    return row.enterprise_id!;
  };
  return {
    ...db,
    app,
    seed,
    login,
    call,
    enterpriseOf,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}
