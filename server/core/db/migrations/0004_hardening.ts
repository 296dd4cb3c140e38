/**
 * Hardening: dismissals of ticket proposals. A proposal (the same blocker two days running) is
 * computed from the daily reports, not stored; dismissing one records the enterprise, the
 * blocker category and the latest report date of the proposal it saw, so the proposal stays away
 * while that run of reports continues.
 *
 * Depends only on 0001 (alliances, enterprises, users); independent of 0005. Frozen once shipped.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('ticket_proposal_dismissals')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('category', 'text', (c) => c.notNull()) // a blocker category
    .addColumn('report_date', 'text', (c) => c.notNull()) // YYYY-MM-DD: the proposal's latest report
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('dismissed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('dismissed_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('ticket_proposal_dismissals_uq', ['alliance_id', 'enterprise_id', 'category', 'report_date'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ticket_proposal_dismissals').ifExists().execute();
}
