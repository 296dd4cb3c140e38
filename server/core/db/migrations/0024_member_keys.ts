/**
 * City-scale member lists (issues 10 and 16): at `--scale 500` the largest alliance has 60,000
 * members, and every page of `/enterprises`, `/reports/latest` and `/reports/missing` joined each
 * member to its firm and latest report and sorted them all (0.3–4.7 s per request).
 *
 * `member_keys`: one row per membership with what the lists sort and filter on — the firm's name,
 * credit code, headcount, district, industry and creation time, and the membership's latest
 * visible report (date, stage, output, blockers and their categories as bits; null when the firm has no report on or after the
 * membership's `reports_from`, exactly as the lists' join of `latest_reports` answers). With
 * per-alliance indexes `(alliance_id, key, enterprise_id)` a page is an index range and a count
 * an index scan, whatever the alliance's size.
 *
 * Kept by triggers in the writing transaction, whoever writes: a membership joining, changing
 * (`reports_from`) or leaving; a firm's name, credit code, headcount, district, industry or
 * creation time changing; and `latest_reports` (0019) changing — itself kept by triggers on the
 * reports. A separate table rather than columns on `alliance_members`, so the membership row
 * (read whole by the membership routes, watched by 0023's triggers) is untouched.
 *
 * Frozen once shipped: never import application code here.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from '../column-types';

const FIRM = ['name', 'credit_code', 'headcount', 'district_code', 'industry', 'created_at'] as const;
const REPORT = ['report_date', 'stage', 'output_pct', 'blockers_json'] as const;
const ALL = ['alliance_id', 'enterprise_id', 'reports_from', ...FIRM, ...REPORT, 'blocker_mask'] as const;
/**
 * The blocker categories as bits of `blocker_mask` (bit i: category i is listed, by the JSON
 * pattern the latest-status filter uses), so filtering by a blocker scans only the name index.
 */
const BLOCKERS = ['raw_material', 'logistics', 'labour', 'equipment', 'funds', 'orders', 'prevention_supplies', 'policy'] as const;
const maskOf = (json: string) => BLOCKERS.map((b, i) => `(case when ${json} like '%"category":"${b}"%' then ${1 << i} else 0 end)`).join(' + ');

const INDEXES: [string, string[]][] = [
  ['member_keys_enterprise_idx', ['enterprise_id']],
  // Name order; the latest date and the credit code ride along so the missing list, `stage=none`
  // and a search by name or credit code scan only the index.
  ['member_keys_name_idx', ['alliance_id', 'name', 'enterprise_id', 'report_date', 'credit_code', 'blocker_mask']],
  ['member_keys_headcount_idx', ['alliance_id', 'headcount', 'enterprise_id']],
  ['member_keys_created_idx', ['alliance_id', 'created_at', 'enterprise_id']],
  ['member_keys_district_idx', ['alliance_id', 'district_code', 'enterprise_id']],
  // An industry's members (count, and by headcount: the registry's "largest manufacturers").
  ['member_keys_industry_idx', ['alliance_id', 'industry', 'headcount', 'enterprise_id']],
  ['member_keys_output_idx', ['alliance_id', 'output_pct', 'enterprise_id']],
  // Today's stage (`report_date = today and stage = …`) in name and in output order.
  ['member_keys_stage_name_idx', ['alliance_id', 'report_date', 'stage', 'name', 'enterprise_id']],
  ['member_keys_stage_output_idx', ['alliance_id', 'report_date', 'stage', 'output_pct', 'enterprise_id']],
];

/**
 * Memberships' keys, from their firm and visible latest report: of the trigger record `m`
 * (NEW/OLD), or of every row of `alliance_members` (the backfill, `m` = 'am').
 */
const keysOf = (m: string) => sql`
  select ${sql.raw(`${m}.alliance_id, ${m}.enterprise_id, ${m}.reports_from`)}, ${sql.raw(FIRM.map((c) => `e.${c}`).join(', '))}, ${sql.raw(REPORT.map((c) => `lr.${c}`).join(', '))}, ${sql.raw(`case when lr.report_date is null then null else ${maskOf('lr.blockers_json')} end`)}
  from ${sql.raw(m === 'am' ? 'alliance_members am join enterprises e on e.id = am.enterprise_id' : 'enterprises e')}
  left join latest_reports lr on lr.enterprise_id = e.id and lr.report_date >= ${sql.raw(m)}.reports_from
  ${sql.raw(m === 'am' ? '' : `where e.id = ${m}.enterprise_id`)}`;

const cols = sql.raw(ALL.join(', '));
const insertKeys = (rec: string) => sql`insert into member_keys (${cols}) ${keysOf(rec)};`;
const deleteKeys = (rec: string) => sql`delete from member_keys where alliance_id = ${sql.raw(rec)}.alliance_id and enterprise_id = ${sql.raw(rec)}.enterprise_id;`;
const setFirm = (rec: string) => sql`update member_keys set ${sql.raw(FIRM.map((c) => `${c} = ${rec}.${c}`).join(', '))} where enterprise_id = ${sql.raw(rec)}.id;`;
const visible = (rec: string, value: string) => `case when ${rec}.report_date >= reports_from then ${value} end`;
const setReport = (rec: string) =>
  sql`update member_keys set ${sql.raw([...REPORT.map((c) => `${c} = ${visible(rec, `${rec}.${c}`)}`), `blocker_mask = ${visible(rec, maskOf(`${rec}.blockers_json`))}`].join(', '))} where enterprise_id = ${sql.raw(rec)}.enterprise_id;`;
