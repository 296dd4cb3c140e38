/**
 * A live view's event stream (`text/event-stream`, written by core/http/sse.ts) over one bus
 * topic — e.g. an online consultation, whose open pages refetch their messages when told
 * something changed, or an import's progress:
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
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx, Deps } from '../../core/context';
import type { SseStreams } from '../../core/http/sse';
import { endsWithSession } from '../auth/session-watch';
import { listeningBus } from './bus';

/** How often an idle stream gets a keep-alive (tests shorten it). */
export const topicStreamSettings = { keepAliveMs: 25_000 };

export async function openTopicStream(
  deps: Deps,
  ctx: Ctx,
  req: FastifyRequest,
  reply: FastifyReply,
  streams: SseStreams,
  topic: string,
  stillVisible: () => Promise<boolean>,
): Promise<void> {
  const bus = await listeningBus(deps);
  const checkSession = endsWithSession(deps, ctx);
  const stream = streams.open(req, reply, { keepAliveMs: topicStreamSettings.keepAliveMs, beforeKeepAlive: checkSession, ready: { topic } });
  // Events are handled one after another, so a slow visibility check never reorders them.
  let queue = Promise.resolve();
  stream.onClose(
    bus.subscribeTopic(topic, (data) => {
      queue = queue.then(async () => {
        if (stream.closed) return;
        const visible = await stillVisible().catch(() => true);
        if (stream.closed) return;
        if (!visible) return stream.close({ event: 'gone', data: {} });
        stream.send('changed', data);
      });
    }),
  );
  stream.onClose(bus.onSessionsEnded(ctx.actor.userId, () => void checkSession(stream)));
}
