/**
 * `member_keys` (migration 0024), what the city-scale member lists sort and filter on: after every
 * kind of write — the seed (and the migration's backfill), a filed and an edited report, reports deleted, a firm's keys edited, a
 * membership's `reports_from` changed, a member joining and leaving, a firm deleted — it equals a
 * recomputation from the memberships, firms and `latest_reports`; and the lists read from it
 * answer the members, in the order, that the join of the firms and their latest reports gives
 * (`/enterprises`, `/reports/latest`, `/reports/missing`, `/chain/members`).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m0024 from '../../core/db/migrations/0024_member_keys';
import { shanghaiDate } from '../../domain/workdays';
import { BLOCKER_CATEGORIES } from '../reports/reports.schema';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { idem, json } from '../../test/helpers';

const DAY = 86_400_000;
const COLUMNS = ['alliance_id', 'enterprise_id', 'reports_from', 'name', 'credit_code', 'headcount', 'district_code', 'industry', 'created_at', 'report_date', 'stage', 'output_pct', 'blockers_json', 'blocker_mask'];
const SORTS = { name: 'e.name', headcount: 'e.headcount', createdAt: 'e.created_at', districtCode: 'e.district_code', outputPct: 'r.output_pct' } as const;

describe.each(DIALECTS)('member keys (%s)', (dialect) => {
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
    allianceId = (await t.handle.db.selectFrom('user_roles').innerJoin('users', 'users.id', 'user_roles.user_id').select('alliance_id').where('username', '=', 'secretary').where('role', '=', 'secretary').executeTakeFirstOrThrow()).alliance_id!;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The keys and a recomputation of them, as comparable rows (the mask: bit i for the i-th category listed). */
  async function keysAndTruth() {
    const mask = sql.raw(`case when lr.enterprise_id is null then null else ${BLOCKER_CATEGORIES.map((c, i) => `(case when lr.blockers_json like '%"category":"${c}"%' then ${1 << i} else 0 end)`).join(' + ')} end`);
    const norm = (rows: Record<string, unknown>[]) => rows.map((r) => COLUMNS.map((c) => (r[c] === null ? null : String(r[c]))).join('|')).sort();
    const keys = (await sql<Record<string, unknown>>`select ${sql.raw(COLUMNS.join(', '))} from member_keys`.execute(t.handle.db)).rows;
    const truth = (
      await sql<Record<string, unknown>>`select am.alliance_id, am.enterprise_id, am.reports_from, e.name, e.credit_code, e.headcount, e.district_code, e.industry, e.created_at,
          lr.report_date, lr.stage, lr.output_pct, lr.blockers_json, ${mask} as blocker_mask
        from alliance_members am join enterprises e on e.id = am.enterprise_id
        left join latest_reports lr on lr.enterprise_id = am.enterprise_id and lr.report_date >= am.reports_from`.execute(t.handle.db)
    ).rows;
    return { keys: norm(keys), truth: norm(truth), n: keys.length };
  }
  const expectKept = async () => {
    const { keys, truth } = await keysAndTruth();
    expect(keys).toEqual(truth);
  };

  it('equals a recomputation after the seed', async () => {
    const { keys, truth, n } = await keysAndTruth();
    expect(n).toBeGreaterThan(10);
    expect(keys).toEqual(truth);
  });

  it('follows reports filed, edited and deleted', async () => {
    const report = { reportDate: shanghaiDate(t.clock.now()), outputPct: 61, capacityPct: 80, staffOnDuty: 40, staffTotal: 50, stage: 'partial', blockers: [{ category: 'labour', note: 'x' }], materialCoverDays: 2.5, preventionCoverDays: null };
    const filed = await t.call('POST', `/api/enterprises/${firmId}/reports`, { cookie: firm, body: report, headers: idem() });
    expect(filed.statusCode, filed.body).toBe(201);
    const row = await t.handle.db.selectFrom('member_keys').selectAll().where('enterprise_id', '=', firmId).executeTakeFirstOrThrow();
    expect([row.report_date, row.stage, row.output_pct]).toEqual([report.reportDate, 'partial', 61]);
    await expectKept();
    const edited = await t.call('POST', `/api/enterprises/${firmId}/reports`, { cookie: firm, body: { ...report, outputPct: 90, stage: 'full', blockers: [], version: json(filed).version }, headers: idem() });
    expect(edited.statusCode, edited.body).toBe(200);
    await expectKept();
    await t.handle.db.deleteFrom('resumption_reports').where('enterprise_id', '=', firmId).where('report_date', '=', report.reportDate).execute();
    await expectKept();
    const other = await t.handle.db.selectFrom('member_keys').select('enterprise_id').where('enterprise_id', '!=', firmId).where('report_date', 'is not', null).orderBy('enterprise_id').executeTakeFirstOrThrow();
    await t.handle.db.deleteFrom('resumption_reports').where('enterprise_id', '=', other.enterprise_id).execute();
    expect((await t.handle.db.selectFrom('member_keys').select('report_date').where('enterprise_id', '=', other.enterprise_id).executeTakeFirstOrThrow()).report_date).toBeNull();
    await expectKept();
  });

  it("follows a firm's keys, a membership's reports_from, members joining and leaving, a firm deleted", async () => {
    const [a, b] = await t.handle.db.selectFrom('member_keys').select(['enterprise_id', 'alliance_id']).where('report_date', 'is not', null).orderBy('enterprise_id', 'desc').limit(2).execute();
    await t.handle.db.updateTable('enterprises').set({ name: '改名后的企业', headcount: 4321, district_code: '330299', industry: 'Z', credit_code: '91330000ZZZZZZZZZZ', created_at: '2020-01-01T00:00:00.000Z' }).where('id', '=', a!.enterprise_id).execute();
    await expectKept();
    await t.handle.db.updateTable('alliance_members').set({ reports_from: '2099-01-01' }).where('enterprise_id', '=', b!.enterprise_id).where('alliance_id', '=', b!.alliance_id).execute();
    expect((await t.handle.db.selectFrom('member_keys').select('report_date').where('enterprise_id', '=', b!.enterprise_id).where('alliance_id', '=', b!.alliance_id).executeTakeFirstOrThrow()).report_date).toBeNull();
    await expectKept();
    await t.handle.db.updateTable('alliance_members').set({ reports_from: '' }).where('enterprise_id', '=', b!.enterprise_id).where('alliance_id', '=', b!.alliance_id).execute();
    await expectKept();
    // Leave, then join again (another alliance too).
    const alliances = await t.handle.db.selectFrom('alliances').select('id').execute();
    await t.handle.db.deleteFrom('alliance_members').where('enterprise_id', '=', a!.enterprise_id).where('alliance_id', '=', a!.alliance_id).execute();
    await expectKept();
    for (const { id } of alliances) {
      await t.handle.db.insertInto('alliance_members').values({ alliance_id: id, enterprise_id: a!.enterprise_id, joined_at: 'x', reports_from: '' }).onConflict((oc) => oc.doNothing()).execute();
    }
    await expectKept();
    // A firm deleted with its reports and memberships.
    const gone = await t.handle.db.insertInto('enterprises').values({ name: '临时企业', credit_code: '91330000TTTTTTTTTT', industry: 'C', district_code: '330203', headcount: 5, main_products: '', address: '', annual_output_fen: null, contacts_json: '[]', created_at: 'x', updated_at: 'x', registered_by_alliance_id: null }).returning('id').executeTakeFirstOrThrow();
    await t.handle.db.insertInto('alliance_members').values({ alliance_id: allianceId, enterprise_id: gone.id, joined_at: 'x', reports_from: '' }).execute();
    await t.handle.db.insertInto('resumption_reports').values({ enterprise_id: gone.id, report_date: '2026-11-24', output_pct: 1, capacity_pct: 1, staff_on_duty: 1, staff_total: 1, stage: 'stopped', blockers_json: '[]', material_cover_days: null, prevention_cover_days: null, submitted_by: null, created_at: 'x', updated_at: 'x' }).execute();
    await expectKept();
    await t.handle.db.deleteFrom('resumption_reports').where('enterprise_id', '=', gone.id).execute();
    await t.handle.db.deleteFrom('enterprises').where('id', '=', gone.id).execute();
    await expectKept();
  });

  it('lists the members, in order, that the join of the firms and their latest reports gives', async () => {
    const today = shanghaiDate(t.clock.now());
    const join = () =>
      t.handle.db
        .selectFrom('alliance_members as am')
        .innerJoin('enterprises as e', 'e.id', 'am.enterprise_id')
        .leftJoin('latest_reports as r', (j) => j.onRef('r.enterprise_id', '=', 'am.enterprise_id').onRef('r.report_date', '>=', 'am.reports_from'))
        .where('am.alliance_id', '=', allianceId)
        .select('e.id');
    const ids = async (url: string) => {
      const out: number[] = [];
      for (let page = 1; ; page++) {
        const r = await t.call('GET', `${url}${url.includes('?') ? '&' : '?'}page=${page}&pageSize=200`, { cookie: secretary });
        expect(r.statusCode, r.body).toBe(200);
        const body = json(r);
        out.push(...body.items.map((i: { id?: number; enterpriseId?: number }) => i.id ?? i.enterpriseId));
        if (out.length >= body.total || !body.items.length) {
          expect(out.length).toBe(body.total);
          return out;
        }
      }
    };
    for (const [sort, column] of Object.entries(SORTS)) {
      for (const order of ['asc', 'desc'] as const) {
        const want = (await join().orderBy(column as 'e.name', order).orderBy('e.id', order).execute()).map((r) => r.id);
        expect(await ids(`/api/enterprises?sort=${sort}&order=${order}`), `${sort} ${order}`).toEqual(want);
      }
    }
    for (const stage of ['stopped', 'partial', 'full'] as const) {
      const want = (await join().where('r.report_date', '=', today).where('r.stage', '=', stage).orderBy('r.output_pct', 'desc').orderBy('e.id', 'desc').execute()).map((r) => r.id);
      expect(await ids(`/api/enterprises?stage=${stage}&sort=outputPct&order=desc`), stage).toEqual(want);
      const byName = (await join().where('r.report_date', '=', today).where('r.stage', '=', stage).orderBy('e.name').orderBy('e.id').execute()).map((r) => r.id);
      expect(await ids(`/api/reports/latest?stage=${stage}`), stage).toEqual(byName);
    }
    const none = (await join().where((eb) => eb.or([eb('r.report_date', 'is', null), eb('r.report_date', '!=', today)])).orderBy('e.name').orderBy('e.id').execute()).map((r) => r.id);
    expect(await ids('/api/enterprises?stage=none')).toEqual(none);
    expect(await ids('/api/reports/latest?stage=none')).toEqual(none);
    expect(await ids('/api/reports/missing')).toEqual(none);
    const labour = (await join().where('r.blockers_json', 'like', '%"category":"labour"%').orderBy('e.name').orderBy('e.id').execute()).map((r) => r.id);
    expect(labour.length).toBeGreaterThan(0);
    expect(await ids('/api/reports/latest?blocker=labour')).toEqual(labour);
    for (const c of BLOCKER_CATEGORIES) {
      const want = (await join().where('r.blockers_json', 'like', `%"category":"${c}"%`).orderBy('e.name').orderBy('e.id').execute()).map((r) => r.id);
      expect(await ids(`/api/reports/latest?blocker=${c}`), c).toEqual(want);
    }
    // Counterparty names: bounded by `limit` (`more` when more match), searched, or by id.
    const byName = (await join().select('e.name').orderBy('e.name').orderBy('e.id').execute()) as { id: number; name: string }[];
    const members = async (query: string) => json(await t.call('GET', `/api/chain/members${query}`, { cookie: secretary }));
    const first = await members('?limit=5');
    expect(first.items.map((i: { id: number }) => i.id)).toEqual(byName.slice(0, 5).map((r) => r.id));
    expect(first.more).toBe(byName.length > 5);
    const all = await members('?limit=100');
    expect(all.items.map((i: { id: number }) => i.id)).toEqual(byName.slice(0, 100).map((r) => r.id));
    expect(all.more).toBe(byName.length > 100);
    const part = byName[1]!.name.slice(1, 3);
    const found = await members(`?q=${encodeURIComponent(part)}&limit=100`);
    expect(found.items.map((i: { id: number }) => i.id)).toEqual(byName.filter((r) => r.name.includes(part)).slice(0, 100).map((r) => r.id));
    const chosen = [byName.at(-1)!.id, byName[0]!.id];
    expect((await members(`?ids=${chosen.join(',')}&limit=1`)).items.map((i: { id: number }) => i.id)).toEqual([byName[0]!.id, byName.at(-1)!.id]);
    expect((await members('?ids=2147483647')).items).toEqual([]);
    expect((await t.call('GET', '/api/chain/members?ids=1,x', { cookie: secretary })).statusCode).toBe(400);
    const district = (await join().select('e.district_code').orderBy('e.id').executeTakeFirstOrThrow()).district_code;
    const inDistrict = (await join().where('e.district_code', '=', district).orderBy('e.headcount', 'desc').orderBy('e.id', 'desc').execute()).map((r) => r.id);
    expect(await ids(`/api/enterprises?districtCode=${district}&sort=headcount&order=desc`)).toEqual(inDistrict);
  });

  it('the migration backfills the same keys (down, then up again)', async () => {
    await m0024.down(t.handle.db);
    await m0024.up(t.handle.db);
    const { keys, truth, n } = await keysAndTruth();
    expect(n).toBeGreaterThan(10);
    expect(keys).toEqual(truth);
  });
});
