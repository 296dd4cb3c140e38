/**
 * Foundation schema: accounts, sessions, alliances, member registry, daily resumption
 * reports, audit log and idempotency keys.
 *
 * Frozen: never import application code here, and never edit a migration that has shipped;
 * add a new one. Portable across SQLite and PostgreSQL: timestamps are ISO-8601 UTC text
 * (sortable, identical in both), calendar dates are `YYYY-MM-DD` text, booleans are 0/1
 * integers, money is integer fen.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from '../column-types';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('users')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('zh-CN'))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('phone', 'text')
    .addColumn('password_changed_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey()) // sha256 of the cookie token
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('current_alliance_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('login_attempts')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('success', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_attempts_user_idx').on('login_attempts').columns(['username', 'at']).execute();
  await db.schema.createIndex('login_attempts_ip_idx').on('login_attempts').columns(['ip', 'at']).execute();

  await db.schema
    .createTable('alliances')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('chain', 'text', (c) => c.notNull()) // industry chain, e.g. 皮革产业链
    .addColumn('industry', 'text', (c) => c.notNull()) // GB/T 4754-2017 section letter
    .addColumn('district_code', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('working_groups')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // policy | tech | market | prevention
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('lead_user_id', 'integer', (c) => c.references('users.id'))
    .addUniqueConstraint('working_groups_alliance_kind_uq', ['alliance_id', 'kind'])
    .execute();

  await db.schema
    .createTable('enterprises')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('credit_code', 'text', (c) => c.notNull().unique())
    .addColumn('industry', 'text', (c) => c.notNull())
    .addColumn('district_code', 'text', (c) => c.notNull())
    .addColumn('headcount', 'integer', (c) => c.notNull())
    .addColumn('main_products', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('annual_output_fen', t.bigint) // normal output value, weight in the chain engine
    .addColumn('contacts_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('enterprises_name_idx').on('enterprises').column('name').execute();
  await db.schema.createIndex('enterprises_district_idx').on('enterprises').column('district_code').execute();

  await db.schema
    .createTable('alliance_members')
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('alliance_members_pk', ['alliance_id', 'enterprise_id'])
    .execute();
  await db.schema.createIndex('alliance_members_enterprise_idx').on('alliance_members').column('enterprise_id').execute();

  await db.schema
    .createTable('user_roles')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('alliance_id', 'integer', (c) => c.references('alliances.id').onDelete('cascade'))
    .addColumn('working_group', 'text')
    .addColumn('enterprise_id', 'integer', (c) => c.references('enterprises.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('user_roles_user_idx').on('user_roles').column('user_id').execute();

  await db.schema
    .createTable('commissioner_assignments')
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('commissioner_assignments_pk', ['alliance_id', 'enterprise_id'])
    .execute();
  await db.schema.createIndex('commissioner_assignments_user_idx').on('commissioner_assignments').columns(['user_id', 'alliance_id']).execute();

  await db.schema
    .createTable('resumption_reports')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('report_date', 'text', (c) => c.notNull())
    .addColumn('output_pct', 'integer', (c) => c.notNull())
    .addColumn('capacity_pct', 'integer', (c) => c.notNull())
    .addColumn('staff_on_duty', 'integer', (c) => c.notNull())
    .addColumn('staff_total', 'integer', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull()) // stopped | partial | full
    .addColumn('blockers_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('material_cover_days', t.double)
    .addColumn('prevention_cover_days', t.double)
    .addColumn('submitted_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('resumption_reports_enterprise_date_uq', ['enterprise_id', 'report_date'])
    .execute();
  await db.schema.createIndex('resumption_reports_date_idx').on('resumption_reports').column('report_date').execute();

  await db.schema
    .createTable('resumption_report_history')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('report_id', 'integer', (c) => c.notNull().references('resumption_reports.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('snapshot_json', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('resumption_report_history_report_idx').on('resumption_report_history').column('report_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'integer')
    .addColumn('alliance_id', 'integer')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('request_id', 'text')
    .addColumn('detail_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('audit_log_alliance_idx').on('audit_log').columns(['alliance_id', 'at']).execute();
  await db.schema.createIndex('audit_log_target_idx').on('audit_log').columns(['target_type', 'target_id']).execute();

  // The audit log is append-only: the database itself refuses updates and deletes.
  if (t.dialect === 'postgres') {
    await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
  } else {
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  }

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull()) // METHOD route
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  for (const table of [
    'idempotency_keys', 'audit_log', 'resumption_report_history', 'resumption_reports',
    'commissioner_assignments', 'user_roles', 'alliance_members', 'enterprises',
    'working_groups', 'alliances', 'login_attempts', 'sessions', 'users',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  if (t.dialect === 'postgres') await sql`DROP FUNCTION IF EXISTS audit_log_append_only()`.execute(db);
}
