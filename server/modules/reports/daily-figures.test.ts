/**
 * `daily_figures` (migration 0023), the per-alliance, per-day sums the overview's trend reads at
 * city scale: after every kind of write that changes a figure — the seed's bulk insert, a filed
 * report and its correction, a report deleted, a firm joining a second alliance, its
 * `reports_from` moved, its headcount changed, a firm leaving, an enterprise deleted — the table
 * equals the definition computed from the reports (`dailySums`, the query the trend used before),
 * for every alliance; the migration's backfill does too; and the trend answers the same figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m0023 from '../../core/db/migrations/0023_daily_figures';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { idem, json } from '../../test/helpers';
import { deleteMembership } from '../enterprises/enterprises.repository';
import { dailySums } from './reports.repository';
import { BLOCKER_CATEGORIES } from './reports.schema';

const DAY = 86_400_000;
const SUMS = ['reported', 'stopped', 'partial', 'full', 'weight', 'weighted_output', 'weighted_capacity', 'staff_on_duty', 'staff_total', 'staff_away', 'staff_lent_out', 'staff_borrowed_in', ...BLOCKER_CATEGORIES.map((c) => `b_${c}`)];

describe.each(DIALECTS)('daily figures (%s)', (dialect) => {
  let t: TestApp;
  let firm: string;
  let secretary: string;
  let firmId: number;
  let allianceId: number;

  beforeAll(async () => {
    t = await createTestApp(dialect, { scale: 0.1 });
    t.clock.advance(DAY); // the seed's reports end at TEST_NOW's date; file on the next day
    firm = await t.login('firm');
    secretary = await t.login('secretary');
    firmId = await t.enterpriseOf('firm');
    allianceId = json(await t.call('GET', '/api/session', { cookie: secretary })).allianceId;
  });
  afterAll(async () => {
    await t?.close();
  });

  const line = (alliance: number, r: Record<string, unknown>) => [alliance, r.report_date, ...SUMS.map((c) => Number(r[c] ?? 0))].join('|');

  /** The kept figures and the definition's, as sorted comparable lines (every alliance). */
  async function keptAndTruth() {
    const db = t.handle.db;
    const kept = (await db.selectFrom('daily_figures').selectAll().execute()).map((r) => line(r.alliance_id, r)).sort();
    const truth: string[] = [];
    for (const a of await db.selectFrom('alliances').select('id').execute()) {
      for (const r of await dailySums(db, a.id, '0000-01-01', '9999-12-31').execute()) truth.push(line(a.id, r));
    }
    return { kept, truth: truth.sort() };
  }
  async function expectKept() {
    const { kept, truth } = await keptAndTruth();
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(truth);
  }

  const body = (over: Record<string, unknown> = {}) => ({
    reportDate: '2026-11-26', outputPct: 61, capacityPct: 80, staffOnDuty: 40, staffTotal: 50, stage: 'partial',
    blockers: [{ category: 'labour', note: '外省员工未返岗' }], materialCoverDays: 2.5, preventionCoverDays: null, ...over,
  });

  it('equals the definition after the seed, and after the migration backfills it again', async () => {
    await expectKept();
    await m0023.down(t.handle.db);
    await m0023.up(t.handle.db);
    await expectKept();
  });

  it('follows a filed report, its correction and a deleted report', async () => {
    const filed = await t.call('POST', `/api/enterprises/${firmId}/reports`, { cookie: firm, body: body(), headers: idem() });
    expect(filed.statusCode, filed.body).toBe(201);
    await expectKept();
    const edited = await t.call('POST', `/api/enterprises/${firmId}/reports`, {
      cookie: firm, body: body({ outputPct: 75, stage: 'full', staffOnDuty: 50, blockers: [{ category: 'logistics', note: '"category":"funds"' }], version: json(filed).version }), headers: idem(),
    });
    expect(edited.statusCode, edited.body).toBe(200);
    await expectKept();
    // A correction of an older day, straight in SQL (any writer is followed).
    await t.handle.db.updateTable('resumption_reports').set({ stage: 'stopped', output_pct: 0 }).where('enterprise_id', '=', firmId).where('report_date', '=', '2026-11-24').execute();
    await expectKept();
    await t.handle.db.deleteFrom('resumption_reports').where('enterprise_id', '=', firmId).where('report_date', '=', '2026-11-23').execute();
    await expectKept();
  });

  it('follows memberships (join, reports_from, leave), headcount and a deleted enterprise', async () => {
    const db = t.handle.db;
    const other = (await db.selectFrom('alliances').select('id').where('id', '!=', allianceId).orderBy('id').executeTakeFirstOrThrow()).id;
    const member = (await db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', allianceId).where('enterprise_id', '!=', firmId).orderBy('enterprise_id').executeTakeFirstOrThrow()).enterprise_id;
    // The firm joins a second alliance that sees its reports from a date on.
    await db.deleteFrom('alliance_members').where('alliance_id', '=', other).where('enterprise_id', '=', member).execute();
    await db.insertInto('alliance_members').values({ alliance_id: other, enterprise_id: member, joined_at: 'x', reports_from: '2026-11-20' }).execute();
    await expectKept();
    await db.updateTable('alliance_members').set({ reports_from: '2026-11-22' }).where('alliance_id', '=', other).where('enterprise_id', '=', member).execute();
    await expectKept();
    await db.updateTable('alliance_members').set({ reports_from: '' }).where('alliance_id', '=', other).where('enterprise_id', '=', member).execute();
    await expectKept();
    // Headcount weighs every report of the firm in both alliances (also down to the floor of 1).
    await db.updateTable('enterprises').set({ headcount: 777 }).where('id', '=', member).execute();
    await expectKept();
    await db.updateTable('enterprises').set({ headcount: 0 }).where('id', '=', member).execute();
    await expectKept();
    // A report of a firm in two alliances counts in both.
    await db.insertInto('resumption_reports').values({
      enterprise_id: member, report_date: '2026-11-26', output_pct: 33, capacity_pct: 44, staff_on_duty: 3, staff_total: 9, stage: 'partial',
      blockers_json: '[{"category":"funds","note":""}]', material_cover_days: null, prevention_cover_days: null, submitted_by: null, created_at: 'x', updated_at: 'x',
    }).execute();
    await expectKept();
    // Leaving (the API's way: the membership row goes, the reports stay).
    expect(await deleteMembership(db, allianceId, member)).toBe(true);
    expect(await db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', allianceId).where('enterprise_id', '=', member).executeTakeFirst()).toBeUndefined();
    await expectKept();
    // An enterprise deleted with its reports and memberships (cascade).
    const gone = (await db.insertInto('enterprises').values({ name: 'gone firm', credit_code: 'GONE1', industry: 'C', district_code: '330302', headcount: 12, main_products: '', address: '', contacts_json: '[]', created_at: 'x', updated_at: 'x' }).returning('id').executeTakeFirstOrThrow()).id;
    for (const a of [allianceId, other]) await db.insertInto('alliance_members').values({ alliance_id: a, enterprise_id: gone, joined_at: 'x', reports_from: '' }).execute();
    for (const d of ['2026-11-24', '2026-11-25', '2026-11-30']) {
      await db.insertInto('resumption_reports').values({
        enterprise_id: gone, report_date: d, output_pct: 50, capacity_pct: 60, staff_on_duty: 6, staff_total: 12, stage: 'full',
        blockers_json: '[]', material_cover_days: null, prevention_cover_days: null, submitted_by: null, created_at: 'x', updated_at: 'x',
      }).execute();
    }
    await expectKept();
    await db.deleteFrom('enterprises').where('id', '=', gone).execute();
    expect(await db.selectFrom('resumption_reports').select('id').where('enterprise_id', '=', gone).executeTakeFirst()).toBeUndefined();
    expect(await db.selectFrom('daily_figures').select('alliance_id').where('report_date', '=', '2026-11-30').executeTakeFirst()).toBeUndefined();
    await expectKept();
  });

  it('the trend answers the kept figures, equal to the definition computed from the reports', async () => {
    const res = await t.call('GET', '/api/reports/trend?days=14', { cookie: secretary });
    expect(res.statusCode, res.body).toBe(200);
    const points = json(res).points as { date: string; members: number; reported: number; unknown: number; resumptionRate: number; outputPct: number; capacityPct: number; staffOnDutyRate: number; stages: Record<string, number>; blockers: Record<string, number> }[];
    const truth = new Map((await dailySums(t.handle.db, allianceId, points[0]!.date, points.at(-1)!.date).execute()).map((r) => [r.report_date, r]));
    const members = Number((await t.handle.db.selectFrom('alliance_members').select((eb) => eb.fn.countAll().as('n')).where('alliance_id', '=', allianceId).executeTakeFirstOrThrow()).n);
    let reportedDays = 0;
    for (const p of points) {
      const r = truth.get(p.date) as Record<string, unknown> | undefined;
      const n = (c: string) => Number(r?.[c] ?? 0);
      if (r) reportedDays++;
      expect(p.members).toBe(members);
      expect(p.reported).toBe(n('reported'));
      expect(p.unknown).toBe(members - n('reported'));
      expect(p.resumptionRate).toBe((n('partial') + n('full')) / members);
      expect(p.outputPct).toBe(n('weight') ? n('weighted_output') / n('weight') : 0);
      expect(p.capacityPct).toBe(n('weight') ? n('weighted_capacity') / n('weight') : 0);
      expect(p.staffOnDutyRate).toBe(n('staff_total') ? n('staff_on_duty') / n('staff_total') : 0);
      expect(p.stages).toEqual({ stopped: n('stopped'), partial: n('partial'), full: n('full') });
      expect(p.blockers).toEqual(Object.fromEntries(BLOCKER_CATEGORIES.map((c) => [c, n(`b_${c}`)])));
    }
    expect(reportedDays).toBeGreaterThan(3);
    // Nothing of the kept table is read for a caseload: it still sums its reports.
    const mine = await t.call('GET', '/api/reports/trend?days=14&mine=true', { cookie: secretary });
    expect(mine.statusCode, mine.body).toBe(200);
  });
});
