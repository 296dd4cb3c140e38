/**
 * Bulk import benchmark (issue 16): the platform's registry import — the service path behind
 * `POST /api/enterprises/import` (`importEnterprises`: the file streamed, every row validated,
 * credit codes checked against the registry, saved in steps of one transaction with its audit
 * rows) — against raw inserts of the same rows (prepared statements in one transaction:
 * enterprises + alliance_members + audit_log; better-sqlite3, or pg on PostgreSQL), each on a
 * fresh copy of the same seeded database (a copied SQLite file; a PostgreSQL database created
 * from a template database), interleaved round by round.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { parseConfig } from '../../server/config';
import { systemClock, type Ctx, type Deps } from '../../server/core/context';
import { openDatabase } from '../../server/core/db/database';
import { writeSheet } from '../../server/core/spreadsheet';
import { makeCreditCode } from '../../server/domain/credit-code';
import { actorForUser } from '../../server/modules/auth/auth.service';
import { COLUMNS } from '../../server/modules/enterprises/enterprises.excel';
import { importEnterprises } from '../../server/modules/enterprises/enterprises.import';
import { prepareDatabase } from '../../server/server';
import { seedDemo } from '../../server/seed/seed';

export interface ImportBenchOptions {
  sizes: number[];
  rounds: number;
  formats?: ('csv' | 'xlsx')[];
  /** Also measure on PostgreSQL: a URL of a role that may create databases. */
  pgUrl?: string;
  /** Row counts on PostgreSQL (default: `sizes`). */
  pgSizes?: number[];
  log?: (line: string) => void;
}

export type BenchDb = 'sqlite' | 'postgres';

export interface ImportMeasure {
  db: BenchDb;
  rows: number;
  format: 'csv' | 'xlsx';
  fileBytes: number;
  /** seconds per round (wall) */
  platform: number[];
  raw: number[];
  /** this process's CPU seconds per round (on SQLite all the work; on PostgreSQL the server's is not counted) */
  platformCpu: number[];
  rawCpu: number[];
  /** the largest resident set seen during the platform runs, MiB (the file and the rows to save are held) */
  platformPeakRssMiB: number;
}

export interface ImportBenchResult {
  measures: ImportMeasure[];
  load1: number;
  /** load average at the end */
  load1End: number;
  rounds: number;
}

interface Timed {
  wall: number;
  cpu: number;
  peakRss: number;
}

/** Wall and CPU seconds of `fn`, and the largest resident set sampled while it ran. */
async function timed(fn: () => Promise<void> | void): Promise<Timed> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(sampler);
  }
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6, peakRss: Math.max(peak, process.memoryUsage.rss()) };
}

const DISTRICTS = ['330302', '330303', '330304', '330324', '330381'];
const INDUSTRIES = ['C', 'F', 'G', 'I'];

/** n plausible registry rows (all valid, credit codes unique), in the import's column order. */
export function benchRows(n: number): string[][] {
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    rows.push([
      `测试企业${i}有限公司`,
      makeCreditCode(`91330324MB${String(i).padStart(7, '0')}`),
      INDUSTRIES[i % INDUSTRIES.length]!,
      DISTRICTS[i % DISTRICTS.length]!,
      String(10 + (i % 500)),
      '皮鞋、箱包',
      `温州市测试路${i}号`,
      String(1_000_000 + i * 37),
      `联系人${i % 100}`,
      `1380000${String(i % 10_000).padStart(4, '0')}`,
    ]);
  }
  return rows;
}

const HEADERS = COLUMNS.slice(0, 10).map((c) => c.zh);

export function csvOf(rows: string[][]): Buffer {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return Buffer.from(`\uFEFF${[HEADERS, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`, 'utf8');
}

export function xlsxOf(rows: string[][]): Promise<Buffer> {
  return writeSheet({ zh: '成员企业', en: 'Members' }, COLUMNS.slice(0, 10), rows, 'zh-CN');
}

