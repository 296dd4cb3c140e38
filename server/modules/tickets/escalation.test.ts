import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { idem, json } from '../../test/helpers';
import { expectProblem } from '../../test/helpers';
import { LEVEL2_NOTE, runEscalations } from './escalation';

describe.each(DIALECTS)('escalation on a moved clock (%s)', (dialect) => {
  let t: TestApp;
  let ids: Record<string, number>;
  let urgent: number;
  let normal: number;
  let resolved: number;

  const at = async (iso: string) => {
    t.clock.set(iso);
    return runEscalations(t.deps, t.clock.now());
  };
  const ticket = (id: number) => t.handle.db.selectFrom('tickets').select(['escalation_level', 'warned_at', 'agenda_pending']).where('id', '=', id).executeTakeFirstOrThrow();
  const notes = (id: number, kind: string) =>
    t.handle.db.selectFrom('notifications').select(['user_id', 'payload_json']).where('kind', '=', kind).where('payload_json', 'like', `%"ticketId":${id},%`).orderBy('id').execute();
  const events = (id: number) => t.handle.db.selectFrom('ticket_events').select(['kind', 'data_json']).where('ticket_id', '=', id).where('kind', 'in', ['warning', 'escalation']).orderBy('id').execute();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ids = Object.fromEntries(t.seed.users.map((u) => [u.username, u.id]));
    const firm = await t.login('firm');
    const file = async (priority: string, category: string) => {
      const res = await t.call('POST', '/api/tickets', { cookie: firm, body: { enterpriseId: 1, category, priority, title: `升级测试 ${priority}` }, headers: idem() });
      expect(res.statusCode, res.body).toBe(201);
      return json<{ id: number; resolveDueAt: string; version: number }>(res);
    };
    // Filed Wednesday 25 Nov 2026, 10:00 Shanghai.
    const u = await file('urgent', 'logistics'); // due Thu 26 Nov
    const n = await file('normal', 'funds'); // due Wed 2 Dec
    const r = await file('urgent', 'labour'); // resolved before it is due
    expect(u.resolveDueAt).toBe('2026-11-26T16:00:00.000Z');
    expect(n.resolveDueAt).toBe('2026-12-02T16:00:00.000Z');
    urgent = u.id;
    normal = n.id;
    resolved = r.id;
    const secretary = await t.login('secretary');
    // Answered at once (first response), so only the resolve deadline drives these two.
    for (const tk of [u, n]) {
      const res = await t.call('POST', `/api/tickets/${tk.id}/transitions`, { cookie: secretary, body: { to: 'accepted', version: tk.version } });
      expect(res.statusCode, res.body).toBe(200);
    }
    let v = r.version;
    for (const to of ['accepted', 'in_progress', 'resolved']) {
      const res = await t.call('POST', `/api/tickets/${resolved}/transitions`, { cookie: secretary, body: { to, version: v, note: '已解决' } });
      expect(res.statusCode, res.body).toBe(200);
      v = json<{ version: number }>(res).version;
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('does nothing before the due date', async () => {
    await at('2026-11-25T10:00:00.000Z');
    for (const id of [urgent, normal, resolved]) expect(await ticket(id)).toMatchObject({ escalation_level: 0, warned_at: null });
  });

  it('warns the handlers once, from the start of the due date', async () => {
    await at('2026-11-25T15:59:00.000Z'); // 23:59 on the 25th in Shanghai
    expect((await ticket(urgent)).warned_at).toBeNull();
    await at('2026-11-26T01:00:00.000Z'); // 09:00 on the due date
    expect((await ticket(urgent)).warned_at).toBe('2026-11-26T01:00:00.000Z');
    expect((await ticket(resolved)).warned_at).toBeNull();
    expect((await ticket(normal)).warned_at).toBeNull();
    const warned = await notes(urgent, 'ticket.due_soon');
    // A logistics ticket is led by the policy group.
    expect(warned.map((n) => n.user_id)).toEqual([ids['policy-leather']]);
    await at('2026-11-26T03:00:00.000Z');
    expect(await notes(urgent, 'ticket.due_soon')).toHaveLength(1);
    expect((await events(urgent)).map((e) => e.kind)).toEqual(['warning']);
  });

  it('level 1 once the resolve deadline passes: the group leader is told', async () => {
    await at('2026-11-26T15:59:59.000Z');
    expect((await ticket(urgent)).escalation_level).toBe(0);
    const s = await at('2026-11-26T16:00:00.000Z');
    expect(s.level1).toBeGreaterThanOrEqual(1);
    expect((await ticket(urgent)).escalation_level).toBe(1);
    const told = await notes(urgent, 'ticket.escalated');
    const lead = await t.handle.db.selectFrom('working_groups').select('lead_user_id').where('alliance_id', '=', 1).where('kind', '=', 'policy').executeTakeFirstOrThrow();
    expect(told.map((n) => n.user_id)).toEqual([lead.lead_user_id]);
    expect(JSON.parse(told[0]!.payload_json)).toMatchObject({ level: 1, ticketId: urgent });
    expect((await ticket(resolved)).escalation_level).toBe(0);
    // The overdue queue shows it.
    const secretary = await t.login('secretary');
    const overdue = json<{ items: { id: number; escalationLevel: number }[] }>(await t.call('GET', '/api/tickets?queue=overdue&pageSize=200', { cookie: secretary })).items;
    expect(overdue.find((x) => x.id === urgent)).toMatchObject({ escalationLevel: 1 });
  });

  it('level 2 only after two more working days — the weekend does not count', async () => {
    // Due Thu 26: Fri 27 and Mon 30 are the two working days; the weekend in between is not.
    await at('2026-11-29T12:00:00.000Z');
    expect((await ticket(urgent)).escalation_level).toBe(1);
    await at('2026-11-30T15:59:00.000Z');
    expect((await ticket(urgent)).escalation_level).toBe(1);
    const s = await at('2026-11-30T16:00:00.000Z');
    expect(s.level2).toBeGreaterThanOrEqual(1);
    expect(await ticket(urgent)).toMatchObject({ escalation_level: 2 });
    const told = (await notes(urgent, 'ticket.escalated')).filter((n) => JSON.parse(n.payload_json).level === 2);
    expect(told.map((n) => n.user_id)).toContain(ids.secretary);
    expect((await events(urgent)).map((e) => [e.kind, JSON.parse(e.data_json).level ?? null])).toEqual([['warning', null], ['escalation', 1], ['escalation', 2]]);
  });

  it('with no meeting scheduled, a level-2 ticket waits for the next one created', async () => {
    // The demo's next meeting (Friday 27 Nov) is already past at this instant.
    expect((await ticket(urgent)).agenda_pending).toBe(1);
    t.clock.set('2026-12-01T02:00:00.000Z');
    const secretary = await t.login('secretary');
    const res = await t.call('POST', '/api/meetings', { cookie: secretary, body: { title: '临时联席会议', scheduledAt: '2026-12-04T14:00:00+08:00', attendeeIds: [ids.tech] }, headers: idem() });
    expect(res.statusCode, res.body).toBe(201);
    const meeting = json<{ id: number; version: number; agenda: { kind: string; refId: number; ref: { escalationLevel: number } }[] }>(res);
    expect(meeting.agenda.find((a) => a.refId === urgent)).toMatchObject({ kind: 'ticket', ref: { escalationLevel: 2 } });
    expect((await ticket(urgent)).agenda_pending).toBe(0);

    // The normal ticket (due Wed 2 Dec) reaches level 2 at the end of Fri 4 Dec… after the meeting
    // starts, so the one after it gets it: schedule that first.
    const later = await t.call('POST', '/api/meetings', { cookie: secretary, body: { title: '下一次联席会议', scheduledAt: '2026-12-11T14:00:00+08:00' }, headers: idem() });
    const laterId = json<{ id: number; version: number }>(later).id;
    const laterVersion = json<{ version: number }>(later).version;
    await at('2026-12-02T16:00:00.000Z');
    expect((await ticket(normal)).escalation_level).toBe(1);
    await at('2026-12-04T16:00:00.000Z');
    expect(await ticket(normal)).toMatchObject({ escalation_level: 2, agenda_pending: 0 });
    const items = await t.handle.db.selectFrom('agenda_items').select(['meeting_id', 'kind', 'note']).where('ref_id', '=', normal).execute();
    expect(items).toEqual([{ meeting_id: laterId, kind: 'ticket', note: LEVEL2_NOTE }]);
    const bumped = await t.handle.db.selectFrom('meetings').select('version').where('id', '=', laterId).executeTakeFirstOrThrow();
    // Every ticket put on the agenda this way bumps the meeting's version (demo tickets too).
    expect(bumped.version).toBeGreaterThan(laterVersion);
  });

  it('running again at the same instant changes nothing; a closed ticket never escalates', async () => {
    const before = await t.handle.db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(await at('2026-12-04T16:00:00.000Z')).toEqual({ warned: 0, response: 0, level1: 0, level2: 0, level3: 0 });
    const after = await t.handle.db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    await at('2027-01-31T00:00:00.000Z');
    expect(await ticket(resolved)).toMatchObject({ escalation_level: 0, warned_at: null });
    t.clock.set('2026-11-25T02:00:00.000Z');
  });
});

describe.each(DIALECTS)('the clock: first response, pending pauses, the city level (%s)', (dialect) => {
  let t: TestApp;
  let ids: Record<string, number>;
  const at = async (iso: string) => {
    t.clock.set(iso);
    return runEscalations(t.deps, t.clock.now());
  };
  const row = (id: number) =>
    t.handle.db.selectFrom('tickets').select(['status', 'escalation_level', 'warned_at', 'resolve_due_at', 'paused_at', 'paused_workdays', 'response_escalated_at']).where('id', '=', id).executeTakeFirstOrThrow();
  const escalations = (id: number) =>
    t.handle.db.selectFrom('ticket_events').select('data_json').where('ticket_id', '=', id).where('kind', '=', 'escalation').orderBy('id').execute().then((r) => r.map((e) => JSON.parse(e.data_json) as Record<string, unknown>));
  async function file(priority: string, title: string) {
    const res = await t.call('POST', '/api/tickets', { cookie: await t.login('firm'), body: { enterpriseId: 1, category: 'funds', priority, title }, headers: idem() });
    expect(res.statusCode, res.body).toBe(201);
    return json<{ id: number; version: number; resolveDueAt: string }>(res);
  }
  async function move(id: number, to: string, who = 'secretary', note = '说明') {
    const cur = json<{ version: number }>(await t.call('GET', `/api/tickets/${id}`, { cookie: await t.login(who) }));
    const res = await t.call('POST', `/api/tickets/${id}/transitions`, { cookie: await t.login(who), body: { to, version: cur.version, note } });
    expect(res.statusCode, res.body).toBe(200);
    return json<{ status: string; resolveDueAt: string; pausedAt: string | null; pausedWorkdays: number; overdue: boolean; events: { kind: string; data: Record<string, unknown> }[] }>(res);
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ids = Object.fromEntries(t.seed.users.map((u) => [u.username, u.id]));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a missed first response escalates once to the group leader; an answered ticket does not', async () => {
    await at('2026-12-07T01:59:00.000Z'); // the demo's own unanswered problems escalate first
    t.clock.set('2026-12-07T02:00:00.000Z'); // Monday 10:00 Shanghai
    const late = await file('normal', '首次响应超时');
    const answered = await file('normal', '及时响应');
    await move(answered.id, 'accepted');
    // The response is due the same working day (end of Monday).
    expect((await at('2026-12-07T15:59:00.000Z')).response).toBe(0);
    const s = await at('2026-12-07T16:00:00.000Z');
    expect(s.response).toBeGreaterThanOrEqual(1);
    expect((await row(late.id)).response_escalated_at).toBe('2026-12-07T16:00:00.000Z');
    expect((await row(late.id)).escalation_level).toBe(0);
    expect((await row(answered.id)).response_escalated_at).toBeNull();
    expect(await escalations(late.id)).toEqual([{ reason: 'response', responseDueAt: '2026-12-07T16:00:00.000Z' }]);
    const told = await t.handle.db.selectFrom('notifications').select(['user_id', 'payload_json']).where('kind', '=', 'ticket.escalated').where('payload_json', 'like', `%"ticketId":${late.id},%`).execute();
    const lead = await t.handle.db.selectFrom('working_groups').select('lead_user_id').where('alliance_id', '=', 1).where('kind', '=', 'policy').executeTakeFirstOrThrow();
    expect(told.map((n) => n.user_id)).toEqual([lead.lead_user_id]);
    expect(JSON.parse(told[0]!.payload_json)).toMatchObject({ reason: 'response' });
    expect((await at('2026-12-08T03:00:00.000Z')).response).toBe(0);
    const audit = await t.handle.db.selectFrom('audit_log').select('detail_json').where('action', '=', 'ticket.escalate').where('target_id', '=', String(late.id)).execute();
    expect(audit).toHaveLength(1);
  });

  it('pending stops the clock: not overdue, never warned or escalated, and the deadline moves by the working days waited', async () => {
    t.clock.set('2026-12-07T02:00:00.000Z'); // Mon 7 Dec
    const tk = await file('high', '等待企业提供资料');
    expect(tk.resolveDueAt).toBe('2026-12-10T16:00:00.000Z'); // three working days: Thu 10 Dec
    await move(tk.id, 'accepted');
    t.clock.set('2026-12-08T02:00:00.000Z'); // Tue
    const { version } = json<{ version: number }>(await t.call('GET', `/api/tickets/${tk.id}`, { cookie: await t.login('secretary') }));
    const noNote = await t.call('POST', `/api/tickets/${tk.id}/transitions`, { cookie: await t.login('secretary'), body: { to: 'pending', version } });
    expect(expectProblem(noNote, 400, 'validation_failed').errors?.[0]).toMatchObject({ path: 'note', code: 'required' });
    const paused = await move(tk.id, 'pending', 'secretary', '等待企业补充营业执照');
    expect(paused).toMatchObject({ status: 'pending', pausedAt: '2026-12-08T02:00:00.000Z', pausedWorkdays: 0 });

    // Past the deadline and the level-2 and level-3 points while pending: nothing happens.
    await at('2026-12-10T08:00:00.000Z');
    await at('2026-12-21T08:00:00.000Z');
    expect(await row(tk.id)).toMatchObject({ status: 'pending', escalation_level: 0, warned_at: null });
    const overdue = json<{ items: { id: number }[] }>(await t.call('GET', '/api/tickets?queue=overdue&pageSize=200', { cookie: await t.login('secretary') })).items;
    expect(overdue.map((x) => x.id)).not.toContain(tk.id);
    const detail = json<{ overdue: boolean }>(await t.call('GET', `/api/tickets/${tk.id}`, { cookie: await t.login('secretary') }));
    expect(detail.overdue).toBe(false);

    // The enterprise answers on Mon 21 Dec: Tue 8 … Fri 18 are 9 working days waited.
    t.clock.set('2026-12-21T02:00:00.000Z');
    const resumed = await move(tk.id, 'in_progress', 'firm', '已补充');
    expect(resumed).toMatchObject({ status: 'in_progress', pausedAt: null, pausedWorkdays: 9 });
    // Thu 10 Dec + 9 working days = Wed 23 Dec.
    expect(resumed.resolveDueAt).toBe('2026-12-23T16:00:00.000Z');
    expect(resumed.events.at(-1)).toMatchObject({ kind: 'status', data: { pausedWorkdays: 9, resolveDueAt: '2026-12-23T16:00:00.000Z' } });
    const audit = await t.handle.db.selectFrom('audit_log').select('detail_json').where('action', '=', 'ticket.transition').where('target_id', '=', String(tk.id)).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail_json)).toMatchObject({ from: 'pending', to: 'in_progress', pausedWorkdays: 9 });

    // Paused and resumed the same day: no working day waited, the deadline stays.
    await move(tk.id, 'pending', 'secretary', '等待检测报告');
    expect((await move(tk.id, 'in_progress')).resolveDueAt).toBe('2026-12-23T16:00:00.000Z');
    // The clock runs again: overdue after the moved deadline.
    await at('2026-12-23T16:00:00.000Z');
    expect((await row(tk.id)).escalation_level).toBe(1);
  });

  it('level 3 after five working days past the due date: the city is told and supervises it', async () => {
    t.clock.set('2026-12-07T02:00:00.000Z');
    const tk = await file('urgent', '城市督办测试'); // due Tue 8 Dec
    await move(tk.id, 'accepted');
    await at('2026-12-08T16:00:00.000Z');
    await at('2026-12-10T16:00:00.000Z'); // level 2 at the end of Thu 10 (Wed 9, Thu 10)
    expect((await row(tk.id)).escalation_level).toBe(2);
    await at('2026-12-15T15:59:00.000Z');
    expect((await row(tk.id)).escalation_level).toBe(2);
    // Wed 9, Thu 10, Fri 11, Mon 14, Tue 15: level 3 at the end of Tue 15 Dec.
    const s = await at('2026-12-15T16:00:00.000Z');
    expect(s.level3).toBeGreaterThanOrEqual(1);
    expect((await row(tk.id)).escalation_level).toBe(3);
    const told = await t.handle.db.selectFrom('notifications').select(['user_id', 'payload_json']).where('kind', '=', 'ticket.escalated').where('payload_json', 'like', `%"ticketId":${tk.id},%`).execute();
    expect(told.filter((n) => JSON.parse(n.payload_json).level === 3).map((n) => n.user_id)).toContain(ids.admin);

    type Item = { id: number; escalationLevel: number; alliance: { id: number; name: string }; escalatedAt: string };
    const admin = await t.login('admin');
    const all: Item[] = [];
    let total = 0;
    for (let p = 1; ; p++) {
      const list = await t.call('GET', `/api/tickets/supervision?page=${p}&pageSize=50`, { cookie: admin });
      expect(list.statusCode, list.body).toBe(200);
      const page = json<{ total: number; items: Item[] }>(list);
      total = page.total;
      all.push(...page.items);
      if (page.items.length < 50) break;
    }
    expect(all.find((x) => x.id === tk.id)).toMatchObject({ escalationLevel: 3, alliance: { id: 1 }, escalatedAt: '2026-12-15T16:00:00.000Z' });
    expect(all.every((x) => x.escalationLevel === 3)).toBe(true);
    // Exactly the open level-3 tickets of every alliance.
    const inDb = await t.handle.db.selectFrom('tickets').select('id').where('escalation_level', '=', 3).where('status', 'in', ['submitted', 'accepted', 'in_progress', 'pending']).execute();
    expect(total).toBe(inDb.length);
    expect(all.map((x) => x.id).sort((a, b) => a - b)).toEqual(inDb.map((r) => r.id).sort((a, b) => a - b));
    expectProblem(await t.call('GET', '/api/tickets/supervision', { cookie: await t.login('secretary') }), 403, 'forbidden');
    const other = json<{ items: unknown[] }>(await t.call('GET', '/api/tickets/supervision?allianceId=2', { cookie: await t.login('admin') }));
    expect(other.items.every((x) => (x as { alliance: { id: number } }).alliance.id === 2)).toBe(true);
    t.clock.set('2026-11-25T02:00:00.000Z');
  });

  it('reports satisfaction by working group and by lead handler', async () => {
    t.clock.set('2026-11-25T02:00:00.000Z');
    const secretary = await t.login('secretary');
    const rateAs = async (score: number, leadUser: number | null) => {
      const tk = await file('normal', `满意度 ${score}`);
      if (leadUser !== null) {
        const tr = await t.call('POST', `/api/tickets/${tk.id}/transfer`, { cookie: secretary, body: { toGroup: 'tech', toUserId: leadUser, reason: '转技术组', version: tk.version } });
        expect(tr.statusCode, tr.body).toBe(200);
      }
      for (const to of ['accepted', 'in_progress', 'resolved']) await move(tk.id, to);
      const cur = json<{ version: number }>(await t.call('GET', `/api/tickets/${tk.id}`, { cookie: await t.login('firm') }));
      const res = await t.call('POST', `/api/tickets/${tk.id}/transitions`, { cookie: await t.login('firm'), body: { to: 'closed', version: cur.version, satisfaction: { score, comment: '' } } });
      expect(res.statusCode, res.body).toBe(200);
    };
    await rateAs(5, ids.tech);
    await rateAs(3, ids.tech);
    await rateAs(4, null);
    const f = json<{ satisfactionByGroup: { group: string; rated: number; mean: number }[]; satisfactionByHandler: { user: { id: number; displayName: string }; rated: number; mean: number }[] }>(
      await t.call('GET', '/api/tickets/figures', { cookie: secretary }),
    );
    const techRow = f.satisfactionByHandler.find((h) => h.user.id === ids.tech);
    expect(techRow).toMatchObject({ rated: 2, mean: 4 });
    expect(techRow!.user.displayName).not.toBe('');
    // The database's own figures, per group, over the same window.
    const rows = await t.handle.db.selectFrom('tickets').select(['lead_group', 'satisfaction']).where('alliance_id', '=', 1).where('satisfaction', 'is not', null).execute();
    for (const g of f.satisfactionByGroup) {
      const mine = rows.filter((r) => (r.lead_group ?? 'unassigned') === g.group);
      expect(g.rated).toBe(mine.length);
      expect(g.mean).toBeCloseTo(mine.reduce((n, r) => n + r.satisfaction!, 0) / mine.length, 2);
    }
    expect(f.satisfactionByGroup.find((g) => g.group === 'tech')?.rated).toBeGreaterThanOrEqual(2);
  });
});
