/**
 * Outbound webhooks of an alliance: group-chat robots (DingTalk, WeCom) that receive the events
 * the alliance subscribes to. Messages are queued by `raise` and sent by the delivery worker.
 */
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Trx } from '../../core/db/database';
import { notFound, validationFailed, versionConflict } from '../../core/errors';
import { tenantOf } from '../../core/tenant';
import { toDelivery, toWebhook } from './notifications.presenter';
import * as repo from './notifications.repository';
import type { CreateWebhookBody, DeliveryResponse, UpdateWebhookBody, WebhookKind, WebhookResponse } from './notifications.schema';
import { webhookUrlProblem } from './webhooks.allowlist';
import { renderMessage, robotBody } from './webhooks.format';
import { openWebhookUrl, sealWebhookSecret, sealWebhookUrl } from './webhooks.secrets';
import type { WebhookRow } from './notifications.repository';

/** A robot as shown: its address opened to be masked (or a placeholder when the key cannot open it). */
function present(deps: Deps, row: WebhookRow): WebhookResponse {
  let url: string;
  try {
    url = openWebhookUrl(deps.config, row.url);
  } catch {
    url = 'https://sealed.invalid/';
  }
  return toWebhook({ ...row, url });
}

export async function listWebhooks(deps: Deps, ctx: Ctx) {
  return { items: (await repo.listWebhooks(deps.db, tenantOf(ctx))).map((row) => present(deps, row)) };
}

async function loadWebhook(db: Deps['db'] | Trx, ctx: Ctx, id: number) {
  const row = await repo.findWebhook(db, tenantOf(ctx), id);
  if (!row) throw notFound();
  return row;
}

/** Refuses an address outside the allowlist (FUGONG_WEBHOOK_HOSTS) with a field error on `url`. */
function checkUrl(deps: Deps, url: string): void {
  const problem = webhookUrlProblem(url, deps.config.webhookHosts);
  if (problem) throw validationFailed([problem]);
}

export async function createWebhook(trx: Trx, deps: Deps, ctx: Ctx, body: CreateWebhookBody): Promise<WebhookResponse> {
  checkUrl(deps, body.url);
  const now = deps.clock.now();
  const at = now.toISOString();
  const id = await repo.insertWebhook(trx, {
    alliance_id: tenantOf(ctx), kind: body.kind, name: body.name, url: sealWebhookUrl(deps.config, body.url), secret: sealWebhookSecret(deps.config, body.secret),
    events_json: JSON.stringify([...new Set(body.events)]), enabled: body.enabled ? 1 : 0, created_by: ctx.actor.userId, created_at: at, updated_at: at,
  });
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'webhook.create', targetType: 'webhook', targetId: id, detail: { kind: body.kind, name: body.name, events: body.events } });
  return present(deps, (await repo.findWebhook(trx, tenantOf(ctx), id))!);
}

export async function updateWebhook(deps: Deps, ctx: Ctx, id: number, body: UpdateWebhookBody): Promise<WebhookResponse> {
  if (body.url !== undefined) checkUrl(deps, body.url);
  return deps.db.transaction().execute(async (trx) => {
    const current = await loadWebhook(trx, ctx, id);
    if (current.version !== body.version) throw versionConflict(current.version);
    const now = deps.clock.now();
    const changes: Parameters<typeof repo.updateWebhook>[3] = { updated_at: now.toISOString() };
    if (body.kind !== undefined) changes.kind = body.kind;
    if (body.name !== undefined) changes.name = body.name;
    if (body.url !== undefined) changes.url = sealWebhookUrl(deps.config, body.url);
    if (body.secret !== undefined) changes.secret = sealWebhookSecret(deps.config, body.secret);
    if (body.events !== undefined) changes.events_json = JSON.stringify([...new Set(body.events)]);
    if (body.enabled !== undefined) changes.enabled = body.enabled ? 1 : 0;
    if (!(await repo.updateWebhook(trx, id, body.version, changes))) throw versionConflict(current.version + 1);
    const { version, secret, ...fields } = body;
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'webhook.update', targetType: 'webhook', targetId: id, detail: { fields: [...Object.keys(fields), ...(secret !== undefined ? ['secret'] : [])], fromVersion: version } });
    return present(deps, (await repo.findWebhook(trx, tenantOf(ctx), id))!);
  });
}

export async function deleteWebhook(deps: Deps, ctx: Ctx, id: number, version: number) {
  await deps.db.transaction().execute(async (trx) => {
    const current = await loadWebhook(trx, ctx, id);
    if (current.version !== version || !(await repo.deleteWebhook(trx, id, version))) throw versionConflict(current.version);
    await recordAudit(trx, { ...auditFrom(ctx, deps.clock.now()), action: 'webhook.delete', targetType: 'webhook', targetId: id, detail: { name: current.name } });
  });
  return { ok: true as const };
}

/** Queues a test message to one robot, whatever its subscriptions (and even when disabled). */
export async function testWebhook(trx: Trx, deps: Deps, ctx: Ctx, id: number): Promise<DeliveryResponse> {
  const hook = await loadWebhook(trx, ctx, id);
  const now = deps.clock.now();
  const body = robotBody(hook.kind as WebhookKind, renderMessage('webhook.test', { name: hook.name }), []);
  const deliveryId = await repo.insertDelivery(trx, { webhook_id: id, event: 'webhook.test', payload_json: JSON.stringify(body), at: now.toISOString() });
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'webhook.test', targetType: 'webhook', targetId: id });
  return toDelivery((await repo.findDelivery(trx, deliveryId))!);
}

export async function listDeliveries(deps: Deps, ctx: Ctx, id: number, q: { page: number; pageSize: number; status?: string }) {
  await loadWebhook(deps.db, ctx, id);
  const { items, total } = await repo.listDeliveries(deps.db, id, q.status, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  return { items: items.map(toDelivery), total, page: q.page, pageSize: q.pageSize };
}
