/**
 * Joint prevention (防控共抓): versioned prevention standards, members' self-inspections against
 * them, training sessions with attendance, and each firm's prevention supplies with their days
 * of cover.
 *
 * - `prevention_settings`: per alliance — the days-of-cover threshold under which a firm is flagged;
 * - `prevention_standards`: a checklist kept by the prevention group: its editable draft
 *   (`draft_json`) and the number of its latest published version;
 * - `prevention_standard_versions`: the published versions, immutable (items as JSON);
 * - `prevention_inspections`: a member's self-inspection, tied to the version it answered;
 * - `prevention_inspection_items`: one answer per checklist item (pass | fail | na); a failed
 *   item names the problem ticket it opened;
 * - `prevention_trainings` and `prevention_training_attendees` (one row per member firm:
 *   people expected and people who came);
 * - `prevention_supplies`: a firm's stock and daily use of one supply, integer base units of
 *   `unit` (server/domain/units.ts);
 * - `prevention_invitations`: a flagged firm invited to a group purchase (once per campaign).
 *
 * Depends on 0001, 0002 (tickets), 0015 (purchase campaigns). Frozen once shipped.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('prevention_settings')
    .addColumn('alliance_id', 'integer', (c) => c.primaryKey().references('alliances.id').onDelete('cascade'))
    .addColumn('cover_threshold_days', 'integer', (c) => c.notNull().defaultTo(7))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('prevention_standards')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('draft_json', 'text', (c) => c.notNull().defaultTo('[]'))
    /** The number of the latest published version (0: never published). */
    .addColumn('published_number', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('prevention_standards_alliance_idx').on('prevention_standards').column('alliance_id').execute();

  await db.schema
    .createTable('prevention_standard_versions')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('standard_id', 'integer', (c) => c.notNull().references('prevention_standards.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('items_json', 'text', (c) => c.notNull())
    .addColumn('published_by', 'integer', (c) => c.references('users.id'))
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('prevention_standard_versions_number_uq', ['standard_id', 'number'])
    .execute();

  await db.schema
    .createTable('prevention_inspections')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('standard_id', 'integer', (c) => c.notNull().references('prevention_standards.id').onDelete('cascade'))
    .addColumn('standard_version_id', 'integer', (c) => c.notNull().references('prevention_standard_versions.id').onDelete('cascade'))
    .addColumn('inspected_on', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('submitted_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('prevention_inspections_alliance_idx').on('prevention_inspections').columns(['alliance_id', 'enterprise_id']).execute();

  await db.schema
    .createTable('prevention_inspection_items')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('inspection_id', 'integer', (c) => c.notNull().references('prevention_inspections.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull()) // pass | fail | na
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ticket_id', 'integer', (c) => c.references('tickets.id').onDelete('set null'))
    .addUniqueConstraint('prevention_inspection_items_uq', ['inspection_id', 'position'])
    .execute();

  await db.schema
    .createTable('prevention_trainings')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('prevention_trainings_alliance_idx').on('prevention_trainings').columns(['alliance_id', 'held_on']).execute();

  await db.schema
    .createTable('prevention_training_attendees')
    .addColumn('training_id', 'integer', (c) => c.notNull().references('prevention_trainings.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('expected', 'integer', (c) => c.notNull())
    /** People who came (null: not recorded yet). */
    .addColumn('attended', 'integer')
    .addPrimaryKeyConstraint('prevention_training_attendees_pk', ['training_id', 'enterprise_id'])
    .execute();

  await db.schema
    .createTable('prevention_supplies')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    /** Base units of `unit`'s dimension. */
    .addColumn('stock_amount', 'integer', (c) => c.notNull())
    .addColumn('daily_use_amount', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('prevention_supplies_uq', ['alliance_id', 'enterprise_id', 'name'])
    .execute();

  await db.schema
    .createTable('prevention_invitations')
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('purchase_campaigns.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('cover_days', 'integer', (c) => c.notNull())
    .addColumn('invited_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('prevention_invitations_pk', ['campaign_id', 'enterprise_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'prevention_invitations', 'prevention_supplies', 'prevention_training_attendees', 'prevention_trainings', 'prevention_inspection_items', 'prevention_inspections',
    'prevention_standard_versions', 'prevention_standards', 'prevention_settings',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
