/**
 * Group purchasing (红色团购) and the resource and order board (资源共济 · 订单共商).
 *
 * Purchasing: a campaign of an alliance (items with specification, unit, price tiers, minimum
 * total, per-firm cap, supplier stock), firms' pledges (one row per firm and item, in whole units
 * of the item's unit), the allocation written at lock, the supplier's partial deliveries and each
 * firm's receipts. Market: offers and needs on the board, deals between them with what was
 * delivered and received, orders a member cannot fill with the quotes of other members and the
 * split the poster chose.
 *
 * Depends only on 0001 (users, alliances, enterprises). Frozen once shipped: never import
 * application code here. Same portable conventions as 0001: ISO-8601 UTC text timestamps,
 * `YYYY-MM-DD` text dates, 0/1 booleans, JSON as text; money integer fen, quantities integers.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  const stamps = (b: any) => b.addColumn('created_at', 'text', (c: any) => c.notNull()).addColumn('updated_at', 'text', (c: any) => c.notNull()).addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1));

  await stamps(
    db.schema
      .createTable('purchase_campaigns')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('supplier', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      /** open → locked (allocation written) → ordered (supplier order placed) → completed. */
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
      /** pro_rata | headcount | priority. */
      .addColumn('allocation_rule', 'text', (c) => c.notNull())
      /** ISO instant; pledges are refused from then on. */
      .addColumn('pledge_deadline', 'text', (c) => c.notNull())
      /** Days of prevention supplies the suggested demand aims at. */
      .addColumn('target_cover_days', 'integer', (c) => c.notNull().defaultTo(14))
      /** Firms served first under the `priority` rule (they produce epidemic supplies), JSON array of ids. */
      .addColumn('priority_enterprise_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_by', 'integer', (c) => c.references('users.id'))
      .addColumn('locked_at', 'text')
      .addColumn('ordered_at', 'text'),
  ).execute();
  await db.schema.createIndex('purchase_campaigns_alliance_idx').on('purchase_campaigns').columns(['alliance_id', 'status']).execute();

  await db.schema
    .createTable('purchase_items')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('purchase_campaigns.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull().defaultTo(''))
    /** Unit code (domain/units.ts); every count of this item is whole units of it. */
    .addColumn('unit', 'text', (c) => c.notNull())
    /** [{ minCount, unitPriceFen }], first at 0, thresholds increasing, prices not rising. */
    .addColumn('tiers_json', 'text', (c) => c.notNull())
    .addColumn('min_total_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('per_firm_cap', 'integer')
    /** The supplier's stock: the pledges' total never exceeds it (null: no limit known). */
    .addColumn('stock_count', 'integer')
    /** Units used per 100 people per day (suggested demand); null: no suggestion. */
    .addColumn('daily_use_per_100', 'integer')
    /** What the supplier confirmed at lock (allocation input). */
    .addColumn('available_count', 'integer')
    .addColumn('unit_price_fen', 'integer')
    .execute();
  await db.schema.createIndex('purchase_items_campaign_idx').on('purchase_items').column('campaign_id').execute();

  await stamps(
    db.schema
      .createTable('purchase_pledges')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('campaign_id', 'integer', (c) => c.notNull().references('purchase_campaigns.id').onDelete('cascade'))
      .addColumn('item_id', 'integer', (c) => c.notNull().references('purchase_items.id').onDelete('cascade'))
      .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id'))
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('allocated_count', 'integer')
      .addColumn('received_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('pledged_by', 'integer', (c) => c.references('users.id'))
      .addUniqueConstraint('purchase_pledges_item_firm_uq', ['item_id', 'enterprise_id']),
  ).execute();
  await db.schema.createIndex('purchase_pledges_campaign_idx').on('purchase_pledges').columns(['campaign_id', 'enterprise_id']).execute();

  await db.schema
    .createTable('purchase_deliveries')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('purchase_campaigns.id').onDelete('cascade'))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('purchase_items.id').onDelete('cascade'))
    /** null: the supplier's delivery to the alliance; a firm: handed to that firm (its receipt). */
    .addColumn('enterprise_id', 'integer', (c) => c.references('enterprises.id'))
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('delivered_on', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('purchase_deliveries_campaign_idx').on('purchase_deliveries').columns(['campaign_id', 'item_id']).execute();

  // The board.
  await stamps(
    db.schema
      .createTable('market_posts')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id'))
      .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id'))
      /** offer | need. */
      .addColumn('side', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('item', 'text', (c) => c.notNull())
      .addColumn('spec', 'text', (c) => c.notNull().defaultTo(''))
      /** Base units of `unit`'s dimension. */
      .addColumn('amount', t.bigint, (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('available_from', 'text', (c) => c.notNull())
      .addColumn('available_to', 'text', (c) => c.notNull())
      .addColumn('district_code', 'text')
      /** Per unit of `unit`, fen; null: free or at cost. */
      .addColumn('unit_price_fen', 'integer')
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      /** open | closed. */
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
      .addColumn('created_by', 'integer', (c) => c.references('users.id')),
  ).execute();
  await db.schema.createIndex('market_posts_alliance_idx').on('market_posts').columns(['alliance_id', 'side', 'status']).execute();

  await stamps(
    db.schema
      .createTable('market_deals')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id'))
      .addColumn('offer_id', 'integer', (c) => c.notNull().references('market_posts.id'))
      .addColumn('need_id', 'integer', (c) => c.notNull().references('market_posts.id'))
      .addColumn('amount', t.bigint, (c) => c.notNull())
      .addColumn('unit_price_fen', 'integer')
      .addColumn('reasons_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('offer_confirmed_at', 'text')
      .addColumn('need_confirmed_at', 'text')
      /** proposed → agreed (both confirmed) → delivered → received; or cancelled. */
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('proposed'))
      .addColumn('delivered_amount', t.bigint)
      .addColumn('received_amount', t.bigint),
  ).execute();
  await db.schema.createIndex('market_deals_alliance_idx').on('market_deals').columns(['alliance_id', 'status']).execute();

  await stamps(
    db.schema
      .createTable('market_orders')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id'))
      .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('item', 'text', (c) => c.notNull())
      .addColumn('spec', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('unit', 'text', (c) => c.notNull())
      /** Whole units of `unit`. */
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('need_by', 'text')
      /** Commercial details: only the parties and alliance staff see them. */
      .addColumn('target_price_fen', 'integer')
      .addColumn('customer', 'text', (c) => c.notNull().defaultTo(''))
      /** open → split → completed; or cancelled. */
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
      .addColumn('created_by', 'integer', (c) => c.references('users.id')),
  ).execute();
  await db.schema.createIndex('market_orders_alliance_idx').on('market_orders').columns(['alliance_id', 'status']).execute();

  await stamps(
    db.schema
      .createTable('market_quotes')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('order_id', 'integer', (c) => c.notNull().references('market_orders.id').onDelete('cascade'))
      .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id'))
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('unit_price_fen', 'integer', (c) => c.notNull())
      .addColumn('delivery_date', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      /** Units the poster gave this quote in the split (null before the split). */
      .addColumn('awarded_count', 'integer')
      .addColumn('delivered_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_by', 'integer', (c) => c.references('users.id'))
      .addUniqueConstraint('market_quotes_order_firm_uq', ['order_id', 'enterprise_id']),
  ).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['market_quotes', 'market_orders', 'market_deals', 'market_posts', 'purchase_deliveries', 'purchase_pledges', 'purchase_items', 'purchase_campaigns']) {
    await db.schema.dropTable(table).execute();
  }
}
