/**
 * Housekeeping run on a timer by the server: drops rows whose only purpose has passed, so the
 * tables that grow with every request stay small. Idempotency keys are kept a week (clients
 * retry within minutes), login attempts a day (the rate-limit window is 15 minutes). Chain
 * analysis jobs whose process stopped sending heartbeats are failed (`analysis_interrupted`),
 * and finished ones are kept `FUGONG_ANALYSIS_RETENTION_HOURS`. Risk owners are reminded of
 * reviews that fell due (once per review date). Lent workers' personal data is purged after
 * their alliance's retention period (shared employees).
 */
import { sweepAnalysisJobs } from '../modules/chain/chain.jobs';
import { remindRiskReviews } from '../modules/risks/risks.service';
import { purgeExpiredWorkers } from '../modules/workforce/workforce.service';
import type { Deps } from './context';

export const IDEMPOTENCY_TTL_MS = 7 * 24 * 3_600_000;
export const LOGIN_ATTEMPT_TTL_MS = 24 * 3_600_000;

export async function pruneExpired(deps: Deps): Promise<{ sessions: number; loginAttempts: number; idempotencyKeys: number; analysisJobsInterrupted: number; analysisJobsPruned: number; workersPurged: number; riskReviewsReminded: number }> {
  const now = deps.clock.now();
  const idleCutoff = new Date(now.getTime() - deps.config.session.idleMinutes * 60_000).toISOString();
  const sessions = await deps.db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', now.toISOString()), eb('last_seen_at', '<', idleCutoff)]))
    .executeTakeFirst();
  const attempts = await deps.db.deleteFrom('login_attempts').where('at', '<', new Date(now.getTime() - LOGIN_ATTEMPT_TTL_MS).toISOString()).executeTakeFirst();
  const keys = await deps.db.deleteFrom('idempotency_keys').where('created_at', '<', new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString()).executeTakeFirst();
  const jobs = await sweepAnalysisJobs(deps);
  const workersPurged = await purgeExpiredWorkers(deps);
  const riskReviewsReminded = await remindRiskReviews(deps);
  return {
    sessions: Number(sessions.numDeletedRows), loginAttempts: Number(attempts.numDeletedRows), idempotencyKeys: Number(keys.numDeletedRows),
    analysisJobsInterrupted: jobs.interrupted, analysisJobsPruned: jobs.pruned, workersPurged, riskReviewsReminded,
  };
}
