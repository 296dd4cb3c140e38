/**
 * The `fugong` command line: run the platform, migrate, seed, manage users, and move the
 * registry in and out of spreadsheets. Long runs show progress on stderr.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SingleBar, Presets } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig, type Config } from './config';
import type { Ctx, Deps } from './core/context';
import { AppError } from './core/errors';
import { message } from './core/i18n';

// Every command loads what it uses when it runs (`await import(…)`): `chain simulate` needs the
// engine, not the HTTP server, the database drivers, the seed or exceljs, and loading all of them
// through tsx cost each run about two seconds before its first line.

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function int(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive whole number');
  return n;
}

function progressBar(label: string) {
  const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% {value}/{total}`, stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  let started = false;
  let lastLine = 0;
  return {
    update(done: number, total: number) {
      if (!process.stderr.isTTY) {
        // Logs and pipes get a plain line every few seconds (and at the end) instead of a bar.
        const now = Date.now();
        if (done === total || now - lastLine >= 5000) {
          lastLine = now;
          process.stderr.write(`${label.trim()} ${done}/${total}\n`);
        }
        return;
      }
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/**
 * Writes an alliance's supply-chain map in the `chain simulate` input format (FORMAT.md next to
 * chain.cli.ts): firm ids are enterprise ids as strings, items are named by the alliance's item
 * names, capacities and outputs come from the latest daily reports (as the web analysis uses them).
 * JSON by default; the binary `.fgn` format when `format` is 'fgn' or the file name ends in .fgn.
 */
export async function exportNetwork(
  deps: Deps,
  allianceRef: string,
  outPath: string,
  opts: { includePending?: boolean; format?: 'json' | 'fgn' } = {},
): Promise<{ firms: number; links: number }> {
  const [{ findAllianceByName }, { loadMap }, { writeNetworkBinary }, { inputOrderOf }, { DEFAULT_THETA, buildNetwork }] = await Promise.all([
    import('./modules/alliances/alliances.repository'),
    import('./modules/chain/chain.analysis'),
    import('./modules/chain/chain.fgn'),
    import('./modules/chain/chain.load'),
    import('./modules/chain/engine/index'),
  ]);
  const alliance = /^\d+$/.test(allianceRef)
    ? await deps.db.selectFrom('alliances').select('id').where('id', '=', Number(allianceRef)).executeTakeFirst()
    : await findAllianceByName(deps.db, allianceRef);
  if (!alliance) throw new Error(`no alliance ${allianceRef}`);
  const map = await loadMap(deps, alliance.id, !!opts.includePending);
  const item = (id: string) => map.items.get(Number(id)) ?? id;
  if (opts.format === 'fgn' || (opts.format === undefined && outPath.toLowerCase().endsWith('.fgn'))) {
    const input = {
      firms: map.input.firms,
      links: map.input.links.map((l) => ({ ...l, item: item(l.item) })),
      stocks: (map.input.stocks ?? []).map((st) => ({ ...st, item: item(st.item) })),
    };
    const net = buildNetwork(input);
    writeNetworkBinary(outPath, net, { theta: DEFAULT_THETA, horizon: undefined, inputOrder: inputOrderOf(net, input.firms.map((f) => f.id)) });
    return { firms: input.firms.length, links: input.links.length };
  }
  const file = {
    firms: map.input.firms.map((f) => ({ id: f.id, capacity: f.capacity, actual: f.actual, weight: f.weight })),
    links: map.input.links.map((l) => ({ supplier: l.supplier, customer: l.customer, item: item(l.item), share: l.share, essential: l.essential, leadDays: l.leadDays })),
    stocks: (map.input.stocks ?? []).map((st) => ({ firm: st.firm, item: item(st.item), days: st.days })),
  };
  writeFileSync(outPath, `${JSON.stringify(file, null, 1)}\n`, 'utf8');
  return { firms: file.firms.length, links: file.links.length };
}

/** Runs a command against the configured database, brought up to date first unless `prepare` is false. */
async function withDeps<T>(fn: (deps: Deps, config: Config) => Promise<T>, opts: { prepare?: boolean } = {}): Promise<T> {
  const [{ systemClock }, { openDatabase }, { prepareDatabase }] = await Promise.all([import('./core/context'), import('./core/db/database'), import('./server')]);
  const config = loadConfig();
  const handle = openDatabase(config.databaseUrl);
  try {
    const deps: Deps = { db: handle.db, dialect: handle.dialect, config, clock: systemClock };
    if (opts.prepare !== false) await prepareDatabase(deps, () => {});
    return await fn(deps, config);
  } finally {
    await handle.destroy();
  }
}

