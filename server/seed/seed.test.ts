/**
 * The demo city: deterministic, valid, believable — and written only into an empty database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../core/auth/roles';
import { validateCreditCode } from '../domain/credit-code';
import { isDistrictCode } from '../domain/districts';
import { addDays } from '../domain/workdays';
import { DIALECTS, TEST_NOW, createTestApp, type TestApp } from '../test/harness';
import { enterpriseBody, idem, json } from '../test/helpers';
import { DEMO_PASSWORD, generateDemoCity, type DemoCity } from './demo-city';
import { DatabaseNotEmptyError, seedDemo } from './seed';

const OPTS = { scale: 1, seed: 2020, today: '2026-11-25', days: 14 };
const snapshot = (c: DemoCity) => ({ alliances: c.alliances, users: c.users, enterprises: c.enterprises, memberships: c.memberships, assignments: c.assignments, reports: [...c.reports()] });

describe('generateDemoCity (no database)', () => {
  const city = generateDemoCity(OPTS);
  const reports = [...city.reports()];

  it('is deterministic: the same options give the same city, down to report values', () => {
    expect(snapshot(generateDemoCity(OPTS))).toEqual(snapshot(city));
    // The report generator can be iterated again with the same result.
    expect([...city.reports()]).toEqual(reports);
  });

  it('another seed gives another city', () => {
    const other = generateDemoCity({ ...OPTS, seed: 2021 });
    expect(other.enterprises.map((e) => e.creditCode)).not.toEqual(city.enterprises.map((e) => e.creditCode));
    expect(other.enterprises.length).toBe(city.enterprises.length);
  });

  it('scales the member count', () => {
    const small = generateDemoCity({ ...OPTS, scale: 0.25 });
    expect(small.enterprises.length).toBeLessThan(city.enterprises.length / 3);
    expect(city.enterprises.length).toBe(215);
  });

  it('every credit code is valid, unique, and registered in the firm’s district', () => {
    const codes = city.enterprises.map((e) => e.creditCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const e of city.enterprises) {
      expect(validateCreditCode(e.creditCode), e.creditCode).toEqual({ ok: true, code: e.creditCode });
      expect(e.creditCode.slice(2, 8)).toBe(e.districtCode);
      expect(isDistrictCode(e.districtCode)).toBe(true);
      expect(e.headcount).toBeGreaterThan(0);
    }
  });

  it('every firm belongs to an alliance; caseloads are members of the commissioner’s alliance', () => {
    const members = new Set(city.memberships.map((m) => `${m.allianceId}:${m.enterpriseId}`));
    for (const e of city.enterprises) expect(city.memberships.some((m) => m.enterpriseId === e.id)).toBe(true);
    for (const a of city.assignments) expect(members.has(`${a.allianceId}:${a.enterpriseId}`)).toBe(true);
    expect(new Set(city.memberships.map((m) => `${m.allianceId}:${m.enterpriseId}`)).size).toBe(city.memberships.length);
  });

  it('has one demo login per role, holding only that role', () => {
    for (const role of ROLES) expect(city.users.some((u) => u.grants.length === 1 && u.grants[0]!.role === role), role).toBe(true);
    expect(new Set(city.users.map((u) => u.username)).size).toBe(city.users.length);
    const firm = city.users.find((u) => u.username === 'firm')!;
    expect(firm.grants[0]).toMatchObject({ role: 'enterprise_admin', enterpriseId: 1 });
  });

  it('reports are plausible', () => {
    const first = addDays(OPTS.today, -(OPTS.days - 1));
    const seen = new Set<string>();
    for (const r of reports) {
      expect(r.date >= first && r.date <= OPTS.today).toBe(true);
      expect(seen.has(`${r.enterpriseId}:${r.date}`)).toBe(false);
      seen.add(`${r.enterpriseId}:${r.date}`);
      expect(r.staffOnDuty).toBeLessThanOrEqual(r.staffTotal);
      expect(r.outputPct).toBeLessThanOrEqual(r.capacityPct);
      expect(r.stage).toBe(r.outputPct === 0 ? 'stopped' : r.outputPct >= 85 ? 'full' : 'partial');
      expect(new Set(r.blockers.map((b) => b.category)).size).toBe(r.blockers.length);
    }
    expect(Math.abs(reports.length - city.reportCount) / city.reportCount).toBeLessThan(0.05);
  });

  it('follows a recovery curve: output, resumption and staffing rise from the first day to the last', () => {
    const byDay = new Map<string, typeof reports>();
    for (const r of reports) byDay.set(r.date, [...(byDay.get(r.date) ?? []), r]);
    const days = [...byDay.keys()].sort();
    expect(days).toHaveLength(OPTS.days);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const at = (d: string) => byDay.get(d)!;
    const [firstDay, lastDay] = [at(days[0]!), at(days.at(-1)!)];
    expect(mean(lastDay.map((r) => r.outputPct))).toBeGreaterThan(mean(firstDay.map((r) => r.outputPct)) + 20);
    expect(mean(lastDay.map((r) => (r.stage === 'stopped' ? 0 : 1)))).toBeGreaterThan(mean(firstDay.map((r) => (r.stage === 'stopped' ? 0 : 1))));
    expect(mean(lastDay.map((r) => r.staffOnDuty / r.staffTotal))).toBeGreaterThan(mean(firstDay.map((r) => r.staffOnDuty / r.staffTotal)));
    // Not every firm reports every day: the missing list has something to show.
    expect(lastDay.length).toBeLessThan(city.enterprises.length);
  });
});

describe.each(DIALECTS)('seedDemo (%s)', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (table: 'users' | 'enterprises' | 'resumption_reports' | 'alliances' | 'alliance_members') =>
    Number((await t.handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('wrote what it generated', async () => {
    const city = generateDemoCity({ scale: 0.25, seed: 2020, today: '2026-11-25', days: 5 });
    expect(await count('alliances')).toBe(city.alliances.length);
    expect(await count('users')).toBe(city.users.length);
    expect(await count('enterprises')).toBe(city.enterprises.length);
    expect(await count('alliance_members')).toBe(city.memberships.length);
    expect(await count('resumption_reports')).toBe(t.seed.reports);
    expect(t.seed.reports).toBe([...city.reports()].length);
    const rows = await t.handle.db.selectFrom('enterprises').select(['id', 'credit_code']).orderBy('id').execute();
    expect(rows.map((r) => r.credit_code)).toEqual(city.enterprises.map((e) => e.creditCode));
    const audit = await t.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'seed.demo').execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses a database that is not empty, and changes nothing', async () => {
    const before = [await count('users'), await count('enterprises'), await count('resumption_reports')];
    await expect(seedDemo(t.deps, { scale: 0.25, days: 5 })).rejects.toBeInstanceOf(DatabaseNotEmptyError);
    expect([await count('users'), await count('enterprises'), await count('resumption_reports')]).toEqual(before);
  });

  it('every role has a working demo login with the demo password', async () => {
    expect(t.seed.password).toBe(DEMO_PASSWORD);
    for (const role of ROLES) {
      const user = t.seed.users.find((u) => u.grants.length === 1 && u.grants[0]!.role === role)!;
      const cookie = await t.login(user.username);
      const s = json(await t.call('GET', '/api/session', { cookie }));
      expect(s.roles, user.username).toEqual([role]);
    }
  });

  it('leaves id sequences past the seeded rows (new rows get fresh ids)', async () => {
    const secretary = await t.login('secretary');
    const e = await t.call('POST', '/api/enterprises', { cookie: secretary, body: enterpriseBody(990_001), headers: idem() });
    expect(e.statusCode, e.body).toBe(201);
    expect(json(e).id).toBe(t.seed.enterprises + 1);
    const admin = await t.login('admin');
    const a = await t.call('POST', '/api/alliances', { cookie: admin, body: { name: '序列测试联盟', chain: '链', industry: 'C', districtCode: '330324' }, headers: idem() });
    expect(a.statusCode, a.body).toBe(201);
    expect(json(a).id).toBe(t.seed.alliances + 1);
    const u = await t.call('POST', '/api/users', { cookie: secretary, body: { username: 'seq-user', displayName: '序列', password: 'Sequence2026', grants: [{ role: 'group_member', workingGroup: 'policy' }] }, headers: idem() });
    expect(u.statusCode, u.body).toBe(201);
    expect(json(u).id).toBe(t.seed.users.length + 1);
  });

  it('the stored reports show the recovery: the alliance trend rises over the seeded days', async () => {
    const secretary = await t.login('secretary');
    const points = json(await t.call('GET', '/api/reports/trend?days=5', { cookie: secretary })).points;
    expect(points.map((p: { date: string }) => p.date)).toEqual([4, 3, 2, 1, 0].map((k) => addDays(TEST_NOW.slice(0, 10), -k)));
    expect(points[4].outputPct).toBeGreaterThan(points[0].outputPct);
    expect(points.every((p: { reported: number }) => p.reported > 0)).toBe(true);
  });
});
