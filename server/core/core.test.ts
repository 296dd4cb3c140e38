/**
 * The foundation under every module: configuration, migrations on both dialects, the
 * append-only audit log and its coverage of every write route, health, API documentation and
 * problem documents for unknown routes.
 */
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config';
import { DIALECTS, createTestApp, createTestDb, type TestApp, type TestDb } from '../test/harness';
import { enterpriseBody, expectProblem, idem, json, multipartFile, routesFromOpenApi } from '../test/helpers';
import { shanghaiDate } from '../domain/workdays';
import { recordAudit } from './audit';
import { migrateDownAll, migrateToLatest, migrations } from './db/migrate';

describe('configuration', () => {
  const fails = (env: Record<string, string>, variable: string) => {
    let err: unknown;
    try {
      parseConfig(env);
    } catch (e) {
      err = e;
    }
    expect(err, JSON.stringify(env)).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(variable);
  };

  it('has sensible defaults', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      env: 'development',
      port: 8080,
      host: '0.0.0.0',
      logLevel: 'info',
      trustProxy: false,
      seedDemo: true,
      session: { idleMinutes: 120, absoluteHours: 12, cacheSeconds: null },
      secretKeyHex: undefined,
      testPgUrl: undefined,
    });
    expect(c.dataDir).toBe(resolve('./data'));
    expect(c.databaseUrl).toBe(`sqlite:${resolve('./data/fugong.sqlite')}`);
  });

  it('reads every variable', () => {
    const key = 'ab'.repeat(32);
    const c = parseConfig({
      NODE_ENV: 'production', PORT: '9090', HOST: '127.0.0.1', DATABASE_URL: 'postgres://u:p@db:5432/x', FUGONG_SECRET_KEY: key, LOG_LEVEL: 'warn',
      FUGONG_TRUST_PROXY: '2', SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '8', FUGONG_SEED_DEMO: '0', FUGONG_DATA_DIR: '/tmp/fg',
      FUGONG_WEBHOOK_HOSTS: ' oapi.dingtalk.com, https://Robot.Example.cn ,http://10.0.0.5,',
    });
    expect(c.webhookHosts).toEqual([{ host: 'oapi.dingtalk.com', http: false }, { host: 'robot.example.cn', http: false }, { host: '10.0.0.5', http: true }]);
    expect(c).toMatchObject({ env: 'production', port: 9090, host: '127.0.0.1', databaseUrl: 'postgres://u:p@db:5432/x', secretKeyHex: key, logLevel: 'warn', trustProxy: 2, seedDemo: false, dataDir: '/tmp/fg', session: { idleMinutes: 30, absoluteHours: 8 } });
  });

  it('names the variable at fault', () => {
    fails({ PORT: 'abc' }, 'PORT');
    fails({ PORT: '0' }, 'PORT');
    fails({ PORT: '70000' }, 'PORT');
    fails({ PORT: '80.5' }, 'PORT');
    fails({ NODE_ENV: 'staging' }, 'NODE_ENV');
    fails({ LOG_LEVEL: 'loud' }, 'LOG_LEVEL');
    for (const bad of ['maybe', 'true', 'yes', '10.0.0.0/33', '10.0.0.1/8/1', '300.1.1.1', '11', 'proxy.local']) fails({ FUGONG_TRUST_PROXY: bad }, 'FUGONG_TRUST_PROXY');
    fails({ SESSION_IDLE_MINUTES: '0' }, 'SESSION_IDLE_MINUTES');
    fails({ FUGONG_SECRET_KEY: 'short' }, 'FUGONG_SECRET_KEY');
    for (const bad of ['oapi.dingtalk.com/robot', 'ftp://x.cn', 'x.cn:8443', 'user@x.cn', '*.dingtalk.com', 'a b']) fails({ FUGONG_WEBHOOK_HOSTS: bad }, 'FUGONG_WEBHOOK_HOSTS');
  });

  it('trusts proxies by hop count or by address, never blindly', () => {
    for (const none of ['', 'false', '0', 'no']) expect(parseConfig({ FUGONG_TRUST_PROXY: none }).trustProxy).toBe(false);
    expect(parseConfig({ FUGONG_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(parseConfig({ FUGONG_TRUST_PROXY: ' 10.0.0.0/8, 127.0.0.1 ,::1,fd00::/8,loopback' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8', 'loopback']);
    let message = '';
    try {
      parseConfig({ FUGONG_TRUST_PROXY: 'true' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/FUGONG_TRUST_PROXY: .*number of proxies/);
  });

  it('allows webhooks to DingTalk and WeCom over HTTPS by default; an empty list allows none', () => {
    expect(parseConfig({}).webhookHosts).toEqual([{ host: 'oapi.dingtalk.com', http: false }, { host: 'qyapi.weixin.qq.com', http: false }]);
    expect(parseConfig({ FUGONG_WEBHOOK_HOSTS: '' }).webhookHosts).toEqual([]);
  });

  it('reads the chain analysis job settings', () => {
    expect(parseConfig({}).analysisJobs).toEqual({ staleSeconds: 120, retentionHours: 24 });
    expect(parseConfig({ FUGONG_ANALYSIS_STALE_SECONDS: '30', FUGONG_ANALYSIS_RETENTION_HOURS: '72' }).analysisJobs).toEqual({ staleSeconds: 30, retentionHours: 72 });
    for (const bad of ['5', 'soon', '1.5']) fails({ FUGONG_ANALYSIS_STALE_SECONDS: bad }, 'FUGONG_ANALYSIS_STALE_SECONDS');
    for (const bad of ['0', '-1', 'week']) fails({ FUGONG_ANALYSIS_RETENTION_HOURS: bad }, 'FUGONG_ANALYSIS_RETENTION_HOURS');
  });

  it('refuses production without a secret key', () => {
    fails({ NODE_ENV: 'production' }, 'FUGONG_SECRET_KEY');
    expect(() => parseConfig({ NODE_ENV: 'production', FUGONG_SECRET_KEY: '0f'.repeat(32) })).not.toThrow();
    expect(() => parseConfig({ NODE_ENV: 'development' })).not.toThrow();
  });
});

describe.each(DIALECTS)('database (%s)', (dialect) => {
  let db: TestDb;

  beforeAll(async () => {
    db = await createTestDb(dialect);
  });
  afterAll(async () => {
    await db?.close();
  });

  async function tables(): Promise<string[]> {
    const all = await db.handle.db.introspection.getTables();
    let schema: string | undefined;
    if (dialect === 'postgres') schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db.handle.db)).rows[0]!.s;
    return all.filter((t) => (schema ? t.schema === schema : true) && !t.name.startsWith('kysely_')).map((t) => t.name).sort();
  }

  it('migrations run down to nothing and up again', async () => {
    const up = await tables();
    for (const t of ['users', 'sessions', 'login_attempts', 'alliances', 'enterprises', 'alliance_members', 'resumption_reports', 'audit_log', 'idempotency_keys']) expect(up).toContain(t);

    const reverted = await migrateDownAll(db.handle.db);
    expect(reverted.sort()).toEqual(Object.keys(migrations).sort());
    expect(await tables()).toEqual([]);

    const applied = await migrateToLatest(db.handle.db);
    expect(applied).toEqual(Object.keys(migrations).sort()); // in name order, however the index lists them
    expect(await tables()).toEqual(up);
    // Nothing left to apply.
    expect(await migrateToLatest(db.handle.db)).toEqual([]);
    // And the schema works: an enterprise and its membership round-trip.
    const at = new Date().toISOString();
    const a = await db.handle.db.insertInto('alliances').values({ name: '迁移测试', chain: 'x', industry: 'C', district_code: '330302', description: '', created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
    expect(a.id).toBe(1);
  });

  it('the audit log refuses UPDATE and DELETE, also inside a transaction', async () => {
    await recordAudit(db.handle.db, { actorUserId: null, allianceId: null, action: 'test.append', targetType: 'test', targetId: 1, requestId: 'r-1', at: new Date('2026-01-01T00:00:00Z') });
    const read = () => db.handle.db.selectFrom('audit_log').selectAll().where('request_id', '=', 'r-1').execute();
    const before = await read();
    expect(before).toHaveLength(1);
    await expect(db.handle.db.updateTable('audit_log').set({ action: 'tampered' }).where('request_id', '=', 'r-1').execute()).rejects.toThrow(/append-only/);
    await expect(db.handle.db.deleteFrom('audit_log').where('request_id', '=', 'r-1').execute()).rejects.toThrow(/append-only/);
    await expect(db.handle.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(
      db.handle.db.transaction().execute(async (trx) => {
        await trx.updateTable('audit_log').set({ detail_json: '{"x":1}' }).execute();
      }),
    ).rejects.toThrow(/append-only/);
    expect(await read()).toEqual(before);
  });
});

describe.each(DIALECTS)('app (%s)', (dialect) => {
  let t: TestApp;
  let secretary: string;
  let admin: string;
  let firm: string;
  const ids = { secretary: 0, admin: 0, firm: 0, expert: 0 };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    secretary = await t.login('secretary');
    admin = await t.login('admin');
    firm = await t.login('firm');
    for (const [name, cookie] of [['secretary', secretary], ['admin', admin], ['firm', firm]] as const) ids[name] = json(await t.call('GET', '/api/session', { cookie })).user.id;
    ids.expert = t.seed.users.find((u) => u.username === 'expert')!.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GET /api/health: 200 with the database kind', async () => {
    const res = await t.call('GET', '/api/health');
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ status: 'ok', database: dialect });
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('GET /api/openapi.json documents every route with a summary; /api/docs serves HTML', async () => {
    const res = await t.call('GET', '/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = json(res);
    expect(doc.openapi).toMatch(/^3\./);
    const documented = routesFromOpenApi(doc);
    expect(documented).toEqual(routesFromOpenApi(t.app.swagger() as never));
    for (const key of ['GET /api/health', 'POST /api/session', 'GET /api/enterprises', 'POST /api/enterprises/import', 'GET /api/reports/trend', 'GET /api/audit']) expect(documented).toContain(key);
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { summary?: string; responses?: object }>>)) {
      for (const [method, op] of Object.entries(ops)) {
        if (path !== '/api/health') expect(op.summary, `${method} ${path}`).toBeTruthy();
        expect(op.responses, `${method} ${path}`).toBeDefined();
      }
    }
    const docs = await t.call('GET', '/api/docs');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/^text\/html/);
    expect(docs.body).toMatch(/<html/i);
  });

  it('unknown /api routes answer with a problem document (404), in the caller’s language', async () => {
    const zh = expectProblem(await t.call('GET', '/api/no-such-thing'), 404, 'not_found');
    expect(zh.detail).toBe('记录不存在，或您无权查看。');
    expect(zh.instance).toBe('/api/no-such-thing');
    expect(zh.type).toBe('urn:fugong:problem:not_found');
    const en = expectProblem(await t.call('DELETE', '/api/enterprises', { cookie: secretary, headers: { 'accept-language': 'en-GB' } }), 404, 'not_found');
    expect(en.detail).toBe('Not found, or you may not see it.');
  });

  it('keeps a client-chosen request id (when well-formed) and makes one otherwise', async () => {
    expect((await t.call('GET', '/api/health', { headers: { 'x-request-id': 'abc.DEF-123_x' } })).headers['x-request-id']).toBe('abc.DEF-123_x');
    const bad = (await t.call('GET', '/api/health', { headers: { 'x-request-id': 'has spaces <and> stuff' } })).headers['x-request-id'];
    expect(bad).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe('every write route is audited', () => {
    type Scenario = () => Promise<{ res: Awaited<ReturnType<TestApp['call']>>; actor: number; alliance: number | null; action: string; target: [string, string | number] }>;
    let rid = 0;
    const withId = () => ({ 'x-request-id': `audit-${dialect}-${++rid}` });
    const state = { enterpriseId: 0, requestId: 0, userId: 0, userVersion: 0, itemId: 0, linkId: 0, pendingLinkId: 0, scenarioId: 0 };
    /** Records made by the problem-handling scenarios (tickets, meetings, risks, webhooks). */
    const ph = { ticketId: 0, meetingId: 0, riskId: 0, webhookId: 0, fileId: 0, departmentId: 0 };
    /** Records made by the experts scenarios. */
    const ex = { specialtyId: 0, consultationId: 0, visitId: 0, expert: '' };
    /** Records made by the shared-employees scenarios. */
    const wf = { borrower: 0, lender: 0, lenderCookie: '', staffId: 0, proposal: 0, worker: 0, placement: 0 };
    /** Records made by the group-purchasing scenarios. */
    const pu = { campaignId: 0, itemId: 0 };
    /** Records made by the policy fulfilment scenarios. */
    const po = { policyId: 0, applicationId: 0, questionId: 0 };
    const mk = { needId: 0, offerId: 0, other: 0, dealId: 0, orderId: 0, quoteId: 0, otherOrderId: 0 };
    /** Records made by the joint-prevention scenarios. */
    const pv = { standardId: 0, trainingId: 0, supplyId: 0 };
    const firmEnterprise = () => t.seed.users.find((u) => u.username === 'firm')!.grants[0]!.enterpriseId!;
    const allianceOf = async (cookie: string) => json(await t.call('GET', '/api/session', { cookie })).allianceId as number | null;
    const version = async (id: number) => json(await t.call('GET', `/api/consultations/${id}`, { cookie: secretary })).version as number;

    /** One successful call per write route, in an order where each can build on the last. */
    const SCENARIOS: [string, Scenario][] = [
      ['POST /api/session', async () => {
        const res = await t.call('POST', '/api/session', { body: { username: 'tech', password: t.seed.password }, headers: withId() });
        return { res, actor: json(res).user.id, alliance: 1, action: 'session.login', target: ['user', json(res).user.id] };
      }],
      ['PUT /api/session/alliance', async () => {
        const res = await t.call('PUT', '/api/session/alliance', { cookie: admin, body: { allianceId: 2 }, headers: withId() });
        await t.call('PUT', '/api/session/alliance', { cookie: admin, body: { allianceId: 1 } });
        return { res, actor: ids.admin, alliance: 2, action: 'session.switch_alliance', target: ['alliance', 2] };
      }],
      ['PUT /api/session/password', async () => {
        const cookie = await t.login('prevention-leather');
        const me = json(await t.call('GET', '/api/session', { cookie })).user.id;
        const res = await t.call('PUT', '/api/session/password', { cookie, body: { currentPassword: t.seed.password, newPassword: 'Audit2026Pass' }, headers: withId() });
        return { res, actor: me, alliance: 1, action: 'user.password_change', target: ['user', me] };
      }],
      ['DELETE /api/session', async () => {
        const cookie = await t.login('market-leather');
        const me = json(await t.call('GET', '/api/session', { cookie })).user.id;
        const res = await t.call('DELETE', '/api/session', { cookie, headers: withId() });
        return { res, actor: me, alliance: 1, action: 'session.logout', target: ['user', me] };
      }],
      ['POST /api/alliances', async () => {
        const res = await t.call('POST', '/api/alliances', { cookie: admin, body: { name: '审计测试联盟', chain: '审计链', industry: 'C', districtCode: '330324' }, headers: { ...idem(), ...withId() } });
        return { res, actor: ids.admin, alliance: json(res).id, action: 'alliance.create', target: ['alliance', json(res).id] };
      }],
      ['PATCH /api/alliances/:id', async () => {
        const a = json(await t.call('GET', '/api/alliances/1', { cookie: secretary }));
        const res = await t.call('PATCH', '/api/alliances/1', { cookie: secretary, body: { version: a.version, description: '审计更新' }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'alliance.update', target: ['alliance', 1] };
      }],
      ['POST /api/enterprises', async () => {
        const res = await t.call('POST', '/api/enterprises', { cookie: secretary, body: enterpriseBody(880_001), headers: { ...idem(), ...withId() } });
        state.enterpriseId = json(res).id;
        return { res, actor: ids.secretary, alliance: 1, action: 'enterprise.create', target: ['enterprise', state.enterpriseId] };
      }],
      ['POST /api/enterprises/join', async () => {
        const cookie = await t.login('secretary-fishery');
        const me = json(await t.call('GET', '/api/session', { cookie })).user.id;
        const code = json(await t.call('GET', `/api/enterprises/${state.enterpriseId}`, { cookie: secretary })).creditCode;
        const res = await t.call('POST', '/api/enterprises/join', { cookie, body: { creditCode: code }, headers: { ...idem(), ...withId() } });
        state.requestId = json(res).id;
        return { res, actor: me, alliance: 2, action: 'membership.request', target: ['enterprise', state.enterpriseId] };
      }],
      ['POST /api/firms/requests/:id/refuse', async () => {
        const res = await t.call('POST', `/api/firms/requests/${state.requestId}/refuse`, { cookie: admin, headers: withId() });
        return { res, actor: ids.admin, alliance: 2, action: 'membership.refuse', target: ['enterprise', state.enterpriseId] };
      }],
      ['POST /api/firms/requests/:id/accept', async () => {
        const cookie = await t.login('secretary-fishery');
        const code = json(await t.call('GET', `/api/enterprises/${state.enterpriseId}`, { cookie: secretary })).creditCode;
        const again = json(await t.call('POST', '/api/enterprises/join', { cookie, body: { creditCode: code }, headers: idem() }));
        const res = await t.call('POST', `/api/firms/requests/${again.id}/accept`, { cookie: admin, headers: withId() });
        return { res, actor: ids.admin, alliance: 2, action: 'membership.accept', target: ['enterprise', state.enterpriseId] };
      }],
      ['PATCH /api/firms/:enterpriseId/memberships/:allianceId', async () => {
        const m = json(await t.call('GET', `/api/firms/${state.enterpriseId}/memberships`, { cookie: admin })).items.find((i: { alliance: { id: number } }) => i.alliance.id === 2);
        const res = await t.call('PATCH', `/api/firms/${state.enterpriseId}/memberships/2`, { cookie: admin, body: { shareHistory: true, version: m.version }, headers: withId() });
        return { res, actor: ids.admin, alliance: 2, action: 'membership.share_history', target: ['enterprise', state.enterpriseId] };
      }],
      ['PATCH /api/enterprises/:id/membership', async () => {
        const { membership } = json(await t.call('GET', `/api/enterprises/${state.enterpriseId}`, { cookie: secretary }));
        const res = await t.call('PATCH', `/api/enterprises/${state.enterpriseId}/membership`, { cookie: secretary, body: { notes: '审计备注', version: membership.version }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'membership.update', target: ['enterprise', state.enterpriseId] };
      }],
      ['DELETE /api/firms/:enterpriseId/memberships/:allianceId', async () => {
        const m = json(await t.call('GET', `/api/firms/${state.enterpriseId}/memberships`, { cookie: admin })).items.find((i: { alliance: { id: number } }) => i.alliance.id === 2);
        const res = await t.call('DELETE', `/api/firms/${state.enterpriseId}/memberships/2?version=${m.version}`, { cookie: admin, headers: withId() });
        return { res, actor: ids.admin, alliance: 2, action: 'membership.leave', target: ['enterprise', state.enterpriseId] };
      }],
      ['DELETE /api/enterprises/:id/membership', async () => {
        const other = json(await t.call('POST', '/api/enterprises', { cookie: secretary, body: enterpriseBody(880_003), headers: idem() }));
        const res = await t.call('DELETE', `/api/enterprises/${other.id}/membership?version=${other.membership.version}`, { cookie: secretary, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'membership.remove', target: ['enterprise', other.id] };
      }],
      ['PATCH /api/enterprises/:id', async () => {
        // A fresh session works in the first alliance (the other admin session switched away).
        const res = await t.call('PATCH', `/api/enterprises/${state.enterpriseId}`, { cookie: await t.login('admin'), body: { version: 1, headcount: 77 }, headers: withId() });
        return { res, actor: ids.admin, alliance: 1, action: 'enterprise.update', target: ['enterprise', state.enterpriseId] };
      }],
      ['POST /api/enterprises/import', async () => {
        const csv = `企业名称,统一社会信用代码,行业门类,区县代码,职工人数\n审计导入有限公司,${enterpriseBody(880_002).creditCode},C,330324,12\n`;
        const m = multipartFile('a.csv', csv);
        const res = await t.app.inject({ method: 'POST', url: '/api/enterprises/import', headers: { cookie: secretary, ...m.headers, ...withId() }, payload: m.payload });
        const created = await t.handle.db.selectFrom('enterprises').select('id').where('name', '=', '审计导入有限公司').executeTakeFirstOrThrow();
        return { res, actor: ids.secretary, alliance: 1, action: 'enterprise.import', target: ['enterprise', created.id] };
      }],
      ['PUT /api/enterprises/:id/commissioner', async () => {
        const commissioner = json(await t.call('GET', '/api/users?role=commissioner', { cookie: secretary })).items[0].id;
        const { version } = json(await t.call('GET', `/api/enterprises/${state.enterpriseId}`, { cookie: secretary })).membership;
        const res = await t.call('PUT', `/api/enterprises/${state.enterpriseId}/commissioner`, { cookie: secretary, body: { userId: commissioner, version }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'enterprise.assign_commissioner', target: ['enterprise', state.enterpriseId] };
      }],
      ['POST /api/enterprises/:id/reports', async () => {
        const res = await t.call('POST', '/api/enterprises/1/reports', { cookie: firm, body: { reportDate: '2026-11-19', outputPct: 10, capacityPct: 20, staffOnDuty: 1, staffTotal: 5, stage: 'partial' }, headers: { ...idem(), ...withId() } });
        return { res, actor: ids.firm, alliance: 1, action: 'report.submit', target: ['resumption_report', json(res).id] };
      }],
      ['POST /api/users', async () => {
        const res = await t.call('POST', '/api/users', { cookie: secretary, body: { username: 'audit-user', displayName: '审计用户', password: 'Audit2026Pass', grants: [{ role: 'group_member', workingGroup: 'market' }] }, headers: { ...idem(), ...withId() } });
        state.userId = json(res).id;
        state.userVersion = json(res).version;
        return { res, actor: ids.secretary, alliance: 1, action: 'user.create', target: ['user', state.userId] };
      }],
      ['PATCH /api/users/:id', async () => {
        const res = await t.call('PATCH', `/api/users/${state.userId}`, { cookie: secretary, body: { version: state.userVersion, displayName: '审计用户二' }, headers: withId() });
        state.userVersion = json(res).version;
        return { res, actor: ids.secretary, alliance: 1, action: 'user.update', target: ['user', state.userId] };
      }],
      ['POST /api/users/:id/password-reset', async () => {
        const res = await t.call('POST', `/api/users/${state.userId}/password-reset`, { cookie: secretary, body: { version: state.userVersion }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'user.password_reset', target: ['user', state.userId] };
      }],
      ['POST /api/chain/items', async () => {
        const res = await t.call('POST', '/api/chain/items', { cookie: secretary, body: { name: '审计物料' }, headers: { ...idem(), ...withId() } });
        state.itemId = json(res).id;
        return { res, actor: ids.secretary, alliance: 1, action: 'chain.item_create', target: ['chain_item', state.itemId] };
      }],
      ['POST /api/chain/links', async () => {
        const res = await t.call('POST', '/api/chain/links', { cookie: secretary, body: { supplierId: 1, customerId: state.enterpriseId, itemId: state.itemId, sharePct: 10, leadDays: 3 }, headers: { ...idem(), ...withId() } });
        state.linkId = json(res).id;
        return { res, actor: ids.secretary, alliance: 1, action: 'chain.link_declare', target: ['supply_link', state.linkId] };
      }],
      ['PATCH /api/chain/links/:id', async () => {
        const res = await t.call('PATCH', `/api/chain/links/${state.linkId}`, { cookie: secretary, body: { version: 1, leadDays: 5 }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'chain.link_update', target: ['supply_link', state.linkId] };
      }],
      ['POST /api/chain/links/:id/confirm', async () => {
        // The firm (supplier side) declares; alliance staff confirm.
        const declared = await t.call('POST', '/api/chain/links', { cookie: firm, body: { supplierId: 1, customerId: 3, itemId: state.itemId, sharePct: 5, leadDays: 2 }, headers: idem() });
        expect(declared.statusCode, declared.body).toBe(201);
        state.pendingLinkId = json(declared).id;
        const res = await t.call('POST', `/api/chain/links/${state.pendingLinkId}/confirm`, { cookie: secretary, body: { version: json(declared).version }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'chain.link_confirm', target: ['supply_link', state.pendingLinkId] };
      }],
      ['DELETE /api/chain/links/:id', async () => {
        const v = json(await t.call('GET', `/api/chain/links/${state.linkId}`, { cookie: secretary })).version;
        const res = await t.call('DELETE', `/api/chain/links/${state.linkId}?version=${v}`, { cookie: secretary, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'chain.link_delete', target: ['supply_link', state.linkId] };
      }],
      ['POST /api/chain/links/import', async () => {
        // The link deleted above, entered again from a sheet (the item exists: one audit row, the link's).
        const code = async (id: number) => json(await t.call('GET', `/api/enterprises/${id}`, { cookie: secretary })).creditCode;
        const csv = `供应方信用代码,需求方信用代码,物料,供货份额（%）,交货周期（天）\n${await code(1)},${await code(state.enterpriseId)},审计物料,10,3\n`;
        const m = multipartFile('links.csv', csv);
        const res = await t.app.inject({ method: 'POST', url: '/api/chain/links/import', headers: { cookie: secretary, ...m.headers, ...withId() }, payload: m.payload });
        const link = json(await t.call('GET', `/api/chain/links?enterpriseId=${state.enterpriseId}&itemId=${state.itemId}`, { cookie: secretary })).items[0];
        return { res, actor: ids.secretary, alliance: 1, action: 'chain.link_import', target: ['supply_link', link.id] };
      }],
      ['POST /api/chain/scenarios', async () => {
        const res = await t.call('POST', '/api/chain/scenarios', { cookie: secretary, body: { name: '审计情景', changes: [{ type: 'capacity', enterpriseId: 1, capacityPct: 0 }] }, headers: { ...idem(), ...withId() } });
        state.scenarioId = json(res).id;
        return { res, actor: ids.secretary, alliance: 1, action: 'chain.scenario_create', target: ['chain_scenario', state.scenarioId] };
      }],
      ['PATCH /api/chain/scenarios/:id', async () => {
        const res = await t.call('PATCH', `/api/chain/scenarios/${state.scenarioId}`, { cookie: secretary, body: { version: 1, name: '审计情景二' }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'chain.scenario_update', target: ['chain_scenario', state.scenarioId] };
      }],
      ['DELETE /api/chain/scenarios/:id', async () => {
        const res = await t.call('DELETE', `/api/chain/scenarios/${state.scenarioId}`, { cookie: secretary, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'chain.scenario_delete', target: ['chain_scenario', state.scenarioId] };
      }],
      ['POST /api/chain/problems', async () => {
        let job = json(await t.call('POST', '/api/chain/analyses', { cookie: secretary, body: { horizon: 14 } }));
        for (let i = 0; i < 300 && job.status !== 'done'; i++) {
          await new Promise((r) => setTimeout(r, 100));
          job = json(await t.call('GET', `/api/chain/analyses/${job.id}`, { cookie: secretary }));
        }
        const broken = job.result.firms.find((f: { breakDay: number | null; cause: unknown }) => f.breakDay !== null && f.cause !== null);
        const body = broken ? { analysisId: job.id, from: 'break', firmId: broken.id } : { analysisId: job.id, from: 'priority', firmId: job.result.priority[0].firm.id };
        const res = await t.call('POST', '/api/chain/problems', { cookie: secretary, body, headers: { ...idem(), ...withId() } });
        return { res, actor: ids.secretary, alliance: 1, action: 'chain.problem_file', target: ['ticket', json(res).ticketId] };
      }],
      // Problem handling, joint meetings, risks, notifications, webhooks.
      ['PUT /api/calendar/days', async () => {
        const res = await t.call('PUT', '/api/calendar/days', { cookie: admin, body: { days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦', nameEn: "New Year's Day" }] }, headers: withId() });
        return { res, actor: ids.admin, alliance: 1, action: 'calendar.update', target: ['workday_calendar', '2027-01-01'] };
      }],
      ['POST /api/calendar/import', async () => {
        const res = await t.call('POST', '/api/calendar/import', { cookie: admin, body: { year: 2028, text: '一、元旦：1月1日（周六）至3日（周一）放假，共3天。' }, headers: withId() });
        return { res, actor: ids.admin, alliance: 1, action: 'calendar.import', target: ['workday_calendar', '2028'] };
      }],
      ['PUT /api/routing-rules', async () => {
        const v = json(await t.call('GET', '/api/routing-rules', { cookie: secretary })).version;
        const res = await t.call('PUT', '/api/routing-rules', { cookie: secretary, body: { rules: [{ category: 'other', workingGroup: 'policy' }], version: v }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'ticket.routing_rules', target: ['alliance', 1] };
      }],
      ['PUT /api/sla-policies', async () => {
        const v = json(await t.call('GET', '/api/sla-policies', { cookie: secretary })).version;
        const res = await t.call('PUT', '/api/sla-policies', { cookie: secretary, body: { policies: [{ priority: 'low', responseDays: 1, resolveDays: 10 }], version: v }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'ticket.sla_policies', target: ['alliance', 1] };
      }],
      ['POST /api/tickets', async () => {
        const res = await t.call('POST', '/api/tickets', { cookie: firm, body: { enterpriseId: 1, category: 'funds', title: '审计问题' }, headers: { ...idem(), ...withId() } });
        ph.ticketId = json(res).id;
        return { res, actor: ids.firm, alliance: 1, action: 'ticket.create', target: ['ticket', ph.ticketId] };
      }],
      ['PATCH /api/tickets/:id', async () => {
        const v = json(await t.call('GET', `/api/tickets/${ph.ticketId}`, { cookie: secretary })).version;
        const res = await t.call('PATCH', `/api/tickets/${ph.ticketId}`, { cookie: secretary, body: { priority: 'high', version: v }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'ticket.update', target: ['ticket', ph.ticketId] };
      }],
      ['POST /api/tickets/:id/comments', async () => {
        const res = await t.call('POST', `/api/tickets/${ph.ticketId}/comments`, { cookie: secretary, body: { body: '审计评论' }, headers: { ...idem(), ...withId() } });
        return { res, actor: ids.secretary, alliance: 1, action: 'ticket.comment', target: ['ticket', ph.ticketId] };
      }],
      ['PUT /api/tickets/:id/handlers', async () => {
        const v = json(await t.call('GET', `/api/tickets/${ph.ticketId}`, { cookie: secretary })).version;
        const res = await t.call('PUT', `/api/tickets/${ph.ticketId}/handlers`, { cookie: secretary, body: { handlers: [{ kind: 'group', workingGroup: 'market' }], version: v }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'ticket.handlers', target: ['ticket', ph.ticketId] };
      }],
      ['POST /api/tickets/:id/transfer', async () => {
        const v = json(await t.call('GET', `/api/tickets/${ph.ticketId}`, { cookie: secretary })).version;
        const res = await t.call('POST', `/api/tickets/${ph.ticketId}/transfer`, { cookie: secretary, body: { toGroup: 'market', reason: '审计转办', version: v }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'ticket.transfer', target: ['ticket', ph.ticketId] };
      }],
      ['POST /api/tickets/:id/transitions', async () => {
        const v = json(await t.call('GET', `/api/tickets/${ph.ticketId}`, { cookie: secretary })).version;
        const res = await t.call('POST', `/api/tickets/${ph.ticketId}/transitions`, { cookie: secretary, body: { to: 'accepted', version: v }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'ticket.transition', target: ['ticket', ph.ticketId] };
      }],
      ['POST /api/tickets/:id/split', async () => {
        const v = json(await t.call('GET', `/api/tickets/${ph.ticketId}`, { cookie: secretary })).version;
        const res = await t.call('POST', `/api/tickets/${ph.ticketId}/split`, { cookie: secretary, body: { children: [{ title: '审计子问题', category: 'funds' }], version: v }, headers: { ...idem(), ...withId() } });
        return { res, actor: ids.secretary, alliance: 1, action: 'ticket.split', target: ['ticket', ph.ticketId] };
      }],
      ['POST /api/tickets/:id/attachments', async () => {
        const { mkdtempSync } = await import('node:fs');
        const { tmpdir } = await import('node:os');
        t.deps.config.dataDir = mkdtempSync(`${tmpdir()}/fugong-audit-`);
        const m = multipartFile('a.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'image/png');
        const res = await t.app.inject({ method: 'POST', url: `/api/tickets/${ph.ticketId}/attachments`, headers: { cookie: firm, ...m.headers, ...idem(), ...withId() }, payload: m.payload });
        return { res, actor: ids.firm, alliance: 1, action: 'ticket.attach', target: ['ticket', ph.ticketId] };
      }],
      ['POST /api/tickets/:id/satisfaction', async () => {
        const tk = json(await t.call('POST', '/api/tickets', { cookie: firm, body: { enterpriseId: 1, category: 'funds', title: '审计评价' }, headers: idem() }));
        await t.call('POST', `/api/tickets/${tk.id}/transitions`, { cookie: firm, body: { to: 'closed', version: tk.version, note: '已自行解决' } });
        const res = await t.call('POST', `/api/tickets/${tk.id}/satisfaction`, { cookie: firm, body: { score: 5, comment: '好' }, headers: { ...idem(), ...withId() } });
        return { res, actor: ids.firm, alliance: 1, action: 'ticket.rate', target: ['ticket', tk.id] };
      }],
      ['POST /api/tickets/proposals/confirm', async () => {
        // The same blocker on two consecutive days' reports makes a proposal.
        for (const date of ['2026-11-24', '2026-11-25']) {
          const existing = await t.call('GET', `/api/enterprises/1/reports/${date}`, { cookie: firm });
          const version = existing.statusCode === 200 ? json(existing).current.version : undefined;
          const report = { reportDate: date, outputPct: 30, capacityPct: 50, staffOnDuty: 5, staffTotal: 10, stage: 'partial', blockers: [{ category: 'prevention_supplies', note: '口罩不足' }], ...(version ? { version } : {}) };
          expect((await t.call('POST', '/api/enterprises/1/reports', { cookie: firm, body: report, headers: idem() })).statusCode).toBeLessThan(300);
        }
        const res = await t.call('POST', '/api/tickets/proposals/confirm', { cookie: firm, body: { enterpriseId: 1, category: 'prevention_supplies' }, headers: { ...idem(), ...withId() } });
        return { res, actor: ids.firm, alliance: 1, action: 'ticket.create_from_report', target: ['ticket', json(res).id] };
      }],
      ['POST /api/tickets/proposals/dismiss', async () => {
        // Another blocker on the same two days' reports makes another proposal.
        for (const date of ['2026-11-24', '2026-11-25']) {
          const version = json(await t.call('GET', `/api/enterprises/1/reports/${date}`, { cookie: firm })).current.version;
          const report = { reportDate: date, outputPct: 30, capacityPct: 50, staffOnDuty: 5, staffTotal: 10, stage: 'partial', blockers: [{ category: 'prevention_supplies', note: '口罩不足' }, { category: 'logistics', note: '物流停运' }], version };
          expect((await t.call('POST', '/api/enterprises/1/reports', { cookie: firm, body: report, headers: idem() })).statusCode).toBeLessThan(300);
        }
        const res = await t.call('POST', '/api/tickets/proposals/dismiss', { cookie: firm, body: { enterpriseId: 1, category: 'logistics', reason: '自行解决' }, headers: { ...idem(), ...withId() } });
        return { res, actor: ids.firm, alliance: 1, action: 'ticket.proposal_dismiss', target: ['enterprise', 1] };
      }],
      ['POST /api/meetings', async () => {
        const res = await t.call('POST', '/api/meetings', { cookie: secretary, body: { title: '审计联席会议', scheduledAt: '2026-12-01T14:00:00+08:00', attendeeIds: [ids.firm] }, headers: { ...idem(), ...withId() } });
        ph.meetingId = json(res).id;
        return { res, actor: ids.secretary, alliance: 1, action: 'meeting.create', target: ['meeting', ph.meetingId] };
      }],
      ['PATCH /api/meetings/:id', async () => {
        const v = json(await t.call('GET', `/api/meetings/${ph.meetingId}`, { cookie: secretary })).version;
        const res = await t.call('PATCH', `/api/meetings/${ph.meetingId}`, { cookie: secretary, body: { location: '三楼会议室', version: v }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'meeting.update', target: ['meeting', ph.meetingId] };
      }],
      ['PUT /api/meetings/:id/agenda', async () => {
        const v = json(await t.call('GET', `/api/meetings/${ph.meetingId}`, { cookie: secretary })).version;
        const res = await t.call('PUT', `/api/meetings/${ph.meetingId}/agenda`, { cookie: secretary, body: { items: [{ kind: 'ticket', refId: ph.ticketId }], version: v }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'meeting.agenda', target: ['meeting', ph.meetingId] };
      }],
      ['POST /api/meetings/:id/agenda/build', async () => {
        const v = json(await t.call('GET', `/api/meetings/${ph.meetingId}`, { cookie: secretary })).version;
        const res = await t.call('POST', `/api/meetings/${ph.meetingId}/agenda/build`, { cookie: secretary, body: { version: v }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'meeting.agenda_build', target: ['meeting', ph.meetingId] };
      }],
      ['PUT /api/meetings/:id/minutes', async () => {
        const res = await t.call('PUT', `/api/meetings/${ph.meetingId}/minutes`, { cookie: secretary, body: { body: '审计纪要' }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'meeting.minutes', target: ['meeting', ph.meetingId] };
      }],
      ['POST /api/meetings/:id/decisions', async () => {
        const res = await t.call('POST', `/api/meetings/${ph.meetingId}/decisions`, { cookie: secretary, body: { text: '审计决定', actionItems: [{ title: '审计交办', ownerUserId: ids.secretary, dueDate: '2026-12-31' }] }, headers: { ...idem(), ...withId() } });
        return { res, actor: ids.secretary, alliance: 1, action: 'meeting.decide', target: ['meeting', ph.meetingId] };
      }],
      ['POST /api/risks', async () => {
        const res = await t.call('POST', '/api/risks', { cookie: secretary, body: { title: '审计风险', category: 'supply', likelihood: 3, impact: 4, enterpriseIds: [1] }, headers: { ...idem(), ...withId() } });
        ph.riskId = json(res).id;
        return { res, actor: ids.secretary, alliance: 1, action: 'risk.create', target: ['risk', ph.riskId] };
      }],
      ['POST /api/risks/proposals', async () => {
        const blocker = json<{ items: { blocker: string }[] }>(await t.call('GET', '/api/risks/proposals?minFirms=1', { cookie: secretary })).items[0]!.blocker;
        const res = await t.call('POST', '/api/risks/proposals', { cookie: secretary, body: { blocker, minFirms: 1 }, headers: { ...idem(), ...withId() } });
        return { res, actor: ids.secretary, alliance: 1, action: 'risk.create', target: ['risk', json(res).id] };
      }],
      ['PATCH /api/risks/:id', async () => {
        const res = await t.call('PATCH', `/api/risks/${ph.riskId}`, { cookie: secretary, body: { status: 'mitigating', version: 1 }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'risk.update', target: ['risk', ph.riskId] };
      }],
      ['DELETE /api/risks/:id', async () => {
        const res = await t.call('DELETE', `/api/risks/${ph.riskId}?version=2`, { cookie: secretary, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'risk.delete', target: ['risk', ph.riskId] };
      }],
      ['POST /api/expert-specialties', async () => {
        const res = await t.call('POST', '/api/expert-specialties', { cookie: admin, body: { code: 'audit_laser', nameZh: '激光', nameEn: 'Laser' }, headers: { ...idem(), ...withId() } });
        ex.specialtyId = json(res).id;
        return { res, actor: ids.admin, alliance: await allianceOf(admin), action: 'expert.specialty_create', target: ['expert_specialty', ex.specialtyId] };
      }],
      ['PATCH /api/expert-specialties/:id', async () => {
        const res = await t.call('PATCH', `/api/expert-specialties/${ex.specialtyId}`, { cookie: admin, body: { keywords: '激光 切割', version: 1 }, headers: withId() });
        return { res, actor: ids.admin, alliance: await allianceOf(admin), action: 'expert.specialty_update', target: ['expert_specialty', ex.specialtyId] };
      }],
      ['PATCH /api/experts/me', async () => {
        ex.expert = await t.login('expert');
        const me = json(await t.call('GET', '/api/experts/me', { cookie: ex.expert }));
        const res = await t.call('PATCH', '/api/experts/me', { cookie: ex.expert, body: { maxCases: 5, version: me.version }, headers: withId() });
        return { res, actor: ids.expert, alliance: await allianceOf(ex.expert), action: 'expert.profile_update', target: ['user', ids.expert] };
      }],
      ['PATCH /api/experts/:id', async () => {
        const me = json(await t.call('GET', '/api/experts/me', { cookie: ex.expert }));
        const res = await t.call('PATCH', `/api/experts/${ids.expert}`, { cookie: admin, body: { verified: true, version: me.version }, headers: withId() });
        return { res, actor: ids.admin, alliance: await allianceOf(admin), action: 'expert.profile_update', target: ['user', ids.expert] };
      }],
      ['POST /api/experts/import', async () => {
        const m = multipartFile('x.csv', '登录名,姓名,专业\naudit-expert,审计专家,电气\n');
        const res = await t.app.inject({ method: 'POST', url: '/api/experts/import', headers: { cookie: admin, ...m.headers, ...withId() }, payload: m.payload });
        const created = await t.handle.db.selectFrom('users').select('id').where('username', '=', 'audit-expert').executeTakeFirstOrThrow();
        return { res, actor: ids.admin, alliance: await allianceOf(admin), action: 'expert.import', target: ['user', created.id] };
      }],
      ['POST /api/consultations', async () => {
        const firmId = t.seed.users.find((u) => u.username === 'firm')!.grants[0]!.enterpriseId!;
        const ticket = json(await t.call('POST', '/api/tickets', { cookie: secretary, body: { enterpriseId: firmId, category: 'equipment', title: '审计设备问题', description: '注塑机故障' }, headers: idem() }));
        const res = await t.call('POST', '/api/consultations', { cookie: secretary, body: { ticketId: ticket.id, machine: '注塑机' }, headers: { ...idem(), ...withId() } });
        ex.consultationId = json(res).id;
        return { res, actor: ids.secretary, alliance: 1, action: 'consultation.create', target: ['consultation', ex.consultationId] };
      }],
      ['PUT /api/consultations/:id/experts', async () => {
        const res = await t.call('PUT', `/api/consultations/${ex.consultationId}/experts`, { cookie: secretary, body: { expertUserIds: [ids.expert], version: await version(ex.consultationId) }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'consultation.assign', target: ['consultation', ex.consultationId] };
      }],
      ['POST /api/consultations/:id/response', async () => {
        const res = await t.call('POST', `/api/consultations/${ex.consultationId}/response`, { cookie: ex.expert, body: { accept: true }, headers: withId() });
        return { res, actor: ids.expert, alliance: await allianceOf(ex.expert), action: 'consultation.accept', target: ['consultation', ex.consultationId] };
      }],
      ['POST /api/consultations/:id/messages', async () => {
        const res = await t.call('POST', `/api/consultations/${ex.consultationId}/messages`, { cookie: ex.expert, body: { body: '请发设备照片' }, headers: { ...idem(), ...withId() } });
        return { res, actor: ids.expert, alliance: await allianceOf(ex.expert), action: 'consultation.message', target: ['consultation', ex.consultationId] };
      }],
      ['POST /api/consultations/:id/read', async () => {
        const last = json(await t.call('GET', `/api/consultations/${ex.consultationId}/messages`, { cookie: firm })).items.at(-1).id;
        const res = await t.call('POST', `/api/consultations/${ex.consultationId}/read`, { cookie: firm, body: { messageId: last }, headers: withId() });
        return { res, actor: ids.firm, alliance: 1, action: 'consultation.read_marker', target: ['consultation', ex.consultationId] };
      }],
      ['POST /api/consultations/:id/attachments', async () => {
        const m = multipartFile('machine.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'image/png');
        const res = await t.app.inject({ method: 'POST', url: `/api/consultations/${ex.consultationId}/attachments`, payload: m.payload, headers: { ...m.headers, cookie: firm, ...idem(), ...withId() } });
        return { res, actor: ids.firm, alliance: 1, action: 'consultation.attach', target: ['consultation', ex.consultationId] };
      }],
      ['POST /api/consultations/:id/visits', async () => {
        // Today (a Wednesday in the tests, a working day the demo expert works).
        const res = await t.call('POST', `/api/consultations/${ex.consultationId}/visits`, { cookie: secretary, body: { visitDate: shanghaiDate(t.clock.now()), expertUserIds: [ids.expert] }, headers: { ...idem(), ...withId() } });
        ex.visitId = json(res).id;
        return { res, actor: ids.secretary, alliance: 1, action: 'consultation.visit_schedule', target: ['consultation', ex.consultationId] };
      }],
      ['POST /api/visits/:id/check-in', async () => {
        const res = await t.call('POST', `/api/visits/${ex.visitId}/check-in`, { cookie: ex.expert, headers: withId() });
        return { res, actor: ids.expert, alliance: await allianceOf(ex.expert), action: 'consultation.visit_check_in', target: ['expert_visit', ex.visitId] };
      }],
      ['PUT /api/visits/:id/report', async () => {
        const v = json(await t.call('GET', `/api/visits/${ex.visitId}`, { cookie: ex.expert }));
        const res = await t.call('PUT', `/api/visits/${ex.visitId}/report`, { cookie: ex.expert, body: { findings: '液压泵磨损', version: v.version }, headers: withId() });
        return { res, actor: ids.expert, alliance: await allianceOf(ex.expert), action: 'consultation.visit_report', target: ['expert_visit', ex.visitId] };
      }],
      ['POST /api/consultations/:id/rating', async () => {
        const res = await t.call('POST', `/api/consultations/${ex.consultationId}/rating`, { cookie: firm, body: { score: 5 }, headers: { ...idem(), ...withId() } });
        return { res, actor: ids.firm, alliance: 1, action: 'consultation.rate', target: ['consultation', ex.consultationId] };
      }],
      ['POST /api/consultations/:id/close', async () => {
        const res = await t.call('POST', `/api/consultations/${ex.consultationId}/close`, { cookie: secretary, body: { version: await version(ex.consultationId) }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'consultation.close', target: ['consultation', ex.consultationId] };
      }],
      ['POST /api/notifications/read', async () => {
        const res = await t.call('POST', '/api/notifications/read', { cookie: firm, body: { all: true }, headers: withId() });
        return { res, actor: ids.firm, alliance: 1, action: 'notification.read', target: ['user', ids.firm] };
      }],
      ['PUT /api/notifications/prefs', async () => {
        const res = await t.call('PUT', '/api/notifications/prefs', { cookie: firm, body: { prefs: [{ kind: 'ticket.due_soon', channel: 'webhook', enabled: false }] }, headers: withId() });
        return { res, actor: ids.firm, alliance: 1, action: 'notification.prefs', target: ['user', ids.firm] };
      }],
      ['POST /api/webhooks', async () => {
        const res = await t.call('POST', '/api/webhooks', { cookie: secretary, body: { kind: 'wecom', name: '审计机器人', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=audit', events: ['ticket.escalated'] }, headers: { ...idem(), ...withId() } });
        ph.webhookId = json(res).id;
        return { res, actor: ids.secretary, alliance: 1, action: 'webhook.create', target: ['webhook', ph.webhookId] };
      }],
      ['PATCH /api/webhooks/:id', async () => {
        const res = await t.call('PATCH', `/api/webhooks/${ph.webhookId}`, { cookie: secretary, body: { enabled: false, version: 1 }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'webhook.update', target: ['webhook', ph.webhookId] };
      }],
      ['POST /api/webhooks/:id/test', async () => {
        const res = await t.call('POST', `/api/webhooks/${ph.webhookId}/test`, { cookie: secretary, headers: { ...idem(), ...withId() } });
        return { res, actor: ids.secretary, alliance: 1, action: 'webhook.test', target: ['webhook', ph.webhookId] };
      }],
      ['DELETE /api/webhooks/:id', async () => {
        const res = await t.call('DELETE', `/api/webhooks/${ph.webhookId}?version=2`, { cookie: secretary, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'webhook.delete', target: ['webhook', ph.webhookId] };
      }],
      // The file store (a ticket's file is audited on the ticket) and the city's departments.
      ['POST /api/files', async () => {
        const m = multipartFile('b.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'image/png');
        const res = await t.app.inject({ method: 'POST', url: `/api/files?ownerType=ticket&ownerId=${ph.ticketId}`, headers: { cookie: firm, ...m.headers, ...idem(), ...withId() }, payload: m.payload });
        ph.fileId = json(res).id;
        return { res, actor: ids.firm, alliance: 1, action: 'ticket.attach', target: ['ticket', ph.ticketId] };
      }],
      ['DELETE /api/files/:id', async () => {
        const res = await t.call('DELETE', `/api/files/${ph.fileId}`, { cookie: firm, headers: withId() });
        return { res, actor: ids.firm, alliance: 1, action: 'file.delete', target: ['file', ph.fileId] };
      }],
      ['POST /api/policies', async () => {
        const res = await t.call('POST', '/api/policies', { cookie: secretary, body: { title: '审计测试政策', departmentId: null, issuedOn: '2026-02-10', validFrom: '2026-02-10', benefitKind: 'loan' }, headers: { ...idem(), ...withId() } });
        po.policyId = json(res).id;
        return { res, actor: ids.secretary, alliance: 1, action: 'policy.create', target: ['policy', json(res).id] };
      }],
      ['POST /api/policy-applications', async () => {
        const firmId = (await t.handle.db.selectFrom('user_roles').select('enterprise_id').where('user_id', '=', ids.firm).where('role', '=', 'enterprise_admin').executeTakeFirstOrThrow()).enterprise_id!;
        const res = await t.call('POST', '/api/policy-applications', { cookie: secretary, body: { policyId: po.policyId, enterpriseId: firmId, requestedFen: 100_000 }, headers: { ...idem(), ...withId() } });
        po.applicationId = json(res).id;
        return { res, actor: ids.secretary, alliance: 1, action: 'policy.apply', target: ['policy_application', po.applicationId] };
      }],
      ['POST /api/policy-applications/:id/transition', async () => {
        const res = await t.call('POST', `/api/policy-applications/${po.applicationId}/transition`, { cookie: secretary, body: { to: 'submitted', version: 1 }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'policy.transition', target: ['policy_application', po.applicationId] };
      }],
      ['POST /api/policies/:id/questions', async () => {
        const res = await t.call('POST', `/api/policies/${po.policyId}/questions`, { cookie: firm, body: { question: '审计测试提问' }, headers: { ...idem(), ...withId() } });
        po.questionId = json(res).id;
        return { res, actor: ids.firm, alliance: 1, action: 'policy.ask', target: ['policy_question', po.questionId] };
      }],
      ['POST /api/policy-questions/:id/answer', async () => {
        const res = await t.call('POST', `/api/policy-questions/${po.questionId}/answer`, { cookie: secretary, body: { answer: '审计测试答复', publish: true, version: 1 }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'policy.answer', target: ['policy_question', po.questionId] };
      }],
      ['POST /api/departments', async () => {
        const res = await t.call('POST', '/api/departments', { cookie: admin, body: { code: 'audit_dept', name: '审计测试局' }, headers: { ...idem(), ...withId() } });
        ph.departmentId = json(res).id;
        return { res, actor: ids.admin, alliance: null, action: 'department.create', target: ['department', ph.departmentId] };
      }],
      ['PATCH /api/departments/:id', async () => {
        const res = await t.call('PATCH', `/api/departments/${ph.departmentId}`, { cookie: admin, body: { nameEn: 'Audit Bureau', version: 1 }, headers: withId() });
        return { res, actor: ids.admin, alliance: null, action: 'department.update', target: ['department', ph.departmentId] };
      }],
      ['PUT /api/users/:id/department', async () => {
        const user = json(await t.call('GET', '/api/users?pageSize=200', { cookie: secretary })).items.find((u: { username: string }) => u.username === 'tech');
        const res = await t.call('PUT', `/api/users/${user.id}/department`, { cookie: secretary, body: { departmentId: 1, version: user.version }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'user.affiliate', target: ['user', user.id] };
      }],
      ['DELETE /api/departments/:id', async () => {
        const res = await t.call('DELETE', `/api/departments/${ph.departmentId}?version=2`, { cookie: admin, headers: withId() });
        return { res, actor: ids.admin, alliance: null, action: 'department.delete', target: ['department', ph.departmentId] };
      }],
      // Group purchasing: campaign, pledge, lock, order, delivery.
      ['POST /api/purchasing/campaigns', async () => {
        const body = { title: '审计团购', supplier: '审计供应商', allocationRule: 'pro_rata', pledgeDeadline: new Date(t.clock.now().getTime() + 86_400_000).toISOString(), items: [{ name: '口罩', unit: 'pcs', tiers: [{ minCount: 0, unitPriceFen: 100 }] }] };
        const res = await t.call('POST', '/api/purchasing/campaigns', { cookie: secretary, body, headers: { ...idem(), ...withId() } });
        pu.campaignId = json(res).id;
        pu.itemId = json(res).items[0].id;
        return { res, actor: ids.secretary, alliance: 1, action: 'purchase.create', target: ['purchase_campaign', pu.campaignId] };
      }],
      ['PUT /api/purchasing/campaigns/:id/pledges', async () => {
        const enterpriseId = t.seed.users.find((u) => u.username === 'firm')!.grants[0]!.enterpriseId!;
        const res = await t.call('PUT', `/api/purchasing/campaigns/${pu.campaignId}/pledges`, { cookie: firm, body: { enterpriseId, itemId: pu.itemId, count: 10 }, headers: withId() });
        return { res, actor: ids.firm, alliance: 1, action: 'purchase.pledge', target: ['purchase_campaign', pu.campaignId] };
      }],
      ['POST /api/purchasing/campaigns/:id/lock', async () => {
        const res = await t.call('POST', `/api/purchasing/campaigns/${pu.campaignId}/lock`, { cookie: secretary, body: { version: 1 }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'purchase.lock', target: ['purchase_campaign', pu.campaignId] };
      }],
      ['POST /api/purchasing/campaigns/:id/order', async () => {
        const res = await t.call('POST', `/api/purchasing/campaigns/${pu.campaignId}/order`, { cookie: secretary, body: { version: 2 }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'purchase.order', target: ['purchase_campaign', pu.campaignId] };
      }],
      ['POST /api/purchasing/campaigns/:id/deliveries', async () => {
        const res = await t.call('POST', `/api/purchasing/campaigns/${pu.campaignId}/deliveries`, { cookie: secretary, body: { itemId: pu.itemId, count: 10, deliveredOn: '2026-11-26' }, headers: { ...idem(), ...withId() } });
        return { res, actor: ids.secretary, alliance: 1, action: 'purchase.deliver', target: ['purchase_campaign', pu.campaignId] };
      }],
      // The resource board and orders (the other firm's records inserted directly: one firm login).
      ['POST /api/market/posts', async () => {
        const enterpriseId = t.seed.users.find((u) => u.username === 'firm')!.grants[0]!.enterpriseId!;
        const res = await t.call('POST', '/api/market/posts', { cookie: firm, body: { enterpriseId, side: 'need', kind: 'parts', item: '审计零件', quantity: { amount: 10, unit: 'pcs' }, availableFrom: '2026-11-25', availableTo: '2026-11-30' }, headers: { ...idem(), ...withId() } });
        mk.needId = json(res).id;
        const other = (await t.handle.db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', 1).where('enterprise_id', '!=', enterpriseId).executeTakeFirstOrThrow()).enterprise_id;
        const at = t.clock.now().toISOString();
        mk.other = other;
        mk.offerId = (await t.handle.db.insertInto('market_posts').values({ alliance_id: 1, enterprise_id: other, side: 'offer', kind: 'parts', item: '审计零件', amount: 10, unit: 'pcs', available_from: '2026-11-25', available_to: '2026-11-30', district_code: null, unit_price_fen: null, created_by: null, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow()).id;
        return { res, actor: ids.firm, alliance: 1, action: 'market.post', target: ['market_post', mk.needId] };
      }],
      ['POST /api/market/deals', async () => {
        const res = await t.call('POST', '/api/market/deals', { cookie: firm, body: { offerId: mk.offerId, needId: mk.needId, amount: 10 }, headers: { ...idem(), ...withId() } });
        mk.dealId = json(res).id;
        return { res, actor: ids.firm, alliance: 1, action: 'market.deal_propose', target: ['market_deal', mk.dealId] };
      }],
      ['POST /api/market/deals/:id/step', async () => {
        const res = await t.call('POST', `/api/market/deals/${mk.dealId}/step`, { cookie: firm, body: { version: 1, step: 'confirm' }, headers: withId() });
        return { res, actor: ids.firm, alliance: 1, action: 'market.deal_confirm', target: ['market_deal', mk.dealId] };
      }],
      ['POST /api/market/orders', async () => {
        const enterpriseId = t.seed.users.find((u) => u.username === 'firm')!.grants[0]!.enterpriseId!;
        const res = await t.call('POST', '/api/market/orders', { cookie: firm, body: { enterpriseId, title: '审计订单', item: '审计件', unit: 'pcs', count: 5 }, headers: { ...idem(), ...withId() } });
        mk.orderId = json(res).id;
        const at = t.clock.now().toISOString();
        mk.quoteId = (await t.handle.db.insertInto('market_quotes').values({ order_id: mk.orderId, enterprise_id: mk.other, count: 5, unit_price_fen: 100, delivery_date: '2026-12-01', created_by: null, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow()).id;
        mk.otherOrderId = (await t.handle.db.insertInto('market_orders').values({ alliance_id: 1, enterprise_id: mk.other, title: '他人订单', item: '审计件', unit: 'pcs', count: 5, need_by: null, target_price_fen: null, created_by: null, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow()).id;
        return { res, actor: ids.firm, alliance: 1, action: 'market.order_post', target: ['market_order', mk.orderId] };
      }],
      ['POST /api/market/orders/:id/quotes', async () => {
        const enterpriseId = t.seed.users.find((u) => u.username === 'firm')!.grants[0]!.enterpriseId!;
        const res = await t.call('POST', `/api/market/orders/${mk.otherOrderId}/quotes`, { cookie: firm, body: { enterpriseId, count: 5, unitPriceFen: 90, deliveryDate: '2026-12-01' }, headers: { ...idem(), ...withId() } });
        return { res, actor: ids.firm, alliance: 1, action: 'market.quote', target: ['market_order', mk.otherOrderId] };
      }],
      ['POST /api/market/orders/:id/split', async () => {
        const res = await t.call('POST', `/api/market/orders/${mk.orderId}/split`, { cookie: firm, body: { version: 1, lines: [{ quoteId: mk.quoteId, count: 5 }] }, headers: withId() });
        return { res, actor: ids.firm, alliance: 1, action: 'market.order_split', target: ['market_order', mk.orderId] };
      }],
      ['POST /api/market/orders/:id/deliveries', async () => {
        const res = await t.call('POST', `/api/market/orders/${mk.orderId}/deliveries`, { cookie: firm, body: { quoteId: mk.quoteId, count: 5 }, headers: { ...idem(), ...withId() } });
        return { res, actor: ids.firm, alliance: 1, action: 'market.order_delivery', target: ['market_order', mk.orderId] };
      }],
      // Shared employees: 'staff' is made admin of a second member firm (the lender) for these.
      ['PATCH /api/workforce/settings', async () => {
        const cur = json(await t.call('GET', '/api/workforce/settings', { cookie: secretary }));
        const res = await t.call('PATCH', '/api/workforce/settings', { cookie: secretary, body: { retentionDays: 90, version: cur.version }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'workforce.settings_update', target: ['workforce_settings', 1] };
      }],
      ['POST /api/workforce/postings', async () => {
        const db = t.handle.db;
        wf.borrower = (await db.selectFrom('user_roles').select('enterprise_id').where('user_id', '=', ids.firm).executeTakeFirstOrThrow()).enterprise_id!;
        wf.lender = (await db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', 1).where('enterprise_id', '!=', wf.borrower).orderBy('enterprise_id').executeTakeFirstOrThrow()).enterprise_id;
        const staffId = t.seed.users.find((u) => u.username === 'staff')!.id;
        await db.insertInto('user_roles').values({ user_id: staffId, role: 'enterprise_admin', alliance_id: null, working_group: null, enterprise_id: wf.lender }).execute();
        wf.lenderCookie = await t.login('staff');
        wf.staffId = staffId;
        const res = await t.call('POST', '/api/workforce/postings', { cookie: secretary, body: { enterpriseId: wf.lender, kind: 'surplus', jobType: 'packer', headcount: 2, startDate: '2026-11-20', endDate: '2026-12-31' }, headers: { ...idem(), ...withId() } });
        return { res, actor: ids.secretary, alliance: 1, action: 'workforce.posting_create', target: ['workforce_posting', json(res).id] };
      }],
      ['POST /api/workforce/postings/:id/close', async () => {
        const p = json(await t.call('POST', '/api/workforce/postings', { cookie: firm, body: { enterpriseId: wf.borrower, kind: 'shortage', jobType: 'welder', headcount: 1, dailyWageFen: 20000, startDate: '2026-11-20', endDate: '2026-12-31' }, headers: idem() }));
        const res = await t.call('POST', `/api/workforce/postings/${p.id}/close`, { cookie: firm, body: { version: p.version }, headers: withId() });
        return { res, actor: ids.firm, alliance: 1, action: 'workforce.posting_close', target: ['workforce_posting', p.id] };
      }],
      ['POST /api/workforce/match', async () => {
        const shortage = json(await t.call('POST', '/api/workforce/postings', { cookie: firm, body: { enterpriseId: wf.borrower, kind: 'shortage', jobType: 'packer', headcount: 2, dailyWageFen: 20000, startDate: '2026-11-20', endDate: '2026-12-31' }, headers: idem() }));
        const res = await t.call('POST', '/api/workforce/match', { cookie: secretary, body: { shortageIds: [shortage.id] }, headers: withId() });
        wf.proposal = json(res).proposals[0].id;
        return { res, actor: ids.secretary, alliance: 1, action: 'workforce.match', target: ['alliance', 1] };
      }],
      ['POST /api/workforce/proposals/:id/review', async () => {
        const res = await t.call('POST', `/api/workforce/proposals/${wf.proposal}/review`, { cookie: secretary, body: { decision: 'approve', version: 1 }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'workforce.proposal_review', target: ['workforce_proposal', wf.proposal] };
      }],
      ['POST /api/workforce/proposals/:id/answer', async () => {
        await t.call('POST', `/api/workforce/proposals/${wf.proposal}/answer`, { cookie: wf.lenderCookie, body: { enterpriseId: wf.lender, decision: 'accept', version: 2 } });
        const res = await t.call('POST', `/api/workforce/proposals/${wf.proposal}/answer`, { cookie: firm, body: { enterpriseId: wf.borrower, decision: 'accept', version: 3 }, headers: withId() });
        return { res, actor: ids.firm, alliance: 1, action: 'workforce.proposal_answer', target: ['workforce_proposal', wf.proposal] };
      }],
      ['POST /api/workforce/workers', async () => {
        const res = await t.call('POST', '/api/workforce/workers', { cookie: wf.lenderCookie, body: { enterpriseId: wf.lender, name: '审计工人', jobType: 'packer', phone: '13811112222' }, headers: { ...idem(), ...withId() } });
        wf.worker = json(res).id;
        return { res, actor: wf.staffId, alliance: 1, action: 'workforce.worker_create', target: ['workforce_worker', wf.worker] };
      }],
      ['PATCH /api/workforce/placements/:id', async () => {
        const pl = json(await t.call('GET', '/api/workforce/placements', { cookie: secretary })).items[0];
        wf.placement = pl.id;
        const res = await t.call('PATCH', `/api/workforce/placements/${pl.id}`, { cookie: wf.lenderCookie, body: { workerId: wf.worker, workerConsent: true, safetyTrainingDone: true, version: pl.version }, headers: withId() });
        return { res, actor: wf.staffId, alliance: 1, action: 'workforce.placement_update', target: ['workforce_placement', pl.id] };
      }],
      ['POST /api/workforce/placements/:id/transition', async () => {
        const res = await t.call('POST', `/api/workforce/placements/${wf.placement}/transition`, { cookie: wf.lenderCookie, body: { to: 'agreed', version: 2 }, headers: withId() });
        return { res, actor: wf.staffId, alliance: 1, action: 'workforce.placement_transition', target: ['workforce_placement', wf.placement] };
      }],
      ['POST /api/workforce/placements/:id/attendance', async () => {
        await t.call('POST', `/api/workforce/placements/${wf.placement}/transition`, { cookie: firm, body: { to: 'on_site', version: 3 } });
        const res = await t.call('POST', `/api/workforce/placements/${wf.placement}/attendance`, { cookie: firm, body: { workDate: '2026-11-24', hours: 8 }, headers: withId() });
        return { res, actor: ids.firm, alliance: 1, action: 'workforce.attendance_record', target: ['workforce_placement', wf.placement] };
      }],
      ['POST /api/workforce/workers/:id/reveal', async () => {
        const res = await t.call('POST', `/api/workforce/workers/${wf.worker}/reveal`, { cookie: secretary, body: { field: 'phone' }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'workforce.worker_reveal', target: ['workforce_worker', wf.worker] };
      }],
      ['DELETE /api/workforce/workers/:id', async () => {
        const res = await t.call('DELETE', `/api/workforce/workers/${wf.worker}`, { cookie: secretary, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'workforce.worker_erase', target: ['workforce_worker', wf.worker] };
      }],
      // Joint prevention: the secretary keeps standards and trainings, the firm inspects and records supplies.
      ['PUT /api/prevention/settings', async () => {
        const res = await t.call('PUT', '/api/prevention/settings', { cookie: secretary, body: { coverThresholdDays: 9, version: 1 }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'prevention.settings_update', target: ['prevention_settings', 1] };
      }],
      ['POST /api/prevention/standards', async () => {
        const res = await t.call('POST', '/api/prevention/standards', { cookie: secretary, body: { title: '审计防控标准', items: [{ text: '每日消毒' }] }, headers: { ...idem(), ...withId() } });
        pv.standardId = json(res).id;
        return { res, actor: ids.secretary, alliance: 1, action: 'prevention.standard_create', target: ['prevention_standard', pv.standardId] };
      }],
      ['PUT /api/prevention/standards/:id/draft', async () => {
        const res = await t.call('PUT', `/api/prevention/standards/${pv.standardId}/draft`, { cookie: secretary, body: { title: '审计防控标准', items: [{ text: '每日消毒', evidenceRequired: true }], version: 1 }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'prevention.draft_update', target: ['prevention_standard', pv.standardId] };
      }],
      ['POST /api/prevention/standards/:id/publish', async () => {
        const res = await t.call('POST', `/api/prevention/standards/${pv.standardId}/publish`, { cookie: secretary, body: { version: 2 }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'prevention.standard_publish', target: ['prevention_standard', pv.standardId] };
      }],
      ['POST /api/prevention/inspections', async () => {
        const body = { enterpriseId: firmEnterprise(), standardId: pv.standardId, versionNumber: 1, inspectedOn: '2026-11-25', answers: [{ position: 0, outcome: 'fail' }] };
        const res = await t.call('POST', '/api/prevention/inspections', { cookie: firm, body, headers: { ...idem(), ...withId() } });
        return { res, actor: ids.firm, alliance: 1, action: 'prevention.inspection_submit', target: ['prevention_inspection', json(res).id] };
      }],
      ['POST /api/prevention/trainings', async () => {
        const res = await t.call('POST', '/api/prevention/trainings', { cookie: secretary, body: { topic: '审计培训', heldOn: '2026-11-30', attendees: [{ enterpriseId: firmEnterprise(), expected: 2 }] }, headers: { ...idem(), ...withId() } });
        pv.trainingId = json(res).id;
        return { res, actor: ids.secretary, alliance: 1, action: 'prevention.training_create', target: ['prevention_training', pv.trainingId] };
      }],
      ['PUT /api/prevention/trainings/:id/attendance', async () => {
        const res = await t.call('PUT', `/api/prevention/trainings/${pv.trainingId}/attendance`, { cookie: secretary, body: { version: 1, attendance: [{ enterpriseId: firmEnterprise(), attended: 2 }] }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'prevention.attendance_record', target: ['prevention_training', pv.trainingId] };
      }],
      ['POST /api/prevention/supplies', async () => {
        const res = await t.call('POST', '/api/prevention/supplies', { cookie: firm, body: { enterpriseId: firmEnterprise(), name: '审计口罩', unit: 'pcs', stockAmount: 1000, dailyUseAmount: 100 }, headers: { ...idem(), ...withId() } });
        pv.supplyId = json(res).id;
        return { res, actor: ids.firm, alliance: 1, action: 'prevention.supply_create', target: ['prevention_supply', pv.supplyId] };
      }],
      ['PUT /api/prevention/supplies/:id', async () => {
        const res = await t.call('PUT', `/api/prevention/supplies/${pv.supplyId}`, { cookie: firm, body: { stockAmount: 300, dailyUseAmount: 100, version: 1 }, headers: withId() });
        return { res, actor: ids.firm, alliance: 1, action: 'prevention.supply_update', target: ['prevention_supply', pv.supplyId] };
      }],
      ['POST /api/prevention/supplies/invite', async () => {
        const at = t.clock.now().toISOString();
        const deadline = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
        const c = await t.handle.db.insertInto('purchase_campaigns').values({ alliance_id: 1, title: '审计团购', supplier: 'x', allocation_rule: 'pro_rata', pledge_deadline: deadline, created_by: null, locked_at: null, ordered_at: null, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
        const res = await t.call('POST', '/api/prevention/supplies/invite', { cookie: secretary, body: { campaignId: c.id }, headers: withId() });
        return { res, actor: ids.secretary, alliance: 1, action: 'prevention.invite', target: ['purchase_campaign', c.id] };
      }],
    ];

    it('the scenarios cover every write route of the OpenAPI document', () => {
      // POST routes that compute without changing any business record are not audited. Starting a
      // chain analysis writes only its job row (chain_analysis_jobs): operational state like a
      // session or an idempotency key, which itself says who asked for what and when, and is
      // pruned after FUGONG_ANALYSIS_RETENTION_HOURS. The web app runs an analysis whenever a
      // chain page opens; an audit row each time would flood the append-only log with reads.
      // Planning an expert assignment only computes a proposal (the handler's confirmation is audited).
      const computeOnly = new Set(['POST /api/chain/analyses', 'POST /api/consultations/plan']);
      const writes = routesFromOpenApi(t.app.swagger() as never).filter((r) => !r.startsWith('GET ') && !computeOnly.has(r));
      expect(SCENARIOS.map(([k]) => k).sort()).toEqual(writes);
    });

    for (const [route, scenario] of SCENARIOS) {
      it(`${route} writes an audit row with actor, alliance, action, target and request id`, async () => {
        const before = Number((await t.handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
        const { res, actor, alliance, action, target } = await scenario();
        expect(res.statusCode, res.body).toBeLessThan(300);
        const requestId = res.headers['x-request-id'] as string;
        expect(requestId).toMatch(/^audit-/);
        const rows = await t.handle.db.selectFrom('audit_log').selectAll().where('request_id', '=', requestId).execute();
        expect(rows, route).toHaveLength(1);
        expect(rows[0]).toMatchObject({ actor_user_id: actor, alliance_id: alliance, action, target_type: target[0], target_id: String(target[1]), request_id: requestId });
        expect(Date.parse(rows[0]!.at)).toBe(t.clock.now().getTime());
        expect(() => JSON.parse(rows[0]!.detail_json)).not.toThrow();
        const after = Number((await t.handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
        expect(after).toBeGreaterThan(before);
      });
    }

    it('a refused write leaves no audit row', async () => {
      const res = await t.call('POST', '/api/enterprises', { cookie: secretary, body: enterpriseBody(880_001), headers: { ...idem(), 'x-request-id': 'audit-refused-1' } });
      expectProblem(res, 409, 'credit_code_taken');
      expect(await t.handle.db.selectFrom('audit_log').selectAll().where('request_id', '=', 'audit-refused-1').execute()).toEqual([]);
    });

    it('the audit log is readable by the secretary, newest first, scoped to the alliance', async () => {
      const page = json(await t.call('GET', '/api/audit?pageSize=200', { cookie: secretary }));
      expect(page.items.length).toBeGreaterThan(5);
      const idsDesc = page.items.map((a: { id: number }) => a.id);
      expect(idsDesc).toEqual([...idsDesc].sort((a, b) => b - a));
      expect(page.items.some((a: { action: string }) => a.action === 'alliance.create')).toBe(false); // that row is the new alliance's
      const one = json(await t.call('GET', `/api/audit?targetType=enterprise&targetId=${state.enterpriseId}`, { cookie: secretary }));
      expect(one.items.map((a: { action: string }) => a.action).sort()).toEqual(['enterprise.assign_commissioner', 'enterprise.create', 'enterprise.update', 'membership.update']);
    });
  });
});
