import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json } from '../../test/helpers';
import { DEFAULT_DEPARTMENTS } from './departments.service';

describe.each(DIALECTS)('departments and affiliation (%s)', (dialect) => {
  let t: TestApp;
  let admin: string;
  let secretary: string;
  let firm: string;
  let fishery: string;

  const userNamed = async (username: string) => json(await t.call('GET', `/api/users?q=${username}`, { cookie: secretary })).items.find((u: { username: string }) => u.username === username);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    secretary = await t.login('secretary');
    firm = await t.login('firm');
    fishery = await t.login('secretary-fishery');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the demo city has the default departments, in order, readable by everyone; the admin works for the organisation department', async () => {
    const list = json(await t.call('GET', '/api/departments', { cookie: firm })).items;
    expect(list.map((d: { code: string }) => d.code)).toEqual(DEFAULT_DEPARTMENTS.map((d) => d.code));
    expect(list.find((d: { code: string }) => d.code === 'hrss')).toMatchObject({ name: '市人力资源和社会保障局', nameEn: 'Human Resources and Social Security Bureau', version: 1 });
    const organisation = list.find((d: { code: string }) => d.code === 'organisation');
    expect(organisation.memberCount).toBe(1);
    const adminId = (await t.handle.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id;
    const dir = json(await t.call('GET', '/api/users/directory', { cookie: secretary })).items;
    expect(dir.find((p: { id: number }) => p.id === adminId).department).toMatchObject({ code: 'organisation', name: '市委组织部' });
  });

  it('the platform admin adds a department once per Idempotency-Key; codes and names are unique; others may not', async () => {
    const body = { code: 'emergency', name: '市应急管理局', nameEn: 'Emergency Management Bureau', sortOrder: 200 };
    const key = idem('dept');
    const first = await t.call('POST', '/api/departments', { cookie: admin, body, headers: key });
    expect(first.statusCode, first.body).toBe(201);
    const again = await t.call('POST', '/api/departments', { cookie: admin, body, headers: key });
    expect(json(again).id).toBe(json(first).id);
    expect(await t.handle.db.selectFrom('departments').select('id').where('code', '=', 'emergency').execute()).toHaveLength(1);
    expect(json(first)).toMatchObject({ ...body, memberCount: 0, version: 1 });

    const dup = expectProblem(await t.call('POST', '/api/departments', { cookie: admin, body: { code: 'emergency', name: '市人力资源和社会保障局' }, headers: idem() }), 400, 'validation_failed');
    expect(dup.errors?.map((e) => e.code).sort()).toEqual(['code_taken', 'name_taken']);
    const bad = expectProblem(await t.call('POST', '/api/departments', { cookie: admin, body: { code: 'Bad Code', name: '局' }, headers: idem() }), 400, 'validation_failed');
    expect(bad.errors?.map((e) => e.path).sort()).toEqual(['code', 'name']);
    expectProblem(await t.call('POST', '/api/departments', { cookie: secretary, body: { code: 'sneaky', name: '秘书局' }, headers: idem() }), 403, 'forbidden');
    expect(await t.handle.db.selectFrom('departments').select('id').where('code', 'in', ['sneaky', 'Bad Code']).execute()).toEqual([]);
  });

  it('an edit changes only the fields sent, under a version check', async () => {
    const d = json(await t.call('GET', '/api/departments', { cookie: admin })).items.find((x: { code: string }) => x.code === 'emergency');
    const res = await t.call('PATCH', `/api/departments/${d.id}`, { cookie: admin, body: { nameEn: 'Emergency Bureau', version: d.version } });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ code: 'emergency', name: '市应急管理局', nameEn: 'Emergency Bureau', sortOrder: 200, version: d.version + 1 });
    expectProblem(await t.call('PATCH', `/api/departments/${d.id}`, { cookie: admin, body: { name: '过期改名', version: d.version } }), 409, 'version_conflict');
    expectProblem(await t.call('PATCH', `/api/departments/${d.id}`, { cookie: admin, body: { code: 'hrss', version: d.version + 1 } }), 400, 'validation_failed');
    expect(json(await t.call('GET', '/api/departments', { cookie: admin })).items.find((x: { id: number }) => x.id === d.id)).toMatchObject({ name: '市应急管理局', code: 'emergency' });
  });

  it('a secretary affiliates a person of the alliance; the directory and the users list show it; a department in use is not deleted', async () => {
    const depts = json(await t.call('GET', '/api/departments', { cookie: admin })).items;
    const hrss = depts.find((d: { code: string }) => d.code === 'hrss');
    const emergency = depts.find((d: { code: string }) => d.code === 'emergency');
    const tech = await userNamed('tech');
    expect(tech.department).toBeNull();
    const res = await t.call('PUT', `/api/users/${tech.id}/department`, { cookie: secretary, body: { departmentId: hrss.id, version: tech.version } });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toEqual({ userId: tech.id, department: { id: hrss.id, code: 'hrss', name: hrss.name, nameEn: hrss.nameEn }, version: tech.version + 1 });
    expect((await userNamed('tech')).department).toMatchObject({ code: 'hrss' });
    const dir = json(await t.call('GET', '/api/users/directory', { cookie: secretary })).items;
    expect(dir.find((p: { id: number }) => p.id === tech.id).department).toMatchObject({ code: 'hrss', name: hrss.name });
    // Stale version, unknown department, another alliance's secretary: refused, nothing changes.
    expectProblem(await t.call('PUT', `/api/users/${tech.id}/department`, { cookie: secretary, body: { departmentId: null, version: tech.version } }), 409, 'version_conflict');
    const unknown = expectProblem(await t.call('PUT', `/api/users/${tech.id}/department`, { cookie: secretary, body: { departmentId: 999_999, version: tech.version + 1 } }), 400, 'validation_failed');
    expect(unknown.errors?.[0]).toMatchObject({ path: 'departmentId', code: 'unknown_reference' });
    expectProblem(await t.call('PUT', `/api/users/${tech.id}/department`, { cookie: fishery, body: { departmentId: emergency.id, version: tech.version + 1 } }), 404, 'not_found');
    expect((await userNamed('tech')).department).toMatchObject({ code: 'hrss' });

    // In use: refused with the count; once cleared, deleted.
    const inUse = expectProblem(await t.call('DELETE', `/api/departments/${hrss.id}?version=${hrss.version}`, { cookie: admin }), 409, 'department_in_use');
    expect(inUse.detail).toContain('1');
    const cleared = await t.call('PUT', `/api/users/${tech.id}/department`, { cookie: secretary, body: { departmentId: null, version: tech.version + 1 } });
    expect(json(cleared).department).toBeNull();
    // The demo's policies name 人社局 as their issuer: refused while they do.
    const issued = Number((await t.handle.db.selectFrom('policies').select((eb) => eb.fn.countAll().as('n')).where('department_id', '=', hrss.id).executeTakeFirstOrThrow()).n);
    expect(issued).toBeGreaterThan(0);
    const issuer = expectProblem(await t.call('DELETE', `/api/departments/${hrss.id}?version=${hrss.version}`, { cookie: admin }), 409, 'department_issues_policies');
    expect(issuer.detail).toContain(String(issued));
    await t.handle.db.updateTable('policies').set({ department_id: null }).where('department_id', '=', hrss.id).execute();
    expect((await t.call('DELETE', `/api/departments/${hrss.id}?version=${hrss.version}`, { cookie: admin })).statusCode).toBe(200);
    expect(json(await t.call('GET', '/api/departments', { cookie: admin })).items.map((d: { code: string }) => d.code)).not.toContain('hrss');
    const audit = await t.handle.db.selectFrom('audit_log').select(['action', 'alliance_id']).where('target_type', 'in', ['department', 'user']).where('action', 'like', '%department%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['department.create', 'department.delete', 'department.update']);
    expect(audit.every((a) => a.alliance_id === null)).toBe(true);
  });

  it('the platform admin affiliates a city-wide expert, who belongs to no alliance', async () => {
    const expert = await t.handle.db.selectFrom('users').select(['id', 'version']).where('username', '=', 'expert').executeTakeFirstOrThrow();
    const economy = json(await t.call('GET', '/api/departments', { cookie: admin })).items.find((d: { code: string }) => d.code === 'economy_it');
    const res = await t.call('PUT', `/api/users/${expert.id}/department`, { cookie: admin, body: { departmentId: economy.id, version: expert.version } });
    expect(res.statusCode, res.body).toBe(200);
    const dir = json(await t.call('GET', '/api/users/directory', { cookie: secretary })).items;
    expect(dir.find((p: { id: number }) => p.id === expert.id)).toMatchObject({ roles: ['expert'], department: { code: 'economy_it' } });
  });
});

