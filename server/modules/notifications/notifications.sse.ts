/**
 * Live notifications over server-sent events (`text/event-stream`, written by
 * core/http/sse.ts), one stream per browser tab:
 *
 * - on connect: a `: connected` comment, then `event: unread` with the unread count, and — when
 *   the browser reconnects with `Last-Event-ID` (or asks with `?after=`) — those it missed;
 * - then `event: notification` (`id:` = notification id) for each new notification of the
 *   signed-in user, from whichever server process raised it (see `bus.ts`);
 * - a `: keep-alive` comment every 25 s, so proxies keep the connection open;
 * - `event: session_ended`, and the stream closes, when the session it was opened with ends:
 *   at once on sign-out, password change or reset and when the account is disabled (announced
 *   on the bus by whichever process did it), and at the next keep-alive when the session idled
 *   or aged out — every keep-alive checks the session (without counting as activity). A browser
 *   reconnecting after that gets 401.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx, Deps } from '../../core/context';
import type { SseStreams } from '../../core/http/sse';
import { endsWithSession } from '../auth/session-watch';
import { listeningBus } from './bus';
import { toNotification } from './notifications.presenter';
import * as repo from './notifications.repository';
import type { NotificationResponse } from './notifications.schema';

/** How often an idle stream gets a keep-alive comment (tests shorten it). */
export const sseSettings = { keepAliveMs: 25_000 };
const REPLAY_LIMIT = 100;

/** Where to resume: `?after=` or the Last-Event-ID header a browser sends when it reconnects. */
function resumeAfter(req: FastifyRequest, after: number | undefined): number | null {
  if (after !== undefined) return after;
  const raw = req.headers['last-event-id'];
  const v = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isSafeInteger(v) && v > 0 ? v : null;
}

export async function openStream(deps: Deps, ctx: Ctx, req: FastifyRequest, reply: FastifyReply, streams: SseStreams, afterId?: number): Promise<void> {
  const bus = await listeningBus(deps);
  const userId = ctx.actor.userId;
  const unread = await repo.countUnread(deps.db, userId);
  const after = resumeAfter(req, afterId);
  const missed = after === null ? [] : (await repo.listNotifications(deps.db, userId, false, { offset: 0, limit: REPLAY_LIMIT })).items.filter((n) => n.id > after).reverse();

  const checkSession = endsWithSession(deps, ctx);
  const stream = streams.open(req, reply, { keepAliveMs: sseSettings.keepAliveMs, beforeKeepAlive: checkSession });
  stream.send('unread', { count: unread });
  for (const n of missed) stream.send('notification', toNotification(n), n.id);
  stream.onClose(bus.subscribe(userId, (n: NotificationResponse) => void stream.send('notification', n, n.id)));
  stream.onClose(bus.onSessionsEnded(userId, () => void checkSession(stream)));
}
