/** The staff directory behind the web app's people pickers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { idem, json } from '../../test/helpers';

describe.each(DIALECTS)('staff directory (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { scale: 0.1 });
  });
  afterAll(async () => t?.close());

  it('lists the alliance staff with roles and groups, not enterprise users, other alliances or disabled accounts', async () => {
    const tech = await t.login('tech');
    const res = await t.call('GET', '/api/users/directory', { cookie: tech });
    expect(res.statusCode).toBe(200);
    const items = json(res).items as { id: number; displayName: string; roles: string[]; workingGroups: string[] }[];
    const byName = (fragment: string) => items.filter((u) => u.displayName.includes(fragment));
    expect(byName('皮革联盟第一书记')[0]?.roles).toEqual(['secretary']);
    expect(items.some((u) => u.roles.includes('commissioner'))).toBe(true);
    expect(items.find((u) => u.workingGroups.includes('tech'))?.roles).toEqual(['group_member']);
    expect(items.some((u) => u.roles.includes('platform_admin'))).toBe(true);
    expect(byName('企业管理员')).toEqual([]);
    expect(byName('奉化')).toEqual([]);

    const secretary = await t.login('secretary');
    const target = items.find((u) => u.roles.includes('commissioner'))!;
    const users = json(await t.call('GET', '/api/users?pageSize=200', { cookie: secretary })).items as { id: number; version: number }[];
    const version = users.find((u) => u.id === target.id)!.version;
    expect((await t.call('PATCH', `/api/users/${target.id}`, { cookie: secretary, body: { disabled: true, version } })).statusCode).toBe(200);
    const after = json(await t.call('GET', '/api/users/directory', { cookie: tech })).items as { id: number }[];
    expect(after.some((u) => u.id === target.id)).toBe(false);
  });

  it('is for staff only', async () => {
    expect((await t.call('GET', '/api/users/directory', { cookie: await t.login('firm') })).statusCode).toBe(403);
    expect((await t.call('GET', '/api/users/directory', { cookie: await t.login('expert') })).statusCode).toBe(403);
  });
});

describe.each(DIALECTS)('password reset by an admin (%s)', (dialect) => {
  let t: TestApp;
  let secretary: string;
  type U = { id: number; username: string; version: number; grants: { role: string }[] };
  const find = async (username: string, cookie = secretary) =>
    (json(await t.call('GET', `/api/users?q=${username}&pageSize=50`, { cookie })).items as U[]).find((u) => u.username === username)!;
  const reset = (u: Pick<U, 'id' | 'version'>, cookie = secretary) => t.call('POST', `/api/users/${u.id}/password-reset`, { cookie, body: { version: u.version } });

  beforeAll(async () => {
    t = await createTestApp(dialect, { scale: 0.1 });
    secretary = await t.login('secretary');
  });
  afterAll(async () => t?.close());

  it("names a firm role's enterprise", async () => {
    const firm = (json(await t.call('GET', '/api/users?q=firm&pageSize=50', { cookie: secretary })).items as { username: string; grants: { role: string; enterpriseId: number | null; enterpriseName: string | null }[] }[]).find((u) => u.username === 'firm')!;
    const grant = firm.grants.find((g) => g.enterpriseId !== null)!;
    const enterprise = json(await t.call('GET', `/api/enterprises/${grant.enterpriseId}`, { cookie: secretary })) as { name: string };
    expect(grant.enterpriseName).toBe(enterprise.name);
    expect(grant.enterpriseName).not.toBe('');
  });

  it('gives a random strong password, shown once, that signs in; the old one and old sessions stop working', async () => {
    const staffCookie = await t.login('staff');
    // The firm's account: reset by the firm's own admin.
    const firm = await t.login('firm');
    const staff = await find('staff');
    const res = await reset(staff, firm);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = json(res) as { user: U; temporaryPassword: string };
    expect(body.temporaryPassword).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(body.temporaryPassword).toMatch(/\d/);
    expect(body.temporaryPassword).toMatch(/[A-Za-z]/);
    expect(body.user.version).toBe(staff.version + 1);

    expect((await t.call('GET', '/api/session', { cookie: staffCookie })).statusCode).toBe(401);
    expect((await t.call('POST', '/api/session', { body: { username: 'staff', password: t.seed.password } })).statusCode).toBe(401);
    await t.login('staff', body.temporaryPassword);

    // The audit row names the account, never the password.
    const audit = json(await t.call('GET', `/api/audit?targetType=user&targetId=${staff.id}`, { cookie: secretary })).items as { action: string; detail: unknown }[];
    expect(audit.map((a) => a.action)).toContain('user.password_reset');
    expect(JSON.stringify(audit)).not.toContain(body.temporaryPassword);
    // Two resets give two different passwords.
    const again = json(await reset(body.user, firm)) as { temporaryPassword: string };
    expect(again.temporaryPassword).not.toBe(body.temporaryPassword);
  });

  it('names the version: a stale one is a conflict and changes nothing', async () => {
    const tech = await find('tech');
    const res = await reset({ id: tech.id, version: tech.version + 5 });
    expect(res.statusCode).toBe(409);
    expect(json(res).code).toBe('version_conflict');
    await t.login('tech');
  });

  it('a secretary may not reset their own password this way, nor another secretary’s, nor of anyone who also works in another alliance', async () => {
    const self = await find('secretary');
    const selfRes = await reset(self);
    expect(selfRes.statusCode).toBe(400);
    expect(json(selfRes).errors[0]).toMatchObject({ path: 'id', code: 'cannot_reset_self' });

    // A second secretary of the same alliance (only a platform admin can make one).
    const admin = await t.login('admin');
    const created = await t.call('POST', '/api/users', { cookie: admin, headers: idem(), body: { username: 'co-secretary', displayName: '副书记', password: 'Cosecretary2026', grants: [{ role: 'secretary' }] } });
    expect(created.statusCode).toBe(201);
    expect((await reset(await find('co-secretary'))).statusCode).toBe(403);
    expect((await reset(await find('co-secretary'), admin)).statusCode).toBe(200);

    const fishery = await t.login('secretary-fishery');
    const fisheryStaff = await find('policy-fishery', fishery);
    expect((await reset(fisheryStaff)).statusCode).toBe(404);

    // A commissioner of this alliance who also works in another one is out of a secretary's reach…
    const commissioner = await find('commissioner');
    const fisheryId = (json(await t.call('GET', '/api/alliances', { cookie: admin })).items as { id: number; name: string }[]).find((a) => a.id !== 1)!.id;
    await t.handle.db.insertInto('user_roles').values({ user_id: commissioner.id, role: 'commissioner', alliance_id: fisheryId, working_group: null, enterprise_id: null }).execute();
    const refused = await reset(commissioner);
    expect(refused.statusCode).toBe(403);
    expect(json(refused).code).toBe('forbidden');
    // …but not of a platform admin's.
    const byAdmin = await reset(await find('commissioner'), admin);
    expect(byAdmin.statusCode).toBe(200);
  });

  it('is for those who manage people only; a firm\'s accounts are not the secretary\'s', async () => {
    const staff = await find('staff');
    for (const who of ['tech', 'expert']) expect((await reset(staff, await t.login(who))).statusCode).toBe(403);
    expect(json(await reset(staff)).code).toBe('forbidden');
  });
});
