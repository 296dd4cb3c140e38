/**
 * Request logging at info level: a successful request writes nothing, a refused one writes one
 * line with its status; at debug every request writes one line.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { createTestDb, type TestDb } from '../../test/harness';
import { QuietRequestLog } from './request-log';

function memoryLogger(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

describe('request log', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb('sqlite');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('at info: nothing for a 200, one line for a 401 with its status', async () => {
    const { logger, lines } = memoryLogger('info');
    const app = await buildApp(db.deps, { loggerInstance: logger, logController: new QuietRequestLog() });
    try {
      expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200);
      await new Promise((r) => setImmediate(r));
      expect(lines.filter((l) => l.msg === 'request completed' || l.msg === 'incoming request')).toEqual([]);
      expect((await app.inject({ url: '/api/session' })).statusCode).toBe(401);
      await new Promise((r) => setImmediate(r));
      const done = lines.filter((l) => l.msg === 'request completed');
      expect(done).toHaveLength(1);
      expect(done[0]).toMatchObject({ res: { statusCode: 401 }, req: { method: 'GET' } });
      expect(lines.filter((l) => l.msg === 'incoming request')).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('at debug: one line per request', async () => {
    const { logger, lines } = memoryLogger('debug');
    const app = await buildApp(db.deps, { loggerInstance: logger, logController: new QuietRequestLog() });
    try {
      await app.inject({ url: '/api/health' });
      await app.inject({ url: '/api/health' });
      await new Promise((r) => setImmediate(r));
      expect(lines.filter((l) => l.msg === 'request completed')).toHaveLength(2);
    } finally {
      await app.close();
    }
  });
});
