/**
 * The webhook delivery worker. Each pass takes the pending deliveries that are due, claims each
 * one (a conditional update, so two server processes never send the same attempt), posts it,
 * and records the outcome. A failed attempt is retried with exponential backoff — after 1 min,
 * 5 min, 30 min and 2 h — and a delivery that failed 5 times is given up (`failed`). Every
 * attempt stays visible in the delivery log.
 *
 * Before posting, the address is checked against the allowlist again and the signing secret is
 * opened; when either fails (a row from another configuration, a changed FUGONG_SECRET_KEY) the
 * delivery fails at once without a request — retrying would not help. Redirects are not followed,
 * so an allowed host cannot forward a message elsewhere.
 */
import type { Deps } from '../../core/context';
import * as repo from './notifications.repository';
import type { WebhookKind } from './notifications.schema';
import { webhookUrlProblem } from './webhooks.allowlist';
import { deliveryUrl, isAccepted } from './webhooks.format';
import { openWebhookSecret, openWebhookUrl } from './webhooks.secrets';

/** Wait before attempt n+1 after attempt n failed (n = 1…4). */
export const BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000] as const;
export const MAX_ATTEMPTS = BACKOFF_MS.length + 1;
const REQUEST_TIMEOUT_MS = 10_000;
const LEASE_MS = 60_000;
const BATCH = 20;

export interface DeliveryPassResult {
  attempted: number;
  delivered: number;
  failed: number;
  retrying: number;
}

async function post(url: string, body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  return { status: res.status, text: (await res.text()).slice(0, 1000) };
}

/** One pass over the due deliveries, at the clock's time. */
export async function deliverDueWebhooks(deps: Deps): Promise<DeliveryPassResult> {
  const result: DeliveryPassResult = { attempted: 0, delivered: 0, failed: 0, retrying: 0 };
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  for (const d of await repo.dueDeliveries(deps.db, nowIso, BATCH)) {
    if (!(await repo.claimDelivery(deps.db, d.id, d.attempt, nowIso, new Date(now.getTime() + LEASE_MS).toISOString()))) continue;
    result.attempted += 1;
    const attempt = d.attempt + 1;
    let responseCode: number | null = null;
    let error: string | null = null;
    let ok = false;
    /** A failure no retry can mend: give up at once. */
    let permanent = false;
    let secret: string | null = null;
    let url = '';
    try {
      url = openWebhookUrl(deps.config, d.url);
    } catch {
      permanent = true;
      error = 'the robot address cannot be decrypted (was FUGONG_SECRET_KEY changed?)';
    }
    const refused = permanent ? null : webhookUrlProblem(url, deps.config.webhookHosts);
    if (refused) {
      permanent = true;
      error = refused.code === 'webhook_host_not_allowed' ? `host ${String(refused.params?.host)} is not allowed (FUGONG_WEBHOOK_HOSTS)` : refused.code === 'webhook_https_required' ? 'only HTTPS is allowed for this host (FUGONG_WEBHOOK_HOSTS)' : refused.code === 'webhook_port_not_allowed' ? `port ${String(refused.params?.port)} is not allowed (FUGONG_WEBHOOK_HOSTS)` : 'invalid webhook address';
    } else if (!permanent) {
      try {
        secret = openWebhookSecret(deps.config, d.secret);
      } catch {
        permanent = true;
        error = 'the signing secret cannot be decrypted (was FUGONG_SECRET_KEY changed?)';
      }
    }
    if (!permanent) {
      try {
        const res = await post(deliveryUrl(d.kind as WebhookKind, url, secret, now.getTime()), d.payload_json);
        responseCode = res.status;
        ok = isAccepted(res.status, res.text);
        if (!ok) error = res.text || `HTTP ${res.status}`;
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
    }
    const at = deps.clock.now().toISOString();
    if (ok) {
      result.delivered += 1;
      await repo.finishAttempt(deps.db, d.id, { attempt, status: 'delivered', responseCode, error: null, nextAttemptAt: null, deliveredAt: at, at });
    } else if (permanent || attempt >= MAX_ATTEMPTS) {
      result.failed += 1;
      await repo.finishAttempt(deps.db, d.id, { attempt, status: 'failed', responseCode, error, nextAttemptAt: null, deliveredAt: null, at });
    } else {
      result.retrying += 1;
      const next = new Date(now.getTime() + BACKOFF_MS[attempt - 1]!).toISOString();
      await repo.finishAttempt(deps.db, d.id, { attempt, status: 'pending', responseCode, error, nextAttemptAt: next, deliveredAt: null, at });
    }
  }
  return result;
}
