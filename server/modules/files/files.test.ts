import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m0009 from '../../core/db/migrations/0009_files_departments';
import { migrateTo, migrateToLatest } from '../../core/db/migrate';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json, multipartFile } from '../../test/helpers';
import { fileOwnerTypes, registerFileOwner, type FileOwner } from './files.owners';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

/**
 * An owner type a later module could add: a person's own documents, seen by that person and by
 * platform admins only, city-wide (no alliance). Registered here the way a module registers its own.
 */
const personalOwner: FileOwner = {
  type: 'test_personal',
  async access(db, ctx, userId) {
    const user = await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
    if (!user) return null;
    const self = ctx.actor.userId === userId;
    const admin = ctx.actor.roles.has('platform_admin');
    if (!self && !admin) return null;
    return { allianceId: null, seesInternal: admin, mayAttach: self, manages: admin };
  },
};

describe.each(DIALECTS)('file store (%s)', (dialect) => {
  let t: TestApp;
  let dataDir: string;
  let firm: string;
  let secretary: string;
  let tech: string;
  let fishery: string;
  let own: { id: number };
  let other: { id: number };

  const upload = (cookie: string, query: string, name: string, data: Buffer, headers = idem()) => {
    const m = multipartFile(name, data);
    return t.app.inject({ method: 'POST', url: `/api/files?${query}`, headers: { cookie, ...m.headers, ...headers }, payload: m.payload });
  };
  const list = (cookie: string, ownerType: string, ownerId: number) => t.call('GET', `/api/files?ownerType=${ownerType}&ownerId=${ownerId}`, { cookie });
  const download = (cookie: string, id: number) => t.app.inject({ method: 'GET', url: `/api/files/${id}`, headers: { cookie } });
  const ids = (res: Parameters<typeof json>[0]) => json(res).items.map((f: { id: number }) => f.id);

  beforeAll(async () => {
    registerFileOwner(personalOwner);
    t = await createTestApp(dialect);
    dataDir = mkdtempSync(join(tmpdir(), 'fugong-files-'));
    t.deps.config.dataDir = dataDir;
    firm = await t.login('firm');
    secretary = await t.login('secretary');
    tech = await t.login('tech');
    fishery = await t.login('secretary-fishery');
    own = json(await t.call('POST', '/api/tickets', { cookie: firm, body: { enterpriseId: 1, category: 'equipment', title: '文件库测试' }, headers: idem() }));
    other = json(await t.call('POST', '/api/tickets', { cookie: secretary, body: { enterpriseId: 2, category: 'equipment', title: '别家文件库测试' }, headers: idem() }));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores a ticket file by content and lists it for whoever sees the ticket, with the ticket view agreeing', async () => {
    const res = await upload(firm, `ownerType=ticket&ownerId=${own.id}`, '现场.png', PNG);
    expect(res.statusCode, res.body).toBe(201);
    const f = json(res);
    expect(f).toMatchObject({ ownerType: 'ticket', ownerId: own.id, name: '现场.png', mime: 'image/png', sha256: createHash('sha256').update(PNG).digest('hex'), visibility: 'public', url: `/api/files/${f.id}`, canDelete: true });
    expect(ids(await list(firm, 'ticket', own.id))).toContain(f.id);
    expect(ids(await list(secretary, 'ticket', own.id))).toContain(f.id);
    const got = await download(firm, f.id);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(PNG)).toBe(true);
    expect(got.headers['content-security-policy']).toContain('sandbox');
    // The same file is the ticket's attachment, on its timeline and through the ticket's own URL.
    const detail = json(await t.call('GET', `/api/tickets/${own.id}`, { cookie: firm }));
    expect(detail.attachments.map((a: { id: number }) => a.id)).toContain(f.id);
    expect(detail.events.at(-1)).toMatchObject({ kind: 'attachment', body: '现场.png', data: { attachmentId: f.id } });
    expect((await t.app.inject({ method: 'GET', url: `/api/tickets/${own.id}/attachments/${f.id}`, headers: { cookie: firm } })).statusCode).toBe(200);
    // One audit row, on the ticket (the owner type's choice).
    const audit = await t.handle.db.selectFrom('audit_log').select(['action', 'target_type', 'target_id', 'alliance_id', 'detail_json']).where('action', '=', 'ticket.attach').where('target_id', '=', String(own.id)).execute();
    expect(audit.map((a) => ({ ...a, detail_json: JSON.parse(a.detail_json).attachmentId }))).toEqual([{ action: 'ticket.attach', target_type: 'ticket', target_id: String(own.id), alliance_id: 1, detail_json: f.id }]);
  });

  it("a firm sees only its own ticket's files; another alliance sees none of them (404)", async () => {
    const theirs = json(await upload(secretary, `ownerType=ticket&ownerId=${other.id}`, 'other.pdf', PDF));
    expectProblem(await list(firm, 'ticket', other.id), 404, 'not_found');
    expectProblem(await download(firm, theirs.id), 404, 'not_found');
    expectProblem(await upload(firm, `ownerType=ticket&ownerId=${other.id}`, 'x.png', PNG), 404, 'not_found');
    // Another alliance: the same answer for the list, the file and a file that does not exist.
    expectProblem(await list(fishery, 'ticket', own.id), 404, 'not_found');
    const mine = ids(await list(firm, 'ticket', own.id))[0];
    expectProblem(await download(fishery, mine), 404, 'not_found');
    expectProblem(await download(fishery, 999_999), 404, 'not_found');
    expectProblem(await t.call('DELETE', `/api/files/${mine}`, { cookie: fishery }), 404, 'not_found');
  });

  it('internal files only for the handlers', async () => {
    const internal = json(await upload(secretary, `ownerType=ticket&ownerId=${own.id}&visibility=internal`, '内部.pdf', PDF));
    expect(ids(await list(firm, 'ticket', own.id))).not.toContain(internal.id);
    expectProblem(await download(firm, internal.id), 404, 'not_found');
    expect(ids(await list(tech, 'ticket', own.id))).toContain(internal.id);
    expect((await download(tech, internal.id)).statusCode).toBe(200);
    expectProblem(await upload(firm, `ownerType=ticket&ownerId=${own.id}&visibility=internal`, 'x.png', PNG), 403, 'forbidden');
  });

  it('checks the content and the owner type; an upload is idempotent', async () => {
    const bad = expectProblem(await upload(firm, `ownerType=ticket&ownerId=${own.id}`, 'virus.png', Buffer.from('MZ\x90\x00 exe')), 415, 'unsupported_media_type');
    expect(bad.errors?.[0]).toMatchObject({ path: 'file', code: 'file_type_not_allowed' });
    expect(expectProblem(await upload(firm, `ownerType=ticket&ownerId=${own.id}`, 'scan.png', PDF), 415).errors?.[0]).toMatchObject({ code: 'file_type_mismatch' });
    expect(expectProblem(await upload(firm, `ownerType=nothing&ownerId=${own.id}`, 'a.png', PNG), 400, 'validation_failed').errors?.[0]).toMatchObject({ path: 'ownerType', code: 'unknown_owner_type' });
    expectProblem(await upload(firm, `ownerType=ticket&ownerId=${own.id}`, 'a.png', PNG, {}), 400, 'idempotency_key_required');

    const key = idem('file');
    const first = await upload(firm, `ownerType=ticket&ownerId=${own.id}`, 'retry.png', PNG, key);
    const again = await upload(firm, `ownerType=ticket&ownerId=${own.id}`, 'retry.png', PNG, key);
    expect(first.statusCode).toBe(201);
    expect(json(again).id).toBe(json(first).id);
    const rows = await t.handle.db.selectFrom('files').select('id').where('original_name', '=', 'retry.png').execute();
    expect(rows).toHaveLength(1);
    expectProblem(await upload(firm, `ownerType=ticket&ownerId=${own.id}`, 'retry.pdf', PDF, key), 422, 'idempotency_key_reused');
  });

  it('deletes: the uploader their own file, a handler any; others may not', async () => {
    const byFirm = json(await upload(firm, `ownerType=ticket&ownerId=${own.id}`, 'mine.png', PNG));
    const bySecretary = json(await upload(secretary, `ownerType=ticket&ownerId=${own.id}`, 'theirs.pdf', PDF));
    const seen = json(await list(firm, 'ticket', own.id)).items;
    expect(seen.find((f: { id: number }) => f.id === bySecretary.id).canDelete).toBe(false);
    expectProblem(await t.call('DELETE', `/api/files/${bySecretary.id}`, { cookie: firm }), 403, 'forbidden');
    expect((await t.call('DELETE', `/api/files/${byFirm.id}`, { cookie: firm })).statusCode).toBe(200);
    expectProblem(await download(firm, byFirm.id), 404, 'not_found');
    expect(ids(await list(firm, 'ticket', own.id))).not.toContain(byFirm.id);
    expectProblem(await t.call('DELETE', `/api/files/${byFirm.id}`, { cookie: firm }), 404, 'not_found');
    expect((await t.call('DELETE', `/api/files/${bySecretary.id}`, { cookie: secretary })).statusCode).toBe(200);
    const audit = await t.handle.db.selectFrom('audit_log').select('target_id').where('action', '=', 'file.delete').execute();
    expect(audit.map((a) => Number(a.target_id)).sort()).toEqual([byFirm.id, bySecretary.id].sort());
  });

  it('a new owner type plugs in with its own rule', async () => {
    expect(fileOwnerTypes()).toEqual(expect.arrayContaining(['ticket', 'test_personal']));
    expect(() => registerFileOwner({ ...personalOwner })).toThrow(/already registered/);
    const firmId = (await t.handle.db.selectFrom('users').select('id').where('username', '=', 'firm').executeTakeFirstOrThrow()).id;
    const mine = await upload(firm, `ownerType=test_personal&ownerId=${firmId}`, '证书.pdf', PDF);
    expect(mine.statusCode, mine.body).toBe(201);
    const f = json(mine);
    expect(ids(await list(firm, 'test_personal', firmId))).toEqual([f.id]);
    // Another person (even the alliance secretary) does not see it; the platform admin does.
    expectProblem(await list(secretary, 'test_personal', firmId), 404, 'not_found');
    expectProblem(await download(secretary, f.id), 404, 'not_found');
    expect((await download(await t.login('admin'), f.id)).statusCode).toBe(200);
    expectProblem(await upload(secretary, `ownerType=test_personal&ownerId=${firmId}`, 'x.png', PNG), 404, 'not_found');
    const row = await t.handle.db.selectFrom('files').select(['alliance_id', 'owner_type']).where('id', '=', f.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ alliance_id: null, owner_type: 'test_personal' });
    // Without an owner-specific audit, the upload is audited on the file.
    const audit = await t.handle.db.selectFrom('audit_log').select(['action', 'target_type', 'alliance_id']).where('target_type', '=', 'file').where('target_id', '=', String(f.id)).execute();
    expect(audit).toEqual([{ action: 'file.upload', target_type: 'file', alliance_id: null }]);
  });

  it('migration 0009 moves existing ticket attachments, ids and content included, and back', async () => {
    const db = t.handle.db;
    const before = await db.selectFrom('files').selectAll().where('owner_type', '=', 'ticket').where('deleted_at', 'is', null).orderBy('id').execute();
    expect(before.length).toBeGreaterThan(0);
    // Later migrations build on 0009 (a policy's issuing department): revert them first, re-apply after.
    await migrateTo(db, '0009_files_departments');
    await m0009.down(db);
    // The former table holds the live ticket files (no other owners, no deleted ones).
    const legacy = await (db as any).selectFrom('attachments').selectAll().orderBy('id').execute();
    expect(legacy.map((a: { id: number; ticket_id: number }) => [a.id, a.ticket_id])).toEqual(before.map((f) => [f.id, f.owner_id]));
    // An attachment stored by the former code: its own path under attachments/.
    const sha = createHash('sha256').update(PDF).digest('hex');
    const rel = join('attachments', sha.slice(0, 2), sha);
    mkdirSync(join(dataDir, 'attachments', sha.slice(0, 2)), { recursive: true });
    writeFileSync(join(dataDir, rel), PDF);
    const oldId = legacy.at(-1).id + 5;
    const firmId = (await db.selectFrom('users').select('id').where('username', '=', 'firm').executeTakeFirstOrThrow()).id;
    await (db as any).insertInto('attachments').values({ id: oldId, ticket_id: own.id, sha256: sha, storage_path: rel, mime: 'application/pdf', size: PDF.length, original_name: '旧附件.pdf', visibility: 'public', uploaded_by: firmId, created_at: '2026-11-20T01:00:00.000Z' }).execute();

    await m0009.up(db);
    await migrateToLatest(db);
    const after = await db.selectFrom('files').selectAll().where('owner_type', '=', 'ticket').orderBy('id').execute();
    expect(after.map((f) => [f.id, f.owner_id, f.sha256, f.storage_path])).toEqual([...before.map((f) => [f.id, f.owner_id, f.sha256, f.storage_path]), [oldId, own.id, sha, rel]]);
    expect(after.every((f) => f.alliance_id === 1)).toBe(true);
    // Served by both routes, seen by the firm, and new uploads get fresh ids.
    const got = await download(firm, oldId);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(PDF)).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: `/api/tickets/${own.id}/attachments/${oldId}`, headers: { cookie: firm } })).statusCode).toBe(200);
    const fresh = json(await upload(firm, `ownerType=ticket&ownerId=${own.id}`, 'new.png', PNG));
    expect(fresh.id).toBeGreaterThan(oldId);
  });
});
