/** The staff directory behind the web app's people pickers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { json } from '../../test/helpers';

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
