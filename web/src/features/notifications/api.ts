/**
 * The notification centre: my notifications, the unread count kept live by the server-sent event
 * stream, marking read, which events reach me, and (for secretaries) the group-chat robots.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import type { z } from 'zod';
import type {
  CreateWebhookBody, DeliveryPage, MarkReadBody, MarkReadResponse, NotificationPage, NotificationResponse, PrefsResponse, PutPrefsBody, UnreadCountResponse, UpdateWebhookBody,
  WebhookList, WebhookResponse,
} from '@server/modules/notifications/notifications.schema';
import { api } from '../../lib/api';
import { useEventStream } from '../../lib/event-stream';
import { sessionKey } from '../../lib/session';

export type Notification = NotificationResponse;
export type Notifications = z.infer<typeof NotificationPage>;
export type Prefs = z.infer<typeof PrefsResponse>;
export type Pref = Prefs['prefs'][number];
export type Webhook = WebhookResponse;
export type CreateWebhook = z.input<typeof CreateWebhookBody>;
export type UpdateWebhook = z.input<typeof UpdateWebhookBody>;
export type Deliveries = z.infer<typeof DeliveryPage>;

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread'] as const,
  list: (unread: boolean, page: number) => ['notifications', 'list', { unread, page }] as const,
  prefs: ['notifications', 'prefs'] as const,
  webhooks: ['webhooks'] as const,
  deliveries: (id: number, page: number, status?: string) => ['webhooks', 'deliveries', id, { page, status }] as const,
};

export function useUnreadCount() {
  return useQuery({ queryKey: notificationKeys.unread, queryFn: () => api<z.infer<typeof UnreadCountResponse>>('/notifications/unread-count').then((r) => r.count), staleTime: Infinity });
}

export function useNotifications(unread: boolean, page = 1, enabled = true) {
  return useQuery({
    queryKey: notificationKeys.list(unread, page),
    queryFn: () => api<Notifications>('/notifications', { query: { unread: unread ? 'true' : undefined, page, pageSize: 20 } }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof MarkReadBody>) => api<z.infer<typeof MarkReadResponse>>('/notifications/read', { method: 'POST', body }),
    onSuccess: (r) => {
      qc.setQueryData(notificationKeys.unread, r.unread);
      void qc.invalidateQueries({ queryKey: ['notifications', 'list'] });
    },
  });
}

/** A new notification arrived: count it and let lists (and what it is about) refresh. */
function received(qc: QueryClient, n: Notification) {
  qc.setQueryData<number>(notificationKeys.unread, (c) => (c ?? 0) + (n.readAt ? 0 : 1));
  // A replay after reconnecting may repeat what the fresh count already includes: ask again.
  void qc.invalidateQueries({ queryKey: notificationKeys.unread });
  void qc.invalidateQueries({ queryKey: ['notifications', 'list'] });
  const ticketId = n.payload.ticketId;
  if (typeof ticketId === 'number') void qc.invalidateQueries({ queryKey: ['tickets', 'one', ticketId] });
}

/**
 * Keeps the unread count live from `GET /api/notifications/stream`. The browser reconnects by
 * itself after network hiccups (sending Last-Event-ID, so nothing is missed); a stream closed for
 * good is reopened with a growing delay and `?after=` the last one seen. When the server says the
 * session ended (signed out elsewhere, password changed, account disabled, expired), we stop and
 * re-read the session, which takes the app back to the sign-in page.
 */
export function useNotificationStream(onNotification?: (n: Notification) => void) {
  const qc = useQueryClient();
  const lastId = useRef<number | undefined>(undefined);
  useEventStream(
    '/api/notifications/stream',
    {
      unread: (data) => qc.setQueryData(notificationKeys.unread, (data as { count: number }).count),
      notification: (data) => {
        const n = data as Notification;
        if (lastId.current !== undefined && n.id <= lastId.current) return;
        lastId.current = n.id;
        received(qc, n);
        onNotification?.(n);
      },
      session_ended: () => void qc.invalidateQueries({ queryKey: sessionKey }),
    },
    { final: ['session_ended'], resumeParam: 'after' },
  );
}

export function usePrefs() {
  return useQuery({ queryKey: notificationKeys.prefs, queryFn: () => api<Prefs>('/notifications/prefs') });
}

export function usePutPrefs() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof PutPrefsBody>) => api<Prefs>('/notifications/prefs', { method: 'PUT', body }),
    onSuccess: (p) => qc.setQueryData(notificationKeys.prefs, p),
  });
}

// Webhooks ------------------------------------------------------------------------------------

export function useWebhooks() {
  return useQuery({ queryKey: notificationKeys.webhooks, queryFn: () => api<z.infer<typeof WebhookList>>('/webhooks').then((r) => r.items) });
}

export function useCreateWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateWebhook; idempotencyKey: string }) => api<Webhook>('/webhooks', { method: 'POST', body, idempotencyKey }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: notificationKeys.webhooks }),
  });
}

export function useUpdateWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: UpdateWebhook }) => api<Webhook>(`/webhooks/${id}`, { method: 'PATCH', body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: notificationKeys.webhooks }),
  });
}

export function useDeleteWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: number; version: number }) => api<{ ok: true }>(`/webhooks/${id}`, { method: 'DELETE', query: { version } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: notificationKeys.webhooks }),
  });
}

export function useTestWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, idempotencyKey }: { id: number; idempotencyKey: string }) => api<unknown>(`/webhooks/${id}/test`, { method: 'POST', idempotencyKey }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['webhooks', 'deliveries'] }),
  });
}

export function useDeliveries(id: number | null, page: number, status?: string) {
  return useQuery({
    queryKey: notificationKeys.deliveries(id ?? 0, page, status),
    queryFn: () => api<Deliveries>(`/webhooks/${id}/deliveries`, { query: { page, pageSize: 10, status } }),
    enabled: id !== null,
    placeholderData: keepPreviousData,
  });
}
