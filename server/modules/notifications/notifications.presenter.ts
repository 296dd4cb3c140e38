/** Maps notification, webhook and delivery rows to response objects. */
import type { DeliveryRow, NotificationRow, WebhookRow } from './notifications.repository';
import type { DeliveryResponse, NotificationKind, NotificationPayload, NotificationResponse, WebhookKind, WebhookResponse } from './notifications.schema';
import { maskUrl } from './webhooks.format';

function parseObject(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function parseStrings(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function toNotification(row: NotificationRow): NotificationResponse {
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    allianceId: row.alliance_id,
    payload: parseObject(row.payload_json) as NotificationPayload,
    readAt: row.read_at,
    createdAt: row.created_at,
  };
}

export function toWebhook(row: WebhookRow): WebhookResponse {
  return {
    id: row.id,
    kind: row.kind as WebhookKind,
    name: row.name,
    url: maskUrl(row.url),
    hasSecret: !!row.secret,
    events: parseStrings(row.events_json) as NotificationKind[],
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export function webhookEvents(row: Pick<WebhookRow, 'events_json'>): string[] {
  return parseStrings(row.events_json);
}

export function toDelivery(row: DeliveryRow): DeliveryResponse {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    event: row.event,
    status: row.status as DeliveryResponse['status'],
    attempt: row.attempt,
    responseCode: row.response_code,
    nextAttemptAt: row.next_attempt_at,
    deliveredAt: row.delivered_at,
    error: row.error,
    payload: parseObject(row.payload_json),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
