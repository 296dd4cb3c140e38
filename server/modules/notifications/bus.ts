/**
 * The notification bus: how a notification committed by one request reaches the browsers of
 * its recipient that are listening on server-sent events — in this process or another one.
 *
 * - SQLite runs one server process, so an in-process event emitter is enough.
 * - PostgreSQL may run several processes on one database. Publishing sends
 *   `pg_notify(channel, {"u": userId, "n": notificationId})`; every process LISTENs on the
 *   channel with a dedicated `pg.Client` and, when one of its connected users is named, loads the
 *   notification row and hands it to that user's streams. The channel name is derived from the
 *   schema, so several deployments (or test schemas) on one database never hear each other.
 *
 * The bus also carries "sessions of user u ended" (sign-out, password change or reset, account
 * disabled): `{"u": userId, "s": 1}` on the same channel. Streams of that user then check their
 * own session and close when it no longer stands, and the process forgets the sessions it keeps
 * in memory (`auth/session-cache.ts`).
 *
 * It carries topic events too — "something changed in this conversation" — as `{"t": topic,
 * "d": data}`: small JSON a live view uses to refetch what it shows through its own visibility
 * rules (a topic event never carries content a listener could not read anyway).
 *
 * One bus exists per database handle; `closeBus` stops its listener.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import pg from 'pg';
import type { Deps } from '../../core/context';
import type { Db } from '../../core/db/database';
import { AppError } from '../../core/errors';
import { forgetCachedSessions } from '../auth/session-cache';
import { toNotification } from './notifications.presenter';
import { findNotification } from './notifications.repository';
import type { NotificationResponse } from './notifications.schema';

export interface Published {
  userId: number;
  notification: NotificationResponse;
}

export type Listener = (n: NotificationResponse) => void;

/** A topic event: which live view it concerns (e.g. `consultation:42`) and a small JSON payload. */
export interface TopicEvent {
  topic: string;
  data: Record<string, string | number | boolean | null>;
}
export type TopicListener = (data: TopicEvent['data']) => void;

