/**
 * The web app's one way to follow a server-sent-events endpoint (notifications, a consultation,
 * the city screen, an import's progress): `useEventStream(url, handlers, options)`.
 *
 * - Handlers are named by event; each gets the parsed JSON `data` (the raw string if it is not
 *   JSON) and the MessageEvent. The latest handlers are used without reconnecting.
 * - The browser reconnects by itself after a network hiccup (status `connecting`); a stream closed
 *   for good (an error answer, the server went away) is reopened by us with a growing delay
 *   (2 s doubling to 60 s; status `offline` meanwhile).
 * - `final` events (e.g. `session_ended`, `gone`) end the stream: their handler runs, nothing
 *   reconnects until the url or `enabled` changes.
 * - `resumeParam`: when we reopen a stream, `?<param>=<last event id>` tells the server where to
 *   resume (the browser itself sends Last-Event-ID only on its own reconnects).
 * - Visibility: no reconnect is attempted while the tab is hidden; when it shows again a stream
 *   waiting to reconnect reconnects at once.
 * - Returns the status: `connecting`, `live` (open) or `offline` (closed, disabled, or no
 *   EventSource in this browser).
 *
 * The connection logic is `followEventStream`, free of React so it can be tested on its own.
 */
import { useEffect, useRef, useState } from 'react';

export type EventStreamStatus = 'connecting' | 'live' | 'offline';

export type EventStreamHandlers = Record<string, (data: unknown, event: MessageEvent<string>) => void>;

export interface EventStreamOptions {
  /** Open the stream (default true). */
  enabled?: boolean;
  /** Events after which the stream is over for good. */
  final?: readonly string[];
  /** Query parameter naming the last event id when we reopen a stream (e.g. `after`). */
  resumeParam?: string;
}

/** What the connection logic needs from the browser (tests give fakes). */
export interface EventStreamEnv {
  EventSource: new (url: string, init?: EventSourceInit) => Pick<EventSource, 'readyState' | 'close' | 'addEventListener'> & {
    onopen: ((e: Event) => void) | null;
    onerror: ((e: Event) => void) | null;
  };
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  document?: Pick<Document, 'hidden' | 'addEventListener' | 'removeEventListener'>;
}

export const RECONNECT_MIN_MS = 2_000;
export const RECONNECT_MAX_MS = 60_000;
const CLOSED = 2; // EventSource.CLOSED

function parse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function withParam(url: string, name: string, value: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
}

/**
 * Follows one stream until the returned function stops it. `handlers()` is read at each event,
 * so the caller may swap them freely.
 */
export function followEventStream(
  url: string,
  handlers: () => EventStreamHandlers,
  events: readonly string[],
  options: Pick<EventStreamOptions, 'final' | 'resumeParam'>,
  onStatus: (s: EventStreamStatus) => void,
  env: EventStreamEnv,
): () => void {
  const final = new Set(options.final ?? []);
  let source: InstanceType<EventStreamEnv['EventSource']> | null = null;
  let timer: unknown = null;
  let delay = RECONNECT_MIN_MS;
  let stopped = false;
  let waiting = false; // closed for good by the network or server, a reconnect pending
  let lastId: string | null = null;

  const connect = () => {
    timer = null;
    if (stopped) return;
    waiting = false;
    onStatus('connecting');
    const target = lastId !== null && options.resumeParam ? withParam(url, options.resumeParam, lastId) : url;
    const s = new env.EventSource(target, { withCredentials: true });
    source = s;
    s.onopen = () => {
      if (source !== s || stopped) return;
      delay = RECONNECT_MIN_MS;
      onStatus('live');
    };
    for (const name of events) {
      s.addEventListener(name, (e) => {
        if (source !== s || stopped) return;
        const me = e as MessageEvent<string>;
        if (me.lastEventId) lastId = me.lastEventId;
        if (final.has(name)) {
          stopped = true;
          s.close();
          onStatus('offline');
        }
        handlers()[name]?.(parse(me.data), me);
      });
    }
    s.onerror = () => {
      if (source !== s || stopped) return;
      if (s.readyState !== CLOSED) {
        onStatus('connecting'); // the browser retries by itself
        return;
      }
      s.close();
      onStatus('offline');
      waiting = true;
      if (!env.document?.hidden) schedule();
    };
  };
  const schedule = () => {
    if (timer !== null) return;
    timer = env.setTimeout(connect, delay);
    delay = Math.min(delay * 2, RECONNECT_MAX_MS);
  };
  const onVisibility = () => {
    if (stopped || !waiting || env.document?.hidden) return;
    // Back in view: reconnect now rather than at the end of a long backoff.
    if (timer !== null) env.clearTimeout(timer);
    timer = null;
    connect();
  };
  env.document?.addEventListener('visibilitychange', onVisibility);
  connect();
  return () => {
    stopped = true;
    if (timer !== null) env.clearTimeout(timer);
    timer = null;
    env.document?.removeEventListener('visibilitychange', onVisibility);
    source?.close();
  };
}

function browserEnv(): EventStreamEnv | null {
  if (typeof EventSource === 'undefined') return null;
  return {
    EventSource,
    setTimeout: (fn, ms) => window.setTimeout(fn, ms),
    clearTimeout: (h) => window.clearTimeout(h as number),
    document: typeof document === 'undefined' ? undefined : document,
  };
}

/**
 * Follows `url` while mounted and enabled; see the module comment. The set of event names is
 * taken from `handlers` (and `final`); changing which names are handled reconnects.
 */
export function useEventStream(url: string, handlers: EventStreamHandlers, options: EventStreamOptions = {}): EventStreamStatus {
  const { enabled = true, final, resumeParam } = options;
  const latest = useRef(handlers);
  latest.current = handlers;
  const [status, setStatus] = useState<EventStreamStatus>(enabled ? 'connecting' : 'offline');
  const names = [...new Set([...Object.keys(handlers), ...(final ?? [])])].sort().join(',');
  const finalKey = (final ?? []).join(',');
  useEffect(() => {
    const env = enabled ? browserEnv() : null;
    if (!env) {
      setStatus('offline');
      return;
    }
    const stop = followEventStream(url, () => latest.current, names ? names.split(',') : [], { final: finalKey ? finalKey.split(',') : [], resumeParam }, setStatus, env);
    return () => {
      stop();
      setStatus('offline');
    };
  }, [url, enabled, names, finalKey, resumeParam]);
  return status;
}
