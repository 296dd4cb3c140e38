/** The policy library through the API: create with rules, matching both ways against the DB, notifications. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json, multipartFile } from '../../test/helpers';

describe.each(DIALECTS)('policies (%s)', (dialect) => {
  let t: TestApp;
  let secretary: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    secretary = await t.login('secretary');
  });
  afterAll(async () => {
    await t?.close();
  });

  const body = (over: Record<string, unknown> = {}) => ({
    title: '小微企业稳岗补贴', departmentId: null, issuedOn: '2026-02-10', validFrom: '2026-02-10', benefitKind: 'subsidy', benefitAmountFen: 1_000_000,
    rules: [{ kind: 'size_band', bands: ['micro', 'small'] }, { kind: 'above_designated_size', value: false }],
    ...over,
  });

  it('creates a policy; its eligible members are exactly the members meeting every rule in the DB; admins notified', async () => {
    const res = await t.call('POST', '/api/policies', { cookie: secretary, body: body(), headers: idem() });
    expect(res.statusCode, res.body).toBe(201);
    const p = json(res);
    expect(p.rules).toHaveLength(2);
    const m = json(await t.call('GET', `/api/policies/${p.id}/matches?all=true`, { cookie: secretary }));
    const db = await t.handle.db
      .selectFrom('enterprises as e').innerJoin('alliance_members as am', 'am.enterprise_id', 'e.id')
      .select(['e.id', 'e.headcount', 'e.above_designated_size']).where('am.alliance_id', '=', 1).execute();
    const expected = db.filter((e) => e.headcount < 300 && !Number(e.above_designated_size)).map((e) => e.id).sort((a, b) => a - b);
    expect(m.members).toBe(db.length);
    expect(m.items.filter((i: { eligible: boolean }) => i.eligible).map((i: { enterprise: { id: number } }) => i.enterprise.id).sort((a: number, b: number) => a - b)).toEqual(expected);
    const ineligible = m.items.find((i: { eligible: boolean }) => !i.eligible);
    if (ineligible) expect(ineligible.missing.length).toBeGreaterThan(0);
    const audit = await t.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'policy.create').where('target_id', '=', String(p.id)).execute();
    expect(audit).toHaveLength(1);
    const notes = await t.handle.db.selectFrom('notifications').select(['user_id', 'payload_json']).where('kind', '=', 'policy.published').execute();
    const admins = await t.handle.db.selectFrom('user_roles').select(['user_id', 'enterprise_id']).where('role', '=', 'enterprise_admin').execute();
    const eligibleAdmins = new Set(admins.filter((a) => expected.includes(a.enterprise_id!)).map((a) => a.user_id));
    expect(new Set(notes.map((n) => n.user_id))).toEqual(eligibleAdmins);

    // The member's side: the firm sees the policy with its reasons.
    const firmId = db[0]!.id;
    const mine = json(await t.call('GET', `/api/enterprises/${firmId}/policies`, { cookie: secretary }));
    const item = mine.items.find((i: { policy: { id: number } }) => i.policy.id === p.id);
    expect(item.eligible).toBe(expected.includes(firmId));
    const list = json(await t.call('GET', '/api/policies', { cookie: secretary }));
    expect(list.items.find((x: { id: number }) => x.id === p.id).eligibleCount).toBe(expected.length);
  });

  it('refuses bad rules, an unknown department, a period ending before it starts; other alliances see 404', async () => {
    expectProblem(await t.call('POST', '/api/policies', { cookie: secretary, body: body({ rules: [{ kind: 'district', districts: ['999999'] }] }), headers: idem() }), 400);
    expectProblem(await t.call('POST', '/api/policies', { cookie: secretary, body: body({ departmentId: 99999 }), headers: idem() }), 400);
    expectProblem(await t.call('POST', '/api/policies', { cookie: secretary, body: body({ validTo: '2026-01-01' }), headers: idem() }), 400);
    const p = json(await t.call('POST', '/api/policies', { cookie: secretary, body: body({ title: '仅皮革联盟' }), headers: idem() }));
    const fishery = await t.login('secretary-fishery');
    expectProblem(await t.call('GET', `/api/policies/${p.id}`, { cookie: fishery }), 404);
    // A group member outside the policy group may not add policies.
    expectProblem(await t.call('POST', '/api/policies', { cookie: await t.login('tech'), body: body(), headers: idem() }), 403);
  });
  it("a policy's documents: the policy group adds them, its alliance's members read them, another alliance sees nothing", async () => {
    const p = json(await t.call('POST', '/api/policies', { cookie: secretary, body: body({ title: '附件测试政策' }), headers: idem() }));
    const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
    const upload = (cookie: string) => {
      const m = multipartFile('申报指南.pdf', PDF);
      return t.app.inject({ method: 'POST', url: `/api/files?ownerType=policy&ownerId=${p.id}`, headers: { cookie, ...m.headers, ...idem() }, payload: m.payload });
    };
    const up = await upload(secretary);
    expect(up.statusCode, up.body).toBe(201);
    const firm = await t.login('firm');
    const listed = json(await t.call('GET', `/api/files?ownerType=policy&ownerId=${p.id}`, { cookie: firm }));
    expect(listed.items.map((f: { name: string; canDelete: boolean }) => [f.name, f.canDelete])).toEqual([['申报指南.pdf', false]]);
    expect((await t.call('GET', `/api/files/${json(up).id}`, { cookie: firm })).statusCode).toBe(200);
    expectProblem(await upload(firm), 403, 'forbidden');
    const fishery = await t.login('secretary-fishery');
    expectProblem(await t.call('GET', `/api/files?ownerType=policy&ownerId=${p.id}`, { cookie: fishery }), 404, 'not_found');
    expectProblem(await t.call('GET', `/api/files/${json(up).id}`, { cookie: fishery }), 404, 'not_found');
  });
});
