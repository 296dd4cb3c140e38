/** Joint prevention through the API, on every dialect: versioning, auto-problems, visibility, days of cover and invitations. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, TEST_NOW, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json, multipartFile } from '../../test/helpers';

const hoursFromNow = (h: number) => new Date(Date.parse(TEST_NOW) + h * 3_600_000).toISOString();

describe.each(DIALECTS)('prevention (%s)', (dialect) => {
  let t: TestApp;
  let group: string;
  let firm: string;
  let firmId: number;
  let otherFirmId: number;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    group = await t.login('prevention-leather');
    firm = await t.login('firm');
    firmId = t.seed.users.find((u) => u.username === 'firm')!.grants[0]!.enterpriseId!;
    const members = await t.deps.db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', 1).orderBy('enterprise_id').execute();
    otherFirmId = members.map((m) => m.enterprise_id).find((id) => id !== firmId)!;
  });
  afterAll(async () => {
    await t?.close();
  });

  const items = [
    { text: '员工每日测温并登记', guidance: '上下班各一次', evidenceRequired: false },
    { text: '车间每日消毒', guidance: '含氯消毒液', evidenceRequired: true },
  ];

  async function publishedStandard(title: string) {
    const created = await t.call('POST', '/api/prevention/standards', { cookie: group, body: { title, items }, headers: idem() });
    expect(created.statusCode, created.body).toBe(201);
    const s = json(created);
    const published = await t.call('POST', `/api/prevention/standards/${s.id}/publish`, { cookie: group, body: { version: s.version } });
    expect(published.statusCode, published.body).toBe(200);
    return json(published);
  }

  it('publishes versions; published versions never change; old inspections keep their version', async () => {
    const s = await publishedStandard('复工防控标准');
    expect(s.current.number).toBe(1);
    expect(s.draftChanged).toBe(false);
    // Firms may not edit standards; a group member outside the prevention group neither.
    expectProblem(await t.call('POST', '/api/prevention/standards', { cookie: firm, body: { title: 'x', items }, headers: idem() }), 403);
    expectProblem(await t.call('PUT', `/api/prevention/standards/${s.id}/draft`, { cookie: await t.login('tech'), body: { title: 'x', items, version: s.version } }), 403, 'forbidden');

    const submit = (versionNumber: number, outcomes: string[]) =>
      t.call('POST', '/api/prevention/inspections', {
        cookie: firm, headers: idem(),
        body: { enterpriseId: firmId, standardId: s.id, versionNumber, inspectedOn: '2026-11-24', answers: outcomes.map((outcome, position) => ({ position, outcome })) },
      });
    const first = await submit(1, ['pass', 'pass']);
    expect(first.statusCode, first.body).toBe(201);
    const v1 = json(first);
    expect(v1.standard.versionNumber).toBe(1);

    // Edit the draft (v1 unchanged until published), then publish v2.
    const draft = await t.call('PUT', `/api/prevention/standards/${s.id}/draft`, { cookie: group, body: { title: '复工防控标准（修订）', items: [...items, { text: '食堂错峰就餐', guidance: '', evidenceRequired: false }], version: s.version } });
    expect(draft.statusCode, draft.body).toBe(200);
    expect(json(draft).draftChanged).toBe(true);
    expect(json(draft).current.number).toBe(1);
    expectProblem(await t.call('PUT', `/api/prevention/standards/${s.id}/draft`, { cookie: group, body: { title: 'stale', items, version: s.version } }), 409, 'version_conflict');
    const v2 = json(await t.call('POST', `/api/prevention/standards/${s.id}/publish`, { cookie: group, body: { version: json(draft).version } }));
    expect(v2.current.number).toBe(2);
    expect(v2.versions.map((v: { number: number }) => v.number)).toEqual([2, 1]);
    expect(v2.currentItems).toHaveLength(3);

    // The old inspection still reads version 1 with its two items.
    const old = json(await t.call('GET', `/api/prevention/inspections/${v1.id}`, { cookie: firm }));
    expect(old.standard).toMatchObject({ versionNumber: 1, title: '复工防控标准' });
    expect(old.answers.map((a: { text: string }) => a.text)).toEqual(items.map((i) => i.text));
    const oldVersion = json(await t.call('GET', `/api/prevention/standard-versions/${old.standard.versionId}`, { cookie: firm }));
    expect(oldVersion.items).toHaveLength(2);

    // A form filled against v1 is refused now; every item must be answered once.
    expectProblem(await submit(1, ['pass', 'pass']), 409, 'standard_superseded');
    expectProblem(await submit(2, ['pass', 'pass']), 400, 'validation_failed');
    expect((await submit(2, ['pass', 'na', 'pass'])).statusCode).toBe(201);
  });

  it('a failed item opens a problem for the prevention group in the same transaction; photos go to the file store', async () => {
    const s = await publishedStandard('车间防控自查');
    const res = await t.call('POST', '/api/prevention/inspections', {
      cookie: firm, headers: idem(),
      body: { enterpriseId: firmId, standardId: s.id, versionNumber: 1, inspectedOn: '2026-11-25', answers: [{ position: 0, outcome: 'pass' }, { position: 1, outcome: 'fail', note: '消毒液用完' }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const insp = json(res);
    expect(insp.failedCount).toBe(1);
    const ticketId = insp.answers[1].ticketId;
    expect(insp.answers[0].ticketId).toBeNull();
    const ticket = json(await t.call('GET', `/api/tickets/${ticketId}`, { cookie: firm }));
    expect(ticket).toMatchObject({ category: 'prevention', leadGroup: 'prevention', status: 'submitted' });
    expect(ticket.title).toContain('车间每日消毒');
    const audit = await t.deps.db.selectFrom('audit_log').select('detail_json').where('action', '=', 'prevention.inspection_submit').where('target_id', '=', String(insp.id)).execute();
    expect(JSON.parse(audit[0]!.detail_json).ticketIds).toEqual([ticketId]);
    // The prevention group is told.
    const groupUser = t.seed.users.find((u) => u.username === 'prevention-leather')!.id;
    const notes = await t.deps.db.selectFrom('notifications').select(['payload_json']).where('user_id', '=', groupUser).where('kind', '=', 'ticket.created').execute();
    expect(notes.some((n) => JSON.parse(n.payload_json).ticketId === ticketId)).toBe(true);

    // A photo of the inspection; another firm's account cannot see it.
    const m = multipartFile('photo.png', Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'), 'image/png');
    const up = await t.app.inject({ method: 'POST', url: `/api/files?ownerType=prevention_inspection&ownerId=${insp.id}`, headers: { cookie: firm, ...m.headers, ...idem() }, payload: m.payload });
    expect(up.statusCode, up.body).toBe(201);
    const listed = json(await t.call('GET', `/api/files?ownerType=prevention_inspection&ownerId=${insp.id}`, { cookie: group }));
    expect(listed.items).toHaveLength(1);
  });

  it('firms see only their own inspections; other alliances see 404', async () => {
    const s = await publishedStandard('可见性');
    const mine = json(await t.call('POST', '/api/prevention/inspections', { cookie: firm, headers: idem(), body: { enterpriseId: firmId, standardId: s.id, versionNumber: 1, inspectedOn: '2026-11-25', answers: [{ position: 0, outcome: 'pass' }, { position: 1, outcome: 'pass' }] } }));
    // An inspection of another member, inserted directly.
    const other = await t.deps.db.insertInto('prevention_inspections').values({ alliance_id: 1, enterprise_id: otherFirmId, standard_id: s.id, standard_version_id: s.current.id, inspected_on: '2026-11-25', created_at: TEST_NOW }).returning('id').executeTakeFirstOrThrow();
    const list = json(await t.call('GET', '/api/prevention/inspections?pageSize=100', { cookie: firm }));
    expect(list.items.every((i: { enterprise: { id: number } }) => i.enterprise.id === firmId)).toBe(true);
    expect(list.items.some((i: { id: number }) => i.id === mine.id)).toBe(true);
    expectProblem(await t.call('GET', `/api/prevention/inspections/${other.id}`, { cookie: firm }), 404);
    expect((await t.call('GET', `/api/prevention/inspections/${other.id}`, { cookie: group })).statusCode).toBe(200);
    // A firm may not inspect for another firm.
    expectProblem(await t.call('POST', '/api/prevention/inspections', { cookie: firm, headers: idem(), body: { enterpriseId: otherFirmId, standardId: s.id, versionNumber: 1, inspectedOn: '2026-11-25', answers: [{ position: 0, outcome: 'pass' }, { position: 1, outcome: 'pass' }] } }), 404);
    const fishery = await t.login('secretary-fishery');
    expectProblem(await t.call('GET', `/api/prevention/inspections/${mine.id}`, { cookie: fishery }), 404);
    expectProblem(await t.call('GET', `/api/prevention/standards/${s.id}`, { cookie: fishery }), 404);
  });

  it('trainings record attendance per firm; firms see those they were asked to', async () => {
    const res = await t.call('POST', '/api/prevention/trainings', { cookie: group, headers: idem(), body: { topic: '复工防疫培训', heldOn: '2026-11-28', place: '联盟会议室', attendees: [{ enterpriseId: firmId, expected: 3 }, { enterpriseId: otherFirmId, expected: 2 }] } });
    expect(res.statusCode, res.body).toBe(201);
    const tr = json(res);
    expect(tr.expectedTotal).toBe(5);
    const rec = await t.call('PUT', `/api/prevention/trainings/${tr.id}/attendance`, { cookie: group, body: { version: tr.version, attendance: [{ enterpriseId: firmId, attended: 2 }] } });
    expect(rec.statusCode, rec.body).toBe(200);
    expect(json(rec)).toMatchObject({ attendedTotal: 2, version: tr.version + 1 });
    expectProblem(await t.call('PUT', `/api/prevention/trainings/${tr.id}/attendance`, { cookie: group, body: { version: tr.version, attendance: [{ enterpriseId: firmId, attended: 2 }] } }), 409);
    expect(json(await t.call('GET', `/api/prevention/trainings/${tr.id}`, { cookie: firm })).topic).toBe('复工防疫培训');
    const alone = json(await t.call('POST', '/api/prevention/trainings', { cookie: group, headers: idem(), body: { topic: '仅他企', heldOn: '2026-11-28', attendees: [{ enterpriseId: otherFirmId, expected: 1 }] } }));
    expectProblem(await t.call('GET', `/api/prevention/trainings/${alone.id}`, { cookie: firm }), 404);
  });

  it('days of cover flag firms under the threshold and invite them once to the open group purchase', async () => {
    // Start from no supplies (the demo seed records some).
    await t.deps.db.deleteFrom('prevention_invitations').execute();
    await t.deps.db.deleteFrom('prevention_supplies').execute();
    const sec = await t.login('secretary');
    const campaign = await t.call('POST', '/api/purchasing/campaigns', {
      cookie: sec, headers: idem(),
      body: { title: '口罩团购', supplier: '温州医疗器械有限公司', allocationRule: 'pro_rata', pledgeDeadline: hoursFromNow(2), items: [{ name: '口罩', unit: 'pcs', tiers: [{ minCount: 0, unitPriceFen: 100 }], minTotalCount: 0 }] },
    });
    expect(campaign.statusCode, campaign.body).toBe(201);
    const campaignId = json(campaign).id;
    // 20 kg of disinfectant at 2.5 kg a day: 8 days — above the default threshold of 7.
    const created = await t.call('POST', '/api/prevention/supplies', { cookie: firm, headers: idem(), body: { enterpriseId: firmId, name: '消毒液', unit: 'kg', stockAmount: 20_000, dailyUseAmount: 2_500 } });
    expect(created.statusCode, created.body).toBe(201);
    const supply = json(created);
    expect(supply).toMatchObject({ coverDays: 8, flagged: false });
    let list = json(await t.call('GET', '/api/prevention/supplies', { cookie: firm }));
    expect(list.thresholdDays).toBe(7);
    expect(list.openCampaign.id).toBe(campaignId);
    expect(list.items.every((s: { enterprise: { id: number } }) => s.enterprise.id === firmId)).toBe(true);
    expect(list.firms.find((f: { enterprise: { id: number } }) => f.enterprise.id === firmId)).toMatchObject({ coverDays: 8, flagged: false, invitedCampaignId: null });

    // Use rises: 20 kg at 3 kg a day is 6 days — flagged and invited (its admins notified once).
    const updated = await t.call('PUT', `/api/prevention/supplies/${supply.id}`, { cookie: firm, body: { stockAmount: 20_000, dailyUseAmount: 3_000, version: supply.version } });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(json(updated)).toMatchObject({ coverDays: 6, flagged: true });
    list = json(await t.call('GET', '/api/prevention/supplies?flaggedOnly=true', { cookie: group }));
    expect(list.firms.find((f: { enterprise: { id: number } }) => f.enterprise.id === firmId)).toMatchObject({ coverDays: 6, flagged: true, invitedCampaignId: campaignId });
    const invitations = await t.deps.db.selectFrom('prevention_invitations').selectAll().where('campaign_id', '=', campaignId).execute();
    expect(invitations.map((i) => [i.enterprise_id, i.cover_days])).toEqual([[firmId, 6]]);
    const firmUser = t.seed.users.find((u) => u.username === 'firm')!.id;
    const countInvites = async () => (await t.deps.db.selectFrom('notifications').select('id').where('user_id', '=', firmUser).where('kind', '=', 'prevention.purchase_invite').execute()).length;
    // The firm recorded it itself, so it is not notified of its own doing; the staff invitation round adds no second invitation.
    const inviteRound = json(await t.call('POST', '/api/prevention/supplies/invite', { cookie: group, body: { campaignId } }));
    expect(inviteRound.invited).not.toContain(firmId);
    expect(await countInvites()).toBe(0);

    // The threshold is the alliance's: at 5 days the firm is no longer flagged.
    const settings = json(await t.call('GET', '/api/prevention/settings', { cookie: group }));
    const put = await t.call('PUT', '/api/prevention/settings', { cookie: group, body: { coverThresholdDays: 5, version: settings.version } });
    expect(put.statusCode, put.body).toBe(200);
    list = json(await t.call('GET', '/api/prevention/supplies', { cookie: firm }));
    expect(list.firms.find((f: { enterprise: { id: number } }) => f.enterprise.id === firmId).flagged).toBe(false);
    await t.call('PUT', '/api/prevention/settings', { cookie: group, body: { coverThresholdDays: 7, version: json(put).version } });

    // The group records a low stock for another firm: that firm's admins are invited.
    const low = await t.call('POST', '/api/prevention/supplies', { cookie: group, headers: idem(), body: { enterpriseId: otherFirmId, name: '口罩', unit: 'pcs', stockAmount: 100, dailyUseAmount: 50 } });
    expect(low.statusCode, low.body).toBe(201);
    expect(json(low)).toMatchObject({ coverDays: 2, flagged: true });
    const otherAdmins = await t.deps.db.selectFrom('user_roles').select('user_id').where('role', '=', 'enterprise_admin').where('enterprise_id', '=', otherFirmId).execute();
    if (otherAdmins.length) {
      const n = await t.deps.db.selectFrom('notifications').select('payload_json').where('user_id', '=', otherAdmins[0]!.user_id).where('kind', '=', 'prevention.purchase_invite').execute();
      expect(n.map((x) => JSON.parse(x.payload_json).campaignId)).toEqual([campaignId]);
    }
    // Firms cannot see or change another firm's supplies.
    expectProblem(await t.call('PUT', `/api/prevention/supplies/${json(low).id}`, { cookie: firm, body: { stockAmount: 1, dailyUseAmount: 1, version: 1 } }), 404);
    expectProblem(await t.call('POST', '/api/prevention/supplies', { cookie: firm, headers: idem(), body: { enterpriseId: otherFirmId, name: 'x', unit: 'pcs', stockAmount: 1, dailyUseAmount: 1 } }), 404);
  });
});
