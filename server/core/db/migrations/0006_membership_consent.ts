/**
 * Membership by consent. An alliance no longer makes a registered firm its member on its own:
 * it sends a request (`membership_requests`) that the firm's admin accepts or refuses, and the
 * firm may leave again. `alliance_members` keeps meaning "accepted, current member" — every
 * alliance-scoped query already joins it — and gains what belongs to one alliance's membership:
 *
 * - `notes` (the alliance's own notes on the member) and `version` (for editing them);
 * - `share_history` (the firm lets this alliance see its reports from before the join) and
 *   `reports_from`, the first report date this alliance may see: '' (everything) when history is
 *   shared or the alliance registered the firm, else the Shanghai date of the join. It is kept
 *   by the service so that every read needs only `report_date >= am.reports_from`.
 *
 * `enterprises.registered_by_alliance_id` records which alliance registered the firm (that
 * alliance's secretary may create the firm's first admin account). Existing memberships keep
 * what they saw (`reports_from` ''), and the registering alliance of an existing firm is taken
 * to be its earliest member alliance. (No foreign key on it: SQLite cannot drop a column that
 * has one, and the migration must go down again; a deleted alliance simply matches no member.)
 *
 * Depends on 0001 only. Frozen once shipped.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from '../column-types';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('alliance_members').addColumn('notes', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('alliance_members').addColumn('share_history', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('alliance_members').addColumn('reports_from', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('alliance_members').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();

  await db.schema.alterTable('enterprises').addColumn('registered_by_alliance_id', 'integer').execute();
  await sql`
    update enterprises set registered_by_alliance_id = (
      select am.alliance_id from alliance_members am where am.enterprise_id = enterprises.id
      order by am.joined_at, am.alliance_id limit 1
    )`.execute(db);

  await db.schema
    .createTable('membership_requests')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull()) // pending | accepted | refused
    .addColumn('requested_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'text')
    .execute();
  // At most one open request per (alliance, firm), even when two secretaries click at once.
  await db.schema
    .createIndex('membership_requests_pending_uq')
    .unique()
    .on('membership_requests')
    .columns(['alliance_id', 'enterprise_id'])
    .where(sql<boolean>`status = 'pending'`)
    .execute();
  await db.schema.createIndex('membership_requests_enterprise_idx').on('membership_requests').columns(['enterprise_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('membership_requests').ifExists().execute();
  await db.schema.alterTable('enterprises').dropColumn('registered_by_alliance_id').execute();
  for (const col of ['version', 'reports_from', 'share_history', 'notes']) await db.schema.alterTable('alliance_members').dropColumn(col).execute();
}
