/**
 * The member registry through the API: idempotent creates, credit-code validation in both
 * languages, optimistic locking, filters and paging, who may edit what, and spreadsheet
 * import/export (all rows or none).
 */
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { openSse } from '../notifications/sse-client.test-helper';
import { topicStreamSettings } from '../notifications/topic-stream';
import { XLSX_TYPE, breakCheckChar, enterpriseBody, expectProblem, freshCreditCode, idem, json, multipartFile } from '../../test/helpers';

const HEADERS_ZH = ['企业名称', '统一社会信用代码', '行业门类', '区县代码', '职工人数', '主要产品', '地址', '年产值（元）', '联系人', '联系电话'];

async function xlsxOf(rows: (string | number | null)[][], headers = HEADERS_ZH): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('成员企业');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function csvOf(rows: (string | number | null)[][], headers = HEADERS_ZH): string {
  const cell = (v: string | number | null) => (v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return `\uFEFF${[headers, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

async function readXlsx(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: unknown[][] = [];
  ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

describe.each(DIALECTS)('enterprises (%s)', (dialect) => {
  let t: TestApp;
  let secretary: string;
  let fishery: string;
  let admin: string; // the platform admin: edits a firm's identity when it has no admin of its own
  let n = 100; // body counter: every test makes fresh enterprises

  beforeAll(async () => {
    t = await createTestApp(dialect);
    secretary = await t.login('secretary');
    fishery = await t.login('secretary-fishery');
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (table: 'enterprises' | 'alliance_members' | 'audit_log') =>
    Number((await t.handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const create = (body: unknown, headers: Record<string, string> = idem(), cookie = secretary) => t.call('POST', '/api/enterprises', { cookie, body, headers });
  const upload = (file: string, data: Buffer | string, opts: { dryRun?: boolean; cookie?: string; lang?: string } = {}) => {
    const m = multipartFile(file, data);
    return t.app.inject({
      method: 'POST',
      url: `/api/enterprises/import${opts.dryRun ? '?dryRun=true' : ''}`,
      headers: { cookie: opts.cookie ?? secretary, ...m.headers, ...(opts.lang ? { 'accept-language': opts.lang } : {}) },
      payload: m.payload,
    });
  };

  describe('create', () => {
    it('201 with the enterprise, member of the current alliance', async () => {
      const body = enterpriseBody(++n);
      const res = await create(body);
      expect(res.statusCode).toBe(201);
      const e = json(res);
      expect(e).toMatchObject({ name: body.name, creditCode: body.creditCode, headcount: body.headcount, version: 1, commissioner: null, latest: null });
      expect(e.contacts).toEqual(body.contacts);
      expect((await t.call('GET', `/api/enterprises/${e.id}`, { cookie: secretary })).statusCode).toBe(200);
    });

    it('normalises the credit code (trim, upper case)', async () => {
      const code = freshCreditCode(++n);
      const res = await create(enterpriseBody(n, { creditCode: `  ${code.toLowerCase()} ` }));
      expect(res.statusCode).toBe(201);
      expect(json(res).creditCode).toBe(code);
    });

    it('same Idempotency-Key and body: same answer, one row', async () => {
      const body = enterpriseBody(++n);
      const key = idem();
      const before = await count('enterprises');
      const first = await create(body, key);
      const again = await create({ ...body }, key);
      // Member order does not make a different request.
      const reordered = await create(Object.fromEntries(Object.entries(body).reverse()), key);
      expect(first.statusCode).toBe(201);
      expect(again.statusCode).toBe(201);
      expect(json(again)).toEqual(json(first));
      expect(json(reordered).id).toBe(json(first).id);
      expect(await count('enterprises')).toBe(before + 1);
    });

    it('same key, different body: 422 idempotency_key_reused, nothing written', async () => {
      const key = idem();
      expect((await create(enterpriseBody(++n), key)).statusCode).toBe(201);
      const before = await count('enterprises');
      expectProblem(await create(enterpriseBody(++n), key), 422, 'idempotency_key_reused');
      expect(await count('enterprises')).toBe(before);
    });

    it('keys belong to one user: another user may reuse the same key', async () => {
      const key = idem();
      const admin = await t.login('admin');
      expect((await create(enterpriseBody(++n), key)).statusCode).toBe(201);
      const other = await create(enterpriseBody(++n), key, admin);
      expect(other.statusCode).toBe(201);
    });

    it('no key: 400 idempotency_key_required, nothing written', async () => {
      const before = await count('enterprises');
      expectProblem(await create(enterpriseBody(++n), {}), 400, 'idempotency_key_required');
      expectProblem(await create(enterpriseBody(++n), { 'idempotency-key': 'has space' }), 400, 'idempotency_key_required');
      expect(await count('enterprises')).toBe(before);
    });

    it('a wrong check character: 400 at creditCode with the expected character, Chinese by default', async () => {
      const { bad, expected } = breakCheckChar(freshCreditCode(++n));
      const before = [await count('enterprises'), await count('audit_log')];
      const res = await create(enterpriseBody(n, { creditCode: bad }));
      const doc = expectProblem(res, 400, 'validation_failed');
      expect(doc.errors).toHaveLength(1);
      expect(doc.errors![0]).toMatchObject({ path: 'creditCode', code: 'credit_code_check_digit' });
      expect(doc.errors![0]!.params?.expected).toBe(expected);
      expect(doc.errors![0]!.message).toBe(`统一社会信用代码校验位错误，应为 ${expected}。`);
      expect(doc.detail).toBe('提交的内容有误，请检查标注的字段。');
      expect([await count('enterprises'), await count('audit_log')]).toEqual(before);
    });

    it('… and in English with Accept-Language: en-US', async () => {
      const { bad, expected } = breakCheckChar(freshCreditCode(++n));
      const res = await create(enterpriseBody(n, { creditCode: bad }), { ...idem(), 'accept-language': 'en-US,en;q=0.9' });
      const doc = expectProblem(res, 400, 'validation_failed');
      expect(doc.errors![0]!.message).toBe(`The credit code check character is wrong; it should be ${expected}.`);
      expect(doc.detail).toBe('Some fields are invalid; please check the marked fields.');
    });

    it('other credit-code faults have their own codes', async () => {
      const short = expectProblem(await create(enterpriseBody(++n, { creditCode: '91330324MA' })), 400);
      expect(short.errors![0]).toMatchObject({ path: 'creditCode', code: 'credit_code_length' });
      const letters = expectProblem(await create(enterpriseBody(++n, { creditCode: '91330324MA0000000I' })), 400);
      expect(letters.errors![0]).toMatchObject({ path: 'creditCode', code: 'credit_code_charset' });
    });

    it('a credit code already registered: 409 credit_code_taken', async () => {
      const body = enterpriseBody(++n);
      expect((await create(body)).statusCode).toBe(201);
      const before = await count('enterprises');
      const doc = expectProblem(await create({ ...body, name: '另一家公司' }), 409, 'credit_code_taken');
      expect(doc.errors![0]).toMatchObject({ path: 'creditCode', code: 'credit_code_taken' });
      expect(doc.detail).toContain(body.creditCode);
      // Even from another alliance: codes are unique city-wide.
      expectProblem(await create({ ...body, name: '另一家公司' }, idem(), fishery), 409, 'credit_code_taken');
      expect(await count('enterprises')).toBe(before);
    });

    it('unknown industry and district are refused', async () => {
      const doc = expectProblem(await create(enterpriseBody(++n, { industry: 'Z', districtCode: '110101' })), 400);
      expect(doc.errors!.map((e) => `${e.path}:${e.code}`).sort()).toEqual(['districtCode:invalid_district', 'industry:invalid_industry']);
    });
  });

  describe('update', () => {
    let id: number;
    beforeAll(async () => {
      id = json(await create(enterpriseBody(++n))).id;
    });

    it('with the current version: 200 and version + 1', async () => {
      const res = await t.call('PATCH', `/api/enterprises/${id}`, { cookie: admin, body: { version: 1, headcount: 321, address: '新地址1号' } });
      expect(res.statusCode).toBe(200);
      expect(json(res)).toMatchObject({ id, version: 2, headcount: 321, address: '新地址1号' });
      const audit = await t.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'enterprise.update').where('target_id', '=', String(id)).execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.detail_json)).toMatchObject({ fromVersion: 1 });
    });

    it('with a stale version: 409 version_conflict naming the current one, nothing changed', async () => {
      const before = json(await t.call('GET', `/api/enterprises/${id}`, { cookie: secretary }));
      const doc = expectProblem(await t.call('PATCH', `/api/enterprises/${id}`, { cookie: admin, body: { version: 1, headcount: 1 } }), 409, 'version_conflict');
      expect(doc.detail).toContain(String(before.version));
      expect(json(await t.call('GET', `/api/enterprises/${id}`, { cookie: secretary }))).toEqual(before);
    });

    it('to a credit code another firm has: 409, nothing changed', async () => {
      const other = json(await create(enterpriseBody(++n)));
      const before = json(await t.call('GET', `/api/enterprises/${id}`, { cookie: secretary }));
      expectProblem(await t.call('PATCH', `/api/enterprises/${id}`, { cookie: admin, body: { version: before.version, creditCode: other.creditCode } }), 409, 'credit_code_taken');
      expect(json(await t.call('GET', `/api/enterprises/${id}`, { cookie: secretary }))).toEqual(before);
    });
  });

  describe('who may edit', () => {
    const patchAs = async (cookie: string, id: number) => {
      const current = json(await t.call('GET', `/api/enterprises/${id}`, { cookie: secretary }));
      return t.call('PATCH', `/api/enterprises/${id}`, { cookie, body: { version: current.version, mainProducts: `改-${Math.random()}` } });
    };
    const noteAs = async (cookie: string, id: number) => {
      const current = json(await t.call('GET', `/api/enterprises/${id}`, { cookie: secretary }));
      return t.call('PATCH', `/api/enterprises/${id}/membership`, { cookie, body: { version: current.membership.version, notes: `备注-${Math.random()}` } });
    };

    it("a commissioner keeps notes on a caseload firm (200) but not another member firm (403), and edits no firm's identity", async () => {
      const commissioner = await t.login('commissioner');
      const s = json(await t.call('GET', '/api/session', { cookie: commissioner }));
      const members = json(await t.call('GET', '/api/enterprises?pageSize=200', { cookie: secretary })).items.map((e: { id: number }) => e.id);
      const outside = members.find((id: number) => !s.caseload.includes(id));
      expect(s.caseload.length).toBeGreaterThan(0);
      expect(outside).toBeDefined();
      expect((await noteAs(commissioner, s.caseload[0])).statusCode).toBe(200);
      // Staff read every member firm, so the refusal is a 403 rather than a 404.
      expect((await t.call('GET', `/api/enterprises/${outside}`, { cookie: commissioner })).statusCode).toBe(200);
      expectProblem(await noteAs(commissioner, outside), 403, 'forbidden');
      expectProblem(await patchAs(commissioner, s.caseload[0]), 403, 'forbidden');
    });

    it("the firm's identity is edited by its own admin and the platform admin, never by alliance staff", async () => {
      const firm = await t.login('firm');
      const own = json(await t.call('GET', '/api/session', { cookie: firm })).grants[0].enterpriseId as number;
      expectProblem(await patchAs(secretary, own), 403, 'forbidden');
      expect((await patchAs(firm, own)).statusCode).toBe(200);
      expect((await patchAs(admin, own)).statusCode).toBe(200);
      // A secretary edits the alliance's own notes, which leave the shared record (and its version) alone.
      const before = json(await t.call('GET', `/api/enterprises/${own}`, { cookie: secretary }));
      const noted = await noteAs(secretary, own);
      expect(noted.statusCode).toBe(200);
      expect(json(noted)).toMatchObject({ version: before.version, membership: { version: before.membership.version + 1 } });
    });

    it('assigning a commissioner takes the member version: a stale one is refused and changes nothing', async () => {
      const members = json(await t.call('GET', '/api/enterprises?pageSize=200', { cookie: secretary })).items as Array<{ id: number }>;
      const id = members[members.length - 1]!.id;
      const before = json(await t.call('GET', `/api/enterprises/${id}`, { cookie: secretary }));
      const commissioners = json(await t.call('GET', '/api/users?role=commissioner', { cookie: secretary })).items as Array<{ id: number; displayName: string }>;
      const pick = commissioners[0]!;
      const put = (body: unknown) => t.call('PUT', `/api/enterprises/${id}/commissioner`, { cookie: secretary, body });
      const v = before.membership.version as number;

      const cleared = await put({ userId: null, version: v });
      expect(cleared.statusCode, cleared.body).toBe(200);
      expect(json(cleared)).toMatchObject({ membership: { version: v + 1 }, commissioner: null });
      // The assignment is the alliance's: the firm's shared record keeps its version.
      expect(json(cleared).version).toBe(before.version);
      const ok = await put({ userId: pick.id, version: v + 1 });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(json(ok)).toMatchObject({ membership: { version: v + 2 }, commissioner: { id: pick.id, displayName: pick.displayName } });

      // Someone else's screen still holds an old version: 409, and the assignment stays.
      expectProblem(await put({ userId: null, version: v + 1 }), 409, 'version_conflict');
      expect(json(await t.call('GET', `/api/enterprises/${id}`, { cookie: secretary })).commissioner).toMatchObject({ id: pick.id });
      // A version is required; a non-commissioner is refused at the field.
      expectProblem(await put({ userId: null }), 400, 'validation_failed');
      const firmUser = json(await t.call('GET', '/api/users?role=enterprise_admin', { cookie: secretary })).items[0].id;
      const bad = await put({ userId: firmUser, version: v + 2 });
      expectProblem(bad, 400, 'validation_failed');
      expect(json(bad).errors).toEqual([expect.objectContaining({ path: 'userId', code: 'not_a_commissioner' })]);
      expect(json(await t.call('GET', `/api/enterprises/${id}`, { cookie: secretary })).membership.version).toBe(v + 2);
    });

    it('an enterprise admin edits their own firm; enterprise staff may not; a group member may not', async () => {
      const firm = await t.login('firm');
      const own = json(await t.call('GET', '/api/session', { cookie: firm })).enterpriseIds[0];
      expect((await patchAs(firm, own)).statusCode).toBe(200);
      expectProblem(await patchAs(await t.login('staff'), own), 403, 'forbidden');
      expectProblem(await patchAs(await t.login('tech'), own), 403, 'forbidden');
      // Another firm is invisible to the enterprise admin.
      expectProblem(await patchAs(firm, own + 1), 404, 'not_found');
    });
  });

  describe('list', () => {
    type Item = { id: number; name: string; districtCode: string; industry: string; headcount: number; latest: { reportDate: string; stage: string } | null };
    let all: Item[];
    const list = async (q: string, cookie = secretary) => {
      const res = await t.call('GET', `/api/enterprises?${q}`, { cookie });
      expect(res.statusCode, res.body).toBe(200);
      return json<{ items: Item[]; total: number; page: number; pageSize: number }>(res);
    };

    beforeAll(async () => {
      const page = await list('pageSize=200');
      all = page.items;
      expect(page.total).toBe(all.length);
    });

    it('counts exactly the members of the current alliance', async () => {
      const members = await t.handle.db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', 1).execute();
      expect(all.map((e) => e.id).sort((a, b) => a - b)).toEqual(members.map((m) => m.enterprise_id).sort((a, b) => a - b));
    });

    it('filters by district, industry, name and stage', async () => {
      const district = all[0]!.districtCode;
      const byDistrict = await list(`pageSize=200&districtCode=${district}`);
      expect(byDistrict.total).toBe(all.filter((e) => e.districtCode === district).length);
      expect(byDistrict.items.every((e) => e.districtCode === district)).toBe(true);

      expect((await list('pageSize=200&industry=C')).total).toBe(all.filter((e) => e.industry === 'C').length);
      expect((await list('industry=A')).total).toBe(0);

      const target = all.find((e) => e.name.startsWith('测试企业'))!;
      const byName = await list(`q=${encodeURIComponent(target.name)}`);
      expect(byName.items.map((e) => e.id)).toEqual([target.id]);

      const today = '2026-11-25';
      for (const stage of ['stopped', 'partial', 'full'] as const) {
        const page = await list(`pageSize=200&stage=${stage}`);
        expect(page.total, stage).toBe(all.filter((e) => e.latest?.reportDate === today && e.latest.stage === stage).length);
      }
      const none = await list('pageSize=200&stage=none');
      expect(none.total).toBe(all.filter((e) => e.latest?.reportDate !== today).length);
      expect(none.total).toBeGreaterThan(0); // the test firms have never reported
    });

    it('search treats % and _ literally', async () => {
      const body = enterpriseBody(++n, { name: '百分之百_通配%测试' });
      expect((await create(body)).statusCode).toBe(201);
      expect((await list(`q=${encodeURIComponent('_通配%')}`)).items.map((e) => e.name)).toEqual([body.name]);
      expect((await list(`q=${encodeURIComponent('%')}`)).items.map((e) => e.name)).toEqual([body.name]);
      expect((await list(`q=${encodeURIComponent('分_百')}`)).total).toBe(0); // '_' would match 之
    });

    it('sorts by headcount, descending, with a stable tie-break', async () => {
      const page = await list('pageSize=200&sort=headcount&order=desc');
      const heads = page.items.map((e) => e.headcount);
      expect(heads).toEqual([...heads].sort((a, b) => b - a));
      const again = await list('pageSize=200&sort=headcount&order=desc');
      expect(again.items.map((e) => e.id)).toEqual(page.items.map((e) => e.id));
    });

    it('pages: totals stay, pages partition the list', async () => {
      const full = (await list('pageSize=200&sort=name')).items.map((e) => e.id);
      const pages: number[] = [];
      for (let p = 1; ; p++) {
        const page = await list(`page=${p}&pageSize=3&sort=name`);
        expect(page.total).toBe(full.length);
        expect(page).toMatchObject({ page: p, pageSize: 3 });
        if (page.items.length === 0) break;
        pages.push(...page.items.map((e) => e.id));
      }
      expect(pages).toEqual(full);
    });

    it('mine=true is the commissioner’s caseload', async () => {
      const commissioner = await t.login('commissioner');
      const caseload = json(await t.call('GET', '/api/session', { cookie: commissioner })).caseload as number[];
      const mine = await list('pageSize=200&mine=true', commissioner);
      expect(mine.items.map((e) => e.id).sort((a, b) => a - b)).toEqual([...caseload].sort((a, b) => a - b));
    });
  });

  describe('registry fields (规上, division, ownership)', () => {
    it('are stored, patched alone, filtered, and a division outside the section is refused', async () => {
      const e = json(await create(enterpriseBody(++n, { aboveDesignatedSize: true, industryDivision: '19', ownership: 'private' })));
      expect(e).toMatchObject({ aboveDesignatedSize: true, industryDivision: '19', ownership: 'private' });
      const plain = json(await create(enterpriseBody(++n)));
      expect(plain).toMatchObject({ aboveDesignatedSize: false, industryDivision: null, ownership: null });
      const bad = expectProblem(await create(enterpriseBody(++n, { industryDivision: '51' })), 400);
      expect(bad.errors!.map((x) => `${x.path}:${x.code}`)).toEqual(['industryDivision:division_not_in_section']);
      expectProblem(await create(enterpriseBody(++n, { industryDivision: '9x', ownership: 'nope' })), 400);
      const patched = json(await t.call('PATCH', `/api/enterprises/${plain.id}`, { cookie: admin, body: { version: plain.version, industryDivision: '34', ownership: 'foreign' } }));
      expect(patched).toMatchObject({ industryDivision: '34', ownership: 'foreign', aboveDesignatedSize: false, headcount: plain.headcount });
      // A section change must carry a division of the new section (or clear it).
      expectProblem(await t.call('PATCH', `/api/enterprises/${plain.id}`, { cookie: admin, body: { version: patched.version, industry: 'F' } }), 400);
      const moved = json(await t.call('PATCH', `/api/enterprises/${plain.id}`, { cookie: admin, body: { version: patched.version, industry: 'F', industryDivision: '51' } }));
      expect(moved).toMatchObject({ industry: 'F', industryDivision: '51' });
      const listed = json(await t.call('GET', '/api/enterprises?aboveDesignatedSize=true&industryDivision=19&ownership=private&pageSize=100', { cookie: secretary }));
      expect(listed.items.map((x: { id: number }) => x.id)).toContain(e.id);
      expect(listed.items.every((x: { aboveDesignatedSize: boolean; industryDivision: string }) => x.aboveDesignatedSize && x.industryDivision === '19')).toBe(true);
    });

    it('export writes them and the export imports back with them (names or keys accepted)', async () => {
      const e = json(await create(enterpriseBody(++n, { aboveDesignatedSize: true, industryDivision: '13', ownership: 'hmt', industry: 'C' })));
      const rows = await readXlsx((await t.call('GET', `/api/enterprises/export?q=${encodeURIComponent(e.creditCode)}`, { cookie: secretary })).rawPayload);
      const header = rows[0] as string[];
      const line = rows[1] as unknown[];
      expect(line[header.indexOf('规上企业')]).toBe('是');
      expect(line[header.indexOf('行业大类')]).toBe('13');
      expect(line[header.indexOf('登记注册类型')]).toBe('港澳台投资');
      const headers = [...HEADERS_ZH, '规上企业', '行业大类', '登记注册类型'];
      const base = (k: number) => [`规上导入${k}有限公司`, freshCreditCode(k), 'C', '330324', 10, '', '', null, '', ''];
      const file = await xlsxOf([[...base(8_200_001), '是', '19', '私营'], [...base(8_200_002), 'no', '14', 'state']], headers);
      const res = await upload('registry.xlsx', file);
      expect(res.statusCode, res.body).toBe(200);
      const got = await t.handle.db.selectFrom('enterprises').select(['credit_code', 'above_designated_size', 'industry_division', 'ownership']).where('credit_code', 'in', [freshCreditCode(8_200_001), freshCreditCode(8_200_002)]).orderBy('credit_code').execute();
      expect(got.map((g) => [Number(g.above_designated_size), g.industry_division, g.ownership]).sort()).toEqual([[0, '14', 'state'], [1, '19', 'private']].sort());
    });
  });

  describe('export', () => {
    it('an .xlsx that parses, one row per member plus the header', async () => {
      const res = await t.call('GET', '/api/enterprises/export', { cookie: secretary });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX_TYPE);
      expect(res.headers['content-disposition']).toMatch(/attachment; filename="enterprises-.*\.xlsx"/);
      const rows = await readXlsx(res.rawPayload);
      const total = json(await t.call('GET', '/api/enterprises?pageSize=1', { cookie: secretary })).total;
      expect(rows.length).toBe(total + 1);
      expect(rows[0]!.slice(0, 2)).toEqual(['企业名称', '统一社会信用代码']);
    });

    it('honours filters and the language', async () => {
      const res = await t.call('GET', '/api/enterprises/export?industry=A', { cookie: secretary, headers: { 'accept-language': 'en-US' } });
      const rows = await readXlsx(res.rawPayload);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.slice(0, 2)).toEqual(['Name', 'Credit code']);
    });
  });

  describe('import template', () => {
    it('offers the district codes and industry sections as drop-downs, and a filled-in copy imports', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/enterprises/import-template', headers: { cookie: secretary } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX_TYPE);
      expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('成员企业导入模板.xlsx')}`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const [sheet, codes] = wb.worksheets;
      const headers = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(headers.slice(0, 5)).toEqual(['企业名称', '统一社会信用代码', '行业门类', '区县代码', '职工人数']);
      const colOf = (h: string) => headers.indexOf(h) + 1;
      const district = sheet.getCell(2, colOf('区县代码')).dataValidation;
      const industry = sheet.getCell(500, colOf('行业门类')).dataValidation;
      expect(district).toMatchObject({ type: 'list' });
      expect(industry).toMatchObject({ type: 'list' });
      // The lists point at the code sheet's columns, which hold every district and section.
      const listed = (formula: string) => {
        const m = /!\$([A-Z])\$2:\$[A-Z]\$(\d+)$/.exec(formula)!;
        return Array.from({ length: Number(m[2]) - 1 }, (_, i) => String(codes.getCell(`${m[1]}${i + 2}`).value));
      };
      expect(listed(district.formulae![0] as string)).toContain('330302');
      expect(listed(industry.formulae![0] as string)).toEqual(expect.arrayContaining(['A', 'C', 'T']));

      // Fill in one row with values from the drop-downs: it imports.
      const row = sheet.getRow(2);
      row.getCell(colOf('企业名称')).value = '模板导入测试有限公司';
      row.getCell(colOf('统一社会信用代码')).value = freshCreditCode(8_100_001);
      row.getCell(colOf('行业门类')).value = 'C';
      row.getCell(colOf('区县代码')).value = listed(district.formulae![0] as string)[0];
      row.getCell(colOf('职工人数')).value = 42;
      const filled = Buffer.from(await wb.xlsx.writeBuffer());
      const imported = await upload('template.xlsx', filled);
      expect(imported.statusCode, imported.body).toBe(200);
      expect(json(imported)).toMatchObject({ imported: 1 });

      expect((await t.app.inject({ method: 'GET', url: '/api/enterprises/import-template', headers: { cookie: await t.login('commissioner') } })).statusCode).toBe(403);
      const en = await t.app.inject({ method: 'GET', url: '/api/enterprises/import-template', headers: { cookie: secretary, 'accept-language': 'en-US' } });
      expect(en.headers['content-disposition']).toContain('member-import-template.xlsx');
    });
  });

  describe('import', () => {
    const row = (k: number, over: Partial<Record<'name' | 'code' | 'district' | 'headcount', string | number>> = {}) => [
      over.name ?? `导入企业${k}号有限公司`,
      over.code ?? freshCreditCode(k),
      'C',
      over.district ?? '330324',
      over.headcount ?? 10 + k,
      '皮鞋',
      `导入路${k}号`,
      1_234_567.89,
      '李四',
      '0577-88888888',
    ];

    for (const format of ['xlsx', 'csv'] as const) {
      it(`a valid .${format} imports every row, with one audit row each`, async () => {
        const base = format === 'xlsx' ? 500_000 : 600_000;
        const rows = [row(base + 1), row(base + 2), row(base + 3, { district: '永嘉县' })];
        const data = format === 'xlsx' ? await xlsxOf(rows) : csvOf(rows);
        const before = await count('enterprises');

        const dry = await upload(`members.${format}`, data, { dryRun: true });
        expect(dry.statusCode, dry.body).toBe(200);
        expect(json(dry)).toMatchObject({ dryRun: true, rows: 3, imported: 0, errors: [] });
        expect(json(dry).preview.map((p: { row: number }) => p.row)).toEqual([2, 3, 4]);
        expect(await count('enterprises')).toBe(before);

        const res = await upload(`members.${format}`, data, { cookie: secretary });
        expect(res.statusCode, res.body).toBe(200);
        expect(json(res)).toMatchObject({ dryRun: false, rows: 3, imported: 3, errors: [] });
        expect(await count('enterprises')).toBe(before + 3);

        const imported = await t.handle.db.selectFrom('enterprises').selectAll().where('credit_code', 'in', rows.map((r) => r[1] as string)).orderBy('id').execute();
        expect(imported).toHaveLength(3);
        expect(imported[2]!.district_code).toBe('330324'); // the Chinese district name resolved
        expect(Number(imported[0]!.annual_output_fen)).toBe(123_456_789);
        expect(JSON.parse(imported[0]!.contacts_json)[0]).toMatchObject({ name: '李四', phone: '0577-88888888' });
        const audits = await t.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'enterprise.import').where('target_id', 'in', imported.map((e) => String(e.id))).execute();
        expect(audits).toHaveLength(3);
        expect(new Set(audits.map((a) => a.target_id)).size).toBe(3);
        expect(audits.every((a) => a.alliance_id === 1 && a.request_id === res.headers['x-request-id'])).toBe(true);
        const members = await t.handle.db.selectFrom('alliance_members').select('alliance_id').where('enterprise_id', 'in', imported.map((e) => e.id)).execute();
        expect(members.every((m) => m.alliance_id === 1)).toBe(true);
      });

      it(`one bad row in a .${format}: the dry run names it, the import refuses everything`, async () => {
        const base = format === 'xlsx' ? 510_000 : 610_000;
        const { bad, expected } = breakCheckChar(freshCreditCode(base + 2));
        const rows = [row(base + 1), row(base + 2, { code: bad }), row(base + 3)];
        const data = format === 'xlsx' ? await xlsxOf(rows) : csvOf(rows);
        const before = [await count('enterprises'), await count('audit_log')];

        const dry = json(await upload(`bad.${format}`, data, { dryRun: true }));
        expect(dry).toMatchObject({ dryRun: true, rows: 3, imported: 0 });
        expect(dry.errors).toEqual([{ row: 3, path: 'creditCode', code: 'credit_code_check_digit', message: `统一社会信用代码校验位错误，应为 ${expected}。` }]);

        const res = await upload(`bad.${format}`, data);
        const doc = expectProblem(res, 422, 'import_invalid');
        expect(doc.rowErrors).toEqual(dry.errors);
        expect(doc.rows).toBe(3);
        expect(doc.detail).toBe('导入文件有 1 行错误，未导入任何数据。');
        expect([await count('enterprises'), await count('audit_log')]).toEqual(before);
      });
    }

    it('duplicate codes inside the file are reported against the first occurrence', async () => {
      const code = freshCreditCode(520_001);
      const data = await xlsxOf([row(520_001), row(520_002), row(520_003, { code })]);
      const dry = json(await upload('dup.xlsx', data, { dryRun: true }));
      expect(dry.errors).toEqual([expect.objectContaining({ row: 4, path: 'creditCode', code: 'duplicate_in_file', message: '与第 2 行重复。' })]);
      expectProblem(await upload('dup.xlsx', data), 422, 'import_invalid');
    });

    it('a missing required column is reported (in the caller’s language)', async () => {
      const headers = HEADERS_ZH.filter((h) => h !== '职工人数');
      const data = csvOf([[`缺列企业`, freshCreditCode(530_001), 'C', '330324', '', '', '', '', '']], headers);
      const dry = json(await upload('cols.csv', data, { dryRun: true, lang: 'en-US' }));
      expect(dry.errors).toEqual([expect.objectContaining({ row: 1, path: 'headcount', code: 'missing_column' })]);
      expect(dry.errors[0].message).toContain('Headcount');
    });

    it('field errors carry row numbers and columns', async () => {
      const data = csvOf([row(540_001, { headcount: 'many' }), row(540_002, { district: '北京' })]);
      const dry = json(await upload('fields.csv', data, { dryRun: true }));
      expect(dry.errors.map((e: { row: number; path: string }) => `${e.row}:${e.path}`)).toEqual(['2:headcount', '3:districtCode']);
    });

    it('refuses other file types and empty files', async () => {
      expectProblem(await upload('members.txt', 'a,b'), 415, 'unsupported_media_type');
      const empty = json(await upload('empty.csv', csvOf([]), { dryRun: true }));
      expect(empty.errors.map((e: { code: string }) => e.code)).toEqual(['empty_file']);
    });

    it('round trip: an export re-imported elsewhere conflicts row by row (credit_code_taken)', async () => {
      const exported = (await t.call('GET', '/api/enterprises/export', { cookie: secretary })).rawPayload;
      const total = json(await t.call('GET', '/api/enterprises?pageSize=1', { cookie: secretary })).total;
      const before = [await count('enterprises'), await count('alliance_members')];
      // The exported file itself is valid import input: every row parses…
      const dry = json(await upload('export.xlsx', exported, { dryRun: true, cookie: fishery }));
      expect(dry.rows).toBe(total);
      // …and every row is refused only because the firm is already registered.
      expect(dry.errors).toHaveLength(total);
      expect(new Set(dry.errors.map((e: { code: string }) => e.code))).toEqual(new Set(['credit_code_taken']));
      expect(dry.errors.map((e: { row: number }) => e.row)).toEqual(Array.from({ length: total }, (_, i) => i + 2));
      const res = await upload('export.xlsx', exported, { cookie: fishery });
      const doc = expectProblem(res, 422, 'import_invalid');
      expect((doc.rowErrors as unknown[]).length).toBe(total);
      expect([await count('enterprises'), await count('alliance_members')]).toEqual(before);
      // Into the same alliance likewise.
      expectProblem(await upload('export.xlsx', exported), 422, 'import_invalid');
    });

    it('only the secretary (or admin) imports', async () => {
      const data = csvOf([row(550_001)]);
      expectProblem(await upload('m.csv', data, { cookie: await t.login('tech') }), 403, 'forbidden');
      expectProblem(await upload('m.csv', data, { cookie: await t.login('firm') }), 403, 'forbidden');
    });

    it('a large file streams in steps, saves every row with its membership and audit row, and reports its progress to the page that follows it', async () => {
      topicStreamSettings.keepAliveMs = 100;
      if (!t.app.server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
      const port = (t.app.server.address() as AddressInfo).port;
      const token = `imp-${dialect}-0001`;
      const sse = await openSse(port, `/api/enterprises/import/progress?token=${token}`, { cookie: secretary });
      // Another user following the same token hears nothing of this import.
      const other = await openSse(port, `/api/enterprises/import/progress?token=${token}`, { cookie: admin });
      try {
        await sse.waitFor((f) => f.event === 'ready');
        await other.waitFor((f) => f.event === 'ready');
        const N = 4_321; // past the 2,000-row steps and the 400-row inserts
        const rows = Array.from({ length: N }, (_, i) => row(700_000 + i));
        const before = [await count('enterprises'), await count('alliance_members'), await count('audit_log')];
        const m = multipartFile('big.csv', csvOf(rows));
        const res = await t.app.inject({ method: 'POST', url: `/api/enterprises/import?progress=${token}`, headers: { cookie: secretary, ...m.headers }, payload: m.payload });
        expect(res.statusCode, res.body).toBe(200);
        expect(json(res)).toMatchObject({ dryRun: false, rows: N, imported: N, errors: [], errorRows: 0 });
        expect([await count('enterprises'), await count('alliance_members'), await count('audit_log')]).toEqual([before[0]! + N, before[1]! + N, before[2]! + N]);
        // Every row got its own id back in file order (matched by credit code, not by insert order).
        const saved = await t.handle.db.selectFrom('enterprises').select(['id', 'credit_code', 'name']).where('credit_code', 'in', [rows[0]![1] as string, rows[N - 1]![1] as string]).orderBy('id').execute();
        expect(saved.map((e) => e.name)).toEqual([rows[0]![0], rows[N - 1]![0]]);
        const audited = await t.handle.db.selectFrom('audit_log').select('target_id').where('action', '=', 'enterprise.import').where('target_id', '=', String(saved[1]!.id)).execute();
        expect(audited).toHaveLength(1);

        const done = await sse.waitFor((f) => f.event === 'changed' && JSON.parse(f.data!).phase === 'done');
        expect(JSON.parse(done.data!)).toEqual({ phase: 'done', done: N, total: N });
        const phases = sse.frames.filter((f) => f.event === 'changed').map((f) => JSON.parse(f.data!) as { phase: string; done: number; total: number | null });
        const order = ['reading', 'checking', 'saving', 'done'];
        expect([...new Set(phases.map((p) => p.phase))]).toEqual(order);
        expect(phases.map((p) => order.indexOf(p.phase))).toEqual([...phases.map((p) => order.indexOf(p.phase))].sort((a, b) => a - b));
        expect(phases.find((p) => p.phase === 'saving' && p.done === N)).toBeDefined();
        expect(other.frames.some((f) => f.event === 'changed')).toBe(false);
      } finally {
        sse.close();
        other.close();
        topicStreamSettings.keepAliveMs = 25_000;
      }
    });

    it('lists the first 1,000 row errors and counts them all; a file over 200,000 rows is refused and nothing is read past the limit', async () => {
      const bad = Array.from({ length: 1_200 }, (_, i) => row(800_000 + i, { headcount: -1 }));
      const dry = json(await upload('bad.csv', csvOf(bad), { dryRun: true }));
      expect(dry.errors).toHaveLength(1_000);
      expect(dry.errorRows).toBe(1_200);
      expect(dry.errors[0]).toMatchObject({ row: 2, path: 'headcount' });
      const refused = expectProblem(await upload('bad.csv', csvOf(bad)), 422, 'import_invalid');
      expect(refused.params ?? refused).toBeTruthy();

      const before = await count('enterprises');
      // One valid row 200,001 times: each parses (the rest are duplicates), and the last is one too many.
      const line = csvOf([row(890_001)]).split('\r\n')[1]!;
      const huge = `\uFEFF${HEADERS_ZH.join(',')}\r\n${`${line}\r\n`.repeat(200_001)}`;
      const res = await upload('huge.csv', huge);
      const doc = expectProblem(res, 422, 'import_invalid');
      expect((doc.rowErrors as { path: string; code: string }[]).some((e) => e.path === 'file' && e.code === 'too_many_rows')).toBe(true);
      expect(await count('enterprises')).toBe(before);
    }, 300_000);
  });

  it('a CSV credit code of digits only is read as text, not as a rounded number', async () => {
    // 913300007125582210 is a valid code with no letters; as a JavaScript number it would lose digits.
    const res = await upload('digits.csv', csvOf([['数字代码有限公司', '913300007125582210', 'C', '330324', 12, '', '', '', '', '']]));
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).imported).toBe(1);
    const row = await t.handle.db.selectFrom('enterprises').select('name').where('credit_code', '=', '913300007125582210').executeTakeFirst();
    expect(row?.name).toBe('数字代码有限公司');
  });

  describe('joining an enterprise registered by another alliance', () => {
    it('once the firm accepts, it is a member of both; a second join is 409 already_member; an unknown code is a field error', async () => {
      const created = json(await create(enterpriseBody(++n)));
      expectProblem(await t.call('GET', `/api/enterprises/${created.id}`, { cookie: fishery }), 404, 'not_found');
      const joined = await t.call('POST', '/api/enterprises/join', { cookie: fishery, body: { creditCode: created.creditCode }, headers: idem() });
      expect(joined.statusCode).toBe(201);
      expect(json(joined).enterprise.id).toBe(created.id);
      expectProblem(await t.call('GET', `/api/enterprises/${created.id}`, { cookie: fishery }), 404, 'not_found');
      // No admin account yet: the platform admin answers for the firm.
      expect((await t.call('POST', `/api/firms/requests/${json(joined).id}/accept`, { cookie: admin })).statusCode).toBe(200);
      expect((await t.call('GET', `/api/enterprises/${created.id}`, { cookie: fishery })).statusCode).toBe(200);
      expect((await t.call('GET', `/api/enterprises/${created.id}`, { cookie: secretary })).statusCode).toBe(200);
      expectProblem(await t.call('POST', '/api/enterprises/join', { cookie: fishery, body: { creditCode: created.creditCode }, headers: idem() }), 409, 'already_member');
      const unknown = await t.call('POST', '/api/enterprises/join', { cookie: fishery, body: { creditCode: freshCreditCode(990_001) }, headers: idem() });
      expectProblem(unknown, 400, 'validation_failed');
      expect(json(unknown).errors[0]).toMatchObject({ path: 'creditCode', code: 'credit_code_unknown' });
    });
  });
});
