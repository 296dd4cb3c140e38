/**
 * A live view's event stream (`text/event-stream`) over one bus topic — e.g. an online
 * consultation, whose open pages refetch their messages when told something changed:
 *
 * - on connect: `retry`, a `: connected` comment and `event: ready`;
 * - then `event: changed` with the topic event's small payload, for each event of the topic from
 *   any process — after `stillVisible()` confirms the caller may still see the topic (someone
 *   removed from a case hears `event: gone`, and the stream closes);
 * - a `: keep-alive` comment every 25 s; `event: session_ended`, and the stream closes, when the
 *   session that opened it ended (announced on the bus, or found at a keep-alive).
 *
 * The payload never carries content: the page reads it through its own endpoint and rules.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx, Deps } from '../../core/context';
import { AppError } from '../../core/errors';
import { sessionIsLive } from '../auth/auth.service';
import { busFor } from './bus';

/** How often an idle stream gets a keep-alive (tests shorten it). */
export const topicStreamSettings = { keepAliveMs: 25_000 };

const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

export type TopicStreams = Set<ServerResponse>;

export async function openTopicStream(
  deps: Deps,
  ctx: Ctx,
  req: FastifyRequest,
  reply: FastifyReply,
  streams: TopicStreams,
  topic: string,
  stillVisible: () => Promise<boolean>,
): Promise<void> {
  const bus = busFor(deps);
  try {
    await bus.ready();
  } catch {
    throw new AppError('unavailable');
  }
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
  res.write(frame('ready', { topic }));

  let ended = false;
  const close = (event: string) => {
    if (ended) return;
    res.write(frame(event, {}));
    end();
    res.end();
  };
  // Events are handled one after another, so a slow visibility check never reorders them.
  let queue = Promise.resolve();
  const off = bus.subscribeTopic(topic, (data) => {
    queue = queue.then(async () => {
      if (ended) return;
      const visible = await stillVisible().catch(() => true);
      if (ended) return;
      if (!visible) return close('gone');
      res.write(frame('changed', data));
    });
  });
  const checkSession = async (): Promise<boolean> => {
    let live: boolean;
    try {
      live = await sessionIsLive(deps, ctx.actor.sessionId);
    } catch {
      return !ended;
    }
    if (live || ended) return live && !ended;
    close('session_ended');
    return false;
  };
  const offSessions = bus.onSessionsEnded(ctx.actor.userId, () => void checkSession());
  const keepAlive = setInterval(() => {
    void checkSession().then((live) => {
      if (live) res.write(': keep-alive\n\n');
    });
  }, topicStreamSettings.keepAliveMs);
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
