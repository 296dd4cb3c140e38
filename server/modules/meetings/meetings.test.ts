import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json } from '../../test/helpers';
import { detectFileType } from '../files/file-type';
import { runEscalations } from '../tickets/escalation';

interface Meeting {
  id: number;
  version: number;
  status: string;
  attendees: { id: number }[];
  agenda: { id: number; kind: string; refId: number | null; title: string; note: string; analysisId: string | null; ref: { status: string; escalationLevel: number | null; score: number | null } | null }[];
  minutes: { body: string; version: number } | null;
  decisions: { id: number; text: string; actionItems: { id: number; status: string; source?: string; leadUser: { id: number } | null; resolveDueAt: string }[] }[];
}

/** The text of one entry of a ZIP archive (stored or deflated). */
function zipEntry(buf: Buffer, name: string): string {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = buf.readUInt16LE(eocd + 10); n > 0; n--) {
    const nameLen = buf.readUInt16LE(p + 28);
    const entry = buf.toString('utf8', p + 46, p + 46 + nameLen);
    if (entry === name) {
      const method = buf.readUInt16LE(p + 10);
      const size = buf.readUInt32LE(p + 20);
      const local = buf.readUInt32LE(p + 42);
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  throw new Error(`no ${name}`);
}

describe.each(DIALECTS)('joint meetings (%s)', (dialect) => {
  let t: TestApp;
  let sec: string;
  let ids: Record<string, number>;
  let members: number[];
  let first: Meeting;

  const schedule = async (cookie: string, body: Record<string, unknown>) => {
    const res = await t.call('POST', '/api/meetings', { cookie, body, headers: idem() });
    expect(res.statusCode, res.body).toBe(201);
    return json<Meeting>(res);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    // The tech-park alliance has no demo tickets, meetings or risks.
    sec = await t.login('secretary-techpark');
    ids = Object.fromEntries(t.seed.users.map((u) => [u.username, u.id]));
    members = json<{ items: { id: number }[] }>(await t.call('GET', '/api/enterprises?pageSize=200', { cookie: sec })).items.map((e) => e.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the secretary schedules a meeting with attendees of the alliance; attendees are notified', async () => {
    first = await schedule(sec, { title: '园区第一次联席会议', scheduledAt: '2026-11-27T14:00:00+08:00', location: '园区会议室', attendeeIds: [ids['tech-techpark'], ids['market-techpark'], ids.expert] });
    expect(first).toMatchObject({ status: 'scheduled', scheduledAt: '2026-11-27T06:00:00.000Z', attendeeCount: 3, agenda: [], minutes: null, decisions: [] });
    const n = await t.handle.db.selectFrom('notifications').select('user_id').where('kind', '=', 'meeting.scheduled').where('payload_json', 'like', `%"meetingId":${first.id},%`).execute();
    expect(n.map((x) => x.user_id).sort()).toEqual([ids['tech-techpark'], ids['market-techpark'], ids.expert].sort());
    const bad = await t.call('POST', '/api/meetings', { cookie: sec, body: { title: '跨联盟', scheduledAt: '2026-12-01T09:00:00+08:00', attendeeIds: [ids['secretary-fishery']] }, headers: idem() });
    expect(expectProblem(bad, 400, 'validation_failed').errors?.[0]).toMatchObject({ path: 'attendeeIds.0', code: 'not_in_alliance' });
    expectProblem(await t.call('POST', '/api/meetings', { cookie: sec, body: { title: '无时区', scheduledAt: '2026-12-01T09:00:00' }, headers: idem() }), 400, 'validation_failed');
    expectProblem(await t.call('POST', '/api/meetings', { cookie: await t.login('tech-techpark'), body: { title: '组员不能召集', scheduledAt: '2026-12-01T09:00:00+08:00' }, headers: idem() }), 403, 'forbidden');
  });

  it('an expert sees only the meetings they attend; enterprises see none', async () => {
    const other = await schedule(sec, { title: '专家不参加的会', scheduledAt: '2026-11-30T09:00:00+08:00' });
    const expert = await t.login('expert');
    await t.call('PUT', '/api/session/alliance', { cookie: expert, body: { allianceId: 4 } });
    const listed = json<{ items: { id: number }[] }>(await t.call('GET', '/api/meetings', { cookie: expert })).items.map((m) => m.id);
    expect(listed).toEqual([first.id]);
    expect((await t.call('GET', `/api/meetings/${first.id}`, { cookie: expert })).statusCode).toBe(200);
    expectProblem(await t.call('GET', `/api/meetings/${other.id}`, { cookie: expert }), 404, 'not_found');
    expectProblem(await t.call('GET', '/api/meetings', { cookie: await t.login('firm') }), 403, 'forbidden');
    // Cancel it, so it is neither "previous" nor "next" below.
    const cancelled = await t.call('PATCH', `/api/meetings/${other.id}`, { cookie: sec, body: { status: 'cancelled', version: other.version } });
    expect(json<Meeting>(cancelled).status).toBe('cancelled');
    expectProblem(await t.call('PATCH', `/api/meetings/${other.id}`, { cookie: sec, body: { status: 'scheduled', version: json<Meeting>(cancelled).version } }), 409, 'illegal_transition');
  });

  it('minutes: first write without a version, then with it', async () => {
    const a = await t.call('PUT', `/api/meetings/${first.id}/minutes`, { cookie: sec, body: { body: '一、通报复工情况。' } });
    expect(a.statusCode, a.body).toBe(200);
    expect(json<Meeting>(a).minutes).toMatchObject({ body: '一、通报复工情况。', version: 1 });
    expectProblem(await t.call('PUT', `/api/meetings/${first.id}/minutes`, { cookie: sec, body: { body: '覆盖' } }), 409, 'version_conflict');
    const b = await t.call('PUT', `/api/meetings/${first.id}/minutes`, { cookie: sec, body: { body: '一、通报复工情况。\n二、研究设备维修问题。', version: 1 } });
    expect(json<Meeting>(b).minutes).toMatchObject({ version: 2 });
  });

  it('decisions turn action items into tickets with an owner and a deadline', async () => {
    const bad = await t.call('POST', `/api/meetings/${first.id}/decisions`, {
      cookie: sec,
      body: { text: '决定', actionItems: [{ title: '过期', ownerUserId: ids['tech-techpark'], dueDate: '2026-11-01' }, { title: '外人', ownerUserId: ids['tech-fishery'], dueDate: '2026-12-01' }] },
      headers: idem(),
    });
    expect(expectProblem(bad, 400, 'validation_failed').errors?.map((e) => `${e.path}:${e.code}`)).toEqual(['actionItems.0.dueDate:due_date_past', 'actionItems.1.ownerUserId:not_staff']);
    const res = await t.call('POST', `/api/meetings/${first.id}/decisions`, {
      cookie: sec,
      body: {
        text: '由技术服务组牵头解决注塑设备问题，市场组对接订单。',
        actionItems: [
          { title: '派注塑专家驻企', ownerUserId: ids['tech-techpark'], dueDate: '2026-11-27', enterpriseId: members[0], category: 'equipment', priority: 'high' },
          { title: '对接口罩机订单', ownerUserId: ids['market-techpark'], dueDate: '2026-12-04' },
        ],
      },
      headers: idem(),
    });
    expect(res.statusCode, res.body).toBe(201);
    const d = json<Meeting['decisions'][number]>(res);
    expect(d.actionItems).toHaveLength(2);
    expect(d.actionItems[0]).toMatchObject({ status: 'accepted', source: 'meeting', leadUser: { id: ids['tech-techpark'] }, resolveDueAt: '2026-11-27T16:00:00.000Z', enterprise: { id: members[0] } });
    expect(d.actionItems[1]).toMatchObject({ enterprise: null, resolveDueAt: '2026-12-04T16:00:00.000Z' });
    const told = await t.handle.db.selectFrom('notifications').select('user_id').where('kind', '=', 'meeting.action_item').where('payload_json', 'like', `%"meetingId":${first.id},%`).execute();
    expect(told.map((x) => x.user_id).sort()).toEqual([ids['tech-techpark'], ids['market-techpark']].sort());
    // The owner finds it in their queue.
    const mine = json<{ items: { id: number }[] }>(await t.call('GET', '/api/tickets?queue=mine', { cookie: await t.login('tech-techpark') })).items.map((x) => x.id);
    expect(mine).toContain(d.actionItems[0]!.id);
    const held = json<Meeting>(await t.call('GET', `/api/meetings/${first.id}`, { cookie: sec }));
    await t.call('PATCH', `/api/meetings/${first.id}`, { cookie: sec, body: { status: 'held', version: held.version } });
  });

  it('builds a draft agenda: previous action items first, then escalated and overdue tickets, then high risks', async () => {
    // An overdue ticket, a high and a low risk.
    const ticket = json<{ id: number }>(await t.call('POST', '/api/tickets', { cookie: sec, body: { enterpriseId: members[1], category: 'funds', priority: 'urgent', title: '资金周转困难' }, headers: idem() }));
    const high = json<{ id: number }>(await t.call('POST', '/api/risks', { cookie: sec, body: { title: '园区订单萎缩', category: 'orders_cancelled', likelihood: 4, impact: 4 }, headers: idem() }));
    await t.call('POST', '/api/risks', { cookie: sec, body: { title: '小风险', category: 'other', likelihood: 2, impact: 2 }, headers: idem() });
    t.clock.set('2026-11-27T17:00:00.000Z');
    await runEscalations(t.deps, t.clock.now());
    sec = await t.login('secretary-techpark');
    const next = await schedule(sec, { title: '园区第二次联席会议', scheduledAt: '2026-12-02T14:00:00+08:00', attendeeIds: [ids['tech-techpark']] });
    const note = await t.call('PUT', `/api/meetings/${next.id}/agenda`, { cookie: sec, body: { items: [{ kind: 'free', title: '其他事项', note: '自由发言' }], version: next.version } });
    expect(note.statusCode, note.body).toBe(200);
    const built = await t.call('POST', `/api/meetings/${next.id}/agenda/build`, { cookie: sec, body: { version: json<Meeting>(note).version } });
    expect(built.statusCode, built.body).toBe(200);
    const agenda = json<Meeting>(built).agenda;
    expect(agenda.map((a) => a.kind)).toEqual(['action_review', 'action_review', 'ticket', 'risk', 'free']);
    expect(agenda[0]!.ref).toMatchObject({ status: 'accepted', escalationLevel: 1 }); // due 27 Nov, now overdue
    expect(agenda[2]).toMatchObject({ refId: ticket.id, title: '资金周转困难', ref: { escalationLevel: 1 } });
    expect(agenda[3]).toMatchObject({ refId: high.id, ref: { score: 16 } });
    expect(agenda[4]).toMatchObject({ kind: 'free', title: '其他事项', note: '自由发言' });

    // The secretary reorders, annotates and drops items in one save.
    const v = json<Meeting>(built).version;
    const edited = await t.call('PUT', `/api/meetings/${next.id}/agenda`, {
      cookie: sec,
      body: { items: [{ kind: 'risk', refId: high.id, note: '请市场组汇报' }, { kind: 'ticket', refId: ticket.id }, { kind: 'chain', refId: null, title: '断链分析' }], version: v },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(json<Meeting>(edited).agenda.map((a) => [a.kind, a.title, a.note])).toEqual([['risk', '园区订单萎缩', '请市场组汇报'], ['ticket', '资金周转困难', ''], ['chain', '断链分析', '']]);
    expectProblem(await t.call('PUT', `/api/meetings/${next.id}/agenda`, { cookie: sec, body: { items: [], version: v } }), 409, 'version_conflict');
    const unknown = await t.call('PUT', `/api/meetings/${next.id}/agenda`, { cookie: sec, body: { items: [{ kind: 'ticket', refId: 1 }, { kind: 'risk', refId: 999999 }, { kind: 'free' }], version: json<Meeting>(edited).version } });
    expect(expectProblem(unknown, 400, 'validation_failed').errors?.map((e) => `${e.path}:${e.code}`)).toEqual(['items.0.refId:unknown_reference', 'items.1.refId:unknown_reference', 'items.2.title:required']);
    // Building again keeps the notes.
    const rebuilt = json<Meeting>(await t.call('POST', `/api/meetings/${next.id}/agenda/build`, { cookie: sec, body: { version: json<Meeting>(edited).version } }));
    expect(rebuilt.agenda.find((a) => a.kind === 'risk')!.note).toBe('请市场组汇报');
    expect(rebuilt.agenda.at(-1)).toMatchObject({ kind: 'chain', title: '断链分析' });
    t.clock.set('2026-11-25T02:00:00.000Z');
  });

  it("proposes the latest chain forecast's breaks and help priorities, linked to that analysis", async () => {
    // The leather alliance (secretary) has a staged forecast break and a help priority.
    const leather = await t.login('secretary');
    let job = json<{ id: string; status: string; result?: { firms: { id: number; name: string; breakDay: number | null }[]; priority: { firm: { id: number; name: string }; gain: number }[] } }>(
      await t.call('POST', '/api/chain/analyses', { cookie: leather, body: { horizon: 30 } }),
    );
    for (let i = 0; job.status !== 'done' && i < 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = json(await t.call('GET', `/api/chain/analyses/${job.id}`, { cookie: leather }));
    }
    expect(job.status).toBe('done');
    const r = job.result!;
    const breaks = r.firms.filter((f) => f.breakDay !== null).sort((a, b) => a.breakDay! - b.breakDay! || a.id - b.id).slice(0, 5);
    const priorities = r.priority.filter((p) => p.gain > 0).slice(0, 3);
    expect(breaks.length).toBeGreaterThan(0);
    expect(priorities.length).toBeGreaterThan(0);

    const m = await schedule(leather, { title: '皮革链联席会议', scheduledAt: '2026-12-20T14:00:00+08:00', attendeeIds: [] });
    const built = json<Meeting>(await t.call('POST', `/api/meetings/${m.id}/agenda/build`, { cookie: leather, body: { version: m.version } }));
    const chain = built.agenda.filter((a) => a.kind === 'chain_break' || a.kind === 'chain_priority');
    expect(chain.map((a) => [a.kind, a.refId])).toEqual([...breaks.map((f) => ['chain_break', f.id]), ...priorities.map((p) => ['chain_priority', p.firm.id])]);
    expect(chain.every((a) => a.analysisId === job.id && a.ref === null)).toBe(true);
    expect(chain[0].title).toContain(`${breaks[0].name} 预计第 ${breaks[0].breakDay} 天断链`);
    expect(chain.at(-1)!.title).toContain(priorities.at(-1)!.firm.name);
    // They follow whatever else the builder proposes; the other items link no analysis.
    expect(built.agenda.filter((a) => !a.kind.startsWith('chain_')).every((a) => a.analysisId === null)).toBe(true);

    // Saving the agenda (reordered, annotated) keeps each chain item's analysis; a firm of another alliance is refused.
    const items = built.agenda.map((a) => ({ kind: a.kind, refId: a.refId, title: a.title, note: a.kind === 'chain_break' ? '请供应链组汇报' : a.note })).reverse();
    const saved = json<Meeting>(await t.call('PUT', `/api/meetings/${m.id}/agenda`, { cookie: leather, body: { items, version: built.version } }));
    const again = saved.agenda.filter((a) => a.kind === 'chain_break');
    expect(again.every((a) => a.analysisId === job.id && a.note === '请供应链组汇报')).toBe(true);
    const outsider = members[0];
    const bad = expectProblem(await t.call('PUT', `/api/meetings/${m.id}/agenda`, { cookie: leather, body: { items: [{ kind: 'chain_break', refId: outsider, title: '别的联盟' }], version: saved.version } }), 400, 'validation_failed');
    expect(bad.errors).toEqual([expect.objectContaining({ path: 'items.0.refId', code: 'unknown_reference' })]);
  });

  it('exports the minutes as a Word document', async () => {
    const cookie = await t.login('secretary-techpark');
    const res = await t.app.inject({ method: 'GET', url: `/api/meetings/${first.id}/minutes.docx`, headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=".*\.docx"; filename\*=UTF-8''/);
    expect(detectFileType(res.rawPayload)?.extensions).toEqual(['docx']);
    const xml = zipEntry(res.rawPayload, 'word/document.xml');
    for (const text of ['园区第一次联席会议', '二、研究设备维修问题。', '派注塑专家驻企', '对接口罩机订单', '2026-11-27']) expect(xml).toContain(text);
    const en = await t.app.inject({ method: 'GET', url: `/api/meetings/${first.id}/minutes.docx`, headers: { cookie, 'accept-language': 'en-US' } });
    expect(zipEntry(en.rawPayload, 'word/document.xml')).toContain('Decisions');
    expectProblem(await t.call('GET', `/api/meetings/${first.id}/minutes.docx`, { cookie: await t.login('secretary') }), 404, 'not_found');
  });

  it("prints an agenda risk's status in words, in the document's language", async () => {
    const cookie = await t.login('secretary-techpark');
    const listed = json<{ items: { id: number }[] }>(await t.call('GET', '/api/meetings', { cookie })).items;
    const details = await Promise.all(listed.map(async (m) => json<Meeting>(await t.call('GET', `/api/meetings/${m.id}`, { cookie }))));
    const withRisk = details.find((m) => m.agenda.some((a) => a.kind === 'risk' && a.ref));
    expect(withRisk).toBeDefined();
    const risk = withRisk!.agenda.find((a) => a.kind === 'risk')!;
    const words = { open: ['待化解', 'Open'], mitigating: ['化解中', 'Mitigating'], closed: ['已化解', 'Closed'] }[risk.ref!.status as 'open']!;
    for (const [lang, word] of [['zh-CN', words[0]], ['en-US', words[1]]] as const) {
      const res = await t.app.inject({ method: 'GET', url: `/api/meetings/${withRisk!.id}/minutes.docx`, headers: { cookie, 'accept-language': lang } });
      const xml = zipEntry(res.rawPayload, 'word/document.xml');
      expect(xml).toContain(`${risk.title} [${word}]`);
      expect(xml).not.toContain(`[${risk.ref!.status}]`);
    }
  });
});
