import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json } from '../../test/helpers';
import { remindRiskReviews } from './risks.service';

interface Risk {
  id: number;
  score: number;
  level: string;
  version: number;
  status: string;
  reviewOverdue: boolean;
  enterprises: { id: number }[];
  tickets: { id: number; title: string; status: string }[];
  owner: { id: number } | null;
}

describe.each(DIALECTS)('risk register (%s)', (dialect) => {
  let t: TestApp;
  let secretary: string;
  let sec4: string;
  let ids: Record<string, number>;
  let members4: number[];

  const create = async (cookie: string, body: Record<string, unknown>) => {
    const res = await t.call('POST', '/api/risks', { cookie, body: { title: '风险测试', category: 'supply', likelihood: 3, impact: 3, ...body }, headers: idem() });
    expect(res.statusCode, res.body).toBe(201);
    return json<Risk>(res);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    secretary = await t.login('secretary');
    sec4 = await t.login('secretary-techpark');
    ids = Object.fromEntries(t.seed.users.map((u) => [u.username, u.id]));
    members4 = json<{ items: { id: number }[] }>(await t.call('GET', '/api/enterprises?pageSize=200', { cookie: sec4 })).items.map((e) => e.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('registers a risk with score, level, owner and linked members; checks references', async () => {
    const r = await create(sec4, { likelihood: 4, impact: 4, ownerUserId: ids['market-techpark'], enterpriseIds: [members4[0], members4[1], members4[0]], reviewDate: '2026-12-01' });
    expect(r).toMatchObject({ score: 16, level: 'high', status: 'open', reviewOverdue: false, owner: { id: ids['market-techpark'] } });
    expect(r.enterprises.map((e) => e.id).sort()).toEqual([members4[0], members4[1]].sort());
    const bad = await t.call('POST', '/api/risks', { cookie: sec4, body: { title: '越界', category: 'labour', likelihood: 6, impact: 0 }, headers: idem() });
    expect(expectProblem(bad, 400, 'validation_failed').errors?.map((e) => e.path).sort()).toEqual(['impact', 'likelihood']);
    const refs = await t.call('POST', '/api/risks', { cookie: sec4, body: { title: '越界', category: 'labour', likelihood: 2, impact: 2, ownerUserId: ids['secretary-fishery'], enterpriseIds: [1] }, headers: idem() });
    expect(expectProblem(refs, 400, 'validation_failed').errors?.map((e) => `${e.path}:${e.code}`)).toEqual(['ownerUserId:not_staff', 'enterpriseIds.0:not_a_member']);
  });

  it('edits with a version check; a group member may, an enterprise or commissioner may not', async () => {
    const r = await create(sec4, { likelihood: 2, impact: 2 });
    const member = await t.login('policy-techpark');
    const res = await t.call('PATCH', `/api/risks/${r.id}`, { cookie: member, body: { likelihood: 5, impact: 3, status: 'mitigating', mitigation: '启动应急采购', version: r.version } });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<Risk>(res)).toMatchObject({ score: 15, level: 'high', status: 'mitigating', version: r.version + 1 });
    expectProblem(await t.call('PATCH', `/api/risks/${r.id}`, { cookie: member, body: { impact: 1, version: r.version } }), 409, 'version_conflict');
    expectProblem(await t.call('PATCH', `/api/risks/${r.id}`, { cookie: await t.login('commissioner'), body: { impact: 1, version: r.version + 1 } }), 403, 'forbidden');
    expectProblem(await t.call('GET', '/api/risks', { cookie: await t.login('firm') }), 403, 'forbidden');
    // Another alliance: not found.
    expectProblem(await t.call('GET', `/api/risks/${r.id}`, { cookie: secretary }), 404, 'not_found');
    expectProblem(await t.call('PATCH', `/api/risks/${r.id}`, { cookie: secretary, body: { impact: 1, version: r.version + 1 } }), 404, 'not_found');
  });

  it('a 5 × 5 heat map of open and mitigating risks', async () => {
    const fresh = await t.login('secretary-techpark');
    const before = json<{ counts: number[][]; total: number }>(await t.call('GET', '/api/risks/heatmap', { cookie: fresh }));
    const a = await create(fresh, { likelihood: 1, impact: 5 });
    await create(fresh, { likelihood: 1, impact: 5 });
    const closed = await create(fresh, { likelihood: 5, impact: 1, status: 'closed' });
    const map = json<{ counts: number[][]; cells: { likelihood: number; impact: number; count: number }[]; total: number }>(await t.call('GET', '/api/risks/heatmap', { cookie: fresh }));
    expect(map.counts).toHaveLength(5);
    expect(map.counts.every((row) => row.length === 5)).toBe(true);
    expect(map.cells).toHaveLength(25);
    expect(map.counts[0]![4]! - before.counts[0]![4]!).toBe(2);
    expect(map.counts[4]![0]).toBe(before.counts[4]![0]);
    expect(map.total - before.total).toBe(2);
    const onlyClosed = json<{ counts: number[][]; total: number }>(await t.call('GET', '/api/risks/heatmap?status=closed', { cookie: fresh }));
    expect(onlyClosed.counts[4]![0]).toBe(1);
    expect(a.level).toBe('low');
    expect(closed.status).toBe('closed');
  });

  it('lists with filters and sorting; overdue reviews', async () => {
    await create(sec4, { title: '审查过期风险', reviewDate: '2026-11-20', likelihood: 3, impact: 4 });
    await create(sec4, { title: '已关闭不算', reviewDate: '2026-11-01', status: 'closed' });
    const overdue = json<{ items: (Risk & { title: string })[] }>(await t.call('GET', '/api/risks/reviews/overdue', { cookie: sec4 })).items;
    expect(overdue.map((r) => r.title)).toContain('审查过期风险');
    expect(overdue.map((r) => r.title)).not.toContain('已关闭不算');
    expect(overdue.every((r) => r.reviewOverdue)).toBe(true);
    const high = json<{ items: Risk[] }>(await t.call('GET', '/api/risks?level=high&pageSize=200', { cookie: sec4 })).items;
    expect(high.length).toBeGreaterThan(0);
    expect(high.every((r) => r.score >= 15)).toBe(true);
    const byScore = json<{ items: Risk[] }>(await t.call('GET', '/api/risks?pageSize=200', { cookie: sec4 })).items.map((r) => r.score);
    expect(byScore).toEqual([...byScore].sort((a, b) => b - a));
    const linked = json<{ items: Risk[] }>(await t.call('GET', `/api/risks?enterpriseId=${members4[0]}`, { cookie: sec4 })).items;
    expect(linked.every((r) => r.enterprises.some((e) => e.id === members4[0]))).toBe(true);
    const search = json<{ items: (Risk & { title: string })[] }>(await t.call('GET', `/api/risks?q=${encodeURIComponent('审查过期')}`, { cookie: sec4 })).items;
    expect(search.map((r) => r.title)).toEqual(['审查过期风险']);
    // The demo register of the leather chain is there, with its overdue reviews.
    const leather = json<{ items: Risk[]; total: number }>(await t.call('GET', '/api/risks', { cookie: secretary }));
    expect(leather.total).toBe(5);
  });

  it('deletes with a version check, audited', async () => {
    const r = await create(sec4, { title: '误录入' });
    expectProblem(await t.call('DELETE', `/api/risks/${r.id}?version=${r.version + 1}`, { cookie: sec4 }), 409, 'version_conflict');
    const res = await t.call('DELETE', `/api/risks/${r.id}?version=${r.version}`, { cookie: sec4 });
    expect(res.statusCode, res.body).toBe(200);
    expectProblem(await t.call('GET', `/api/risks/${r.id}`, { cookie: sec4 }), 404, 'not_found');
    const audit = await t.handle.db.selectFrom('audit_log').select('action').where('target_type', '=', 'risk').where('target_id', '=', String(r.id)).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['risk.create', 'risk.delete']);
  });

  it('links problems and firms both ways: the risk lists them, and lists of risks filter by either', async () => {
    const sec = await t.login('secretary');
    const leatherTickets = json<{ items: { id: number; title: string; status: string }[] }>(await t.call('GET', '/api/tickets?pageSize=5', { cookie: sec })).items;
    expect(leatherTickets.length).toBeGreaterThan(1);
    const firms = json<{ items: { id: number }[] }>(await t.call('GET', '/api/enterprises?pageSize=3', { cookie: sec })).items.map((e) => e.id);
    const r = await create(sec, { title: '皮革供应风险', ticketIds: [leatherTickets[0]!.id, leatherTickets[0]!.id], enterpriseIds: [firms[0]] });
    expect(r.tickets).toEqual([{ id: leatherTickets[0]!.id, title: leatherTickets[0]!.title, status: leatherTickets[0]!.status }]);
    const byTicket = json<{ items: { id: number }[] }>(await t.call('GET', `/api/risks?ticketId=${leatherTickets[0]!.id}`, { cookie: sec })).items.map((x) => x.id);
    expect(byTicket).toEqual([r.id]);
    expect(json<{ items: { id: number }[] }>(await t.call('GET', `/api/risks?enterpriseId=${firms[0]}`, { cookie: sec })).items.map((x) => x.id)).toContain(r.id);
    // PATCH replaces the problems named; another alliance's problem is refused.
    const res = await t.call('PATCH', `/api/risks/${r.id}`, { cookie: sec, body: { ticketIds: [leatherTickets[1]!.id], version: r.version } });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<Risk>(res).tickets.map((x) => x.id)).toEqual([leatherTickets[1]!.id]);
    expect(json<{ items: unknown[] }>(await t.call('GET', `/api/risks?ticketId=${leatherTickets[0]!.id}`, { cookie: sec })).items).toEqual([]);
    const theirs = json<{ items: { id: number }[] }>(await t.call('GET', '/api/tickets?pageSize=1', { cookie: await t.login('secretary-fishery') })).items[0]!.id;
    const bad = await t.call('PATCH', `/api/risks/${r.id}`, { cookie: sec, body: { ticketIds: [theirs], version: r.version + 1 } });
    expect(expectProblem(bad, 400, 'validation_failed').errors?.map((e) => `${e.path}:${e.code}`)).toEqual(['ticketIds.0:unknown_reference']);
  });

  it("reminds the owner once per review date when it falls due (moved clock), and again after it is moved", async () => {
    const owner = ids['market-techpark']!;
    // TEST_NOW is 2026-11-25 (Shanghai): a review on the 27th is not due yet.
    const r = await create(sec4, { title: '复核提醒测试', ownerUserId: owner, reviewDate: '2026-11-27' });
    const reminders = () => t.handle.db.selectFrom('notifications').select(['user_id', 'payload_json']).where('kind', '=', 'risk.review_due').where('payload_json', 'like', `%"riskId":${r.id},%`).execute();
    const start = t.clock.now();
    try {
      await remindRiskReviews(t.deps);
      expect(await reminders()).toHaveLength(0);
      t.clock.set('2026-11-27T01:00:00.000Z'); // 09:00 in Shanghai on the review date
      await remindRiskReviews(t.deps);
      await remindRiskReviews(t.deps);
      t.clock.set('2026-11-28T01:00:00.000Z');
      await remindRiskReviews(t.deps);
      const once = await reminders();
      expect(once.map((n) => n.user_id)).toEqual([owner]);
      expect(JSON.parse(once[0]!.payload_json)).toMatchObject({ riskId: r.id, title: '复核提醒测试', reviewDate: '2026-11-27' });
      // A new review date arms the next reminder; a closed risk is not reminded.
      // The moved clock outlived the session: sign in again.
      const now4 = await t.login('secretary-techpark');
      const patched = await t.call('PATCH', `/api/risks/${r.id}`, { cookie: now4, body: { reviewDate: '2026-11-28', version: r.version } });
      expect(patched.statusCode, patched.body).toBe(200);
      const moved = json<Risk>(patched);
      await remindRiskReviews(t.deps);
      await remindRiskReviews(t.deps);
      expect(await reminders()).toHaveLength(2);
      await t.call('PATCH', `/api/risks/${r.id}`, { cookie: now4, body: { reviewDate: '2026-11-28', status: 'closed', version: moved.version } });
      t.clock.set('2026-12-05T01:00:00.000Z');
      await remindRiskReviews(t.deps);
      expect(await reminders()).toHaveLength(2);
    } finally {
      t.clock.set(start);
    }
  });
});
