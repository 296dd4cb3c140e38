/**
 * `link_keys` (migration 0025) against a recomputation: after the seed, after links declared,
 * edited, confirmed and deleted, a firm or an item renamed, a member leaving and joining again —
 * it equals the keys computed from the links, firms, items and memberships; and the link list
 * read from it answers the links, in the order and with the totals, that the join of the links,
 * their memberships, firms and items gives (every filter, page by page), on every dialect.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m0025 from '../../core/db/migrations/0025_link_keys';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { idem, json } from '../../test/helpers';

const COLUMNS = ['link_id', 'alliance_id', 'supplier_id', 'customer_id', 'item_id', 'status', 'customer_name', 'item_name', 'live'];

describe.each(DIALECTS)('link keys (%s)', (dialect) => {
  let t: TestApp;
  let secretary: string;
  let allianceId: number;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    secretary = await t.login('secretary');
    allianceId = (await t.handle.db.selectFrom('user_roles').innerJoin('users', 'users.id', 'user_roles.user_id').select('alliance_id').where('username', '=', 'secretary').where('role', '=', 'secretary').executeTakeFirstOrThrow()).alliance_id!;
  });
  afterAll(async () => {
    await t?.close();
  });

  async function keysAndTruth() {
    const norm = (rows: Record<string, unknown>[]) => rows.map((r) => COLUMNS.map((c) => String(r[c])).join('|')).sort();
    const keys = (await sql<Record<string, unknown>>`select ${sql.raw(COLUMNS.join(', '))} from link_keys`.execute(t.handle.db)).rows;
    const truth = (
      await sql<Record<string, unknown>>`select l.id as link_id, l.alliance_id, l.supplier_id, l.customer_id, l.item_id, l.status, c.name as customer_name, i.name as item_name,
          case when sm.enterprise_id is not null and cm.enterprise_id is not null then 1 else 0 end as live
        from supply_links l join enterprises c on c.id = l.customer_id join chain_items i on i.id = l.item_id
        left join alliance_members sm on sm.alliance_id = l.alliance_id and sm.enterprise_id = l.supplier_id
        left join alliance_members cm on cm.alliance_id = l.alliance_id and cm.enterprise_id = l.customer_id`.execute(t.handle.db)
    ).rows;
    return { keys: norm(keys), truth: norm(truth), n: keys.length };
  }
  const expectKept = async () => {
    const { keys, truth } = await keysAndTruth();
    expect(keys).toEqual(truth);
  };

  /** The list as the join before 0025 answered it: links between current members, by customer and item name. */
  const join = () =>
    t.handle.db
      .selectFrom('supply_links as l')
      .innerJoin('alliance_members as sm', (j) => j.onRef('sm.enterprise_id', '=', 'l.supplier_id').on('sm.alliance_id', '=', allianceId))
      .innerJoin('alliance_members as cm', (j) => j.onRef('cm.enterprise_id', '=', 'l.customer_id').on('cm.alliance_id', '=', allianceId))
      .innerJoin('enterprises as c', 'c.id', 'l.customer_id')
      .innerJoin('chain_items as i', 'i.id', 'l.item_id')
      .where('l.alliance_id', '=', allianceId)
      .select('l.id')
      .orderBy('c.name')
      .orderBy('i.name')
      .orderBy('l.id');
  async function pages(query: string, pageSize: number) {
    const out: number[] = [];
    let total = -1;
    for (let page = 1; page < 100; page++) {
      const r = await t.call('GET', `/api/chain/links?${query}&page=${page}&pageSize=${pageSize}`, { cookie: secretary });
      expect(r.statusCode, r.body).toBe(200);
      const body = json<{ items: { id: number }[]; total: number }>(r);
      if (total >= 0) expect(body.total).toBe(total); // the same total on every page
      total = body.total;
      out.push(...body.items.map((i) => i.id));
      if (!body.items.length || out.length >= total) break;
    }
    return { ids: out, total };
  }

  it('equals a recomputation after the seed', async () => {
    const { keys, truth, n } = await keysAndTruth();
    expect(n).toBeGreaterThan(10);
    expect(keys).toEqual(truth);
  });

  it('follows links declared, edited, confirmed and deleted, firms and items renamed, members leaving and joining', async () => {
    const item = json(await t.call('POST', '/api/chain/items', { cookie: secretary, body: { name: '键测试物料' }, headers: idem() })).id as number;
    const members = (await t.handle.db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', allianceId).orderBy('enterprise_id', 'desc').limit(3).execute()).map((m) => m.enterprise_id);
    const [a, b, c] = members as [number, number, number];
    const made = await t.call('POST', '/api/chain/links', { cookie: secretary, body: { supplierId: a, customerId: b, itemId: item, sharePct: 30, leadDays: 2 }, headers: idem() });
    expect(made.statusCode, made.body).toBe(201);
    const link = json<{ id: number; version: number }>(made);
    await expectKept();
    await t.handle.db.updateTable('supply_links').set({ status: 'pending' }).where('id', '=', link.id).execute();
    await expectKept();
    await t.handle.db.updateTable('supply_links').set({ customer_id: c }).where('id', '=', link.id).execute();
    await expectKept();
    await t.handle.db.updateTable('enterprises').set({ name: '改名后的需求方' }).where('id', '=', c).execute();
    await t.handle.db.updateTable('chain_items').set({ name: '改名后的物料' }).where('id', '=', item).execute();
    await expectKept();
    // The supplier leaves: its links are no longer read; it joins again: they are.
    const membership = await t.handle.db.selectFrom('alliance_members').selectAll().where('alliance_id', '=', allianceId).where('enterprise_id', '=', a).executeTakeFirstOrThrow();
    await t.handle.db.deleteFrom('alliance_members').where('alliance_id', '=', allianceId).where('enterprise_id', '=', a).execute();
    expect((await t.handle.db.selectFrom('link_keys').select('live').where('link_id', '=', link.id).executeTakeFirstOrThrow()).live).toBe(0);
    await expectKept();
    await t.handle.db.insertInto('alliance_members').values(membership).execute();
    expect((await t.handle.db.selectFrom('link_keys').select('live').where('link_id', '=', link.id).executeTakeFirstOrThrow()).live).toBe(1);
    await expectKept();
    await t.handle.db.deleteFrom('supply_links').where('id', '=', link.id).execute();
    await expectKept();
  });

  it('lists, pages and counts the links the join gives, in its order, with every filter', async () => {
    const all = (await join().execute()).map((r) => r.id);
    expect(all.length).toBeGreaterThan(10);
    const listed = await pages('x=1', 7);
    expect(listed.total).toBe(all.length);
    expect(listed.ids).toEqual(all);
    const one = (await join().select('l.supplier_id').executeTakeFirstOrThrow()).supplier_id;
    const ofFirm = (await join().where((eb) => eb.or([eb('l.supplier_id', '=', one), eb('l.customer_id', '=', one)])).execute()).map((r) => r.id);
    expect(await pages(`enterpriseId=${one}`, 3)).toEqual({ ids: ofFirm, total: ofFirm.length });
    const itemId = (await join().select('l.item_id').executeTakeFirstOrThrow()).item_id;
    const ofItem = (await join().where('l.item_id', '=', itemId).execute()).map((r) => r.id);
    expect(await pages(`itemId=${itemId}`, 3)).toEqual({ ids: ofItem, total: ofItem.length });
    for (const status of ['pending', 'confirmed']) {
      const want = (await join().where('l.status', '=', status).execute()).map((r) => r.id);
      expect(await pages(`status=${status}`, 5), status).toEqual({ ids: want, total: want.length });
    }
    // Past the end: no rows, the same total.
    const beyond = json<{ items: unknown[]; total: number }>(await t.call('GET', '/api/chain/links?page=1000&pageSize=50', { cookie: secretary }));
    expect(beyond).toMatchObject({ items: [], total: all.length });
  });

  it('the migration backfills the same keys (down, then up again)', async () => {
    await m0025.down(t.handle.db);
    await m0025.up(t.handle.db);
    const { keys, truth, n } = await keysAndTruth();
    expect(n).toBeGreaterThan(10);
    expect(keys).toEqual(truth);
  });
});
