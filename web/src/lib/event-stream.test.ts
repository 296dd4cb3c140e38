import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { followEventStream, RECONNECT_MAX_MS, RECONNECT_MIN_MS, type EventStreamEnv, type EventStreamStatus } from './event-stream';

/** A stand-in for the browser's EventSource that the test drives by hand. */
class FakeSource {
  static all: FakeSource[] = [];
  readyState = 0;
  onopen: ((e: Event) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  closed = false;
  listeners = new Map<string, ((e: Event) => void)[]>();
  constructor(
    readonly url: string,
    readonly init?: EventSourceInit,
  ) {
    FakeSource.all.push(this);
  }
  addEventListener(name: string, fn: (e: Event) => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  emit(name: string, data: string, lastEventId = '') {
    for (const fn of this.listeners.get(name) ?? []) fn({ data, lastEventId } as unknown as Event);
  }
  /** A hiccup the browser retries itself (`closed: false`) or the end of the stream (`closed: true`). */
  fail(closed: boolean) {
    this.readyState = closed ? 2 : 0;
    this.onerror?.(new Event('error'));
  }
}

class FakeDocument {
  hidden = false;
  fns: (() => void)[] = [];
  addEventListener(_: string, fn: () => void) {
    this.fns.push(fn);
  }
  removeEventListener(_: string, fn: () => void) {
    this.fns = this.fns.filter((f) => f !== fn);
  }
  show(hidden: boolean) {
    this.hidden = hidden;
    for (const fn of this.fns) fn();
  }
}

describe('followEventStream', () => {
  let doc: FakeDocument;
  let env: EventStreamEnv;
  let statuses: EventStreamStatus[];
  const last = () => FakeSource.all.at(-1)!;

  beforeEach(() => {
    vi.useFakeTimers();
    FakeSource.all = [];
    doc = new FakeDocument();
    statuses = [];
    env = {
      EventSource: FakeSource as unknown as EventStreamEnv['EventSource'],
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      document: doc as unknown as EventStreamEnv['document'],
    };
  });
  afterEach(() => vi.useRealTimers());

  const follow = (handlers: Record<string, (data: unknown) => void>, options: { final?: string[]; resumeParam?: string } = {}, url = '/api/x/stream') =>
    followEventStream(url, () => handlers, [...Object.keys(handlers), ...(options.final ?? [])], options, (s) => statuses.push(s), env);

  it('connects with credentials, reports live on open and hands parsed data to the named handler', () => {
    const seen: unknown[] = [];
    const stop = follow({ changed: (d) => seen.push(d), note: (d) => seen.push(d) });
    expect(last().url).toBe('/api/x/stream');
    expect(last().init).toEqual({ withCredentials: true });
    expect(statuses).toEqual(['connecting']);
    last().open();
    expect(statuses.at(-1)).toBe('live');
    last().emit('changed', '{"kind":"message","messageId":3}');
    last().emit('note', 'not json');
    expect(seen).toEqual([{ kind: 'message', messageId: 3 }, 'not json']);
    stop();
    expect(last().closed).toBe(true);
  });

  it('lets the browser retry a hiccup, and reopens a stream closed for good with a growing delay', () => {
    const stop = follow({ changed: () => undefined });
    last().open();
    last().fail(false);
    expect(statuses.at(-1)).toBe('connecting');
    expect(FakeSource.all).toHaveLength(1);
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const before = FakeSource.all.length;
      last().fail(true);
      expect(statuses.at(-1)).toBe('offline');
      let waited = 0;
      while (FakeSource.all.length === before) {
        vi.advanceTimersByTime(500);
        waited += 500;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000].map((d) => Math.min(d, RECONNECT_MAX_MS)));
    // Once open again, the delay starts over.
    last().open();
    last().fail(true);
    vi.advanceTimersByTime(RECONNECT_MIN_MS);
    expect(statuses.at(-1)).toBe('connecting');
    stop();
  });

  it('a final event runs its handler and stops for good', () => {
    let ended = 0;
    follow({ session_ended: () => (ended += 1) }, { final: ['session_ended'] });
    last().open();
    last().emit('session_ended', '{}');
    expect(ended).toBe(1);
    expect(last().closed).toBe(true);
    expect(statuses.at(-1)).toBe('offline');
    vi.advanceTimersByTime(10 * RECONNECT_MAX_MS);
    expect(FakeSource.all).toHaveLength(1);
  });

  it('resumes after the last event id when it reopens a stream', () => {
    follow({ notification: () => undefined }, { resumeParam: 'after' }, '/api/n/stream');
    last().open();
    last().emit('notification', '{}', '41');
    last().emit('notification', '{}', '42');
    last().fail(true);
    vi.advanceTimersByTime(RECONNECT_MIN_MS);
    expect(last().url).toBe('/api/n/stream?after=42');
  });

  it('waits while the tab is hidden, and reconnects at once when it shows again', () => {
    follow({ changed: () => undefined });
    last().open();
    doc.hidden = true;
    last().fail(true);
    vi.advanceTimersByTime(10 * RECONNECT_MAX_MS);
    expect(FakeSource.all).toHaveLength(1);
    doc.show(false);
    expect(FakeSource.all).toHaveLength(2);
    // Visible with a backoff pending: showing again skips the wait.
    last().fail(true);
    doc.show(true);
    doc.show(false);
    expect(FakeSource.all).toHaveLength(3);
    vi.advanceTimersByTime(10 * RECONNECT_MAX_MS);
    expect(FakeSource.all).toHaveLength(3); // the pending timer was cancelled
  });

  it('stopping cancels a pending reconnect and ignores late events', () => {
    const seen: unknown[] = [];
    const stop = follow({ changed: (d) => seen.push(d) });
    const first = last();
    first.open();
    first.fail(true);
    stop();
    vi.advanceTimersByTime(10 * RECONNECT_MAX_MS);
    expect(FakeSource.all).toHaveLength(1);
    first.emit('changed', '1');
    expect(seen).toEqual([]);
    expect(doc.fns).toHaveLength(0);
  });
});
