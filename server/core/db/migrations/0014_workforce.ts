/**
 * Shared employees (共享员工): the alliance's lending rules, surplus and shortage postings, the
 * matcher's proposals, placements (one per lent worker) with their lifecycle, attendance, and
 * the roster of workers (not users) whose phone and ID number are sealed at rest.
 *
 * - `workforce_settings`: per alliance — reference wage, the secretary's lending rules, whether
 *   emergency requests may draw on the whole city, the retention period of personal data and the
 *   editable agreement template;
 * - `workforce_postings`: kind `surplus` (lending firm) or `shortage` (borrowing firm);
 * - `workforce_proposals`: a matched (surplus, shortage, headcount) reviewed by staff and
 *   accepted by both firms, possibly for fewer workers than proposed;
 * - `workforce_placements`: one lent worker; proposed → agreed → on_site → returned | ended_early;
 * - `workforce_workers`: name, job type, phone and ID number sealed (`v1:` AES-256-GCM text),
 *   a keyed hash of the ID number for duplicates, masked forms for display; purged (emptied,
 *   `purged_at` set) after the retention period, leaving the anonymous placement rows;
 * - `workforce_attendance`: days worked, recorded by the borrowing firm;
 * - `resumption_reports` gains staff still away (未返岗), lent out and borrowed in.
 *
 * Depends only on 0001. Frozen once shipped. Portable conventions as 0001.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('workforce_settings')
    .addColumn('alliance_id', 'integer', (c) => c.primaryKey().references('alliances.id').onDelete('cascade'))
    .addColumn('reference_wage_fen', 'integer', (c) => c.notNull().defaultTo(20000))
    /** Never lend more than this % of a firm's staff (null: no cap). */
    .addColumn('max_lend_pct', 'integer')
    .addColumn('no_competitor_lending', 'integer', (c) => c.notNull().defaultTo(0))
    /** Emergency requests may draw on every alliance's surplus in the city. */
    .addColumn('allow_city', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retention_days', 'integer', (c) => c.notNull().defaultTo(180))
    /** The three-party agreement template (null: the shipped default). */
    .addColumn('agreement_template', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('workforce_postings')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // surplus | shortage
    .addColumn('job_type', 'text', (c) => c.notNull())
    .addColumn('skills_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('headcount', 'integer', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('district_code', 'text', (c) => c.notNull())
    /** Surplus: what the lent workers need. */
    .addColumn('needs_transport', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('needs_meals', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('needs_housing', 'integer', (c) => c.notNull().defaultTo(0))
    /** Shortage: the offer. */
    .addColumn('daily_wage_fen', 'integer')
    .addColumn('provides_transport', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('provides_housing', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('urgency', 'integer', (c) => c.notNull().defaultTo(2))
    /** An emergency team request raised by alliance staff. */
    .addColumn('emergency', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull()) // open | closed
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('workforce_postings_alliance_idx').on('workforce_postings').columns(['alliance_id', 'kind', 'status']).execute();
  await db.schema.createIndex('workforce_postings_enterprise_idx').on('workforce_postings').column('enterprise_id').execute();

  await db.schema
    .createTable('workforce_proposals')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('surplus_id', 'integer', (c) => c.notNull().references('workforce_postings.id').onDelete('cascade'))
    .addColumn('shortage_id', 'integer', (c) => c.notNull().references('workforce_postings.id').onDelete('cascade'))
    .addColumn('headcount', 'integer', (c) => c.notNull())
    .addColumn('unit_cost', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('explanation_json', 'text', (c) => c.notNull().defaultTo('{}'))
    /** pending_review | approved (staff) | accepted (both firms) | rejected | declined | superseded */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('lender_headcount', 'integer')
    .addColumn('borrower_headcount', 'integer')
    .addColumn('accepted_headcount', 'integer')
    .addColumn('reviewed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('reviewed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('workforce_proposals_alliance_idx').on('workforce_proposals').columns(['alliance_id', 'status']).execute();

  await db.schema
    .createTable('workforce_workers')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    /** The employer (lending firm). */
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('job_type', 'text', (c) => c.notNull())
    .addColumn('phone_sealed', 'text')
    .addColumn('phone_masked', 'text')
    .addColumn('id_number_sealed', 'text')
    .addColumn('id_number_masked', 'text')
    /** Keyed hash (HMAC-SHA-256) of the ID number: finds duplicates without the value. */
    .addColumn('id_number_hash', 'text')
    .addColumn('purged_at', 'text')
    .addColumn('erased_at', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('workforce_workers_enterprise_idx').on('workforce_workers').columns(['alliance_id', 'enterprise_id']).execute();
  await db.schema.createIndex('workforce_workers_id_hash_idx').on('workforce_workers').column('id_number_hash').execute();

  await db.schema
    .createTable('workforce_placements')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('proposal_id', 'integer', (c) => c.references('workforce_proposals.id').onDelete('set null'))
    .addColumn('surplus_id', 'integer', (c) => c.references('workforce_postings.id').onDelete('set null'))
    .addColumn('shortage_id', 'integer', (c) => c.references('workforce_postings.id').onDelete('set null'))
    .addColumn('lender_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('borrower_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('worker_id', 'integer', (c) => c.references('workforce_workers.id').onDelete('set null'))
    .addColumn('job_type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // proposed | agreed | on_site | returned | ended_early
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('daily_wage_fen', 'integer', (c) => c.notNull())
    .addColumn('wage_payer', 'text', (c) => c.notNull().defaultTo('borrower')) // borrower | lender
    .addColumn('hours_per_day', 'integer', (c) => c.notNull().defaultTo(8))
    .addColumn('insurance', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('safety_training_done', 'integer', (c) => c.notNull().defaultTo(0))
    /** The worker's separate consent to the data shared with the borrowing firm. */
    .addColumn('worker_consent_at', 'text')
    .addColumn('end_reason', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('workforce_placements_alliance_idx').on('workforce_placements').columns(['alliance_id', 'status']).execute();
  await db.schema.createIndex('workforce_placements_worker_idx').on('workforce_placements').column('worker_id').execute();

  await db.schema
    .createTable('workforce_attendance')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('placement_id', 'integer', (c) => c.notNull().references('workforce_placements.id').onDelete('cascade'))
    .addColumn('work_date', 'text', (c) => c.notNull())
    .addColumn('hours', 'integer', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('workforce_attendance_day_uq', ['placement_id', 'work_date'])
    .execute();

  await db.schema.alterTable('resumption_reports').addColumn('staff_away', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('resumption_reports').addColumn('staff_lent_out', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('resumption_reports').addColumn('staff_borrowed_in', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('resumption_reports').dropColumn('staff_borrowed_in').execute();
  await db.schema.alterTable('resumption_reports').dropColumn('staff_lent_out').execute();
  await db.schema.alterTable('resumption_reports').dropColumn('staff_away').execute();
  for (const table of ['workforce_attendance', 'workforce_placements', 'workforce_workers', 'workforce_proposals', 'workforce_postings', 'workforce_settings']) {
    await db.schema.dropTable(table).execute();
  }
}