describe.each(DIALECTS)('the staff directory includes experts (%s)', (dialect) => {
  let t: TestApp;
  let secretary: string;
  let expertId: number;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    secretary = await t.login('secretary');
    expertId = (await t.handle.db.selectFrom('users').select('id').where('username', '=', 'expert').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists every enabled expert of the city beside the alliance staff, and no enterprise accounts', async () => {
    const dir = json(await t.call('GET', '/api/users/directory', { cookie: secretary })).items as { id: number; roles: string[] }[];
    const experts = await t.handle.db.selectFrom('user_roles as g').innerJoin('users as u', 'u.id', 'g.user_id').select('u.id').where('g.role', '=', 'expert').where('u.disabled', '=', 0).execute();
    expect(experts.length).toBeGreaterThan(0);
    for (const e of experts) expect(dir.find((p) => p.id === e.id)?.roles).toContain('expert');
    expect(dir.some((p) => p.roles.includes('enterprise_admin') || p.roles.includes('enterprise_staff'))).toBe(false);
    // The fishery secretary's directory has the same city-wide experts.
    const fishery = json(await t.call('GET', '/api/users/directory', { cookie: await t.login('secretary-fishery') })).items as { id: number }[];
    expect(fishery.map((p) => p.id)).toContain(expertId);
  });

  it('an expert picked from the directory can be a ticket handler, who then sees and handles it', async () => {
    const ticket = json(await t.call('POST', '/api/tickets', { cookie: secretary, body: { enterpriseId: 1, category: 'equipment', title: '请专家会诊设备故障' }, headers: idem() }));
    const expert = await t.login('expert');
    expectProblem(await t.call('GET', `/api/tickets/${ticket.id}`, { cookie: expert }), 404, 'not_found');
    const res = await t.call('PUT', `/api/tickets/${ticket.id}/handlers`, { cookie: secretary, body: { handlers: [{ kind: 'user', userId: expertId }], version: ticket.version } });
    expect(res.statusCode, res.body).toBe(200);
    const seen = json(await t.call('GET', `/api/tickets/${ticket.id}`, { cookie: expert }));
    expect(seen.handlers.map((h: { user: { id: number } | null }) => h.user?.id)).toContain(expertId);
    expect(seen.can.handle).toBe(true);
    const comment = await t.call('POST', `/api/tickets/${ticket.id}/comments`, { cookie: expert, body: { body: '建议更换主轴轴承', visibility: 'internal' }, headers: idem() });
    expect(comment.statusCode, comment.body).toBe(201);
  });

  it('an expert picked from the directory can attend a meeting, and sees it', async () => {
    const res = await t.call('POST', '/api/meetings', { cookie: secretary, body: { title: '专家联席会', scheduledAt: '2026-11-27T06:00:00.000Z', attendeeIds: [expertId] }, headers: idem() });
    expect(res.statusCode, res.body).toBe(201);
    const meeting = json(res);
    const expert = await t.login('expert');
    const list = json(await t.call('GET', '/api/meetings', { cookie: expert })).items;
    expect(list.map((m: { id: number }) => m.id)).toContain(meeting.id);
    expect((await t.call('GET', `/api/meetings/${meeting.id}`, { cookie: expert })).statusCode).toBe(200);
  });
});
