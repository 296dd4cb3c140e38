import { readFileSync, existsSync } from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneExpired } from '../../core/maintenance';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json } from '../../test/helpers';
import { idNumberHash, maskIdNumber, maskPhone } from './workforce.personal';

interface Proposal { id: number; status: string; headcount: number; acceptedHeadcount: number | null; version: number; explanation: { jobType: string; travelKm: number; unitCost: number } }
interface Placement { id: number; status: string; worker: { id: number; name: string; phoneMasked: string | null } | null; workerAssigned: boolean; version: number; daysWorked: number }

const PHONE = '13812345678';
const ID_NUMBER = '33030219900307123X';

describe('personal data helpers', () => {
  it('masks phones and ID numbers; the keyed hash is stable and hides the value', () => {
    expect(maskPhone('138 1234 5678')).toBe('138****5678');
    expect(maskIdNumber(ID_NUMBER)).toBe('330302********123X');
    const cfg = { env: 'test' as const, secretKeyHex: undefined };
    expect(idNumberHash(cfg, ID_NUMBER.toLowerCase())).toBe(idNumberHash(cfg, ID_NUMBER));
    expect(idNumberHash(cfg, ID_NUMBER)).not.toContain('1990');
    expect(idNumberHash({ env: 'test', secretKeyHex: 'ab'.repeat(32) }, ID_NUMBER)).not.toBe(idNumberHash(cfg, ID_NUMBER));
  });
});

