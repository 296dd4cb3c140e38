/** Request logs never hold query values (search terms are phone numbers and names). */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { createTestApp, type TestApp } from '../../test/harness';
import { loggerOptions, redactQuery } from './logging';

describe('request logs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keep the path and parameter names, drop every value', () => {
    expect(redactQuery('/api/enterprises?q=13800138000&page=2')).toBe('/api/enterprises?q=…&page=…');
    expect(redactQuery('/api/enterprises')).toBe('/api/enterprises');
    expect(redactQuery('/api/x?flag&q=%E5%BC%A0')).toBe('/api/x?flag=…&q=…');
  });

  it('a search by phone number or name leaves no trace of it in the log', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    const app = await buildApp(t.deps, { logger: loggerOptions({ ...t.config, logLevel: 'info' }, out) });
    try {
      await app.ready();
      const cookie = (await app.inject({ method: 'POST', url: '/api/session', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'secretary', password: t.seed.password }) })).cookies.find((c) => c.name === 'fugong_sid')!;
      const searches = ['13800138000', encodeURIComponent('张伟'), 'secret-term-42'];
      for (const q of searches) {
        const res = await app.inject({ method: 'GET', url: `/api/enterprises?q=${q}&pageSize=5`, headers: { cookie: `fugong_sid=${cookie.value}` } });
        expect(res.statusCode).toBe(200);
      }
      // A refused request is logged too, without its query.
      await app.inject({ method: 'GET', url: '/api/enterprises?q=13900139000&pageSize=abc', headers: { cookie: `fugong_sid=${cookie.value}` } });
      expect(text).toContain('/api/enterprises?q=…&pageSize=…');
      for (const q of [...searches, '张伟', '13900139000']) expect(text).not.toContain(q);
      expect(text).not.toContain(cookie.value);
      expect(text).not.toContain(t.seed.password);
    } finally {
      await app.close();
    }
  });
});
