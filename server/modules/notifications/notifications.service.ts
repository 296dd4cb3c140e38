/**
 * The notification centre. `raise` is how every module tells people about an event: inside the
 * caller's transaction it writes one in-app notification per recipient (unless the recipient
 * switched that kind off) and queues one message per subscribed group-chat robot of the
 * alliance, @-mentioning the recipients who keep the webhook channel on. The actor is never
 * notified of their own doing.
 */
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Executor } from '../../core/db/database';
import { AppError } from '../../core/errors';
import { toNotification, webhookEvents } from './notifications.presenter';
import * as repo from './notifications.repository';
import {
  CHANNELS, NOTIFICATION_KINDS, type ListNotificationsQuery, type MarkReadBody, type NotificationKind, type NotificationPayload, type PutPrefsBody, type WebhookKind,
} from './notifications.schema';
import type { Outbox } from './outbox';
import { renderMessage, robotBody } from './webhooks.format';

export interface RaisedEvent {
  allianceId: number | null;
  kind: NotificationKind;
  payload: NotificationPayload;
  recipients: readonly number[];
  /** Who caused it (null for the system): never among the recipients. */
  actorUserId: number | null;
  at: Date;
}

export async function raise(db: Executor, outbox: Outbox, e: RaisedEvent): Promise<void> {
  const recipients = [...new Set(e.recipients)].filter((u) => u !== e.actorUserId);
  const off = await repo.disabledChannels(db, recipients, e.kind);
  const at = e.at.toISOString();
  const payloadJson = JSON.stringify(e.payload);
  for (const userId of recipients) {
    if (off.has(`${userId}:in_app`)) continue;
    const row = await repo.insertNotification(db, { user_id: userId, alliance_id: e.allianceId, kind: e.kind, payload_json: payloadJson, created_at: at });
    outbox.items.push({ userId, notification: toNotification(row) });
  }
  if (e.allianceId === null) return;
  const hooks = (await repo.enabledWebhooks(db, e.allianceId)).filter((h) => webhookEvents(h).includes(e.kind));
  if (!hooks.length) return;
  const mentioned = (await repo.usersByIds(db, recipients.filter((u) => !off.has(`${u}:webhook`)))).map((u) => ({ name: u.display_name, mobile: u.phone }));
  const message = renderMessage(e.kind, e.payload);
  for (const h of hooks) {
    await repo.insertDelivery(db, { webhook_id: h.id, event: e.kind, payload_json: JSON.stringify(robotBody(h.kind as WebhookKind, message, mentioned)), at });
  }
}

export async function listNotifications(deps: Deps, ctx: Ctx, q: ListNotificationsQuery) {
  const { items, total } = await repo.listNotifications(deps.db, ctx.actor.userId, q.unread ?? false, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  return { items: items.map(toNotification), total, page: q.page, pageSize: q.pageSize };
}

export async function unreadCount(deps: Deps, ctx: Ctx) {
  return { count: await repo.countUnread(deps.db, ctx.actor.userId) };
}

/** Marks the user's own notifications read (others' ids are simply not matched). */
export async function markRead(deps: Deps, ctx: Ctx, body: MarkReadBody) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const marked = await repo.markRead(trx, ctx.actor.userId, body.all ? 'all' : (body.ids ?? []), now.toISOString());
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'notification.read', targetType: 'user', targetId: ctx.actor.userId, detail: { marked, all: body.all ?? false } });
    return { marked, unread: await repo.countUnread(trx, ctx.actor.userId) };
  });
}

export async function getPrefs(deps: Deps, ctx: Ctx) {
  const rows = await repo.listPrefs(deps.db, ctx.actor.userId);
  const chosen = new Map(rows.map((r) => [`${r.event_kind}:${r.channel}`, r.enabled === 1]));
  return {
    prefs: NOTIFICATION_KINDS.flatMap((kind) => CHANNELS.map((channel) => ({ kind, channel, enabled: chosen.get(`${kind}:${channel}`) ?? true }))),
  };
}

export async function putPrefs(deps: Deps, ctx: Ctx, body: PutPrefsBody) {
  const keys = body.prefs.map((p) => `${p.kind}:${p.channel}`);
  if (new Set(keys).size !== keys.length) throw new AppError('validation_failed', {}, [{ path: 'prefs', code: 'duplicate_entry' }]);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    for (const p of body.prefs) await repo.upsertPref(trx, ctx.actor.userId, p.kind, p.channel, p.enabled);
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'notification.prefs', targetType: 'user', targetId: ctx.actor.userId, detail: { prefs: body.prefs.map((p) => `${p.kind}:${p.channel}:${p.enabled ? 'on' : 'off'}`) } });
  });
  return getPrefs(deps, ctx);
}
