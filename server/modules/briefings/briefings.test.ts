/**
 * Briefings against the database: each section's figures recomputed here from the raw rows, the
 * city's from every alliance, the .xlsx read back, the PDF's text extracted (pdfjs-dist) and
 * checked for the headline figures, the clear error without a browser, and the schedule (once
 * per day and week, files in the store, a robot message with the link).
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../domain/workdays';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json, XLSX_TYPE } from '../../test/helpers';
import { CLAIM_LEASE_MS, runScheduledBriefings } from './briefings.service';

const OPEN = ['submitted', 'accepted', 'in_progress', 'pending'];
const CLOCK = ['submitted', 'accepted', 'in_progress'];

/** The text of every page of a PDF. */
export async function pdfText(data: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data), useSystemFonts: false, isEvalSupported: false }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((it) => ('str' in it ? it.str : '')).join('') + '\n';
  }
  await doc.destroy();
  // CJK fonts map some glyphs to Kangxi radicals (⽪ for 皮): NFKC folds them back; dashes to '-'.
  return text.normalize('NFKC').replace(/[‒–—]/g, '-');
}

type Section = { key: string; figures: { key: string; value: number | null }[] };
const valueOf = (b: { sections: Section[] }, section: string, figure: string) => b.sections.find((s) => s.key === section)!.figures.find((f) => f.key === figure)!.value;

