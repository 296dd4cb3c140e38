/**
 * `latest_reports` (migration 0019), the copy of each enterprise's latest report the member
 * lists read at city scale: after every kind of write — the seed's bulk insert, a filed report,
 * an edit, an older report arriving late, reports deleted — it equals a recomputation from
 * `resumption_reports`; and a look at a past date (when the copy does not answer) still lists
 * the latest report on or before that date.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { idem, json } from '../../test/helpers';

const DAY = 86_400_000;
const COLUMNS = [
  'id', 'enterprise_id', 'report_date', 'output_pct', 'capacity_pct', 'staff_on_duty', 'staff_total', 'stage', 'blockers_json',
  'material_cover_days', 'prevention_cover_days', 'submitted_by', 'created_at', 'updated_at', 'version',
];

describe.each(DIALECTS)('latest reports copy (%s)', (dialect) => {
  let t: TestApp;
  let firm: string;
  let secretary: string;
  let firmId: number;

  beforeAll(async () => {
    t = await createTestApp(dialect, { scale: 0.1 });
    t.clock.advance(DAY); // the seed's reports end at TEST_NOW's date; file on the next day
    firm = await t.login('firm');
    secretary = await t.login('secretary');
    firmId = await t.enterpriseOf('firm');
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The copy and a recomputation of it, as comparable rows. */
  async function copyAndTruth() {
    const cols = sql.raw(COLUMNS.join(', '));
    const norm = (rows: Record<string, unknown>[]) => rows.map((r) => COLUMNS.map((c) => (r[c] === null ? null : String(Number.isFinite(Number(r[c])) && c.endsWith('days') ? Number(r[c]) : r[c]))).join('|')).sort();
    const copy = (await sql<Record<string, unknown>>`select ${cols} from latest_reports`.execute(t.handle.db)).rows;
    const truth = (
      await sql<Record<string, unknown>>`select ${cols} from resumption_reports r
        where r.report_date = (select max(r2.report_date) from resumption_reports r2 where r2.enterprise_id = r.enterprise_id)`.execute(t.handle.db)
    ).rows;
    return { copy: norm(copy), truth: norm(truth), n: copy.length };
  }

  const body = (over: Record<string, unknown> = {}) => ({
    reportDate: '2026-11-26', outputPct: 61, capacityPct: 80, staffOnDuty: 40, staffTotal: 50, stage: 'partial',
    blockers: [{ category: 'labour', note: '外省员工未返岗' }], materialCoverDays: 2.5, preventionCoverDays: null, ...over,
  });

  it('equals a recomputation after the seed (one row per enterprise that reported)', async () => {
    const { copy, truth, n } = await copyAndTruth();
    expect(n).toBeGreaterThan(10);
    expect(copy).toEqual(truth);
  });

  it('follows a filed report, its edit, a late older report and deletions', async () => {
    const filed = await t.call('POST', `/api/enterprises/${firmId}/reports`, { cookie: firm, body: body(), headers: idem() });
    expect(filed.statusCode, filed.body).toBe(201);
    let row = await t.handle.db.selectFrom('latest_reports').selectAll().where('enterprise_id', '=', firmId).executeTakeFirstOrThrow();
    expect([row.id, row.report_date, row.output_pct, row.stage]).toEqual([json(filed).id, '2026-11-26', 61, 'partial']);
    expect((await copyAndTruth()).copy).toEqual((await copyAndTruth()).truth);

    const edited = await t.call('POST', `/api/enterprises/${firmId}/reports`, { cookie: firm, body: body({ outputPct: 75, stage: 'full', blockers: [], version: json(filed).version }), headers: idem() });
    expect(edited.statusCode, edited.body).toBe(200);
    row = await t.handle.db.selectFrom('latest_reports').selectAll().where('enterprise_id', '=', firmId).executeTakeFirstOrThrow();
    expect([row.output_pct, row.stage, row.blockers_json, row.version]).toEqual([75, 'full', '[]', 2]);

    // An older report filed late (a day with none) does not replace the newer one.
    const other = (await t.handle.db.selectFrom('latest_reports').select(['enterprise_id', 'report_date']).where('enterprise_id', '!=', firmId).orderBy('enterprise_id').executeTakeFirstOrThrow());
    await t.handle.db.deleteFrom('resumption_reports').where('enterprise_id', '=', other.enterprise_id).where('report_date', '=', '2026-11-23').execute();
    await t.handle.db.insertInto('resumption_reports').values({
      enterprise_id: other.enterprise_id, report_date: '2026-11-23', output_pct: 1, capacity_pct: 1, staff_on_duty: 1, staff_total: 1, stage: 'stopped', blockers_json: '[]',
      material_cover_days: null, prevention_cover_days: null, submitted_by: null, created_at: 'x', updated_at: 'x',
    }).execute();
    expect((await t.handle.db.selectFrom('latest_reports').select('report_date').where('enterprise_id', '=', other.enterprise_id).executeTakeFirstOrThrow()).report_date).toBe(other.report_date);

    // Deleting the latest report falls back to the one before; deleting all removes the copy.
    await t.handle.db.deleteFrom('resumption_reports').where('enterprise_id', '=', other.enterprise_id).where('report_date', '=', other.report_date).execute();
    const after = await copyAndTruth();
    expect(after.copy).toEqual(after.truth);
    await t.handle.db.deleteFrom('resumption_reports').where('enterprise_id', '=', other.enterprise_id).execute();
    expect(await t.handle.db.selectFrom('latest_reports').select('id').where('enterprise_id', '=', other.enterprise_id).executeTakeFirst()).toBeUndefined();
    const last = await copyAndTruth();
    expect(last.copy).toEqual(last.truth);
  });

  it('lists the same members and reports from the copy as from the reports; a past date reads the reports', async () => {
    type Item = { enterpriseId: number; report: { id: number; reportDate: string } | null; reportedToday: boolean };
    const all = async (url: string) => {
      const out: Item[] = [];
      for (let page = 1; ; page++) {
        const r = json(await t.call('GET', `${url}${url.includes('?') ? '&' : '?'}page=${page}&pageSize=200`, { cookie: secretary }));
        out.push(...r.items);
        if (out.length >= r.total) return out;
      }
    };
    const today = await all('/api/reports/latest');
    const truth = await t.handle.db
      .selectFrom('alliance_members as am')
      .innerJoin('users', (j) => j.on('users.username', '=', 'secretary'))
      .innerJoin('user_roles as ur', (j) => j.onRef('ur.user_id', '=', 'users.id').onRef('ur.alliance_id', '=', 'am.alliance_id'))
      .leftJoin('resumption_reports as r', (j) =>
        j.onRef('r.enterprise_id', '=', 'am.enterprise_id').on((eb) =>
          eb('r.report_date', '=', eb.selectFrom('resumption_reports as r2').select((e2) => e2.fn.max('r2.report_date').as('d')).whereRef('r2.enterprise_id', '=', 'am.enterprise_id').whereRef('r2.report_date', '>=', 'am.reports_from')),
        ),
      )
      .select(['am.enterprise_id', 'r.id'])
      .execute();
    expect(new Map(today.map((i) => [i.enterpriseId, i.report?.id ?? null]))).toEqual(new Map(truth.map((r) => [r.enterprise_id, r.id ?? null])));

    // On a past date the latest report is the one on or before it.
    const past = await all('/api/reports/latest?date=2026-11-24');
    for (const i of past) if (i.report) expect(i.report.reportDate <= '2026-11-24').toBe(true);
    const dated = past.filter((i) => i.report?.reportDate === '2026-11-24').length;
    expect(dated).toBeGreaterThan(0);
    const missingPast = json(await t.call('GET', '/api/reports/missing?date=2026-11-24&pageSize=200', { cookie: secretary }));
    expect(missingPast.total).toBe(past.length - dated);
  });
});
