import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { DEFAULT_WEBHOOK_HOSTS, parseConfig, type Config } from '../../config';
import type { Deps } from '../../core/context';
import { isSealed, secretBoxFor } from '../../core/crypto';
import { openDatabase, type DatabaseHandle } from '../../core/db/database';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json } from '../../test/helpers';
import { CHANNELS, NOTIFICATION_KINDS } from './notifications.schema';
import { sseSettings } from './notifications.sse';
import { openSse, type SseClient } from './sse-client.test-helper';
import { sealLegacyWebhookSecrets, sealLegacyWebhookUrls } from './webhooks.secrets';
import { BACKOFF_MS, MAX_ATTEMPTS, deliverDueWebhooks } from './webhooks.worker';

interface Received {
  url: string;
  body: Record<string, unknown>;
}

/** A robot endpoint on 127.0.0.1 that answers from a script (status, body, headers) per request. */
async function receiver(script: (n: number) => [number, string, Record<string, string>?]): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => {
      got.push({ url: req.url ?? '', body: JSON.parse(text) as Record<string, unknown> });
      const [status, body, headers] = script(got.length);
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/robot/send?access_token=tok123456`, got, close: () => new Promise((r) => server.close(() => r())) };
}

const port = (app: FastifyInstance) => (app.server.address() as AddressInfo).port;

/**
 * The robots in these tests listen on 127.0.0.1 over plain HTTP: this file allows that host
 * explicitly, on top of the default allowlist (which never includes it).
 */
const LOCAL_RECEIVER: Partial<Config> = { webhookHosts: [...parseConfig({}).webhookHosts, { host: '127.0.0.1', http: true, port: '*' }] };

describe.each(DIALECTS)('notifications (%s)', (dialect) => {
  let t: TestApp;
  let ids: Record<string, number>;
  let firm: string;
  let secretary: string;
  let ticketId: number;

  const comment = (cookie: string, body: string, visibility = 'public') => t.call('POST', `/api/tickets/${ticketId}/comments`, { cookie, body: { body, visibility }, headers: idem() });

  beforeAll(async () => {
    t = await createTestApp(dialect, { config: LOCAL_RECEIVER });
    ids = Object.fromEntries(t.seed.users.map((u) => [u.username, u.id]));
    firm = await t.login('firm');
    secretary = await t.login('secretary');
    ticketId = json<{ id: number }>(await t.call('POST', '/api/tickets', { cookie: firm, body: { enterpriseId: 1, category: 'orders', title: '通知测试' }, headers: idem() })).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('notification centre', () => {
    it('lists my notifications, counts the unread, marks them read; never another user’s', async () => {
      const staff = await t.login('staff');
      const before = json<{ count: number }>(await t.call('GET', '/api/notifications/unread-count', { cookie: firm })).count;
      expect((await comment(secretary, '请补充材料')).statusCode).toBe(201);
      const list = json<{ items: { id: number; kind: string; payload: Record<string, unknown>; readAt: string | null }[]; total: number }>(await t.call('GET', '/api/notifications?unread=true', { cookie: firm }));
      const n = list.items[0]!;
      expect(n).toMatchObject({ kind: 'ticket.commented', readAt: null, payload: { ticketId, title: '通知测试', excerpt: '请补充材料', visibility: 'public' } });
      expect(json<{ count: number }>(await t.call('GET', '/api/notifications/unread-count', { cookie: firm })).count).toBe(before + 1);
      // The secretary did it, so is not told; the enterprise's other account is.
      const secretaryHas = await t.handle.db.selectFrom('notifications').select('id').where('user_id', '=', ids.secretary).where('kind', '=', 'ticket.commented').execute();
      expect(secretaryHas).toEqual([]);
      const staffN = json<{ items: { id: number }[] }>(await t.call('GET', '/api/notifications', { cookie: staff })).items[0]!;
      // Marking someone else's id does nothing.
      expect(json<{ marked: number }>(await t.call('POST', '/api/notifications/read', { cookie: firm, body: { ids: [staffN.id] } })).marked).toBe(0);
      const marked = json<{ marked: number; unread: number }>(await t.call('POST', '/api/notifications/read', { cookie: firm, body: { ids: [n.id] } }));
      expect(marked).toEqual({ marked: 1, unread: before });
      expect(json<{ marked: number; unread: number }>(await t.call('POST', '/api/notifications/read', { cookie: firm, body: { all: true } })).unread).toBe(0);
      expectProblem(await t.call('POST', '/api/notifications/read', { cookie: firm, body: {} }), 400, 'validation_failed');
    });

    it('internal comments notify handlers, never the enterprise', async () => {
      const before = await t.handle.db.selectFrom('notifications').select('id').where('user_id', '=', ids.firm).execute();
      expect((await comment(secretary, '内部意见', 'internal')).statusCode).toBe(201);
      const after = await t.handle.db.selectFrom('notifications').select('id').where('user_id', '=', ids.firm).execute();
      expect(after.length).toBe(before.length);
      const handler = await t.handle.db.selectFrom('notifications').select('payload_json').where('user_id', '=', ids['market-leather']).where('kind', '=', 'ticket.commented').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(JSON.parse(handler.payload_json)).toMatchObject({ excerpt: '内部意见', visibility: 'internal' });
    });

    it('preferences switch an event off per channel', async () => {
      const prefs = json<{ prefs: { kind: string; channel: string; enabled: boolean }[] }>(await t.call('GET', '/api/notifications/prefs', { cookie: firm })).prefs;
      expect(prefs).toHaveLength(NOTIFICATION_KINDS.length * CHANNELS.length);
      expect(prefs.every((p) => p.enabled)).toBe(true);
      const put = await t.call('PUT', '/api/notifications/prefs', { cookie: firm, body: { prefs: [{ kind: 'ticket.commented', channel: 'in_app', enabled: false }] } });
      expect(put.statusCode, put.body).toBe(200);
      expect(json<typeof prefs extends infer P ? { prefs: P } : never>(put).prefs.find((p) => p.kind === 'ticket.commented' && p.channel === 'in_app')!.enabled).toBe(false);
      const before = json<{ count: number }>(await t.call('GET', '/api/notifications/unread-count', { cookie: firm })).count;
      await comment(secretary, '关掉提醒后');
      expect(json<{ count: number }>(await t.call('GET', '/api/notifications/unread-count', { cookie: firm })).count).toBe(before);
      await t.call('PUT', '/api/notifications/prefs', { cookie: firm, body: { prefs: [{ kind: 'ticket.commented', channel: 'in_app', enabled: true }] } });
      expectProblem(await t.call('PUT', '/api/notifications/prefs', { cookie: firm, body: { prefs: [{ kind: 'ticket.commented', channel: 'in_app', enabled: true }, { kind: 'ticket.commented', channel: 'in_app', enabled: false }] } }), 400, 'validation_failed');
    });
  });

  describe('server-sent events', () => {
    let clients: SseClient[] = [];
    afterEach(() => {
      for (const c of clients) c.close();
      clients = [];
    });

    it('streams my notifications live to a browser connected to the listening app', async () => {
      sseSettings.keepAliveMs = 100;
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const sse = await openSse(port(t.app), '/api/notifications/stream', { cookie: firm });
      clients.push(sse);
      expect(sse.status).toBe(200);
      expect(sse.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(sse.headers['cache-control']).toBe('no-cache, no-transform');
      await sse.waitFor((f) => f.comment === 'connected');
      const unread = await sse.waitFor((f) => f.event === 'unread');
      expect(JSON.parse(unread.data!)).toHaveProperty('count');
      await sse.waitFor((f) => f.comment === 'keep-alive');

      expect((await comment(secretary, '实时推送测试')).statusCode).toBe(201);
      const frame = await sse.waitFor((f) => f.event === 'notification');
      const n = JSON.parse(frame.data!);
      expect(n).toMatchObject({ kind: 'ticket.commented', payload: { ticketId, excerpt: '实时推送测试' } });
      expect(frame.id).toBe(String(n.id));

      // Another user's stream hears nothing of it.
      const other = await openSse(port(t.app), '/api/notifications/stream', { cookie: await t.login('expert') });
      clients.push(other);
      await other.waitFor((f) => f.event === 'unread');
      await comment(secretary, '第二条');
      await sse.waitFor((f) => f.event === 'notification' && JSON.parse(f.data!).payload.excerpt === '第二条');
      expect(other.frames.some((f) => f.event === 'notification')).toBe(false);

      // Reconnecting with Last-Event-ID replays what was missed.
      const again = await openSse(port(t.app), '/api/notifications/stream', { cookie: firm, 'last-event-id': String(n.id) });
      clients.push(again);
      const replayed = await again.waitFor((f) => f.event === 'notification');
      expect(JSON.parse(replayed.data!).payload.excerpt).toBe('第二条');

      // Without a session: 401 problem, not a stream.
      const anon = await openSse(port(t.app), '/api/notifications/stream', {});
      clients.push(anon);
      expect(anon.status).toBe(401);
      expect(anon.headers['content-type']).toMatch(/^application\/problem\+json/);
      sseSettings.keepAliveMs = 25_000;
    });

    describe('a stream ends with the session it was opened with', () => {
      const listening = async () => {
        if (!t.app.server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
        return port(t.app);
      };
      const signInFresh = async (username: string, password = t.seed.password) => {
        const res = await t.call('POST', '/api/session', { body: { username, password } });
        expect(res.statusCode, res.body).toBe(200);
        return `fugong_sid=${res.cookies.find((c) => c.name === 'fugong_sid')!.value}`;
      };
      const stream = async (cookie: string) => {
        const s = await openSse(await listening(), '/api/notifications/stream', { cookie });
        clients.push(s);
        expect(s.status).toBe(200);
        await s.waitFor((f) => f.event === 'unread');
        return s;
      };
      const endedWithSession = async (s: SseClient) => {
        await s.waitFor((f) => f.event === 'session_ended');
        await s.ended;
      };
      /** A stream that is still open: it hears a new notification for its user. */
      const stillOpen = async (s: SseClient, excerpt: string) => {
        expect((await comment(secretary, excerpt)).statusCode).toBe(201);
        await s.waitFor((f) => f.event === 'notification' && JSON.parse(f.data!).payload.excerpt === excerpt);
        expect(s.frames.some((f) => f.event === 'session_ended')).toBe(false);
      };

      // Keep-alives (which also check the session) are far off: only the announcement can end these.
      beforeAll(() => {
        sseSettings.keepAliveMs = 60_000;
      });
      afterAll(() => {
        sseSettings.keepAliveMs = 25_000;
      });

      it('signing out ends that session’s stream at once, not the person’s other sessions', async () => {
        const [a, b] = [await signInFresh('staff'), await signInFresh('staff')];
        const [sa, sb] = [await stream(a), await stream(b)];
        expect((await t.call('DELETE', '/api/session', { cookie: a })).statusCode).toBe(200);
        await endedWithSession(sa);
        await stillOpen(sb, '登出后另一会话仍在线');
        // Reconnecting with the ended session is refused.
        const again = await openSse(port(t.app), '/api/notifications/stream', { cookie: a });
        clients.push(again);
        expect(again.status).toBe(401);
      });

      it('changing the password ends the other sessions’ streams and keeps this one', async () => {
        const newPassword = 'Stream2026Pass';
        const [a, b] = [await signInFresh('staff'), await signInFresh('staff')];
        const [sa, sb] = [await stream(a), await stream(b)];
        const res = await t.call('PUT', '/api/session/password', { cookie: a, body: { currentPassword: t.seed.password, newPassword } });
        expect(res.statusCode, res.body).toBe(200);
        await endedWithSession(sb);
        await stillOpen(sa, '改密后本会话仍在线');
        // Back to the demo password, so later tests sign in as before.
        expect((await t.call('PUT', '/api/session/password', { cookie: a, body: { currentPassword: newPassword, newPassword: t.seed.password } })).statusCode).toBe(200);
      });

      it('disabling the account ends its streams at once', async () => {
        const victim = await signInFresh('market-leather');
        const s = await stream(victim);
        const row = json<{ items: { id: number; username: string; version: number }[] }>(await t.call('GET', '/api/users?q=market-leather', { cookie: secretary })).items.find((u) => u.username === 'market-leather')!;
        const res = await t.call('PATCH', `/api/users/${row.id}`, { cookie: secretary, body: { disabled: true, version: row.version } });
        expect(res.statusCode, res.body).toBe(200);
        await endedWithSession(s);
        expect((await t.call('PATCH', `/api/users/${row.id}`, { cookie: secretary, body: { disabled: false, version: row.version + 1 } })).statusCode).toBe(200);
      });

      it('a session that idles out ends its stream at the next keep-alive (keep-alives do not count as activity)', async () => {
        sseSettings.keepAliveMs = 50;
        try {
          const s = await stream(await signInFresh('policy-leather'));
          await s.waitFor((f) => f.comment === 'keep-alive');
          await s.waitFor((f) => f.comment === 'keep-alive' && s.frames.filter((x) => x.comment === 'keep-alive').length >= 3);
          expect(s.frames.some((f) => f.event === 'session_ended')).toBe(false);
          t.clock.advance((t.config.session.idleMinutes + 1) * 60_000);
          await endedWithSession(s);
        } finally {
          sseSettings.keepAliveMs = 60_000;
          t.clock.set('2026-11-25T02:00:00.000Z');
        }
      });
    });
  });

  describe('webhooks', () => {
    let createdHooks: number[] = [];
    afterEach(async () => {
      // Back to the suite's instant (sessions idle out when the clock jumps), and remove the
      // hooks, so later tests' events do not queue messages to them.
      t.clock.set('2026-11-25T02:00:00.000Z');
      secretary = await t.login('secretary');
      firm = await t.login('firm');
      for (const id of createdHooks) {
        const v = await t.handle.db.selectFrom('webhooks').select('version').where('id', '=', id).executeTakeFirst();
        if (v) await t.call('DELETE', `/api/webhooks/${id}?version=${v.version}`, { cookie: secretary });
      }
      createdHooks = [];
    });

    const addHook = async (body: Record<string, unknown>) => {
      const res = await t.call('POST', '/api/webhooks', { cookie: secretary, body: { name: '联盟工作群', events: ['ticket.created'], ...body }, headers: idem() });
      expect(res.statusCode, res.body).toBe(201);
      const hook = json<{ id: number; version: number; url: string; hasSecret: boolean }>(res);
      createdHooks.push(hook.id);
      return hook;
    };
    const fileTicket = async (title: string) => {
      const res = await t.call('POST', '/api/tickets', { cookie: firm, body: { enterpriseId: 1, category: 'funds', title }, headers: idem() });
      expect(res.statusCode, res.body).toBe(201);
    };

    it('DingTalk: signed, markdown, retried after a failure with backoff, logged', async () => {
      const robot = await receiver((n) => (n === 1 ? [500, 'boom'] : [200, '{"errcode":0,"errmsg":"ok"}']));
      try {
        const secret = 'SECtest0123456789';
        const hook = await addHook({ kind: 'dingtalk', url: robot.url, secret });
        expect(hook.url).not.toContain('tok123456');
        expect(hook.hasSecret).toBe(true);
        expect(JSON.stringify(json(await t.call('GET', '/api/webhooks', { cookie: secretary })))).not.toContain(secret);
        // Sealed at rest (AES-256-GCM under FUGONG_SECRET_KEY), opened only to sign.
        const stored = (await t.handle.db.selectFrom('webhooks').select('secret').where('id', '=', hook.id).executeTakeFirstOrThrow()).secret!;
        expect(isSealed(stored)).toBe(true);
        expect(stored).not.toContain(secret);
        expect(secretBoxFor(t.config).decrypt(stored, 'webhook.secret')).toBe(secret);
        // The address carries the robot's access token: sealed at rest too, shown masked.
        const storedUrl = (await t.handle.db.selectFrom('webhooks').select('url').where('id', '=', hook.id).executeTakeFirstOrThrow()).url;
        expect(isSealed(storedUrl)).toBe(true);
        expect(storedUrl).not.toContain('tok123456');
        expect(secretBoxFor(t.config).decrypt(storedUrl, 'webhook.url')).toBe(robot.url);
        expect(hook.url).toMatch(/access_token=tok1\*{4}$/);

        await fileTicket('推送到钉钉');
        const first = await deliverDueWebhooks(t.deps);
        expect(first).toMatchObject({ attempted: 1, delivered: 0, retrying: 1 });
        expect(robot.got).toHaveLength(1);
        // Not due again before the backoff.
        t.clock.advance(BACKOFF_MS[0] - 1000);
        expect((await deliverDueWebhooks(t.deps)).attempted).toBe(0);
        t.clock.advance(1000);
        expect(await deliverDueWebhooks(t.deps)).toMatchObject({ attempted: 1, delivered: 1 });
        expect(robot.got).toHaveLength(2);

        const sent = robot.got[1]!;
        const u = new URL(sent.url, 'http://x');
        expect(u.searchParams.get('access_token')).toBe('tok123456');
        const ts = u.searchParams.get('timestamp')!;
        expect(Number(ts)).toBe(t.clock.now().getTime());
        expect(u.searchParams.get('sign')).toBe(createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64'));
        expect(sent.url).toContain(`sign=${encodeURIComponent(u.searchParams.get('sign')!)}`);
        expect(sent.body).toMatchObject({ msgtype: 'markdown', markdown: { title: '新问题待办' } });
        expect((sent.body.markdown as { text: string }).text).toContain('推送到钉钉');

        const log = json<{ items: { status: string; attempt: number; responseCode: number; event: string; deliveredAt: string | null }[] }>(await t.call('GET', `/api/webhooks/${hook.id}/deliveries`, { cookie: secretary }));
        expect(log.items[0]).toMatchObject({ event: 'ticket.created', status: 'delivered', attempt: 2, responseCode: 200 });
        expect(log.items[0]!.deliveredAt).toBe(t.clock.now().toISOString());
      } finally {
        await robot.close();
        t.clock.set('2026-11-25T02:00:00.000Z');
      }
    });

    it('WeCom: markdown content, no signature; errcode ≠ 0 is a failure; gives up after 5 attempts', async () => {
      const robot = await receiver(() => [200, '{"errcode":93000,"errmsg":"invalid webhook url"}']);
      try {
        const hook = await addHook({ kind: 'wecom', url: robot.url.replace('access_token', 'key') });
        await fileTicket('推送到企业微信');
        const times: string[] = [];
        for (let i = 0; i < MAX_ATTEMPTS; i++) {
          times.push(t.clock.now().toISOString());
          expect((await deliverDueWebhooks(t.deps)).attempted, `attempt ${i + 1}`).toBe(1);
          if (i < BACKOFF_MS.length) t.clock.advance(BACKOFF_MS[i]!);
        }
        expect(robot.got).toHaveLength(MAX_ATTEMPTS);
        expect(robot.got[0]!.url).not.toContain('sign=');
        expect(robot.got[0]!.body).toMatchObject({ msgtype: 'markdown' });
        expect((robot.got[0]!.body.markdown as { content: string }).content).toContain('推送到企业微信');
        t.clock.advance(24 * 3_600_000);
        expect((await deliverDueWebhooks(t.deps)).attempted).toBe(0);
        const log = json<{ items: { status: string; attempt: number; error: string; nextAttemptAt: string | null }[] }>(await t.call('GET', `/api/webhooks/${hook.id}/deliveries?status=failed`, { cookie: await t.login('secretary') }));
        expect(log.items[0]).toMatchObject({ status: 'failed', attempt: 5, nextAttemptAt: null });
        expect(log.items[0]!.error).toContain('93000');
        // 1 min, 5 min, 30 min, 2 h between attempts.
        expect(times.map((x, i) => (i ? Date.parse(x) - Date.parse(times[i - 1]!) : 0)).slice(1)).toEqual([...BACKOFF_MS]);
      } finally {
        await robot.close();
        t.clock.set('2026-11-25T02:00:00.000Z');
      }
    });

    it('a test message, edits with a version check, secretaries only, valid URLs only', async () => {
      const robot = await receiver(() => [200, '{"errcode":0}']);
      try {
        const hook = await addHook({ kind: 'wecom', url: robot.url, events: ['ticket.escalated'], enabled: false });
        // Disabled and not subscribed: filing queues nothing.
        await fileTicket('不推送');
        expect((await deliverDueWebhooks(t.deps)).attempted).toBe(0);
        const test = await t.call('POST', `/api/webhooks/${hook.id}/test`, { cookie: secretary, headers: idem() });
        expect(test.statusCode, test.body).toBe(201);
        expect(await deliverDueWebhooks(t.deps)).toMatchObject({ delivered: 1 });
        expect((robot.got[0]!.body.markdown as { content: string }).content).toContain('联盟工作群');
        const patched = await t.call('PATCH', `/api/webhooks/${hook.id}`, { cookie: secretary, body: { enabled: true, events: ['ticket.created', 'ticket.escalated'], version: hook.version } });
        expect(patched.statusCode, patched.body).toBe(200);
        expectProblem(await t.call('PATCH', `/api/webhooks/${hook.id}`, { cookie: secretary, body: { name: '旧版本', version: hook.version } }), 409, 'version_conflict');
        const bad = await t.call('POST', '/api/webhooks', { cookie: secretary, body: { kind: 'dingtalk', name: 'x', url: 'ftp://example.com/hook', events: ['ticket.created'] }, headers: idem() });
        expect(expectProblem(bad, 400, 'validation_failed').errors?.[0]).toMatchObject({ path: 'url', code: 'invalid_webhook_url' });
        expectProblem(await t.call('GET', '/api/webhooks', { cookie: await t.login('tech') }), 403, 'forbidden');
        expectProblem(await t.call('GET', `/api/webhooks/${hook.id}/deliveries`, { cookie: await t.login('secretary-fishery') }), 404, 'not_found');
      } finally {
        await robot.close();
      }
    });

    it('only to allowlisted hosts, over HTTPS; refused with a field error on url', async () => {
      const post = (url: string) => t.call('POST', '/api/webhooks', { cookie: secretary, body: { kind: 'dingtalk', name: '白名单', url, events: ['ticket.created'] }, headers: idem() });
      const refused = async (url: string, code: string) => {
        const doc = expectProblem(await post(url), 400, 'validation_failed');
        expect(doc.errors, url).toEqual([expect.objectContaining({ path: 'url', code })]);
        return doc.errors![0]!;
      };
      const other = await refused('https://hooks.example.com/robot/send?access_token=x', 'webhook_host_not_allowed');
      expect(other.params).toMatchObject({ host: 'hooks.example.com' });
      expect(other.message).toContain('hooks.example.com');
      expect(other.message).toContain('oapi.dingtalk.com');
      // Look-alikes are other hosts.
      await refused('https://oapi.dingtalk.com.evil.cn/robot/send', 'webhook_host_not_allowed');
      await refused('https://evil.cn/robot/send?to=oapi.dingtalk.com', 'webhook_host_not_allowed');
      await refused('https://10.0.0.8/robot/send', 'webhook_host_not_allowed');
      await refused('https://oapi.dingtalk.com@evil.cn/robot/send', 'invalid_webhook_url');
      // An allowed host, but not over HTTPS.
      await refused('http://oapi.dingtalk.com/robot/send?access_token=x', 'webhook_https_required');
      const ok = await post('https://OAPI.dingtalk.com/robot/send?access_token=abcdef');
      expect(ok.statusCode, ok.body).toBe(201);
      const hook = json<{ id: number; version: number }>(ok);
      createdHooks.push(hook.id);
      // Edits are checked the same way, and a refused edit changes nothing.
      const edit = expectProblem(await t.call('PATCH', `/api/webhooks/${hook.id}`, { cookie: secretary, body: { url: 'https://hooks.example.com/x', version: hook.version } }), 400, 'validation_failed');
      expect(edit.errors?.[0]).toMatchObject({ path: 'url', code: 'webhook_host_not_allowed' });
      const kept = await t.handle.db.selectFrom('webhooks').select(['url', 'version']).where('id', '=', hook.id).executeTakeFirstOrThrow();
      expect({ url: secretBoxFor(t.config).decrypt(kept.url, 'webhook.url'), version: kept.version }).toEqual({ url: 'https://OAPI.dingtalk.com/robot/send?access_token=abcdef', version: 1 });
      // Another port of an allowed host is another service.
      await refused('https://oapi.dingtalk.com:8443/robot/send?access_token=x', 'webhook_port_not_allowed');
      expect((await t.call('PATCH', `/api/webhooks/${hook.id}`, { cookie: secretary, body: { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', kind: 'wecom', version: hook.version } })).statusCode).toBe(200);
    });

    it('the default allowlist is DingTalk and WeCom over HTTPS: a local receiver needs explicit configuration', async () => {
      expect(parseConfig({}).webhookHosts).toEqual(DEFAULT_WEBHOOK_HOSTS.map((host) => ({ host, http: false })));
      const strict = await buildApp({ ...t.deps, config: { ...t.config, webhookHosts: parseConfig({}).webhookHosts } });
      try {
        await strict.ready();
        const res = await strict.inject({ method: 'POST', url: '/api/webhooks', headers: { cookie: secretary, 'content-type': 'application/json', ...idem() }, payload: JSON.stringify({ kind: 'wecom', name: '本机', url: 'http://127.0.0.1:9/robot', events: ['ticket.created'] }) });
        expect(expectProblem(res, 400, 'validation_failed').errors?.[0]).toMatchObject({ path: 'url', code: 'webhook_host_not_allowed', params: { host: '127.0.0.1' } });
      } finally {
        await strict.close();
      }
    });

    it('deliveries check the allowlist again: a robot saved under another configuration gets nothing', async () => {
      const robot = await receiver(() => [200, '{"errcode":0}']);
      try {
        const hook = await addHook({ kind: 'wecom', url: robot.url });
        await fileTicket('白名单收紧后');
        const strict = { ...t.deps, config: { ...t.config, webhookHosts: parseConfig({}).webhookHosts } };
        expect(await deliverDueWebhooks(strict)).toMatchObject({ attempted: 1, delivered: 0, failed: 1, retrying: 0 });
        expect(robot.got).toHaveLength(0);
        const log = json<{ items: { status: string; attempt: number; error: string; responseCode: number | null }[] }>(await t.call('GET', `/api/webhooks/${hook.id}/deliveries`, { cookie: secretary }));
        expect(log.items[0]).toMatchObject({ status: 'failed', attempt: 1, responseCode: null });
        expect(log.items[0]!.error).toContain('127.0.0.1');
      } finally {
        await robot.close();
      }
    });

    it('deliveries do not follow redirects', async () => {
      const elsewhere = await receiver(() => [200, '{"errcode":0}']);
      const robot = await receiver(() => [307, '', { location: elsewhere.url }]);
      try {
        const hook = await addHook({ kind: 'wecom', url: robot.url });
        await fileTicket('重定向');
        expect(await deliverDueWebhooks(t.deps)).toMatchObject({ attempted: 1, delivered: 0, retrying: 1 });
        expect(robot.got).toHaveLength(1);
        expect(elsewhere.got).toHaveLength(0);
        const log = json<{ items: { responseCode: number }[] }>(await t.call('GET', `/api/webhooks/${hook.id}/deliveries`, { cookie: secretary }));
        expect(log.items[0]!.responseCode).toBe(307);
      } finally {
        await robot.close();
        await elsewhere.close();
      }
    });

    it('addresses stored in plain text before sealing still deliver, and are sealed at start-up', async () => {
      const robot = await receiver(() => [200, '{"errcode":0}']);
      try {
        const hook = await addHook({ kind: 'wecom', url: robot.url });
        // A row from before addresses were sealed.
        await t.handle.db.updateTable('webhooks').set({ url: robot.url }).where('id', '=', hook.id).execute();
        expect(JSON.stringify(json(await t.call('GET', '/api/webhooks', { cookie: secretary })))).not.toContain('tok123456');
        await fileTicket('旧地址');
        expect(await deliverDueWebhooks(t.deps)).toMatchObject({ delivered: 1 });
        expect(await sealLegacyWebhookUrls(t.deps)).toBe(1);
        expect(await sealLegacyWebhookUrls(t.deps)).toBe(0);
        const row = await t.handle.db.selectFrom('webhooks').select(['url', 'version']).where('id', '=', hook.id).executeTakeFirstOrThrow();
        expect(isSealed(row.url)).toBe(true);
        expect(row.version).toBe(hook.version);
        const audit = await t.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'webhook.url_sealed').where('target_id', '=', String(hook.id)).execute();
        expect(audit).toHaveLength(1);
        await fileTicket('新地址');
        expect(await deliverDueWebhooks(t.deps)).toMatchObject({ delivered: 1 });
        expect(robot.got).toHaveLength(2);
      } finally {
        await robot.close();
      }
    });

    it('secrets stored in plain text before sealing still sign, and are sealed at start-up; a wrong key fails without posting', async () => {
      const robot = await receiver(() => [200, '{"errcode":0}']);
      const secret = 'SEClegacy0123456789';
      const signOf = (url: string) => {
        const u = new URL(url, 'http://x');
        return { ts: u.searchParams.get('timestamp')!, sign: u.searchParams.get('sign')! };
      };
      const expected = (ts: string) => createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
      try {
        const hook = await addHook({ kind: 'dingtalk', url: robot.url, secret: 'SECreplacedbelow' });
        // A row from before secrets were sealed.
        await t.handle.db.updateTable('webhooks').set({ secret }).where('id', '=', hook.id).execute();
        await fileTicket('旧密钥');
        expect(await deliverDueWebhooks(t.deps)).toMatchObject({ delivered: 1 });
        const first = signOf(robot.got[0]!.url);
        expect(first.sign).toBe(expected(first.ts));

        const auditBefore = await t.handle.db.selectFrom('audit_log').select('id').where('action', '=', 'webhook.secret_sealed').execute();
        expect(await sealLegacyWebhookSecrets(t.deps)).toBe(1);
        expect(await sealLegacyWebhookSecrets(t.deps)).toBe(0);
        const row = await t.handle.db.selectFrom('webhooks').select(['secret', 'version']).where('id', '=', hook.id).executeTakeFirstOrThrow();
        expect(isSealed(row.secret!)).toBe(true);
        expect(row.version).toBe(hook.version);
        const audits = await t.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'webhook.secret_sealed').execute();
        expect(audits.length - auditBefore.length).toBe(1);
        expect(audits.at(-1)).toMatchObject({ target_type: 'webhook', target_id: String(hook.id), alliance_id: 1, actor_user_id: null });

        await fileTicket('密钥已加密');
        expect(await deliverDueWebhooks(t.deps)).toMatchObject({ delivered: 1 });
        const second = signOf(robot.got[1]!.url);
        expect(second.sign).toBe(expected(second.ts));

        // Under another key the secret cannot be opened: the delivery fails at once, unsent.
        await fileTicket('换了密钥');
        const otherKey = { ...t.deps, config: { ...t.config, secretKeyHex: 'ab'.repeat(32) } };
        expect(await deliverDueWebhooks(otherKey)).toMatchObject({ attempted: 1, failed: 1 });
        expect(robot.got).toHaveLength(2);
        const log = json<{ items: { status: string; error: string }[] }>(await t.call('GET', `/api/webhooks/${hook.id}/deliveries?status=failed`, { cookie: secretary }));
        expect(log.items[0]!.error).toMatch(/decrypt/);

        // Clearing the secret stores nothing; a new one is sealed.
        const v = (await t.handle.db.selectFrom('webhooks').select('version').where('id', '=', hook.id).executeTakeFirstOrThrow()).version;
        const cleared = await t.call('PATCH', `/api/webhooks/${hook.id}`, { cookie: secretary, body: { secret: '', version: v } });
        expect(json<{ hasSecret: boolean }>(cleared).hasSecret).toBe(false);
        expect((await t.handle.db.selectFrom('webhooks').select('secret').where('id', '=', hook.id).executeTakeFirstOrThrow()).secret).toBeNull();
        await t.call('PATCH', `/api/webhooks/${hook.id}`, { cookie: secretary, body: { secret: 'SECnew999', version: v + 1 } });
        const sealedNew = (await t.handle.db.selectFrom('webhooks').select('secret').where('id', '=', hook.id).executeTakeFirstOrThrow()).secret!;
        expect(secretBoxFor(t.config).decrypt(sealedNew, 'webhook.secret')).toBe('SECnew999');
      } finally {
        await robot.close();
      }
    });
  });
});

// Two server processes on one PostgreSQL database: what one raises, a browser on the other hears.
describe.runIf(DIALECTS.includes('postgres'))('two app instances on one PostgreSQL schema', () => {
  let t: TestApp;
  let handleB: DatabaseHandle;
  let appB: FastifyInstance;
  let client: SseClient | undefined;

  beforeAll(async () => {
    t = await createTestApp('postgres', { config: LOCAL_RECEIVER });
    handleB = openDatabase(t.config.databaseUrl);
    const depsB: Deps = { db: handleB.db, dialect: handleB.dialect, config: t.config, clock: t.clock };
    appB = await buildApp(depsB);
    await appB.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    client?.close();
    await appB?.close();
    await handleB?.destroy();
    await t?.close();
  });

  it('a notification raised through A reaches an SSE client of B', async () => {
    const firmOnA = await t.login('firm');
    client = await openSse(port(appB), '/api/notifications/stream', { cookie: firmOnA });
    expect(client.status).toBe(200);
    await client.waitFor((f) => f.event === 'unread');
    const secretary = await t.login('secretary');
    const ticket = json<{ id: number }>(await t.call('POST', '/api/tickets', { cookie: firmOnA, body: { enterpriseId: 1, category: 'orders', title: '跨进程推送' }, headers: idem() }));
    const res = await t.call('POST', `/api/tickets/${ticket.id}/comments`, { cookie: secretary, body: { body: '从 A 发出' }, headers: idem() });
    expect(res.statusCode, res.body).toBe(201);
    const frame = await client.waitFor((f) => f.event === 'notification');
    expect(JSON.parse(frame.data!)).toMatchObject({ kind: 'ticket.commented', payload: { ticketId: ticket.id, excerpt: '从 A 发出' } });
  });

  it('sessions and idempotency keys are shared', async () => {
    const cookie = await t.login('firm');
    const onB = await appB.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
    expect(onB.statusCode).toBe(200);
    expect(json<{ user: { username: string } }>(onB).user.username).toBe('firm');
    const key = idem();
    const body = { enterpriseId: 1, category: 'funds', title: '两个进程同一个键' };
    const a = await t.call('POST', '/api/tickets', { cookie, body, headers: key });
    const b = await appB.inject({ method: 'POST', url: '/api/tickets', headers: { cookie, 'content-type': 'application/json', ...key }, payload: JSON.stringify(body) });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(json<{ id: number }>(b).id).toBe(json<{ id: number }>(a).id);
    const rows = await t.handle.db.selectFrom('tickets').select('id').where('title', '=', body.title).execute();
    expect(rows).toHaveLength(1);
    // Signing out on B ends the session on A too.
    await appB.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } });
    expectProblem(await t.call('GET', '/api/session', { cookie }), 401, 'unauthenticated');
  });

  it('a session ended through A ends its stream open on B', async () => {
    const cookie = await t.login('expert');
    const s = await openSse(port(appB), '/api/notifications/stream', { cookie });
    await s.waitFor((f) => f.event === 'unread');
    expect((await t.call('DELETE', '/api/session', { cookie })).statusCode).toBe(200);
    await s.waitFor((f) => f.event === 'session_ended');
    await s.ended;
  });

  it('closing an app ends its open streams', async () => {
    const cookie = await t.login('staff');
    const s = await openSse(port(appB), '/api/notifications/stream', { cookie });
    await s.waitFor((f) => f.event === 'unread');
    const closed = appB.close();
    await s.ended;
    await closed;
  });
});
