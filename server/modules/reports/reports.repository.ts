/** Queries of daily resumption reports. */
import { sql, type SqlBool } from 'kysely';
import { readOffLoop, type Executor } from '../../core/db/database';
import type { NewResumptionReport, ResumptionReportRow } from '../../core/db/schema';
import { isLatestReport, latestCopyServes, latestSource, reportVisible } from '../enterprises/enterprises.repository';
import { BLOCKER_CATEGORIES } from './reports.schema';

/** The report `r` (a table alias) lists a blocker of `category` in its blockers JSON. */
export const listsBlocker = (r: string, category: string) => sql<SqlBool>`${sql.ref(`${r}.blockers_json`)} like ${`%"category":"${category}"%`}`;

export function findReport(db: Executor, enterpriseId: number, date: string) {
  return db.selectFrom('resumption_reports').selectAll().where('enterprise_id', '=', enterpriseId).where('report_date', '=', date).executeTakeFirst();
}

export async function insertReport(db: Executor, row: NewResumptionReport): Promise<number> {
  const r = await db.insertInto('resumption_reports').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateReport(db: Executor, id: number, version: number, changes: Omit<Partial<NewResumptionReport>, 'version'>): Promise<boolean> {
  const r = await db
    .updateTable('resumption_reports')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertRevision(db: Executor, row: ResumptionReportRow, changedBy: number | null, at: string) {
  await db
    .insertInto('resumption_report_history')
    .values({ report_id: row.id, version: row.version, snapshot_json: JSON.stringify(row), changed_by: changedBy, changed_at: at })
    .execute();
}

export function listRevisions(db: Executor, reportId: number) {
  return db.selectFrom('resumption_report_history').selectAll().where('report_id', '=', reportId).orderBy('version', 'desc').execute();
}

export function listReports(db: Executor, enterpriseId: number, from: string, to: string) {
  return db
    .selectFrom('resumption_reports')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('report_date', '>=', from)
    .where('report_date', '<=', to)
    .orderBy('report_date', 'asc')
    .execute();
}

export interface MemberFilter {
  allianceId: number;
  date: string;
  onlyIds?: readonly number[];
  q?: string;
  /** Read the latest reports from the `latest_reports` copy (`latestCopyServes`). */
  latestCopy?: boolean;
}

/**
 * Alliance members with the latest report on or before `date` (null when none). `keysOnly`:
 * without the commissioner (paging the ids: the sort carries narrow rows, however deep the page).
 */
function membersWithLatest(db: Executor, f: MemberFilter, keysOnly = false) {
  const members = db.selectFrom('alliance_members as am').innerJoin('enterprises as e', 'e.id', 'am.enterprise_id');
  const withCommissioner = members
    .leftJoin('commissioner_assignments as ca', (j) => j.onRef('ca.enterprise_id', '=', 'e.id').on('ca.alliance_id', '=', f.allianceId))
    .leftJoin('users as cu', 'cu.id', 'ca.user_id');
  // Typed as the full join: callers of `keysOnly` read only `e`, `am` and `r` columns.
  const base = (keysOnly ? members : withCommissioner) as typeof withCommissioner;
  let q = base
    .leftJoin(latestSource(f.latestCopy), (j) =>
      j.onRef('r.enterprise_id', '=', 'e.id').on(isLatestReport(f.latestCopy, f.date)),
    )
    .where('am.alliance_id', '=', f.allianceId);
  if (f.onlyIds) q = f.onlyIds.length ? q.where('e.id', 'in', [...f.onlyIds]) : q.where(sql<boolean>`1 = 0`);
  // Backslash escapes % and _ (SQLite has no default LIKE escape character).
  if (f.q) q = q.where(sql<boolean>`${sql.ref('e.name')} like ${`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`);
  return q;
}

export async function latestStatus(
  db: Executor,
  f: MemberFilter & { stage?: 'stopped' | 'partial' | 'full' | 'none'; blocker?: string },
  page: { offset: number; limit: number },
) {
  f = { ...f, latestCopy: await latestCopyServes(db, f.date) };
  const filtered = (keysOnly: boolean) => {
    let q = membersWithLatest(db, f, keysOnly);
    if (f.stage === 'none') q = q.where((eb) => eb.or([eb('r.report_date', 'is', null), eb('r.report_date', '!=', f.date)]));
    else if (f.stage) q = q.where('r.report_date', '=', f.date).where('r.stage', '=', f.stage);
    if (f.blocker) q = q.where(listsBlocker('r', f.blocker));
    return q;
  };
  let ids: number[];
  let total: { n: number } | undefined;
  if (f.latestCopy) {
    // From the keys (migration 0024): a range of the per-alliance name index, or of today's stage.
    let k = keyed(db, f);
    if (f.stage === 'none') k = k.where((eb) => eb.or([eb('k.report_date', 'is', null), eb('k.report_date', '!=', f.date)]));
    else if (f.stage) k = k.where('k.report_date', '=', f.date).where('k.stage', '=', f.stage);
    if (f.blocker) {
      const bit = MASKED_BLOCKERS.indexOf(f.blocker as (typeof MASKED_BLOCKERS)[number]);
      k = bit < 0 ? k.where(listsBlocker('k', f.blocker)) : k.where(sql<boolean>`(${sql.ref('k.blocker_mask')} & ${sql.lit(1 << bit)}) <> 0`);
    }
    ids = (await readOffLoop(db, k.select('k.enterprise_id as id').orderBy('k.name').orderBy('k.enterprise_id').offset(page.offset).limit(page.limit))).map((r) => r.id);
    [total] = await readOffLoop(db, k.select((eb) => eb.fn.countAll<number>().as('n')));
  } else {
    // The page's ids first (narrow rows sorted), then their rows in that order.
    const q = filtered(true);
    ids = (await readOffLoop(db, q.select('e.id').orderBy('e.name').orderBy('e.id').offset(page.offset).limit(page.limit))).map((r) => r.id);
    // Without a filter on the report, the count needs only the members (no join per row).
    [total] = await readOffLoop(db, (f.stage || f.blocker ? q : membersOnly(db, f)).select((eb) => eb.fn.countAll<number>().as('n')));
  }
  const items = await readOffLoop(db, membersWithLatest(db, f)
    .where('e.id', 'in', ids.length ? ids : [0])
    .select(['e.id as enterprise_id', 'e.name', 'e.district_code', 'e.headcount', 'cu.display_name as commissioner'])
    .select([
      'r.id', 'r.report_date', 'r.output_pct', 'r.capacity_pct', 'r.staff_on_duty', 'r.staff_total', 'r.staff_away', 'r.staff_lent_out', 'r.staff_borrowed_in', 'r.stage', 'r.blockers_json',
      'r.material_cover_days', 'r.prevention_cover_days', 'r.submitted_by', 'r.created_at', 'r.updated_at', 'r.version',
    ])
    .orderBy('e.name')
    .orderBy('e.id'));
  return { items, total: Number(total!.n) };
}

/** The blocker categories `member_keys.blocker_mask` holds, bit i for the i-th (migration 0024; a later category is matched in the JSON). */
const MASKED_BLOCKERS = ['raw_material', 'logistics', 'labour', 'equipment', 'funds', 'orders', 'prevention_supplies', 'policy'] as const;

/**
 * The alliance's members from `member_keys` (migration 0024: the firm's name and the visible
 * latest report per membership, kept by triggers), when the `latest_reports` copy serves: the
 * lists' name order is a range of a per-alliance index.
 */
function keyed(db: Executor, f: MemberFilter) {
  let q = db.selectFrom('member_keys as k').where('k.alliance_id', '=', f.allianceId);
  if (f.onlyIds) q = f.onlyIds.length ? q.where('k.enterprise_id', 'in', [...f.onlyIds]) : q.where(sql<boolean>`1 = 0`);
  if (f.q) q = q.where(sql<boolean>`${sql.ref('k.name')} like ${`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`);
  return q;
}

/** The members `membersWithLatest` lists, without their reports and commissioners (for counting). */
function membersOnly(db: Executor, f: MemberFilter) {
  let q = db.selectFrom('alliance_members as am').innerJoin('enterprises as e', 'e.id', 'am.enterprise_id').where('am.alliance_id', '=', f.allianceId);
  if (f.onlyIds) q = f.onlyIds.length ? q.where('e.id', 'in', [...f.onlyIds]) : q.where(sql<boolean>`1 = 0`);
  if (f.q) q = q.where(sql<boolean>`${sql.ref('e.name')} like ${`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`);
  return q;
}

export async function missingReports(db: Executor, f: MemberFilter, page: { offset: number; limit: number }) {
  f = { ...f, latestCopy: await latestCopyServes(db, f.date) };
  const missing = (keysOnly: boolean) => membersWithLatest(db, f, keysOnly).where((eb) => eb.or([eb('r.report_date', 'is', null), eb('r.report_date', '!=', f.date)]));
  let ids: number[];
  let total: { n: number } | undefined;
  if (f.latestCopy) {
    // From the keys (migration 0024): the per-alliance name index alone, however deep the page.
    const k = keyed(db, f).where((eb) => eb.or([eb('k.report_date', 'is', null), eb('k.report_date', '!=', f.date)]));
    ids = (await readOffLoop(db, k.select('k.enterprise_id as id').orderBy('k.name').orderBy('k.enterprise_id').offset(page.offset).limit(page.limit))).map((r) => r.id);
    [total] = await readOffLoop(db, k.select((eb) => eb.fn.countAll<number>().as('n')));
  } else {
    // The page's ids first (narrow rows sorted), then their rows in that order.
    const q = missing(true);
    ids = (await readOffLoop(db, q.select('e.id').orderBy('e.name').orderBy('e.id').offset(page.offset).limit(page.limit))).map((r) => r.id);
    [total] = await readOffLoop(db, q.select((eb) => eb.fn.countAll<number>().as('n')));
  }
  const items = await readOffLoop(db, membersWithLatest(db, f)
    .where('e.id', 'in', ids.length ? ids : [0])
    .select(['e.id as enterprise_id', 'e.name', 'cu.display_name as commissioner', 'r.report_date as last_report_date'])
    .orderBy('e.name')
    .orderBy('e.id'));
  return { items, total: Number(total!.n) };
}

export async function countMembers(db: Executor, allianceId: number, onlyIds?: readonly number[]): Promise<number> {
  let q = db.selectFrom('alliance_members').select((eb) => eb.fn.countAll<number>().as('n')).where('alliance_id', '=', allianceId);
  if (onlyIds) q = onlyIds.length ? q.where('enterprise_id', 'in', [...onlyIds]) : q.where(sql<boolean>`1 = 0`);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/**
 * Day-by-day sums over the alliance's members' reports in [from, to], grouped in SQL: one row per
 * day with reports, whatever the alliance's size (grouping 800k rows in JavaScript blocked the
 * server for minutes). Weights are the member's headcount, at least 1. Blockers are counted with
 * the same JSON pattern the latest-status filter uses (a category occurs at most once per report;
 * a quote inside a note is escaped, so a note cannot fake the pattern).
 */
export function dailySums(db: Executor, allianceId: number, from: string, to: string, onlyIds?: readonly number[]) {
  let q = db
    .selectFrom('resumption_reports as r')
    .innerJoin('alliance_members as am', (j) => j.onRef('am.enterprise_id', '=', 'r.enterprise_id').on('am.alliance_id', '=', allianceId))
    .innerJoin('enterprises as e', 'e.id', 'r.enterprise_id')
    .where('r.report_date', '>=', from)
    .where('r.report_date', '<=', to)
    .where(reportVisible())
    .groupBy('r.report_date')
    .select('r.report_date')
    .select((eb) => {
      const weight = sql<number>`(case when ${sql.ref('e.headcount')} > 1 then ${sql.ref('e.headcount')} else 1 end)`;
      const countIf = (cond: ReturnType<typeof sql<SqlBool>>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;
      return [
        eb.fn.countAll<number>().as('reported'),
        countIf(sql<boolean>`${sql.ref('r.stage')} = 'stopped'`).as('stopped'),
        countIf(sql<boolean>`${sql.ref('r.stage')} = 'partial'`).as('partial'),
        countIf(sql<boolean>`${sql.ref('r.stage')} = 'full'`).as('full'),
        sql<number>`sum(${weight})`.as('weight'),
        sql<number>`sum(${weight} * ${sql.ref('r.output_pct')})`.as('weighted_output'),
        sql<number>`sum(${weight} * ${sql.ref('r.capacity_pct')})`.as('weighted_capacity'),
        sql<number>`sum(${sql.ref('r.staff_on_duty')})`.as('staff_on_duty'),
        sql<number>`sum(${sql.ref('r.staff_total')})`.as('staff_total'),
        sql<number>`sum(${sql.ref('r.staff_away')})`.as('staff_away'),
        sql<number>`sum(${sql.ref('r.staff_lent_out')})`.as('staff_lent_out'),
        sql<number>`sum(${sql.ref('r.staff_borrowed_in')})`.as('staff_borrowed_in'),
        ...BLOCKER_CATEGORIES.map((c) => countIf(listsBlocker('r', c)).as(`b_${c}`)),
      ];
    });
  if (onlyIds) q = onlyIds.length ? q.where('r.enterprise_id', 'in', [...onlyIds]) : q.where(sql<boolean>`1 = 0`);
  return q;
}

/**
 * The same day-by-day sums as `dailySums` for the whole alliance, read from `daily_figures`
 * (kept by triggers, migration 0023): at most one row per day, whatever the alliance's size.
 */
export function dailyFigures(db: Executor, allianceId: number, from: string, to: string) {
  return db
    .selectFrom('daily_figures')
    .select([
      'report_date', 'reported', 'stopped', 'partial', 'full', 'weight', 'weighted_output', 'weighted_capacity', 'staff_on_duty', 'staff_total',
      'staff_away', 'staff_lent_out', 'staff_borrowed_in',
      ...BLOCKER_CATEGORIES.map((c) => `b_${c}` as const),
    ])
    .where('alliance_id', '=', allianceId)
    .where('report_date', '>=', from)
    .where('report_date', '<=', to)
    .orderBy('report_date')
    .execute();
}

/** The reports of the given enterprises on the given dates (one query for a page of rows). */
export function reportsOn(db: Executor, enterpriseIds: number[], dates: string[]) {
  if (!enterpriseIds.length || !dates.length) return Promise.resolve([]);
  return db.selectFrom('resumption_reports').selectAll().where('enterprise_id', 'in', enterpriseIds).where('report_date', 'in', [...new Set(dates)]).execute();
}
