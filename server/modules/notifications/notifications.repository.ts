/** Queries of notifications, preferences, webhooks and their delivery log. */
import type { Executor } from '../../core/db/database';

// Notifications -------------------------------------------------------------------------------

export async function insertNotification(db: Executor, row: { user_id: number; alliance_id: number | null; kind: string; payload_json: string; created_at: string }) {
  return db.insertInto('notifications').values({ ...row, read_at: null }).returning(['id', 'user_id', 'alliance_id', 'kind', 'payload_json', 'read_at', 'created_at']).executeTakeFirstOrThrow();
}

export type NotificationRow = Awaited<ReturnType<typeof insertNotification>>;

export function findNotification(db: Executor, userId: number, id: number) {
  return db.selectFrom('notifications').select(['id', 'user_id', 'alliance_id', 'kind', 'payload_json', 'read_at', 'created_at']).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
}

export async function listNotifications(db: Executor, userId: number, unreadOnly: boolean, page: { offset: number; limit: number }) {
  let q = db.selectFrom('notifications').where('user_id', '=', userId);
  if (unreadOnly) q = q.where('read_at', 'is', null);
  const items = await q.select(['id', 'user_id', 'alliance_id', 'kind', 'payload_json', 'read_at', 'created_at']).orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute();
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { items, total: Number(total.n) };
}

export async function countUnread(db: Executor, userId: number): Promise<number> {
  const r = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function markRead(db: Executor, userId: number, ids: readonly number[] | 'all', at: string): Promise<number> {
  let q = db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (ids !== 'all') q = q.where('id', 'in', [...ids]);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// Preferences ---------------------------------------------------------------------------------

export function listPrefs(db: Executor, userId: number) {
  return db.selectFrom('notification_prefs').select(['event_kind', 'channel', 'enabled']).where('user_id', '=', userId).execute();
}

/** `user:channel` keys of the given users who switched `kind` off. */
export async function disabledChannels(db: Executor, userIds: readonly number[], kind: string): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await db
    .selectFrom('notification_prefs')
    .select(['user_id', 'channel'])
    .where('user_id', 'in', [...userIds])
    .where('event_kind', '=', kind)
    .where('enabled', '=', 0)
    .execute();
  return new Set(rows.map((r) => `${r.user_id}:${r.channel}`));
}

export async function upsertPref(db: Executor, userId: number, kind: string, channel: string, enabled: boolean) {
  await db
    .insertInto('notification_prefs')
    .values({ user_id: userId, event_kind: kind, channel, enabled: enabled ? 1 : 0 })
    .onConflict((oc) => oc.columns(['user_id', 'event_kind', 'channel']).doUpdateSet({ enabled: enabled ? 1 : 0 }))
    .execute();
}

export function usersByIds(db: Executor, ids: readonly number[]) {
  if (!ids.length) return Promise.resolve([] as { id: number; display_name: string; phone: string | null }[]);
  return db.selectFrom('users').select(['id', 'display_name', 'phone']).where('id', 'in', [...ids]).execute();
}

// Webhooks ------------------------------------------------------------------------------------

const webhookColumns = ['id', 'alliance_id', 'kind', 'name', 'url', 'secret', 'events_json', 'enabled', 'created_at', 'updated_at', 'version'] as const;

export function listWebhooks(db: Executor, allianceId: number) {
  return db.selectFrom('webhooks').select(webhookColumns).where('alliance_id', '=', allianceId).orderBy('id').execute();
}

export function findWebhook(db: Executor, allianceId: number, id: number) {
  return db.selectFrom('webhooks').select(webhookColumns).where('alliance_id', '=', allianceId).where('id', '=', id).executeTakeFirst();
}

export type WebhookRow = NonNullable<Awaited<ReturnType<typeof findWebhook>>>;

export async function insertWebhook(db: Executor, row: { alliance_id: number; kind: string; name: string; url: string; secret: string | null; events_json: string; enabled: number; created_by: number; created_at: string; updated_at: string }): Promise<number> {
  const r = await db.insertInto('webhooks').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateWebhook(db: Executor, id: number, version: number, changes: Partial<{ kind: string; name: string; url: string; secret: string | null; events_json: string; enabled: number }> & { updated_at: string }): Promise<boolean> {
  const r = await db.updateTable('webhooks').set((eb) => ({ ...changes, version: eb('version', '+', 1) })).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteWebhook(db: Executor, id: number, version: number): Promise<boolean> {
  const r = await db.deleteFrom('webhooks').where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Enabled webhooks of an alliance (the caller filters by subscribed event). */
export function enabledWebhooks(db: Executor, allianceId: number) {
  return db.selectFrom('webhooks').select(webhookColumns).where('alliance_id', '=', allianceId).where('enabled', '=', 1).execute();
}

// Deliveries ----------------------------------------------------------------------------------

const deliveryColumns = ['id', 'webhook_id', 'event', 'payload_json', 'attempt', 'status', 'response_code', 'next_attempt_at', 'lease_until', 'delivered_at', 'error', 'created_at', 'updated_at'] as const;

export async function insertDelivery(db: Executor, row: { webhook_id: number; event: string; payload_json: string; at: string }): Promise<number> {
  const r = await db
    .insertInto('webhook_deliveries')
    .values({ webhook_id: row.webhook_id, event: row.event, payload_json: row.payload_json, status: 'pending', next_attempt_at: row.at, created_at: row.at, updated_at: row.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export function findDelivery(db: Executor, id: number) {
  return db.selectFrom('webhook_deliveries').select(deliveryColumns).where('id', '=', id).executeTakeFirst();
}

export type DeliveryRow = NonNullable<Awaited<ReturnType<typeof findDelivery>>>;

export async function listDeliveries(db: Executor, webhookId: number, status: string | undefined, page: { offset: number; limit: number }) {
  let q = db.selectFrom('webhook_deliveries').where('webhook_id', '=', webhookId);
  if (status) q = q.where('status', '=', status);
  const items = await q.select(deliveryColumns).orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute();
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { items, total: Number(total.n) };
}

/** Pending deliveries whose time has come and that no worker holds, oldest first. */
export function dueDeliveries(db: Executor, now: string, limit: number) {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .select(['d.id', 'd.attempt', 'd.event', 'd.payload_json', 'w.kind', 'w.url', 'w.secret'])
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('d.lease_until', 'is', null), eb('d.lease_until', '<', now)]))
    .orderBy('d.next_attempt_at')
    .orderBy('d.id')
    .limit(limit)
    .execute();
}

/**
 * Takes a delivery for one attempt: only one worker (of any process) wins, because the update
 * is conditional on the attempt count and lease it read.
 */
export async function claimDelivery(db: Executor, id: number, attempt: number, now: string, leaseUntil: string): Promise<boolean> {
  const r = await db
    .updateTable('webhook_deliveries')
    .set({ lease_until: leaseUntil })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('attempt', '=', attempt)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function finishAttempt(
  db: Executor,
  id: number,
  r: { attempt: number; status: 'pending' | 'delivered' | 'failed'; responseCode: number | null; error: string | null; nextAttemptAt: string | null; deliveredAt: string | null; at: string },
) {
  await db
    .updateTable('webhook_deliveries')
    .set({ attempt: r.attempt, status: r.status, response_code: r.responseCode, error: r.error, next_attempt_at: r.nextAttemptAt, delivered_at: r.deliveredAt, lease_until: null, updated_at: r.at })
    .where('id', '=', id)
    .execute();
}
