/**
 * The chain loop closed (issue 10): the meeting agenda links the chain analysis that proposed an
 * item; risks link to problems, remind their owner once per review date, and remember the
 * blocker a proposal made them from.
 *
 * - `agenda_items.analysis_id`: the chain analysis (job id) a forecast-break or help-priority
 *   item came from (null for every other item);
 * - `risk_tickets`: risks ↔ problems, many-to-many (firms are linked in `risk_enterprises`);
 * - `risks.review_reminded_for`: the review date the owner was last reminded of (one reminder
 *   per review date, whoever runs the maintenance job how often);
 * - `risks.source_blocker`: the blocker category a proposal turned into this risk (null when
 *   registered by hand), so an accepted proposal is not proposed again while the risk is open.
 *
 * Depends only on 0002. Frozen once shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('agenda_items').addColumn('analysis_id', 'text').execute();
  await db.schema
    .createTable('risk_tickets')
    .addColumn('risk_id', 'integer', (c) => c.notNull().references('risks.id').onDelete('cascade'))
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('risk_tickets_pk', ['risk_id', 'ticket_id'])
    .execute();
  await db.schema.createIndex('risk_tickets_ticket_idx').on('risk_tickets').column('ticket_id').execute();
  await db.schema.alterTable('risks').addColumn('review_reminded_for', 'text').execute();
  await db.schema.alterTable('risks').addColumn('source_blocker', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('risks').dropColumn('source_blocker').execute();
  await db.schema.alterTable('risks').dropColumn('review_reminded_for').execute();
  await db.schema.dropTable('risk_tickets').execute();
  await db.schema.alterTable('agenda_items').dropColumn('analysis_id').execute();
}
