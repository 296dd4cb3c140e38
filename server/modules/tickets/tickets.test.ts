import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json } from '../../test/helpers';
import { addDays, shanghaiDate } from '../../domain/workdays';

interface Ticket {
  id: number;
  status: string;
  version: number;
  leadGroup: string | null;
  leadUser: { id: number } | null;
  source: string;
  responseDueAt: string;
  resolveDueAt: string;
  events: { kind: string; visibility: string; body: string }[];
  children: { id: number; status: string; version: number }[];
  can: { handle: boolean; transitions: string[]; rate: boolean; commentInternal: boolean };
  [k: string]: unknown;
}

describe.each(DIALECTS)('tickets (%s)', (dialect) => {
  let t: TestApp;
  const c = {} as Record<'secretary' | 'tech' | 'policy' | 'market' | 'commissioner' | 'firm' | 'staff' | 'expert' | 'fishery', string>;
  let ids: Record<string, number>;

  const file = async (cookie: string, body: Record<string, unknown>, key = idem()) => {
    const res = await t.call('POST', '/api/tickets', { cookie, body: { category: 'logistics', title: '测试问题', description: '说明', ...body }, headers: key });
    expect(res.statusCode, res.body).toBe(201);
    return json<Ticket>(res);
  };
  const get = async (cookie: string, id: number) => t.call('GET', `/api/tickets/${id}`, { cookie });
  const list = async (cookie: string, query = '') => json<{ items: { id: number }[]; total: number }>(await t.call('GET', `/api/tickets?pageSize=200${query}`, { cookie })).items.map((i) => i.id);
  const move = async (cookie: string, id: number, to: string, note = '处理说明') => {
    const v = json<Ticket>(await get(c.secretary, id)).version;
    return t.call('POST', `/api/tickets/${id}/transitions`, { cookie, body: { to, version: v, note } });
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    c.secretary = await t.login('secretary');
    c.tech = await t.login('tech');
    c.policy = await t.login('policy-leather');
    c.market = await t.login('market-leather');
    c.commissioner = await t.login('commissioner');
    c.firm = await t.login('firm');
    c.staff = await t.login('staff');
    c.expert = await t.login('expert');
    c.fishery = await t.login('secretary-fishery');
    ids = Object.fromEntries(t.seed.users.map((u) => [u.username, u.id]));
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('filing', () => {
    it('an enterprise files its own problem: routed by the default rule, deadlines in working days', async () => {
      const tk = await file(c.firm, { enterpriseId: 1, category: 'logistics', priority: 'normal' });
      expect(tk).toMatchObject({ status: 'submitted', source: 'enterprise', leadGroup: 'policy', leadUser: null, escalationLevel: 0, overdue: false });
      // Filed Wednesday 2026-11-25 10:00 Shanghai: answer the same day, resolve within 5 working days.
      expect(tk.responseDueAt).toBe('2026-11-25T16:00:00.000Z');
      expect(tk.resolveDueAt).toBe('2026-12-02T16:00:00.000Z');
      expect(tk.events.map((e) => e.kind)).toEqual(['created']);
      const urgent = await file(c.staff, { enterpriseId: 1, category: 'equipment', priority: 'urgent' });
      expect(urgent.leadGroup).toBe('tech');
      expect(urgent.resolveDueAt).toBe('2026-11-26T16:00:00.000Z');
    });

    it('a commissioner files on behalf of a firm in the caseload, not outside it', async () => {
      const tk = await file(c.commissioner, { enterpriseId: 2, category: 'prevention_supplies' });
      expect(tk).toMatchObject({ source: 'commissioner', leadGroup: 'prevention' });
      const outside = t.seed.enterprises; // a leather member outside the caseload of ten
      const members = json<{ items: { id: number }[] }>(await t.call('GET', '/api/enterprises?pageSize=200', { cookie: c.secretary })).items.map((e) => e.id);
      const notCaseload = members.find((id) => id > 10)!;
      expect(outside).toBeGreaterThan(0);
      expectProblem(await t.call('POST', '/api/tickets', { cookie: c.commissioner, body: { enterpriseId: notCaseload, category: 'funds', title: '越权代报' }, headers: idem() }), 403, 'forbidden');
    });

    it('an enterprise cannot file for another (404) and another alliance cannot file for a leather firm (404)', async () => {
      expectProblem(await t.call('POST', '/api/tickets', { cookie: c.firm, body: { enterpriseId: 2, category: 'funds', title: '替别人报' }, headers: idem() }), 404, 'not_found');
      expectProblem(await t.call('POST', '/api/tickets', { cookie: c.fishery, body: { enterpriseId: 1, category: 'funds', title: '跨联盟' }, headers: idem() }), 404, 'not_found');
    });

    it('the same Idempotency-Key replays the same ticket; a different body with it is refused', async () => {
      const key = idem();
      const a = await file(c.firm, { enterpriseId: 1, title: '幂等测试' }, key);
      const b = await file(c.firm, { enterpriseId: 1, title: '幂等测试' }, key);
      expect(b.id).toBe(a.id);
      const n = await t.handle.db.selectFrom('tickets').select((eb) => eb.fn.countAll().as('n')).where('title', '=', '幂等测试').executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(1);
      expectProblem(await t.call('POST', '/api/tickets', { cookie: c.firm, body: { enterpriseId: 1, category: 'logistics', title: '别的内容' }, headers: key }), 422, 'idempotency_key_reused');
      expectProblem(await t.call('POST', '/api/tickets', { cookie: c.firm, body: { enterpriseId: 1, category: 'logistics', title: '缺少幂等键' } }), 400, 'idempotency_key_required');
    });
  });

  describe('routing rules and SLA policies', () => {
    it('the secretary re-routes a category; new tickets follow, with version checks', async () => {
      const rules = json<{ rules: { category: string; workingGroup: string | null; isDefault: boolean }[]; version: number }>(await t.call('GET', '/api/routing-rules', { cookie: c.tech }));
      expect(rules.rules).toHaveLength(10);
      expect(rules.rules.find((r) => r.category === 'logistics')).toMatchObject({ workingGroup: 'policy', isDefault: true });
      expectProblem(await t.call('PUT', '/api/routing-rules', { cookie: c.tech, body: { rules: [{ category: 'logistics', workingGroup: 'market' }], version: rules.version } }), 403, 'forbidden');
      const put = await t.call('PUT', '/api/routing-rules', { cookie: c.secretary, body: { rules: [{ category: 'logistics', workingGroup: 'market' }, { category: 'other', workingGroup: 'policy' }], version: rules.version } });
      expect(put.statusCode, put.body).toBe(200);
      const after = json<typeof rules>(put);
      expect(after.version).toBe(rules.version + 1);
      expect(after.rules.find((r) => r.category === 'logistics')).toMatchObject({ workingGroup: 'market', isDefault: false });
      expectProblem(await t.call('PUT', '/api/routing-rules', { cookie: c.secretary, body: { rules: [{ category: 'logistics', workingGroup: 'policy' }], version: rules.version } }), 409, 'version_conflict');
      expect((await file(c.firm, { enterpriseId: 1, category: 'logistics' })).leadGroup).toBe('market');
      // Other alliances keep their own (default) rules.
      const fishery = json<typeof rules>(await t.call('GET', '/api/routing-rules', { cookie: c.fishery }));
      expect(fishery.rules.find((r) => r.category === 'logistics')).toMatchObject({ workingGroup: 'policy', isDefault: true });
      // Restore.
      await t.call('PUT', '/api/routing-rules', { cookie: c.secretary, body: { rules: [{ category: 'logistics', workingGroup: 'policy' }, { category: 'other', workingGroup: null }], version: after.version } });
    });

    it('SLA policies change the deadlines of tickets filed afterwards', async () => {
      const sla = json<{ policies: { priority: string; responseDays: number; resolveDays: number }[]; version: number }>(await t.call('GET', '/api/sla-policies', { cookie: c.secretary }));
      expect(sla.policies.map((p) => [p.priority, p.responseDays, p.resolveDays])).toEqual([['urgent', 0, 1], ['high', 0, 3], ['normal', 0, 5], ['low', 0, 10]]);
      const put = await t.call('PUT', '/api/sla-policies', { cookie: c.secretary, body: { policies: [{ priority: 'low', responseDays: 1, resolveDays: 2 }], version: sla.version } });
      expect(put.statusCode, put.body).toBe(200);
      const tk = await file(c.firm, { enterpriseId: 1, priority: 'low' });
      expect(tk.responseDueAt).toBe('2026-11-26T16:00:00.000Z');
      expect(tk.resolveDueAt).toBe('2026-11-27T16:00:00.000Z');
      await t.call('PUT', '/api/sla-policies', { cookie: c.secretary, body: { policies: [{ priority: 'low', responseDays: 0, resolveDays: 10 }], version: json<typeof sla>(put).version } });
    });

    it('changing the priority recomputes the deadlines from the filing time', async () => {
      const tk = await file(c.firm, { enterpriseId: 1, priority: 'normal' });
      const res = await t.call('PATCH', `/api/tickets/${tk.id}`, { cookie: c.secretary, body: { priority: 'urgent', version: tk.version } });
      expect(res.statusCode, res.body).toBe(200);
      expect(json<Ticket>(res).resolveDueAt).toBe('2026-11-26T16:00:00.000Z');
      expectProblem(await t.call('PATCH', `/api/tickets/${tk.id}`, { cookie: c.secretary, body: { title: '旧版本', version: tk.version } }), 409, 'version_conflict');
      // A handler of another group may not edit it; an enterprise never.
      expectProblem(await t.call('PATCH', `/api/tickets/${tk.id}`, { cookie: c.market, body: { title: '别组改', version: tk.version + 1 } }), 403, 'forbidden');
      expectProblem(await t.call('PATCH', `/api/tickets/${tk.id}`, { cookie: c.firm, body: { title: '企业改', version: tk.version + 1 } }), 403, 'forbidden');
    });
  });

  describe('visibility', () => {
    let own: Ticket;
    let other: Ticket;

    beforeAll(async () => {
      own = await file(c.firm, { enterpriseId: 1, title: '本企业问题' });
      other = await file(c.secretary, { enterpriseId: 2, title: '别家企业的问题', category: 'funds' });
    });

    it("an enterprise never sees another enterprise's tickets: not listed, 404 on every route", async () => {
      const mine = await list(c.firm);
      expect(mine).toContain(own.id);
      expect(mine).not.toContain(other.id);
      const rows = await t.handle.db.selectFrom('tickets').select(['id', 'enterprise_id']).where('id', 'in', mine).execute();
      expect(new Set(rows.map((r) => r.enterprise_id))).toEqual(new Set([1]));
      expectProblem(await get(c.firm, other.id), 404, 'not_found');
      expectProblem(await t.call('POST', `/api/tickets/${other.id}/comments`, { cookie: c.firm, body: { body: '偷看' }, headers: idem() }), 404, 'not_found');
      expectProblem(await t.call('POST', `/api/tickets/${other.id}/transitions`, { cookie: c.firm, body: { to: 'closed', version: other.version, note: '撤回' } }), 404, 'not_found');
      expectProblem(await t.call('POST', `/api/tickets/${other.id}/satisfaction`, { cookie: c.firm, body: { score: 1 }, headers: idem() }), 404, 'not_found');
      // Another alliance sees nothing of the leather chain.
      expectProblem(await get(c.fishery, own.id), 404, 'not_found');
      expect(await list(c.fishery)).not.toContain(own.id);
      // An expert not named on a ticket does not see it.
      expectProblem(await get(c.expert, own.id), 404, 'not_found');
    });

    it('internal comments are for handlers only; an enterprise cannot write one', async () => {
      const pub = await t.call('POST', `/api/tickets/${own.id}/comments`, { cookie: c.secretary, body: { body: '已收到，正在协调。' }, headers: idem() });
      expect(pub.statusCode, pub.body).toBe(201);
      const internal = await t.call('POST', `/api/tickets/${own.id}/comments`, { cookie: c.secretary, body: { body: '内部：该企业历史欠款较多', visibility: 'internal' }, headers: idem() });
      expect(internal.statusCode).toBe(201);
      const seenByFirm = json<Ticket>(await get(c.firm, own.id));
      expect(seenByFirm.events.map((e) => e.body)).toContain('已收到，正在协调。');
      expect(seenByFirm.events.some((e) => e.visibility === 'internal')).toBe(false);
      expect(JSON.stringify(seenByFirm)).not.toContain('历史欠款');
      expect(seenByFirm.can).toMatchObject({ handle: false, commentInternal: false });
      const seenByStaff = json<Ticket>(await get(c.tech, own.id));
      expect(seenByStaff.events.map((e) => e.body)).toContain('内部：该企业历史欠款较多');
      expectProblem(await t.call('POST', `/api/tickets/${own.id}/comments`, { cookie: c.firm, body: { body: '我也要内部', visibility: 'internal' }, headers: idem() }), 403, 'forbidden');
      // A handler's public answer is the first response.
      expect(seenByFirm.firstResponseAt).toBe(t.clock.now().toISOString());
    });

    it('a co-handling enterprise sees the ticket (without internal entries); a named expert sees and handles it', async () => {
      const r = await t.call('PUT', `/api/tickets/${other.id}/handlers`, {
        cookie: c.secretary,
        body: { handlers: [{ kind: 'enterprise', enterpriseId: 1 }, { kind: 'user', userId: ids.expert }, { kind: 'group', workingGroup: 'market' }], version: other.version },
      });
      expect(r.statusCode, r.body).toBe(200);
      const updated = json<Ticket>(r);
      expect(updated.handlers).toHaveLength(3);
      const byFirm = json<Ticket>(await get(c.firm, other.id));
      expect(byFirm.events.some((e) => e.visibility === 'internal')).toBe(false);
      expect(byFirm.can.handle).toBe(false);
      expect(await list(c.firm)).toContain(other.id);
      const byExpert = json<Ticket>(await get(c.expert, other.id));
      expect(byExpert.can.handle).toBe(true);
      expect(byExpert.events.some((e) => e.kind === 'handlers')).toBe(true);
      expect(await list(c.expert)).toEqual([other.id]);
      // Handlers must be of the alliance: a fishery person, a non-member firm, duplicates are refused.
      const bad = await t.call('PUT', `/api/tickets/${other.id}/handlers`, {
        cookie: c.secretary,
        body: { handlers: [{ kind: 'user', userId: ids['secretary-fishery'] }, { kind: 'enterprise', enterpriseId: 999 }, { kind: 'group', workingGroup: 'tech' }, { kind: 'group', workingGroup: 'tech' }], version: updated.version },
      });
      const doc = expectProblem(bad, 400, 'validation_failed');
      expect(doc.errors?.map((e) => `${e.path}:${e.code}`).sort()).toEqual(['handlers.0.userId:not_staff', 'handlers.1.enterpriseId:not_a_member', 'handlers.3:duplicate_entry']);
    });
  });

  describe('queues, filters, search', () => {
    it('mine, group, unassigned, overdue and due soon', async () => {
      const techTicket = await file(c.firm, { enterpriseId: 1, category: 'equipment', title: '队列测试设备问题' });
      const unrouted = await file(c.firm, { enterpriseId: 1, category: 'other', title: '队列测试其他问题' });
      expect(unrouted.leadGroup).toBeNull();
      const assigned = await t.call('POST', `/api/tickets/${techTicket.id}/transfer`, { cookie: c.secretary, body: { toUserId: ids.tech, reason: '指定技术组专人', version: techTicket.version } });
      expect(assigned.statusCode, assigned.body).toBe(200);
      expect(await list(c.tech, '&queue=mine')).toContain(techTicket.id);
      expect(await list(c.tech, '&queue=group')).toContain(techTicket.id);
      expect(await list(c.policy, '&queue=group')).not.toContain(techTicket.id);
      expect(await list(c.secretary, '&queue=unassigned')).toContain(unrouted.id);
      expect(await list(c.secretary, '&queue=unassigned')).not.toContain(techTicket.id);
      // Normal priority, due Wednesday 2026-12-02: due soon from Tuesday, overdue after Wednesday.
      // (Sessions idle out when the clock jumps: sign in again at each instant.)
      expect(await list(c.secretary, '&queue=due_soon')).not.toContain(techTicket.id);
      t.clock.set('2026-12-01T02:00:00.000Z');
      let sec = await t.login('secretary');
      expect(await list(sec, '&queue=due_soon')).toContain(techTicket.id);
      expect(await list(sec, '&queue=overdue')).not.toContain(techTicket.id);
      t.clock.set('2026-12-03T02:00:00.000Z');
      sec = await t.login('secretary');
      expect(await list(sec, '&queue=overdue')).toContain(techTicket.id);
      expect(await list(sec, '&queue=due_soon')).not.toContain(techTicket.id);
      const overdueItem = json<{ items: { id: number; overdue: boolean }[] }>(await t.call('GET', `/api/tickets?q=%23${techTicket.id}`, { cookie: sec })).items[0];
      expect(overdueItem).toMatchObject({ id: techTicket.id, overdue: true });
      t.clock.set('2026-11-25T02:00:00.000Z');
    });

    it('filters, search and sort', async () => {
      const hit = await file(c.firm, { enterpriseId: 1, category: 'funds', priority: 'urgent', title: '搜索关键词麒麟' });
      expect(await list(c.secretary, `&q=${encodeURIComponent('麒麟')}`)).toEqual([hit.id]);
      expect(await list(c.secretary, `&q=%23${hit.id}`)).toEqual([hit.id]);
      const funds = json<{ items: { category: string }[] }>(await t.call('GET', '/api/tickets?category=funds&pageSize=200', { cookie: c.secretary })).items;
      expect(funds.length).toBeGreaterThan(0);
      expect(funds.every((x) => x.category === 'funds')).toBe(true);
      const rank = { urgent: 0, high: 1, normal: 2, low: 3 } as Record<string, number>;
      const byPriority = json<{ items: { priority: string }[] }>(await t.call('GET', '/api/tickets?sort=priority&order=desc&pageSize=200', { cookie: c.secretary })).items.map((x) => rank[x.priority]!);
      expect(byPriority[0]).toBe(0);
      expect(byPriority).toEqual([...byPriority].sort((a, b) => a - b));
      const page = json<{ items: unknown[]; total: number; page: number; pageSize: number }>(await t.call('GET', '/api/tickets?page=2&pageSize=3', { cookie: c.secretary }));
      expect(page.items).toHaveLength(3);
      expect(page.total).toBeGreaterThan(6);
      expect(page).toMatchObject({ page: 2, pageSize: 3 });
      expectProblem(await t.call('GET', '/api/tickets?queue=everything', { cookie: c.secretary }), 400, 'validation_failed');
    });
  });

  describe('handling', () => {
    it('transfer needs a reason and a person of the alliance, and is on the timeline', async () => {
      const tk = await file(c.firm, { enterpriseId: 1, category: 'funds' });
      const noReason = await t.call('POST', `/api/tickets/${tk.id}/transfer`, { cookie: c.policy, body: { toGroup: 'market', version: tk.version } });
      expectProblem(noReason, 400, 'validation_failed');
      const outsider = await t.call('POST', `/api/tickets/${tk.id}/transfer`, { cookie: c.policy, body: { toUserId: ids['policy-fishery'], reason: '转给别的联盟', version: tk.version } });
      expect(expectProblem(outsider, 400, 'validation_failed').errors?.[0]).toMatchObject({ path: 'toUserId', code: 'not_staff' });
      // The market group is not a handler of a policy ticket.
      expectProblem(await t.call('POST', `/api/tickets/${tk.id}/transfer`, { cookie: c.market, body: { toGroup: 'market', reason: '抢单', version: tk.version } }), 403, 'forbidden');
      const res = await t.call('POST', `/api/tickets/${tk.id}/transfer`, { cookie: c.policy, body: { toGroup: 'market', reason: '属于订单对接问题', version: tk.version } });
      expect(res.statusCode, res.body).toBe(200);
      const moved = json<Ticket>(res);
      expect(moved.leadGroup).toBe('market');
      expect(moved.events.at(-1)).toMatchObject({ kind: 'transfer', body: '属于订单对接问题', data: { fromGroup: 'policy', toGroup: 'market' } });
      // Now policy no longer handles it, market does.
      expect(json<Ticket>(await get(c.policy, tk.id)).can.handle).toBe(false);
      expect(json<Ticket>(await get(c.market, tk.id)).can.handle).toBe(true);
    });

    it('the enterprise withdraws before acceptance, confirms or reopens after resolution — nothing else', async () => {
      const tk = await file(c.firm, { enterpriseId: 1 });
      expectProblem(await move(c.firm, tk.id, 'accepted'), 403, 'forbidden');
      expect((await move(c.policy, tk.id, 'accepted')).statusCode).toBe(200);
      expect((await move(c.policy, tk.id, 'in_progress')).statusCode).toBe(200);
      expectProblem(await move(c.firm, tk.id, 'resolved'), 403, 'forbidden');
      expect((await move(c.policy, tk.id, 'resolved')).statusCode).toBe(200);
      const reopened = await move(c.staff, tk.id, 'in_progress', '仍缺车辆');
      expect(reopened.statusCode, reopened.body).toBe(200);
      expect(json<Ticket>(reopened).resolvedAt).toBeNull();
      expect((await move(c.policy, tk.id, 'resolved')).statusCode).toBe(200);
      const v = json<Ticket>(await get(c.firm, tk.id)).version;
      const closed = await t.call('POST', `/api/tickets/${tk.id}/transitions`, { cookie: c.firm, body: { to: 'closed', version: v, satisfaction: { score: 4, comment: '满意' } } });
      expect(closed.statusCode, closed.body).toBe(200);
      expect(json<Ticket>(closed)).toMatchObject({ status: 'closed', satisfaction: 4, satisfactionComment: '满意' });
      expectProblem(await t.call('POST', `/api/tickets/${tk.id}/satisfaction`, { cookie: c.firm, body: { score: 5 }, headers: idem() }), 409, 'already_rated');
      // Withdrawal.
      const w = await file(c.firm, { enterpriseId: 1 });
      expectProblem(await move(c.firm, w.id, 'closed', ''), 400, 'validation_failed');
      expect((await move(c.firm, w.id, 'closed', '已自行解决')).statusCode).toBe(200);
      const done = json<Ticket>(await get(c.firm, w.id));
      expect(done.can.transitions).toEqual([]);
      expect(done.can.rate).toBe(true);
    });

    it('好差评: only the enterprise, only once, only when closed', async () => {
      const tk = await file(c.firm, { enterpriseId: 1 });
      expectProblem(await t.call('POST', `/api/tickets/${tk.id}/satisfaction`, { cookie: c.firm, body: { score: 5 }, headers: idem() }), 409, 'rating_not_allowed');
      for (const to of ['accepted', 'in_progress', 'resolved', 'closed']) expect((await move(c.secretary, tk.id, to)).statusCode).toBe(200);
      expectProblem(await t.call('POST', `/api/tickets/${tk.id}/satisfaction`, { cookie: c.secretary, body: { score: 5 }, headers: idem() }), 403, 'forbidden');
      expectProblem(await t.call('POST', `/api/tickets/${tk.id}/satisfaction`, { cookie: c.firm, body: { score: 6 }, headers: idem() }), 400, 'validation_failed');
      const res = await t.call('POST', `/api/tickets/${tk.id}/satisfaction`, { cookie: c.staff, body: { score: 2, comment: '太慢了' }, headers: idem() });
      expect(res.statusCode, res.body).toBe(201);
      expect(json<Ticket>(res)).toMatchObject({ satisfaction: 2, satisfactionComment: '太慢了' });
      expectProblem(await t.call('POST', `/api/tickets/${tk.id}/satisfaction`, { cookie: c.firm, body: { score: 5 }, headers: idem() }), 409, 'already_rated');
    });

    it('split: sub-tickets start accepted; the parent cannot close early and closes with its last child', async () => {
      const parent = await file(c.firm, { enterpriseId: 1, category: 'other', title: '需要多个小组协同的问题' });
      expectProblem(await t.call('POST', `/api/tickets/${parent.id}/split`, { cookie: c.secretary, body: { children: [{ title: '子问题', category: 'funds' }], version: parent.version }, headers: idem() }), 409, 'cannot_split');
      expect((await move(c.secretary, parent.id, 'accepted')).statusCode).toBe(200);
      const v = json<Ticket>(await get(c.secretary, parent.id)).version;
      const res = await t.call('POST', `/api/tickets/${parent.id}/split`, {
        cookie: c.secretary,
        body: { children: [{ title: '协调资金', category: 'funds' }, { title: '协调设备', category: 'equipment', priority: 'high' }], version: v },
        headers: idem(),
      });
      expect(res.statusCode, res.body).toBe(201);
      const split = json<Ticket>(res);
      expect(split.status).toBe('in_progress');
      expect(split.children).toHaveLength(2);
      expect(split.children.every((ch) => ch.status === 'accepted')).toBe(true);
      const [a, b] = split.children;
      expect(json<Ticket>(await get(c.tech, b!.id)).leadGroup).toBe('tech');
      // The firm sees the children of its own ticket.
      expect(json<Ticket>(await get(c.firm, a!.id)).parentId).toBe(parent.id);
      expectProblem(await move(c.secretary, parent.id, 'resolved'), 409, 'children_open');
      for (const to of ['in_progress', 'resolved', 'closed']) expect((await move(c.secretary, a!.id, to)).statusCode).toBe(200);
      expect(json<Ticket>(await get(c.secretary, parent.id)).status).toBe('in_progress');
      for (const to of ['in_progress', 'resolved', 'closed']) expect((await move(c.secretary, b!.id, to)).statusCode).toBe(200);
      const closed = json<Ticket>(await get(c.firm, parent.id));
      expect(closed.status).toBe('closed');
      expect(closed.events.at(-1)).toMatchObject({ kind: 'status', fromStatus: 'in_progress', toStatus: 'closed', actor: null, data: { reason: 'children_closed' } });
    });
  });

  describe('proposals from daily reports', () => {
    const report = (date: string, blockers: { category: string; note: string }[]) => ({ reportDate: date, outputPct: 40, capacityPct: 60, staffOnDuty: 10, staffTotal: 20, stage: 'partial', blockers });

    it('a blocker reported two days running is proposed, confirmed by the enterprise, then no longer proposed', async () => {
      const put = async (date: string, blockers: { category: string; note: string }[]) => {
        const existing = await t.call('GET', `/api/enterprises/1/reports/${date}`, { cookie: c.firm });
        const version = existing.statusCode === 200 ? json<{ current: { version: number } }>(existing).current.version : undefined;
        const res = await t.call('POST', '/api/enterprises/1/reports', { cookie: c.firm, body: { ...report(date, blockers), ...(version ? { version } : {}) }, headers: idem() });
        expect(res.statusCode, res.body).toBeLessThan(300);
      };
      await put('2026-11-23', []);
      await put('2026-11-24', [{ category: 'orders', note: '外贸订单取消' }, { category: 'labour', note: '缺人' }]);
      await put('2026-11-25', [{ category: 'orders', note: '客户暂缓提货' }]);
      const proposals = json<{ items: { enterprise: { id: number }; category: string; dates: string[]; suggestedPriority: string; suggestedTitle: string }[] }>(await t.call('GET', '/api/tickets/proposals', { cookie: c.firm })).items;
      expect(proposals.every((p) => p.enterprise.id === 1)).toBe(true);
      const orders = proposals.find((p) => p.category === 'orders');
      expect(orders).toMatchObject({ dates: ['2026-11-25', '2026-11-24'], suggestedPriority: 'normal' });
      expect(orders!.suggestedTitle).toContain('客户暂缓提货');
      expect(proposals.some((p) => p.category === 'labour')).toBe(false);
      // The commissioner sees the caseload's proposals too; the fishery secretary none of them.
      expect(json<{ items: { category: string; enterprise: { id: number } }[] }>(await t.call('GET', '/api/tickets/proposals', { cookie: c.commissioner })).items.some((p) => p.enterprise.id === 1 && p.category === 'orders')).toBe(true);
      expect(json<{ items: { enterprise: { id: number } }[] }>(await t.call('GET', '/api/tickets/proposals', { cookie: c.fishery })).items.some((p) => p.enterprise.id === 1)).toBe(false);

      const confirmed = await t.call('POST', '/api/tickets/proposals/confirm', { cookie: c.firm, body: { enterpriseId: 1, category: 'orders' }, headers: idem() });
      expect(confirmed.statusCode, confirmed.body).toBe(201);
      expect(json<Ticket>(confirmed)).toMatchObject({ source: 'report', sourceRef: 'orders@2026-11-25', leadGroup: 'market', status: 'submitted' });
      const again = json<{ items: { category: string; enterprise: { id: number } }[] }>(await t.call('GET', '/api/tickets/proposals?enterpriseId=1', { cookie: c.firm })).items;
      expect(again.some((p) => p.category === 'orders')).toBe(false);
      expectProblem(await t.call('POST', '/api/tickets/proposals/confirm', { cookie: c.firm, body: { enterpriseId: 1, category: 'orders' }, headers: idem() }), 404, 'not_found');
      expectProblem(await t.call('POST', '/api/tickets/proposals/confirm', { cookie: c.firm, body: { enterpriseId: 1, category: 'labour' }, headers: idem() }), 404, 'not_found');
    });

    it('pages in firm name order: whole firms per page, the same proposals as one large page, filters kept', async () => {
      type P = { enterprise: { id: number; name: string }; category: string };
      type Page = { items: P[]; next: number | null };
      const walk = async (query: string) => {
        const pages: P[][] = [];
        let after: number | null = null;
        for (let i = 0; i < 500; i++) {
          const res = await t.call('GET', `/api/tickets/proposals?${query}${after ? `&after=${after}` : ''}`, { cookie: c.secretary });
          expect(res.statusCode, res.body).toBe(200);
          const page = json<Page>(res);
          pages.push(page.items);
          if (page.next === null) break;
          expect(page.next).toBe(page.items.at(-1)?.enterprise.id); // resumes after the page's last firm
          after = page.next;
        }
        return pages;
      };
      // Five more members list two blockers today and yesterday.
      const today = shanghaiDate(t.clock.now());
      const alliance = (await t.handle.db.selectFrom('alliance_members').select('alliance_id').where('enterprise_id', '=', 1).executeTakeFirstOrThrow()).alliance_id;
      const others = (await t.handle.db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', alliance).where('enterprise_id', '!=', 1).orderBy('enterprise_id', 'desc').limit(5).execute()).map((m) => m.enterprise_id);
      for (const id of others) {
        for (const date of [addDays(today, -1), today]) {
          await t.handle.db.deleteFrom('resumption_reports').where('enterprise_id', '=', id).where('report_date', '=', date).execute();
          await t.handle.db.insertInto('resumption_reports').values({ enterprise_id: id, report_date: date, output_pct: 30, capacity_pct: 50, staff_on_duty: 5, staff_total: 10, stage: 'partial', blockers_json: JSON.stringify([{ category: 'funds', note: '回款慢' }, { category: 'logistics', note: '运力不足' }]), material_cover_days: null, prevention_cover_days: null, submitted_by: null, created_at: 'x', updated_at: 'x' }).execute();
        }
      }
      const whole = (await walk('limit=200')).flat();
      expect(whole.length).toBeGreaterThan(2);
      const pages = await walk('limit=2');
      expect(pages.slice(0, -1).every((p) => p.length >= 2)).toBe(true);
      const key = (p: P) => `${p.enterprise.id}:${p.category}`;
      expect(pages.flat().map(key)).toEqual(whole.map(key));
      // A firm's proposals are on one page; firms come in the member lists' name order.
      const firmsOf = (p: P[]) => [...new Set(p.map((x) => x.enterprise.id))];
      const perPage = pages.flatMap(firmsOf);
      expect(new Set(perPage).size).toBe(perPage.length);
      const order = (await t.handle.db.selectFrom('member_keys').select('enterprise_id').where('enterprise_id', 'in', perPage).where('alliance_id', '=', (await t.handle.db.selectFrom('member_keys').select('alliance_id').where('enterprise_id', '=', perPage[0]!).executeTakeFirstOrThrow()).alliance_id).orderBy('name').orderBy('enterprise_id').execute()).map((r) => r.enterprise_id);
      expect(perPage).toEqual(order);
      // The enterprise filter pages the same way.
      const one = whole[0]!.enterprise.id;
      expect((await walk(`enterpriseId=${one}&limit=1`)).flat().map(key)).toEqual(whole.filter((p) => p.enterprise.id === one).map(key));
      expect((await t.call('GET', '/api/tickets/proposals?after=2147483647', { cookie: c.secretary })).statusCode).toBe(404);
    });

    describe('dismissing a proposal', () => {
      type P = { enterprise: { id: number; name: string }; category: string; dates: string[]; suggestedPriority: string };
      const DAY = 24 * 3_600_000;
      const proposalsOf = async (cookie: string) => json<{ items: P[] }>(await t.call('GET', '/api/tickets/proposals?enterpriseId=1', { cookie })).items;
      const put = async (cookie: string, date: string, categories: string[]) => {
        const existing = await t.call('GET', `/api/enterprises/1/reports/${date}`, { cookie });
        const version = existing.statusCode === 200 ? json<{ current: { version: number } }>(existing).current.version : undefined;
        const res = await t.call('POST', '/api/enterprises/1/reports', { cookie, body: { ...report(date, categories.map((category) => ({ category, note: `${category} 未解决` }))), ...(version ? { version } : {}) }, headers: idem() });
        expect(res.statusCode, res.body).toBeLessThan(300);
      };
      const dismiss = (cookie: string, body: Record<string, unknown>, key = idem()) => t.call('POST', '/api/tickets/proposals/dismiss', { cookie, body, headers: key });

      it('who may dismiss: the enterprise, its commissioner and alliance staff — not an expert, not another alliance, not another firm', async () => {
        await put(c.firm, '2026-11-24', ['orders', 'labour', 'policy']);
        await put(c.firm, '2026-11-25', ['orders', 'policy']);
        expect((await proposalsOf(c.firm)).some((p) => p.category === 'policy')).toBe(true);
        expectProblem(await dismiss(c.expert, { enterpriseId: 1, category: 'policy' }), 403, 'forbidden');
        expectProblem(await dismiss(c.fishery, { enterpriseId: 1, category: 'policy' }), 404, 'not_found');
        expectProblem(await dismiss(c.firm, { enterpriseId: 2, category: 'policy' }), 404, 'not_found');
        expectProblem(await dismiss(c.firm, { enterpriseId: 1, category: 'policy' }, {}), 400, 'idempotency_key_required');
        expectProblem(await dismiss(c.firm, { enterpriseId: 1, category: 'policy', reason: 'x'.repeat(501) }), 400, 'validation_failed');
        expect((await proposalsOf(c.firm)).some((p) => p.category === 'policy')).toBe(true);
        const res = await dismiss(c.commissioner, { enterpriseId: 1, category: 'policy' });
        expect(res.statusCode, res.body).toBe(201);
        expect((await proposalsOf(c.firm)).some((p) => p.category === 'policy')).toBe(false);
      });

      it('dismissed: gone for everyone, audited with the reason, no longer confirmable; the same key replays the answer', async () => {
        await put(c.firm, '2026-11-23', ['raw_material']);
        await put(c.firm, '2026-11-24', ['orders', 'labour', 'raw_material']);
        await put(c.firm, '2026-11-25', ['orders', 'raw_material']);
        const before = (await proposalsOf(c.firm)).find((p) => p.category === 'raw_material');
        expect(before).toMatchObject({ dates: ['2026-11-25', '2026-11-24'], suggestedPriority: 'high' });
        const key = idem();
        const res = await t.call('POST', '/api/tickets/proposals/dismiss', { cookie: c.staff, body: { enterpriseId: 1, category: 'raw_material', reason: '已找到替代供应商' }, headers: { ...key, 'x-request-id': 'dismiss-proposal-1' } });
        expect(res.statusCode, res.body).toBe(201);
        expect(json(res)).toMatchObject({ enterprise: { id: 1 }, category: 'raw_material', dates: ['2026-11-25', '2026-11-24'], reason: '已找到替代供应商', dismissedAt: t.clock.now().toISOString() });
        for (const cookie of [c.firm, c.commissioner, c.secretary]) expect((await proposalsOf(cookie)).some((p) => p.category === 'raw_material')).toBe(false);
        const audit = await t.handle.db.selectFrom('audit_log').selectAll().where('request_id', '=', 'dismiss-proposal-1').execute();
        expect(audit).toHaveLength(1);
        expect(audit[0]).toMatchObject({ action: 'ticket.proposal_dismiss', actor_user_id: ids.staff, alliance_id: 1, target_type: 'enterprise', target_id: '1' });
        expect(JSON.parse(audit[0]!.detail_json)).toEqual({ category: 'raw_material', dates: ['2026-11-25', '2026-11-24'], reason: '已找到替代供应商' });
        // A replay with the same key answers the same; a new attempt finds nothing to dismiss.
        const replay = await t.call('POST', '/api/tickets/proposals/dismiss', { cookie: c.staff, body: { enterpriseId: 1, category: 'raw_material', reason: '已找到替代供应商' }, headers: key });
        expect(replay.statusCode).toBe(201);
        expect(json(replay)).toEqual(json(res));
        expectProblem(await dismiss(c.firm, { enterpriseId: 1, category: 'raw_material' }), 404, 'not_found');
        expectProblem(await t.call('POST', '/api/tickets/proposals/confirm', { cookie: c.firm, body: { enterpriseId: 1, category: 'raw_material' }, headers: idem() }), 404, 'not_found');
        // Filing a ticket by hand is still possible.
        expect((await t.call('POST', '/api/tickets', { cookie: c.firm, body: { enterpriseId: 1, category: 'funds', title: '手工提交不受影响' }, headers: idem() })).statusCode).toBe(201);
      });

      it('stays away while the blocker is reported every day; a day without it ends the run and it is proposed again', async () => {
        // Days after the suite's "today": fresh sessions each day (a day's jump idles a session out).
        const day = async (n: number, categories: string[]) => {
          t.clock.set(new Date(Date.parse('2026-11-25T02:00:00.000Z') + n * DAY));
          const cookie = await t.login('firm');
          await put(cookie, addDay('2026-11-25', n), categories);
          return cookie;
        };
        const addDay = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
        try {
          let firm = await day(1, ['raw_material']); // the run goes on: 11-24, 11-25, 11-26
          expect((await proposalsOf(firm)).some((p) => p.category === 'raw_material')).toBe(false);
          firm = await day(2, ['raw_material']);
          expect((await proposalsOf(firm)).some((p) => p.category === 'raw_material')).toBe(false);
          firm = await day(3, []); // a day without it
          expect((await proposalsOf(firm)).some((p) => p.category === 'raw_material')).toBe(false);
          await day(4, ['raw_material']);
          firm = await day(5, ['raw_material']); // a new run: proposed again
          expect((await proposalsOf(firm)).find((p) => p.category === 'raw_material')).toMatchObject({ dates: ['2026-11-30', '2026-11-29'] });
        } finally {
          t.clock.set('2026-11-25T02:00:00.000Z');
        }
      });
    });
  });

  describe('figures', () => {
    it('counts open work by group and category and measures the SLA (tech-park alliance, no demo tickets)', async () => {
      let sec = await t.login('secretary-techpark');
      const members = json<{ items: { id: number }[] }>(await t.call('GET', '/api/enterprises?pageSize=200', { cookie: sec })).items.map((e) => e.id);
      const empty = json<Record<string, unknown>>(await t.call('GET', '/api/tickets/figures', { cookie: sec }));
      expect(empty).toMatchObject({ open: 0, overdue: 0, filed: 0, resolved: 0, slaCompliance: null, medianFirstResponseHours: null, meanSatisfaction: null });
      const mk = async (category: string, priority = 'normal') => {
        const r = await t.call('POST', '/api/tickets', { cookie: sec, body: { enterpriseId: members[0], category, priority, title: `指标测试 ${category}` }, headers: idem() });
        expect(r.statusCode, r.body).toBe(201);
        return json<Ticket>(r);
      };
      const step = async (id: number, to: string, hoursLater: number) => {
        t.clock.advance(hoursLater * 3_600_000);
        if (hoursLater) sec = await t.login('secretary-techpark');
        const v = json<Ticket>(await get(sec, id)).version;
        const r = await t.call('POST', `/api/tickets/${id}/transitions`, { cookie: sec, body: { to, version: v, note: '完成' } });
        expect(r.statusCode, r.body).toBe(200);
      };
      const a = await mk('equipment', 'urgent'); // due Thursday 26th end
      const b = await mk('funds', 'normal');
      await mk('other');
      await step(a.id, 'accepted', 2); // 2 h to respond
      await step(a.id, 'in_progress', 0);
      await step(b.id, 'accepted', 2); // 4 h to respond
      await step(a.id, 'resolved', 2); // resolved 6 h after filing, in time
      await step(b.id, 'in_progress', 0);
      await step(b.id, 'resolved', 24 * 9); // far too late (normal: 5 working days)
      await step(b.id, 'closed', 1);
      const rate = await t.call('POST', `/api/tickets/${b.id}/satisfaction`, { cookie: sec, body: { score: 3 }, headers: idem() });
      expect(rate.statusCode).toBe(403); // only the enterprise rates
      const f = json<Record<string, unknown> & { openByGroup: { group: string; count: number }[]; openByCategory: { category: string; count: number }[] }>(await t.call('GET', '/api/tickets/figures', { cookie: sec }));
      expect(f).toMatchObject({ open: 1, overdue: 1, filed: 3, resolved: 2, slaCompliance: 0.5, responseCompliance: 1, medianFirstResponseHours: 3, meanSatisfaction: null, rated: 0 });
      expect(f.medianResolutionHours).toBeCloseTo((6 + (4 + 2 + 216)) / 2, 5);
      expect(f.openByGroup.find((g) => g.group === 'unassigned')!.count).toBe(1);
      expect(f.openByCategory.find((g) => g.category === 'other')!.count).toBe(1);
      expect(f.openByGroup.reduce((n, g) => n + g.count, 0)).toBe(1);
      expectProblem(await t.call('GET', '/api/tickets/figures', { cookie: await t.login('firm') }), 403, 'forbidden');
      t.clock.set('2026-11-25T02:00:00.000Z');
    });
  });

  it('every change is audited in its transaction', async () => {
    const tk = await file(c.firm, { enterpriseId: 1, title: '审计检查' });
    await t.call('POST', `/api/tickets/${tk.id}/comments`, { cookie: c.policy, body: { body: '收到' }, headers: idem() });
    await move(c.policy, tk.id, 'accepted');
    const rows = await t.handle.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('target_type', '=', 'ticket').where('target_id', '=', String(tk.id)).orderBy('id').execute();
    expect(rows.map((r) => r.action)).toEqual(['ticket.create', 'ticket.comment', 'ticket.transition']);
    expect(rows[0]!.actor_user_id).toBe(ids.firm);
  });
});
