/**
 * Runs the platform: opens the database, applies migrations, seeds the demo city into an empty
 * database (when enabled), serves the API and the built web app, and prints where to go.
 */
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import type { Config } from './config';
import { systemClock, type Deps } from './core/context';
import { openDatabase, type DatabaseHandle } from './core/db/database';
import { migrateToLatest } from './core/db/migrate';
import { loggerOptions } from './core/http/logging';
import { pruneExpired } from './core/maintenance';
import { QuietRequestLog } from './core/http/request-log';
import { repeatEvery } from './core/timers';
import { runScheduledBriefings } from './modules/briefings/briefings.service';
import { ensureCalendar } from './modules/calendar/calendar.service';
import { failStaleAnalysisJobs } from './modules/chain/chain.jobs';
import { sealLegacyWebhookSecrets, sealLegacyWebhookUrls } from './modules/notifications/webhooks.secrets';
import { deliverDueWebhooks } from './modules/notifications/webhooks.worker';
import { lockDueCampaigns } from './modules/purchasing/purchasing.service';
import { runEscalations } from './modules/tickets/escalation';
import { remindApplications } from './modules/policies/policies.service';
import { seedDemoBriefings } from './seed/demo-briefings';
import { isEmpty, seedDemo, type SeedSummary } from './seed/seed';

export const WEB_DIST = fileURLToPath(new URL('../dist/web', import.meta.url));

export interface Running {
  app: FastifyInstance;
  handle: DatabaseHandle;
  url: string;
  seeded: SeedSummary | null;
  close(): Promise<void>;
}

/**
 * Brings a database up to date: pending migrations, the working-day calendar when missing, and
 * webhook secrets and addresses stored in clear by older versions sealed. Run by `serve`/`start` and `migrate`.
 */
export async function prepareDatabase(deps: Deps, log: (line: string) => void): Promise<void> {
  const applied = await migrateToLatest(deps.db);
  log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database is up to date');
  if (await ensureCalendar(deps)) log('working-day calendar loaded from the official 2025–2026 notices');
  const sealed = await sealLegacyWebhookSecrets(deps);
  if (sealed) log(`webhook signing secrets sealed with FUGONG_SECRET_KEY: ${sealed}`);
  const sealedUrls = await sealLegacyWebhookUrls(deps);
  if (sealedUrls) log(`webhook addresses sealed with FUGONG_SECRET_KEY: ${sealedUrls}`);
}

export async function startServer(config: Config, opts: { log?: (line: string) => void } = {}): Promise<Running> {
  const log = opts.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const handle = openDatabase(config.databaseUrl);
  const deps: Deps = { db: handle.db, dialect: handle.dialect, config, clock: systemClock };
  await prepareDatabase(deps, log);
  let seeded: SeedSummary | null = null;
  if (config.seedDemo && (await isEmpty(deps))) {
    log('empty database: seeding the demo city …');
    seeded = await seedDemo(deps);
  }
  const app = await buildApp(deps, { webDir: WEB_DIST, logger: loggerOptions(config), logController: new QuietRequestLog() });
  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${config.port}`;
  log('');
  log(`Fugong 复工 is running at ${url}  (database: ${handle.describe})`);
  log(`API docs: ${url}/api/docs`);
  if (seeded) {
    log(`Demo city: ${seeded.alliances} alliances, ${seeded.enterprises} enterprises, ${seeded.reports} daily reports.`);
    log(`Demo logins (password for all: ${seeded.password}):`);
    for (const u of seeded.users.filter((x) => x.label)) log(`  ${u.username.padEnd(14)} ${u.label}`);
  }
  // The demo's briefings are made after the server answers (a few seconds of rendering .xlsx files).
  const demoBriefings = seeded
    ? seedDemoBriefings(deps).then(({ generated }) => app.log.info({ generated }, 'demo briefings made'), (err) => app.log.error({ err }, 'demo briefings failed'))
    : Promise.resolve();
  const stopTimers = [
    repeatEvery(3_600_000, () => pruneExpired(deps), (err) => app.log.error({ err }, 'housekeeping failed')),
    repeatEvery(60_000, () => runEscalations(deps), (err) => app.log.error({ err }, 'escalation run failed')),
    repeatEvery(600_000, () => remindApplications(deps), (err) => app.log.error({ err }, 'policy reminders failed')),
    // Group purchases past their pledge deadline are locked and allocated (a pledge after it is refused anyway).
    repeatEvery(60_000, () => lockDueCampaigns(deps), (err) => app.log.error({ err }, 'purchase deadline run failed')),
    repeatEvery(15_000, () => deliverDueWebhooks(deps), (err) => app.log.error({ err }, 'webhook delivery failed')),
    // Daily and weekly briefings, once the configured time has passed (Asia/Shanghai).
    repeatEvery(60_000, () => runScheduledBriefings(deps), (err) => app.log.error({ err }, 'scheduled briefings failed')),
    // Analysis jobs of a process that died are failed within a stale period, not at the next hourly sweep.
    repeatEvery(config.analysisJobs.staleSeconds * 1000, () => failStaleAnalysisJobs(deps), (err) => app.log.error({ err }, 'analysis job sweep failed')),
  ];
  const close = async () => {
    for (const stop of stopTimers) stop();
    await demoBriefings;
    await app.close();
    await handle.destroy();
  };
  return { app, handle, url, seeded, close };
}
