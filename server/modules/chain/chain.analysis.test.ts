/**
 * Chain-break analysis through the API on a small alliance built by hand (every number below
 * is worked out from the model in engine/index.ts), scenarios, job polling and access; then the
 * `chain export-network` → `chain simulate` path of the CLI on the demo map.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildProgram, exportNetwork } from '../../cli';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { enterpriseBody, expectProblem, idem, json } from '../../test/helpers';
import { simulateFile, type ChainResultJson } from './chain.cli';

type Ref = { id: number; name: string };
type Firm = Ref & { tier: number; weight: number; capacity: number; actual: number; x: number[]; breakDay: number | null; cause: { item: string; path: Ref[] } | null; scenarioBreakDay?: number | null; scenarioDelta?: number };
type Result = {
  mode: string; horizon: number; theta: number; weightUnit: string; firms: Firm[]; Y: number[]; yFull: number;
  links: { id: number; supplierId: number; customerId: number; item: string; sharePct: number; status: string }[];
  critical: { firm: Ref; loss: number; broken: Ref[]; brokenHeadcount: number }[];
  priority: { firm: Ref; gain: number; cumulativeY: number; restored: Ref[]; restoredHeadcount: number }[];
  scenario: { id: number; name: string; yAfter: number[]; deltaTotal: number } | null;
};
type Job = { id: string; status: string; progress: { phase: string; done: number; total: number }; result: Result | null; error: string | null; errorDetail: string | null };

const close = (actual: number[], expected: number[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(v, `[${i}] of ${JSON.stringify(actual)}`).toBeCloseTo(expected[i]!, 9));
};

describe.each(DIALECTS)('chain analysis (%s)', (dialect) => {
  let t: TestApp;
  let admin: string;
  let sec: string; // secretary of the hand-built alliance
  let reporter: string; // enterprise_admin of A, B and C
  let allianceId = 0;
  const firm = { A: 0, B: 0, C: 0 };
  const item = { X: 0, Y: 0 };
  const link = { AB: 0, BC: 0 };
  let dir = '';

  /*
   * The alliance: A → B → C, each the sole source of the next.
   *   A: own capacity 20 %, reported output 20 % (so x_A(t < 0) = 0.2 too), no suppliers.
   *   B: capacity 100 %, needs X from A only: share 100 %, lead 2 days, 3 days of X in stock.
   *   C: capacity 100 %, output 100 %, needs Y from B only: share 100 %, lead 1 day, 1 day of Y in stock.
   * A lies in 鹿城区 (330302), B and C in 平阳县 (330324).
   * Weights are normal output in 10,000 yuan: A 5, B 1, C 1 (annualOutputFen 5,000,000 / 1,000,000 / 1,000,000).
   */
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    dir = await mkdtemp(join(tmpdir(), 'fugong-chain-analysis-'));

    const alliance = await t.call('POST', '/api/alliances', { cookie: admin, body: { name: '断链测算测试联盟', chain: '测试链', industry: 'C', districtCode: '330324' }, headers: idem() });
    expect(alliance.statusCode, alliance.body).toBe(201);
    allianceId = json(alliance).id;
    expect((await t.call('PUT', '/api/session/alliance', { cookie: admin, body: { allianceId } })).statusCode).toBe(200);
    const secUser = await t.call('POST', '/api/users', { cookie: admin, body: { username: 'chain-sec', displayName: '测算书记', password: 'Chain2026Pass', grants: [{ role: 'secretary' }] }, headers: idem() });
    expect(secUser.statusCode, secUser.body).toBe(201);
    sec = await t.login('chain-sec', 'Chain2026Pass');

    const outputs = { A: 5_000_000, B: 1_000_000, C: 1_000_000 };
    for (const [k, n] of [['A', 1], ['B', 2], ['C', 3]] as const) {
      const res = await t.call('POST', '/api/enterprises', { cookie: sec, body: enterpriseBody(770_000 + n, { name: `断链测试${k}有限公司`, annualOutputFen: outputs[k], headcount: 100 * n, districtCode: k === 'A' ? '330302' : '330324' }), headers: idem() });
      expect(res.statusCode, res.body).toBe(201);
      firm[k] = json(res).id;
    }
    // One account speaking for three firms: a platform admin's to create (a secretary creates a
    // firm's first admin only, one firm at a time).
    const rep = await t.call('POST', '/api/users', {
      cookie: admin,
      body: { username: 'chain-reporter', displayName: '填报员', password: 'Chain2026Pass', grants: (['A', 'B', 'C'] as const).map((k) => ({ role: 'enterprise_admin', enterpriseId: firm[k] })) },
      headers: idem(),
    });
    expect(rep.statusCode, rep.body).toBe(201);
    reporter = await t.login('chain-reporter', 'Chain2026Pass');
    for (const [k, pct] of [['A', 20], ['B', 100], ['C', 100]] as const) {
      const body = { reportDate: '2026-11-25', outputPct: pct, capacityPct: pct, staffOnDuty: 10, staffTotal: 10, stage: pct === 100 ? 'full' : 'partial', blockers: [] };
      const res = await t.call('POST', `/api/enterprises/${firm[k]}/reports`, { cookie: reporter, body, headers: idem() });
      expect(res.statusCode, res.body).toBe(201);
    }
    for (const k of ['X', 'Y'] as const) item[k] = json(await t.call('POST', '/api/chain/items', { cookie: sec, body: { name: k }, headers: idem() })).id;
    const ab = await t.call('POST', '/api/chain/links', { cookie: sec, body: { supplierId: firm.A, customerId: firm.B, itemId: item.X, sharePct: 100, leadDays: 2, essential: true, stockDays: 3 }, headers: idem() });
    const bc = await t.call('POST', '/api/chain/links', { cookie: sec, body: { supplierId: firm.B, customerId: firm.C, itemId: item.Y, sharePct: 100, leadDays: 1, essential: true, stockDays: 1 }, headers: idem() });
    expect([ab.statusCode, bc.statusCode], ab.body + bc.body).toEqual([201, 201]);
    link.AB = json(ab).id;
    link.BC = json(bc).id;
  });
  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const analyse = async (cookie: string, body: Record<string, unknown>) => {
    const res = await t.call('POST', '/api/chain/analyses', { cookie, body });
    expect(res.statusCode, res.body).toBe(200);
    let job = json<Job>(res);
    // Answered within the POST's short wait on a quiet machine; under load, polled until it finishes.
    for (const until = Date.now() + 60_000; (job.status === 'queued' || job.status === 'running') && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 100));
      job = json<Job>(await t.call('GET', `/api/chain/analyses/${job.id}`, { cookie }));
    }
    expect(job.status, job.error ?? '').toBe('done');
    return { job, result: job.result! };
  };
  const byName = (r: Result) => Object.fromEntries(r.firms.map((f) => [f.name.replace(/^断链测试(.)有限公司$/, '$1'), f])) as Record<'A' | 'B' | 'C', Firm>;
  const ref = (k: 'A' | 'B' | 'C') => ({ id: firm[k], name: `断链测试${k}有限公司` });

  it('dynamic forecast: break days, causes and chain output per day', async () => {
    const { result: r } = await analyse(sec, { horizon: 8 });
    expect(r).toMatchObject({ mode: 'dynamic', horizon: 8, theta: 0.5, weightUnit: 'output', yFull: 7, scenario: null });
    const f = byName(r);
    expect(f.A).toMatchObject({ tier: 0, weight: 5, capacity: 0.2, actual: 0.2, breakDay: null, cause: null });
    expect(f.B).toMatchObject({ tier: 1, weight: 1, capacity: 1, actual: 1 });
    expect(f.C.tier).toBe(2);
    expect(r.links.map((l) => l.id).sort()).toEqual([link.AB, link.BC].sort());

    // A has no suppliers: x_A(t) = a_A = 0.2 every day; 0.2 = θ·a would need < 0.1 to break.
    close(f.A.x, [0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2]);
    // B: inflow(t) = x_A(t − 2) = 0.2 every day (x_A(−2) = x_A(−1) = reported 0.2).
    //   day 0: avail 3 + 0.2 = 3.2 → x 1, stock min(3, 2.2) = 2.2
    //   day 1: 2.4 → x 1, stock 1.4;  day 2: 1.6 → x 1, stock 0.6
    //   day 3: 0.8 → x 0.8 (≥ θ = 0.5: bent, not broken), stock 0
    //   day 4: 0.2 → x 0.2 < 0.5: breaks on day 4; and stays at 0.2.
    close(f.B.x, [1, 1, 1, 0.8, 0.2, 0.2, 0.2, 0.2]);
    expect(f.B.breakDay).toBe(4);
    // Binding item X; its only supplier A runs at its own capacity: the root cause.
    expect(f.B.cause).toMatchObject({ item: 'X', path: [ref('B'), ref('A')] });
    // C: inflow(t) = x_B(t − 1) (x_B(−1) = 1), stock 1.
    //   days 0–3: inflow 1 → x 1, stock stays 1;  day 4: 0.8 + 1 → x 1, stock 0.8
    //   day 5: 0.2 + 0.8 = 1.0 → x 1, stock 0;  day 6: 0.2 → x 0.2: breaks on day 6.
    close(f.C.x, [1, 1, 1, 1, 1, 1, 0.2, 0.2]);
    expect(f.C.breakDay).toBe(6);
    // From C on day 6 back to B's delivery of day 5 (item Y), from B on day 5 back to A's of day 3 (item X).
    expect(f.C.cause).toMatchObject({ item: 'Y', path: [ref('C'), ref('B'), ref('A')] });
    // Y(t) = 5·x_A + x_B + x_C = 1 + x_B + x_C.
    close(r.Y, [3, 3, 3, 2.8, 2.2, 2.2, 1.4, 1.4]);
  });

  it('criticality ranks A first; help priority lists A alone', async () => {
    const { result: r } = await analyse(sec, { horizon: 8 });
    // Baseline Σ_t: x_A 1.6, x_B 4.6, x_C 6.4 → Σ Y = 5·1.6 + 4.6 + 6.4 = 19.
    // A stops (x_A = 0 from day 0; 0.2 still arrives for days 0–1): B 1,1,1,0.4,0… (Σ 3.4), C 1,1,1,1,1,0.4,0,0 (Σ 5.4)
    //   → loss 5·1.6 + 1.2 + 1.0 = 10.2.
    // B stops: loss 4.6 of its own; C 1,1,0… (Σ 2) → loss 4.6 + 4.4 = 9.
    // C stops: loss 6.4. B and C already break in the baseline, so nobody breaks anew.
    expect(r.critical.map((c) => c.firm)).toEqual([ref('A'), ref('B'), ref('C')]);
    close(r.critical.map((c) => c.loss), [10.2, 9, 6.4]);
    expect(r.critical.every((c) => c.broken.length === 0 && c.brokenHeadcount === 0)).toBe(true);
    // Only A is below full capacity. At 100 %: B gets 0.2, 0.2, then 1 per day and never runs
    // out (stock 3.2 → 2.2 → 1.4 → 1.4 …); C too: Y = 7 every day, Σ 56, gain 56 − 19 = 37.
    expect(r.priority).toHaveLength(1);
    expect(r.priority[0]!.firm).toEqual(ref('A'));
    expect(r.priority[0]!.gain).toBeCloseTo(37, 9);
    expect(r.priority[0]!.cumulativeY).toBeCloseTo(56, 9);
    expect(r.priority[0]!.restored).toEqual([ref('B'), ref('C')]);
    expect(r.priority[0]!.restoredHeadcount).toBe(200 + 300);
  });

  it('static mode: today’s sustainable output', async () => {
    const { result: r } = await analyse(sec, { mode: 'static', horizon: 8 });
    expect(r).toMatchObject({ mode: 'static', horizon: 1 });
    const f = byName(r);
    // x_A = 0.2; x_B = min(1, 0 + 1·x_A) = 0.2; x_C = min(1, x_B) = 0.2. B and C below θ·a = 0.5.
    close([f.A.x[0]!, f.B.x[0]!, f.C.x[0]!], [0.2, 0.2, 0.2]);
    expect([f.A.breakDay, f.B.breakDay, f.C.breakDay]).toEqual([null, 0, 0]);
    expect(f.B.cause).toMatchObject({ item: 'X', path: [ref('B'), ref('A')] });
    expect(f.C.cause).toMatchObject({ item: 'Y', path: [ref('C'), ref('B'), ref('A')] });
    close(r.Y, [5 * 0.2 + 0.2 + 0.2]);
    // A stopping zeroes everything (loss 1.4); B stopping leaves A's 1 (loss 0.4); C: loss 0.2.
    expect(r.critical.map((c) => c.firm.id)).toEqual([firm.A, firm.B, firm.C]);
    close(r.critical.map((c) => c.loss), [1.4, 0.4, 0.2]);
    // Helping A lifts everyone to 1: Y = 7, gain 5.6.
    expect(r.priority.map((p) => p.firm.id)).toEqual([firm.A]);
    expect(r.priority[0]!.gain).toBeCloseTo(5.6, 9);
    expect(r.priority[0]!.cumulativeY).toBeCloseTo(7, 9);
    expect(r.priority[0]!.restored.map((x) => x.id)).toEqual([firm.B, firm.C]);
  });

  it('a scenario restoring A removes both breaks', async () => {
    const created = await t.call('POST', '/api/chain/scenarios', { cookie: sec, body: { name: 'A 复产', changes: [{ type: 'capacity', enterpriseId: firm.A, capacityPct: 100 }] }, headers: idem() });
    expect(created.statusCode, created.body).toBe(201);
    const s = json(created);
    const { result: r } = await analyse(sec, { horizon: 8, scenarioId: s.id });
    expect(r.scenario).toMatchObject({ id: s.id, name: 'A 复产' });
    close(r.scenario!.yAfter, [7, 7, 7, 7, 7, 7, 7, 7]);
    expect(r.scenario!.deltaTotal).toBeCloseTo(37, 9);
    const f = byName(r);
    expect([f.A.scenarioBreakDay, f.B.scenarioBreakDay, f.C.scenarioBreakDay]).toEqual([null, null, null]);
    // Σ_t Δx: A 8 − 1.6, B 8 − 4.6, C 8 − 6.4.
    close([f.A.scenarioDelta!, f.B.scenarioDelta!, f.C.scenarioDelta!], [6.4, 3.4, 1.6]);
    // The baseline part is unchanged.
    expect([f.B.breakDay, f.C.breakDay]).toEqual([4, 6]);
    // Without the A → B link B has no member supplier of X left: the whole need counts as bought outside.
    const cut = json(await t.call('POST', '/api/chain/scenarios', { cookie: sec, body: { name: '断开 A→B', changes: [{ type: 'removeLink', linkId: link.AB }] }, headers: idem() }));
    const { result: r2 } = await analyse(sec, { horizon: 8, scenarioId: cut.id });
    expect(byName(r2).B.scenarioBreakDay).toBeNull();
    // A missing scenario is a 404.
    expectProblem(await t.call('POST', '/api/chain/analyses', { cookie: sec, body: { scenarioId: 999_999 } }), 404, 'not_found');
  });

  it('a district lockdown and a logistics delay through the district', async () => {
    // 鹿城 (A's district) shut: a_A = min(0.2, 0) = 0.
    // B: inflow(t) = x_A(t − 2) = [0.2, 0.2 (reported), 0, …], stock 3:
    //   day 0: 3.2 → 1, stock 2.2; day 1: 2.4 → 1, stock 1.4; day 2: 1.4 → 1, stock 0.4;
    //   day 3: 0.4 → 0.4 (breaks, a day earlier than the baseline's 4), then 0.
    // C: inflow(t) = x_B(t − 1) = [1, 1, 1, 1, 0.4, 0, …], stock 1: 1 until day 4 (1.4 → 1, stock 0.4),
    //   day 5: 0.4 (breaks, baseline 6), then 0.
    // Y = 5·0 + x_B + x_C = [2, 2, 2, 1.4, 1, 0.4, 0, 0]: Σ 8.8 against the baseline's 19 → −10.2.
    const lock = json(await t.call('POST', '/api/chain/scenarios', { cookie: sec, body: { name: '鹿城封控', changes: [{ type: 'districtLockdown', districtCode: '330302', capacityPct: 0 }] }, headers: idem() }));
    const { result: r } = await analyse(sec, { horizon: 8, scenarioId: lock.id });
    close(r.scenario!.yAfter, [2, 2, 2, 1.4, 1, 0.4, 0, 0]);
    expect(r.scenario!.deltaTotal).toBeCloseTo(-10.2, 9);
    const f = byName(r);
    expect([f.A.scenarioBreakDay, f.B.scenarioBreakDay, f.C.scenarioBreakDay]).toEqual([null, 3, 5]);

    // And the logistics through 鹿城 two days slower: A → B takes 4 days (B → C, inside 平阳, keeps 1).
    // B lives on the pipeline at A's reported 0.2 for 4 days: inflow [0.2 ×4, 0, …]:
    //   days 0–2 → 1 (stock 2.2, 1.4, 0.6); day 3: 0.8 → 0.8, stock 0; day 4: 0 (breaks on day 4).
    // C: inflow [1, 1, 1, 1, 0.8, 0, …], stock 1: 1 until day 4 (stock 0.8), day 5: 0.8, day 6: 0 (breaks).
    // Y = [2, 2, 2, 1.8, 1, 0.8, 0, 0] = 9.6 → −9.4.
    const both = json(
      await t.call('POST', '/api/chain/scenarios', {
        cookie: sec,
        body: { name: '鹿城封控且物流慢两天', changes: [{ type: 'districtLockdown', districtCode: '330302', capacityPct: 0 }, { type: 'logisticsDelay', districtCode: '330302', days: 2 }] },
        headers: idem(),
      }),
    );
    const { result: r2 } = await analyse(sec, { horizon: 8, scenarioId: both.id });
    close(r2.scenario!.yAfter, [2, 2, 2, 1.8, 1, 0.8, 0, 0]);
    expect(r2.scenario!.deltaTotal).toBeCloseTo(-9.4, 9);
    const f2 = byName(r2);
    expect([f2.B.scenarioBreakDay, f2.C.scenarioBreakDay]).toEqual([4, 6]);

    // A lockdown for some days only: 鹿城 at 0 on days 0–1, a_A = [0, 0, 0.2, …].
    // B: inflow x_A(t − 2) = [0.2, 0.2, 0, 0, 0.2, …]: days 0–2 → 1 (stock 2.2, 1.4, 0.4); day 3:
    //   0.4 → 0.4 (breaks on day 3); then 0.2. C: inflow [1, 1, 1, 1, 0.4, 0.2, …], stock 1: 1 until
    //   day 4 (stock 0.4), day 5: 0.6 (bent, not broken), day 6: 0.2 (breaks, as in the baseline).
    // Y = 5·x_A + x_B + x_C = [2, 2, 3, 2.4, 2.2, 1.8, 1.4, 1.4].
    const short = json(await t.call('POST', '/api/chain/scenarios', { cookie: sec, body: { name: '鹿城封控两天', changes: [{ type: 'districtLockdown', districtCode: '330302', capacityPct: 0, fromDay: 0, toDay: 1 }] }, headers: idem() }));
    const { result: r3 } = await analyse(sec, { horizon: 8, scenarioId: short.id });
    close(r3.scenario!.yAfter, [2, 2, 3, 2.4, 2.2, 1.8, 1.4, 1.4]);
    expect([byName(r3).B.scenarioBreakDay, byName(r3).C.scenarioBreakDay]).toEqual([3, 6]);

    // A district no member lies in, a code that is no district, reversed days: refused on the field.
    const none = expectProblem(await t.call('POST', '/api/chain/scenarios', { cookie: sec, body: { name: '瑞安', changes: [{ type: 'logisticsDelay', districtCode: '330381', days: 1 }] }, headers: idem() }), 400, 'validation_failed');
    expect(none.errors).toEqual([expect.objectContaining({ path: 'changes.0.districtCode', code: 'no_member_in_district' })]);
    expectProblem(await t.call('POST', '/api/chain/scenarios', { cookie: sec, body: { name: '无此区', changes: [{ type: 'districtLockdown', districtCode: '999999', capacityPct: 0 }] }, headers: idem() }), 400, 'validation_failed');
    expectProblem(await t.call('POST', '/api/chain/scenarios', { cookie: sec, body: { name: '零天', changes: [{ type: 'logisticsDelay', districtCode: '330302', days: 0 }] }, headers: idem() }), 400, 'validation_failed');
    const reversed = expectProblem(await t.call('POST', '/api/chain/scenarios', { cookie: sec, body: { name: '倒序', changes: [{ type: 'districtLockdown', districtCode: '330302', capacityPct: 0, fromDay: 3, toDay: 1 }] }, headers: idem() }), 400, 'validation_failed');
    expect(reversed.errors).toEqual([expect.objectContaining({ path: 'changes.0.toDay', code: 'range_reversed' })]);
  });

  it('scenario CRUD: versions, validation against the alliance’s firms, links and items', async () => {
    const body = { name: '情景一', changes: [{ type: 'addStock', enterpriseId: firm.B, itemId: item.X, days: 5 }] };
    const res = await t.call('POST', '/api/chain/scenarios', { cookie: sec, body, headers: idem() });
    expect(res.statusCode, res.body).toBe(201);
    const s = json(res);
    expect(s).toMatchObject({ name: '情景一', changes: body.changes, version: 1 });
    expect(json(await t.call('GET', `/api/chain/scenarios/${s.id}`, { cookie: sec }))).toEqual(s);
    expect(json(await t.call('GET', '/api/chain/scenarios', { cookie: sec })).items.map((x: { id: number }) => x.id)).toContain(s.id);

    const patched = await t.call('PATCH', `/api/chain/scenarios/${s.id}`, { cookie: sec, body: { version: 1, name: '情景一（改）' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(json(patched)).toMatchObject({ name: '情景一（改）', changes: body.changes, version: 2 });
    expectProblem(await t.call('PATCH', `/api/chain/scenarios/${s.id}`, { cookie: sec, body: { version: 1, name: '过期' } }), 409, 'version_conflict');

    // Firm 1 belongs to the leather alliance, not this one; link and item ids from nowhere.
    const bad = [
      [{ type: 'capacity', enterpriseId: 1, capacityPct: 50 }, 'changes.0', 'not_a_member'],
      [{ type: 'removeLink', linkId: 999_999 }, 'changes.0.linkId', 'unknown_link'],
      [{ type: 'addStock', enterpriseId: firm.C, itemId: 999_999, days: 1 }, 'changes.0.itemId', 'unknown_item'],
      [{ type: 'addLink', supplierId: firm.A, customerId: firm.C, itemId: 999_999, sharePct: 10, leadDays: 1 }, 'changes.0.itemId', 'unknown_item'],
      [{ type: 'capacity', enterpriseId: firm.A, capacityPct: 50, fromDay: 5, toDay: 2 }, 'changes.0.toDay', 'range_reversed'],
      // Link changes that could never run: C already takes 100 % of Y from B; B → C for Y exists; X is essential for B.
      [{ type: 'addLink', supplierId: firm.A, customerId: firm.C, itemId: item.Y, sharePct: 10, leadDays: 1 }, 'changes.0.sharePct', 'share_sum_exceeded'],
      [{ type: 'addLink', supplierId: firm.B, customerId: firm.C, itemId: item.Y, sharePct: 0, leadDays: 1 }, 'changes.0', 'link_exists'],
      [{ type: 'addLink', supplierId: firm.C, customerId: firm.C, itemId: item.X, sharePct: 1, leadDays: 1 }, 'changes.0.customerId', 'same_enterprise'],
      [{ type: 'addLink', supplierId: firm.C, customerId: firm.B, itemId: item.X, sharePct: 0, leadDays: 1, essential: false }, 'changes.0.essential', 'essential_conflict'],
    ] as const;
    for (const [change, path, code] of bad) {
      const doc = expectProblem(await t.call('POST', '/api/chain/scenarios', { cookie: sec, body: { name: '坏情景', changes: [change] }, headers: idem() }), 400, 'validation_failed');
      expect(doc.errors, JSON.stringify(change)).toEqual([expect.objectContaining({ path, code })]);
      expect(doc.errors![0]!.message).not.toBe(code); // a sentence, not the bare code
      expectProblem(await t.call('PATCH', `/api/chain/scenarios/${s.id}`, { cookie: sec, body: { version: 2, changes: [change] } }), 400, 'validation_failed');
    }
    expect(json(await t.call('GET', `/api/chain/scenarios/${s.id}`, { cookie: sec })).version).toBe(2);
    // Replayed in order: a substitute after the removal fits; the same removal twice does not.
    const swap = [{ type: 'removeLink', linkId: link.BC }, { type: 'addLink', supplierId: firm.A, customerId: firm.C, itemId: item.Y, sharePct: 100, leadDays: 1, essential: true }];
    expect((await t.call('POST', '/api/chain/scenarios', { cookie: sec, body: { name: '换供应商', changes: swap }, headers: idem() })).statusCode).toBe(201);
    const twice = expectProblem(await t.call('POST', '/api/chain/scenarios', { cookie: sec, body: { name: '重复删除', changes: [swap[0], swap[0]] }, headers: idem() }), 400, 'validation_failed');
    expect(twice.errors).toEqual([expect.objectContaining({ path: 'changes.1.linkId', code: 'unknown_link' })]);
    const over = expectProblem(await t.call('POST', '/api/chain/scenarios', { cookie: sec, body: { name: '超额', changes: [{ type: 'addLink', supplierId: firm.A, customerId: firm.C, itemId: item.Y, sharePct: 12.5, leadDays: 1 }] }, headers: idem() }), 400, 'validation_failed');
    expect(over.errors![0]).toMatchObject({ params: { totalPct: 112.5, excessPct: 12.5 }, message: '该企业此物料的供货份额合计 112.5%，超出 100% 共 12.5 个百分点。' });

    // Another alliance does not see it; only the scenario roles edit.
    const leather = await t.login('secretary');
    expectProblem(await t.call('GET', `/api/chain/scenarios/${s.id}`, { cookie: leather }), 404, 'not_found');
    expectProblem(await t.call('DELETE', `/api/chain/scenarios/${s.id}`, { cookie: leather }), 404, 'not_found');
    expect((await t.call('DELETE', `/api/chain/scenarios/${s.id}`, { cookie: sec })).statusCode).toBe(200);
    expectProblem(await t.call('GET', `/api/chain/scenarios/${s.id}`, { cookie: sec }), 404, 'not_found');
    const audits = await t.handle.db.selectFrom('audit_log').select('action').where('target_type', '=', 'chain_scenario').where('target_id', '=', String(s.id)).orderBy('id').execute();
    expect(audits.map((a) => a.action)).toEqual(['chain.scenario_create', 'chain.scenario_update', 'chain.scenario_delete']);
  });

  it('a job is its owner’s: polling returns it, anyone else gets 404', async () => {
    const { job } = await analyse(sec, { horizon: 8 });
    const again = await t.call('GET', `/api/chain/analyses/${job.id}`, { cookie: sec });
    expect(again.statusCode).toBe(200);
    expect(json(again)).toEqual(job);
    expect(job.progress.done).toBe(job.progress.total);
    // The platform admin (also in this alliance now) did not start it.
    expectProblem(await t.call('GET', `/api/chain/analyses/${job.id}`, { cookie: admin }), 404, 'not_found');
    expectProblem(await t.call('GET', `/api/chain/analyses/${job.id}`, { cookie: await t.login('secretary') }), 404, 'not_found');
    expectProblem(await t.call('GET', '/api/chain/analyses/00000000-0000-4000-8000-000000000000', { cookie: sec }), 404, 'not_found');
  });

  it('enterprise users and experts may not run analyses (403)', async () => {
    expectProblem(await t.call('POST', '/api/chain/analyses', { cookie: reporter, body: { horizon: 8 } }), 403, 'forbidden');
    expectProblem(await t.call('GET', '/api/chain/scenarios', { cookie: reporter }), 403, 'forbidden');
    expectProblem(await t.call('POST', '/api/chain/analyses', { cookie: await t.login('expert'), body: {} }), 403, 'forbidden');
    // The analysis reads; it writes no audit row.
    const before = Number((await t.handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    await analyse(sec, { horizon: 3 });
    expect(Number((await t.handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(before);
  });

  describe('CLI: export-network then simulate', () => {
    it('exports the hand-built map in the file format and simulates it like the API', async () => {
      const inPath = join(dir, 'small.json');
      const outPath = join(dir, 'small-result.json');
      expect(await exportNetwork(t.deps, String(allianceId), inPath)).toEqual({ firms: 3, links: 2 });
      const file = JSON.parse(await readFile(inPath, 'utf8'));
      const [A, B, C] = [String(firm.A), String(firm.B), String(firm.C)];
      expect(file).toEqual({
        firms: [
          { id: A, capacity: 0.2, actual: 0.2, weight: 5 },
          { id: B, capacity: 1, actual: 1, weight: 1 },
          { id: C, capacity: 1, actual: 1, weight: 1 },
        ],
        links: [
          { supplier: A, customer: B, item: 'X', share: 1, essential: true, leadDays: 2 },
          { supplier: B, customer: C, item: 'Y', share: 1, essential: true, leadDays: 1 },
        ],
        stocks: expect.arrayContaining([{ firm: B, item: 'X', days: 3 }, { firm: C, item: 'Y', days: 1 }]),
      });
      await simulateFile({ inPath, outPath, horizon: 8 });
      const out = JSON.parse(await readFile(outPath, 'utf8')) as ChainResultJson;
      expect(out.firms.map((f) => [f.id, f.breakDay])).toEqual([[A, null], [B, 4], [C, 6]]);
      expect(out.firms[2]!.cause).toEqual({ item: 'Y', path: [C, B, A] });
      close(out.Y, [3, 3, 3, 2.8, 2.2, 2.2, 1.4, 1.4]);
      expect(out.critical.map((c) => c.id)).toEqual([A, B, C]);
      expect(out.priority.map((p) => p.id)).toEqual([A]);
    });

    it('on the demo map: the file simulates to the shape FORMAT.md documents, matching the API', async () => {
      const inPath = join(dir, 'demo.json');
      const outPath = join(dir, 'demo-result.json');
      const n = await exportNetwork(t.deps, '1', inPath);
      const members = await t.handle.db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', 1).orderBy('enterprise_id').execute();
      const confirmed = await t.handle.db.selectFrom('supply_links').select('id').where('alliance_id', '=', 1).where('status', '=', 'confirmed').execute();
      expect(n).toEqual({ firms: members.length, links: confirmed.length });
      const file = JSON.parse(await readFile(inPath, 'utf8'));
      expect(file.firms.map((f: { id: string }) => f.id)).toEqual(members.map((m) => String(m.enterprise_id)));
      const items = new Set((await t.handle.db.selectFrom('chain_items').select('name').where('alliance_id', '=', 1).execute()).map((i) => i.name));
      expect(file.links.every((l: { item: string }) => items.has(l.item))).toBe(true);

      const progress: number[] = [];
      await simulateFile({ inPath, outPath, horizon: 10, onProgress: (d) => progress.push(d) });
      expect(progress.length).toBeGreaterThan(0);
      const out = JSON.parse(await readFile(outPath, 'utf8')) as ChainResultJson;
      expect(out).toMatchObject({ mode: 'dynamic', horizon: 10, theta: 0.5 });
      expect(Object.keys(out).sort()).toEqual(['Y', 'critical', 'firms', 'horizon', 'mode', 'priority', 'theta']);
      expect(out.firms.map((f) => f.id)).toEqual(file.firms.map((f: { id: string }) => f.id));
      for (const f of out.firms) {
        expect(Object.keys(f).sort()).toEqual(['breakDay', 'cause', 'id', 'x']);
        expect(f.x).toHaveLength(10);
        if (f.breakDay === null) expect(f.cause).toBeNull();
        else expect(f.cause!.path[0]).toBe(f.id);
      }
      expect(out.Y).toHaveLength(10);
      expect(out.critical.length).toBe(Math.min(50, out.firms.length));
      const losses = out.critical.map((c) => c.loss);
      expect(losses).toEqual([...losses].sort((a, b) => b - a));
      expect(out.priority.length).toBeLessThanOrEqual(20);

      // The same map through the API gives the same forecast.
      const leather = await t.login('secretary');
      const { result: api } = await analyse(leather, { horizon: 10 });
      close(out.Y, api.Y);
      // Firm by firm (the file lists them by id, the API in its own order).
      const breakDays = (rows: { id: string | number; breakDay: number | null }[]) => Object.fromEntries(rows.map((f) => [String(f.id), f.breakDay]));
      expect(breakDays(out.firms)).toEqual(breakDays(api.firms));
      expect(out.critical.slice(0, 5).map((c) => c.id)).toEqual(api.critical.slice(0, 5).map((c) => String(c.firm.id)));
    });

    it('`fugong chain simulate` prints each problem of an invalid file as `path: message` and exits 1', async () => {
      const inPath = join(dir, 'bad.json');
      await writeFile(inPath, JSON.stringify({ firms: [{ id: 'a', capacity: 1 }], links: [{ supplier: 'a', customer: 'zz', item: 'k', share: 1.5, leadDays: 1 }] }));
      const lines: string[] = [];
      const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
      const exitCode = process.exitCode;
      try {
        await buildProgram().exitOverride().parseAsync(['node', 'fugong', 'chain', 'simulate', '--in', inPath, '--out', join(dir, 'never.json')]);
        expect(process.exitCode).toBe(1);
      } finally {
        spy.mockRestore();
        process.exitCode = exitCode;
      }
      const text = lines.join('');
      expect(text).toMatch(/^links\[0\]\.customer: .+$/m);
      expect(text).toMatch(/^links\[0\]\.share: .+$/m);
      await expect(readFile(join(dir, 'never.json'))).rejects.toThrow();
    });
  });
});
