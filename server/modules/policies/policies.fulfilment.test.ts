/**
 * Fulfilment (政策兑现) and co-research (政策共研): the state machine and deadlines (pure), then
 * through the API on every dialect — transitions, version checks, idempotent creates, audit,
 * totals against the rows in the DB, reminders with a moved clock, who sees which questions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../calendar/calendar.service';
import { remindApplications } from './policies.service';
import { APPLICATION_STATUSES, APPLICATION_TRANSITIONS, canMove, reminderDue, stageDueOn } from './policies.fulfilment';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json } from '../../test/helpers';

describe('fulfilment state machine', () => {
  it('allows exactly preparing→submitted→approved|rejected, approved→disbursed', () => {
    const allowed = APPLICATION_STATUSES.flatMap((a) => APPLICATION_STATUSES.filter((b) => canMove(a, b)).map((b) => `${a}>${b}`));
    expect(allowed.sort()).toEqual(['approved>disbursed', 'preparing>submitted', 'submitted>approved', 'submitted>rejected']);
    expect(APPLICATION_TRANSITIONS.rejected).toEqual([]);
  });
});

describe.each(DIALECTS)('policy fulfilment and co-research (%s)', (dialect) => {
  let t: TestApp;
  let secretary: string;
  let group: string;
  let firm: string;
  let firmId: number;
  let policyId: number;
  let otherPolicyId: number;
  let members: number[];
  beforeAll(async () => {
    t = await createTestApp(dialect);
    secretary = await t.login('secretary');
    group = await t.login('policy-leather');
    firm = await t.login('firm');
    firmId = (await t.handle.db.selectFrom('user_roles as g').innerJoin('users as u', 'u.id', 'g.user_id').select('g.enterprise_id').where('u.username', '=', 'firm').executeTakeFirstOrThrow()).enterprise_id!;
    const dept = await t.handle.db.selectFrom('departments').select('id').executeTakeFirst();
    const mk = async (title: string, departmentId: number | null) =>
      json(await t.call('POST', '/api/policies', { cookie: group, headers: idem(), body: { title, departmentId, issuedOn: '2026-11-01', validFrom: '2026-11-01', benefitKind: 'subsidy', benefitAmountFen: 500_000 } })).id as number;
    policyId = await mk('稳岗补贴', dept?.id ?? null);
    otherPolicyId = await mk('社保费减免', null);
    members = (await t.handle.db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', 1).orderBy('enterprise_id').execute()).map((r) => r.enterprise_id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records an application (idempotent), moves it along with version checks, refuses illegal moves; all audited', async () => {
    const key = idem();
    const body = { policyId, enterpriseId: firmId, requestedFen: 1_200_000, note: '材料齐全' };
    const res = await t.call('POST', '/api/policy-applications', { cookie: group, headers: key, body });
    expect(res.statusCode, res.body).toBe(201);
    const a = json(res);
    expect(a).toMatchObject({ status: 'preparing', requestedFen: 1_200_000, next: ['submitted'], enterprise: { id: firmId } });
    const cal = await loadCalendar(t.handle.db);
    expect(a.dueOn).toBe(stageDueOn(cal, 'preparing', '2026-11-25'));
    // Replay: the same answer, no second row.
    expect(json(await t.call('POST', '/api/policy-applications', { cookie: group, headers: key, body })).id).toBe(a.id);
    expectProblem(await t.call('POST', '/api/policy-applications', { cookie: group, headers: idem(), body }), 409, 'already_applied');
    expectProblem(await t.call('POST', '/api/policy-applications', { cookie: group, headers: idem(), body: { ...body, enterpriseId: 999_999 } }), 400, 'validation_failed');

    const move = (id: number, b: Record<string, unknown>) => t.call('POST', `/api/policy-applications/${id}/transition`, { cookie: group, body: b });
    expectProblem(await move(a.id, { to: 'approved', version: a.version, amountFen: 1 }), 409, 'illegal_transition');
    expectProblem(await move(a.id, { to: 'submitted', version: a.version + 5 }), 409, 'version_conflict');
    const s = json(await move(a.id, { to: 'submitted', version: a.version }));
    expect(s).toMatchObject({ status: 'submitted', next: ['approved', 'rejected'] });
    expect(s.dueOn).toBe(stageDueOn(cal, 'submitted', '2026-11-25'));
    expectProblem(await move(a.id, { to: 'approved', version: s.version }), 400, 'validation_failed');
    const ap = json(await move(a.id, { to: 'approved', version: s.version, amountFen: 1_000_000 }));
    expect(ap).toMatchObject({ status: 'approved', approvedFen: 1_000_000 });
    expectProblem(await move(a.id, { to: 'disbursed', version: ap.version, amountFen: 1_000_001 }), 400, 'validation_failed');
    const d = json(await move(a.id, { to: 'disbursed', version: ap.version, amountFen: 1_000_000 }));
    expect(d).toMatchObject({ status: 'disbursed', disbursedFen: 1_000_000, dueOn: null, next: [] });
    expectProblem(await move(a.id, { to: 'submitted', version: d.version }), 409, 'illegal_transition');

    const audit = await t.handle.db.selectFrom('audit_log').select('action').where('target_type', '=', 'policy_application').where('target_id', '=', String(a.id)).execute();
    expect(audit.map((r) => r.action).sort()).toEqual(['policy.apply', 'policy.transition', 'policy.transition', 'policy.transition']);
  });

  it('the firm sees only its own applications; others answer 404; only the policy group records them', async () => {
    const other = members.find((m) => m !== firmId)!;
    const b = json(await t.call('POST', '/api/policy-applications', { cookie: secretary, headers: idem(), body: { policyId: otherPolicyId, enterpriseId: other, requestedFen: 300_000 } }));
    const mine = json(await t.call('GET', '/api/policy-applications', { cookie: firm }));
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((i: { enterprise: { id: number } }) => i.enterprise.id === firmId)).toBe(true);
    expectProblem(await t.call('GET', `/api/policy-applications/${b.id}`, { cookie: firm }), 404);
    expect(json(await t.call('GET', `/api/policy-applications/${b.id}`, { cookie: secretary })).id).toBe(b.id);
    expectProblem(await t.call('POST', '/api/policy-applications', { cookie: await t.login('tech'), headers: idem(), body: { policyId, enterpriseId: other, requestedFen: 1 } }), 403);
    expectProblem(await t.call('GET', `/api/policy-applications/${b.id}`, { cookie: await t.login('secretary-fishery') }), 404);
  });

  it('totals by policy, department and alliance equal the sums over the rows', async () => {
    // A rejected one too.
    const third = members.filter((m) => m !== firmId)[1]!;
    const c = json(await t.call('POST', '/api/policy-applications', { cookie: group, headers: idem(), body: { policyId, enterpriseId: third, requestedFen: 70_000 } }));
    const cs = json(await t.call('POST', `/api/policy-applications/${c.id}/transition`, { cookie: group, body: { to: 'submitted', version: c.version } }));
    await t.call('POST', `/api/policy-applications/${c.id}/transition`, { cookie: group, body: { to: 'rejected', version: cs.version, reason: '不符合条件' } });

    const totals = json(await t.call('GET', '/api/policy-applications/totals', { cookie: secretary }));
    const rows = await t.handle.db
      .selectFrom('policy_applications as a').innerJoin('policies as p', 'p.id', 'a.policy_id')
      .select(['a.policy_id', 'p.department_id', 'a.status', 'a.requested_fen', 'a.approved_fen', 'a.disbursed_fen']).where('a.alliance_id', '=', 1).execute();
    const sum = (rs: typeof rows) => ({
      applications: rs.length,
      requestedFen: rs.reduce((n, r) => n + Number(r.requested_fen), 0),
      approvedFen: rs.reduce((n, r) => n + Number(r.approved_fen ?? 0), 0),
      disbursedFen: rs.reduce((n, r) => n + Number(r.disbursed_fen ?? 0), 0),
    });
    expect(totals.alliance).toMatchObject(sum(rows));
    expect(totals.alliance.byStatus.rejected).toBe(rows.filter((r) => r.status === 'rejected').length);
    for (const p of totals.byPolicy) expect(p).toMatchObject(sum(rows.filter((r) => r.policy_id === p.policy.id)));
    expect(totals.byPolicy.map((p: { policy: { id: number } }) => p.policy.id).sort()).toEqual([...new Set(rows.map((r) => r.policy_id))].sort());
    for (const d of totals.byDepartment) expect(d).toMatchObject(sum(rows.filter((r) => r.department_id === (d.department?.id ?? null))));
    expectProblem(await t.call('GET', '/api/policy-applications/totals', { cookie: firm }), 403);
  });

  it('reminds the policy group (and the preparing firm) once per stage, from the working day before the deadline', async () => {
    const fourth = members.filter((m) => m !== firmId)[2]!;
    const a = json(await t.call('POST', '/api/policy-applications', { cookie: group, headers: idem(), body: { policyId, enterpriseId: fourth, requestedFen: 10_000 } }));
    const cal = await loadCalendar(t.handle.db);
    expect(reminderDue(cal, a.dueOn, '2026-11-25')).toBe(false);
    const before = await remindApplications(t.deps, new Date('2026-11-26T02:00:00Z'));
    const reminded = async () => t.handle.db.selectFrom('notifications').select(['user_id', 'payload_json']).where('kind', '=', 'policy.application_due').execute();
    expect((await reminded()).filter((n) => JSON.parse(n.payload_json).applicationId === a.id)).toHaveLength(0);
    void before;
    // The working day before the due date.
    let day = '2026-11-26';
    while (cal.nextWorkday(day) < a.dueOn) day = cal.nextWorkday(day);
    const at = new Date(`${day}T02:00:00Z`);
    await remindApplications(t.deps, at);
    await remindApplications(t.deps, at);
    const notes = (await reminded()).filter((n) => JSON.parse(n.payload_json).applicationId === a.id);
    const groupIds = (await t.handle.db.selectFrom('user_roles').select('user_id').where('working_group', '=', 'policy').where('alliance_id', '=', 1).execute()).map((r) => r.user_id);
    const admins = (await t.handle.db.selectFrom('user_roles').select('user_id').where('role', '=', 'enterprise_admin').where('enterprise_id', '=', fourth).execute()).map((r) => r.user_id);
    expect(new Set(notes.map((n) => n.user_id))).toEqual(new Set([...groupIds, ...admins]));
    expect(notes).toHaveLength(new Set([...groupIds, ...admins]).size);
  });

  it('co-research: a firm asks; the group answers; a firm sees its own questions and published answers only', async () => {
    const ask = (cookie: string, question: string) => t.call('POST', `/api/policies/${policyId}/questions`, { cookie, headers: idem(), body: { question } });
    const q1 = json(await ask(firm, '申请稳岗补贴需要哪些材料？'));
    expect(q1).toMatchObject({ mine: true, answer: null, published: false, enterprise: { id: firmId } });
    expectProblem(await ask(secretary, '员工可以提问吗'), 403);
    // Another firm's question, answered privately, then one answered and published.
    const otherFirm = members.find((m) => m !== firmId)!;
    const at = new Date().toISOString();
    const mk = async (question: string) => (await t.handle.db.insertInto('policy_questions').values({ alliance_id: 1, policy_id: policyId, enterprise_id: otherFirm, question, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow()).id;
    const priv = await mk('我们企业的情况特殊，能否单独咨询？');
    const pub = await mk('补贴多久能到账？');
    const answer = (id: number, publish: boolean, version = 1) => t.call('POST', `/api/policy-questions/${id}/answer`, { cookie: group, body: { answer: '请联系政策组。', publish, version } });
    expect(json(await answer(priv, false))).toMatchObject({ published: false, answer: '请联系政策组。' });
    expect(json(await answer(pub, true))).toMatchObject({ published: true });
    expectProblem(await answer(pub, true, 1), 409, 'version_conflict');
    expectProblem(await t.call('POST', `/api/policy-questions/${q1.id}/answer`, { cookie: await t.login('tech'), body: { answer: 'x', publish: true, version: 1 } }), 403);

    const seen = json(await t.call('GET', `/api/policies/${policyId}/questions`, { cookie: firm })).items;
    expect(seen.map((q: { id: number }) => q.id).sort()).toEqual([q1.id, pub].sort());
    expect(seen.find((q: { id: number }) => q.id === pub).enterprise).toBeNull();
    const staff = json(await t.call('GET', `/api/policies/${policyId}/questions`, { cookie: secretary })).items;
    expect(staff.map((q: { id: number }) => q.id)).toEqual(expect.arrayContaining([q1.id, priv, pub]));
    expectProblem(await t.call('GET', `/api/policies/${policyId}/questions`, { cookie: await t.login('secretary-fishery') }), 404);

    // The asking firm's accounts are told of the answer.
    await answer(q1.id, true);
    const told = await t.handle.db.selectFrom('notifications').select('user_id').where('kind', '=', 'policy.answered').execute();
    const firmUser = (await t.handle.db.selectFrom('users').select('id').where('username', '=', 'firm').executeTakeFirstOrThrow()).id;
    expect(told.map((n) => n.user_id)).toContain(firmUser);
    const audit = await t.handle.db.selectFrom('audit_log').select('action').where('target_type', '=', 'policy_question').execute();
    expect(audit.map((r) => r.action)).toEqual(expect.arrayContaining(['policy.ask', 'policy.answer']));
  });
});