describe.each(DIALECTS)('shared employees (%s)', (dialect) => {
  let t: TestApp;
  let secretary: string;
  let borrowerAdmin: string; // demo 'firm': admin of the borrowing firm
  let lenderAdmin: string; // demo 'staff', made admin of a second member firm for this test
  let borrowerId: number;
  let lenderId: number;
  let workerId: number;
  let placements: Placement[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    secretary = await t.login('secretary');
    const ids = Object.fromEntries(t.seed.users.map((u) => [u.username, u.id]));
    const db = t.handle.db;
    // This scenario starts from an alliance without shared employees (the demo seeds some: seed/demo-workforce.ts).
    for (const table of ['workforce_attendance', 'workforce_placements', 'workforce_proposals', 'workforce_workers', 'workforce_postings'] as const) await db.deleteFrom(table).execute();
    borrowerId = (await db.selectFrom('user_roles').select('enterprise_id').where('user_id', '=', ids.firm!).executeTakeFirstOrThrow()).enterprise_id!;
    const members = await db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', 1).orderBy('enterprise_id').execute();
    lenderId = members.find((m) => m.enterprise_id !== borrowerId)!.enterprise_id;
    await db.insertInto('user_roles').values({ user_id: ids.staff!, role: 'enterprise_admin', alliance_id: null, working_group: null, enterprise_id: lenderId }).execute();
    borrowerAdmin = await t.login('firm');
    lenderAdmin = await t.login('staff');
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = async (cookie: string, body: Record<string, unknown>) => {
    const res = await t.call('POST', '/api/workforce/postings', { cookie, body: { jobType: 'sewing_operator', startDate: '2026-11-20', endDate: '2026-12-31', ...body }, headers: idem() });
    expect(res.statusCode, res.body).toBe(201);
    return json<{ id: number; headcount: number; committed: number }>(res);
  };

  it('matches a shortage from surplus; staff review; both firms accept, partly; the rest is matched again', async () => {
    await post(secretary, { enterpriseId: lenderId, kind: 'surplus', headcount: 5, skills: ['leather'] });
    const shortage = await post(borrowerAdmin, { enterpriseId: borrowerId, kind: 'shortage', headcount: 8, skills: ['leather'], dailyWageFen: 22000, urgency: 3 });
    expectProblem(await t.call('POST', '/api/workforce/postings', { cookie: borrowerAdmin, body: { enterpriseId: lenderId, kind: 'surplus', jobType: 'packer', headcount: 1, startDate: '2026-12-01', endDate: '2026-12-02' }, headers: idem() }), 404, 'not_found');
    expectProblem(await t.call('POST', '/api/workforce/postings', { cookie: borrowerAdmin, body: { enterpriseId: borrowerId, kind: 'shortage', emergency: true, dailyWageFen: 1, jobType: 'packer', headcount: 30, startDate: '2026-12-01', endDate: '2026-12-02' }, headers: idem() }), 403, 'forbidden');

    expectProblem(await t.call('POST', '/api/workforce/match', { cookie: borrowerAdmin, body: {} }), 403, 'forbidden');
    const match = json<{ proposals: Proposal[]; filled: number; unfilled: { shortageId: number; headcount: number }[] }>(await t.call('POST', '/api/workforce/match', { cookie: secretary, body: { shortageIds: [shortage.id] } }));
    expect(match.filled).toBe(5);
    expect(match.unfilled).toEqual([{ shortageId: shortage.id, headcount: 3, reason: 'supply_exhausted' }]);
    const [p] = match.proposals;
    expect(p).toMatchObject({ headcount: 5, status: 'pending_review', explanation: { jobType: 'sewing_operator' } });
    // Firms do not see proposals before staff approve them.
    expect(json<{ items: Proposal[] }>(await t.call('GET', '/api/workforce/proposals', { cookie: borrowerAdmin })).items).toEqual([]);
    const approved = json<Proposal>(await t.call('POST', `/api/workforce/proposals/${p!.id}/review`, { cookie: secretary, body: { decision: 'approve', version: p!.version } }));
    expect(approved.status).toBe('approved');
    expectProblem(await t.call('POST', `/api/workforce/proposals/${p!.id}/review`, { cookie: secretary, body: { decision: 'reject', version: approved.version } }), 409, 'illegal_transition');
    // The lender agrees to 3 of 5; the borrower to all 5: 3 placements.
    const half = json<Proposal>(await t.call('POST', `/api/workforce/proposals/${p!.id}/answer`, { cookie: lenderAdmin, body: { enterpriseId: lenderId, decision: 'accept', headcount: 3, version: approved.version } }));
    expect(half.status).toBe('approved');
    expectProblem(await t.call('POST', `/api/workforce/proposals/${p!.id}/answer`, { cookie: borrowerAdmin, body: { enterpriseId: lenderId, decision: 'accept', version: half.version } }), 404, 'not_found');
    const done = json<Proposal>(await t.call('POST', `/api/workforce/proposals/${p!.id}/answer`, { cookie: borrowerAdmin, body: { enterpriseId: borrowerId, decision: 'accept', version: half.version } }));
    expect(done).toMatchObject({ status: 'accepted', acceptedHeadcount: 3 });
    placements = json<{ items: Placement[] }>(await t.call('GET', '/api/workforce/placements', { cookie: borrowerAdmin })).items;
    expect(placements).toHaveLength(3);
    expect(placements.every((x) => x.status === 'proposed' && x.worker === null)).toBe(true);
    // Re-matching: the 2 workers the lender kept back are proposed again.
    const again = json<{ proposals: Proposal[]; filled: number }>(await t.call('POST', '/api/workforce/match', { cookie: secretary, body: { shortageIds: [shortage.id] } }));
    expect(again.proposals.map((x) => x.headcount)).toEqual([2]);
  });

  it('roster: sealed at rest, masked, duplicates by keyed hash; reveal is audited without the value', async () => {
    const res = await t.call('POST', '/api/workforce/workers', { cookie: lenderAdmin, body: { enterpriseId: lenderId, name: '王小红', jobType: 'sewing_operator', phone: PHONE, idNumber: ID_NUMBER }, headers: idem() });
    expect(res.statusCode, res.body).toBe(201);
    const w = json<{ id: number; phoneMasked: string; idNumberMasked: string; duplicateOf: number[] }>(res);
    workerId = w.id;
    expect(w).toMatchObject({ phoneMasked: '138****5678', idNumberMasked: '330302********123X', duplicateOf: [] });
    const dup = json<{ id: number; duplicateOf: number[] }>(await t.call('POST', '/api/workforce/workers', { cookie: secretary, body: { enterpriseId: lenderId, name: '王小红', jobType: 'packer', phone: '13900001111', idNumber: ID_NUMBER.toLowerCase() }, headers: idem() }));
    expect(dup.duplicateOf).toEqual([workerId]);
    expect(res.body).not.toContain(PHONE);
    // The borrower does not see the lender's roster.
    expect(json<{ items: unknown[] }>(await t.call('GET', '/api/workforce/workers', { cookie: borrowerAdmin })).items).toEqual([]);
    expectProblem(await t.call('POST', `/api/workforce/workers/${workerId}/reveal`, { cookie: borrowerAdmin, body: { field: 'phone' } }), 404, 'not_found');
    expectProblem(await t.call('POST', `/api/workforce/workers/${workerId}/reveal`, { cookie: await t.login('commissioner'), body: { field: 'phone' } }), 403, 'forbidden');
    const shown = json<{ value: string }>(await t.call('POST', `/api/workforce/workers/${workerId}/reveal`, { cookie: lenderAdmin, body: { field: 'idNumber' } }));
    expect(shown.value).toBe(ID_NUMBER);
    const audit = await t.handle.db.selectFrom('audit_log').select(['action', 'detail_json']).where('target_type', '=', 'workforce_worker').execute();
    expect(audit.filter((a) => a.action === 'workforce.worker_reveal').map((a) => JSON.parse(a.detail_json))).toEqual([{ field: 'idNumber' }]);
    for (const a of audit) {
      expect(a.detail_json).not.toContain(PHONE);
      expect(a.detail_json).not.toContain('123X');
      expect(a.detail_json).not.toContain('王小红');
    }

    // No plaintext phone or ID number in the stored data.
    if (dialect === 'sqlite') {
      const file = t.config.databaseUrl.replace(/^sqlite:/, '');
      const raw = Buffer.concat([readFileSync(file), ...(existsSync(`${file}-wal`) ? [readFileSync(`${file}-wal`)] : [])]).toString('latin1');
      expect(raw).toContain('138****5678'); // the masked form is there, so the search works
      expect(raw).not.toContain(PHONE);
      expect(raw).not.toContain(ID_NUMBER);
      expect(raw).not.toContain(ID_NUMBER.toLowerCase());
    } else {
      const client = new pg.Client({ connectionString: t.config.databaseUrl });
      await client.connect();
      try {
        const dump = JSON.stringify((await client.query('select * from workforce_workers')).rows) + JSON.stringify((await client.query('select * from audit_log')).rows);
        expect(dump).toContain('138****5678');
        expect(dump).not.toContain(PHONE);
        expect(dump).not.toContain(ID_NUMBER);
      } finally {
        await client.end();
      }
    }
  });

  it('lifecycle: consent before the borrower sees the worker; illegal moves refused; attendance, agreement, settlement', async () => {
    const [first] = placements;
    let pl = json<Placement>(await t.call('PATCH', `/api/workforce/placements/${first!.id}`, { cookie: lenderAdmin, body: { workerId, version: first!.version } }));
    expect(pl.worker?.phoneMasked).toBe('138****5678');
    // Borrower: assigned, but no worker data before consent.
    let seen = json<Placement>(await t.call('GET', `/api/workforce/placements/${first!.id}`, { cookie: borrowerAdmin }));
    expect(seen).toMatchObject({ workerAssigned: true, worker: null });
    expectProblem(await t.call('GET', `/api/workforce/placements/${first!.id}/agreement.docx`, { cookie: borrowerAdmin }), 400, 'validation_failed');
    const noConsent = expectProblem(await t.call('POST', `/api/workforce/placements/${first!.id}/transition`, { cookie: lenderAdmin, body: { to: 'agreed', version: pl.version } }), 400, 'validation_failed');
    expect(noConsent.errors?.map((e) => e.code)).toEqual(['consent_required']);
    expectProblem(await t.call('PATCH', `/api/workforce/placements/${first!.id}`, { cookie: borrowerAdmin, body: { workerConsent: true, version: pl.version } }), 403, 'forbidden');
    pl = json<Placement>(await t.call('PATCH', `/api/workforce/placements/${first!.id}`, { cookie: lenderAdmin, body: { workerConsent: true, insurance: '甲方缴纳社保', version: pl.version } }));
    seen = json<Placement>(await t.call('GET', `/api/workforce/placements/${first!.id}`, { cookie: borrowerAdmin }));
    expect(seen.worker).toMatchObject({ name: '王小红', phoneMasked: '138****5678' });
    expect(JSON.stringify(seen)).not.toContain(PHONE);

    expectProblem(await t.call('POST', `/api/workforce/placements/${first!.id}/transition`, { cookie: borrowerAdmin, body: { to: 'on_site', version: pl.version } }), 409, 'illegal_transition');
    pl = json<Placement>(await t.call('POST', `/api/workforce/placements/${first!.id}/transition`, { cookie: lenderAdmin, body: { to: 'agreed', version: pl.version } }));
    expect(pl.status).toBe('agreed');
    const noTraining = expectProblem(await t.call('POST', `/api/workforce/placements/${first!.id}/transition`, { cookie: borrowerAdmin, body: { to: 'on_site', version: pl.version } }), 400, 'validation_failed');
    expect(noTraining.errors?.map((e) => e.code)).toEqual(['training_required']);
    pl = json<Placement>(await t.call('PATCH', `/api/workforce/placements/${first!.id}`, { cookie: borrowerAdmin, body: { safetyTrainingDone: true, version: pl.version } }));
    pl = json<Placement>(await t.call('POST', `/api/workforce/placements/${first!.id}/transition`, { cookie: borrowerAdmin, body: { to: 'on_site', version: pl.version } }));
    expect(pl.status).toBe('on_site');
    expectProblem(await t.call('POST', `/api/workforce/placements/${first!.id}/transition`, { cookie: borrowerAdmin, body: { to: 'agreed', version: pl.version } }), 409, 'illegal_transition');
    // The borrower now may reveal the consenting worker's phone.
    expect(json<{ value: string }>(await t.call('POST', `/api/workforce/workers/${workerId}/reveal`, { cookie: borrowerAdmin, body: { field: 'phone' } })).value).toBe(PHONE);

    const att = json<{ daysWorked: number }>(await t.call('POST', `/api/workforce/placements/${first!.id}/attendance`, { cookie: borrowerAdmin, body: { workDate: '2026-11-24', hours: 8 } }));
    expect(att.daysWorked).toBe(1);
    expectProblem(await t.call('POST', `/api/workforce/placements/${first!.id}/attendance`, { cookie: lenderAdmin, body: { workDate: '2026-11-24', hours: 8 } }), 403, 'forbidden');

    const doc = await t.call('GET', `/api/workforce/placements/${first!.id}/agreement.docx`, { cookie: borrowerAdmin });
    expect(doc.statusCode).toBe(200);
    const xml = await (await JSZip.loadAsync(doc.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('共享员工三方协议');
    expect(xml).toContain('王小红');
    expect(xml).toContain('单独同意');

    const endedNoReason = expectProblem(await t.call('POST', `/api/workforce/placements/${placements[1]!.id}/transition`, { cookie: lenderAdmin, body: { to: 'ended_early', version: placements[1]!.version } }), 400, 'validation_failed');
    expect(endedNoReason.errors?.map((e) => e.path)).toEqual(['reason']);
    expect(json<Placement>(await t.call('POST', `/api/workforce/placements/${placements[1]!.id}/transition`, { cookie: lenderAdmin, body: { to: 'ended_early', reason: '订单恢复，员工返岗', version: placements[1]!.version } })).status).toBe('ended_early');
    pl = json<Placement>(await t.call('POST', `/api/workforce/placements/${first!.id}/transition`, { cookie: borrowerAdmin, body: { to: 'returned', version: pl.version } }));
    expect(pl.status).toBe('returned');
    expectProblem(await t.call('POST', `/api/workforce/placements/${first!.id}/transition`, { cookie: borrowerAdmin, body: { to: 'on_site', version: pl.version } }), 409, 'illegal_transition');

    const xlsx = await t.call('GET', '/api/workforce/settlement.xlsx', { cookie: secretary });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['按用工', '按企业对']);
    const pair = wb.worksheets[1]!.getRow(2).values as unknown[];
    expect(pair.slice(3)).toEqual([3, 1, 220]);

    const fig = json<{ daysWorked: number; firmsHelped: number; demand: { filled: number; open: number } }>(await t.call('GET', '/api/workforce/figures', { cookie: secretary }));
    expect(fig).toMatchObject({ daysWorked: 1, firmsHelped: 1, demand: { filled: 3, open: 5 } });
  });

  it('retention purge on a moved clock leaves anonymous placements; erasure on request', async () => {
    // A fresh worker, erased on request.
    const extra = json<{ id: number }>(await t.call('POST', '/api/workforce/workers', { cookie: lenderAdmin, body: { enterpriseId: lenderId, name: '李四', jobType: 'packer', phone: '13700002222' }, headers: idem() }));
    expectProblem(await t.call('DELETE', `/api/workforce/workers/${extra.id}`, { cookie: borrowerAdmin }), 404, 'not_found');
    expect((await t.call('DELETE', `/api/workforce/workers/${extra.id}`, { cookie: lenderAdmin })).statusCode).toBe(200);
    expectProblem(await t.call('POST', `/api/workforce/workers/${extra.id}/reveal`, { cookie: secretary, body: { field: 'phone' } }), 404, 'not_found');
    const erased = await t.handle.db.selectFrom('workforce_workers').selectAll().where('id', '=', extra.id).executeTakeFirstOrThrow();
    expect(erased).toMatchObject({ name: '', phone_sealed: null, phone_masked: null });

    // The returned worker: kept 180 days after the placement ended, then purged.
    expect((await pruneExpired(t.deps)).workersPurged).toBe(0);
    t.clock.advance(179 * 86_400_000);
    expect((await pruneExpired(t.deps)).workersPurged).toBe(0);
    t.clock.advance(2 * 86_400_000);
    expect((await pruneExpired(t.deps)).workersPurged).toBe(1);
    const w = await t.handle.db.selectFrom('workforce_workers').selectAll().where('id', '=', workerId).executeTakeFirstOrThrow();
    expect(w).toMatchObject({ name: '', phone_sealed: null, id_number_sealed: null, id_number_hash: null });
    expect(w.purged_at).not.toBeNull();
    const fig = json<{ daysWorked: number }>(await t.call('GET', '/api/workforce/figures', { cookie: await t.login('secretary') }));
    expect(fig.daysWorked).toBe(1); // the anonymous figures stay
  });
});