const clearReport = (rec: string) => sql`update member_keys set ${sql.raw([...REPORT, 'blocker_mask'].map((c) => `${c} = null`).join(', '))} where enterprise_id = ${sql.raw(rec)}.enterprise_id;`;

export async function up(db: Kysely<any>): Promise<void> {
  const pg = columnTypes(db).dialect === 'postgres';
  await db.schema
    .createTable('member_keys')
    .addColumn('alliance_id', 'integer', (c) => c.notNull())
    .addColumn('enterprise_id', 'integer', (c) => c.notNull())
    .addColumn('reports_from', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('credit_code', 'text', (c) => c.notNull())
    .addColumn('headcount', 'integer', (c) => c.notNull())
    .addColumn('district_code', 'text', (c) => c.notNull())
    .addColumn('industry', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('report_date', 'text')
    .addColumn('stage', 'text')
    .addColumn('output_pct', 'integer')
    .addColumn('blockers_json', 'text')
    .addColumn('blocker_mask', 'integer')
    .addPrimaryKeyConstraint('member_keys_pk', ['alliance_id', 'enterprise_id'])
    .execute();
  await sql`insert into member_keys (${cols}) ${keysOf('am')}`.execute(db);
  for (const [name, columns] of INDEXES) await db.schema.createIndex(name).on('member_keys').columns(columns).execute();

  if (pg) {
    await sql`CREATE FUNCTION member_keys_membership() RETURNS trigger AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN ${deleteKeys('OLD')} END IF;
        IF TG_OP <> 'DELETE' THEN ${insertKeys('NEW')} END IF;
        RETURN NULL;
      END; $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER member_keys_membership AFTER INSERT OR DELETE OR UPDATE OF alliance_id, enterprise_id, reports_from ON alliance_members FOR EACH ROW EXECUTE FUNCTION member_keys_membership()`.execute(db);
    await sql`CREATE FUNCTION member_keys_firm() RETURNS trigger AS $$
      BEGIN
        ${setFirm('NEW')}
        RETURN NULL;
      END; $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER member_keys_firm AFTER UPDATE OF ${sql.raw(FIRM.join(', '))} ON enterprises FOR EACH ROW EXECUTE FUNCTION member_keys_firm()`.execute(db);
    await sql`CREATE FUNCTION member_keys_report() RETURNS trigger AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN ${clearReport('OLD')} RETURN NULL; END IF;
        IF TG_OP = 'UPDATE' AND OLD.enterprise_id <> NEW.enterprise_id THEN ${clearReport('OLD')} END IF;
        ${setReport('NEW')}
        RETURN NULL;
      END; $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER member_keys_report AFTER INSERT OR UPDATE OR DELETE ON latest_reports FOR EACH ROW EXECUTE FUNCTION member_keys_report()`.execute(db);
    await sql`ANALYZE member_keys`.execute(db);
  } else {
    await sql`CREATE TRIGGER member_keys_membership_insert AFTER INSERT ON alliance_members BEGIN
      ${insertKeys('NEW')}
      END`.execute(db);
    await sql`CREATE TRIGGER member_keys_membership_update AFTER UPDATE OF alliance_id, enterprise_id, reports_from ON alliance_members BEGIN
      ${deleteKeys('OLD')}
      ${insertKeys('NEW')}
      END`.execute(db);
    await sql`CREATE TRIGGER member_keys_membership_delete AFTER DELETE ON alliance_members BEGIN
      ${deleteKeys('OLD')}
      END`.execute(db);
    await sql`CREATE TRIGGER member_keys_firm AFTER UPDATE OF ${sql.raw(FIRM.join(', '))} ON enterprises BEGIN
      ${setFirm('NEW')}
      END`.execute(db);
    await sql`CREATE TRIGGER member_keys_report_insert AFTER INSERT ON latest_reports BEGIN
      ${setReport('NEW')}
      END`.execute(db);
    await sql`CREATE TRIGGER member_keys_report_update AFTER UPDATE ON latest_reports BEGIN
      ${clearReport('OLD')}
      ${setReport('NEW')}
      END`.execute(db);
    await sql`CREATE TRIGGER member_keys_report_delete AFTER DELETE ON latest_reports BEGIN
      ${clearReport('OLD')}
      END`.execute(db);
    await sql`ANALYZE member_keys`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (columnTypes(db).dialect === 'postgres') {
    await sql`DROP TRIGGER member_keys_membership ON alliance_members`.execute(db);
    await sql`DROP TRIGGER member_keys_firm ON enterprises`.execute(db);
    await sql`DROP TRIGGER member_keys_report ON latest_reports`.execute(db);
    for (const fn of ['member_keys_membership', 'member_keys_firm', 'member_keys_report']) await sql`DROP FUNCTION ${sql.raw(fn)}()`.execute(db);
  } else {
    for (const name of ['member_keys_membership_insert', 'member_keys_membership_update', 'member_keys_membership_delete', 'member_keys_firm', 'member_keys_report_insert', 'member_keys_report_update', 'member_keys_report_delete']) {
      await sql`DROP TRIGGER ${sql.raw(name)}`.execute(db);
    }
  }
  await db.schema.dropTable('member_keys').execute();
}
