/**
 * Policy fulfilment (政策兑现) and co-research (政策共研).
 *
 * `policy_applications`: one firm's application for one policy, recorded by the policy working
 * group, moving preparing → submitted → approved / rejected → disbursed, with amounts in fen
 * (requested, approved, disbursed), the working-day deadline of its current stage (`due_on`) and
 * when the reminder for that deadline went out (`reminded_at`, cleared on every transition).
 * A firm has at most one application per policy.
 *
 * `policy_questions`: a member's question on a policy and the policy group's answer; a published
 * answer is visible to every member of the alliance (without the asking firm's name).
 *
 * Depends on 0001 (alliances, enterprises, users) and 0013 (policies). Frozen once shipped.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('policy_applications')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('policy_id', 'integer', (c) => c.notNull().references('policies.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_fen', t.bigint, (c) => c.notNull())
    .addColumn('approved_fen', t.bigint)
    .addColumn('disbursed_fen', t.bigint)
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('decision_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('due_on', 'text')
    .addColumn('reminded_at', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('disbursed_at', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('policy_applications_firm_uq').on('policy_applications').columns(['policy_id', 'enterprise_id']).unique().execute();
  await db.schema.createIndex('policy_applications_alliance_idx').on('policy_applications').columns(['alliance_id', 'status']).execute();
  await db.schema.createIndex('policy_applications_due_idx').on('policy_applications').columns(['due_on']).execute();

  await db.schema
    .createTable('policy_questions')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('policy_id', 'integer', (c) => c.notNull().references('policies.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('asked_by', 'integer', (c) => c.references('users.id'))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_by', 'integer', (c) => c.references('users.id'))
    .addColumn('answered_at', 'text')
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('policy_questions_policy_idx').on('policy_questions').columns(['policy_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('policy_questions').execute();
  await db.schema.dropTable('policy_applications').execute();
}
