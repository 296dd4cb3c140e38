/**
 * The servers the HTTP benchmark loads, one per child process so the load generator (the
 * parent) does not share their event loop:
 *
 *   fugong [--default-request-log]  the platform on a seeded temporary SQLite file, logging at
 *                                    info to /dev/null as `serve` does (QuietRequestLog), or with
 *                                    Fastify's default per-request lines (the old behaviour)
 *   bare HEADERS_JSON BODY           a bare node:http server answering every request with the
 *                                    given headers and body
 *
 * Prints `{"port":N}` on stdout once listening.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { buildApp } from '../../server/app';
import { parseConfig } from '../../server/config';
import { systemClock, type Deps } from '../../server/core/context';
import { openDatabase } from '../../server/core/db/database';
import { QuietRequestLog } from '../../server/core/http/request-log';
import { prepareDatabase } from '../../server/server';
import { seedDemo } from '../../server/seed/seed';

const [mode, ...rest] = process.argv.slice(2);
const ready = (port: number) => process.stdout.write(`${JSON.stringify({ port })}\n`);

if (mode === 'bare') {
  const headers = JSON.parse(rest[0]!) as Record<string, string>;
  const body = Buffer.from(rest[1]!, 'utf8');
  const server = createServer((_req, res) => {
    res.writeHead(200, headers);
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => ready((server.address() as { port: number }).port));
} else if (mode === 'fugong') {
  const dir = mkdtempSync(join(tmpdir(), 'fugong-bench-http-'));
  const config = parseConfig({ ...process.env, DATABASE_URL: `sqlite:${join(dir, 'bench.sqlite')}`, FUGONG_SEED_DEMO: 'false', LOG_LEVEL: 'info', NODE_ENV: 'development' });
  const handle = openDatabase(config.databaseUrl);
  const deps: Deps = { db: handle.db, dialect: handle.dialect, config, clock: systemClock };
  await prepareDatabase(deps, () => {});
  await seedDemo(deps, { scale: 0.05, days: 3 });
  const logger = pino({ level: 'info', redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'] }, pino.destination({ dest: '/dev/null', sync: false }));
  const app = await buildApp(deps, { loggerInstance: logger, ...(rest.includes('--default-request-log') ? {} : { logController: new QuietRequestLog() }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  ready((app.server.address() as { port: number }).port);
  const stop = async () => {
    await app.close();
    await handle.destroy();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
} else {
  throw new Error(`unknown mode ${mode}`);
}
