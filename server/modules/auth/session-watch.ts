/**
 * A live stream lasts as long as the session that opened it: `endsWithSession` is the stream's
 * keep-alive check (see core/http/sse.ts) — it reads the session (without counting as activity)
 * and, once it no longer stands, sends `event: session_ended` and closes the stream. While the
 * database cannot be reached the stream stays open: the next check decides.
 */
import type { Ctx, Deps } from '../../core/context';
import type { SseStream } from '../../core/http/sse';
import { sessionIsLive } from './auth.service';

export function endsWithSession(deps: Deps, ctx: Ctx): (stream: SseStream) => Promise<boolean> {
  return async (stream) => {
    let live: boolean;
    try {
      live = await sessionIsLive(deps, ctx.actor.sessionId);
    } catch {
      return !stream.closed;
    }
    if (stream.closed) return false;
    if (!live) stream.close({ event: 'session_ended', data: {} });
    return live;
  };
}