/** The context a CLI command acts in: a named user (default: the first platform admin) in an alliance. */
async function cliCtx(deps: Deps, allianceRef: string, as: string | undefined): Promise<Ctx> {
  const [{ findAllianceByName }, { actorForUser }] = await Promise.all([import('./modules/alliances/alliances.repository'), import('./modules/auth/auth.service')]);
  const alliance = /^\d+$/.test(allianceRef)
    ? await deps.db.selectFrom('alliances').selectAll().where('id', '=', Number(allianceRef)).executeTakeFirst()
    : await findAllianceByName(deps.db, allianceRef);
  if (!alliance) throw new Error(`no alliance ${allianceRef}`);
  const user = as
    ? await deps.db.selectFrom('users').select('id').where('username', '=', as).executeTakeFirst()
    : await deps.db.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').select('users.id').where('user_roles.role', '=', 'platform_admin').orderBy('users.id').executeTakeFirst();
  if (!user) throw new Error(as ? `no user ${as}` : 'no platform admin exists; create one with `fugong user create --role platform_admin`');
  const actor = await actorForUser(deps, user.id, alliance.id);
  return { actor, requestId: `cli-${Date.now()}`, locale: 'zh-CN' };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the web app when dist/web is missing or older than its sources. */
async function ensureWebBuilt(force: boolean) {
  const { WEB_DIST } = await import('./server');
  const index = join(WEB_DIST, 'index.html');
  const webSrc = join(ROOT, 'web');
  if (!existsSync(webSrc) || !existsSync(join(webSrc, 'index.html'))) return;
  if (!force && existsSync(index) && statSync(index).mtimeMs >= newestMtime(webSrc)) return;
  process.stderr.write('building the web app (vite build) …\n');
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('web build failed');
}

export function buildProgram(): Command {
  const program = new Command('fugong').description('Fugong 复工 — resumption platform for industrial alliances').showHelpAfterError();

  program
    .command('start')
    .description('build the web app if needed, then serve (what `npm start` runs)')
    .option('--rebuild', 'rebuild the web app even if it looks current')
    .action(async (o: { rebuild?: boolean }) => {
      await ensureWebBuilt(!!o.rebuild);
      await serve(loadConfig());
    });

  program
    .command('serve')
    .description('serve the API and the built web app; migrates and seeds an empty database first')
    .option('-p, --port <port>', 'port (default PORT or 8080)', int)
    .action(async (o: { port?: number }) => {
      const config = loadConfig();
      await serve(o.port ? { ...config, port: o.port } : config);
    });

  program
    .command('dev')
    .description('serve the API and the Vite dev server with hot reload (the web app proxies /api to the API)')
    .action(async () => {
      const config = loadConfig();
      await serve(config);
      const vite = spawn(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js')], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, FUGONG_API_PORT: String(config.port) } });
      process.once('exit', () => vite.kill('SIGTERM'));
    });

  program
    .command('migrate')
    .description('apply pending database migrations')
    .option('--down-all', 'revert every migration (destroys all data)')
    .action(async (o: { downAll?: boolean }) => {
      await withDeps(async (deps) => {
        const [{ prepareDatabase }, { migrateDownAll }] = await Promise.all([import('./server'), import('./core/db/migrate')]);
        const log = (line: string) => process.stdout.write(`${line}\n`);
        if (!o.downAll) return prepareDatabase(deps, log);
        const names = await migrateDownAll(deps.db);
        log(names.length ? `reverted: ${names.join(', ')}` : 'nothing to revert');
      }, { prepare: false });
    });

  const seed = program.command('seed').description('load data');
  seed
    .command('demo')
    .description('seed the deterministic demo city into an empty database')
    .option('--scale <n>', 'multiply member counts (1 ≈ 215 firms, 500 ≈ 107,500)', Number, 1)
    .option('--seed <n>', 'random seed', int, 2020)
    .option('--days <n>', 'days of daily reports', int, 14)
    .action(async (o: { scale: number; seed: number; days: number }) => {
      if (!(o.scale > 0 && o.scale <= 5000)) throw new InvalidArgumentError('--scale must be in (0, 5000]');
      const { seedDemo } = await import('./seed/seed');
      await withDeps(async (deps) => {
        const bars = new Map<string, ReturnType<typeof progressBar>>();
        const started = Date.now();
        const summary = await seedDemo(deps, {
          scale: o.scale, seed: o.seed, days: o.days,
          onProgress: (phase, done, total) => {
            if (!bars.has(phase)) {
              for (const b of bars.values()) b.stop();
              bars.set(phase, progressBar(phase.padEnd(11)));
            }
            bars.get(phase)!.update(done, total);
          },
        });
        for (const b of bars.values()) b.stop();
        process.stdout.write(`seeded ${summary.alliances} alliances, ${summary.enterprises} enterprises, ${summary.reports} reports in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
        process.stdout.write(`demo logins (password ${summary.password}): ${summary.users.filter((u) => u.label).map((u) => u.username).join(', ')}\n`);
      });
    });

  const user = program.command('user').description('manage accounts');
  user
    .command('create')
    .description('create an account with one role')
    .requiredOption('--username <name>')
    .requiredOption('--name <displayName>')
    .requiredOption('--password <password>')
    .requiredOption('--role <role>', 'platform_admin | secretary | group_member | commissioner | expert | enterprise_admin | enterprise_staff')
    .option('--alliance <idOrName>', 'alliance for alliance roles')
    .option('--group <group>', 'working group for group_member: policy | tech | market | prevention')
    .option('--enterprise <id>', 'enterprise for enterprise roles', int)
    .action(async (o: { username: string; name: string; password: string; role: string; alliance?: string; group?: string; enterprise?: number }) => {
      const [{ findAllianceByName }, { CreateUserBody }, { createUser }] = await Promise.all([
        import('./modules/alliances/alliances.repository'),
        import('./modules/users/users.schema'),
        import('./modules/users/users.service'),
      ]);
      await withDeps(async (deps) => {
        let allianceId: number | null = null;
        if (o.alliance) {
          const a = /^\d+$/.test(o.alliance) ? { id: Number(o.alliance) } : await findAllianceByName(deps.db, o.alliance);
          if (!a) throw new Error(`no alliance ${o.alliance}`);
          allianceId = a.id;
        }
        const body = CreateUserBody.parse({ username: o.username, displayName: o.name, password: o.password, grants: [{ role: o.role, workingGroup: o.group ?? null, enterpriseId: o.enterprise ?? null }] });
        const created = await deps.db.transaction().execute((trx) => createUser(trx, deps, null, allianceId, body));
        process.stdout.write(`created user ${created.username} (#${created.id})\n`);
      });
    });

  const imp = program.command('import').description('import data');
  imp
    .command('enterprises <file>')
    .description('import member enterprises from .xlsx or .csv; nothing is saved if any row is invalid')
    .requiredOption('--alliance <idOrName>', 'alliance the enterprises join')
    .option('--as <username>', 'user recorded in the audit log (default: first platform admin)')
    .option('--dry-run', 'validate only')
    .action(async (file: string, o: { alliance: string; as?: string; dryRun?: boolean }) => {
      const { importEnterprises } = await import('./modules/enterprises/enterprises.import');
      await withDeps(async (deps) => {
        const ctx = await cliCtx(deps, o.alliance, o.as);
        // One bar per phase: reading (rows so far; the total is known at the end), checking, saving.
        let phase = '';
        let bar = progressBar('');
        const onProgress = (p: string, d: number, t: number | null) => {
          if (p === 'done') return;
          if (p !== phase) {
            bar.stop();
            bar = progressBar(`${p.padEnd(8)} `);
            phase = p;
          }
          bar.update(d, t ?? Math.max(d, 1));
        };
        const result = await importEnterprises(deps, ctx, { data: readFileSync(file), filename: file }, { dryRun: !!o.dryRun, onProgress }).finally(() => bar.stop());
        for (const e of result.errors) process.stderr.write(`row ${e.row} ${e.path}: ${e.message}\n`);
        process.stdout.write(result.dryRun ? `${result.rows} rows checked, ${result.errorRows} with errors (dry run, nothing saved)\n` : `imported ${result.imported} enterprises\n`);
        if (result.errors.length) process.exitCode = 1;
      });
    });

  const exp = program.command('export').description('export data');
  exp
    .command('enterprises <file>')
    .description('export an alliance\'s member enterprises to .xlsx')
    .requiredOption('--alliance <idOrName>')
    .option('--as <username>')
    .action(async (file: string, o: { alliance: string; as?: string }) => {
      const { exportEnterprises } = await import('./modules/enterprises/enterprises.import');
      await withDeps(async (deps) => {
        const ctx = await cliCtx(deps, o.alliance, o.as);
        writeFileSync(file, await exportEnterprises(deps, ctx, {}));
        process.stdout.write(`wrote ${file}\n`);
      });
    });

  const chain = program.command('chain').description('supply-chain break analysis from files');
  chain
    .command('simulate')
    .description('run the chain-break engine on a network file (format: server/modules/chain/FORMAT.md) and write the result file')
    .requiredOption('--in <file>', 'network file (JSON, or binary .fgn from `chain export-network`)')
    .requiredOption('--out <file>', 'result file to write (JSON)')
    .option('--horizon <days>', 'days to simulate (overrides the file; default 30)', int)
    .option('--static', "today's sustainable output instead of the day-by-day model")
    .option('--workers <n>', 'worker threads for the criticality ranking and the help list (1: in this thread)', int, 2)
    .option('--candidates <n>', 'rank criticality and help priority over the N firms with the largest exposure', int, 2000)
    .action(async (o: { in: string; out: string; horizon?: number; static?: boolean; workers: number; candidates: number }) => {
      const started = Date.now();
      const [{ simulateFile }, { NetworkInputError }] = await Promise.all([import('./modules/chain/chain.cli'), import('./modules/chain/engine/network')]);
      const bar = progressBar('simulating ');
      const failed = await simulateFile({
        inPath: o.in,
        outPath: o.out,
        horizon: o.horizon,
        static: !!o.static,
        workers: o.workers,
        candidates: o.candidates,
        onProgress: (d, t) => bar.update(d, t),
        onStage: (line) => process.stderr.write(`${line}\n`),
      }).then(
        () => null,
        (err: unknown) => {
          if (err instanceof NetworkInputError) return err;
          throw err;
        },
      ).finally(() => bar.stop());
      if (failed) {
        process.stderr.write(`${o.in}: invalid network file (${failed.issues.length} problem${failed.issues.length === 1 ? '' : 's'})\n`);
        for (const issue of failed.issues) process.stderr.write(`${issue.path || '(file)'}: ${issue.message}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`wrote ${o.out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    });
  chain
    .command('export-network')
    .description("write an alliance's supply-chain map as a network file for `chain simulate` (firm ids = enterprise ids)")
    .requiredOption('--alliance <idOrName>')
    .requiredOption('--out <file>', 'network file to write (JSON; binary .fgn when the name ends in .fgn)')
    .option('--format <format>', 'json or fgn (default: from the file name)')
    .option('--include-pending', 'also count links still waiting for confirmation')
    .action(async (o: { alliance: string; out: string; includePending?: boolean; format?: string }) => {
      if (o.format !== undefined && o.format !== 'json' && o.format !== 'fgn') throw new InvalidArgumentError('--format must be json or fgn');
      await withDeps(async (deps) => {
        const n = await exportNetwork(deps, o.alliance, o.out, { includePending: !!o.includePending, format: o.format as 'json' | 'fgn' | undefined });
        process.stdout.write(`wrote ${o.out}: ${n.firms} firms, ${n.links} links\n`);
      });
    });

  return program;
}

async function serve(config: Config) {
  const { startServer } = await import('./server');
  const running = await startServer(config);
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
    else if (err instanceof AppError) {
      process.stderr.write(`error: ${message('zh-CN', err.code, err.params) ?? err.code} (${err.code})\n`);
      for (const f of err.fieldErrors) process.stderr.write(`  ${f.path}: ${f.code}\n`);
      const rows = (err.extra.rowErrors as { row: number; path: string; message: string }[] | undefined) ?? [];
      for (const r of rows) process.stderr.write(`  row ${r.row} ${r.path}: ${r.message}\n`);
    } else process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
