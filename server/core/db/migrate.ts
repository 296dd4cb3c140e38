/**
 * Runs the migration set. Migrations are listed here statically (not discovered on disk) so
 * they load the same way under tsx, vitest and any bundler.
 */
import { Migrator, sql, type Migration, type MigrationResultSet } from 'kysely';
import { dialectOf } from './column-types';
import type { Db } from './database';
import * as m0001 from './migrations/0001_foundation';
import * as m0002 from './migrations/0002_problem_handling';
import * as m0003 from './migrations/0003_supply_chain';
import * as m0004 from './migrations/0004_hardening';
import * as m0005 from './migrations/0005_analysis_jobs';
import * as m0006 from './migrations/0006_membership_consent';
import * as m0009 from './migrations/0009_files_departments';
import * as m0010 from './migrations/0010_experts';
import * as m0011 from './migrations/0011_ticket_clock';
import * as m0012 from './migrations/0012_registry_fields';
import * as m0013 from './migrations/0013_policies';
import * as m0014 from './migrations/0014_workforce';
import * as m0015 from './migrations/0015_market';
import * as m0017 from './migrations/0017_policy_fulfilment';
import * as m0018 from './migrations/0018_prevention';
import * as m0019 from './migrations/0019_scale_indexes';
import * as m0023 from './migrations/0023_daily_figures';
import * as m0021 from './migrations/0021_briefings';
import * as m0022 from './migrations/0022_chain_loop';
import * as m0024 from './migrations/0024_member_keys';
import * as m0025 from './migrations/0025_link_keys';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_problem_handling': m0002,
  '0003_supply_chain': m0003,
  '0004_hardening': m0004,
  '0005_analysis_jobs': m0005,
  '0006_membership_consent': m0006,
  '0009_files_departments': m0009,
  '0010_experts': m0010,
  '0011_ticket_clock': m0011,
  '0012_registry_fields': m0012,
  '0013_policies': m0013,
  '0014_workforce': m0014,
  '0015_market': m0015,
  '0017_policy_fulfilment': m0017,
  '0018_prevention': m0018,
  '0019_scale_indexes': m0019,
  '0023_daily_figures': m0023,
  '0021_briefings': m0021,
  '0022_chain_loop': m0022,
  '0024_member_keys': m0024,
  '0025_link_keys': m0025,
};

export class MigrationError extends Error {}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new MigrationError(`migration ${failed?.migrationName ?? '?'} failed: ${String(result.error)}`, { cause: result.error });
  }
  return (result.results ?? []).map((r) => r.migrationName);
}

/**
 * On PostgreSQL the migration bookkeeping tables are looked for in the connection's own schema:
 * otherwise Kysely accepts a `kysely_migration_lock` of any schema as ours, and a database
 * shared by several schemas (parallel test runs) races.
 */
async function migrator(db: Db): Promise<Migrator> {
  const migrationTableSchema = dialectOf(db) === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  // Unordered: a migration merged later under a lower number (0004 after 0005 was applied)
  // still runs instead of failing as "corrupted"; every migration depends only on older ones.
  return new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  return unwrap(await (await migrator(db)).migrateToLatest());
}

/** Reverts the migrations after `name` (tests of one migration's own down and up). */
export async function migrateTo(db: Db, name: keyof typeof migrations & string): Promise<string[]> {
  return unwrap(await (await migrator(db)).migrateTo(name));
}

/** Reverts every migration (used by the migration round-trip test). */
export async function migrateDownAll(db: Db): Promise<string[]> {
  const { NO_MIGRATIONS } = await import('kysely');
  return unwrap(await (await migrator(db)).migrateTo(NO_MIGRATIONS));
}
