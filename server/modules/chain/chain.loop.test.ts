/**
 * The chain loop closed: the report's material days of cover reaching the engine, the cause
 * path ending at the root firm's own reason, and a forecast break turned into a problem filed
 * for the root firm (or attached to one it already has).
 *
 *   A: own capacity 0 (labour: 外省员工未返岗), no suppliers.
 *   B: capacity 100 %, reports 3 days of material cover; needs X from A only (share 100 %, lead
 *      1, no stock of its own stated) and Y from A only (share 100 %, lead 1, the need states 5
 *      days of stock). X: the report's 3 days; Y: the need's 5.
 *      day 0: X avail 3 + x_A(−1) = 3 + 0 → x 1, stock 2; day 1: 2 → 1; day 2: 1 → 1;
 *      day 3: 0 → x 0 < 0.5: breaks on day 3, binding X, root A.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { enterpriseBody, expectProblem, idem, json } from '../../test/helpers';

type Ref = { id: number; name: string };
type Firm = Ref & {
  breakDay: number | null;
  cause: { item: string; path: Ref[]; rootReason?: { date: string; stage: string; blockers: { category: string; note: string }[] } | null } | null;
  stocks?: { item: string; days: number; source: string }[];
};
type Result = { firms: Firm[]; priority: { firm: Ref }[] };

describe.each(DIALECTS)('chain loop (%s)', (dialect) => {
  let t: TestApp;
  let admin: string;
  let sec: string;
  let reporter: string;
  const firm = { A: 0, B: 0 };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    const alliance = await t.call('POST', '/api/alliances', { cookie: admin, body: { name: '闭环测试联盟', chain: '测试链', industry: 'C', districtCode: '330324' }, headers: idem() });
    expect(alliance.statusCode, alliance.body).toBe(201);
    expect((await t.call('PUT', '/api/session/alliance', { cookie: admin, body: { allianceId: json(alliance).id } })).statusCode).toBe(200);
    const secUser = await t.call('POST', '/api/users', { cookie: admin, body: { username: 'loop-sec', displayName: '闭环书记', password: 'Loop2026Pass', grants: [{ role: 'secretary' }] }, headers: idem() });
    expect(secUser.statusCode, secUser.body).toBe(201);
    sec = await t.login('loop-sec', 'Loop2026Pass');
    for (const [k, n] of [['A', 1], ['B', 2]] as const) {
      const res = await t.call('POST', '/api/enterprises', { cookie: sec, body: enterpriseBody(880_000 + n, { name: `闭环测试${k}有限公司` }), headers: idem() });
      expect(res.statusCode, res.body).toBe(201);
      firm[k] = json(res).id;
    }
    const rep = await t.call('POST', '/api/users', {
      cookie: admin,
      body: { username: 'loop-reporter', displayName: '填报员', password: 'Loop2026Pass', grants: (['A', 'B'] as const).map((k) => ({ role: 'enterprise_admin', enterpriseId: firm[k] })) },
      headers: idem(),
    });
    expect(rep.statusCode, rep.body).toBe(201);
    reporter = await t.login('loop-reporter', 'Loop2026Pass');
    const reports = {
      A: { outputPct: 0, capacityPct: 0, stage: 'stopped', blockers: [{ category: 'labour', note: '外省员工未返岗' }], materialCoverDays: null },
      B: { outputPct: 100, capacityPct: 100, stage: 'full', blockers: [], materialCoverDays: 3 },
    };
    for (const k of ['A', 'B'] as const) {
      const res = await t.call('POST', `/api/enterprises/${firm[k]}/reports`, { cookie: reporter, body: { reportDate: '2026-11-25', staffOnDuty: 10, staffTotal: 10, ...reports[k] }, headers: idem() });
      expect(res.statusCode, res.body).toBe(201);
    }
    const items: Record<string, number> = {};
    for (const k of ['X', 'Y']) items[k] = json(await t.call('POST', '/api/chain/items', { cookie: sec, body: { name: k }, headers: idem() })).id;
    for (const [k, stockDays] of [['X', undefined], ['Y', 5]] as const) {
      const res = await t.call('POST', '/api/chain/links', { cookie: sec, body: { supplierId: firm.A, customerId: firm.B, itemId: items[k], sharePct: 100, leadDays: 1, essential: true, ...(stockDays ? { stockDays } : {}) }, headers: idem() });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const analyse = async (body: Record<string, unknown> = {}) => {
    const res = await t.call('POST', '/api/chain/analyses', { cookie: sec, body });
    expect(res.statusCode, res.body).toBe(200);
    let job = json<{ id: string; status: string; result: Result }>(res);
    for (let i = 0; i < 300 && (job.status === 'queued' || job.status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = json(await t.call('GET', `/api/chain/analyses/${job.id}`, { cookie: sec }));
    }
    expect(job.status).toBe('done');
    return { jobId: job.id, r: job.result };
  };
  const get = (r: Result, k: 'A' | 'B') => r.firms.find((f) => f.id === firm[k])!;

  it('cover days reach the engine: the report’s days for an input the need states none for, the need’s own otherwise', async () => {
    const { r } = await analyse({ horizon: 6 });
    const b = get(r, 'B');
    expect(b.stocks).toEqual(expect.arrayContaining([
      { itemId: expect.any(Number), item: 'X', days: 3, source: 'report' },
      { itemId: expect.any(Number), item: 'Y', days: 5, source: 'need' },
    ]));
    expect(b.stocks).toHaveLength(2);
    // Three days of X from the report, then nothing arrives from A: breaks on day 3 (day 0 without the cover).
    expect(b.breakDay).toBe(3);
    expect(get(r, 'A').stocks).toEqual([]);
  });

  it('the cause path ends at the root firm’s own reason', async () => {
    const { r } = await analyse({ horizon: 6 });
    const cause = get(r, 'B').cause!;
    expect(cause.item).toBe('X');
    expect(cause.path.map((p) => p.id)).toEqual([firm.B, firm.A]);
    expect(cause.rootReason).toEqual({ date: '2026-11-25', stage: 'stopped', blockers: [{ category: 'labour', note: '外省员工未返岗' }] });
  });

  it('files a problem for the root firm from a forecast break, routed, source chain, the analysis in it; then attaches the next one', async () => {
    const { jobId } = await analyse({ horizon: 6 });
    const res = await t.call('POST', '/api/chain/problems', { cookie: sec, body: { analysisId: jobId, from: 'break', firmId: firm.B }, headers: idem() });
    expect(res.statusCode, res.body).toBe(201);
    const filed = json<{ ticketId: number; enterpriseId: number; attached: boolean }>(res);
    expect(filed).toMatchObject({ enterpriseId: firm.A, attached: false });
    const ticket = json(await t.call('GET', `/api/tickets/${filed.ticketId}`, { cookie: sec }));
    expect(ticket).toMatchObject({ source: 'chain', sourceRef: `chain:${jobId}`, category: 'labour', priority: 'high', enterprise: { id: firm.A }, status: 'submitted' });
    // Routed like any other problem: the alliance's rule for labour (or unrouted, as a new ticket would be).
    expect(ticket.description).toContain('外省员工未返岗');
    expect(ticket.description).toContain('第 3 天');
    expect(ticket.title).toContain('闭环测试A有限公司');
    // The same analysis again, attached to that open problem instead of a duplicate.
    const again = await t.call('POST', '/api/chain/problems', { cookie: sec, body: { analysisId: jobId, from: 'priority', firmId: firm.A, ticketId: filed.ticketId }, headers: idem() });
    expect(again.statusCode, again.body).toBe(201);
    expect(json(again)).toEqual({ ticketId: filed.ticketId, enterpriseId: firm.A, attached: true });
    // A firm that does not break has no root to file for; an unknown analysis is a 404; enterprise users may not.
    expectProblem(await t.call('POST', '/api/chain/problems', { cookie: sec, body: { analysisId: jobId, from: 'break', firmId: firm.A }, headers: idem() }), 400, 'validation_failed');
    expectProblem(await t.call('POST', '/api/chain/problems', { cookie: sec, body: { analysisId: '00000000-0000-4000-8000-000000000000', from: 'break', firmId: firm.B }, headers: idem() }), 404, 'not_found');
    expect((await t.call('POST', '/api/chain/problems', { cookie: reporter, body: { analysisId: jobId, from: 'break', firmId: firm.B }, headers: idem() })).statusCode).toBe(403);
  });
});
