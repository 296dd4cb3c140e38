/**
 * Registry fields the city reports by (issue 10): the 规上 flag (above designated size), the
 * two-digit GB/T 4754 industry division (大类, within the firm's section) and the ownership type.
 *
 * - `above_designated_size`: 0/1, default 0 (not known to be 规上);
 * - `industry_division`: "01".."97" or null (not given);
 * - `ownership`: one of state | collective | private | mixed | foreign | hmt | other, or null.
 *
 * Depends only on 0001. Frozen once shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('enterprises').addColumn('above_designated_size', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('enterprises').addColumn('industry_division', 'text').execute();
  await db.schema.alterTable('enterprises').addColumn('ownership', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('enterprises').dropColumn('ownership').execute();
  await db.schema.alterTable('enterprises').dropColumn('industry_division').execute();
  await db.schema.alterTable('enterprises').dropColumn('above_designated_size').execute();
}
