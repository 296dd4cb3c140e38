import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import { lazyChildLoggerFactory } from './request-logger';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _enc, cb) => (lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>), cb()) });
  return { lines, logger: pino({ level }, stream) as unknown as FastifyBaseLogger };
}

describe('lazy request logger', () => {
  it('logs with the request id binding at enabled levels and drops the rest, building no child for them', () => {
    const { lines, logger } = capture('info');
    let children = 0;
    const counting = new Proxy(logger, { get: (t, k) => (k === 'child' ? (...a: Parameters<FastifyBaseLogger['child']>) => (children++, t.child(...a)) : Reflect.get(t, k)) });
    const log = lazyChildLoggerFactory.call(undefined as never, counting, { reqId: 'r-1' }, {}, undefined as never);
    log.debug('not shown');
    log.trace({ a: 1 }, 'not shown');
    expect(children).toBe(0);
    expect(log.level).toBe('info');
    log.warn({ reason: 'x' }, 'shown');
    log.info('again');
    expect(children).toBe(1);
    expect(lines.map((l) => [l.reqId, l.msg, l.level])).toEqual([['r-1', 'shown', 40], ['r-1', 'again', 30]]);
    expect(lines[0]!.reason).toBe('x');
    log.child({ part: 2 }).error('nested');
    expect(lines[2]).toMatchObject({ reqId: 'r-1', part: 2, msg: 'nested', level: 50 });
  });

  it('at debug, debug lines are written', () => {
    const { lines, logger } = capture('debug');
    const log = lazyChildLoggerFactory.call(undefined as never, logger, { reqId: 'r-2' }, {}, undefined as never);
    log.debug('seen');
    expect(lines).toMatchObject([{ reqId: 'r-2', msg: 'seen', level: 20 }]);
  });
});
