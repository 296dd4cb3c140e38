/**
 * Sign-in, cookies, session lifetime, sign-out, password change, disabling, rate limiting —
 * against the real app and database, with the clock moved by hand.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import type { TrustProxy } from '../../config';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, json } from '../../test/helpers';
import { ATTEMPT_WINDOW_MS, MAX_FAILURES_PER_IP, MAX_FAILURES_PER_USER, MAX_FAILURES_PER_USER_IP } from './auth.service';

const MINUTE = 60_000;

describe.each(DIALECTS)('auth (%s)', (dialect) => {
  let t: TestApp;
  let password: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    password = t.seed.password;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Signs in from a given address (so rate-limit tests don't share the default 127.0.0.1). */
  const signIn = (username: string, pw: string, ip = '127.0.0.1', headers: Record<string, string> = {}, app: FastifyInstance = t.app) =>
    app.inject({ method: 'POST', url: '/api/session', remoteAddress: ip, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify({ username, password: pw }) });
  const cookieOf = (res: { cookies: { name: string; value: string }[] }) => `fugong_sid=${res.cookies.find((c) => c.name === 'fugong_sid')!.value}`;
  const me = (cookie: string) => t.call('GET', '/api/session', { cookie });

  it('the session state answers 200 signed out (no error to log) and describes the signed-in person', async () => {
    const out = await t.call('GET', '/api/session/state');
    expect(out.statusCode).toBe(200);
    expect(json(out)).toEqual({ signedIn: false, session: null });
    const cookie = cookieOf(await signIn('staff', password));
    const state = json(await t.call('GET', '/api/session/state', { cookie }));
    expect(state.signedIn).toBe(true);
    expect(state.session).toEqual(json(await me(cookie)));
    // A stale cookie is signed out too.
    expect(json(await t.call('GET', '/api/session/state', { cookie: 'fugong_sid=not-a-session' }))).toEqual({ signedIn: false, session: null });
  });

  describe('sign-in', () => {
    it('succeeds with the right password and describes the person', async () => {
      const res = await signIn('secretary', password);
      expect(res.statusCode).toBe(200);
      const body = json(res);
      expect(body.user.username).toBe('secretary');
      expect(body.roles).toEqual(['secretary']);
      expect(body.allianceId).toBe(1);
      expect(body.permissions).toContain('enterprise.create');
      expect(body.permissions).not.toContain('alliance.create');
      expect((await me(cookieOf(res))).statusCode).toBe(200);
    });

    it('trims the username', async () => {
      expect((await signIn('  expert ', password)).statusCode).toBe(200);
    });

    it('answers a wrong password and an unknown user alike: 401 invalid_credentials, no cookie', async () => {
      const wrong = await signIn('tech', 'wrong-password', '10.1.0.1');
      const unknown = await signIn('no-such-user', password, '10.1.0.1');
      for (const res of [wrong, unknown]) {
        const doc = expectProblem(res, 401, 'invalid_credentials');
        expect(res.headers['set-cookie']).toBeUndefined();
        expect(doc).not.toHaveProperty('errors');
      }
      expect(json(wrong).detail).toBe(json(unknown).detail);
    });

    it('records every attempt in login_attempts', async () => {
      const before = await t.handle.db.selectFrom('login_attempts').selectAll().where('ip', '=', '10.1.0.2').execute();
      await signIn('tech', 'nope', '10.1.0.2');
      await signIn('tech', password, '10.1.0.2');
      const rows = await t.handle.db.selectFrom('login_attempts').selectAll().where('ip', '=', '10.1.0.2').orderBy('id').execute();
      expect(rows.length - before.length).toBe(2);
      expect(rows.map((r) => r.success)).toEqual([0, 1]);
    });

    it('writes a session.login audit row with the request id', async () => {
      const res = await signIn('commissioner', password, '127.0.0.1', { 'x-request-id': 'auth-login-1' });
      expect(res.headers['x-request-id']).toBe('auth-login-1');
      const audit = await t.handle.db.selectFrom('audit_log').selectAll().where('request_id', '=', 'auth-login-1').execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'session.login', target_type: 'user', alliance_id: 1 });
    });
  });

  describe('cookie', () => {
    it('is HttpOnly, SameSite=Lax, path /, and not Secure over plain http', async () => {
      const res = await signIn('tech', password);
      const header = String(res.headers['set-cookie']);
      expect(header).toMatch(/^fugong_sid=[\w-]{40,};/);
      expect(header).toMatch(/; HttpOnly/i);
      expect(header).toMatch(/; SameSite=Lax/i);
      expect(header).toMatch(/; Path=\//);
      expect(header).not.toMatch(/; Secure/i);
      const c = res.cookies.find((x) => x.name === 'fugong_sid')!;
      // Expires with the absolute lifetime of the session (12 h by default).
      const expected = t.clock.now().getTime() + t.config.session.absoluteHours * 3_600_000;
      expect(Math.abs(new Date(c.expires!).getTime() - expected)).toBeLessThan(1000);
    });

    it('ignores X-Forwarded-Proto unless the proxy is trusted', async () => {
      const res = await signIn('tech', password, '127.0.0.1', { 'x-forwarded-proto': 'https' });
      expect(String(res.headers['set-cookie'])).not.toMatch(/; Secure/i);
    });

    it('is Secure behind a trusted proxy that terminated HTTPS', async () => {
      const proxied = await buildApp({ ...t.deps, config: { ...t.config, trustProxy: 1 } });
      try {
        await proxied.ready();
        const res = await signIn('tech', password, '127.0.0.1', { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' }, proxied);
        expect(res.statusCode).toBe(200);
        expect(String(res.headers['set-cookie'])).toMatch(/; Secure/i);
        // The client address behind the proxy is what gets recorded.
        const s = await t.handle.db.selectFrom('sessions').select('ip').orderBy('created_at', 'desc').execute();
        expect(s.map((r) => r.ip)).toContain('203.0.113.7');
        const plain = await signIn('tech', password, '127.0.0.1', { 'x-forwarded-proto': 'http' }, proxied);
        expect(String(plain.headers['set-cookie'])).not.toMatch(/; Secure/i);
      } finally {
        await proxied.close();
      }
    });

    it('behind trusted proxies the client is the right-most untrusted address: a forged X-Forwarded-For changes nothing', async () => {
      const settings: TrustProxy[] = [1, ['127.0.0.1'], ['10.0.0.0/8', 'loopback']];
      for (const [k, trustProxy] of settings.entries()) {
        const proxied = await buildApp({ ...t.deps, config: { ...t.config, trustProxy } });
        try {
          await proxied.ready();
          // The client sends its own X-Forwarded-For; the proxy (127.0.0.1) appends the address it saw.
          const real = `198.51.100.${k + 1}`;
          const forged = (i: number) => ({ 'x-forwarded-for': `10.66.${i}.1, 203.0.113.${i}, ${real}` });
          for (let i = 0; i < MAX_FAILURES_PER_USER_IP; i++) expectProblem(await signIn('market-pneumatic', `wrong-${i}`, '127.0.0.1', forged(i), proxied), 401, 'invalid_credentials');
          // Every forged address was recorded as the real one, so the limit holds.
          expectProblem(await signIn('market-pneumatic', password, '127.0.0.1', forged(99), proxied), 429, 'rate_limited');
          const ips = (await t.handle.db.selectFrom('login_attempts').select('ip').where('username', '=', 'market-pneumatic').execute()).map((r) => r.ip);
          expect(ips.filter((ip) => ip === real)).toHaveLength(MAX_FAILURES_PER_USER_IP);
          expect(ips.filter((ip) => ip.startsWith('10.66.') || ip.startsWith('203.0.113.'))).toEqual([]);
        } finally {
          await proxied.close();
        }
        t.clock.advance(16 * MINUTE);
      }
      // Without trusted proxies the header is ignored: the peer is the client.
      await signIn('market-pneumatic', 'wrong-direct', '192.0.2.44', { 'x-forwarded-for': '198.51.100.250' });
      const direct = await t.handle.db.selectFrom('login_attempts').select('ip').where('username', '=', 'market-pneumatic').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(direct.ip).toBe('192.0.2.44');
    });

    it('is only a random token: the database keeps its hash', async () => {
      const res = await signIn('tech', password);
      const token = res.cookies.find((c) => c.name === 'fugong_sid')!.value;
      const byToken = await t.handle.db.selectFrom('sessions').select('id').where('id', '=', token).execute();
      expect(byToken).toHaveLength(0);
    });
  });

  describe('session lifetime', () => {
    it('ends after the idle limit', async () => {
      const cookie = cookieOf(await signIn('policy-leather', password));
      t.clock.advance((t.config.session.idleMinutes - 1) * MINUTE);
      expect((await me(cookie)).statusCode).toBe(200);
      t.clock.advance((t.config.session.idleMinutes - 1) * MINUTE);
      // Activity moved the idle deadline.
      expect((await me(cookie)).statusCode).toBe(200);
      t.clock.advance((t.config.session.idleMinutes + 1) * MINUTE);
      expectProblem(await me(cookie), 401, 'unauthenticated');
      // And it stays ended (the row is gone), even if the clock came back.
      expectProblem(await me(cookie), 401, 'unauthenticated');
    });

    it('a one-minute idle limit does not end a session in active use', async () => {
      const short = await buildApp({ ...t.deps, config: { ...t.config, session: { ...t.config.session, idleMinutes: 1 } } });
      try {
        await short.ready();
        const cookie = cookieOf(await signIn('policy-pneumatic', password, '127.0.0.1', {}, short));
        const get = () => short.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
        // A request every 50 s for ten minutes: each one inside the limit of the one before.
        for (let i = 0; i < 12; i++) {
          t.clock.advance(50_000);
          expect((await get()).statusCode, `request ${i + 1}`).toBe(200);
        }
        t.clock.advance(61_000);
        expectProblem(await get(), 401, 'unauthenticated');
      } finally {
        await short.close();
      }
    });

    it('ends at the absolute limit however active', async () => {
      const cookie = cookieOf(await signIn('market-leather', password));
      const step = (t.config.session.idleMinutes - 10) * MINUTE;
      const total = t.config.session.absoluteHours * 3_600_000;
      let elapsed = 0;
      while (elapsed + step < total) {
        t.clock.advance(step);
        elapsed += step;
        expect((await me(cookie)).statusCode, `after ${elapsed / MINUTE} min`).toBe(200);
      }
      t.clock.advance(total - elapsed + MINUTE);
      expectProblem(await me(cookie), 401, 'unauthenticated');
    });

    it('signing out ends the session and clears the cookie', async () => {
      const cookie = cookieOf(await signIn('prevention-leather', password));
      const other = cookieOf(await signIn('prevention-leather', password));
      const res = await t.call('DELETE', '/api/session', { cookie, headers: { 'x-request-id': 'auth-logout-1' } });
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['set-cookie'])).toMatch(/^fugong_sid=;.*Expires=Thu, 01 Jan 1970/);
      expectProblem(await me(cookie), 401, 'unauthenticated');
      expectProblem(await t.call('DELETE', '/api/session', { cookie }), 401, 'unauthenticated');
      // Only that session: the person's other session lives on.
      expect((await me(other)).statusCode).toBe(200);
      const audit = await t.handle.db.selectFrom('audit_log').selectAll().where('request_id', '=', 'auth-logout-1').execute();
      expect(audit.map((a) => a.action)).toEqual(['session.logout']);
    });
  });

  describe('password change', () => {
    const user = 'policy-fishery';
    const newPassword = 'Neues2026Passwort';
    let current: string;
    let other: string;

    beforeAll(async () => {
      current = cookieOf(await signIn(user, password));
      other = cookieOf(await signIn(user, password));
    });

    const change = (body: unknown, cookie = current) => t.call('PUT', '/api/session/password', { cookie, body });

    it('needs the current password', async () => {
      const doc = expectProblem(await change({ currentPassword: 'not-it-123', newPassword }), 422, 'wrong_password');
      expect(doc.errors?.[0]?.path).toBe('currentPassword');
      expect((await me(other)).statusCode).toBe(200);
    });

    it('refuses weak passwords', async () => {
      for (const weak of ['short1', 'onlyletterslong', '12345678901234', 'abc def 1']) {
        const doc = expectProblem(await change({ currentPassword: password, newPassword: weak }), 422, 'password_too_weak');
        expect(doc.errors?.[0]?.path).toBe('newPassword');
      }
      expect((await me(other)).statusCode).toBe(200);
      expect((await signIn(user, password)).statusCode).toBe(200);
    });

    it('refuses common passwords, whatever their case or added digits', async () => {
      for (const common of ['password12', 'Password123', 'PASSWORD2026', 'qwerty123456', '!!Dragon20260']) {
        const doc = expectProblem(await change({ currentPassword: password, newPassword: common }), 422, 'password_too_weak');
        expect(doc.errors?.[0]?.path).toBe('newPassword');
      }
    });

    it('limits guesses of the current password like sign-in, per address', async () => {
      const guesser = '10.2.9.1';
      const fromIp = (body: unknown, ip: string) =>
        t.app.inject({ method: 'PUT', url: '/api/session/password', remoteAddress: ip, headers: { cookie: current, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
      // Fired at once: counting and recording are one step, so only the limit's worth are checked.
      const guesses = await Promise.all(Array.from({ length: 20 }, (_, i) => fromIp({ currentPassword: `guess-${i}-xyz`, newPassword }, guesser)));
      expect(guesses.filter((r) => r.statusCode === 422)).toHaveLength(MAX_FAILURES_PER_USER_IP);
      for (const r of guesses.filter((r) => r.statusCode !== 422)) expectProblem(r, 429, 'rate_limited');
      // Locked from that address even with the right password; nothing changed.
      expectProblem(await fromIp({ currentPassword: password, newPassword }, guesser), 429, 'rate_limited');
      expect((await me(other)).statusCode).toBe(200);
      // Sign-in from that address is locked too: the guesses were failures of the account.
      expectProblem(await signIn(user, password, guesser), 429, 'rate_limited');
    });

    it('changes it, ends the other sessions and keeps this one', async () => {
      const res = await change({ currentPassword: password, newPassword });
      expect(res.statusCode).toBe(200);
      expect((await me(current)).statusCode).toBe(200);
      expectProblem(await me(other), 401, 'unauthenticated');
      expectProblem(await signIn(user, password, '10.2.0.1'), 401, 'invalid_credentials');
      expect((await signIn(user, newPassword, '10.2.0.1')).statusCode).toBe(200);
      const row = await t.handle.db.selectFrom('users').select(['password_hash', 'version']).where('username', '=', user).executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^scrypt\$/);
      expect(row.password_hash).not.toContain(newPassword);
      expect(row.version).toBe(2);
    });
  });

  describe('disabling an account', () => {
    it('ends its sessions at once and refuses new ones', async () => {
      const victim = 'market-fishery';
      const sessions = [cookieOf(await signIn(victim, password)), cookieOf(await signIn(victim, password))];
      const admin = cookieOf(await signIn('secretary-fishery', password));
      const listed = json(await t.call('GET', `/api/users?q=${victim}`, { cookie: admin })).items.find((u: { username: string }) => u.username === victim);
      const res = await t.call('PATCH', `/api/users/${listed.id}`, { cookie: admin, body: { disabled: true, version: listed.version } });
      expect(res.statusCode).toBe(200);
      expect(json(res)).toMatchObject({ disabled: true, version: listed.version + 1 });
      // The rows are gone at once (not merely refused on next use).
      const left = await t.handle.db.selectFrom('sessions').select('id').where('user_id', '=', listed.id).execute();
      expect(left).toHaveLength(0);
      for (const c of sessions) expectProblem(await me(c), 401, 'unauthenticated');
      // Right password on a disabled account answers exactly like a wrong password: nothing tells
      // that the password was right.
      const right = await signIn(victim, password, '10.3.0.1', { 'x-request-id': 'auth-disabled-right' });
      const wrong = await signIn(victim, 'wrong-one-1', '10.3.0.1', { 'x-request-id': 'auth-disabled-wrong' });
      const unknown = await signIn('no-such-user-3', 'wrong-one-1', '10.3.0.1');
      for (const res of [right, wrong, unknown]) {
        expectProblem(res, 401, 'invalid_credentials');
        expect(res.headers['set-cookie']).toBeUndefined();
      }
      const strip = (res: typeof right) => {
        const { requestId: _r, ...doc } = json(res);
        // The request id (in the document, its header and so the length) differs by design.
        const { 'x-request-id': _h, date: _d, 'content-length': _l, ...headers } = res.headers;
        return { doc, headers };
      };
      expect(strip(right)).toEqual(strip(wrong));
      expect(strip(right)).toEqual(strip(unknown));
      // Both count as failures, and both attempts on the disabled account are audited (in its
      // alliance, for the secretary), saying whether the password was right.
      const attempts = await t.handle.db.selectFrom('login_attempts').select('success').where('username', '=', victim).where('ip', '=', '10.3.0.1').execute();
      expect(attempts.map((a) => a.success)).toEqual([0, 0]);
      for (const [rid, passwordCorrect] of [['auth-disabled-right', true], ['auth-disabled-wrong', false]] as const) {
        const audit = await t.handle.db.selectFrom('audit_log').selectAll().where('request_id', '=', rid).execute();
        expect(audit).toHaveLength(1);
        expect(audit[0]).toMatchObject({ action: 'session.login_refused', actor_user_id: null, alliance_id: 2, target_type: 'user', target_id: String(listed.id) });
        expect(JSON.parse(audit[0]!.detail_json)).toEqual({ reason: 'account_disabled', passwordCorrect, ip: '10.3.0.1' });
      }
      const seen = json(await t.call('GET', `/api/audit?targetType=user&targetId=${listed.id}`, { cookie: admin })).items.map((a: { action: string }) => a.action);
      expect(seen).toEqual(expect.arrayContaining(['session.login_refused', 'user.disable']));
      // Re-enabled, the person can sign in again.
      const back = await t.call('PATCH', `/api/users/${listed.id}`, { cookie: admin, body: { disabled: false, version: listed.version + 1 } });
      expect(back.statusCode).toBe(200);
      expect((await signIn(victim, password, '10.3.0.2')).statusCode).toBe(200);
    });

    it('nobody can disable themselves', async () => {
      const admin = cookieOf(await signIn('secretary-fishery', password));
      const self = json(await t.call('GET', '/api/session', { cookie: admin })).user;
      const row = json(await t.call('GET', '/api/users?q=secretary-fishery', { cookie: admin })).items[0];
      const doc = expectProblem(await t.call('PATCH', `/api/users/${self.id}`, { cookie: admin, body: { disabled: true, version: row.version } }), 400, 'validation_failed');
      expect(doc.errors?.[0]?.code).toBe('cannot_disable_self');
    });
  });

  describe('rate limiting', () => {
    it('one address alone can never lock an account everywhere', () => {
      expect(MAX_FAILURES_PER_USER_IP).toBe(5);
      expect(MAX_FAILURES_PER_USER).toBe(50);
      expect(MAX_FAILURES_PER_IP).toBe(30);
      expect(ATTEMPT_WINDOW_MS).toBe(15 * MINUTE);
      expect(MAX_FAILURES_PER_USER).toBeGreaterThan(MAX_FAILURES_PER_IP);
    });

    it(`locks an account from one address after ${MAX_FAILURES_PER_USER_IP} failures there, even for the right password; the real user elsewhere gets in`, async () => {
      const ip = '10.9.0.1';
      for (let i = 0; i < MAX_FAILURES_PER_USER_IP; i++) expectProblem(await signIn('tech', `wrong-${i}`, ip), 401, 'invalid_credentials');
      const locked = await signIn('tech', password, ip);
      const doc = expectProblem(locked, 429, 'rate_limited');
      const retryAfter = Number(locked.headers['retry-after']);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect(doc.retryAfter).toBe(retryAfter);
      expect(doc.detail).toContain(String(retryAfter));
      // The attacker's address is locked out of the account, the account is not: its owner,
      // from another address, signs in.
      expect((await signIn('tech', password, '10.9.0.99')).statusCode).toBe(200);
      // Another account from the same address still gets in.
      expect((await signIn('expert', password, ip)).statusCode).toBe(200);
      // Hammering on from the locked address changes nothing for the owner.
      for (let i = 0; i < 10; i++) expectProblem(await signIn('tech', `wrong-again-${i}`, ip), 429, 'rate_limited');
      expect((await signIn('tech', password, '10.9.0.98')).statusCode).toBe(200);

      t.clock.advance(16 * MINUTE);
      expect((await signIn('tech', password, ip)).statusCode).toBe(200);
    });

    it(`locks an account everywhere after ${MAX_FAILURES_PER_USER} failures from many addresses, until the window passes`, async () => {
      const user = 'commissioner-pneumatic';
      // Spread so that no address reaches its own limit for the account.
      for (let i = 0; i < MAX_FAILURES_PER_USER; i++) {
        expectProblem(await signIn(user, `wrong-${i}`, `10.7.${Math.floor(i / (MAX_FAILURES_PER_USER_IP - 1))}.1`), 401, 'invalid_credentials');
      }
      const locked = await signIn(user, password, '10.7.250.1');
      expectProblem(locked, 429, 'rate_limited');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      // Other accounts are unaffected.
      expect((await signIn('expert', password, '10.7.250.1')).statusCode).toBe(200);
      t.clock.advance(16 * MINUTE);
      expect((await signIn(user, password, '10.7.250.1')).statusCode).toBe(200);
    });

    it(`locks an address after ${MAX_FAILURES_PER_IP} failures across accounts`, async () => {
      const ip = '10.9.0.2';
      // Spread over many accounts so no single account reaches its own limit.
      for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
        const res = await signIn(`ghost-${i % 10}`, 'wrong', ip);
        expectProblem(res, 401, 'invalid_credentials');
      }
      const locked = await signIn('secretary', password, ip);
      expectProblem(locked, 429, 'rate_limited');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      // Other addresses are unaffected.
      expect((await signIn('secretary', password, '10.9.0.3')).statusCode).toBe(200);
      t.clock.advance(16 * MINUTE);
      expect((await signIn('secretary', password, ip)).statusCode).toBe(200);
    });

    it('an admin password reset ends the account\'s lockout; the new password signs in at once', async () => {
      const ip = '10.9.0.5';
      const victim = 'tech-pneumatic';
      for (let i = 0; i < MAX_FAILURES_PER_USER_IP; i++) expectProblem(await signIn(victim, `wrong-${i}`, ip), 401, 'invalid_credentials');
      expectProblem(await signIn(victim, password, ip), 429, 'rate_limited');
      t.clock.advance(1000);
      const admin = cookieOf(await signIn('secretary-pneumatic', password, '10.9.0.6'));
      const row = json(await t.call('GET', `/api/users?q=${victim}`, { cookie: admin })).items[0];
      const reset = await t.call('POST', `/api/users/${row.id}/password-reset`, { cookie: admin, body: { version: row.version } });
      expect(reset.statusCode, reset.body).toBe(200);
      t.clock.advance(1000);
      expect((await signIn(victim, json(reset).temporaryPassword, ip)).statusCode).toBe(200);
      // Failures after the reset count again.
      for (let i = 0; i < MAX_FAILURES_PER_USER_IP; i++) expectProblem(await signIn(victim, `wrong-after-${i}`, ip), 401, 'invalid_credentials');
      expectProblem(await signIn(victim, json(reset).temporaryPassword, ip), 429, 'rate_limited');
    });

    describe('parallel attempts cannot outrun the limits', () => {
      /** How many of the attempts had their password checked (answered other than 429). */
      const evaluated = (rs: { statusCode: number }[]) => rs.filter((r) => r.statusCode !== 429).length;

      it(`60 at once on one account from one address: ${MAX_FAILURES_PER_USER_IP} checked`, async () => {
        const rs = await Promise.all(Array.from({ length: 60 }, (_, i) => signIn('expert', `race-${i}`, '10.8.0.1')));
        expect(evaluated(rs)).toBe(MAX_FAILURES_PER_USER_IP);
        for (const r of rs) expect([401, 429]).toContain(r.statusCode);
        const rows = await t.handle.db.selectFrom('login_attempts').select('id').where('ip', '=', '10.8.0.1').execute();
        expect(rows).toHaveLength(MAX_FAILURES_PER_USER_IP);
      });

      it(`100 at once from one address over many accounts: ${MAX_FAILURES_PER_IP} checked`, async () => {
        const rs = await Promise.all(Array.from({ length: 100 }, (_, i) => signIn(`race-ghost-${i}`, 'wrong', '10.8.0.2')));
        expect(evaluated(rs)).toBe(MAX_FAILURES_PER_IP);
      });

      it(`100 at once on one account from many addresses: ${MAX_FAILURES_PER_USER} checked`, async () => {
        const rs = await Promise.all(Array.from({ length: 100 }, (_, i) => signIn('race-target', 'wrong', `10.8.${1 + (i % 25)}.${10 + Math.floor(i / 25)}`)));
        expect(evaluated(rs)).toBe(MAX_FAILURES_PER_USER);
      });

      it('a right password among parallel wrong ones is checked like any other', async () => {
        const rs = await Promise.all([...Array.from({ length: 8 }, (_, i) => signIn('tech-fishery', `race-${i}`, '10.8.0.3')), signIn('tech-fishery', password, '10.8.0.3')]);
        expect(evaluated(rs)).toBe(MAX_FAILURES_PER_USER_IP);
        const succeeded = rs[8]!.statusCode === 200 ? 1 : 0;
        const rows = await t.handle.db.selectFrom('login_attempts').select('success').where('ip', '=', '10.8.0.3').execute();
        expect(rows.filter((r) => r.success === 1)).toHaveLength(succeeded);
      });
    });

    it('the window slides: old failures stop counting', async () => {
      const ip = '10.9.0.4';
      for (let i = 0; i < MAX_FAILURES_PER_USER_IP - 1; i++) await signIn('commissioner', 'wrong', ip);
      t.clock.advance(10 * MINUTE);
      await signIn('commissioner', 'wrong', ip); // the 5th, but the first four are 10 minutes old
      expectProblem(await signIn('commissioner', password, ip), 429, 'rate_limited');
      t.clock.advance(6 * MINUTE); // the first four are now outside the 15-minute window
      expect((await signIn('commissioner', password, ip)).statusCode).toBe(200);
    });
  });
});