describe.each(DIALECTS)('briefings (%s)', (dialect) => {
  let t: TestApp;
  let secretary: string;
  let admin: string;
  let allianceId: number;
  let date: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    secretary = await t.login('secretary');
    admin = await t.login('admin');
    allianceId = json(await t.call('GET', '/api/session', { cookie: secretary })).allianceId;
    date = shanghaiDate(t.deps.clock.now());
  });
  afterAll(async () => {
    await t?.close();
  });

  async function expected(ids: number | null, from: string, to: string) {
    const db = t.handle.db;
    let members = db.selectFrom('alliance_members').select(['alliance_id', 'enterprise_id', 'reports_from']);
    if (ids !== null) members = members.where('alliance_id', '=', ids);
    const mem = await members.execute();
    const reports = new Map((await db.selectFrom('resumption_reports').select(['enterprise_id', 'stage']).where('report_date', '=', to).execute()).map((r) => [r.enterprise_id, r]));
    const seen = mem.filter((m) => (ids === null || to >= m.reports_from) && reports.has(m.enterprise_id));
    const firms = ids === null ? new Set(mem.map((m) => m.enterprise_id)).size : mem.length;
    const reportedIds = new Set(seen.map((m) => m.enterprise_id));
    const resumed = [...reportedIds].filter((id) => reports.get(id)!.stage !== 'stopped').length;
    let tickets = db.selectFrom('tickets').select(['status', 'resolve_due_at', 'created_at', 'resolved_at', 'alliance_id']);
    if (ids !== null) tickets = tickets.where('alliance_id', '=', ids);
    const tk = await tickets.execute();
    const now = t.deps.clock.now().toISOString();
    const inRange = tk.filter((x) => shanghaiDate(x.created_at) >= from && shanghaiDate(x.created_at) <= to);
    let consultations = db.selectFrom('consultations').select(['status', 'alliance_id']);
    if (ids !== null) consultations = consultations.where('alliance_id', '=', ids);
    const cs = await consultations.execute();
    let visits = db.selectFrom('expert_visits as v').innerJoin('consultations as c', 'c.id', 'v.consultation_id').select('v.id').where('v.visit_date', '>=', from).where('v.visit_date', '<=', to);
    if (ids !== null) visits = visits.where('c.alliance_id', '=', ids);
    let campaigns = db.selectFrom('purchase_campaigns').select('id');
    if (ids !== null) campaigns = campaigns.where('alliance_id', '=', ids);
    let placements = db.selectFrom('workforce_placements').select('id');
    if (ids !== null) placements = placements.where('alliance_id', '=', ids);
    return {
      members: firms,
      reported: reportedIds.size,
      resumed,
      resumptionRate: firms ? resumed / firms : 0,
      reportingRate: firms ? reportedIds.size / firms : 0,
      open: tk.filter((x) => OPEN.includes(x.status)).length,
      overdue: tk.filter((x) => CLOCK.includes(x.status) && x.resolve_due_at <= now).length,
      filed: inRange.length,
      resolved: inRange.filter((x) => x.resolved_at !== null).length,
      consultationsOpen: cs.filter((c) => c.status === 'open' || c.status === 'active').length,
      consultationsClosed: cs.filter((c) => c.status === 'closed').length,
      visits: (await visits.execute()).length,
      campaigns: (await campaigns.execute()).length,
      placements: (await placements.execute()).length,
    };
  }

  function expectFigures(b: { sections: Section[] }, e: Awaited<ReturnType<typeof expected>>) {
    for (const k of ['members', 'reported', 'resumed', 'resumptionRate', 'reportingRate'] as const) expect(valueOf(b, 'resumption', k), k).toBeCloseTo(e[k], 9);
    for (const k of ['open', 'overdue', 'filed', 'resolved'] as const) expect(valueOf(b, 'problems', k), k).toBe(e[k]);
    for (const k of ['consultationsOpen', 'consultationsClosed', 'visits'] as const) expect(valueOf(b, 'experts', k), k).toBe(e[k]);
    expect(valueOf(b, 'purchasing', 'campaigns')).toBe(e.campaigns);
    expect(valueOf(b, 'workforce', 'placements')).toBe(e.placements);
  }

  it('the alliance daily briefing: every figure as the database says', async () => {
    const b = json(await t.call('GET', `/api/briefings/alliance?date=${date}`, { cookie: secretary }));
    expect(b).toMatchObject({ scope: 'alliance', period: 'daily', from: date, to: date, alliance: { id: allianceId } });
    expect(b.sections.map((s: Section) => s.key)).toEqual(['resumption', 'chain', 'problems', 'experts', 'workforce', 'purchasing', 'policy']);
    const e = await expected(allianceId, date, date);
    expect(e.members).toBeGreaterThan(0);
    expect(e.reported).toBeGreaterThan(0);
    expectFigures(b, e);
    // The resumption chart: the last seven days, ending on the day.
    const chart = b.sections[0].chart;
    expect(chart.categories).toEqual([-6, -5, -4, -3, -2, -1, 0].map((n) => addDays(date, n)));
    expect(chart.series[0].data.at(-1)).toBeCloseTo(e.resumptionRate, 9);
  });

  it('policy money: the applications and amounts the database holds (new ones counted at once); the city sums them', async () => {
    const db = t.handle.db;
    const policy = json(await t.call('POST', '/api/policies', {
      cookie: secretary, headers: idem(),
      body: { title: '简报测试补贴', departmentId: null, issuedOn: '2026-02-10', validFrom: '2026-02-10', benefitKind: 'subsidy', benefitAmountFen: 500_000, rules: [] },
    }));
    const firms = await db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', allianceId).orderBy('enterprise_id').limit(3).execute();
    const now = t.deps.clock.now().toISOString();
    const row = (i: number, status: string, approved: number | null, disbursed: number | null) => ({
      alliance_id: allianceId, policy_id: policy.id, enterprise_id: firms[i]!.enterprise_id, status, requested_fen: 300_000, approved_fen: approved, disbursed_fen: disbursed, created_at: now, updated_at: now,
    });
    await db.insertInto('policy_applications').values([row(0, 'submitted', null, null), row(1, 'approved', 250_000, null), row(2, 'disbursed', 200_000, 199_999)]).execute();
    const sums = await db.selectFrom('policy_applications').where('alliance_id', '=', allianceId)
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number | null>('approved_fen').as('approved'), eb.fn.sum<number | null>('disbursed_fen').as('disbursed')]).executeTakeFirstOrThrow();
    const b = json(await t.call('GET', `/api/briefings/alliance?date=${date}`, { cookie: secretary }));
    expect(b.sections.map((s: Section) => s.key)).toEqual(['resumption', 'chain', 'problems', 'experts', 'workforce', 'purchasing', 'policy']);
    expect([valueOf(b, 'policy', 'applications'), valueOf(b, 'policy', 'approvedFen'), valueOf(b, 'policy', 'disbursedFen')]).toEqual([Number(sums.n), Number(sums.approved), Number(sums.disbursed)]);
    const all = await db.selectFrom('policy_applications').select((eb) => [eb.fn.sum<number | null>('disbursed_fen').as('disbursed')]).executeTakeFirstOrThrow();
    const city = json(await t.call('GET', `/api/briefings/city?date=${date}`, { cookie: admin }));
    expect(valueOf(city, 'policy', 'disbursedFen')).toBe(Number(all.disbursed));
    // Named in the generated file.
    const xlsx = await t.call('GET', `/api/briefings/alliance/download?date=${date}&format=xlsx`, { cookie: secretary });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells = wb.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells).toEqual(expect.arrayContaining(['政策兑现', '已兑现金额', String(Number(sums.disbursed) / 100)]));
  });

  it('the weekly briefing covers the seven days to the date; a future date is refused', async () => {
    const to = addDays(date, -1);
    const b = json(await t.call('GET', `/api/briefings/alliance?period=weekly&date=${to}`, { cookie: secretary }));
    expect(b).toMatchObject({ period: 'weekly', from: addDays(to, -6), to });
    expectFigures(b, await expected(allianceId, addDays(to, -6), to));
    expectProblem(await t.call('GET', `/api/briefings/alliance?date=${addDays(date, 1)}`, { cookie: secretary }), 400, 'validation_failed');
  });

  it('the city briefing: each firm once, the alliances summed', async () => {
    const b = json(await t.call('GET', `/api/briefings/city?date=${date}`, { cookie: admin }));
    expect(b).toMatchObject({ scope: 'city', alliance: null });
    expectFigures(b, await expected(null, date, date));
    expectProblem(await t.call('GET', '/api/briefings/city', { cookie: secretary }), 403, 'forbidden');
  });

  it('downloads the .xlsx with the headline figures', async () => {
    const res = await t.call('GET', `/api/briefings/alliance/download?format=xlsx&date=${date}`, { cookie: secretary });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX_TYPE);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const rows = wb.worksheets[0]!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]).toEqual(['板块', '指标', '数值', '单位']);
    const e = await expected(allianceId, date, date);
    expect(rows).toContainEqual(['复工复产', '成员企业', e.members, '']);
    expect(rows).toContainEqual(['复工复产', '复工率', Math.round(e.resumptionRate * 1000) / 10, '%']);
    expect(rows).toContainEqual(['问题办理', '未办结问题', e.open, '']);
  });

  it('prints the daily briefing as a PDF whose text carries the headline figures', async () => {
    const res = await t.call('GET', `/api/briefings/alliance/download?format=pdf&date=${date}`, { cookie: secretary });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    const text = (await pdfText(res.rawPayload)).replace(/\s+/g, '');
    const e = await expected(allianceId, date, date);
    const name = (await t.handle.db.selectFrom('alliances').select('name').where('id', '=', allianceId).executeTakeFirstOrThrow()).name;
    expect(text).toContain(`${name}复工日报${date}`.replace(/\s+/g, ''));
    expect(text).toContain(`复工率${(Math.round(e.resumptionRate * 1000) / 10).toFixed(1)}%`);
    expect(text).toContain(`成员企业${e.members}`);
    expect(text).toContain(`未办结问题${e.open}`);
  }, 60_000);

  it('answers pdf_unavailable (503) without a browser, while the .xlsx still works', async () => {
    const before = t.deps.config.chromium;
    t.deps.config.chromium = '/no/such/chromium';
    try {
      expectProblem(await t.call('GET', `/api/briefings/alliance/download?format=pdf&date=${date}`, { cookie: secretary }), 503, 'pdf_unavailable');
      expect((await t.call('GET', `/api/briefings/alliance/download?format=xlsx&date=${date}`, { cookie: secretary })).statusCode).toBe(200);
    } finally {
      t.deps.config.chromium = before;
    }
  });

  it('on the schedule: daily after the configured time, weekly on Mondays, once; files stored; the robot told', async () => {
    const hook = await t.call('POST', '/api/webhooks', { cookie: secretary, headers: idem(), body: { kind: 'dingtalk', name: '简报群', url: 'https://oapi.dingtalk.com/robot/send?access_token=briefing', events: ['briefing.ready'] } });
    expect(hook.statusCode).toBe(201);
    const alliances = (await t.handle.db.selectFrom('alliances').select('id').execute()).length;
    // Monday 2026-11-30, 17:59 in Shanghai: not yet.
    t.clock.set('2026-11-30T09:59:00Z');
    expect(await runScheduledBriefings(t.deps)).toEqual({ generated: 0 });
    t.clock.set('2026-11-30T10:05:00Z');
    // Printing takes a while on a small machine: the PDFs are printed on one dialect; on the
    // other there is no browser, and the schedule stores the .xlsx alone.
    const withBrowser = dialect === 'sqlite';
    const before = t.deps.config.chromium;
    if (!withBrowser) t.deps.config.chromium = '/no/such/chromium';
    try {
      expect(await runScheduledBriefings(t.deps)).toEqual({ generated: 2 * (alliances + 1) });
      expect(await runScheduledBriefings(t.deps)).toEqual({ generated: 0 });
    } finally {
      t.deps.config.chromium = before;
    }
    secretary = await t.login('secretary');
    admin = await t.login('admin');

    const list = await t.call('GET', '/api/briefings/scheduled', { cookie: secretary });
    expect(list.statusCode, list.body).toBe(200);
    const page = json(list);
    expect(page.total).toBe(2);
    const weekly = page.items.find((i: { period: string }) => i.period === 'weekly');
    expect(weekly).toMatchObject({ scope: 'alliance', from: '2026-11-23', to: '2026-11-29' });
    if (withBrowser) {
      const pdf = await t.call('GET', `/api/files/${weekly.pdfFileId}`, { cookie: secretary });
      expect(pdf.statusCode).toBe(200);
      expect((await pdfText(pdf.rawPayload)).replace(/\s+/g, '')).toContain('复工周报2026-11-23-2026-11-29');
    } else expect(weekly.pdfFileId).toBeNull();
    expect((await t.call('GET', `/api/files/${weekly.xlsxFileId}`, { cookie: secretary })).statusCode).toBe(200);
    // Not the firms'; the city's are the platform admin's.
    expectProblem(await t.call('GET', `/api/files/${weekly.xlsxFileId}`, { cookie: await t.login('firm') }), 404, 'not_found');
    const city = json(await t.call('GET', '/api/briefings/scheduled', { cookie: admin }));
    expect(city.items.length).toBeGreaterThan(0);

    const deliveries = await t.handle.db.selectFrom('webhook_deliveries').select(['event', 'payload_json']).where('webhook_id', '=', json(hook).id).execute();
    expect(deliveries.map((d) => d.event).sort()).toEqual(['briefing.ready', 'briefing.ready']);
    expect(deliveries.some((d) => d.payload_json.includes(`/api/files/${weekly.pdfFileId ?? weekly.xlsxFileId}`))).toBe(true);
    const audit = await t.handle.db.selectFrom('audit_log').select('action').where('action', '=', 'briefing.generate').execute();
    expect(audit.length).toBe(2 * (alliances + 1));
  }, 240_000);

  it('a claim its process abandoned (crashed while rendering) is made again after the lease; a fresh claim is left to its process', async () => {
    const db = t.handle.db;
    // Tuesday 2026-12-01, 18:05 in Shanghai.
    t.clock.set('2026-12-01T10:05:00Z');
    const at = (min: number) => new Date(t.deps.clock.now().getTime() - min * 60_000).toISOString();
    const stale = await db.insertInto('briefings').values({ alliance_id: allianceId, scope_key: `alliance:${allianceId}`, period: 'daily', from_date: '2026-12-01', to_date: '2026-12-01', created_at: at(CLAIM_LEASE_MS / 60_000 + 1) }).returning('id').executeTakeFirstOrThrow();
    const fresh = await db.insertInto('briefings').values({ alliance_id: null, scope_key: 'city', period: 'daily', from_date: '2026-12-01', to_date: '2026-12-01', created_at: at(1) }).returning('id').executeTakeFirstOrThrow();
    const alliances = (await db.selectFrom('alliances').select('id').execute()).length;
    const before = t.deps.config.chromium;
    t.deps.config.chromium = '/no/such/chromium';
    try {
      // Every alliance's daily briefing, the abandoned one included; not the city's, still being made.
      expect(await runScheduledBriefings(t.deps)).toEqual({ generated: alliances });
      expect(await runScheduledBriefings(t.deps)).toEqual({ generated: 0 });
    } finally {
      t.deps.config.chromium = before;
    }
    const rows = await db.selectFrom('briefings').select(['id', 'xlsx_file_id']).where('id', 'in', [stale.id, fresh.id]).orderBy('id').execute();
    expect(rows.map((r) => [r.id, r.xlsx_file_id !== null])).toEqual([[stale.id, true], [fresh.id, false]]);
    const files = await db.selectFrom('files').select('id').where('owner_type', '=', 'briefing').where('owner_id', '=', stale.id).execute();
    expect(files.map((f) => f.id)).toEqual([rows[0]!.xlsx_file_id]);
    // The lease past, the city's claim is taken over too.
    t.clock.set(new Date(t.deps.clock.now().getTime() + CLAIM_LEASE_MS).toISOString());
    t.deps.config.chromium = '/no/such/chromium';
    try {
      expect(await runScheduledBriefings(t.deps)).toEqual({ generated: 1 });
    } finally {
      t.deps.config.chromium = before;
    }
  }, 120_000);
});