/** A migrated database with the demo city (small), closed: the template every run copies. */
async function seedTemplate(url: string): Promise<number> {
  const config = parseConfig({ ...process.env, DATABASE_URL: url, FUGONG_SEED_DEMO: 'false', NODE_ENV: 'development' });
  const handle = openDatabase(config.databaseUrl);
  try {
    const deps: Deps = { db: handle.db, dialect: handle.dialect, config, clock: systemClock };
    await prepareDatabase(deps, () => {});
    await seedDemo(deps, { scale: 0.02, days: 1 });
    const user = await handle.db.selectFrom('users').select('id').where('username', '=', 'secretary').executeTakeFirstOrThrow();
    return user.id;
  } finally {
    await handle.destroy();
  }
}

export async function template(dir: string): Promise<{ file: string; userId: number }> {
  const file = join(dir, 'template.sqlite');
  return { file, userId: await seedTemplate(`sqlite:${file}`) };
}

/** The platform import of `data` into the database at `url`: its wall and CPU time. */
export async function platformRun(url: string, userId: number, data: Buffer, filename: string, n: number): Promise<Timed> {
  const config = parseConfig({ ...process.env, DATABASE_URL: url, FUGONG_SEED_DEMO: 'false', NODE_ENV: 'development' });
  const handle = openDatabase(config.databaseUrl);
  const deps: Deps = { db: handle.db, dialect: handle.dialect, config, clock: systemClock };
  try {
    const ctx: Ctx = { actor: await actorForUser(deps, userId, 1), requestId: 'bench-import', locale: 'zh-CN' };
    let imported = -1;
    let errors = '';
    const t = await timed(async () => {
      const res = await importEnterprises(deps, ctx, { data, filename }, { dryRun: false });
      imported = res.imported;
      errors = JSON.stringify(res.errors.slice(0, 3));
    });
    if (imported !== n) throw new Error(`imported ${imported} of ${n} rows: ${errors}`);
    return t;
  } finally {
    await handle.destroy();
  }
}

const ENTERPRISE_INSERT = `insert into enterprises (name, credit_code, industry, district_code, headcount, main_products, address, annual_output_fen, contacts_json, above_designated_size, industry_division, ownership, registered_by_alliance_id, created_at, updated_at)`;

/** The same rows with prepared statements in one transaction, as a hand-written loader would. */
export function rawRun(file: string, userId: number, rows: string[][]): Promise<Timed> {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  return timed(() => {
    const ent = db.prepare(`${ENTERPRISE_INSERT} values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, null, null, 1, ?, ?)`);
    const mem = db.prepare(`insert into alliance_members (alliance_id, enterprise_id, joined_at, reports_from) values (1, ?, ?, '')`);
    const aud = db.prepare(`insert into audit_log (at, actor_user_id, alliance_id, action, target_type, target_id, request_id, detail_json) values (?, ?, 1, 'enterprise.import', 'enterprise', ?, 'bench-raw', ?)`);
    const at = new Date().toISOString();
    db.transaction(() => {
      for (const r of rows) {
        const contacts = JSON.stringify([{ name: r[8], phone: r[9] }]);
        const id = Number(ent.run(r[0], r[1], r[2], r[3], Number(r[4]), r[5], r[6], Number(r[7]) * 100, contacts, at, at).lastInsertRowid);
        mem.run(id, at);
        aud.run(at, userId, String(id), JSON.stringify({ name: r[0], creditCode: r[1] }));
      }
    })();
  }).finally(() => db.close());
}

/**
 * The same on PostgreSQL over one pg connection in one transaction: one prepared (named)
 * statement per row inserting the enterprise, its membership and its audit row (one round trip
 * per row; three statements per row took 2.5× as long).
 */
export async function rawRunPg(url: string, userId: number, rows: string[][]): Promise<Timed> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await timed(async () => {
      const at = new Date().toISOString();
      await client.query('begin');
      for (const r of rows) {
        const contacts = JSON.stringify([{ name: r[8], phone: r[9] }]);
        await client.query({
          name: 'bench_row',
          text: `with e as (${ENTERPRISE_INSERT} values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, null, null, 1, $10, $10) returning id),
            m as (insert into alliance_members (alliance_id, enterprise_id, joined_at, reports_from) select 1, id, $10, '' from e)
            insert into audit_log (at, actor_user_id, alliance_id, action, target_type, target_id, request_id, detail_json)
            select $10, $11, 1, 'enterprise.import', 'enterprise', id::text, 'bench-raw', $12 from e`,
          values: [r[0], r[1], r[2], r[3], Number(r[4]), r[5], r[6], Number(r[7]) * 100, contacts, at, userId, JSON.stringify({ name: r[0], creditCode: r[1] })],
        });
      }
      await client.query('commit');
    });
  } finally {
    await client.end();
  }
}

