import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { idem, json } from '../../test/helpers';
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
    expect(await at('2026-12-04T16:00:00.000Z')).toEqual({ warned: 0, level1: 0, level2: 0 });
    const after = await t.handle.db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    await at('2027-01-31T00:00:00.000Z');
    expect(await ticket(resolved)).toMatchObject({ escalation_level: 0, warned_at: null });
    t.clock.set('2026-11-25T02:00:00.000Z');
  });
});
