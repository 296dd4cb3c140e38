/**
 * The city view against the database: every alliance's figures recomputed here in JavaScript
 * from the raw rows (membership, report visibility from the join, stages, headcount weights,
 * open and overdue problems, the latest analysis's breaks), the firms behind each figure, the
 * breakdowns, the export, the live stream, and who may see it.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../domain/workdays';
import { openSse } from '../notifications/sse-client.test-helper';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, json, XLSX_TYPE } from '../../test/helpers';
import { citySseSettings } from './city.sse';

const CLOCK = ['submitted', 'accepted', 'in_progress'];
const OPEN = [...CLOCK, 'pending'];

describe.each(DIALECTS)('city view (%s)', (dialect) => {
  let t: TestApp;
  let admin: string;
  let date: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    date = json(await t.call('GET', '/api/city', { cookie: admin })).date;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Everything the figures are made of, straight from the tables. */
  async function raw(on: string) {
    const db = t.handle.db;
    const [alliances, members, firms, reports, tickets] = await Promise.all([
      db.selectFrom('alliances').select(['id', 'name']).execute(),
      db.selectFrom('alliance_members').select(['alliance_id', 'enterprise_id', 'reports_from']).execute(),
      db.selectFrom('enterprises').select(['id', 'headcount', 'district_code', 'industry']).execute(),
      db.selectFrom('resumption_reports').select(['enterprise_id', 'stage', 'output_pct', 'capacity_pct', 'staff_on_duty', 'staff_total', 'staff_away', 'staff_lent_out', 'staff_borrowed_in']).where('report_date', '=', on).execute(),
      db.selectFrom('tickets').select(['alliance_id', 'enterprise_id', 'status', 'resolve_due_at']).execute(),
    ]);
    return { alliances, members, firm: new Map(firms.map((f) => [f.id, f])), report: new Map(reports.map((r) => [r.enterprise_id, r])), tickets };
  }

  function expectedFigures(ids: number[], reportOf: (id: number) => { stage: string; output_pct: number; capacity_pct: number; staff_on_duty: number; staff_total: number; staff_away: number; staff_lent_out: number; staff_borrowed_in: number } | undefined, firm: Map<number, { headcount: number }>) {
    const rep = ids.map((id) => [id, reportOf(id)] as const).filter(([, r]) => r !== undefined) as [number, NonNullable<ReturnType<typeof reportOf>>][];
    const w = (id: number) => Math.max(1, firm.get(id)!.headcount);
    const W = rep.reduce((s, [id]) => s + w(id), 0);
    const resumed = rep.filter(([, r]) => r.stage !== 'stopped').length;
    const onDuty = rep.reduce((s, [, r]) => s + r.staff_on_duty, 0);
    const total = rep.reduce((s, [, r]) => s + r.staff_total, 0);
    return {
      members: ids.length,
      reported: rep.length,
      unknown: ids.length - rep.length,
      resumed,
      resumptionRate: ids.length ? resumed / ids.length : 0,
      reportingRate: ids.length ? rep.length / ids.length : 0,
      outputPct: W ? rep.reduce((s, [id, r]) => s + w(id) * Number(r.output_pct), 0) / W : 0,
      capacityPct: W ? rep.reduce((s, [id, r]) => s + w(id) * Number(r.capacity_pct), 0) / W : 0,
      staffOnDuty: onDuty,
      staffTotal: total,
      staffOnDutyRate: total ? onDuty / total : 0,
      staffAway: rep.reduce((s, [, r]) => s + r.staff_away, 0),
      staffLentOut: rep.reduce((s, [, r]) => s + r.staff_lent_out, 0),
      staffBorrowedIn: rep.reduce((s, [, r]) => s + r.staff_borrowed_in, 0),
    };
  }

  async function allFirms(query: string): Promise<{ ids: number[]; total: number }> {
    const ids: number[] = [];
    let total = 0;
    for (let page = 1; ; page++) {
      const res = json(await t.call('GET', `/api/city/firms?${query}&page=${page}&pageSize=200`, { cookie: admin }));
      total = res.total;
      ids.push(...res.items.map((i: { id: number }) => i.id));
      if (res.items.length < 200) break;
    }
    return { ids, total };
  }

  it('shows every alliance side by side, each figure as the database says', async () => {
    const body = json(await t.call('GET', '/api/city', { cookie: admin }));
    const r = await raw(date);
    expect(body.alliances.map((a: { alliance: { id: number } }) => a.alliance.id).sort()).toEqual(r.alliances.map((a) => a.id).sort());
    expect(body.alliances.length).toBe(t.seed.alliances);
    const now = t.deps.clock.now().toISOString();
    for (const a of body.alliances) {
      const mine = r.members.filter((m) => m.alliance_id === a.alliance.id);
      const visible = new Map(mine.map((m) => [m.enterprise_id, m.reports_from]));
      const exp = expectedFigures(mine.map((m) => m.enterprise_id), (id) => (date >= visible.get(id)! ? r.report.get(id) : undefined), r.firm);
      for (const [k, v] of Object.entries(exp)) expect(a[k], `${a.alliance.name} ${k}`).toBeCloseTo(v, 9);
      const open = r.tickets.filter((x) => x.alliance_id === a.alliance.id && OPEN.includes(x.status));
      expect(a.openProblems).toBe(open.length);
      expect(a.overdueProblems).toBe(open.filter((x) => CLOCK.includes(x.status) && x.resolve_due_at <= now).length);
    }
    // The city counts each member firm once, with all its reports.
    const cityIds = [...new Set(r.members.map((m) => m.enterprise_id))];
    const exp = expectedFigures(cityIds, (id) => r.report.get(id), r.firm);
    for (const [k, v] of Object.entries(exp)) expect(body.city[k], `city ${k}`).toBeCloseTo(v, 9);
    expect(body.city.members).toBeGreaterThan(0);
    expect(body.city.reported).toBeGreaterThan(0);
    expect(body.city.unknown).toBe(body.city.members - body.city.reported);
  });

  it('drills down from every figure of an alliance to exactly the firms behind it', async () => {
    const body = json(await t.call('GET', '/api/city', { cookie: admin }));
    const r = await raw(date);
    const now = t.deps.clock.now().toISOString();
    const a = [...body.alliances].sort((x, y) => y.members - x.members)[0];
    const id = a.alliance.id;
    const mine = r.members.filter((m) => m.alliance_id === id);
    const seen = (m: (typeof mine)[number]) => (date >= m.reports_from ? r.report.get(m.enterprise_id) : undefined);
    const expected: Record<string, number[]> = {
      members: mine.map((m) => m.enterprise_id),
      reported: mine.filter((m) => seen(m)).map((m) => m.enterprise_id),
      unknown: mine.filter((m) => !seen(m)).map((m) => m.enterprise_id),
      resumed: mine.filter((m) => seen(m) && seen(m)!.stage !== 'stopped').map((m) => m.enterprise_id),
      stopped: mine.filter((m) => seen(m)?.stage === 'stopped').map((m) => m.enterprise_id),
      open_problems: [...new Set(r.tickets.filter((x) => x.alliance_id === id && x.enterprise_id !== null && OPEN.includes(x.status)).map((x) => x.enterprise_id!))],
      overdue_problems: [...new Set(r.tickets.filter((x) => x.alliance_id === id && x.enterprise_id !== null && CLOCK.includes(x.status) && x.resolve_due_at <= now).map((x) => x.enterprise_id!))],
    };
    for (const [figure, ids] of Object.entries(expected)) {
      const got = await allFirms(`figure=${figure}&allianceId=${id}&date=${date}`);
      expect(got.ids.sort((x, y) => x - y), figure).toEqual([...ids].sort((x, y) => x - y));
      expect(got.total, figure).toBe(ids.length);
    }
    expect(expected.reported.length).toBe(a.reported);
    expect(expected.resumed.length).toBe(a.resumed);
    expect(expected.unknown.length).toBe(a.unknown);
    // A district of the alliance narrows the list to its firms.
    const district = r.firm.get(expected.members[0]!)!.district_code;
    const got = await allFirms(`figure=members&allianceId=${id}&district=${district}`);
    expect(got.ids.sort((x, y) => x - y)).toEqual(expected.members.filter((e) => r.firm.get(e)!.district_code === district).sort((x, y) => x - y));
  });

  it('sorts the drill-down, firms without a report last', async () => {
    const res = json(await t.call('GET', '/api/city/firms?figure=members&sort=outputPct&order=desc&pageSize=200', { cookie: admin }));
    const outs = res.items.map((i: { report: { outputPct: number } | null }) => i.report?.outputPct ?? null);
    const firstNull = outs.indexOf(null);
    const withReport = (firstNull === -1 ? outs : outs.slice(0, firstNull)) as number[];
    expect(withReport).toEqual([...withReport].sort((x, y) => y - x));
    if (firstNull !== -1) expect(outs.slice(firstNull).every((o: unknown) => o === null)).toBe(true);
    const byName = json(await t.call('GET', '/api/city/firms?figure=members&sort=headcount&order=asc&pageSize=50', { cookie: admin })).items.map((i: { headcount: number }) => i.headcount);
    expect(byName).toEqual([...byName].sort((x, y) => x - y));
  });

  it('counts forecast breaks from each alliance’s latest finished analysis, and lists their firms', async () => {
    const body = json(await t.call('GET', '/api/city', { cookie: admin }));
    const a = body.alliances[0];
    const firms = (await t.handle.db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', a.alliance.id).orderBy('enterprise_id').limit(5).execute()).map((m) => m.enterprise_id);
    const result = { horizon: 14, firms: firms.map((id, k) => ({ id, breakDay: k < 3 ? k + 2 : null })) };
    const older = { horizon: 14, firms: firms.map((id) => ({ id, breakDay: 1 })) };
    const at = t.deps.clock.now().toISOString();
    const row = (id: string, res: unknown, finished: string) => ({
      id, alliance_id: a.alliance.id, requested_by: 1, kind: 'analysis', params_json: '{}', request_key: id, status: 'done', phase: 'done', process_id: 'test',
      created_at: at, heartbeat_at: at, finished_at: finished, result_gzip: null as Buffer | null, result_bytes: 1, _res: res,
    });
    for (const r of [row('00000000-0000-4000-8000-000000000001', older, '2026-11-20T00:00:00.000Z'), row('00000000-0000-4000-8000-000000000002', result, at)]) {
      const { _res, ...values } = r;
      await t.handle.db.insertInto('chain_analysis_jobs').values({ ...values, result_gzip: await promisify(gzip)(JSON.stringify(_res)) }).execute();
    }
    const after = json(await t.call('GET', '/api/city', { cookie: admin }));
    const mine = after.alliances.find((x: { alliance: { id: number } }) => x.alliance.id === a.alliance.id);
    expect(mine.chain).toMatchObject({ breaks: 3, horizon: 14 });
    expect(after.alliances.filter((x: { chain: unknown }) => x.chain === null).length).toBe(after.alliances.length - 1);
    expect(after.city.chainBreaks).toBe(3);
    const got = await allFirms(`figure=chain_breaks&allianceId=${a.alliance.id}`);
    expect(got.ids.sort((x, y) => x - y)).toEqual(firms.slice(0, 3));
  });

  it('breaks the city down by district and by industry, day by day', async () => {
    const from = addDays(date, -2);
    for (const by of ['district', 'industry'] as const) {
      const body = json(await t.call('GET', `/api/city/breakdown?by=${by}&from=${from}&to=${date}`, { cookie: admin }));
      expect(body.groups.length).toBeGreaterThan(0);
      const r0 = await raw(date);
      const cityIds = [...new Set(r0.members.map((m) => m.enterprise_id))];
      expect(body.groups.reduce((s: number, g: { members: number }) => s + g.members, 0)).toBe(cityIds.length);
      for (const day of [from, date]) {
        const r = await raw(day);
        for (const g of body.groups) {
          const ids = cityIds.filter((id) => (by === 'district' ? r.firm.get(id)!.district_code : r.firm.get(id)!.industry) === g.key);
          const exp = expectedFigures(ids, (id) => r.report.get(id), r.firm);
          const p = g.points.find((x: { date: string }) => x.date === day);
          expect(g.members).toBe(exp.members);
          for (const k of ['reported', 'resumed', 'resumptionRate', 'reportingRate', 'outputPct', 'staffOnDuty'] as const) expect(p[k], `${by} ${g.key} ${day} ${k}`).toBeCloseTo(exp[k], 9);
        }
      }
      expect(body.groups[0].points.length).toBe(3);
    }
    expectProblem(await t.call('GET', `/api/city/breakdown?by=district&from=${date}&to=${from}`, { cookie: admin }), 400, 'validation_failed');
    expectProblem(await t.call('GET', `/api/city/breakdown?by=district&from=${addDays(date, -200)}&to=${date}`, { cookie: admin }), 400, 'validation_failed');
  });

  it('exports the firms behind a figure as .xlsx', async () => {
    const list = json(await t.call('GET', '/api/city/firms?figure=reported&pageSize=200', { cookie: admin }));
    const res = await t.call('GET', '/api/city/firms/export?figure=reported', { cookie: admin });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX_TYPE);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('企业名称');
    expect(ws.rowCount - 1).toBe(list.total);
  });

  it('is the platform admin’s only: everyone else 403, anonymous 401, an unknown alliance 404', async () => {
    for (const login of ['secretary', 'commissioner', 'tech', 'firm', 'expert']) {
      const cookie = await t.login(login);
      for (const url of ['/api/city', '/api/city/breakdown?by=district', '/api/city/firms?figure=members', '/api/city/firms/export?figure=members', '/api/city/stream']) {
        expectProblem(await t.call('GET', url, { cookie }), 403, 'forbidden');
      }
    }
    expectProblem(await t.call('GET', '/api/city'), 401, 'unauthenticated');
    expectProblem(await t.call('GET', '/api/city/firms?figure=members&allianceId=999999', { cookie: admin }), 404, 'not_found');
  });

  it('shows the shared-employee figures of every alliance and the city, as the tables say', async () => {
    const db = t.handle.db;
    const at = t.deps.clock.now().toISOString();
    const before = json(await t.call('GET', '/api/city', { cookie: admin }));
    const alliances = (await db.selectFrom('alliances').select('id').orderBy('id').limit(2).execute()).map((a) => a.id);
    const members = await db.selectFrom('alliance_members').select(['alliance_id', 'enterprise_id']).where('alliance_id', 'in', alliances).orderBy('enterprise_id').execute();
    const firmsOf = (a: number) => members.filter((m) => m.alliance_id === a).map((m) => m.enterprise_id);
    // Alliance 1: 3 placements (2 on site today, 1 proposed), a shortage of 5 with 2 accepted; alliance 2: 1 returned placement.
    const post = async (alliance: number, firm: number, kind: string, headcount: number) =>
      Number((await db.insertInto('workforce_postings').values({ alliance_id: alliance, enterprise_id: firm, kind, job_type: 'packer', headcount, start_date: addDays(date, -5), end_date: addDays(date, 5), district_code: '330100', status: 'open', created_by: null, created_at: at, updated_at: at, daily_wage_fen: kind === 'shortage' ? 20000 : null }).returning('id').executeTakeFirstOrThrow()).id);
    const [a1, a2] = alliances as [number, number];
    const [l1, b1] = firmsOf(a1) as [number, number];
    const [l2, b2] = firmsOf(a2) as [number, number];
    const surplus = await post(a1, l1, 'surplus', 4);
    const shortage = await post(a1, b1, 'shortage', 5);
    await db.insertInto('workforce_proposals').values({ alliance_id: a1, surplus_id: surplus, shortage_id: shortage, headcount: 3, status: 'accepted', lender_headcount: 2, borrower_headcount: 2, accepted_headcount: 2, reviewed_by: null, reviewed_at: null, created_at: at, updated_at: at }).execute();
    const place = async (alliance: number, lender: number, borrower: number, status: string, start = addDays(date, -3)) =>
      Number((await db.insertInto('workforce_placements').values({ alliance_id: alliance, proposal_id: null, surplus_id: null, shortage_id: null, lender_id: lender, borrower_id: borrower, worker_id: null, job_type: 'packer', status, start_date: start, end_date: addDays(date, 5), daily_wage_fen: 20000, worker_consent_at: null, end_reason: null, ended_at: null, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow()).id);
    const p1 = await place(a1, l1, b1, 'on_site');
    await place(a1, l1, b1, 'on_site');
    await place(a1, l1, b1, 'proposed');
    const p4 = await place(a2, l2, b2, 'returned');
    await db.insertInto('workforce_attendance').values([
      { placement_id: p1, work_date: addDays(date, -2), hours: 8, recorded_by: null, recorded_at: at },
      { placement_id: p1, work_date: addDays(date, -1), hours: 0, recorded_by: null, recorded_at: at },
      { placement_id: p4, work_date: addDays(date, -2), hours: 8, recorded_by: null, recorded_at: at },
    ]).execute();
    const body = json(await t.call('GET', '/api/city', { cookie: admin }));
    // Recomputed from the raw rows.
    const [pls, shortages, props, att, firms] = await Promise.all([
      db.selectFrom('workforce_placements').selectAll().execute(),
      db.selectFrom('workforce_postings').selectAll().where('kind', '=', 'shortage').where('status', '=', 'open').execute(),
      db.selectFrom('workforce_proposals').selectAll().where('status', 'in', ['accepted', 'approved']).execute(),
      db.selectFrom('workforce_attendance').selectAll().where('hours', '>', 0).execute(),
      db.selectFrom('enterprises').select(['id', 'industry']).execute(),
    ]);
    const industry = new Map(firms.map((f) => [f.id, f.industry || '—']));
    const expected = (alliance: number | null) => {
      const mine = pls.filter((p) => alliance === null || p.alliance_id === alliance);
      const chains = new Map<string, number>();
      for (const p of mine) chains.set(industry.get(p.borrower_id)!, (chains.get(industry.get(p.borrower_id)!) ?? 0) + 1);
      const open = shortages.filter((s) => alliance === null || s.alliance_id === alliance)
        .reduce((sum, s) => sum + Math.max(0, s.headcount - props.filter((x) => x.shortage_id === s.id).reduce((h, x) => h + (x.status === 'accepted' ? x.accepted_headcount ?? 0 : x.headcount), 0)), 0);
      const ids = new Set(mine.map((p) => p.id));
      return {
        workersLentToday: mine.filter((p) => p.status === 'on_site' && p.start_date <= date && p.end_date >= date).length,
        placementsByChain: [...chains].map(([chain, placements]) => ({ chain, placements })).sort((x, y) => y.placements - x.placements || x.chain.localeCompare(y.chain)),
        demand: { filled: mine.length, open },
        daysWorked: att.filter((a) => ids.has(a.placement_id)).length,
        firmsHelped: new Set(mine.filter((p) => p.status !== 'proposed').map((p) => p.borrower_id)).size,
      };
    };
    for (const a of body.alliances) expect(a.workforce, `alliance ${a.alliance.id}`).toEqual(expected(a.alliance.id));
    expect(body.city.workforce).toEqual(expected(null));
    const was = before.alliances.find((a: { alliance: { id: number } }) => a.alliance.id === a1).workforce;
    const one = body.alliances.find((a: { alliance: { id: number } }) => a.alliance.id === a1).workforce;
    expect(one.workersLentToday - was.workersLentToday).toBe(2);
    expect(one.demand.filled - was.demand.filled).toBe(3);
    expect(one.demand.open - was.demand.open).toBe(3);
    expect(one.daysWorked - was.daysWorked).toBe(1);
    expect(body.city.workforce.workersLentToday - before.city.workforce.workersLentToday).toBe(2);
    expect(body.city.workforce.daysWorked - before.city.workforce.daysWorked).toBe(2);
    // The alliance reads the same figures of its own.
    const sec = await t.login('secretary');
    const own = json(await t.call('GET', '/api/workforce/figures', { cookie: sec }));
    const { allianceId } = json(await t.call('GET', '/api/session', { cookie: sec }));
    expect(own).toEqual({ date, ...expected(allianceId) });
  });

  it('pushes `changed` over the stream when a report or a problem changes', async () => {
    const saved = { ...citySseSettings };
    citySseSettings.pollMs = 50;
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const address = t.app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const sse = await openSse(port, '/api/city/stream', { cookie: admin });
      expect(sse.status).toBe(200);
      await sse.waitFor((f) => f.event === 'changed', 5000);
      await new Promise((r) => setTimeout(r, 200));
      const before = sse.frames.filter((f) => f.event === 'changed').length;
      expect(before).toBe(1);
      await t.handle.db.updateTable('tickets').set({ updated_at: '2099-01-01T00:00:00.000Z' }).where('id', '=', (await t.handle.db.selectFrom('tickets').select('id').executeTakeFirstOrThrow()).id).execute();
      await sse.waitFor((f) => f.event === 'changed' && sse.frames.filter((x) => x.event === 'changed').length > before, 5000);
      sse.close();
    } finally {
      Object.assign(citySseSettings, saved);
    }
  });

  it('ends the stream at once when its session signs out (not at the next keep-alive)', async () => {
    const saved = { ...citySseSettings };
    citySseSettings.keepAliveMs = 60_000;
    try {
      if (!t.app.server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
      const address = t.app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const signIn = await t.call('POST', '/api/session', { body: { username: 'admin', password: t.seed.password } });
      expect(signIn.statusCode, signIn.body).toBe(200);
      const cookie = `fugong_sid=${signIn.cookies.find((c) => c.name === 'fugong_sid')!.value}`;
      const [mine, other] = [await openSse(port, '/api/city/stream', { cookie }), await openSse(port, '/api/city/stream', { cookie: admin })];
      await mine.waitFor((f) => f.event === 'changed', 5000);
      await other.waitFor((f) => f.event === 'changed', 5000);
      expect((await t.call('DELETE', '/api/session', { cookie })).statusCode).toBe(200);
      await mine.waitFor((f) => f.event === 'session_ended', 5000);
      await mine.ended;
      // The person's other session keeps its stream.
      expect(other.frames.some((f) => f.event === 'session_ended')).toBe(false);
      other.close();
    } finally {
      Object.assign(citySseSettings, saved);
    }
  });
});
