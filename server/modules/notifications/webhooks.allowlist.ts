/**
 * Where outbound webhooks may post: only hosts of the allowlist (FUGONG_WEBHOOK_HOSTS — by
 * default the DingTalk and WeCom robot APIs), over HTTPS unless the entry allowed plain HTTP
 * explicitly, and on the scheme's default port only (443) unless a plain-HTTP entry names
 * another. Checked when a robot is saved (a field error on `url`) and again before every
 * delivery, so a row saved under another configuration, or written past the API, is never
 * posted to. Deliveries do not follow redirects.
 */
import type { WebhookHost } from '../../config';
import type { FieldError } from '../../core/errors';

/** Why `url` may not receive webhooks, as a field error on `url`; null when it may. */
export function webhookUrlProblem(url: string, allowed: readonly WebhookHost[]): FieldError | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { path: 'url', code: 'invalid_webhook_url' };
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password) return { path: 'url', code: 'invalid_webhook_url' };
  const entry = allowed.find((h) => h.host === u.hostname);
  if (!entry) return { path: 'url', code: 'webhook_host_not_allowed', params: { host: u.hostname, allowed: allowed.map((h) => h.host).join(', ') || '—' } };
  if (u.protocol === 'http:' && !entry.http) return { path: 'url', code: 'webhook_https_required' };
  // URL() drops a default port, so any port left is another one: another service on that host.
  if (u.port !== '' && entry.port !== '*' && !(u.protocol === 'http:' && entry.port === Number(u.port))) {
    return { path: 'url', code: 'webhook_port_not_allowed', params: { port: u.port } };
  }
  return null;
}
