/**
 * Chain-analysis jobs, kept in the database so that any server process behind the load
 * balancer can answer a poll and a result outlives the process that computed it. The process
 * that starts a job runs it and writes its progress (throttled), a heartbeat and finally the
 * result; housekeeping fails jobs whose heartbeat stopped and prunes old finished ones.
 *
 * `result_gzip` holds the gzip-compressed JSON of the API's result (a large map's day-by-day
 * forecast compresses several-fold); `result_bytes` is its uncompressed size. At most one
 * queued/running job per (alliance, requester, request key): the partial unique index makes
 * identical requests share a job even when they reach two processes at once.
 *
 * Depends only on 0001 (alliances, users), so it applies the same with or without 0004.
 * Frozen once shipped.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from '../column-types';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('chain_analysis_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey()) // uuid
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('requested_by', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // analysis
    .addColumn('params_json', 'text', (c) => c.notNull())
    /** sha256 of the parameters and of the map data they ran on (the dedupe key). */
    .addColumn('request_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // queued | running | done | failed | cancelled
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_total', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('error_code', 'text')
    .addColumn('error_detail', 'text')
    .addColumn('result_gzip', t.dialect === 'postgres' ? 'bytea' : 'blob')
    .addColumn('result_bytes', t.bigint)
    /** The server process (host:pid:instance) running the job. */
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('heartbeat_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('chain_analysis_jobs_active_uq')
    .unique()
    .on('chain_analysis_jobs')
    .columns(['alliance_id', 'requested_by', 'request_key'])
    .where(sql<boolean>`status in ('queued', 'running')`)
    .execute();
  await db.schema.createIndex('chain_analysis_jobs_status_idx').on('chain_analysis_jobs').columns(['status', 'heartbeat_at']).execute();
  await db.schema.createIndex('chain_analysis_jobs_finished_idx').on('chain_analysis_jobs').columns(['finished_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('chain_analysis_jobs').ifExists().execute();
}
