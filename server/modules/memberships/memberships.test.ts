/**
 * Membership by consent. The first test walks the cross-alliance takeover of issue 9 step by step
 * — the secretary of another alliance "joins" a firm and tries to read its past reports, rename
 * it, take over its accounts, switch into its original alliance and disable its accounts — and
 * sees every step fail. The others cover accepting, refusing, asking again, leaving, removing and
 * sharing the report history, and who may create, reset and disable a firm's accounts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { enterpriseBody, expectProblem, idem, json } from '../../test/helpers';

type Req = { id: number; status: string; alliance: { id: number; name: string }; enterprise: { id: number; name: string; creditCode: string } };
type Firm = { id: number; name: string; creditCode: string; version: number; contacts: unknown; latest: { reportDate: string } | null; membership: { version: number; notes: string; reportsFrom: string | null; shareHistory: boolean; registeredHere: boolean } };
type Memberships = { items: { alliance: { id: number }; version: number; shareHistory: boolean; reportsFrom: string | null; registeredHere: boolean }[] };
type U = { id: number; username: string; version: number; disabled: boolean };

describe.each(DIALECTS)('membership by consent (%s)', (dialect) => {
  let t: TestApp;
  let firm: string; // the firm's own admin (leather alliance, id 1)
  let leather: string; // secretary of the alliance that registered the firm
  let fishery: string; // secretary of another alliance: the attacker
  let admin: string;
  let firmId: number;
  let creditCode: string;
  const FISHERY = 2;

  const join = (cookie: string, code = creditCode) => t.call('POST', '/api/enterprises/join', { cookie, body: { creditCode: code }, headers: idem() });
  const pending = async (cookie: string) => json(await t.call('GET', '/api/firms/requests', { cookie })).items as Req[];
  const memberships = async (cookie = firm) => json(await t.call('GET', `/api/firms/${firmId}/memberships`, { cookie })) as Memberships;
  const inFishery = async (m?: Memberships) => (m ?? (await memberships())).items.find((i) => i.alliance.id === FISHERY);
  const findUser = async (cookie: string, username: string) => (json(await t.call('GET', `/api/users?q=${username}&pageSize=50`, { cookie })).items as U[]).find((u) => u.username === username);
  const reportCount = async () => Number((await t.handle.db.selectFrom('resumption_reports').select((eb) => eb.fn.countAll<number>().as('n')).where('enterprise_id', '=', firmId).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp(dialect, { scale: 0.1 });
    [firm, leather, fishery, admin] = [await t.login('firm'), await t.login('secretary'), await t.login('secretary-fishery'), await t.login('admin')];
    const session = json(await t.call('GET', '/api/session', { cookie: firm }));
    firmId = session.grants.find((g: { role: string }) => g.role === 'enterprise_admin').enterpriseId;
    creditCode = json(await t.call('GET', `/api/enterprises/${firmId}`, { cookie: firm })).creditCode;
    expect(json(await t.call('GET', '/api/session', { cookie: fishery })).allianceId).toBe(FISHERY);
  });
  afterAll(async () => t?.close());

  it('the takeover of issue 9 fails at every step', async () => {
    const reportsBefore = await reportCount();
    const firmAdmin = (await findUser(leather, 'firm'))!;
    const staff = (await findUser(leather, 'staff'))!;

    // 1. "Joining" only asks: the firm is not a member of the fishery alliance.
    const asked = await join(fishery);
    expect(asked.statusCode, asked.body).toBe(201);
    const request = json(asked) as Req;
    expect(request.status).toBe('pending');
    // The request names the firm and its credit code, nothing more.
    expect(Object.keys(request.enterprise).sort()).toEqual(['creditCode', 'id', 'name']);

    // 2. No read of the firm's record, reports or history, in any list or export.
    expectProblem(await t.call('GET', `/api/enterprises/${firmId}`, { cookie: fishery }), 404, 'not_found');
    expectProblem(await t.call('GET', `/api/enterprises/${firmId}/reports`, { cookie: fishery }), 404);
    expectProblem(await t.call('GET', `/api/enterprises/${firmId}/reports/2026-11-24`, { cookie: fishery }), 404);
    const list = json(await t.call('GET', `/api/enterprises?q=${encodeURIComponent(creditCode)}`, { cookie: fishery }));
    expect(list.total).toBe(0);
    const latest = json(await t.call('GET', '/api/reports/latest?pageSize=200', { cookie: fishery })).items as { enterpriseId: number }[];
    expect(latest.some((r) => r.enterpriseId === firmId)).toBe(false);
    const members = json(await t.call('GET', `/api/chain/members?ids=${firmId}`, { cookie: fishery })).items as { id: number }[];
    expect(members.some((m) => m.id === firmId)).toBe(false);

    // 3. No rename of the shared record — not now, and (below) not after a join either.
    expectProblem(await t.call('PATCH', `/api/enterprises/${firmId}`, { cookie: fishery, body: { name: '被改名', version: 1 } }), 403, 'forbidden');

    // 4. No reset of the firm admin's password, no new admin for the firm.
    expectProblem(await t.call('POST', `/api/users/${firmAdmin.id}/password-reset`, { cookie: fishery, body: { version: firmAdmin.version } }), 404);
    const takeover = await t.call('POST', '/api/users', { cookie: fishery, headers: idem(), body: { username: 'takeover', displayName: '冒名', password: 'Takeover2026x', grants: [{ role: 'enterprise_admin', enterpriseId: firmId }] } });
    expect(takeover.statusCode).toBe(400);
    // 5. …so there is nothing to sign in as.
    expectProblem(await t.call('POST', '/api/session', { body: { username: 'takeover', password: 'Takeover2026x' } }), 401);

    // 6. No switch into the firm's alliance, so neither its tickets nor its links.
    expectProblem(await t.call('PUT', '/api/session/alliance', { cookie: fishery, body: { allianceId: 1 } }), 404);
    expect(json(await t.call('GET', '/api/session', { cookie: fishery })).allianceId).toBe(FISHERY);
    const tickets = json(await t.call('GET', `/api/tickets?enterpriseId=${firmId}`, { cookie: fishery }));
    expect(tickets.total).toBe(0);
    const links = json(await t.call('GET', `/api/chain/links?enterpriseId=${firmId}`, { cookie: fishery }));
    expect(links.total).toBe(0);

    // 7. No disabling of the firm's accounts.
    expectProblem(await t.call('PATCH', `/api/users/${staff.id}`, { cookie: fishery, body: { disabled: true, version: staff.version } }), 404);

    // Even once the firm accepts, the fishery alliance gets the membership, not the firm.
    expect((await t.call('POST', `/api/firms/requests/${request.id}/accept`, { cookie: firm })).statusCode).toBe(200);
    const seen = json(await t.call('GET', `/api/enterprises/${firmId}`, { cookie: fishery })) as Firm;
    expect(seen.membership.reportsFrom).toBe('2026-11-25');
    // Reports from before the join stay with the alliances that were members then.
    const reports = json(await t.call('GET', `/api/enterprises/${firmId}/reports?from=2026-11-01`, { cookie: fishery })).items as { reportDate: string }[];
    expect(reports.every((r) => r.reportDate >= '2026-11-25')).toBe(true);
    expectProblem(await t.call('GET', `/api/enterprises/${firmId}/reports/2026-11-24`, { cookie: fishery }), 404);
    if (seen.latest) expect(seen.latest.reportDate >= '2026-11-25').toBe(true);
    expectProblem(await t.call('PATCH', `/api/enterprises/${firmId}`, { cookie: fishery, body: { name: '被改名', version: seen.version } }), 403, 'forbidden');
    expectProblem(await t.call('POST', `/api/users/${firmAdmin.id}/password-reset`, { cookie: fishery, body: { version: firmAdmin.version } }), 403, 'forbidden');
    const second = await t.call('POST', '/api/users', { cookie: fishery, headers: idem(), body: { username: 'takeover', displayName: '冒名', password: 'Takeover2026x', grants: [{ role: 'enterprise_admin', enterpriseId: firmId }] } });
    expect(expectProblem(second, 400).errors?.map((e) => e.code)).toContain('not_registered_here');
    const staffGrant = await t.call('POST', '/api/users', { cookie: fishery, headers: idem(), body: { username: 'takeover2', displayName: '冒名', password: 'Takeover2026x', grants: [{ role: 'enterprise_staff', enterpriseId: firmId }] } });
    expect(expectProblem(staffGrant, 400).errors?.map((e) => e.code)).toContain('role_not_grantable');
    expectProblem(await t.call('PATCH', `/api/users/${staff.id}`, { cookie: fishery, body: { disabled: true, version: staff.version } }), 403, 'forbidden');
    expectProblem(await t.call('PUT', '/api/session/alliance', { cookie: fishery, body: { allianceId: 1 } }), 404);

    // Nothing of the firm changed, and its accounts still work.
    const own = json(await t.call('GET', `/api/enterprises/${firmId}`, { cookie: firm })) as Firm;
    expect(own.name).not.toBe('被改名');
    expect(await reportCount()).toBe(reportsBefore);
    await t.login('firm');
    await t.login('staff');
  });

  it('the firm shares its history with one alliance, and can take it back', async () => {
    const m = (await inFishery())!;
    expect(m.shareHistory).toBe(false);
    expect(m.registeredHere).toBe(false);
    const shared = await t.call('PATCH', `/api/firms/${firmId}/memberships/${FISHERY}`, { cookie: firm, body: { shareHistory: true, version: m.version } });
    expect(shared.statusCode, shared.body).toBe(200);
    const after = (await inFishery(json(shared)))!;
    expect(after.reportsFrom).toBeNull();
    const reports = json(await t.call('GET', `/api/enterprises/${firmId}/reports?from=2026-11-01`, { cookie: fishery })).items as { reportDate: string }[];
    expect(reports.some((r) => r.reportDate < '2026-11-25')).toBe(true);
    expect((await t.call('GET', `/api/enterprises/${firmId}/reports/${reports[0]!.reportDate}`, { cookie: fishery })).statusCode).toBe(200);
    // A stale version changes nothing.
    expectProblem(await t.call('PATCH', `/api/firms/${firmId}/memberships/${FISHERY}`, { cookie: firm, body: { shareHistory: false, version: m.version } }), 409, 'version_conflict');
    // Only the firm decides: not the alliance that would read it.
    expect((await t.call('PATCH', `/api/firms/${firmId}/memberships/${FISHERY}`, { cookie: fishery, body: { shareHistory: false, version: after.version } })).statusCode).toBe(403);
    const back = await t.call('PATCH', `/api/firms/${firmId}/memberships/${FISHERY}`, { cookie: firm, body: { shareHistory: false, version: after.version } });
    expect((await inFishery(json(back)))!.reportsFrom).toBe('2026-11-25');
    const hidden = json(await t.call('GET', `/api/enterprises/${firmId}/reports?from=2026-11-01`, { cookie: fishery })).items as { reportDate: string }[];
    expect(hidden.every((r) => r.reportDate >= '2026-11-25')).toBe(true);
    // The registering alliance always saw everything.
    const leatherView = (await memberships()).items.find((i) => i.alliance.id === 1)!;
    expect(leatherView.registeredHere).toBe(true);
    expect(leatherView.reportsFrom).toBeNull();
    const audit = json(await t.call('GET', `/api/audit?targetType=enterprise&targetId=${firmId}`, { cookie: fishery })).items as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['membership.request', 'membership.accept', 'membership.share_history']));
  });

  it("each alliance keeps its own notes; the firm's identity is the firm's to edit", async () => {
    const seen = json(await t.call('GET', `/api/enterprises/${firmId}`, { cookie: fishery })) as Firm;
    const noted = await t.call('PATCH', `/api/enterprises/${firmId}/membership`, { cookie: fishery, body: { notes: '渔业联盟的备注', version: seen.membership.version } });
    expect(noted.statusCode, noted.body).toBe(200);
    expect((json(noted) as Firm).membership.notes).toBe('渔业联盟的备注');
    expect((json(noted) as Firm).version).toBe(seen.version);
    expect((json(await t.call('GET', `/api/enterprises/${firmId}`, { cookie: leather })) as Firm).membership.notes).toBe('');
    expectProblem(await t.call('PATCH', `/api/enterprises/${firmId}/membership`, { cookie: fishery, body: { notes: 'x', version: seen.membership.version } }), 409, 'version_conflict');

    // Neither secretary renames the firm; its admin does, and every alliance sees the new name.
    expect((await t.call('PATCH', `/api/enterprises/${firmId}`, { cookie: leather, body: { name: '被改名', version: seen.version } })).statusCode).toBe(403);
    expect((await t.call('PATCH', `/api/enterprises/${firmId}`, { cookie: await t.login('commissioner'), body: { headcount: 1, version: seen.version } })).statusCode).toBe(403);
    const renamed = await t.call('PATCH', `/api/enterprises/${firmId}`, { cookie: firm, body: { address: '新地址1号', version: seen.version } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((json(await t.call('GET', `/api/enterprises/${firmId}`, { cookie: fishery })) as Firm).name).toBe(seen.name);
    expect(json(renamed).contacts).toEqual(seen.contacts);
  });

  it('the firm leaves; the alliance loses access from then on, and nothing is deleted', async () => {
    const reportsBefore = await reportCount();
    const m = (await inFishery())!;
    // The staff account may see the firm, not decide for it.
    expect((await t.call('DELETE', `/api/firms/${firmId}/memberships/${FISHERY}?version=${m.version}`, { cookie: await t.login('staff') })).statusCode).toBe(403);
    const left = await t.call('DELETE', `/api/firms/${firmId}/memberships/${FISHERY}?version=${m.version}`, { cookie: firm });
    expect(left.statusCode, left.body).toBe(200);
    expect(await inFishery(json(left))).toBeUndefined();
    expectProblem(await t.call('GET', `/api/enterprises/${firmId}`, { cookie: fishery }), 404);
    expectProblem(await t.call('GET', `/api/enterprises/${firmId}/reports`, { cookie: fishery }), 404);
    expect(await reportCount()).toBe(reportsBefore);
    // The firm's accounts can no longer enter that alliance.
    expectProblem(await t.call('PUT', '/api/session/alliance', { cookie: firm, body: { allianceId: FISHERY } }), 404);
    const audit = json(await t.call('GET', `/api/audit?targetType=enterprise&targetId=${firmId}`, { cookie: fishery })).items as { action: string }[];
    expect(audit[0]!.action).toBe('membership.leave');
  });

  it('asking again while pending is refused; a refused request may be sent again; the alliance may remove a member', async () => {
    const key = idem();
    const first = await t.call('POST', '/api/enterprises/join', { cookie: fishery, body: { creditCode }, headers: key });
    expect(first.statusCode).toBe(201);
    // The same request retried (same Idempotency-Key) is the same answer; a new one is refused.
    const retried = await t.call('POST', '/api/enterprises/join', { cookie: fishery, body: { creditCode }, headers: key });
    expect([retried.statusCode, json(retried).id]).toEqual([201, json(first).id]);
    expect(expectProblem(await join(fishery), 409, 'join_request_pending').errors?.[0]?.path).toBe('creditCode');

    // The firm is told, and answers from its page.
    const notes = json(await t.call('GET', '/api/notifications?pageSize=50', { cookie: firm })).items as { kind: string; payload: { requestId: number } }[];
    expect(notes.some((n) => n.kind === 'membership.requested' && n.payload.requestId === json(first).id)).toBe(true);
    expect((await pending(firm)).map((r) => r.id)).toContain(json(first).id);
    // Another firm's admin cannot answer it; nor can the asking alliance.
    expectProblem(await t.call('POST', `/api/firms/requests/${json(first).id}/accept`, { cookie: fishery }), 403);
    const refused = await t.call('POST', `/api/firms/requests/${json(first).id}/refuse`, { cookie: firm });
    expect(json(refused).status).toBe('refused');
    expectProblem(await t.call('POST', `/api/firms/requests/${json(first).id}/accept`, { cookie: firm }), 409, 'request_answered');
    expectProblem(await t.call('GET', `/api/enterprises/${firmId}`, { cookie: fishery }), 404);
    const told = json(await t.call('GET', '/api/notifications?pageSize=50', { cookie: fishery })).items as { kind: string; payload: { decision: string } }[];
    expect(told.some((n) => n.kind === 'membership.answered' && n.payload.decision === 'refused')).toBe(true);

    // Asked again later, accepted by the platform admin this time.
    const again = await join(fishery);
    expect(again.statusCode).toBe(201);
    expect((await pending(admin)).map((r) => r.id)).toContain(json(again).id);
    expect((await t.call('POST', `/api/firms/requests/${json(again).id}/accept`, { cookie: admin })).statusCode).toBe(200);
    expectProblem(await join(fishery), 409, 'already_member');
    const outgoing = json(await t.call('GET', '/api/enterprises/join-requests', { cookie: fishery })).items as Req[];
    expect(outgoing.map((r) => r.status)).toEqual(expect.arrayContaining(['accepted', 'refused']));

    // The alliance removes the member: access ends, history stays.
    const seen = json(await t.call('GET', `/api/enterprises/${firmId}`, { cookie: fishery })) as Firm;
    expect((await t.call('DELETE', `/api/enterprises/${firmId}/membership?version=${seen.membership.version}`, { cookie: await t.login('policy-fishery') })).statusCode).toBe(403);
    expectProblem(await t.call('DELETE', `/api/enterprises/${firmId}/membership?version=${seen.membership.version + 1}`, { cookie: fishery }), 409, 'version_conflict');
    const removed = await t.call('DELETE', `/api/enterprises/${firmId}/membership?version=${seen.membership.version}`, { cookie: fishery });
    expect(removed.statusCode, removed.body).toBe(200);
    expectProblem(await t.call('GET', `/api/enterprises/${firmId}`, { cookie: fishery }), 404);
    expect(await inFishery()).toBeUndefined();
    const audit = json(await t.call('GET', `/api/audit?targetType=enterprise&targetId=${firmId}`, { cookie: fishery })).items as { action: string }[];
    expect(audit[0]!.action).toBe('membership.remove');
    // Still a member where it was registered.
    expect((await t.call('GET', `/api/enterprises/${firmId}`, { cookie: leather })).statusCode).toBe(200);
  });

  it("a firm's accounts are its admin's; a secretary creates only the first admin of a firm it registered", async () => {
    const created = await t.call('POST', '/api/enterprises', { cookie: leather, body: enterpriseBody(770_001), headers: idem() });
    const newFirm = json(created).id as number;
    const account = (username: string, role: string, enterpriseId = newFirm) => ({ username, displayName: username, password: 'Firmaccount2026', grants: [{ role, enterpriseId }] });
    // Staff roles and firm roles never mix (but for the platform admin).
    const mixed = await t.call('POST', '/api/users', { cookie: leather, headers: idem(), body: { ...account('mixed', 'enterprise_admin'), grants: [{ role: 'enterprise_admin', enterpriseId: newFirm }, { role: 'group_member', workingGroup: 'tech' }] } });
    expect(expectProblem(mixed, 400).errors?.map((e) => e.code)).toContain('mixed_grants');
    const staffBySecretary = await t.call('POST', '/api/users', { cookie: leather, headers: idem(), body: account('newstaff', 'enterprise_staff') });
    expect(expectProblem(staffBySecretary, 400).errors?.map((e) => e.code)).toContain('role_not_grantable');
    const first = await t.call('POST', '/api/users', { cookie: leather, headers: idem(), body: account('newadmin', 'enterprise_admin') });
    expect(first.statusCode, first.body).toBe(201);
    const secondAdmin = await t.call('POST', '/api/users', { cookie: leather, headers: idem(), body: account('newadmin2', 'enterprise_admin') });
    expect(expectProblem(secondAdmin, 400).errors?.map((e) => e.code)).toContain('first_admin_only');
    // From now on the firm's admin keeps its accounts.
    const newAdmin = await t.login('newadmin', 'Firmaccount2026');
    const staff = await t.call('POST', '/api/users', { cookie: newAdmin, headers: idem(), body: account('newstaff', 'enterprise_staff') });
    expect(staff.statusCode, staff.body).toBe(201);
    const other = await t.call('POST', '/api/users', { cookie: newAdmin, headers: idem(), body: account('otherstaff', 'enterprise_staff', firmId) });
    expect(expectProblem(other, 400).errors?.map((e) => e.code)).toContain('not_your_firm');
    const commissioner = await t.call('POST', '/api/users', { cookie: newAdmin, headers: idem(), body: { username: 'fakecomm', displayName: 'x', password: 'Firmaccount2026', grants: [{ role: 'commissioner' }] } });
    expect(expectProblem(commissioner, 400).errors?.map((e) => e.code)).toContain('role_not_grantable');
    // The firm admin's people are the firm's accounts only.
    const listed = json(await t.call('GET', '/api/users?pageSize=50', { cookie: newAdmin })).items as U[];
    expect(listed.map((u) => u.username).sort()).toEqual(['newadmin', 'newstaff']);
    const newStaff = listed.find((u) => u.username === 'newstaff')!;
    expectProblem(await t.call('POST', `/api/users/${newStaff.id}/password-reset`, { cookie: leather, body: { version: newStaff.version } }), 403, 'forbidden');
    expectProblem(await t.call('PATCH', `/api/users/${newStaff.id}`, { cookie: leather, body: { disabled: true, version: newStaff.version } }), 403, 'forbidden');
    const reset = await t.call('POST', `/api/users/${newStaff.id}/password-reset`, { cookie: newAdmin, body: { version: newStaff.version } });
    expect(reset.statusCode, reset.body).toBe(200);
    const disabled = await t.call('PATCH', `/api/users/${newStaff.id}`, { cookie: newAdmin, body: { disabled: true, version: json(reset).user.version } });
    expect(json(disabled).disabled).toBe(true);
    // A staff account of the alliance is out of a firm admin's reach.
    const tech = (await findUser(leather, 'tech'))!;
    expectProblem(await t.call('POST', `/api/users/${tech.id}/password-reset`, { cookie: newAdmin, body: { version: tech.version } }), 404);
    // The platform admin manages any account.
    const byAdmin = await t.call('POST', `/api/users/${newStaff.id}/password-reset`, { cookie: admin, body: { version: json(disabled).version } });
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
  });
});
