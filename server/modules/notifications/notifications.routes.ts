import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../core/context';
import { ctxOf } from '../../core/http/request-context';
import { sseStreams } from '../../core/http/sse';
import { closeBus } from './bus';
import { ListNotificationsQuery, MarkReadBody, MarkReadResponse, NotificationPage, PrefsResponse, PutPrefsBody, StreamQuery, UnreadCountResponse } from './notifications.schema';
import * as service from './notifications.service';
import { openStream } from './notifications.sse';

export function notificationRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];
  // Open event streams end when the app closes; the bus holds a LISTEN connection.
  const streams = sseStreams(root);
  root.addHook('onClose', async () => closeBus(deps));

  app.get('/notifications', { config: { policy: 'notification.self' }, schema: { tags, summary: 'My notifications, newest first', querystring: ListNotificationsQuery, response: { 200: NotificationPage } } }, async (req) =>
    service.listNotifications(deps, ctxOf(req), req.query),
  );

  app.get('/notifications/unread-count', { config: { policy: 'notification.self' }, schema: { tags, summary: 'How many of my notifications are unread', response: { 200: UnreadCountResponse } } }, async (req) =>
    service.unreadCount(deps, ctxOf(req)),
  );

  app.post('/notifications/read', { config: { policy: 'notification.self' }, schema: { tags, summary: 'Mark notifications read (`ids`, or `all: true`)', body: MarkReadBody, response: { 200: MarkReadResponse } } }, async (req) =>
    service.markRead(deps, ctxOf(req), req.body),
  );

  app.get('/notifications/prefs', { config: { policy: 'notification.self' }, schema: { tags, summary: 'Which events reach me, per channel (in_app; webhook = @-mention in the group robot)', response: { 200: PrefsResponse } } }, async (req) =>
    service.getPrefs(deps, ctxOf(req)),
  );

  app.put('/notifications/prefs', { config: { policy: 'notification.self' }, schema: { tags, summary: 'Switch events on or off per channel', body: PutPrefsBody, response: { 200: PrefsResponse } } }, async (req) =>
    service.putPrefs(deps, ctxOf(req), req.body),
  );

  app.get(
    '/notifications/stream',
    {
      config: { policy: 'notification.self' },
      schema: {
        tags,
        summary: 'Live notifications (server-sent events): `unread` on connect, then `notification` events; keep-alive comments every 25 s; honours Last-Event-ID and `after`; `session_ended`, then the stream closes, when the session ends',
        querystring: StreamQuery,
        produces: ['text/event-stream'],
      },
    },
    async (req, reply) => openStream(deps, ctxOf(req), req, reply, streams, req.query.after),
  );
}
