/**
 * Problem handling as helpdesks do it: a `pending` state whose time does not count (the
 * working-day clock pauses while the ticket waits for the enterprise or a third party), an
 * escalation for a missed first response, and a third escalation level to the city (督办).
 *
 * - `paused_at`: when the current pause began (null while the clock runs);
 * - `paused_workdays`: working days spent paused so far (the resolve deadline moved by them);
 * - `response_escalated_at`: when the missed first response was escalated (once);
 * - `escalation_level` gains level 3 (city); the index serves the city's supervision list.
 *
 * Depends only on 0002. Frozen once shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tickets').addColumn('paused_at', 'text').execute();
  await db.schema.alterTable('tickets').addColumn('paused_workdays', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('tickets').addColumn('response_escalated_at', 'text').execute();
  await db.schema.createIndex('tickets_escalation_idx').on('tickets').columns(['escalation_level', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tickets_escalation_idx').execute();
  await db.schema.alterTable('tickets').dropColumn('response_escalated_at').execute();
  await db.schema.alterTable('tickets').dropColumn('paused_workdays').execute();
  await db.schema.alterTable('tickets').dropColumn('paused_at').execute();
}
