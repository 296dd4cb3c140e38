/**
 * City scale (issues 10 and 16): the overview's day-by-day figures (`GET /api/reports/trend`)
 * summed every report of the window over the alliance's members — 840,000 rows for an alliance
 * of 60,000 members and 14 days, seconds per request. `daily_figures` keeps, per alliance and
 * report date, the sums the trend is made of, over exactly the rows the trend's definition
 * reads: the reports of the alliance's current members on or after the membership's
 * `reports_from`, each weighted by its enterprise's current headcount (at least 1).
 *
 * What changes a sum, and the trigger that follows it in the writing transaction:
 * - a report filed, edited (any column) or deleted: its contribution to every alliance that
 *   sees it is taken away (old row) and added (new row);
 * - a membership created, ended, or its `reports_from` (or keys) changed: all the firm's visible
 *   reports, per date, are taken away from / added to that alliance;
 * - an enterprise's headcount changed: its reports are re-weighted in each of its alliances;
 * - an enterprise deleted: its memberships are ended first (BEFORE DELETE), while its headcount
 *   is still readable; the cascade on its reports then finds no membership.
 * The number of members is not kept here: it is counted live (one indexed count).
 * Rows whose report count drops to 0 are removed, so the table equals a recomputation.
 *
 * Blockers are counted with the pattern the latest-status filter uses; the categories are those
 * of this migration's date (a new category needs a new migration adding its column).
 *
 * Frozen once shipped: never import application code here.
 */
