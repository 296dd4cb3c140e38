/**
 * Shared pieces for the modules that follow (experts, shared employees, market, policy):
 *
 * - `files`: one store for every module's uploads. A file belongs to an owner named by type and
 *   id (`ticket` 12, later `expert` 3, `policy` 8…); whoever may see the owner may see its
 *   files (the owner type's rule decides, in the application). `alliance_id` is the owner's
 *   tenant, kept for listing and housekeeping; null for city-wide owners. Files are soft-deleted
 *   (`deleted_at`) so the audit trail keeps pointing at a row; content lives once per sha256
 *   under the data directory (`storage_path`, relative to it).
 * - The ticket attachments move into `files` (owner `ticket`) with their ids, so timeline
 *   events that name an attachment id keep pointing at the same file; the content stays where
 *   it is (its `storage_path` is copied), and `attachments` is dropped. `down` moves them back.
 * - `departments`: the city's government departments (人社局, 经信局…), kept by the platform
 *   admin: the issuers of policies and the city level of escalation to come.
 * - `user_departments`: a person's affiliation (at most one department). A table of its own
 *   rather than a column on `users`, so SQLite needs no table rebuild to drop it again.
 *
 * Frozen once shipped: never import application code here.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from '../column-types';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('files')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'integer', (c) => c.notNull())
    .addColumn('alliance_id', 'integer', (c) => c.references('alliances.id').onDelete('cascade'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_path', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('public')) // public | internal
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addColumn('deleted_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('files_owner_idx').on('files').columns(['owner_type', 'owner_id']).execute();
  await db.schema.createIndex('files_sha256_idx').on('files').column('sha256').execute();

  await sql`
    insert into files (id, owner_type, owner_id, alliance_id, sha256, storage_path, mime, size, original_name, visibility, uploaded_by, created_at)
    select a.id, 'ticket', a.ticket_id, tk.alliance_id, a.sha256, a.storage_path, a.mime, a.size, a.original_name, a.visibility, a.uploaded_by, a.created_at
    from attachments a join tickets tk on tk.id = a.ticket_id
  `.execute(db);
  // Rows were inserted with their ids: move the identity past them.
  if (t.dialect === 'postgres') await sql`select setval(pg_get_serial_sequence('files', 'id'), coalesce((select max(id) from files), 0) + 1, false)`.execute(db);
  await db.schema.dropTable('attachments').execute();

  await db.schema
    .createTable('departments')
    .addColumn('id', t.id, (c) => c.primaryKey())
    /** Short stable code (`hrss`, `miit`…) for imports and references from other modules. */
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('name_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('user_departments')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_departments_department_idx').on('user_departments').column('department_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.dropTable('user_departments').ifExists().execute();
  await db.schema.dropTable('departments').ifExists().execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_path', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('public'))
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_ticket_idx').on('attachments').column('ticket_id').execute();
  await sql`
    insert into attachments (id, ticket_id, sha256, storage_path, mime, size, original_name, visibility, uploaded_by, created_at)
    select id, owner_id, sha256, storage_path, mime, size, original_name, visibility, uploaded_by, created_at
    from files where owner_type = 'ticket' and deleted_at is null
  `.execute(db);
  if (t.dialect === 'postgres') await sql`select setval(pg_get_serial_sequence('attachments', 'id'), coalesce((select max(id) from attachments), 0) + 1, false)`.execute(db);
  await db.schema.dropTable('files').ifExists().execute();
}
