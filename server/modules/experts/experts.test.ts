import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../domain/workdays';
import { DIALECTS, TEST_NOW, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json, multipartFile } from '../../test/helpers';
import type { AddressInfo } from 'node:net';
import { openSse } from '../notifications/sse-client.test-helper';
import { topicStreamSettings } from '../notifications/topic-stream';
import { outcomeOf } from './experts.outcome';

interface Detail {
  id: number;
  status: string;
  version: number;
  openSeats: number;
  experts: { user: { id: number }; status: string }[];
  visits: { id: number; status: string; version: number }[];
  outcome: { visitDate: string | null; capacityGain: number | null; before: { capacityPct: number | null }; after: { capacityPct: number | null } };
  ticket: { id: number; status: string };
  can: Record<string, boolean>;
  rating: number | null;
}

describe.each(DIALECTS)('volunteer experts (%s)', (dialect) => {
  let t: TestApp;
  const c = {} as Record<'secretary' | 'tech' | 'firm' | 'staff' | 'expert' | 'expert1' | 'fishery' | 'admin', string>;
  let ids: Record<string, number>;
  let firmId: number;

  /** Moving the clock by days ends idle sessions: sign everyone in again. */
  const moveClock = async (to: string) => {
    t.clock.set(to);
    for (const [k, u] of [['secretary', 'secretary'], ['tech', 'tech'], ['firm', 'firm'], ['staff', 'staff'], ['expert', 'expert'], ['expert1', 'expert-01'], ['fishery', 'secretary-fishery'], ['admin', 'admin']] as const) c[k] = await t.login(u);
  };
  const newTicket = async (enterpriseId: number, title: string, description: string, category = 'equipment') => {
    const res = await t.call('POST', '/api/tickets', { cookie: c.secretary, body: { enterpriseId, category, title, description }, headers: idem() });
    expect(res.statusCode, res.body).toBe(201);
    return json<{ id: number }>(res).id;
  };
  const newConsultation = async (ticketId: number, body: Record<string, unknown> = {}) => {
    const res = await t.call('POST', '/api/consultations', { cookie: c.secretary, body: { ticketId, machine: '海天注塑机 3 号线', symptoms: '液压压力不稳，产品缩痕、飞边', ...body }, headers: idem() });
    expect(res.statusCode, res.body).toBe(201);
    return json<Detail>(res);
  };
  const get = async (cookie: string, id: number) => t.call('GET', `/api/consultations/${id}`, { cookie });
  const detail = async (id: number) => json<Detail>(await get(c.secretary, id));
  const setExperts = async (id: number, expertUserIds: number[]) => {
    const d = await detail(id);
    const res = await t.call('PUT', `/api/consultations/${id}/experts`, { cookie: c.secretary, body: { expertUserIds, version: d.version } });
    expect(res.statusCode, res.body).toBe(200);
    return json<Detail>(res);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ids = Object.fromEntries(t.seed.users.map((u) => [u.username, u.id]));
    ids['expert-01'] = (await t.handle.db.selectFrom('users').select('id').where('username', '=', 'expert-01').executeTakeFirstOrThrow()).id;
    for (const [k, u] of [['secretary', 'secretary'], ['tech', 'tech'], ['firm', 'firm'], ['staff', 'staff'], ['expert', 'expert'], ['expert1', 'expert-01'], ['fishery', 'secretary-fishery'], ['admin', 'admin']] as const) c[k] = await t.login(u);
    firmId = t.seed.users.find((u) => u.username === 'firm')!.grants[0]!.enterpriseId!;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('ships a specialty taxonomy in Chinese and English and seeds the city-wide pool', async () => {
    const specs = json<{ items: { code: string; nameZh: string; nameEn: string }[] }>(await t.call('GET', '/api/expert-specialties', { cookie: c.firm })).items;
    expect(specs.map((s) => s.code)).toEqual(expect.arrayContaining(['injection_moulding', 'cnc_machining', 'plc_automation', 'pneumatics_hydraulics', 'mask_nonwoven', 'leather_shoe', 'refrigeration', 'electrical', 'quality', 'process', 'logistics']));
    expect(specs.every((s) => s.nameZh && s.nameEn)).toBe(true);
    const pool = json<{ total: number }>(await t.call('GET', '/api/experts?pageSize=200', { cookie: c.tech }));
    expect(pool.total).toBe(31);
    const me = json<{ user: { id: number }; specialties: { code: string }[]; version: number }>(await t.call('GET', '/api/experts/me', { cookie: c.expert }));
    expect(me.user.id).toBe(ids.expert);
    expect(me.specialties.map((s) => s.code)).toContain('injection_moulding');
    // Only the platform admin keeps the taxonomy.
    expectProblem(await t.call('POST', '/api/expert-specialties', { cookie: c.secretary, body: { code: 'x_ray', nameZh: '射线', nameEn: 'X-ray' }, headers: idem() }), 403, 'forbidden');
    const created = await t.call('POST', '/api/expert-specialties', { cookie: c.admin, body: { code: 'laser', nameZh: '激光设备', nameEn: 'Laser equipment', keywords: '激光 切割' }, headers: idem() });
    expect(created.statusCode, created.body).toBe(201);
    expectProblem(await t.call('POST', '/api/expert-specialties', { cookie: c.admin, body: { code: 'laser', nameZh: '激光', nameEn: 'Laser' }, headers: idem() }), 400, 'validation_failed');
  });

  it('an expert edits their profile and can pause; bad values are refused field by field and change nothing', async () => {
    const me = json<{ version: number; bio: string }>(await t.call('GET', '/api/experts/me', { cookie: c.expert1 }));
    const bad = await t.call('PATCH', '/api/experts/me', { cookie: c.expert1, body: { districts: ['999999'], industries: ['C'], availability: [7], specialtyIds: [99999], version: me.version } });
    expect(expectProblem(bad, 400, 'validation_failed').errors!.map((e) => e.path).sort()).toEqual(['availability.0', 'districts.0', 'industries.0']);
    const unknown = await t.call('PATCH', '/api/experts/me', { cookie: c.expert1, body: { specialtyIds: [99999], version: me.version } });
    expect(expectProblem(unknown, 400, 'validation_failed').errors![0]).toMatchObject({ path: 'specialtyIds.0', code: 'unknown_specialty' });
    const ok = await t.call('PATCH', '/api/experts/me', { cookie: c.expert1, body: { paused: true, version: me.version } });
    expect(json(ok)).toMatchObject({ paused: true, version: me.version + 1, bio: me.bio });
    expectProblem(await t.call('PATCH', '/api/experts/me', { cookie: c.expert1, body: { paused: false, version: me.version } }), 409, 'version_conflict');
    await t.call('PATCH', '/api/experts/me', { cookie: c.expert1, body: { paused: false, version: me.version + 1 } });
  });

  it('from a problem to a consultation: equipment problems proposed, ranking with reasons, another alliance 404', async () => {
    const ticketId = await newTicket(firmId, '注塑机压力不稳', '注塑机液压系统压力波动，产品缩痕严重');
    const cands = json<{ items: { ticketId: number; proposed: boolean }[] }>(await t.call('GET', '/api/consultations/candidates', { cookie: c.secretary })).items;
    expect(cands.find((x) => x.ticketId === ticketId)?.proposed).toBe(true);
    const d = await newConsultation(ticketId, { specialtyId: null });
    expect(d).toMatchObject({ status: 'open', openSeats: 1, experts: [] });
    expectProblem(await t.call('POST', '/api/consultations', { cookie: c.secretary, body: { ticketId }, headers: idem() }), 409, 'consultation_exists');
    // A firm asks its handler; it cannot open a consultation itself.
    expectProblem(await t.call('POST', '/api/consultations', { cookie: c.firm, body: { ticketId }, headers: idem() }), 403, 'forbidden');
    // The problem's timeline records it.
    const ticket = json<{ events: { kind: string }[] }>(await t.call('GET', `/api/tickets/${ticketId}`, { cookie: c.secretary }));
    expect(ticket.events.map((e) => e.kind)).toContain('consultation');

    const ranking = json<{ items: { expert: { user: { id: number } }; score: number; factors: Record<string, number>; matchedWords: string[]; eligible: boolean }[]; weights: Record<string, number> }>(
      await t.call('GET', `/api/consultations/${d.id}/ranking?limit=50`, { cookie: c.secretary }),
    );
    expect(ranking.items.length).toBe(31);
    const scores = ranking.items.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // The injection-moulding expert who travels to the firm's district ranks high, and the reasons say why.
    const demo = ranking.items.find((r) => r.expert.user.id === ids.expert)!;
    expect(demo.matchedWords.length).toBeGreaterThan(0);
    expect(ranking.items.indexOf(demo)).toBeLessThan(5);
    for (const r of ranking.items) expect(Object.keys(r.factors).sort()).toEqual(Object.keys(ranking.weights).sort());

    expectProblem(await get(c.fishery, d.id), 404, 'not_found');
    expectProblem(await t.call('GET', `/api/consultations/${d.id}/ranking`, { cookie: c.fishery }), 404, 'not_found');
    expectProblem(await get(c.expert1, d.id), 404, 'not_found');
    expectProblem(await get(c.expert, d.id), 404, 'not_found');
    expect((await get(c.firm, d.id)).statusCode).toBe(200);
    expect((await get(c.staff, d.id)).statusCode).toBe(200);
  });

  it('the optimal plan fills open seats within every load; the handler confirms; a decline re-matches what is left', async () => {
    const ticketId = await newTicket(firmId, '气缸动作缓慢', '气动电磁阀漏气，气缸动作缓慢，需要联合会诊');
    const d = await newConsultation(ticketId, { expertsNeeded: 2, machine: '气动装配线', symptoms: '电磁阀漏气' });
    const plan = json<{ items: { consultationId: number; expertUserIds: number[]; unfilled: number }[]; objective: number }>(await t.call('POST', '/api/consultations/plan', { cookie: c.secretary, body: {} }));
    const mine = plan.items.find((i) => i.consultationId === d.id)!;
    expect(mine.expertUserIds.length + mine.unfilled).toBe(2);
    // Never beyond anyone's free capacity.
    const pool = json<{ items: { user: { id: number }; load: number; maxCases: number; paused: boolean }[] }>(await t.call('GET', '/api/experts?pageSize=200', { cookie: c.secretary })).items;
    const planned = new Map<number, number>();
    for (const i of plan.items) for (const e of i.expertUserIds) planned.set(e, (planned.get(e) ?? 0) + 1);
    for (const e of pool) expect(planned.get(e.user.id) ?? 0).toBeLessThanOrEqual(e.paused ? 0 : e.maxCases - e.load);
    // Nothing was written by planning.
    expect((await detail(d.id)).experts).toEqual([]);

    // The handler overrides: the demo expert and one other.
    const other = pool.find((e) => e.user.id !== ids.expert && !e.paused && e.load < e.maxCases)!.user.id;
    const set = await setExperts(d.id, [ids.expert, other]);
    expect(set.experts.map((e) => [e.user.id, e.status])).toEqual([[ids.expert, 'proposed'], [other, 'proposed']]);
    expectProblem(await t.call('PUT', `/api/consultations/${d.id}/experts`, { cookie: c.secretary, body: { expertUserIds: [ids.expert, other, ids.tech], version: set.version } }), 400, 'validation_failed');
    // The proposed expert now sees the case, city-wide (even with another alliance selected).
    await t.call('PUT', '/api/session/alliance', { cookie: c.expert, body: { allianceId: 3 } });
    expect((await get(c.expert, d.id)).statusCode).toBe(200);
    const awaiting = json<{ items: { id: number }[] }>(await t.call('GET', '/api/consultations?awaiting=true', { cookie: c.expert })).items.map((x) => x.id);
    expect(awaiting).toContain(d.id);
    const accepted = json<{ status: string; consultation: Detail }>(await t.call('POST', `/api/consultations/${d.id}/response`, { cookie: c.expert, body: { accept: true } }));
    expect(accepted.consultation.status).toBe('active');
    expectProblem(await t.call('POST', `/api/consultations/${d.id}/response`, { cookie: c.expert, body: { accept: true } }), 409, 'not_awaiting_answer');

    const otherCookie = await t.login((await t.handle.db.selectFrom('users').select('username').where('id', '=', other).executeTakeFirstOrThrow()).username);
    expect(json(await t.call('POST', `/api/consultations/${d.id}/response`, { cookie: otherCookie, body: { accept: false, reason: '本周外出' } }))).toEqual({ status: 'declined', consultation: null });
    const declined = await detail(d.id);
    const live = declined.experts.filter((e) => e.status === 'proposed' || e.status === 'accepted');
    expect(declined.experts.find((e) => e.user.id === other)!.status).toBe('declined');
    // Re-matched: a new expert is proposed for the seat, never the one who declined.
    expect(live.length).toBe(2);
    expect(live.map((e) => e.user.id)).not.toContain(other);
    // The one who declined no longer sees the case.
    expectProblem(await get(otherCookie, d.id), 404, 'not_found');
  });

  describe('the consultation, the visit and the outcome', () => {
    let d: Detail;
    let other: Detail;
    let ticketId: number;

    beforeAll(async () => {
      ticketId = await newTicket(firmId, '注塑件缩痕', '注塑机保压不足导致缩痕');
      d = await newConsultation(ticketId);
      await setExperts(d.id, [ids.expert]);
      await t.call('POST', `/api/consultations/${d.id}/response`, { cookie: c.expert, body: { accept: true } });
      // Another firm's case, to check a firm sees only its own.
      const t2 = await newTicket(firmId + 1, '设备故障', '设备故障待维修');
      other = await newConsultation(t2);
    });

    it('firm and expert talk; handlers watch; read markers; files go with the problem', async () => {
      const post = (cookie: string, body: Record<string, unknown>) => t.call('POST', `/api/consultations/${d.id}/messages`, { cookie, body, headers: idem() });
      expect((await post(c.firm, { body: '您好，3 号机压力表波动很大' })).statusCode).toBe(201);
      const png = multipartFile('gauge.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'image/png');
      const up = await t.app.inject({ method: 'POST', url: `/api/consultations/${d.id}/attachments`, payload: png.payload, headers: { ...png.headers, cookie: c.firm, ...idem() } });
      expect(up.statusCode, up.body).toBe(201);
      const file = json<{ id: number }>(up);
      expect((await post(c.firm, { body: '压力表照片', attachmentIds: [file.id] })).statusCode).toBe(201);
      expect((await post(c.expert, { body: '请检查溢流阀设定' })).statusCode).toBe(201);
      // The handler watches but does not write; another firm's account cannot write.
      expectProblem(await post(c.secretary, { body: '我来看看' }), 403, 'forbidden');
      expectProblem(await post(c.firm, { body: '', attachmentIds: [999999] }), 400, 'validation_failed');

      const byExpert = json<{ items: { id: number; side: string; attachments: { id: number }[] }[] }>(await t.call('GET', `/api/consultations/${d.id}/messages`, { cookie: c.expert }));
      expect(byExpert.items.map((m) => m.side)).toEqual(['firm', 'firm', 'expert']);
      expect(byExpert.items[1]!.attachments.map((a) => a.id)).toEqual([file.id]);
      const dl = await t.call('GET', `/api/consultations/${d.id}/attachments/${file.id}`, { cookie: c.expert });
      expect(dl.statusCode).toBe(200);
      expect(dl.headers['content-type']).toBe('image/png');
      expectProblem(await t.call('GET', `/api/consultations/${d.id}/attachments/${file.id}`, { cookie: c.fishery }), 404, 'not_found');

      // The expert has read their own message only: the firm's two are unread until marked.
      const list = json<{ items: { id: number; unread: number }[] }>(await t.call('GET', '/api/consultations', { cookie: c.expert })).items;
      expect(list.find((x) => x.id === d.id)!.unread).toBe(0);
      // Every message is by someone else for the firm's second account.
      expect(json<{ items: { id: number; unread: number }[] }>(await t.call('GET', '/api/consultations', { cookie: c.staff })).items.find((x) => x.id === d.id)!.unread).toBe(3);
      const last = byExpert.items.at(-1)!.id;
      expect((await t.call('POST', `/api/consultations/${d.id}/read`, { cookie: c.staff, body: { messageId: last } })).statusCode).toBe(200);
      // A marker never moves back.
      await t.call('POST', `/api/consultations/${d.id}/read`, { cookie: c.staff, body: { messageId: byExpert.items[0]!.id } });
      const reads = json<{ reads: { user: { id: number }; lastReadMessageId: number }[] }>(await t.call('GET', `/api/consultations/${d.id}/messages?after=${last}`, { cookie: c.secretary }));
      expect(reads.reads.find((r) => r.user.id === ids.staff)!.lastReadMessageId).toBe(last);
    });

    it('a firm sees only its own consultations; an expert only the cases they are on', async () => {
      const firmList = json<{ items: { id: number }[] }>(await t.call('GET', '/api/consultations?pageSize=200', { cookie: c.firm })).items.map((x) => x.id);
      expect(firmList).toContain(d.id);
      expect(firmList).not.toContain(other.id);
      expectProblem(await get(c.firm, other.id), 404, 'not_found');
      const expertList = json<{ items: { id: number; experts: { user: { id: number }; status: string }[] }[] }>(await t.call('GET', '/api/consultations?pageSize=200', { cookie: c.expert })).items;
      expect(expertList.map((x) => x.id)).toContain(d.id);
      expect(expertList.every((x) => x.experts.some((e) => e.user.id === ids.expert && (e.status === 'proposed' || e.status === 'accepted')))).toBe(true);
      expectProblem(await get(c.expert, other.id), 404, 'not_found');
      expect(json<{ items: unknown[] }>(await t.call('GET', '/api/consultations?pageSize=200', { cookie: c.fishery })).items.length).toBe(0);
    });

    it('visits: working days, availability and clashes are refused; check-in, report, .docx, follow-up', async () => {
      const schedule = (id: number, body: Record<string, unknown>, cookie = c.secretary) => t.call('POST', `/api/consultations/${id}/visits`, { cookie, body, headers: idem() });
      // 2026-11-28 is a Saturday.
      expect(expectProblem(await schedule(d.id, { visitDate: '2026-11-28', expertUserIds: [ids.expert] }), 400, 'validation_failed').errors![0]).toMatchObject({ path: 'visitDate', code: 'not_a_workday' });
      expect(expectProblem(await schedule(d.id, { visitDate: '2026-11-20', expertUserIds: [ids.expert] }), 400, 'validation_failed').errors![0]).toMatchObject({ code: 'in_the_past' });
      expect(expectProblem(await schedule(d.id, { visitDate: '2026-11-26', expertUserIds: [ids['expert-01']] }), 400, 'validation_failed').errors![0]).toMatchObject({ path: 'expertUserIds.0', code: 'not_on_case' });
      // Availability: the expert is not available on Thursdays for a while.
      const me = json<{ version: number; availability: number[] }>(await t.call('GET', '/api/experts/me', { cookie: c.expert }));
      await t.call('PATCH', '/api/experts/me', { cookie: c.expert, body: { availability: [1, 2, 3], version: me.version } });
      expect(expectProblem(await schedule(d.id, { visitDate: '2026-11-26', expertUserIds: [ids.expert] }), 400, 'validation_failed').errors![0]).toMatchObject({ code: 'expert_unavailable' });
      await t.call('PATCH', '/api/experts/me', { cookie: c.expert, body: { availability: me.availability, version: me.version + 1 } });

      const res = await schedule(d.id, { visitDate: '2026-11-26', expertUserIds: [ids.expert], note: '带压力表' });
      expect(res.statusCode, res.body).toBe(201);
      const visit = json<{ id: number; status: string; version: number }>(res);
      // Another case the same expert is on: the same day clashes.
      const t3 = await newTicket(firmId, '注塑机报警', 'PLC 报警停机');
      const third = await newConsultation(t3);
      await setExperts(third.id, [ids.expert]);
      await t.call('POST', `/api/consultations/${third.id}/response`, { cookie: c.expert, body: { accept: true } });
      expectProblem(await schedule(third.id, { visitDate: '2026-11-26', expertUserIds: [ids.expert] }), 409, 'visit_clash');
      expect((await schedule(third.id, { visitDate: '2026-11-27', expertUserIds: [ids.expert] }, c.expert)).statusCode).toBe(201);

      // The expert's calendar.
      const cal = json<{ items: { id: number; visitDate: string }[] }>(await t.call('GET', '/api/visits', { cookie: c.expert })).items;
      expect(cal.map((v) => v.visitDate)).toEqual(['2026-11-26', '2026-11-27']);

      // Check-in only on the day, only by an expert of the visit.
      expect(expectProblem(await t.call('POST', `/api/visits/${visit.id}/check-in`, { cookie: c.expert }), 400, 'validation_failed').errors![0]).toMatchObject({ code: 'not_today' });
      await moveClock('2026-11-26T01:30:00.000Z');
      expectProblem(await t.call('POST', `/api/visits/${visit.id}/check-in`, { cookie: c.secretary }), 403, 'forbidden');
      const checked = json<{ status: string; version: number; experts: { checkedInAt: string | null }[] }>(await t.call('POST', `/api/visits/${visit.id}/check-in`, { cookie: c.expert }));
      expect(checked.status).toBe('checked_in');
      expect(checked.experts[0]!.checkedInAt).not.toBeNull();
      const report = await t.call('PUT', `/api/visits/${visit.id}/report`, { cookie: c.expert, body: { findings: '溢流阀弹簧疲劳', actions: '更换溢流阀，重设保压参数', partsNeeded: '溢流阀 1 只', followUps: '一周后复查', version: checked.version } });
      expect(report.statusCode, report.body).toBe(200);
      expect(json(report)).toMatchObject({ status: 'reported', report: { findings: '溢流阀弹簧疲劳', partsNeeded: '溢流阀 1 只' } });
      const docx = await t.call('GET', `/api/visits/${visit.id}/report.docx`, { cookie: c.firm });
      expect(docx.statusCode).toBe(200);
      expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
      expectProblem(await t.call('GET', `/api/visits/${visit.id}/report.docx`, { cookie: c.fishery }), 404, 'not_found');
      // A follow-up visit.
      const follow = await schedule(d.id, { visitDate: '2026-12-03', expertUserIds: [ids.expert], followUpOf: visit.id });
      expect(follow.statusCode, follow.body).toBe(201);
      expect(json(follow)).toMatchObject({ followUpOf: visit.id });
    });

    it('the outcome is measured from the daily reports around the visit; rating; closing resolves the problem; figures', async () => {
      // Reports after the visit (the seed has the days before).
      const at = new Date(TEST_NOW).toISOString();
      for (const [i, cap] of [[1, 82], [2, 86], [3, 90]] as const) {
        await t.handle.db.insertInto('resumption_reports').values({
          enterprise_id: firmId, report_date: addDays('2026-11-26', i), output_pct: cap - 10, capacity_pct: cap, staff_on_duty: 10, staff_total: 12, stage: 'partial', blockers_json: '[]',
          material_cover_days: null, prevention_cover_days: null, submitted_by: null, created_at: at, updated_at: at,
        }).execute();
      }
      await moveClock('2026-11-30T02:00:00.000Z');
      const rows = await t.handle.db.selectFrom('resumption_reports').select(['report_date', 'capacity_pct', 'output_pct']).where('enterprise_id', '=', firmId).execute();
      const expected = outcomeOf(rows.map((r) => ({ date: r.report_date, capacityPct: r.capacity_pct, outputPct: r.output_pct })), '2026-11-26', 7);
      const now = await detail(d.id);
      expect(now.outcome).toEqual(expected);
      expect(now.outcome.after.capacityPct).toBe(86);
      expect(now.outcome.capacityGain).not.toBeNull();

      // The firm rates once; others may not.
      expectProblem(await t.call('POST', `/api/consultations/${d.id}/rating`, { cookie: c.expert, body: { score: 5 }, headers: idem() }), 403, 'forbidden');
      const rated = await t.call('POST', `/api/consultations/${d.id}/rating`, { cookie: c.firm, body: { score: 5, comment: '产能恢复很快' }, headers: idem() });
      expect(rated.statusCode, rated.body).toBe(201);
      expectProblem(await t.call('POST', `/api/consultations/${d.id}/rating`, { cookie: c.firm, body: { score: 4 }, headers: idem() }), 409, 'already_rated');

      const before = await detail(d.id);
      expectProblem(await t.call('POST', `/api/consultations/${d.id}/close`, { cookie: c.firm, body: { version: before.version } }), 403, 'forbidden');
      expectProblem(await t.call('POST', `/api/consultations/${d.id}/close`, { cookie: c.fishery, body: { version: before.version } }), 404, 'not_found');
      const closed = await t.call('POST', `/api/consultations/${d.id}/close`, { cookie: c.secretary, body: { version: before.version, note: '专家上门后恢复生产' } });
      expect(closed.statusCode, closed.body).toBe(200);
      expect(json<Detail>(closed)).toMatchObject({ status: 'closed', ticket: { status: 'resolved' } });
      const ticket = json<{ status: string; events: { kind: string; toStatus: string | null }[] }>(await t.call('GET', `/api/tickets/${ticketId}`, { cookie: c.firm }));
      expect(ticket.status).toBe('resolved');
      expectProblem(await t.call('POST', `/api/consultations/${d.id}/messages`, { cookie: c.firm, body: { body: '谢谢' }, headers: idem() }), 409, 'consultation_closed');

      const figs = json<{ scope: string; firmsHelped: number; capacityRegained: number; byExpert: { user: { id: number }; cases: number; capacityGain: number }[]; specialties: { demand: number; supply: number; short: boolean }[] }>(
        await t.call('GET', '/api/experts/figures', { cookie: c.secretary }),
      );
      expect(figs.scope).toBe('alliance');
      expect(figs.firmsHelped).toBe(1);
      expect(figs.capacityRegained).toBe(expected.capacityGain);
      expect(figs.byExpert.find((e) => e.user.id === ids.expert)!.capacityGain).toBe(expected.capacityGain);
      for (const s of figs.specialties) expect(s.short).toBe(s.demand > s.supply);
      expect(json<{ scope: string }>(await t.call('GET', '/api/experts/figures', { cookie: c.admin })).scope).toBe('city');
      // Every step was audited.
      const audit = await t.handle.db.selectFrom('audit_log').select('action').where('target_type', '=', 'consultation').where('target_id', '=', String(d.id)).execute();
      expect(new Set(audit.map((a) => a.action))).toEqual(new Set(['consultation.create', 'consultation.assign', 'consultation.accept', 'consultation.message', 'consultation.read_marker', 'consultation.attach', 'consultation.visit_schedule', 'consultation.rate', 'consultation.close']));
    });

    it('notifies: the expert when asked and of the firm\'s messages and visits; the firm when the expert replies; never the author', async () => {
      const rows = await t.handle.db.selectFrom('notifications').select(['user_id', 'kind', 'payload_json']).where('kind', 'like', 'consultation.%').execute();
      const mine = rows.filter((r) => (JSON.parse(r.payload_json) as { consultationId: number }).consultationId === d.id);
      const kindsOf = (userId: number) => [...new Set(mine.filter((r) => r.user_id === userId).map((r) => r.kind))].sort();
      expect(kindsOf(ids.expert)).toEqual(['consultation.message', 'consultation.proposed', 'consultation.visit']);
      expect(kindsOf(ids.firm)).toEqual(['consultation.message', 'consultation.visit']);
      // The expert's reply reached the firm; the firm's own messages did not come back to it.
      const toFirm = mine.filter((r) => r.user_id === ids.firm && r.kind === 'consultation.message').map((r) => JSON.parse(r.payload_json) as { excerpt: string });
      expect(toFirm.map((p) => p.excerpt)).toContain('请检查溢流阀设定');
      expect(toFirm.map((p) => p.excerpt)).not.toContain('您好，3 号机压力表波动很大');
      // Handlers watch without being told of every message.
      expect(kindsOf(ids.secretary)).toEqual([]);
      // The bell links to the consultation.
      const n = json<{ items: { kind: string; payload: { consultationId?: number } }[] }>(await t.call('GET', '/api/notifications?pageSize=100', { cookie: c.expert })).items.find((x) => x.kind === 'consultation.proposed');
      expect(n?.payload.consultationId).toBeDefined();
    });
  });

  it('the conversation is live: every party\'s open page hears of a new message, a read marker and a case change; an expert who declines is told the case is gone', async () => {
    topicStreamSettings.keepAliveMs = 100;
    if (!t.app.server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as AddressInfo).port;
    const ticketId = await newTicket(firmId, '气缸漏气', '气动夹具气缸漏气，压力上不去');
    const d = await newConsultation(ticketId);
    await setExperts(d.id, [ids.expert]);
    const url = `/api/consultations/${d.id}/stream`;
    const firm = await openSse(port, url, { cookie: c.firm });
    const expert = await openSse(port, url, { cookie: c.expert });
    const handler = await openSse(port, url, { cookie: c.secretary });
    try {
      for (const s of [firm, expert, handler]) {
        expect(s.status).toBe(200);
        expect(s.headers['content-type']).toBe('text/event-stream; charset=utf-8');
        await s.waitFor((f) => f.event === 'ready');
      }
      // Another alliance's secretary and another firm get 404, not a stream; no session: 401.
      for (const [cookie, status] of [[c.fishery, 404], ['', 401]] as const) {
        const denied = await openSse(port, url, cookie ? { cookie } : {});
        expect(denied.status).toBe(status);
        expect(denied.headers['content-type']).toMatch(/^application\/problem\+json/);
        denied.close();
      }
      await expert.waitFor((f) => f.comment === 'keep-alive');

      const posted = json<{ id: number }>(await t.call('POST', `/api/consultations/${d.id}/messages`, { cookie: c.firm, body: { body: '您好，气缸漏气' }, headers: idem() }));
      for (const s of [firm, expert, handler]) {
        const f = await s.waitFor((x) => x.event === 'changed' && JSON.parse(x.data!).kind === 'message');
        expect(JSON.parse(f.data!)).toEqual({ kind: 'message', messageId: posted.id });
      }
      expect((await t.call('POST', `/api/consultations/${d.id}/read`, { cookie: c.expert, body: { messageId: posted.id } })).statusCode).toBe(200);
      expect(JSON.parse((await firm.waitFor((x) => x.event === 'changed' && JSON.parse(x.data!).kind === 'read')).data!)).toEqual({ kind: 'read', userId: ids.expert, messageId: posted.id });
      // A message refused (no text, no file) announces nothing.
      const before = firm.frames.filter((f) => f.event === 'changed').length;
      expectProblem(await t.call('POST', `/api/consultations/${d.id}/messages`, { cookie: c.firm, body: { body: '' }, headers: idem() }), 400, 'validation_failed');

      // The expert declines: the case moves for those who still see it; the expert's page hears it is gone.
      expect((await t.call('POST', `/api/consultations/${d.id}/response`, { cookie: c.expert, body: { accept: false, reason: '本周出差' } })).statusCode).toBe(200);
      await expert.waitFor((f) => f.event === 'gone');
      await expert.ended;
      expect(expert.frames.some((f) => f.event === 'changed' && JSON.parse(f.data!).kind === 'case')).toBe(false);
      await firm.waitFor((f) => f.event === 'changed' && JSON.parse(f.data!).kind === 'case');
      await handler.waitFor((f) => f.event === 'changed' && JSON.parse(f.data!).kind === 'case');
      expect(firm.frames.filter((f) => f.event === 'changed').length).toBe(before + 1);
    } finally {
      for (const s of [firm, expert, handler]) s.close();
      topicStreamSettings.keepAliveMs = 25_000;
    }
  });
});
