import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json } from '../../test/helpers';

interface Proposal { blocker: string; category: string; count: number; sharePct: number; firms: { id: number; name: string; reportDate: string; note: string }[]; suggested: { title: string; likelihood: number; impact: number } }
interface Proposals { reporters: number; minFirms: number; since: string; items: Proposal[] }

describe.each(DIALECTS)('risk proposals from blockers many firms report (%s)', (dialect) => {
  let t: TestApp;
  let sec4: string;
  let members4: { id: number; name: string }[];
  const TODAY = '2026-11-25';

  /** Files (or replaces) a member's report of `date` naming `blockers`. */
  const report = async (enterpriseId: number, date: string, blockers: { category: string; note: string }[]) => {
    await t.handle.db.deleteFrom('resumption_reports').where('enterprise_id', '=', enterpriseId).where('report_date', '>=', date).execute();
    await t.handle.db.insertInto('resumption_reports').values({
      enterprise_id: enterpriseId, report_date: date, output_pct: 50, capacity_pct: 50, staff_on_duty: 10, staff_total: 20, stage: 'partial', blockers_json: JSON.stringify(blockers),
      material_cover_days: null, prevention_cover_days: null, submitted_by: null, created_at: 'x', updated_at: 'x',
    }).execute();
  };
  const proposals = async (cookie: string, query = '') => {
    const res = await t.call('GET', `/api/risks/proposals${query}`, { cookie });
    expect(res.statusCode, res.body).toBe(200);
    return json<Proposals>(res);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    sec4 = await t.login('secretary');
    members4 = json<{ items: { id: number; name: string }[] }>(await t.call('GET', '/api/enterprises?pageSize=200', { cookie: sec4 })).items.map((e) => ({ id: e.id, name: e.name }));
    expect(members4.length).toBeGreaterThanOrEqual(10);
    // No member of the alliance reports a blocker, then six report labour, two logistics.
    await t.handle.db.updateTable('resumption_reports').set({ blockers_json: '[]' }).where('enterprise_id', 'in', members4.map((m) => m.id)).execute();
    for (const [i, m] of members4.slice(0, 6).entries()) await report(m.id, TODAY, [{ category: 'labour', note: '外省员工未返岗' }, ...(i < 2 ? [{ category: 'logistics', note: '' }] : [])]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('proposes a blocker at least the threshold of members report in their current reports, with the firms', async () => {
    const p = await proposals(sec4);
    expect(p.minFirms).toBe(Math.max(5, Math.ceil(p.reporters / 10)));
    expect(p.since).toBe('2026-11-19');
    const six = members4.slice(0, 6);
    if (p.minFirms <= 6) {
      expect(p.items.map((x) => x.blocker)).toEqual(['labour']);
    }
    const low = await proposals(sec4, '?minFirms=2');
    expect(low.minFirms).toBe(2);
    expect(low.items.map((x) => [x.blocker, x.count])).toEqual([['labour', 6], ['logistics', 2]]);
    const labour = low.items[0]!;
    expect(labour.category).toBe('labour');
    expect(labour.sharePct).toBe(Math.round(600 / low.reporters));
    expect(labour.firms.map((f) => f.id).sort((a, b) => a - b)).toEqual(six.map((m) => m.id).sort((a, b) => a - b));
    expect(labour.firms.every((f) => f.note === '外省员工未返岗' && f.reportDate === TODAY)).toBe(true);
    expect(labour.suggested).toMatchObject({ likelihood: 4 });
    expect(labour.suggested.title).toContain('6');
    expect((await proposals(sec4, '?minFirms=7')).items).toEqual([]);
  });

  it('counts only the latest report, and only when it is current (within 7 days)', async () => {
    const [m6, m7] = [members4[6]!, members4[7]!];
    // A stale report (8 days old) and an older report superseded by a newer one without the blocker.
    await report(m6.id, '2026-11-17', [{ category: 'labour', note: '' }]);
    await report(m7.id, '2026-11-20', [{ category: 'labour', note: '' }]);
    await t.handle.db.insertInto('resumption_reports').values({
      enterprise_id: m7.id, report_date: '2026-11-24', output_pct: 90, capacity_pct: 90, staff_on_duty: 10, staff_total: 10, stage: 'full', blockers_json: '[]',
      material_cover_days: null, prevention_cover_days: null, submitted_by: null, created_at: 'x', updated_at: 'x',
    }).execute();
    const labour = (await proposals(sec4, '?minFirms=2')).items.find((x) => x.blocker === 'labour')!;
    expect(labour.count).toBe(6);
    // Another alliance sees none of these firms.
    // Another alliance sees only its own members (a firm may belong to both).
    const tech = await t.login('secretary-techpark');
    const other = await proposals(tech, '?minFirms=1');
    const techIds = new Set(json<{ items: { id: number }[] }>(await t.call('GET', '/api/enterprises?pageSize=200', { cookie: tech })).items.map((e) => e.id));
    const seen = other.items.flatMap((x) => x.firms.map((f) => f.id));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((id) => !techIds.has(id))).toEqual([]);
    expectProblem(await t.call('GET', '/api/risks/proposals', { cookie: await t.login('firm') }), 403, 'forbidden');
    expectProblem(await t.call('GET', '/api/risks/proposals?minFirms=0', { cookie: sec4 }), 400, 'validation_failed');
  });

  it('accepting registers the prefilled risk with its firms in one audited step, once; an open risk from it hides the proposal', async () => {
    const key = idem();
    const res = await t.call('POST', '/api/risks/proposals', { cookie: sec4, body: { blocker: 'labour', minFirms: 2 }, headers: key });
    expect(res.statusCode, res.body).toBe(201);
    const risk = json<{ id: number; title: string; category: string; sourceBlocker: string; status: string; likelihood: number; enterprises: { id: number }[]; description: string; version: number }>(res);
    expect(risk).toMatchObject({ category: 'labour', sourceBlocker: 'labour', status: 'open', likelihood: 4 });
    expect(risk.enterprises.map((e) => e.id).sort((a, b) => a - b)).toEqual(members4.slice(0, 6).map((m) => m.id).sort((a, b) => a - b));
    expect(risk.title).toContain('6');
    expect(risk.description).toContain('2026-11-19');
    // The same key answers the same risk; a new key finds the proposal gone.
    const again = await t.call('POST', '/api/risks/proposals', { cookie: sec4, body: { blocker: 'labour', minFirms: 2 }, headers: key });
    expect(json<{ id: number }>(again).id).toBe(risk.id);
    expectProblem(await t.call('POST', '/api/risks/proposals', { cookie: sec4, body: { blocker: 'labour', minFirms: 2 }, headers: idem() }), 409, 'proposal_not_standing');
    expect((await proposals(sec4, '?minFirms=2')).items.map((x) => x.blocker)).toEqual(['logistics']);
    const audit = await t.handle.db.selectFrom('audit_log').selectAll().where('target_type', '=', 'risk').where('target_id', '=', String(risk.id)).execute();
    expect(audit.map((a) => a.action)).toEqual(['risk.create']);
    expect(JSON.parse(String(audit[0]!.detail_json))).toMatchObject({ sourceBlocker: 'labour', firms: 6 });
    expect(await t.handle.db.selectFrom('risks').select('id').where('source_blocker', '=', 'labour').execute()).toHaveLength(1);

    // Too few firms for the threshold: refused, nothing written.
    expectProblem(await t.call('POST', '/api/risks/proposals', { cookie: sec4, body: { blocker: 'logistics', minFirms: 3 }, headers: idem() }), 409, 'proposal_not_standing');
    // A commissioner reads proposals but cannot accept; overrides apply.
    expectProblem(await t.call('POST', '/api/risks/proposals', { cookie: await t.login('commissioner'), body: { blocker: 'logistics', minFirms: 2 }, headers: idem() }), 403, 'forbidden');
    const logistics = await t.call('POST', '/api/risks/proposals', { cookie: sec4, body: { blocker: 'logistics', minFirms: 2, title: '物流受阻风险', impact: 5, reviewDate: '2026-12-01' }, headers: idem() });
    expect(logistics.statusCode, logistics.body).toBe(201);
    expect(json(logistics)).toMatchObject({ title: '物流受阻风险', category: 'supply', impact: 5, score: 20, reviewDate: '2026-12-01', sourceBlocker: 'logistics' });

    // Closing the risk brings the proposal back.
    const closed = await t.call('PATCH', `/api/risks/${risk.id}`, { cookie: sec4, body: { status: 'closed', version: risk.version } });
    expect(closed.statusCode, closed.body).toBe(200);
    expect((await proposals(sec4, '?minFirms=2')).items.map((x) => x.blocker)).toEqual(['labour']);
  });
});
