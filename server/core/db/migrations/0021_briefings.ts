/**
 * Briefings (日报 / 周报) generated on the schedule: one row per alliance (null: the city),
 * period and last day, naming its .xlsx and PDF in the file store (owner type `briefing`). The
 * unique key makes the schedule idempotent across restarts and several server processes.
 *
 * Depends on 0001 and 0009 (files). Frozen once shipped.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('briefings')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.references('alliances.id').onDelete('cascade'))
    /** `alliance:<id>` or `city`: unique with period and date (a null alliance would not be). */
    .addColumn('scope_key', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('from_date', 'text', (c) => c.notNull())
    .addColumn('to_date', 'text', (c) => c.notNull())
    .addColumn('xlsx_file_id', 'integer', (c) => c.references('files.id'))
    .addColumn('pdf_file_id', 'integer', (c) => c.references('files.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('briefings_scope_period_date', ['scope_key', 'period', 'to_date'])
    .execute();
  await db.schema.createIndex('briefings_alliance_idx').on('briefings').columns(['alliance_id', 'to_date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('briefings').execute();
}
