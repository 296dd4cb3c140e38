/**
 * Each request's logger (`req.log`), made only when something is logged. Fastify gives every
 * request a child of the server's logger bound to its request id; pino builds a child by copying
 * the bindings into a JSON fragment and rebinding every level method — a measurable share of a
 * small request (about 7 % of the JavaScript time of `GET /api/health`), spent on every request
 * though at `info` almost none of them log anything (request-log.ts). This stands in for the child
 * and builds it on the first call at an enabled level; a call below the server's level is
 * dropped as pino itself would drop it. Lines, bindings, serializers and redaction are pino's.
 */
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

type ChildLoggerFactory = NonNullable<FastifyServerOptions['childLoggerFactory']>;
type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildOptions = Parameters<FastifyBaseLogger['child']>[1];
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** pino's numeric levels; a logger without them (e.g. Fastify's silent one) gets a real child. */
interface Leveled {
  levelVal?: number;
  levels?: { values: Record<string, number> };
}

class LazyRequestLogger {
  #child: FastifyBaseLogger | undefined;
  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
  ) {}

  #real(): FastifyBaseLogger {
    return (this.#child ??= this.parent.child(this.bindings));
  }

  #enabled(level: Level): boolean {
    if (this.#child) return true;
    const p = this.parent as FastifyBaseLogger & Leveled;
    const value = p.levels?.values[level];
    return value === undefined || p.levelVal === undefined || value >= p.levelVal;
  }

  #log(level: Level, args: unknown[]): void {
    if (this.#enabled(level)) (this.#real()[level] as (...a: unknown[]) => void)(...args);
  }

  get level(): string {
    return this.#child?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.#real().level = level;
  }

  fatal(...args: unknown[]): void {
    this.#log('fatal', args);
  }
  error(...args: unknown[]): void {
    this.#log('error', args);
  }
  warn(...args: unknown[]): void {
    this.#log('warn', args);
  }
  info(...args: unknown[]): void {
    this.#log('info', args);
  }
  debug(...args: unknown[]): void {
    this.#log('debug', args);
  }
  trace(...args: unknown[]): void {
    this.#log('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options);
  }
}

/** Fastify's `childLoggerFactory`: a lazy child, or pino's own when the route sets options (e.g. its log level). */
export const lazyChildLoggerFactory: ChildLoggerFactory = function (logger, bindings, opts) {
  if (opts && Object.keys(opts).length > 0) return logger.child(bindings, opts);
  return new LazyRequestLogger(logger, bindings) as unknown as FastifyBaseLogger;
};
