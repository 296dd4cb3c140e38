import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../test/harness';
import { pruneExpired } from './maintenance';

describe.each(DIALECTS)('pruneExpired (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { scale: 0.05 });
  });
  afterAll(async () => t?.close());

  it('drops expired sessions, old login attempts and old idempotency keys, and keeps fresh ones', async () => {
    const cookie = await t.login('secretary');
    await t.call('POST', '/api/session', { body: { username: 'secretary', password: 'wrong-password-1' } });
    const created = await t.call('POST', '/api/chain/items', { cookie, body: { name: '保留物料' }, headers: { 'idempotency-key': 'keep-1' } });
    expect(created.statusCode).toBe(201);

    expect(await pruneExpired(t.deps)).toEqual({ sessions: 0, loginAttempts: 0, idempotencyKeys: 0, analysisJobsInterrupted: 0, analysisJobsPruned: 0, workersPurged: 0, riskReviewsReminded: expect.any(Number) });
    expect((await t.call('GET', '/api/session', { cookie })).statusCode).toBe(200);

    t.clock.advance(8 * 24 * 3_600_000);
    const pruned = await pruneExpired(t.deps);
    expect(pruned.sessions).toBeGreaterThanOrEqual(1);
    expect(pruned.loginAttempts).toBeGreaterThanOrEqual(2);
    expect(pruned.idempotencyKeys).toBe(1);
    const left = await t.handle.db.selectFrom('idempotency_keys').select('key').execute();
    expect(left).toEqual([]);
  });
});
