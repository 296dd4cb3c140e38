/**
 * The alliance's policy library (政策库): a policy issued by a department, its dates, summary and
 * text, its benefit (kind; an amount in fen or a formula in words) and its structured
 * eligibility rules (JSON, see modules/policies/policies.eligibility.ts).
 *
 * Depends on 0001 (alliances, users) and 0009 (departments). Frozen once shipped.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('policies')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('full_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('benefit_kind', 'text', (c) => c.notNull())
    .addColumn('benefit_amount_fen', t.bigint)
    .addColumn('benefit_formula', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('rules_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('policies_alliance_idx').on('policies').columns(['alliance_id', 'issued_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('policies').execute();
}
