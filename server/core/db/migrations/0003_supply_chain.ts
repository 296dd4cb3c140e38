/**
 * Supply-chain map: per-alliance item list, each customer's needs (essential flag, stock in days
 * of cover), supply links between members (share in basis points so totals add up exactly),
 * and saved what-if scenarios. Frozen once shipped.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('chain_items')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('chain_items_alliance_name_uq', ['alliance_id', 'name'])
    .execute();

  await db.schema
    .createTable('chain_needs')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('chain_items.id').onDelete('cascade'))
    .addColumn('essential', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('stock_days', t.double, (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('chain_needs_uq', ['alliance_id', 'enterprise_id', 'item_id'])
    .execute();

  await db.schema
    .createTable('supply_links')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('supplier_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('customer_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('chain_items.id').onDelete('cascade'))
    .addColumn('share_bp', 'integer', (c) => c.notNull()) // 0..10000 = 0..100 %
    .addColumn('lead_days', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | confirmed
    .addColumn('declared_by', 'text', (c) => c.notNull()) // supplier | customer | alliance
    .addColumn('declared_by_user', 'integer', (c) => c.references('users.id'))
    .addColumn('confirmed_by_user', 'integer', (c) => c.references('users.id'))
    .addColumn('confirmed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('supply_links_uq', ['alliance_id', 'supplier_id', 'customer_id', 'item_id'])
    .execute();
  await db.schema.createIndex('supply_links_customer_idx').on('supply_links').columns(['alliance_id', 'customer_id']).execute();
  await db.schema.createIndex('supply_links_supplier_idx').on('supply_links').columns(['alliance_id', 'supplier_id']).execute();

  await db.schema
    .createTable('chain_scenarios')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('changes_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['chain_scenarios', 'supply_links', 'chain_needs', 'chain_items']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
