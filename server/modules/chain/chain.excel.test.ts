/**
 * Supply links in spreadsheets: the sheet format on its own, then export and import through
 * the API on every dialect — round trip into another alliance, all-or-nothing imports with
 * row errors, the share-sum rule across rows and against the map, and who may import.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { XLSX_TYPE, expectProblem, freshCreditCode, idem, json, multipartFile } from '../../test/helpers';
import { LINK_COLUMNS, parseEssential, parseLinkSheet } from './chain.excel';

const HEADERS_ZH = LINK_COLUMNS.map((c) => c.zh);
const HEADERS_EN = LINK_COLUMNS.map((c) => c.en);
type Cell = string | number | null;

function csvOf(rows: Cell[][], headers: string[] = HEADERS_ZH): string {
  const cell = (v: Cell) => (v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return `\uFEFF${[headers, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

async function xlsxOf(rows: Cell[][], headers: string[] = HEADERS_ZH, percentShare = false): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('links');
  ws.addRow(headers);
  for (const r of rows) {
    const row = ws.addRow(r);
    if (percentShare) row.getCell(4).numFmt = '0.0%';
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readXlsx(buf: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow((r) => rows.push(Array.from({ length: 10 }, (_, i) => r.getCell(i + 1).value ?? null)));
  return rows;
}

describe('the links sheet format', () => {
  it('reads 是/否, yes/no, true/false, 1/0; blank means essential', () => {
    for (const v of ['是', 'yes', 'YES', 'true', 'TRUE', '1', 'y', '']) expect(parseEssential(v), v).toBe(true);
    for (const v of ['否', 'no', 'No', 'false', '0', 'n']) expect(parseEssential(v), v).toBe(false);
    expect(parseEssential('maybe')).toBeUndefined();
    expect(parseEssential(undefined)).toBe(true);
  });

  it('keeps CSV cells as text (a credit code of digits is not a number) and knows English headers', async () => {
    const sheet = await parseLinkSheet(Buffer.from(csvOf([['913303240000000001', '91330324MA0000001X', '钢板', '60', 'yes', '2', '']], HEADERS_EN)), 'csv');
    expect(sheet.missingColumns).toEqual([]);
    expect(sheet.rows).toEqual([{ row: 2, values: { supplierCreditCode: '913303240000000001', customerCreditCode: '91330324MA0000001X', item: '钢板', sharePct: '60', essential: 'yes', leadDays: '2' } }]);
  });

  it('reads a share typed as an Excel percentage as percent, and reports missing columns', async () => {
    const sheet = await parseLinkSheet(await xlsxOf([['A', 'B', '钢板', 0.455, '是', 2, 1.5]], HEADERS_ZH, true), 'xlsx');
    expect(sheet.rows[0]!.values).toMatchObject({ sharePct: '45.5', leadDays: '2', stockDays: '1.5' });
    const partial = await parseLinkSheet(Buffer.from(csvOf([['A', 'B']], ['供应方信用代码', '需求方信用代码'])), 'csv');
    expect(partial.missingColumns).toEqual(['item', 'sharePct', 'leadDays']);
  });
});

describe.each(DIALECTS)('supply links in spreadsheets (%s)', (dialect) => {
  let t: TestApp;
  let secretary: string;
  let admin: string;
  let firm: string;
  /** Four leather members (not firm 1) and their credit codes. */
  const f: { id: number; code: string; name: string }[] = [];
  let fisheryOnlyCode = '';
  let itemN = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    secretary = await t.login('secretary');
    admin = await t.login('admin');
    firm = await t.login('firm');
    const members = json(await t.call('GET', '/api/enterprises?pageSize=200', { cookie: secretary })).items as { id: number; creditCode: string; name: string }[];
    for (const m of members.filter((m) => m.id !== 1).slice(-4)) f.push({ id: m.id, code: m.creditCode, name: m.name });
    const leather = t.handle.db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', 1);
    const other = await t.handle.db.selectFrom('alliance_members as am').innerJoin('enterprises as e', 'e.id', 'am.enterprise_id').select('e.credit_code').where('am.alliance_id', '=', 2).where('am.enterprise_id', 'not in', leather).executeTakeFirstOrThrow();
    fisheryOnlyCode = other.credit_code;
  });
  afterAll(async () => {
    await t?.close();
  });

  const upload = (file: string, data: Buffer | string, opts: { dryRun?: boolean; cookie?: string; lang?: string; requestId?: string } = {}) => {
    const m = multipartFile(file, data);
    return t.app.inject({
      method: 'POST',
      url: `/api/chain/links/import${opts.dryRun ? '?dryRun=true' : ''}`,
      headers: { cookie: opts.cookie ?? secretary, ...m.headers, ...(opts.lang ? { 'accept-language': opts.lang } : {}), ...(opts.requestId ? { 'x-request-id': opts.requestId } : {}) },
      payload: m.payload,
    });
  };
  const count = async (table: 'supply_links' | 'chain_items' | 'chain_needs' | 'audit_log') =>
    Number((await t.handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const counts = async () => Promise.all([count('supply_links'), count('chain_items'), count('chain_needs'), count('audit_log')]);
  const item = () => `表格物料${++itemN}`;
  const exportAs = async (cookie: string, lang?: string) => {
    const res = await t.call('GET', '/api/chain/links/export', { cookie, headers: lang ? { 'accept-language': lang } : {} });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="supply-links-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    return res.rawPayload;
  };

  it('export: the links the caller may see, with the import’s columns, in the caller’s language', async () => {
    const rows = await readXlsx(await exportAs(secretary));
    expect(rows[0]).toEqual([...HEADERS_ZH, '供应方', '需求方', '状态']);
    const list = json(await t.call('GET', '/api/chain/links?pageSize=1000', { cookie: secretary }));
    expect(rows.length - 1).toBe(list.total);
    const l = list.items[0];
    const codeOf = async (id: number) => json(await t.call('GET', `/api/enterprises/${id}`, { cookie: secretary })).creditCode;
    expect(rows[1]).toEqual([await codeOf(l.supplier.id), await codeOf(l.customer.id), l.item.name, l.sharePct, l.essential ? '是' : '否', l.leadDays, l.stockDays, l.supplier.name, l.customer.name, '已确认']);
    expect((await readXlsx(await exportAs(secretary, 'en-US')))[0]).toEqual([...HEADERS_EN, 'Supplier', 'Customer', 'Status']);

    // The firm sees its own links only, and as a supplier not its customers' stock.
    const mine = json(await t.call('GET', '/api/chain/links?pageSize=1000', { cookie: firm }));
    const firmRows = (await readXlsx(await exportAs(firm))).slice(1);
    expect(firmRows).toHaveLength(mine.total);
    expect(mine.total).toBeGreaterThan(0);
    const firmCode = await codeOf(1);
    expect(firmRows.every((r) => r[0] === firmCode || r[1] === firmCode)).toBe(true);
    expect(firmRows.filter((r) => r[0] === firmCode).every((r) => r[6] === null)).toBe(true);
    // Enterprise staff may read; the filter of the list applies.
    const staffRows = (await readXlsx(await exportAs(await t.login('staff')))).slice(1);
    expect(staffRows).toHaveLength(mine.total);
    expectProblem(await t.call('GET', '/api/chain/links/export', { cookie: await t.login('expert') }), 403, 'forbidden');
  });

  it('round trip: the export imports into a fresh alliance with the same members, and exports back the same', async () => {
    const exported = await exportAs(secretary);
    const original = (await readXlsx(exported)).slice(1);
    const itemNames = [...new Set(original.map((r) => String(r[2])))].sort();

    const created = await t.call('POST', '/api/alliances', { cookie: admin, body: { name: '表格往返测试联盟', chain: '往返链', industry: 'C', districtCode: '330324' }, headers: idem() });
    expect(created.statusCode, created.body).toBe(201);
    const allianceId = json(created).id;
    expect((await t.call('PUT', '/api/session/alliance', { cookie: admin, body: { allianceId } })).statusCode).toBe(200);
    try {
      const codes = new Set(original.flatMap((r) => [String(r[0]), String(r[1])]));
      for (const creditCode of codes) {
        const joined = await t.call('POST', '/api/enterprises/join', { cookie: admin, body: { creditCode }, headers: idem() });
        expect(joined.statusCode, joined.body).toBe(201);
        // Joining asks; the firm (here the platform admin for it) accepts.
        const accepted = await t.call('POST', `/api/firms/requests/${json(joined).id}/accept`, { cookie: admin });
        expect(accepted.statusCode, accepted.body).toBe(200);
      }
      const before = await counts();
      const dry = await upload('links.xlsx', exported, { dryRun: true, cookie: admin });
      expect(dry.statusCode, dry.body.slice(0, 500)).toBe(200);
      expect(json(dry)).toMatchObject({ dryRun: true, rows: original.length, imported: 0, errors: [], newItems: itemNames });
      expect(await counts()).toEqual(before);

      const res = await upload('links.xlsx', exported, { cookie: admin, requestId: `roundtrip-${dialect}` });
      expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
      expect(json(res)).toMatchObject({ dryRun: false, rows: original.length, imported: original.length, errors: [] });
      const back = (await readXlsx(await exportAs(admin))).slice(1);
      const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();
      expect(sorted(back)).toEqual(sorted(original));

      const audits = await t.handle.db.selectFrom('audit_log').select(['action', 'alliance_id']).where('request_id', '=', `roundtrip-${dialect}`).execute();
      expect(audits.filter((a) => a.action === 'chain.link_import')).toHaveLength(original.length);
      expect(audits.filter((a) => a.action === 'chain.item_create')).toHaveLength(itemNames.length);
      expect(audits.every((a) => a.alliance_id === allianceId)).toBe(true);
      // The same file again: every row is already registered.
      const again = json(await upload('links.xlsx', exported, { dryRun: true, cookie: admin }));
      expect(again.errors).toHaveLength(original.length);
      expect(new Set(again.errors.map((e: { code: string }) => e.code))).toEqual(new Set(['link_exists']));
      expect(again.newItems).toEqual([]);
    } finally {
      await t.call('PUT', '/api/session/alliance', { cookie: admin, body: { allianceId: 1 } });
    }
  });

  it('one bad row: the dry run names it, the import refuses everything (422) and writes nothing', async () => {
    const [P, Q, R, S] = f;
    const [newOne, other] = [item(), item()];
    const rows: Cell[][] = [
      [P!.code, Q!.code, newOne, 30, '是', 2, 3],
      [Q!.code, R!.code, other, 20, '否', 0, null],
      [R!.code, S!.code, newOne, 10, '', 1, null],
    ];
    const before = await counts();
    const dry = await upload('bad.csv', csvOf(rows), { dryRun: true });
    expect(dry.statusCode, dry.body).toBe(200);
    const d = json(dry);
    expect(d).toMatchObject({ dryRun: true, rows: 3, imported: 0, newItems: [newOne] });
    expect(d.errors).toEqual([{ row: 3, path: 'leadDays', code: 'too_small', message: expect.any(String) }]);
    expect(d.preview.map((p: { row: number }) => p.row)).toEqual([2, 4]);

    const doc = expectProblem(await upload('bad.csv', csvOf(rows)), 422, 'import_invalid');
    expect(doc.rowErrors).toEqual(d.errors);
    expect(doc.rows).toBe(3);
    expect(doc.detail).toBe('导入文件有 1 行错误，未导入任何数据。');
    expect(await counts()).toEqual(before);
    expect(json(await t.call('GET', '/api/chain/items', { cookie: secretary })).items.map((i: { name: string }) => i.name)).not.toContain(newOne);
  });

  it('share sum over 100 %, across rows and with links already registered: every offending row says by how much', async () => {
    const [P, Q, R, S] = f;
    const registered = item();
    const k = json(await t.call('POST', '/api/chain/items', { cookie: secretary, body: { name: registered }, headers: idem() })).id;
    expect((await t.call('POST', '/api/chain/links', { cookie: secretary, body: { supplierId: P!.id, customerId: Q!.id, itemId: k, sharePct: 70, leadDays: 2 }, headers: idem() })).statusCode).toBe(201);
    const fresh = item();
    const rows: Cell[][] = [
      [R!.code, Q!.code, registered, 40, '是', 2, null], // 70 registered + 40 = 110
      [S!.code, Q!.code, fresh, 60, '是', 2, null], // 60 + 50.5 = 110.5 between two rows
      [P!.code, Q!.code, fresh, 50.5, '是', 2, null],
      [R!.code, S!.code, fresh, 100, '是', 2, null], // another customer: fine
    ];
    const before = await counts();
    const d = json(await upload('shares.csv', csvOf(rows), { dryRun: true }));
    expect(d.errors.map((e: { row: number; path: string; code: string }) => `${e.row}:${e.path}:${e.code}`)).toEqual(['2:sharePct:share_sum_exceeded', '3:sharePct:share_sum_exceeded', '4:sharePct:share_sum_exceeded']);
    expect(d.errors[0].message).toBe('该企业此物料的供货份额合计 110%，超出 100% 共 10 个百分点。');
    expect(d.errors[1].message).toBe('该企业此物料的供货份额合计 110.5%，超出 100% 共 10.5 个百分点。');
    expect(d.errors[2].message).toBe(d.errors[1].message);
    const en = json(await upload('shares.csv', csvOf(rows), { dryRun: true, lang: 'en-US' }));
    expect(en.errors[0].message).toBe("This customer's shares of the item would total 110%, 10 points over 100%.");
    expectProblem(await upload('shares.csv', csvOf(rows)), 422, 'import_invalid');
    expect(await counts()).toEqual(before);
    // Exactly 100 % in total imports.
    const ok = await upload('shares.csv', csvOf([[R!.code, Q!.code, registered, 30, '是', 2, null], [S!.code, Q!.code, fresh, 49.5, '是', 2, null], [P!.code, Q!.code, fresh, 50.5, '是', 2, null]]));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok).imported).toBe(3);
  });

  it('each row is checked: codes, members, sides, duplicates, booleans, numbers, one need per customer item', async () => {
    const [P, Q, R, S] = f;
    const dupItem = item();
    const unknownCode = freshCreditCode(4_400_001);
    const existing = json(await t.call('GET', '/api/chain/links?pageSize=1', { cookie: secretary })).items[0];
    const codeOf = async (id: number) => json(await t.call('GET', `/api/enterprises/${id}`, { cookie: secretary })).creditCode;
    const rows: Cell[][] = [
      [unknownCode, Q!.code, item(), 10, '是', 1, null], // 2: unknown code
      [P!.code, fisheryOnlyCode, item(), 10, '是', 1, null], // 3: registered, not a member here
      [P!.code, P!.code.toLowerCase(), item(), 10, '是', 1, null], // 4: same firm (codes normalised)
      [P!.code, R!.code, dupItem, 10, '是', 1, null], // 5: fine
      [P!.code, R!.code, dupItem, 20, '是', 1, null], // 6: duplicate of row 5
      [await codeOf(existing.supplier.id), await codeOf(existing.customer.id), existing.item.name, 1, '是', 1, null], // 7: already registered
      [Q!.code, R!.code, item(), 10, 'maybe', 1, null], // 8: not a yes/no
      [Q!.code, S!.code, item(), 101, '是', 1, null], // 9: share over 100
      [Q!.code, S!.code, item(), 'abc', '是', 1, null], // 10: share not a number
      [R!.code, S!.code, item(), 10, '是', null, null], // 11: lead missing
      [Q!.code, R!.code, dupItem, 10, '否', 1, 2], // 12: R's need of dupItem was essential in row 5
      [S!.code, R!.code, dupItem, 10, '是', 1.5, null], // 13: lead in whole days
    ];
    const d = json(await upload('rows.csv', csvOf(rows), { dryRun: true }));
    expect(d.rows).toBe(12);
    expect(d.errors.map((e: { row: number; path: string; code: string }) => `${e.row}:${e.path}:${e.code}`)).toEqual([
      '2:supplierCreditCode:credit_code_unknown',
      '3:customerCreditCode:not_a_member',
      '4:customerCreditCode:same_enterprise',
      '6:item:duplicate_in_file',
      '7:item:link_exists',
      '8:essential:invalid_boolean',
      '9:sharePct:too_big',
      '10:sharePct:invalid_type',
      '11:leadDays:required',
      '12:essential:need_conflict',
      '13:leadDays:invalid_type',
    ]);
    const msg = (row: number) => d.errors.find((e: { row: number }) => e.row === row).message;
    expect(msg(2)).toBe(`未找到统一社会信用代码为 ${unknownCode} 的已登记企业。`);
    expect(msg(6)).toBe('与第 5 行重复。');
    expect(msg(12)).toContain('第 5 行');
    expect(d.preview.map((p: { row: number }) => p.row)).toContain(5);
  });

  it('a real import saves confirmed links, new items and the customers’ needs, with one audit row each', async () => {
    const [P, Q, R] = f;
    const name = item();
    const data = await xlsxOf([[P!.code, Q!.code, name, 0.455, 'no', 3, 2.5], [R!.code, Q!.code, name, 0.545, 'no', 4, null]], HEADERS_EN, true);
    const res = await upload('links.xlsx', data, { requestId: `import-${dialect}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ dryRun: false, rows: 2, imported: 2, errors: [], newItems: [name] });
    const itemId = json(await t.call('GET', '/api/chain/items', { cookie: secretary })).items.find((i: { name: string }) => i.name === name).id;
    const links = json(await t.call('GET', `/api/chain/links?itemId=${itemId}`, { cookie: secretary })).items;
    expect(links.map((l: { supplier: { id: number }; sharePct: number; leadDays: number }) => [l.supplier.id, l.sharePct, l.leadDays]).sort()).toEqual([[P!.id, 45.5, 3], [R!.id, 54.5, 4]].sort());
    for (const l of links) expect(l).toMatchObject({ customer: { id: Q!.id }, status: 'confirmed', declaredBy: 'alliance', essential: false, stockDays: 2.5 });
    const audits = await t.handle.db.selectFrom('audit_log').select(['action', 'target_type', 'target_id']).where('request_id', '=', `import-${dialect}`).orderBy('id').execute();
    expect(audits.map((a) => a.action)).toEqual(['chain.item_create', 'chain.link_import', 'chain.link_import']);
    expect(audits.slice(1).map((a) => Number(a.target_id)).sort()).toEqual(links.map((l: { id: number }) => l.id).sort());
  });

  it('only alliance staff import; other files and empty sheets are refused', async () => {
    const [P, Q] = f;
    const data = csvOf([[P!.code, Q!.code, item(), 1, '是', 1, null]]);
    expectProblem(await upload('m.csv', data, { dryRun: true, cookie: firm }), 403, 'forbidden');
    expectProblem(await upload('m.csv', data, { dryRun: true, cookie: await t.login('staff') }), 403, 'forbidden');
    expectProblem(await upload('m.csv', data, { dryRun: true, cookie: await t.login('expert') }), 403, 'forbidden');
    for (const login of ['commissioner', 'tech']) {
      const res = await upload('m.csv', data, { dryRun: true, cookie: await t.login(login) });
      expect(res.statusCode, `${login} ${res.body}`).toBe(200);
      expect(json(res).errors).toEqual([]);
    }
    expectProblem(await upload('m.txt', data), 415, 'unsupported_media_type');
    const corrupt = expectProblem(await upload('m.xlsx', Buffer.from('not a zip at all')), 400, 'validation_failed');
    expect(corrupt.errors![0]).toMatchObject({ path: 'file', code: 'unreadable_file' });
    expect(json(await upload('e.csv', csvOf([]), { dryRun: true })).errors.map((e: { code: string }) => e.code)).toEqual(['empty_file']);
    expectProblem(await upload('e.csv', csvOf([])), 422, 'import_invalid');
    const cols = json(await upload('c.csv', csvOf([['x', 'y']], ['供应方信用代码', '需求方信用代码']), { dryRun: true, lang: 'en-US' }));
    expect(cols.errors.map((e: { path: string }) => e.path)).toEqual(['item', 'sharePct', 'leadDays']);
    expect(cols.errors[1].message).toContain('Share %');
    expectProblem(await t.call('POST', '/api/chain/links/import', { cookie: secretary, body: { file: 'x' } }), 415, 'unsupported_media_type');
  });
});
