/**
 * City-scale supply links (issues 10 and 16): at `--scale 500` the largest alliance has about
 * 100,000 links, and every page of `/chain/links` joined each link to both memberships, both firms
 * and its item, sorted them all by customer and item name and skipped OFFSET rows (1.4–17 s).
 *
 * `link_keys`: one row per supply link with what the list sorts and filters on — the customer's
 * and the item's names, the two firms, the item, the status — and `live`: 1 while both firms are
 * members of the link's alliance (a link of a firm that left stays stored but is not read). With
 * the index `(alliance_id, live, customer_name, item_name, link_id)` a page is an index range and
 * a count an index scan; the page's links are then read by id.
 *
 * Kept by triggers in the writing transaction, whoever writes: a link declared, changed or
 * removed; a membership joining or leaving (its links' `live`); a firm or an item renamed.
 *
 * Frozen once shipped: never import application code here.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from '../column-types';

const COLS = ['link_id', 'alliance_id', 'supplier_id', 'customer_id', 'item_id', 'status', 'customer_name', 'item_name', 'live'] as const;

const INDEXES: [string, string[]][] = [
  ['link_keys_name_idx', ['alliance_id', 'live', 'customer_name', 'item_name', 'link_id']],
  ['link_keys_status_idx', ['alliance_id', 'live', 'status', 'customer_name', 'item_name', 'link_id']],
  ['link_keys_supplier_idx', ['supplier_id', 'alliance_id']],
  ['link_keys_customer_idx', ['customer_id', 'alliance_id']],
  ['link_keys_item_idx', ['item_id']],
];

/** 1 when firm `firm` (an SQL expression) is a member of alliance `alliance`. */
const member = (alliance: string, firm: string) => `exists (select 1 from alliance_members am where am.alliance_id = ${alliance} and am.enterprise_id = ${firm})`;
const liveOf = (l: string) => `case when ${member(`${l}.alliance_id`, `${l}.supplier_id`)} and ${member(`${l}.alliance_id`, `${l}.customer_id`)} then 1 else 0 end`;

/** Keys of the link record `rec` (NEW), or of every link (the backfill, `rec` = 'l'). */
const keysOf = (rec: string) => sql`
  select ${sql.raw(`${rec}.id, ${rec}.alliance_id, ${rec}.supplier_id, ${rec}.customer_id, ${rec}.item_id, ${rec}.status`)}, c.name, i.name, ${sql.raw(liveOf(rec))}
  from ${sql.raw(rec === 'l' ? 'supply_links l join enterprises c on c.id = l.customer_id' : `enterprises c`)}
  join chain_items i on i.id = ${sql.raw(rec)}.item_id
  ${sql.raw(rec === 'l' ? '' : `where c.id = ${rec}.customer_id`)}`;

const cols = sql.raw(COLS.join(', '));
const insertKeys = (rec: string) => sql`insert into link_keys (${cols}) ${keysOf(rec)};`;
const deleteKeys = (rec: string) => sql`delete from link_keys where link_id = ${sql.raw(rec)}.id;`;
/** A membership of `rec` came or went: its links in that alliance are read again, or no longer. */
const setLive = (rec: string) =>
  sql`update link_keys set live = ${sql.raw(liveOf('link_keys'))} where (supplier_id = ${sql.raw(rec)}.enterprise_id or customer_id = ${sql.raw(rec)}.enterprise_id) and alliance_id = ${sql.raw(rec)}.alliance_id;`;
const setCustomerName = (rec: string) => sql`update link_keys set customer_name = ${sql.raw(rec)}.name where customer_id = ${sql.raw(rec)}.id;`;
const setItemName = (rec: string) => sql`update link_keys set item_name = ${sql.raw(rec)}.name where item_id = ${sql.raw(rec)}.id;`;

