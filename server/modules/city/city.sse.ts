/**
 * The city view's live refresh over server-sent events (`text/event-stream`, written by
 * core/http/sse.ts), for the full-screen 大屏:
 *
 * - on connect: a `: connected` comment and `event: changed` (so the screen loads its figures);
 * - then `event: changed` whenever reports or problems changed — one watcher per app checks a
 *   signature of both tables every {@link citySseSettings.pollMs} while any stream is open (the
 *   check goes through the off-loop reader, so it never holds the event loop) and tells every
 *   open stream; the screen then refetches what it shows;
 * - a `: keep-alive` comment every 25 s; `event: session_ended`, and the stream closes, when the
 *   session that opened it is over: at once on sign-out, password change or reset and when the
 *   account is disabled (announced on the bus by whichever process did it), and at the next
 *   keep-alive when the session idled or aged out.
 */
import { sql } from 'kysely';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx, Deps } from '../../core/context';
import { readOffLoop } from '../../core/db/database';
import { type SseStream, SseStreams } from '../../core/http/sse';
import { endsWithSession } from '../auth/session-watch';
import { listeningBus } from '../notifications/bus';

/** How often the watcher looks for changes, and how often an idle stream gets a keep-alive (tests shorten both). */
export const citySseSettings = { pollMs: 10_000, keepAliveMs: 25_000 };

/** What changes when a report is filed or edited, or a problem is filed or moves. */
async function signature(deps: Deps): Promise<string> {
  const { db } = deps;
  const [reports, tickets] = await Promise.all([
    readOffLoop(db, db.selectFrom('resumption_reports').select([sql<number>`count(*)`.as('n'), sql<number>`max(id)`.as('id'), sql<string>`max(updated_at)`.as('at')])),
    readOffLoop(db, db.selectFrom('tickets').select([sql<number>`count(*)`.as('n'), sql<number>`max(id)`.as('id'), sql<string>`max(updated_at)`.as('at')])),
  ]);
  return JSON.stringify([reports[0], tickets[0]].map((r) => [Number(r?.n ?? 0), Number(r?.id ?? 0), String(r?.at ?? '')]));
}

export class CityWatcher {
  /** The open streams; the watcher polls while there is any. */
  readonly streams = new SseStreams();
  readonly #listening = new Set<SseStream>();
  #timer: NodeJS.Timeout | null = null;
  #last: string | null = null;
  #checking = false;

  constructor(private readonly deps: Deps) {}

  add(stream: SseStream): void {
    this.#listening.add(stream);
    if (!this.#timer) this.#timer = setInterval(() => void this.check(), citySseSettings.pollMs);
    stream.onClose(() => this.remove(stream));
  }

  remove(stream: SseStream): void {
    this.#listening.delete(stream);
    if (this.#listening.size === 0) this.stop();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#last = null;
  }

  /** Compares the signature with the last one; tells every stream when it moved. */
  async check(): Promise<void> {
    if (this.#checking) return;
    this.#checking = true;
    try {
      const sig = await signature(this.deps);
      if (this.#last !== null && sig !== this.#last) {
        const at = this.deps.clock.now().toISOString();
        for (const s of [...this.#listening]) s.send('changed', { at });
      }
      this.#last = sig;
    } catch {
      // The database is unreachable for now: the next check decides.
    } finally {
      this.#checking = false;
    }
  }

  closeAll(): void {
    this.streams.closeAll();
    this.stop();
  }
}

export async function openCityStream(deps: Deps, ctx: Ctx, req: FastifyRequest, reply: FastifyReply, watcher: CityWatcher): Promise<void> {
  const bus = await listeningBus(deps);
  // Take the first signature now, so a change right after connecting is seen.
  if (watcher.streams.size === 0) await watcher.check();
  const checkSession = endsWithSession(deps, ctx);
  const stream = watcher.streams.open(req, reply, { keepAliveMs: citySseSettings.keepAliveMs, beforeKeepAlive: checkSession });
  stream.send('changed', { at: deps.clock.now().toISOString() });
  watcher.add(stream);
  stream.onClose(bus.onSessionsEnded(ctx.actor.userId, () => void checkSession(stream)));
}
