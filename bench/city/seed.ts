/**
 * Seeds (once) the demo city the city-scale benchmark measures, and reuses it across runs:
 *
 *   node --import tsx bench/city/seed.ts sqlite|postgres [--scale 500] [--days 14]
 *
 * SQLite: a file under the system's temporary directory (`fugong-bench-city/city-<scale>.sqlite`).
 * PostgreSQL: a dedicated database `fugong_bench_<scale>` created (as the development role, which
 * may CREATEDB) next to the database of FUGONG_BENCH_PG_URL (default the development database).
 * A finished seed leaves a marker (a `bench_city_seeded` row in the audit log of action
 * `seed.demo`), so an interrupted seed is redone and a finished one is kept. Prints the database
 * URL on the last line of stdout.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parseConfig } from '../../server/config';
import { systemClock, type Deps } from '../../server/core/context';
import { openDatabase } from '../../server/core/db/database';
import { prepareDatabase } from '../../server/server';
import { seedDemo } from '../../server/seed/seed';

const DEFAULT_PG = 'postgres://fugong_dev:fugong_dev@127.0.0.1:5432/fugong_dev';

export interface CityDb {
  dialect: 'sqlite' | 'postgres';
  url: string;
}

/** `tag` names a separate copy (e.g. one per branch on a shared machine: `city-500-<tag>.sqlite`, `fugong_bench_500_<tag>`). */
export function cityDbUrl(dialect: 'sqlite' | 'postgres', scale: number, pgBase = DEFAULT_PG, tag = ''): string {
  if (dialect === 'sqlite') return `sqlite:${join(tmpdir(), 'fugong-bench-city', `city-${scale}${tag ? `-${tag}` : ''}.sqlite`)}`;
  const u = new URL(pgBase);
  u.pathname = `/fugong_bench_${`${scale}${tag ? `_${tag}` : ''}`.replace(/\W/g, '_')}`;
  return u.toString();
}

async function seeded(url: string): Promise<boolean> {
  const handle = openDatabase(url);
  try {
    const row = await handle.db.selectFrom('audit_log').select('id').where('action', '=', 'seed.demo').executeTakeFirst();
    return !!row;
  } catch {
    return false;
  } finally {
    await handle.destroy();
  }
}

/** Makes sure the city at `scale` is seeded on `dialect`; returns its URL. */
export async function ensureCity(dialect: 'sqlite' | 'postgres', scale: number, days: number, log: (s: string) => void, pgBase = DEFAULT_PG, tag = ''): Promise<string> {
  const url = cityDbUrl(dialect, scale, pgBase, tag);
  if (dialect === 'sqlite') {
    const file = url.slice('sqlite:'.length);
    if (existsSync(file) && (await seeded(url))) return url;
    mkdirSync(join(tmpdir(), 'fugong-bench-city'), { recursive: true });
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  } else {
    const name = new URL(url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: pgBase });
    await admin.connect();
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount;
    await admin.end();
    if (exists && (await seeded(url))) return url;
    const again = new pg.Client({ connectionString: pgBase });
    await again.connect();
    if (exists) await again.query(`drop database ${name}`);
    await again.query(`create database ${name}`);
    await again.end();
  }
  const config = parseConfig({ DATABASE_URL: url, FUGONG_SEED_DEMO: 'false', LOG_LEVEL: 'warn', NODE_ENV: 'development' });
  const handle = openDatabase(url);
  const deps: Deps = { db: handle.db, dialect: handle.dialect, config, clock: systemClock };
  const t0 = Date.now();
  await prepareDatabase(deps, log);
  let last = '';
  const summary = await seedDemo(deps, {
    scale,
    days,
    onProgress: (phase, done, total) => {
      const line = `${phase} ${Math.floor((done / total) * 10) * 10}%`;
      if (line !== last) log(`${dialect}: ${line}`);
      last = line;
    },
  });
  await handle.destroy();
  log(`${dialect}: seeded ${summary.enterprises} enterprises, ${summary.reports} reports in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return url;
}

if (process.argv[1]?.endsWith("bench/city/seed.ts")) {
  const argv = process.argv.slice(2);
  const num = (name: string, d: number) => {
    const i = argv.indexOf(`--${name}`);
    return i < 0 ? d : Number(argv[i + 1]);
  };
  const dialect = argv[0] === 'postgres' ? 'postgres' : 'sqlite';
  const url = await ensureCity(dialect, num('scale', 500), num('days', 14), (s) => process.stderr.write(`${s}\n`), process.env.FUGONG_BENCH_PG_URL ?? DEFAULT_PG);
  process.stdout.write(`${url}\n`);
}
