/**
 * What services receive: `Deps` (process-wide: database, clock, config) and `Ctx` (one request:
 * who, which tenant, which request id). Services never look at Fastify objects.
 */
import type { Config } from '../config';
import type { Dialect } from './db/column-types';
import type { Db } from './db/database';
import type { Actor } from './auth/policy';
import type { Locale } from './i18n';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can move. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(d: Date | string): void {
    this.current = new Date(d);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface Deps {
  db: Db;
  dialect: Dialect;
  config: Config;
  clock: Clock;
}

export interface Ctx {
  actor: Actor;
  requestId: string;
  locale: Locale;
}

/** Context for work done outside a request (CLI, seed): the system acting on its own behalf. */
export interface SystemCtx {
  actor: null;
  requestId: string | null;
  locale: Locale;
}
