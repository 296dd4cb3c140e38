/**
 * Daily resumption reports: filing, editing with a version and history, the date window, who
 * may file for whom — and the alliance views (latest, missing, trend) checked against numbers
 * worked out by hand on a small alliance built through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../domain/workdays';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { enterpriseBody, expectProblem, idem, json } from '../../test/helpers';

const DAY = 86_400_000;

describe.each(DIALECTS)('reports (%s)', (dialect) => {
  let t: TestApp;
  let firm: string;
  let staff: string;
  let commissioner: string;
  let today: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    // The demo city has reports up to TEST_NOW's date; work on the next day, which has none yet.
    t.clock.advance(DAY);
    today = '2026-11-26';
    firm = await t.login('firm');
    staff = await t.login('staff');
    commissioner = await t.login('commissioner');
  });
  afterAll(async () => {
    await t?.close();
  });

  const report = (over: Record<string, unknown> = {}) => ({
    reportDate: today,
    outputPct: 60,
    capacityPct: 80,
    staffOnDuty: 40,
    staffTotal: 50,
    stage: 'partial',
    blockers: [{ category: 'raw_material', note: '铝锭库存不足三天' }],
    materialCoverDays: 2.5,
    preventionCoverDays: null,
    ...over,
  });
  const submit = (id: number, body: unknown, cookie: string, headers: Record<string, string> = idem()) => t.call('POST', `/api/enterprises/${id}/reports`, { cookie, body, headers });
  const countReports = async (enterpriseId: number) =>
    Number((await t.handle.db.selectFrom('resumption_reports').select((eb) => eb.fn.countAll().as('n')).where('enterprise_id', '=', enterpriseId).executeTakeFirstOrThrow()).n);

  describe('a report copied unchanged from the day before', () => {
    type Listed = { id: number; reportDate: string; copiedFromPrevious: boolean } & Record<string, unknown>;
    const fieldsOf = (r: Record<string, unknown>) => ({
      reportDate: today, outputPct: r.outputPct, capacityPct: r.capacityPct, staffOnDuty: r.staffOnDuty, staffTotal: r.staffTotal,
      stage: r.stage, blockers: r.blockers, materialCoverDays: r.materialCoverDays, preventionCoverDays: r.preventionCoverDays,
    });

    it('is flagged to the commissioner in the caseload and the report list; a changed one is not', async () => {
      const latest = (await json(await t.call('GET', '/api/reports/latest?mine=true&pageSize=100', { cookie: commissioner }))).items as { enterpriseId: number; reportedToday: boolean; report: { reportDate: string } | null; copiedFromPrevious: boolean }[];
      const yesterday = '2026-11-25';
      const open = latest.filter((r) => !r.reportedToday && r.report?.reportDate === yesterday).map((r) => r.enterpriseId);
      expect(open.length).toBeGreaterThanOrEqual(2);
      const [copier, changer] = open.slice(-2);
      const prev = async (id: number) => (json(await t.call('GET', `/api/enterprises/${id}/reports?from=${yesterday}&to=${yesterday}`, { cookie: commissioner })).items as Listed[])[0];
      expect((await submit(copier, fieldsOf(await prev(copier)), commissioner)).statusCode).toBe(201);
      const changed = await prev(changer);
      expect((await submit(changer, { ...fieldsOf(changed), staffOnDuty: Math.max(0, (changed.staffOnDuty as number) - 1) }, commissioner)).statusCode).toBe(201);

      const after = (json(await t.call('GET', '/api/reports/latest?mine=true&pageSize=100', { cookie: commissioner })).items as typeof latest);
      expect(after.find((r) => r.enterpriseId === copier)).toMatchObject({ reportedToday: true, copiedFromPrevious: true });
      expect(after.find((r) => r.enterpriseId === changer)).toMatchObject({ reportedToday: true, copiedFromPrevious: false });
      const list = json(await t.call('GET', `/api/enterprises/${copier}/reports?from=${yesterday}&to=${today}`, { cookie: commissioner })).items as Listed[];
      expect(list.find((r) => r.reportDate === today)!.copiedFromPrevious).toBe(true);
    });
  });

  describe('filing and editing', () => {
    let firmId: number;
    let firmUserId: number;

    beforeAll(async () => {
      const s = json(await t.call('GET', '/api/session', { cookie: firm }));
      firmId = s.enterpriseIds[0];
      firmUserId = s.user.id;
    });

    it('the firm files today’s report: 201', async () => {
      const res = await submit(firmId, report(), firm);
      expect(res.statusCode, res.body).toBe(201);
      expect(json(res)).toMatchObject({ enterpriseId: firmId, reportDate: today, outputPct: 60, capacityPct: 80, staffOnDuty: 40, staffTotal: 50, stage: 'partial', materialCoverDays: 2.5, preventionCoverDays: null, submittedBy: firmUserId, version: 1 });
      expect(json(res).blockers).toEqual([{ category: 'raw_material', note: '铝锭库存不足三天' }]);
      const e = json(await t.call('GET', `/api/enterprises/${firmId}`, { cookie: firm }));
      expect(e.latest).toMatchObject({ reportDate: today, stage: 'partial', outputPct: 60, blockers: ['raw_material'] });
    });

    it('a second filing that day without a version: 409, unchanged', async () => {
      const doc = expectProblem(await submit(firmId, report({ outputPct: 70 }), firm), 409, 'version_conflict');
      expect(doc.detail).toContain('1');
      const h = json(await t.call('GET', `/api/enterprises/${firmId}/reports/${today}`, { cookie: firm }));
      expect(h.current.outputPct).toBe(60);
      expect(h.revisions).toEqual([]);
    });

    it('with the version: 200, version 2, and the history keeps version 1', async () => {
      const res = await submit(firmId, report({ outputPct: 75, stage: 'partial', blockers: [], version: 1 }), staff);
      expect(res.statusCode, res.body).toBe(200);
      expect(json(res)).toMatchObject({ outputPct: 75, version: 2, blockers: [] });
      const h = json(await t.call('GET', `/api/enterprises/${firmId}/reports/${today}`, { cookie: firm }));
      expect(h.current).toMatchObject({ outputPct: 75, version: 2 });
      expect(h.revisions).toHaveLength(1);
      expect(h.revisions[0]).toMatchObject({ version: 1, changedBy: firmUserId });
      expect(h.revisions[0].snapshot).toMatchObject({ reportDate: today, outputPct: 60, capacityPct: 80, stage: 'partial', materialCoverDays: 2.5 });
      expect(h.revisions[0].snapshot.blockers).toEqual([{ category: 'raw_material', note: '铝锭库存不足三天' }]);
      // A stale version now conflicts.
      expectProblem(await submit(firmId, report({ version: 1 }), firm), 409, 'version_conflict');
      expect(await countReports(firmId)).toBeGreaterThan(0);
      const rows = await t.handle.db.selectFrom('resumption_reports').selectAll().where('enterprise_id', '=', firmId).where('report_date', '=', today).execute();
      expect(rows).toHaveLength(1);
    });

    it('the same Idempotency-Key replays the answer instead of filing twice', async () => {
      const key = idem();
      const date = addDays(today, -6);
      const first = await submit(firmId, report({ reportDate: date }), firm, key);
      const again = await submit(firmId, report({ reportDate: date }), firm, key);
      expect(first.statusCode).toBe(201);
      expect(again.statusCode).toBe(201);
      expect(json(again)).toEqual(json(first));
      expectProblem(await submit(firmId, report({ reportDate: date, outputPct: 1 }), firm, key), 422, 'idempotency_key_reused');
    });

    it('staff on duty above total staff: 400 at staffOnDuty', async () => {
      const doc = expectProblem(await submit(firmId, report({ reportDate: addDays(today, -1), staffOnDuty: 51, staffTotal: 50, version: 1 }), firm), 400, 'validation_failed');
      expect(doc.errors).toEqual([expect.objectContaining({ path: 'staffOnDuty', code: 'staff_exceeds_total', message: '在岗人数不能超过职工总数。' })]);
    });

    it('a future date: 400 report_date_future', async () => {
      const doc = expectProblem(await submit(firmId, report({ reportDate: addDays(today, 1) }), firm), 400, 'validation_failed');
      expect(doc.errors).toEqual([expect.objectContaining({ path: 'reportDate', code: 'report_date_future' })]);
    });

    it('older than 7 days: 400 report_date_too_old; exactly 7 days back is allowed', async () => {
      const before = await countReports(firmId);
      const doc = expectProblem(await submit(firmId, report({ reportDate: addDays(today, -8) }), firm, { ...idem(), 'accept-language': 'en-US' }), 400, 'validation_failed');
      expect(doc.errors).toEqual([expect.objectContaining({ path: 'reportDate', code: 'report_date_too_old', message: 'Reports can only be filed or edited for the last 7 days.' })]);
      expect(await countReports(firmId)).toBe(before);
      expect((await submit(firmId, report({ reportDate: addDays(today, -7) }), firm)).statusCode).toBe(201);
    });

    it('invalid calendar dates and repeated blocker categories are refused', async () => {
      expectProblem(await submit(firmId, report({ reportDate: '2026-02-30' }), firm), 400, 'validation_failed');
      const doc = expectProblem(await submit(firmId, report({ reportDate: addDays(today, -2), version: 1, blockers: [{ category: 'labour' }, { category: 'labour' }] }), firm), 400);
      expect(doc.errors?.map((e) => e.code)).toEqual(['duplicate_blocker']);
    });

    it('a commissioner files for a caseload firm (201) but not for another member (403)', async () => {
      const s = json(await t.call('GET', '/api/session', { cookie: commissioner }));
      const caseloadFirm = s.caseload.find((id: number) => id !== firmId);
      const members = json(await t.call('GET', '/api/enterprises?pageSize=200', { cookie: commissioner })).items.map((e: { id: number }) => e.id);
      const outside = members.find((id: number) => !s.caseload.includes(id));
      expect(outside).toBeDefined();
      const res = await submit(caseloadFirm, report(), commissioner);
      expect(res.statusCode, res.body).toBe(201);
      expect(json(res).submittedBy).toBe(s.user.id);
      const before = await countReports(outside);
      expectProblem(await submit(outside, report(), commissioner), 403, 'forbidden');
      expect(await countReports(outside)).toBe(before);
      // Reading it is fine: staff see every member.
      expect((await t.call('GET', `/api/enterprises/${outside}/reports`, { cookie: commissioner })).statusCode).toBe(200);
    });

    it('an enterprise files only for itself (another member is 404)', async () => {
      const other = firmId + 1;
      const before = await countReports(other);
      expectProblem(await submit(other, report(), staff), 404, 'not_found');
      expect(await countReports(other)).toBe(before);
    });

    it('lists a firm’s reports over a date range, oldest first', async () => {
      const all = json(await t.call('GET', `/api/enterprises/${firmId}/reports`, { cookie: firm })).items;
      const dates = all.map((r: { reportDate: string }) => r.reportDate);
      expect(dates).toEqual([...dates].sort());
      expect(dates).toContain(today);
      expect(dates).toContain(addDays(today, -7));
      const window = json(await t.call('GET', `/api/enterprises/${firmId}/reports?from=${addDays(today, -1)}&to=${today}`, { cookie: firm })).items;
      expect(window.every((r: { reportDate: string }) => r.reportDate >= addDays(today, -1))).toBe(true);
      expectProblem(await t.call('GET', `/api/enterprises/${firmId}/reports?from=${today}&to=${addDays(today, -1)}`, { cookie: firm }), 400, 'validation_failed');
    });
  });

  describe('alliance views on a hand-checked alliance', () => {
    let admin: string;
    let statCommissioner: string;
    const ids = {} as Record<'A' | 'B' | 'C' | 'D', number>;
    let yesterday: string;
    let allianceId: number;

    beforeAll(async () => {
      yesterday = addDays(today, -1);
      admin = await t.login('admin');
      const alliance = await t.call('POST', '/api/alliances', { cookie: admin, body: { name: '统计核对联盟', chain: '核对链', industry: 'C', districtCode: '330324' }, headers: idem() });
      expect(alliance.statusCode, alliance.body).toBe(201);
      allianceId = json(alliance).id;
      expect((await t.call('PUT', '/api/session/alliance', { cookie: admin, body: { allianceId } })).statusCode).toBe(200);

      const heads = { A: 100, B: 300, C: 50, D: 10 };
      for (const [k, headcount] of Object.entries(heads) as ['A' | 'B' | 'C' | 'D', number][]) {
        const res = await t.call('POST', '/api/enterprises', { cookie: admin, body: enterpriseBody(700_000 + headcount, { name: `${k}_核对企业`, headcount }), headers: idem() });
        expect(res.statusCode, res.body).toBe(201);
        ids[k] = json(res).id;
      }
      const user = await t.call('POST', '/api/users', {
        cookie: admin,
        body: { username: 'stat-commissioner', displayName: '核对专员', password: 'Statistik2026', grants: [{ role: 'commissioner' }] },
        headers: idem(),
      });
      expect(user.statusCode, user.body).toBe(201);
      for (const id of Object.values(ids)) {
        const res = await t.call('PUT', `/api/enterprises/${id}/commissioner`, { cookie: admin, body: { userId: json(user).id, version: 1 } });
        expect(res.statusCode, res.body).toBe(200);
      }
      statCommissioner = await t.login('stat-commissioner', 'Statistik2026');

      const file = async (k: 'A' | 'B' | 'C', date: string, r: Record<string, unknown>) => {
        const res = await submit(ids[k], { reportDate: date, materialCoverDays: null, preventionCoverDays: null, ...r }, statCommissioner);
        expect(res.statusCode, res.body).toBe(201);
      };
      const b = (...cats: string[]) => cats.map((category) => ({ category }));
      // Yesterday: A and B report.
      await file('A', yesterday, { stage: 'partial', outputPct: 50, capacityPct: 70, staffOnDuty: 60, staffTotal: 100, blockers: b('labour') });
      await file('B', yesterday, { stage: 'stopped', outputPct: 0, capacityPct: 20, staffOnDuty: 30, staffTotal: 300, blockers: b('raw_material') });
      // Today: A, B and C report; D never does. C's staff total differs from its headcount on purpose.
      await file('A', today, { stage: 'full', outputPct: 100, capacityPct: 100, staffOnDuty: 90, staffTotal: 100, blockers: [] });
      await file('B', today, { stage: 'partial', outputPct: 40, capacityPct: 60, staffOnDuty: 150, staffTotal: 300, staffAway: 120, staffBorrowedIn: 12, blockers: b('raw_material', 'logistics') });
      await file('C', today, { stage: 'stopped', outputPct: 0, capacityPct: 10, staffOnDuty: 5, staffTotal: 40, staffAway: 30, staffLentOut: 5, blockers: b('labour', 'raw_material') });
    });

    const zeroBlockers = { raw_material: 0, logistics: 0, labour: 0, equipment: 0, funds: 0, orders: 0, prevention_supplies: 0, policy: 0 };

    it('the commissioner’s session is the new alliance with all four firms in the caseload', async () => {
      const s = json(await t.call('GET', '/api/session', { cookie: statCommissioner }));
      expect(s.allianceId).toBe(allianceId);
      expect([...s.caseload].sort((x: number, y: number) => x - y)).toEqual(Object.values(ids).sort((x, y) => x - y));
    });

    it('trend: resumption rate, headcount-weighted output and capacity, staff rate, stages, blockers', async () => {
      const res = await t.call('GET', `/api/reports/trend?days=3&to=${today}`, { cookie: admin });
      expect(res.statusCode, res.body).toBe(200);
      const [before, y, tt] = json(res).points;
      expect(before).toEqual({
        date: addDays(today, -2), members: 4, reported: 0, unknown: 4, resumptionRate: 0, reportingRate: 0,
        outputPct: 0, capacityPct: 0, staffOnDutyRate: 0, staffAway: 0, staffLentOut: 0, staffBorrowedIn: 0, stages: { stopped: 0, partial: 0, full: 0 }, blockers: zeroBlockers,
      });

      expect(y.date).toBe(yesterday);
      expect(y).toMatchObject({ members: 4, reported: 2, unknown: 2, stages: { stopped: 1, partial: 1, full: 0 } });
      // 复工率 is over every member: one resumed (A) of four, the two that did not report are unknown, not "not resumed" nor left out.
      expect(y.resumptionRate).toBeCloseTo(1 / 4, 10);
      expect(y.reportingRate).toBeCloseTo(2 / 4, 10);
      expect(y.outputPct).toBeCloseTo((100 * 50 + 300 * 0) / 400, 10); // 12.5
      expect(y.capacityPct).toBeCloseTo((100 * 70 + 300 * 20) / 400, 10); // 32.5
      expect(y.staffOnDutyRate).toBeCloseTo((60 + 30) / (100 + 300), 10);
      expect(y.blockers).toEqual({ ...zeroBlockers, labour: 1, raw_material: 1 });

      expect(tt.date).toBe(today);
      expect(tt).toMatchObject({ members: 4, reported: 3, unknown: 1, stages: { stopped: 1, partial: 1, full: 1 } });
      // A and B resumed of four members (D never reported): 2/4, not 2/3 of the reporters.
      expect(tt.resumptionRate).toBeCloseTo(2 / 4, 10);
      expect(tt.reportingRate).toBeCloseTo(3 / 4, 10);
      // The three parts always add up to every member.
      expect(tt.stages.partial + tt.stages.full + tt.stages.stopped + tt.unknown).toBe(tt.members);
      expect(tt.outputPct).toBeCloseTo((100 * 100 + 300 * 40 + 50 * 0) / 450, 10); // 48.89, weighted by headcount
      expect(tt.capacityPct).toBeCloseTo((100 * 100 + 300 * 60 + 50 * 10) / 450, 10); // 63.33
      expect(tt.staffOnDutyRate).toBeCloseTo((90 + 150 + 5) / (100 + 300 + 40), 10);
      expect(tt.blockers).toEqual({ ...zeroBlockers, raw_material: 2, logistics: 1, labour: 1 });
      // Shared employees: staff still away, lent out and borrowed in, summed over the reporters.
      expect(tt).toMatchObject({ staffAway: 150, staffLentOut: 5, staffBorrowedIn: 12 });
      expect(y).toMatchObject({ staffAway: 0, staffLentOut: 0, staffBorrowedIn: 0 });

      // The commissioner's own view (mine=true) is the same alliance-wide here; the default range ends today.
      const mine = json(await t.call('GET', '/api/reports/trend?days=1&mine=true', { cookie: statCommissioner })).points;
      expect(mine).toHaveLength(1);
      expect(mine[0]).toEqual(tt);
    });

    it('latest: every member with its latest report, filters by stage, blocker and name', async () => {
      const latest = async (q = '') => {
        const res = await t.call('GET', `/api/reports/latest?pageSize=50${q}`, { cookie: admin });
        expect(res.statusCode, res.body).toBe(200);
        return json(res);
      };
      const all = await latest();
      expect(all.total).toBe(4);
      expect(all.items.map((i: { enterpriseId: number }) => i.enterpriseId)).toEqual([ids.A, ids.B, ids.C, ids.D]);
      expect(all.items.map((i: { reportedToday: boolean }) => i.reportedToday)).toEqual([true, true, true, false]);
      expect(all.items[3]).toMatchObject({ name: 'D_核对企业', headcount: 10, commissioner: '核对专员', report: null });
      expect(all.items[1].report).toMatchObject({ reportDate: today, stage: 'partial', outputPct: 40, staffOnDuty: 150, staffTotal: 300, version: 1 });
      expect(all.items[1].report.blockers.map((x: { category: string }) => x.category)).toEqual(['raw_material', 'logistics']);

      const names = (page: { items: { name: string }[] }) => page.items.map((i) => i.name[0]);
      expect(names(await latest('&stage=partial'))).toEqual(['B']);
      expect(names(await latest('&stage=full'))).toEqual(['A']);
      expect(names(await latest('&stage=none'))).toEqual(['D']);
      expect(names(await latest('&blocker=raw_material'))).toEqual(['B', 'C']);
      expect(names(await latest('&blocker=funds'))).toEqual([]);
      expect(names(await latest(`&q=${encodeURIComponent('C_核')}`))).toEqual(['C']);
      // % and _ in the search are literal characters, not wildcards.
      expect(names(await latest(`&q=${encodeURIComponent('_核对')}`))).toEqual(['A', 'B', 'C', 'D']);
      expect(names(await latest(`&q=${encodeURIComponent('%')}`))).toEqual([]);

      // As of yesterday: C had not reported yet, B was stopped.
      const asOf = await latest(`&date=${yesterday}`);
      expect(asOf.items.map((i: { report: { stage: string } | null }) => i.report?.stage ?? null)).toEqual(['partial', 'stopped', null, null]);
      expect(asOf.items.map((i: { reportedToday: boolean }) => i.reportedToday)).toEqual([true, true, false, false]);
      // Paging.
      const p2 = json(await t.call('GET', '/api/reports/latest?page=2&pageSize=3', { cookie: admin }));
      expect(p2.total).toBe(4);
      expect(p2.items.map((i: { enterpriseId: number }) => i.enterpriseId)).toEqual([ids.D]);
    });

    it('missing: who has not reported on a day, with their last report date', async () => {
      const today_ = json(await t.call('GET', '/api/reports/missing', { cookie: admin }));
      expect(today_.total).toBe(1);
      expect(today_.items).toEqual([{ enterpriseId: ids.D, name: 'D_核对企业', commissioner: '核对专员', lastReportDate: null }]);
      const y = json(await t.call('GET', `/api/reports/missing?date=${yesterday}`, { cookie: statCommissioner }));
      expect(y.items.map((i: { enterpriseId: number }) => i.enterpriseId)).toEqual([ids.C, ids.D]);
      // Tomorrow-as-asked: everyone is missing, and the last report dates show.
      const ahead = json(await t.call('GET', `/api/reports/missing?date=${addDays(today, 1)}`, { cookie: admin }));
      expect(ahead.items.map((i: { lastReportDate: string | null }) => i.lastReportDate)).toEqual([today, today, today, null]);
    });

    it('other alliances see none of it', async () => {
      const leather = await t.login('secretary');
      const page = json(await t.call('GET', '/api/reports/latest?pageSize=200', { cookie: leather }));
      expect(page.items.map((i: { enterpriseId: number }) => i.enterpriseId)).not.toContain(ids.A);
      expectProblem(await t.call('GET', `/api/enterprises/${ids.A}/reports`, { cookie: leather }), 404, 'not_found');
      const trend = json(await t.call('GET', '/api/reports/trend?days=1', { cookie: leather })).points[0];
      expect(trend.members).toBeGreaterThan(4);
    });
  });
});
