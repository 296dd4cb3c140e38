/**
 * Live notifications over server-sent events (`text/event-stream`), one stream per browser tab:
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
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx, Deps } from '../../core/context';
import { AppError } from '../../core/errors';
import { sessionIsLive } from '../auth/auth.service';
import { busFor } from './bus';
import { toNotification } from './notifications.presenter';
import * as repo from './notifications.repository';
import type { NotificationResponse } from './notifications.schema';

/** How often an idle stream gets a keep-alive comment (tests shorten it). */
export const sseSettings = { keepAliveMs: 25_000 };
const REPLAY_LIMIT = 100;

const frame = (event: string, data: unknown, id?: number) => `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** Where to resume: `?after=` or the Last-Event-ID header a browser sends when it reconnects. */
function resumeAfter(req: FastifyRequest, after: number | undefined): number | null {
  if (after !== undefined) return after;
  const raw = req.headers['last-event-id'];
  const v = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isSafeInteger(v) && v > 0 ? v : null;
}

/** Open streams of one app, so closing the app can end them. */
export type StreamSet = Set<ServerResponse>;

export async function openStream(deps: Deps, ctx: Ctx, req: FastifyRequest, reply: FastifyReply, streams: StreamSet, afterId?: number): Promise<void> {
  const bus = busFor(deps);
  try {
    await bus.ready();
  } catch {
    throw new AppError('unavailable');
  }
  const userId = ctx.actor.userId;
  const unread = await repo.countUnread(deps.db, userId);
  const after = resumeAfter(req, afterId);
  const missed = after === null ? [] : (await repo.listNotifications(deps.db, userId, false, { offset: 0, limit: REPLAY_LIMIT })).items.filter((n) => n.id > after).reverse();

  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': req.id,
  });
  res.write(`retry: 5000\n: connected\n\n`);
  res.write(frame('unread', { count: unread }));
  for (const n of missed) res.write(frame('notification', toNotification(n), n.id));

  let ended = false;
  const off = bus.subscribe(userId, (n: NotificationResponse) => {
    if (!ended) res.write(frame('notification', n, n.id));
  });
  /** Closes the stream when its session no longer stands; true while it does. */
  const checkSession = async (): Promise<boolean> => {
    let live: boolean;
    try {
      live = await sessionIsLive(deps, ctx.actor.sessionId);
    } catch {
      return !ended; // the database is unreachable for now: the next check decides
    }
    if (live || ended) return live && !ended;
    res.write(frame('session_ended', {}));
    end();
    res.end();
    return false;
  };
  const offSessions = bus.onSessionsEnded(userId, () => void checkSession());
  const keepAlive = setInterval(() => {
    void checkSession().then((live) => {
      if (live) res.write(': keep-alive\n\n');
    });
  }, sseSettings.keepAliveMs);
  streams.add(res);
  function end() {
    if (ended) return;
    ended = true;
    clearInterval(keepAlive);
    off();
    offSessions();
    streams.delete(res);
  }
  req.raw.on('close', end);
  res.on('close', end);
}
