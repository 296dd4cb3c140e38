/**
 * City scale (issues 10 and 16): every member list reads each member's latest report, and at
 * 107,500 firms / 1.4 M reports finding it per row (a correlated max() per member, and on
 * PostgreSQL a hash over every report) made sorting members by output take over a second.
 *
 * - `latest_reports`: a copy of each enterprise's latest report (the row of the greatest
 *   `report_date`; same columns, `id` is the report's id), so lists join one row per member.
 *   Kept by triggers on `resumption_reports` in the writing transaction, whoever writes (the
 *   daily report, the seed, a test fixture): an insert replaces the copy when its date is not
 *   older; an update or delete recomputes the enterprise's copy from its reports. No foreign
 *   keys: a cascade deleting an enterprise's reports passes through intermediate states.
 * - Indexes for the lists' filters: the copy by date and stage (today's stage filter; the
 *   greatest date tells whether the copy answers "latest on or before D").
 * - Statistics: ANALYZE once, so the planner knows the tables' sizes (a bulk-loaded SQLite file
 *   had none; SQLite keeps them fresh with `PRAGMA optimize` on open).
 *
 * Frozen once shipped: never import application code here.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from '../column-types';

const COLUMNS = [
  'id', 'enterprise_id', 'report_date', 'output_pct', 'capacity_pct', 'staff_on_duty', 'staff_total', 'stage', 'blockers_json',
  'material_cover_days', 'prevention_cover_days', 'submitted_by', 'created_at', 'updated_at', 'version',
  // 0014 (shared employees): staff away, lent out and borrowed in.
  'staff_away', 'staff_lent_out', 'staff_borrowed_in',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  const pg = t.dialect === 'postgres';
  await db.schema
    .createTable('latest_reports')
    .addColumn('enterprise_id', 'integer', (c) => c.primaryKey())
    .addColumn('id', 'integer', (c) => c.notNull())
    .addColumn('report_date', 'text', (c) => c.notNull())
    .addColumn('output_pct', 'integer', (c) => c.notNull())
    .addColumn('capacity_pct', 'integer', (c) => c.notNull())
    .addColumn('staff_on_duty', 'integer', (c) => c.notNull())
    .addColumn('staff_total', 'integer', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('blockers_json', 'text', (c) => c.notNull())
    .addColumn('material_cover_days', t.double)
    .addColumn('prevention_cover_days', t.double)
    .addColumn('submitted_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('staff_away', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('staff_lent_out', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('staff_borrowed_in', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  const cols = sql.raw(COLUMNS.join(', '));
  await sql`insert into latest_reports (${cols})
    select ${cols} from resumption_reports r
    where not exists (select 1 from resumption_reports r2 where r2.enterprise_id = r.enterprise_id and r2.report_date > r.report_date)`.execute(db);
  await db.schema.createIndex('latest_reports_date_stage_idx').on('latest_reports').columns(['report_date', 'stage']).execute();

  const rowOf = (rec: string) => sql.raw(COLUMNS.map((c) => `${rec}.${c}`).join(', '));
  const set = sql.raw(COLUMNS.filter((c) => c !== 'enterprise_id').map((c) => `${c} = excluded.${c}`).join(', '));
  const recompute = (rec: string) => sql`
    delete from latest_reports where enterprise_id = ${sql.raw(rec)}.enterprise_id;
    insert into latest_reports (${cols})
      select ${cols} from resumption_reports where enterprise_id = ${sql.raw(rec)}.enterprise_id order by report_date desc limit 1;`;
  if (pg) {
    await sql`CREATE FUNCTION latest_reports_keep() RETURNS trigger AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          insert into latest_reports (${cols}) values (${rowOf('NEW')})
            on conflict (enterprise_id) do update set ${set} where excluded.report_date >= latest_reports.report_date;
          RETURN NULL;
        END IF;
        ${recompute('OLD')}
        IF TG_OP = 'UPDATE' AND NEW.enterprise_id <> OLD.enterprise_id THEN
          ${recompute('NEW')}
        END IF;
        RETURN NULL;
      END; $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER latest_reports_keep AFTER INSERT OR UPDATE OR DELETE ON resumption_reports FOR EACH ROW EXECUTE FUNCTION latest_reports_keep()`.execute(db);
    await sql`ANALYZE`.execute(db);
  } else {
    await sql`CREATE TRIGGER latest_reports_insert AFTER INSERT ON resumption_reports BEGIN
      insert into latest_reports (${cols}) values (${rowOf('NEW')})
        on conflict (enterprise_id) do update set ${set} where excluded.report_date >= latest_reports.report_date;
      END`.execute(db);
    await sql`CREATE TRIGGER latest_reports_update AFTER UPDATE ON resumption_reports BEGIN
      ${recompute('OLD')}
      ${recompute('NEW')}
      END`.execute(db);
    await sql`CREATE TRIGGER latest_reports_delete AFTER DELETE ON resumption_reports BEGIN
      ${recompute('OLD')}
      END`.execute(db);
    await sql`ANALYZE`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (columnTypes(db).dialect === 'postgres') {
    await sql`DROP TRIGGER latest_reports_keep ON resumption_reports`.execute(db);
    await sql`DROP FUNCTION latest_reports_keep()`.execute(db);
  } else {
    for (const name of ['latest_reports_insert', 'latest_reports_update', 'latest_reports_delete']) await sql`DROP TRIGGER ${sql.raw(name)}`.execute(db);
  }
  await db.schema.dropTable('latest_reports').execute();
}