/** PostgreSQL: databases made from one seeded template database (CREATE DATABASE … TEMPLATE). */
class PgCopies {
  readonly prefix = `fugong_bench_import_${process.pid}`;
  readonly created: string[] = [];
  constructor(private readonly url: string) {}
  urlOf(name: string): string {
    const u = new URL(this.url);
    u.pathname = `/${name}`;
    return u.toString();
  }
  private async admin(text: string): Promise<void> {
    const c = new pg.Client({ connectionString: this.url });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  }
  async create(suffix: string, template?: string): Promise<string> {
    const name = `${this.prefix}_${suffix}`;
    await this.admin(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
    this.created.push(name);
    return name;
  }
  async drop(name: string): Promise<void> {
    await this.admin(`DROP DATABASE IF EXISTS ${name}`);
    this.created.splice(this.created.indexOf(name), 1);
  }
  async dropAll(): Promise<void> {
    for (const name of [...this.created].reverse()) await this.drop(name);
  }
}

export async function runImportBenchmark(opts: ImportBenchOptions): Promise<ImportBenchResult> {
  const log = opts.log ?? (() => undefined);
  const load1 = loadavg()[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'fugong-bench-import-'));
  const pgCopies = opts.pgUrl ? new PgCopies(opts.pgUrl) : null;
  try {
    const { file: tpl, userId } = await template(dir);
    let pgTemplate: { name: string; userId: number } | null = null;
    if (pgCopies) {
      const name = await pgCopies.create('tpl');
      pgTemplate = { name, userId: await seedTemplate(pgCopies.urlOf(name)) };
    }
    const measures: ImportMeasure[] = [];
    for (const db of ['sqlite', ...(pgTemplate ? ['postgres'] : [])] as BenchDb[]) {
      for (const n of db === 'postgres' ? (opts.pgSizes ?? opts.sizes) : opts.sizes) {
        const rows = benchRows(n);
        for (const format of opts.formats ?? (['csv', 'xlsx'] as const)) {
          const data = format === 'csv' ? csvOf(rows) : await xlsxOf(rows);
          const m: ImportMeasure = { db, rows: n, format, fileBytes: data.length, platform: [], raw: [], platformCpu: [], rawCpu: [], platformPeakRssMiB: 0 };
          const record = (p: Timed, r: Timed) => {
            m.platform.push(p.wall);
            m.platformCpu.push(p.cpu);
            m.platformPeakRssMiB = Math.max(m.platformPeakRssMiB, p.peakRss / 2 ** 20);
            m.raw.push(r.wall);
            m.rawCpu.push(r.cpu);
          };
          for (let round = 1; round <= opts.rounds; round++) {
            if (db === 'sqlite') {
              const a = join(dir, `run-${n}-${format}-${round}-platform.sqlite`);
              copyFileSync(tpl, a);
              const p = await platformRun(`sqlite:${a}`, userId, data, `bench.${format}`, n);
              rmSync(a, { force: true });
              const b = join(dir, `run-${n}-${format}-${round}-raw.sqlite`);
              copyFileSync(tpl, b);
              const r = await rawRun(b, userId, rows);
              rmSync(b, { force: true });
              record(p, r);
            } else {
              const a = await pgCopies!.create(`p${round}`, pgTemplate!.name);
              const p = await platformRun(pgCopies!.urlOf(a), pgTemplate!.userId, data, `bench.${format}`, n);
              await pgCopies!.drop(a);
              const b = await pgCopies!.create(`r${round}`, pgTemplate!.name);
              const r = await rawRunPg(pgCopies!.urlOf(b), pgTemplate!.userId, rows);
              await pgCopies!.drop(b);
              record(p, r);
            }
            log(`${db} ${n} rows ${format} round ${round}/${opts.rounds}: platform ${m.platform.at(-1)!.toFixed(2)} s (cpu ${m.platformCpu.at(-1)!.toFixed(2)} s), raw ${m.raw.at(-1)!.toFixed(2)} s (cpu ${m.rawCpu.at(-1)!.toFixed(2)} s), load ${loadavg()[0]!.toFixed(1)}`);
          }
          measures.push(m);
        }
      }
    }
    return { measures, load1, load1End: loadavg()[0]!, rounds: opts.rounds };
  } finally {
    await pgCopies?.dropAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

const best = (xs: number[]) => Math.min(...xs);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

export const TARGET = 0.25;

/** Rows per second (best and median) and the platform ÷ raw ratio of each measure; on SQLite also by CPU time. */
export function summarise(m: ImportMeasure) {
  const platformBest = m.rows / best(m.platform);
  const platformMedian = m.rows / median(m.platform);
  const rawBest = m.rows / best(m.raw);
  const rawMedian = m.rows / median(m.raw);
  const cpuRatioMedian = median(m.rawCpu) / median(m.platformCpu);
  return { platformBest, platformMedian, rawBest, rawMedian, ratioBest: platformBest / rawBest, ratioMedian: platformMedian / rawMedian, cpuRatioMedian };
}

const DB_NAME: Record<BenchDb, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

export function resultsSection(r: ImportBenchResult, command: string): string {
  const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
  const rows = r.measures.map((m) => {
    const s = summarise(m);
    const cpu = m.db === 'sqlite' ? `${median(m.platformCpu).toFixed(2)} / ${median(m.rawCpu).toFixed(2)} s: ${pct(s.cpuRatioMedian)}` : 'n/a (server side)';
    return `| ${DB_NAME[m.db]} | ${fmt(m.rows)} | .${m.format} (${(m.fileBytes / 2 ** 20).toFixed(1)} MiB) | ${fmt(s.platformBest)} / ${fmt(s.platformMedian)} | ${fmt(s.rawBest)} / ${fmt(s.rawMedian)} | ${pct(s.ratioBest)} / ${pct(s.ratioMedian)} | ${cpu} | ${Math.round(m.platformPeakRssMiB)} MiB | ${s.ratioMedian >= TARGET ? 'met' : 'not met'} |`;
  });
  const dbs = [...new Set(r.measures.map((m) => DB_NAME[m.db]))].join(' and ');
  return [
    '<!-- import:begin -->',
    '## Bulk import',
    '',
    `Run on ${new Date().toISOString().slice(0, 10)}: ${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}; 1-minute load average ${r.load1.toFixed(2)} at the start and ${r.load1End.toFixed(2)} at the end (the machine is shared, so figures vary between runs).`,
    `Command: \`${command}\` — ${dbs}; each run on a fresh copy of one seeded database; platform and raw interleaved, ${r.rounds} round(s).`,
    '',
    '| Database | Rows | File | Platform import, rows/s best / median | Raw inserts, rows/s best / median | Platform ÷ raw (wall), best / median | CPU seconds, platform / raw (median): ratio | Peak RSS, platform | Target ≥ 25 % |',
    '|---|---:|---|---:|---:|---:|---|---:|---|',
    ...rows,
    '',
    '- Platform: `importEnterprises` (the service behind `POST /api/enterprises/import`, not dry-run): the file read as a stream, every row validated like a create (schema rules, credit-code check digit, duplicates in the file), credit codes checked against the registry in chunks, then saved in one transaction in steps of 2,000 rows (multi-row inserts of enterprises, memberships and one audit row per firm; the triggers keeping `member_keys` and `daily_figures` fire as for any write).',
    '- Raw: the same rows already in memory as strings, inserted in one transaction as a hand-written loader would — on SQLite three prepared better-sqlite3 statements per row (enterprise, membership, audit row); on PostgreSQL one prepared (named) pg statement per row inserting all three (a `with … returning` chain: one round trip per row); no file reading, no validation, no duplicate check. The same triggers fire.',
    '- "CPU seconds" is this process\'s user + system time (`process.cpuUsage`): on SQLite that is all the work, and on a loaded machine it is the steadier figure (the ratio column is raw ÷ platform, so higher is better, like the rows/s ratio); on PostgreSQL the server\'s own CPU is not counted, so only wall time is compared. Peak RSS is the benchmark process\'s largest resident set sampled every 50 ms during the platform runs (it also holds the generated rows and the file).',
    '<!-- import:end -->',
  ].join('\n');
}