export interface NotificationBus {
  /** Announces committed notifications to every process. */
  publish(items: readonly Published[]): Promise<void>;
  /** Listens for one user's notifications in this process; returns the unsubscribe function. */
  subscribe(userId: number, listener: Listener): () => void;
  /** Announces to every process that sessions of these users ended. */
  publishSessionsEnded(userIds: readonly number[]): Promise<void>;
  /** Listens in this process for "sessions of this user ended"; returns the unsubscribe function. */
  onSessionsEnded(userId: number, listener: () => void): () => void;
  /** Announces topic events (after the change they describe committed) to every process. */
  publishTopics(items: readonly TopicEvent[]): Promise<void>;
  /** Listens in this process for one topic's events; returns the unsubscribe function. */
  subscribeTopic(topic: string, listener: TopicListener): () => void;
  /** Resolves once this process hears what any process publishes. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

class LocalBus implements NotificationBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(items: readonly Published[]): Promise<void> {
    for (const it of items) this.deliver(it.userId, it.notification);
  }

  deliver(userId: number, n: NotificationResponse): void {
    this.emitter.emit(String(userId), n);
  }

  hasListeners(userId: number): boolean {
    return this.emitter.listenerCount(String(userId)) > 0;
  }

  subscribe(userId: number, listener: Listener): () => void {
    this.emitter.on(String(userId), listener);
    return () => this.emitter.off(String(userId), listener);
  }

  async publishSessionsEnded(userIds: readonly number[]): Promise<void> {
    for (const u of userIds) this.sessionsEnded(u);
  }

  sessionsEnded(userId: number): void {
    this.emitter.emit(`s:${userId}`);
  }

  onSessionsEnded(userId: number, listener: () => void): () => void {
    this.emitter.on(`s:${userId}`, listener);
    return () => this.emitter.off(`s:${userId}`, listener);
  }

  async publishTopics(items: readonly TopicEvent[]): Promise<void> {
    for (const it of items) this.topic(it.topic, it.data);
  }

  topic(topic: string, data: TopicEvent['data']): void {
    this.emitter.emit(`t:${topic}`, data);
  }

  subscribeTopic(topic: string, listener: TopicListener): () => void {
    this.emitter.on(`t:${topic}`, listener);
    return () => this.emitter.off(`t:${topic}`, listener);
  }

  async ready(): Promise<void> {}

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

const RECONNECT_MS = 1000;

class PostgresBus implements NotificationBus {
  private readonly local = new LocalBus();
  private client: pg.Client | null = null;
  private starting: Promise<void> | null = null;
  private channelName: Promise<string> | null = null;
  private closed = false;

  constructor(private readonly deps: Deps) {}

  private channel(): Promise<string> {
    this.channelName ??= sql<{ s: string }>`select current_schema() as s`
      .execute(this.deps.db)
      .then((r) => `fugong_notify_${createHash('sha1').update(r.rows[0]?.s ?? 'public').digest('hex').slice(0, 16)}`);
    return this.channelName;
  }

  async publish(items: readonly Published[]): Promise<void> {
    if (!items.length) return;
    const channel = await this.channel();
    for (const it of items) {
      await sql`select pg_notify(${channel}, ${JSON.stringify({ u: it.userId, n: it.notification.id })})`.execute(this.deps.db);
    }
  }

  subscribe(userId: number, listener: Listener): () => void {
    const off = this.local.subscribe(userId, listener);
    this.ready().catch(() => this.retryLater());
    return off;
  }

  async publishSessionsEnded(userIds: readonly number[]): Promise<void> {
    if (!userIds.length) return;
    const channel = await this.channel();
    for (const u of userIds) await sql`select pg_notify(${channel}, ${JSON.stringify({ u, s: 1 })})`.execute(this.deps.db);
  }

  onSessionsEnded(userId: number, listener: () => void): () => void {
    const off = this.local.onSessionsEnded(userId, listener);
    this.ready().catch(() => this.retryLater());
    return off;
  }

  async publishTopics(items: readonly TopicEvent[]): Promise<void> {
    if (!items.length) return;
    const channel = await this.channel();
    for (const it of items) await sql`select pg_notify(${channel}, ${JSON.stringify({ t: it.topic, d: it.data })})`.execute(this.deps.db);
  }

  subscribeTopic(topic: string, listener: TopicListener): () => void {
    const off = this.local.subscribeTopic(topic, listener);
    this.ready().catch(() => this.retryLater());
    return off;
  }

  ready(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.starting ??= this.start().catch((err: unknown) => {
      this.starting = null;
      throw err;
    });
    return this.starting;
  }

  private async start(): Promise<void> {
    const channel = await this.channel();
    const client = new pg.Client({ connectionString: this.deps.config.databaseUrl });
    const lost = () => {
      if (this.client !== client) return;
      this.client = null;
      this.starting = null;
      this.retryLater();
    };
    client.on('notification', (msg) => void this.onMessage(msg.payload));
    client.on('error', lost);
    client.on('end', lost);
    await client.connect();
    await client.query(`LISTEN "${channel}"`);
    if (this.closed) {
      await client.end();
      return;
    }
    this.client = client;
  }

  private retryLater(): void {
    if (this.closed) return;
    setTimeout(() => {
      if (!this.closed && !this.client) this.ready().catch(() => this.retryLater());
    }, RECONNECT_MS).unref();
  }

  private async onMessage(payload: string | undefined): Promise<void> {
    let msg: { u?: unknown; n?: unknown; s?: unknown; t?: unknown; d?: unknown };
    try {
      msg = JSON.parse(payload ?? '') as typeof msg;
    } catch {
      return;
    }
    if (typeof msg.t === 'string' && msg.d && typeof msg.d === 'object') return this.local.topic(msg.t, msg.d as TopicEvent['data']);
    if (typeof msg.u !== 'number') return;
    if (msg.s === 1) {
      // Another process ended sessions: this process's cached copies may be among them.
      forgetCachedSessions(this.deps.db);
      return this.local.sessionsEnded(msg.u);
    }
    if (typeof msg.n !== 'number' || !this.local.hasListeners(msg.u)) return;
    const row = await findNotification(this.deps.db, msg.u, msg.n).catch(() => undefined);
    if (row) this.local.deliver(msg.u, toNotification(row));
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    await this.local.close();
    if (client) await client.end().catch(() => undefined);
  }
}

const buses = new WeakMap<Db, NotificationBus>();

/** The bus of a database handle, created on first use. */
export function busFor(deps: Deps): NotificationBus {
  let bus = buses.get(deps.db);
  if (!bus) {
    bus = deps.dialect === 'postgres' ? new PostgresBus(deps) : new LocalBus();
    buses.set(deps.db, bus);
  }
  return bus;
}

/** The bus once it hears what any process publishes, for a live stream about to open; 503 `unavailable` while it cannot listen. */
export async function listeningBus(deps: Deps): Promise<NotificationBus> {
  const bus = busFor(deps);
  try {
    await bus.ready();
  } catch {
    throw new AppError('unavailable');
  }
  return bus;
}

/**
 * Tells every process that sessions of these users ended (after the change committed), so
 * their open streams re-check and close. Best effort: a stream that misses it still closes at
 * its next keep-alive, which checks the session too.
 */
export async function announceSessionsEnded(deps: Deps, userIds: readonly number[]): Promise<void> {
  await busFor(deps).publishSessionsEnded(userIds).catch(() => undefined);
}

/** Stops the bus of a database handle (its LISTEN connection, if any). */
export async function closeBus(deps: Deps): Promise<void> {
  const bus = buses.get(deps.db);
  if (!bus) return;
  buses.delete(deps.db);
  await bus.close();
}
