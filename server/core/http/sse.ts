/**
 * The one server-sent-events writer (`text/event-stream`) every live view is built on
 * (notifications, a consultation or an import's progress over a bus topic, the city screen):
 *
 * - headers: `text/event-stream; charset=utf-8`, `cache-control: no-cache, no-transform` (no
 *   proxy caches or compresses it), `x-accel-buffering: no` (nginx passes each event at once),
 *   `connection: keep-alive` and the request id (a hijacked reply skips the usual hooks);
 * - on connect: `retry: 5000` and a `: connected` comment, then — when asked — `event: ready`;
 * - framing: `id:` (optional), `event:`, one `data:` line per line of the payload (JSON unless a
 *   string is given); names and ids never hold a line break;
 * - a keep-alive comment every `keepAliveMs`, after an optional check that may close the stream
 *   instead (e.g. the session ended); none is queued while the client is not reading;
 * - backpressure: a client that stops reading is dropped once {@link sseLimits.maxBufferedBytes}
 *   wait to be sent (its browser reconnects and catches up through the endpoint's own rules);
 * - it ends when the client goes away, when the endpoint closes it (with a last event), and for
 *   every open stream when the app closes (`sseStreams(app)` hooks `preClose`, so `app.close()`
 *   never waits on an open stream).
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** What a browser waits before reconnecting (sent on connect). */
export const SSE_RETRY_MS = 5000;

/** A client that stops reading is dropped once this many bytes wait for it (tests shrink it). */
export const sseLimits = { maxBufferedBytes: 1 << 20 };

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
} as const;

const LINE_BREAK = /[\r\n\0]/;

function field(name: string, value: string): string {
  if (LINE_BREAK.test(value)) throw new Error(`SSE ${name} must be a single line`);
  return value;
}

/** One event on the wire: `id:` (optional), `event:`, a `data:` line per line of the payload, a blank line. */
export function formatEvent(event: string, data: unknown, id?: string | number): string {
  const text = typeof data === 'string' ? data : JSON.stringify(data ?? null);
  const head = `${id !== undefined ? `id: ${field('id', String(id))}\n` : ''}event: ${field('event', event)}\n`;
  return `${head}${text
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('')}\n`;
}

/** A comment block (ignored by browsers): one `: ` line per line of the text, a blank line. */
export function formatComment(text: string): string {
  return `${text
    .split(/\r\n|\r|\n/)
    .map((line) => `: ${line}\n`)
    .join('')}\n`;
}

export interface SseOptions {
  /** How often an idle stream gets a `: keep-alive` comment (read when the stream opens). */
  keepAliveMs: number;
  /**
   * Runs before each keep-alive; answering false (or closing the stream) sends none. Checks never
   * overlap: a slow one skips the ticks that fall while it runs.
   */
  beforeKeepAlive?: (stream: SseStream) => Promise<boolean> | boolean;
  /** When given, `event: ready` with this payload follows the connect preamble. */
  ready?: unknown;
}

export interface SseStream {
  /** True once the stream ended (closed here, by the client, or dropped). */
  readonly closed: boolean;
  /** Sends one event; false when the stream is closed (or was just dropped for not reading). */
  send(event: string, data: unknown, id?: string | number): boolean;
  /** Sends a comment; false when the stream is closed. */
  comment(text: string): boolean;
  /** Ends the stream, after a last event when given. Idempotent. */
  close(last?: { event: string; data: unknown }): void;
  /** Runs once when the stream ends, whichever way (at once if it already has). */
  onClose(fn: () => void): void;
}

class Stream implements SseStream {
  #closed = false;
  #cleanups: (() => void)[] = [];

  constructor(private readonly res: ServerResponse) {}

  get closed(): boolean {
    return this.#closed;
  }

  /** Writes a chunk unless the stream ended; drops a client that has stopped reading. */
  write(chunk: string): boolean {
    if (this.#closed) return false;
    this.res.write(chunk);
    if (this.res.writableLength > sseLimits.maxBufferedBytes) {
      this.finish();
      this.res.destroy();
      return false;
    }
    return true;
  }

  /** True while the client keeps up (nothing beyond the socket's buffer is waiting). */
  get keepingUp(): boolean {
    return !this.res.writableNeedDrain;
  }

  send(event: string, data: unknown, id?: string | number): boolean {
    return this.write(formatEvent(event, data, id));
  }

  comment(text: string): boolean {
    return this.write(formatComment(text));
  }

  close(last?: { event: string; data: unknown }): void {
    if (this.#closed) return;
    if (last) this.send(last.event, last.data);
    if (this.#closed) return; // dropped while sending the last event
    this.finish();
    this.res.end();
  }

  onClose(fn: () => void): void {
    if (this.#closed) fn();
    else this.#cleanups.push(fn);
  }

  /** Marks the stream ended and runs its clean-ups once. */
  finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    const fns = this.#cleanups;
    this.#cleanups = [];
    for (const fn of fns) {
      try {
        fn();
      } catch {
        // A clean-up that fails must not keep the others from running.
      }
    }
  }
}

/** The open streams of one part of the app; `closeAll` ends them (see {@link sseStreams}). */
export class SseStreams {
  readonly #open = new Set<SseStream>();

  get size(): number {
    return this.#open.size;
  }

  /** Hijacks the reply and opens the stream: headers, `retry`, `: connected`, then `ready` when asked. */
  open(req: FastifyRequest, reply: FastifyReply, options: SseOptions): SseStream {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { ...SSE_HEADERS, 'x-request-id': req.id });
    const stream = new Stream(res);
    this.#open.add(stream);
    stream.onClose(() => this.#open.delete(stream));
    const gone = () => stream.finish();
    req.raw.on('close', gone);
    res.on('close', gone);
    res.on('error', gone);
    stream.write(`retry: ${SSE_RETRY_MS}\n: connected\n\n`);
    if (options.ready !== undefined) stream.send('ready', options.ready);

    let checking = false;
    const timer = setInterval(() => {
      if (checking || stream.closed) return;
      checking = true;
      void (async () => {
        try {
          const ok = options.beforeKeepAlive ? await options.beforeKeepAlive(stream) : true;
          if (ok && stream.keepingUp) stream.comment('keep-alive');
        } catch {
          // A failing check decides nothing: the next keep-alive tries again.
        } finally {
          checking = false;
        }
      })();
    }, options.keepAliveMs);
    stream.onClose(() => clearInterval(timer));
    return stream;
  }

  /** Ends every open stream (the app is closing). */
  closeAll(): void {
    for (const s of [...this.#open]) s.close();
  }
}

/** A set of streams that ends with the app: open streams would otherwise keep `app.close()` waiting. */
export function sseStreams(app: FastifyInstance): SseStreams {
  const streams = new SseStreams();
  app.addHook('preClose', async () => streams.closeAll());
  return streams;
}
