/** Importing experts from a spreadsheet: the template, all rows or none, row errors, the accounts made. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, json, multipartFile } from '../../test/helpers';

const HEADER = '登录名,姓名,专业,行业大类,可到达区县,出诊日,最多同时案件,已认证,简介,过往案例';

describe.each(DIALECTS)('expert import (%s)', (dialect) => {
  let t: TestApp;
  let admin: string;

  const upload = (file: string, data: Buffer | string, opts: { dryRun?: boolean; cookie?: string; lang?: string } = {}) => {
    const m = multipartFile(file, data);
    return t.app.inject({
      method: 'POST',
      url: `/api/experts/import${opts.dryRun ? '?dryRun=true' : ''}`,
      headers: { cookie: opts.cookie ?? admin, ...m.headers, ...(opts.lang ? { 'accept-language': opts.lang } : {}) },
      payload: m.payload,
    });
  };
  const users = async () => Number((await t.handle.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a file with any wrong row writes nothing and lists every error by row and column', async () => {
    const csv = [
      HEADER,
      'imp-wang,王工,注塑成型、plc_automation,29、34,鹿城区、330304,周一至周五,4,是,注塑二十年,保压不足维修',
      'Bad Name,李工,激光雕刻,C,火星区,周八,99,也许,,',
      'imp-wang,赵工,,,,,,,,',
      'expert,钱工,电气,38,,1-3,2,否,,',
    ].join('\n');
    const before = await users();
    const res = await upload('experts.csv', csv);
    const body = expectProblem(res, 422, 'import_invalid') as unknown as { rowErrors: { row: number; path: string; code: string; message: string }[] };
    const errs = body.rowErrors.map((e) => `${e.row}:${e.path}:${e.code}`);
    expect(errs).toEqual(expect.arrayContaining([
      '3:username:invalid_username', '3:specialties:unknown_specialty', '3:industries:invalid_division', '3:districts:invalid_district', '3:availability:invalid_weekday', '3:maxCases:out_of_range', '3:verified:invalid_yes_no',
      '4:username:duplicate_in_file', '4:specialties:required',
      '5:username:username_taken',
    ]));
    expect(errs.some((e) => e.startsWith('2:'))).toBe(false);
    expect(body.rowErrors.find((e) => e.code === 'unknown_specialty')!.message).toContain('激光雕刻');
    expect(await users()).toBe(before);
    // The dry run answers 200 with the same errors and the rows it would import.
    const dry = json<{ errors: unknown[]; preview: { username: string }[]; imported: number }>(await upload('experts.csv', csv, { dryRun: true }));
    expect(dry.errors.length).toBe(body.rowErrors.length);
    expect(dry.preview.map((p) => p.username)).toEqual(['imp-wang']);
    expect(dry.imported).toBe(0);
    expect(await users()).toBe(before);
  });

  it('a valid file makes each row an expert account with a profile and a temporary password; only the platform admin imports', async () => {
    const csv = [HEADER, 'imp-sun,孙工,注塑成型、PLC与自动化,29、34,鹿城区、330304,周一至周五,4,是,注塑二十年,保压不足维修', 'imp-zhou,周工,Electrical,38,,"1,3,5",,否,,'].join('\n');
    expectProblem(await upload('experts.csv', csv, { cookie: await t.login('secretary') }), 403, 'forbidden');
    const res = await upload('experts.csv', csv);
    expect(res.statusCode, res.body).toBe(200);
    const r = json<{ imported: number; accounts: { userId: number; username: string; temporaryPassword: string }[] }>(res);
    expect(r.imported).toBe(2);
    expect(r.accounts.map((a) => a.username)).toEqual(['imp-sun', 'imp-zhou']);
    // The temporary password signs in, and the expert finds the imported profile.
    const cookie = await t.login('imp-sun', r.accounts[0]!.temporaryPassword);
    const me = json<{ specialties: { code: string }[]; industries: string[]; districts: string[]; availability: number[]; maxCases: number; verified: boolean }>(await t.app.inject({ method: 'GET', url: '/api/experts/me', headers: { cookie } }));
    expect(me).toMatchObject({ industries: ['29', '34'], districts: ['330302', '330304'], availability: [1, 2, 3, 4, 5], maxCases: 4, verified: true });
    expect(me.specialties.map((s) => s.code).sort()).toEqual(['injection_moulding', 'plc_automation']);
    const zhou = await t.handle.db.selectFrom('expert_profiles').selectAll().where('user_id', '=', r.accounts[1]!.userId).executeTakeFirstOrThrow();
    expect(JSON.parse(zhou.availability_json)).toEqual([1, 3, 5]);
    expect(zhou.max_cases).toBe(3);
    const audits = await t.handle.db.selectFrom('audit_log').select(['target_id']).where('action', '=', 'expert.import').execute();
    expect(audits.map((a) => Number(a.target_id)).sort()).toEqual(r.accounts.map((a) => a.userId).sort());
    expect(JSON.stringify(audits)).not.toContain(r.accounts[0]!.temporaryPassword);
  });

  it('offers an .xlsx template whose example row imports once renamed', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/experts/import-template', headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('登录名');
    ws.getRow(2).getCell(1).value = 'imp-template';
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const imported = await upload('template.xlsx', filled);
    expect(imported.statusCode, imported.body).toBe(200);
    expect(json(imported)).toMatchObject({ imported: 1 });
    expect((await t.app.inject({ method: 'GET', url: '/api/experts/import-template', headers: { cookie: await t.login('tech') } })).statusCode).toBe(403);
    const en = await t.app.inject({ method: 'GET', url: '/api/experts/import-template', headers: { cookie: admin, 'accept-language': 'en-US' } });
    expect(en.headers['content-disposition']).toContain('expert-import-template.xlsx');
  });
});