import type { Kysely, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from '../column-types';

const BLOCKERS = ['raw_material', 'logistics', 'labour', 'equipment', 'funds', 'orders', 'prevention_supplies', 'policy'] as const;
const SUMS = [
  'reported', 'stopped', 'partial', 'full', 'weight', 'weighted_output', 'weighted_capacity', 'staff_on_duty', 'staff_total',
  'staff_away', 'staff_lent_out', 'staff_borrowed_in',
  ...BLOCKERS.map((b) => `b_${b}`),
] as const;

/**
 * The summed columns over report rows `r` (a table alias or NEW/OLD), weight `w` (an expression
 * of the headcount), times `sign`.
 */
function sums(r: string, headcount: string, sign: 1 | -1): RawBuilder<unknown> {
  const w = `(case when ${headcount} > 1 then ${headcount} else 1 end)`;
  const s = (e: string) => `${sign} * sum(${e})`;
  const when = (cond: string) => s(`case when ${cond} then 1 else 0 end`);
  return sql.raw([
    s('1'),
    when(`${r}.stage = 'stopped'`),
    when(`${r}.stage = 'partial'`),
    when(`${r}.stage = 'full'`),
    s(w),
    s(`${w} * ${r}.output_pct`),
    s(`${w} * ${r}.capacity_pct`),
    s(`${r}.staff_on_duty`),
    s(`${r}.staff_total`),
    s(`coalesce(${r}.staff_away, 0)`),
    s(`coalesce(${r}.staff_lent_out, 0)`),
    s(`coalesce(${r}.staff_borrowed_in, 0)`),
    ...BLOCKERS.map((b) => when(`${r}.blockers_json like '%"category":"${b}"%'`)),
  ].join(', '));
}

// Quoted: `full` is a reserved word in PostgreSQL.
const q = (c: string) => `"${c}"`;
const cols = sql.raw(['alliance_id', 'report_date', ...SUMS].map(q).join(', '));
const merge = sql.raw(SUMS.map((c) => `${q(c)} = daily_figures.${q(c)} + excluded.${q(c)}`).join(', '));
const upsert = (select: RawBuilder<unknown>) => sql`insert into daily_figures (${cols}) ${select} on conflict (alliance_id, report_date) do update set ${merge};`;

/** One report row `rec` (NEW/OLD) added to or taken from every alliance that sees it. */
const reportRow = (rec: string, sign: 1 | -1) => upsert(sql`
  select am.alliance_id, ${sql.raw(rec)}.report_date, ${sums(rec, 'e.headcount', sign)}
  from alliance_members am join enterprises e on e.id = am.enterprise_id
  where am.enterprise_id = ${sql.raw(rec)}.enterprise_id and ${sql.raw(rec)}.report_date >= am.reports_from
  group by am.alliance_id`);

/** A membership `rec` (NEW/OLD): all the firm's visible reports added to or taken from its alliance. */
const membership = (rec: string, sign: 1 | -1) => upsert(sql`
  select ${sql.raw(rec)}.alliance_id, r.report_date, ${sums('r', 'e.headcount', sign)}
  from resumption_reports r join enterprises e on e.id = r.enterprise_id
  where r.enterprise_id = ${sql.raw(rec)}.enterprise_id and r.report_date >= ${sql.raw(rec)}.reports_from
  group by r.report_date`);

/** An enterprise's reports in each of its alliances, weighted by the headcount of `rec` (NEW/OLD). */
const reweigh = (rec: string, sign: 1 | -1) => upsert(sql`
  select am.alliance_id, r.report_date, ${sums('r', `${rec}.headcount`, sign)}
  from alliance_members am join resumption_reports r on r.enterprise_id = am.enterprise_id
  where am.enterprise_id = ${sql.raw(rec)}.id and r.report_date >= am.reports_from
  group by am.alliance_id, r.report_date`);

/**
 * PostgreSQL: statement-level triggers over transition tables, one upsert per alliance and date
 * per statement (row-level upserts of the same few rows in one transaction — a bulk insert of
 * reports — leave long version chains behind and grow quadratically).
 */
const reportSet = (rows: string, sign: 1 | -1) => upsert(sql`
  select am.alliance_id, r.report_date, ${sums('r', 'e.headcount', sign)}
  from ${sql.raw(rows)} r
  join alliance_members am on am.enterprise_id = r.enterprise_id and r.report_date >= am.reports_from
  join enterprises e on e.id = r.enterprise_id
  where true
  group by am.alliance_id, r.report_date`);
/** Memberships in `a` but not in `b` (multisets of keys and `reports_from`; all of `a` without `b`): their firms' visible reports. */
const membershipSet = (a: string, b: string | null, sign: 1 | -1) => upsert(sql`
  select m.alliance_id, r.report_date, ${sums('r', 'e.headcount', sign)}
  from (select alliance_id, enterprise_id, reports_from from ${sql.raw(a)}${b ? sql` except all select alliance_id, enterprise_id, reports_from from ${sql.raw(b)}` : sql``}) m
  join resumption_reports r on r.enterprise_id = m.enterprise_id and r.report_date >= m.reports_from
  join enterprises e on e.id = r.enterprise_id
  where true
  group by m.alliance_id, r.report_date`);
/** Enterprises whose headcount in `a` is not in `b`: their reports weighted by `a`'s headcount. */
const headcountSet = (a: string, b: string, sign: 1 | -1) => upsert(sql`
  select am.alliance_id, r.report_date, ${sums('r', 'h.headcount', sign)}
  from (select id, headcount from ${sql.raw(a)} except all select id, headcount from ${sql.raw(b)}) h
  join alliance_members am on am.enterprise_id = h.id
  join resumption_reports r on r.enterprise_id = h.id and r.report_date >= am.reports_from
  where true
  group by am.alliance_id, r.report_date`);

const prune = (alliance?: string) =>
  sql`delete from daily_figures where reported = 0${alliance ? sql` and alliance_id = ${sql.raw(alliance)}.alliance_id` : sql``};`;

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  const pg = t.dialect === 'postgres';
  let table = db.schema.createTable('daily_figures').addColumn('alliance_id', 'integer', (c) => c.notNull()).addColumn('report_date', 'text', (c) => c.notNull());
  // Weighted sums exceed 32 bits (60,000 members × headcount × 100 %).
  for (const c of SUMS) table = table.addColumn(c, t.bigint, (x) => x.notNull().defaultTo(0));
  await table.addPrimaryKeyConstraint('daily_figures_pk', ['alliance_id', 'report_date']).execute();
  await sql`insert into daily_figures (${cols})
    select am.alliance_id, r.report_date, ${sums('r', 'e.headcount', 1)}
    from resumption_reports r
    join alliance_members am on am.enterprise_id = r.enterprise_id and r.report_date >= am.reports_from
    join enterprises e on e.id = r.enterprise_id
    group by am.alliance_id, r.report_date`.execute(db);

  if (pg) {
    await sql`CREATE FUNCTION daily_figures_report() RETURNS trigger AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN ${reportSet('old_rows', -1)} END IF;
        IF TG_OP <> 'DELETE' THEN ${reportSet('new_rows', 1)} END IF;
        IF TG_OP <> 'INSERT' THEN ${prune()} END IF;
        RETURN NULL;
      END; $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE FUNCTION daily_figures_membership() RETURNS trigger AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN ${membershipSet('new_rows', null, 1)} END IF;
        IF TG_OP = 'DELETE' THEN ${membershipSet('old_rows', null, -1)} ${prune()} END IF;
        IF TG_OP = 'UPDATE' THEN ${membershipSet('old_rows', 'new_rows', -1)} ${membershipSet('new_rows', 'old_rows', 1)} ${prune()} END IF;
        RETURN NULL;
      END; $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE FUNCTION daily_figures_headcount() RETURNS trigger AS $$
      BEGIN
        ${headcountSet('old_rows', 'new_rows', -1)}
        ${headcountSet('new_rows', 'old_rows', 1)}
        RETURN NULL;
      END; $$ LANGUAGE plpgsql`.execute(db);
    for (const [table, fn, kinds] of [
      ['resumption_reports', 'daily_figures_report', ['insert', 'update', 'delete']],
      ['alliance_members', 'daily_figures_membership', ['insert', 'update', 'delete']],
      ['enterprises', 'daily_figures_headcount', ['update']],
    ] as const) {
      for (const kind of kinds) {
        const referencing = kind === 'insert' ? 'NEW TABLE AS new_rows' : kind === 'delete' ? 'OLD TABLE AS old_rows' : 'OLD TABLE AS old_rows NEW TABLE AS new_rows';
        await sql`CREATE TRIGGER ${sql.raw(`${fn}_${kind}`)} AFTER ${sql.raw(kind.toUpperCase())} ON ${sql.raw(table)} REFERENCING ${sql.raw(referencing)} FOR EACH STATEMENT EXECUTE FUNCTION ${sql.raw(fn)}()`.execute(db);
      }
    }
    await sql`CREATE FUNCTION daily_figures_enterprise_gone() RETURNS trigger AS $$
      BEGIN
        delete from alliance_members where enterprise_id = OLD.id;
        RETURN OLD;
      END; $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER daily_figures_enterprise_gone BEFORE DELETE ON enterprises FOR EACH ROW EXECUTE FUNCTION daily_figures_enterprise_gone()`.execute(db);
    await sql`ANALYZE daily_figures`.execute(db);
  } else {
    await sql`CREATE TRIGGER daily_figures_report_insert AFTER INSERT ON resumption_reports BEGIN
      ${reportRow('NEW', 1)}
      END`.execute(db);
    await sql`CREATE TRIGGER daily_figures_report_update AFTER UPDATE ON resumption_reports BEGIN
      ${reportRow('OLD', -1)}
      ${reportRow('NEW', 1)}
      delete from daily_figures where reported = 0 and report_date = OLD.report_date;
      END`.execute(db);
    await sql`CREATE TRIGGER daily_figures_report_delete AFTER DELETE ON resumption_reports BEGIN
      ${reportRow('OLD', -1)}
      delete from daily_figures where reported = 0 and report_date = OLD.report_date;
      END`.execute(db);
    await sql`CREATE TRIGGER daily_figures_membership_insert AFTER INSERT ON alliance_members BEGIN
      ${membership('NEW', 1)}
      END`.execute(db);
    await sql`CREATE TRIGGER daily_figures_membership_update AFTER UPDATE OF alliance_id, enterprise_id, reports_from ON alliance_members BEGIN
      ${membership('OLD', -1)}
      ${membership('NEW', 1)}
      ${prune('OLD')}
      END`.execute(db);
    await sql`CREATE TRIGGER daily_figures_membership_delete AFTER DELETE ON alliance_members BEGIN
      ${membership('OLD', -1)}
      ${prune('OLD')}
      END`.execute(db);
    await sql`CREATE TRIGGER daily_figures_headcount AFTER UPDATE OF headcount ON enterprises WHEN OLD.headcount IS NOT NEW.headcount BEGIN
      ${reweigh('OLD', -1)}
      ${reweigh('NEW', 1)}
      END`.execute(db);
    await sql`CREATE TRIGGER daily_figures_enterprise_gone BEFORE DELETE ON enterprises BEGIN
      delete from alliance_members where enterprise_id = OLD.id;
      END`.execute(db);
    await sql`ANALYZE daily_figures`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (columnTypes(db).dialect === 'postgres') {
    for (const kind of ['insert', 'update', 'delete']) {
      await sql`DROP TRIGGER ${sql.raw(`daily_figures_report_${kind}`)} ON resumption_reports`.execute(db);
      await sql`DROP TRIGGER ${sql.raw(`daily_figures_membership_${kind}`)} ON alliance_members`.execute(db);
    }
    await sql`DROP TRIGGER daily_figures_headcount_update ON enterprises`.execute(db);
    await sql`DROP TRIGGER daily_figures_enterprise_gone ON enterprises`.execute(db);
    for (const fn of ['daily_figures_report', 'daily_figures_membership', 'daily_figures_headcount', 'daily_figures_enterprise_gone']) await sql`DROP FUNCTION ${sql.raw(fn)}()`.execute(db);
  } else {
    for (const name of [
      'daily_figures_report_insert', 'daily_figures_report_update', 'daily_figures_report_delete',
      'daily_figures_membership_insert', 'daily_figures_membership_update', 'daily_figures_membership_delete',
      'daily_figures_headcount', 'daily_figures_enterprise_gone',
    ]) await sql`DROP TRIGGER ${sql.raw(name)}`.execute(db);
  }
  await db.schema.dropTable('daily_figures').execute();
}
