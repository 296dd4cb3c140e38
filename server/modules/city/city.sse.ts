/**
 * The city view's live refresh over server-sent events (`text/event-stream`), for the
 * full-screen 大屏:
 *
 * - on connect: a `: connected` comment and `event: changed` (so the screen loads its figures);
 * - then `event: changed` whenever reports or problems changed — one watcher per app checks a
 *   signature of both tables every {@link citySseSettings.pollMs} while any stream is open (the
 *   check goes through the off-loop reader, so it never holds the event loop) and tells every
 *   open stream; the screen then refetches what it shows;
 * - a `: keep-alive` comment every 25 s; `event: session_ended`, and the stream closes, when the
 *   session that opened it is over (checked at each keep-alive).
 */
import type { ServerResponse } from 'node:http';
import { sql } from 'kysely';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx, Deps } from '../../core/context';
import { readOffLoop } from '../../core/db/database';
import { sessionIsLive } from '../auth/auth.service';

/** How often the watcher looks for changes, and how often an idle stream gets a keep-alive (tests shorten both). */
export const citySseSettings = { pollMs: 10_000, keepAliveMs: 25_000 };

const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

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
  readonly streams = new Set<ServerResponse>();
  #timer: NodeJS.Timeout | null = null;
  #last: string | null = null;
  #checking = false;

  constructor(private readonly deps: Deps) {}

  add(res: ServerResponse): void {
    this.streams.add(res);
    if (!this.#timer) this.#timer = setInterval(() => void this.check(), citySseSettings.pollMs);
  }

  remove(res: ServerResponse): void {
    this.streams.delete(res);
    if (this.streams.size === 0) this.stop();
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
        for (const s of this.streams) s.write(frame('changed', { at }));
      }
      this.#last = sig;
    } catch {
      // The database is unreachable for now: the next check decides.
    } finally {
      this.#checking = false;
    }
  }

  closeAll(): void {
    for (const s of this.streams) s.end();
    this.streams.clear();
    this.stop();
  }
}

export async function openCityStream(deps: Deps, ctx: Ctx, req: FastifyRequest, reply: FastifyReply, watcher: CityWatcher): Promise<void> {
  // Take the first signature now, so a change right after connecting is seen.
  if (watcher.streams.size === 0) await watcher.check();
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
  res.write(frame('changed', { at: deps.clock.now().toISOString() }));
  let ended = false;
  const keepAlive = setInterval(() => {
    void sessionIsLive(deps, ctx.actor.sessionId)
      .catch(() => true)
      .then((live) => {
        if (ended) return;
        if (live) {
          res.write(': keep-alive\n\n');
          return;
        }
        res.write(frame('session_ended', {}));
        end();
        res.end();
      });
  }, citySseSettings.keepAliveMs);
  watcher.add(res);
  function end() {
    if (ended) return;
    ended = true;
    clearInterval(keepAlive);
    watcher.remove(res);
  }
  req.raw.on('close', end);
  res.on('close', end);
}
