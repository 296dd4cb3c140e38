/**
 * The server-sent-events writer on its own: framing, headers and preamble, keep-alives and their
 * check, closing from either side and with the app, and dropping a client that stops reading.
 */
import { request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { openSse, type SseClient } from '../../modules/notifications/sse-client.test-helper';
import { formatComment, formatEvent, sseLimits, sseStreams, type SseOptions, type SseStream, type SseStreams } from './sse';

describe('framing', () => {
  it('writes id, event and one data line per line of the payload', () => {
    expect(formatEvent('changed', { a: 1 })).toBe('event: changed\ndata: {"a":1}\n\n');
    expect(formatEvent('notification', { n: 'x' }, 42)).toBe('id: 42\nevent: notification\ndata: {"n":"x"}\n\n');
    expect(formatEvent('note', 'one\ntwo\r\nthree\rfour')).toBe('event: note\ndata: one\ndata: two\ndata: three\ndata: four\n\n');
    expect(formatEvent('empty', '')).toBe('event: empty\ndata: \n\n');
    expect(formatEvent('nothing', undefined)).toBe('event: nothing\ndata: null\n\n');
    // JSON escapes line breaks inside strings, so a JSON payload stays one line.
    expect(formatEvent('json', { text: 'a\nb' })).toBe('event: json\ndata: {"text":"a\\nb"}\n\n');
  });

  it('refuses an event name or id that would break the framing', () => {
    expect(() => formatEvent('a\nevent: forged', {})).toThrow(/single line/);
    expect(() => formatEvent('ok', {}, '1\ndata: forged')).toThrow(/single line/);
    expect(() => formatEvent('ok\r', {})).toThrow(/single line/);
  });

  it('writes comments one line each', () => {
    expect(formatComment('keep-alive')).toBe(': keep-alive\n\n');
    expect(formatComment('a\nb')).toBe(': a\n: b\n\n');
  });
});

describe('streams', () => {
  let app: FastifyInstance | null = null;
  let clients: SseClient[] = [];
  const saved = { ...sseLimits };

  afterEach(async () => {
    for (const c of clients) c.close();
    clients = [];
    await app?.close();
    app = null;
    Object.assign(sseLimits, saved);
  });

  /** A listening app with one stream route; `opened` receives each stream the route opens. */
  async function serve(options: SseOptions, opened: (s: SseStream) => void = () => undefined): Promise<{ port: number; streams: SseStreams }> {
    app = Fastify({ genReqId: () => 'req-1' });
    const streams = sseStreams(app);
    app.get('/stream', async (req, reply) => {
      opened(streams.open(req, reply, options));
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { port: (app.server.address() as AddressInfo).port, streams };
  }
  const connect = async (port: number) => {
    const c = await openSse(port, '/stream', {});
    clients.push(c);
    return c;
  };
  const until = async (cond: () => boolean, timeoutMs = 5000) => {
    const end = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > end) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  it('sends the headers, retry and `: connected`, `ready` when asked, then events and keep-alives', async () => {
    let stream: SseStream | null = null;
    const { port } = await serve({ keepAliveMs: 30, ready: { topic: 't' } }, (s) => (stream = s));
    const c = await connect(port);
    expect(c.status).toBe(200);
    expect(c.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(c.headers['cache-control']).toBe('no-cache, no-transform');
    expect(c.headers['x-accel-buffering']).toBe('no');
    expect(c.headers['x-request-id']).toBe('req-1');
    expect(c.headers['content-encoding']).toBeUndefined();
    await c.waitFor((f) => f.comment === 'connected');
    const ready = await c.waitFor((f) => f.event === 'ready');
    expect(JSON.parse(ready.data!)).toEqual({ topic: 't' });
    expect(c.frames.indexOf(ready)).toBe(1);
    await c.waitFor((f) => f.comment === 'keep-alive');
    expect(stream!.send('changed', 'line one\nline two', 7)).toBe(true);
    const changed = await c.waitFor((f) => f.event === 'changed');
    expect(changed).toMatchObject({ id: '7', data: 'line one\nline two' });
  });

  it('sends no `ready` unless asked', async () => {
    const { port } = await serve({ keepAliveMs: 60_000 }, (s) => s.send('unread', { count: 3 }));
    const c = await connect(port);
    await c.waitFor((f) => f.event === 'unread');
    expect(c.frames.map((f) => f.event ?? f.comment)).toEqual(['connected', 'unread']);
  });

  it('runs the keep-alive check before each comment, never two at once, and lets it close the stream with a last event', async () => {
    let calls = 0;
    let running = 0;
    let overlapped = false;
    const { port, streams } = await serve({
      keepAliveMs: 10,
      beforeKeepAlive: async (s) => {
        calls += 1;
        running += 1;
        overlapped ||= running > 1;
        await new Promise((r) => setTimeout(r, 40)); // slower than the interval
        running -= 1;
        if (calls === 1) return false; // no comment this time
        if (calls === 2) return true;
        s.close({ event: 'session_ended', data: {} });
        return false;
      },
    });
    const c = await connect(port);
    await c.waitFor((f) => f.event === 'session_ended');
    await c.ended;
    expect(overlapped).toBe(false);
    expect(c.frames.filter((f) => f.comment === 'keep-alive')).toHaveLength(1);
    await until(() => streams.size === 0);
    const after = calls;
    await new Promise((r) => setTimeout(r, 60));
    expect(calls).toBe(after); // the timer stopped with the stream
  });

  it('a check that throws decides nothing: the stream stays open and the next keep-alive comes', async () => {
    let calls = 0;
    const { port } = await serve({
      keepAliveMs: 20,
      beforeKeepAlive: () => {
        calls += 1;
        if (calls === 1) throw new Error('database down');
        return true;
      },
    });
    const c = await connect(port);
    await c.waitFor((f) => f.comment === 'keep-alive');
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it('ends with the client: clean-ups run once, the set forgets it, sending answers false', async () => {
    let stream: SseStream | null = null;
    let cleaned = 0;
    const { port, streams } = await serve({ keepAliveMs: 60_000 }, (s) => {
      stream = s;
      s.onClose(() => (cleaned += 1));
    });
    const c = await connect(port);
    await c.waitFor((f) => f.comment === 'connected');
    expect(streams.size).toBe(1);
    c.close();
    await until(() => stream!.closed);
    expect(cleaned).toBe(1);
    expect(streams.size).toBe(0);
    expect(stream!.send('changed', {})).toBe(false);
    stream!.close({ event: 'gone', data: {} }); // idempotent
    let late = 0;
    stream!.onClose(() => (late += 1)); // runs at once on a closed stream
    expect([cleaned, late]).toEqual([1, 1]);
  });

  it('closing from the server sends the last event, then ends the response', async () => {
    const { port } = await serve({ keepAliveMs: 60_000 }, (s) => setTimeout(() => s.close({ event: 'gone', data: {} }), 20));
    const c = await connect(port);
    await c.ended;
    expect(c.frames.at(-1)?.event).toBe('gone');
  });

  it('app.close() ends every open stream instead of waiting on them', async () => {
    const closed: boolean[] = [];
    const { port } = await serve({ keepAliveMs: 60_000 }, (s) => s.onClose(() => closed.push(true)));
    const [a, b] = [await connect(port), await connect(port)];
    await Promise.all([a, b].map((c) => c.waitFor((f) => f.comment === 'connected')));
    const started = Date.now();
    await app!.close();
    app = null;
    await Promise.all([a.ended, b.ended]);
    expect(closed).toEqual([true, true]);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('drops a client that stops reading once too much waits for it', async () => {
    sseLimits.maxBufferedBytes = 256 * 1024;
    let stream: SseStream | null = null;
    let cleaned = false;
    const { port, streams } = await serve({ keepAliveMs: 60_000 }, (s) => {
      stream = s;
      s.onClose(() => (cleaned = true));
    });
    // A client that reads the headers, then nothing more.
    const res = await new Promise<IncomingMessage>((ok, fail) => {
      const req = request({ host: '127.0.0.1', port, path: '/stream' }, ok);
      req.on('error', fail);
      req.end();
    });
    res.pause();
    await until(() => stream !== null);
    const chunk = 'x'.repeat(64 * 1024);
    let sent = 0;
    while (stream!.send('changed', chunk) && sent < 2000) sent += 1; // at most ~128 MB
    expect(stream!.closed).toBe(true);
    expect(cleaned).toBe(true);
    expect(streams.size).toBe(0);
    expect(stream!.send('changed', 'more')).toBe(false);
    res.destroy();
  });
});
