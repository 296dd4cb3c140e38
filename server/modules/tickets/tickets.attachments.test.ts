import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json, multipartFile } from '../../test/helpers';
import { detectFileType, zipEntryNames } from '../files/file-type';
import { MAX_ATTACHMENT_BYTES } from './tickets.attachments';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF test image')]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x10, 0, 0, 0]), Buffer.from('WEBPVP8 test')]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

async function docxBuffer(): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('附件测试')] }] }));
}
async function xlsxBuffer(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('表1').addRow(['附件', '测试']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('file type detection', () => {
  it('recognises the accepted types by content', async () => {
    expect(detectFileType(PNG)?.mime).toBe('image/png');
    expect(detectFileType(JPEG)?.mime).toBe('image/jpeg');
    expect(detectFileType(WEBP)?.mime).toBe('image/webp');
    expect(detectFileType(PDF)?.mime).toBe('application/pdf');
    expect(detectFileType(await docxBuffer())?.extensions).toEqual(['docx']);
    expect(detectFileType(await xlsxBuffer())?.extensions).toEqual(['xlsx']);
  });

  it('refuses everything else, including a ZIP that is not an Office document', async () => {
    expect(detectFileType(Buffer.from('MZ\x90\x00 executable'))).toBeNull();
    expect(detectFileType(Buffer.from('<html><script>alert(1)</script></html>'))).toBeNull();
    expect(detectFileType(Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt '))).toBeNull();
    const docx = await docxBuffer();
    const names = zipEntryNames(docx)!;
    expect(names).toContain('word/document.xml');
    // A truncated archive has no central directory.
    expect(detectFileType(docx.subarray(0, docx.length - 30))).toBeNull();
    expect(zipEntryNames(Buffer.from('PK\x03\x04 not really a zip'))).toBeNull();
  });
});

describe.each(DIALECTS)('ticket attachments (%s)', (dialect) => {
  let t: TestApp;
  let dataDir: string;
  let firm: string;
  let secretary: string;
  let tech: string;
  let own: { id: number; version: number };
  let other: { id: number };

  const upload = (cookie: string, ticketId: number, name: string, data: Buffer, query = '', headers = idem()) => {
    const m = multipartFile(name, data);
    return t.app.inject({ method: 'POST', url: `/api/tickets/${ticketId}/attachments${query}`, headers: { cookie, ...m.headers, ...headers }, payload: m.payload });
  };
  const download = (cookie: string, ticketId: number, id: number) => t.app.inject({ method: 'GET', url: `/api/tickets/${ticketId}/attachments/${id}`, headers: { cookie } });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    dataDir = mkdtempSync(join(tmpdir(), 'fugong-attach-'));
    t.deps.config.dataDir = dataDir;
    firm = await t.login('firm');
    secretary = await t.login('secretary');
    tech = await t.login('tech');
    const a = await t.call('POST', '/api/tickets', { cookie: firm, body: { enterpriseId: 1, category: 'equipment', title: '附件测试' }, headers: idem() });
    own = json(a);
    other = json(await t.call('POST', '/api/tickets', { cookie: secretary, body: { enterpriseId: 2, category: 'equipment', title: '别家附件测试' }, headers: idem() }));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores an image by its SHA-256 and serves it back to the enterprise with its type', async () => {
    const res = await upload(firm, own.id, '设备照片.png', PNG);
    expect(res.statusCode, res.body).toBe(201);
    const a = json(res);
    const sha = createHash('sha256').update(PNG).digest('hex');
    expect(a).toMatchObject({ ticketId: own.id, name: '设备照片.png', mime: 'image/png', size: PNG.length, sha256: sha, visibility: 'public', url: `/api/tickets/${own.id}/attachments/${a.id}` });
    expect(readFileSync(join(dataDir, 'files', sha.slice(0, 2), sha)).equals(PNG)).toBe(true);
    const got = await download(firm, own.id, a.id);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['content-disposition']).toBe(`inline; filename="____.png"; filename*=UTF-8''${encodeURIComponent('设备照片.png')}`);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.rawPayload.equals(PNG)).toBe(true);
    const detail = json(await t.call('GET', `/api/tickets/${own.id}`, { cookie: firm }));
    expect(detail.attachments.map((x: { id: number }) => x.id)).toContain(a.id);
    expect(detail.events.at(-1)).toMatchObject({ kind: 'attachment', body: '设备照片.png' });
  });

  it('accepts JPEG, WebP, PDF, .docx and .xlsx; documents download as files', async () => {
    const cases: [string, Buffer, string][] = [
      ['photo.JPG', JPEG, 'image/jpeg'],
      ['photo.webp', WEBP, 'image/webp'],
      ['申请表.pdf', PDF, 'application/pdf'],
      ['说明.docx', await docxBuffer(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['清单.xlsx', await xlsxBuffer(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['no-extension', PDF, 'application/pdf'],
    ];
    for (const [name, data, mime] of cases) {
      const res = await upload(firm, own.id, name, data);
      expect(res.statusCode, `${name} ${res.body}`).toBe(201);
      expect(json(res).mime).toBe(mime);
    }
    const pdf = json(await upload(firm, own.id, 'again.pdf', PDF));
    const got = await download(secretary, own.id, pdf.id);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toMatch(/^attachment; /);
  });

  it('checks the content, not the name: wrong types and disguised files are refused (415)', async () => {
    const refused: [string, Buffer, string][] = [
      ['virus.png', Buffer.from('MZ\x90\x00 this is an exe'), 'file_type_not_allowed'],
      ['page.pdf', Buffer.from('<html><script>alert(1)</script></html>'), 'file_type_not_allowed'],
      ['notes.txt', Buffer.from('plain text'), 'file_type_not_allowed'],
      ['scan.png', PDF, 'file_type_mismatch'],
      ['report.docx', await xlsxBuffer(), 'file_type_mismatch'],
    ];
    for (const [name, data, code] of refused) {
      const doc = expectProblem(await upload(firm, own.id, name, data), 415, 'unsupported_media_type');
      expect(doc.errors?.[0], name).toMatchObject({ path: 'file', code });
    }
    expect(expectProblem(await upload(firm, own.id, 'empty.png', Buffer.alloc(0)), 400, 'validation_failed').errors?.[0]).toMatchObject({ code: 'file_empty' });
  });

  it('refuses files over 10 MB (413) and a request without a file or key', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_ATTACHMENT_BYTES + 1 - PDF.length, 0x20)]);
    expectProblem(await upload(firm, own.id, 'big.pdf', big), 413, 'payload_too_large');
    const exact = Buffer.concat([PDF, Buffer.alloc(MAX_ATTACHMENT_BYTES - PDF.length, 0x20)]);
    expect((await upload(firm, own.id, 'exact.pdf', exact)).statusCode).toBe(201);
    expectProblem(await upload(firm, own.id, 'x.png', PNG, '', {}), 400, 'idempotency_key_required');
    expectProblem(await t.call('POST', `/api/tickets/${own.id}/attachments`, { cookie: firm, body: { file: 'x' }, headers: idem() }), 415, 'unsupported_media_type');
  });

  it('serves attachments only to those who may see the ticket; internal ones only to handlers', async () => {
    const publicOther = json(await upload(secretary, other.id, 'other.png', PNG));
    expectProblem(await download(firm, other.id, publicOther.id), 404, 'not_found');
    // Not through another ticket's URL either.
    expectProblem(await download(firm, own.id, publicOther.id), 404, 'not_found');
    expectProblem(await upload(firm, other.id, 'mine.png', PNG), 404, 'not_found');
    expectProblem(await download(await t.login('secretary-fishery'), own.id, publicOther.id), 404, 'not_found');
    expectProblem(await download(await t.login('expert'), own.id, 1), 404, 'not_found');

    const internal = await upload(secretary, own.id, '内部评估.pdf', PDF, '?visibility=internal');
    expect(internal.statusCode, internal.body).toBe(201);
    const id = json(internal).id;
    expectProblem(await download(firm, own.id, id), 404, 'not_found');
    expect((await download(tech, own.id, id)).statusCode).toBe(200);
    const seen = json(await t.call('GET', `/api/tickets/${own.id}`, { cookie: firm }));
    expect(seen.attachments.map((a: { id: number }) => a.id)).not.toContain(id);
    expect(seen.events.some((e: { kind: string; body: string }) => e.body === '内部评估.pdf')).toBe(false);
    expectProblem(await upload(firm, own.id, 'x.png', PNG, '?visibility=internal'), 403, 'forbidden');
  });

  it('stores equal content once; a closed ticket takes no more files', async () => {
    const a = json(await upload(firm, own.id, 'same1.png', PNG));
    const b = json(await upload(firm, own.id, 'same2.png', PNG));
    expect(a.id).not.toBe(b.id);
    const rows = await t.handle.db.selectFrom('files').select('storage_path').where('id', 'in', [a.id, b.id]).execute();
    expect(new Set(rows.map((r) => r.storage_path)).size).toBe(1);
    expect(existsSync(join(dataDir, rows[0]!.storage_path))).toBe(true);
    const w = await t.call('POST', `/api/tickets/${own.id}/transitions`, { cookie: firm, body: { to: 'closed', version: json(await t.call('GET', `/api/tickets/${own.id}`, { cookie: firm })).version, note: '撤回' } });
    expect(w.statusCode, w.body).toBe(200);
    expectProblem(await upload(firm, own.id, 'late.png', PNG), 409, 'ticket_closed');
  });
});