export async function up(db: Kysely<any>): Promise<void> {
  const pg = columnTypes(db).dialect === 'postgres';
  await db.schema
    .createTable('link_keys')
    .addColumn('link_id', 'integer', (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull())
    .addColumn('supplier_id', 'integer', (c) => c.notNull())
    .addColumn('customer_id', 'integer', (c) => c.notNull())
    .addColumn('item_id', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('customer_name', 'text', (c) => c.notNull())
    .addColumn('item_name', 'text', (c) => c.notNull())
    .addColumn('live', 'integer', (c) => c.notNull())
    .execute();
  await sql`insert into link_keys (${cols}) ${keysOf('l')}`.execute(db);
  for (const [name, columns] of INDEXES) await db.schema.createIndex(name).on('link_keys').columns(columns).execute();

  if (pg) {
    await sql`CREATE FUNCTION link_keys_link() RETURNS trigger AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN ${deleteKeys('OLD')} END IF;
        IF TG_OP <> 'DELETE' THEN ${insertKeys('NEW')} END IF;
        RETURN NULL;
      END; $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER link_keys_link AFTER INSERT OR DELETE OR UPDATE OF alliance_id, supplier_id, customer_id, item_id, status ON supply_links FOR EACH ROW EXECUTE FUNCTION link_keys_link()`.execute(db);
    await sql`CREATE FUNCTION link_keys_membership() RETURNS trigger AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN ${setLive('OLD')} END IF;
        IF TG_OP <> 'DELETE' THEN ${setLive('NEW')} END IF;
        RETURN NULL;
      END; $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER link_keys_membership AFTER INSERT OR DELETE OR UPDATE OF alliance_id, enterprise_id ON alliance_members FOR EACH ROW EXECUTE FUNCTION link_keys_membership()`.execute(db);
    await sql`CREATE FUNCTION link_keys_firm() RETURNS trigger AS $$
      BEGIN
        ${setCustomerName('NEW')}
        RETURN NULL;
      END; $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER link_keys_firm AFTER UPDATE OF name ON enterprises FOR EACH ROW EXECUTE FUNCTION link_keys_firm()`.execute(db);
    await sql`CREATE FUNCTION link_keys_item() RETURNS trigger AS $$
      BEGIN
        ${setItemName('NEW')}
        RETURN NULL;
      END; $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER link_keys_item AFTER UPDATE OF name ON chain_items FOR EACH ROW EXECUTE FUNCTION link_keys_item()`.execute(db);
  } else {
    await sql`CREATE TRIGGER link_keys_link_insert AFTER INSERT ON supply_links BEGIN
      ${insertKeys('NEW')}
      END`.execute(db);
    await sql`CREATE TRIGGER link_keys_link_update AFTER UPDATE OF alliance_id, supplier_id, customer_id, item_id, status ON supply_links BEGIN
      ${deleteKeys('OLD')}
      ${insertKeys('NEW')}
      END`.execute(db);
    await sql`CREATE TRIGGER link_keys_link_delete AFTER DELETE ON supply_links BEGIN
      ${deleteKeys('OLD')}
      END`.execute(db);
    await sql`CREATE TRIGGER link_keys_membership_insert AFTER INSERT ON alliance_members BEGIN
      ${setLive('NEW')}
      END`.execute(db);
    await sql`CREATE TRIGGER link_keys_membership_update AFTER UPDATE OF alliance_id, enterprise_id ON alliance_members BEGIN
      ${setLive('OLD')}
      ${setLive('NEW')}
      END`.execute(db);
    await sql`CREATE TRIGGER link_keys_membership_delete AFTER DELETE ON alliance_members BEGIN
      ${setLive('OLD')}
      END`.execute(db);
    await sql`CREATE TRIGGER link_keys_firm AFTER UPDATE OF name ON enterprises BEGIN
      ${setCustomerName('NEW')}
      END`.execute(db);
    await sql`CREATE TRIGGER link_keys_item AFTER UPDATE OF name ON chain_items BEGIN
      ${setItemName('NEW')}
      END`.execute(db);
  }
  await sql`ANALYZE link_keys`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (columnTypes(db).dialect === 'postgres') {
    await sql`DROP TRIGGER link_keys_link ON supply_links`.execute(db);
    await sql`DROP TRIGGER link_keys_membership ON alliance_members`.execute(db);
    await sql`DROP TRIGGER link_keys_firm ON enterprises`.execute(db);
    await sql`DROP TRIGGER link_keys_item ON chain_items`.execute(db);
    for (const fn of ['link_keys_link', 'link_keys_membership', 'link_keys_firm', 'link_keys_item']) await sql`DROP FUNCTION ${sql.raw(fn)}()`.execute(db);
  } else {
    for (const name of ['link_keys_link_insert', 'link_keys_link_update', 'link_keys_link_delete', 'link_keys_membership_insert', 'link_keys_membership_update', 'link_keys_membership_delete', 'link_keys_firm', 'link_keys_item']) {
      await sql`DROP TRIGGER ${sql.raw(name)}`.execute(db);
    }
  }
  await db.schema.dropTable('link_keys').execute();
}
