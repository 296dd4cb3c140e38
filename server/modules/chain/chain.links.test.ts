/**
 * The supply-link API: who declares, who confirms, who sees what, the share-sum rule, edits
 * that need the other side again, customer facts, deletes and the audit trail — through HTTP,
 * on every dialect. Every link here is made by the test itself on fresh items, so the demo map
 * only supplies the member firms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json } from '../../test/helpers';

type Link = { id: number; supplier: { id: number }; customer: { id: number }; item: { id: number; name: string }; sharePct: number; essential: boolean; leadDays: number; stockDays: number | null; status: string; declaredBy: string; canConfirm: boolean; confirmedAt: string | null; version: number };

describe.each(DIALECTS)('supply links (%s)', (dialect) => {
  let t: TestApp;
  let secretary: string;
  let firm: string; // enterprise_admin of firm 1
  let staff: string; // enterprise_staff of firm 1
  let fishery: string;
  let customerAdmin: string; // enterprise_admin of firm C, made by the test
  let C = 0; // a customer of firm 1
  let S2 = 0; // another supplier of C
  let itemN = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    secretary = await t.login('secretary');
    firm = await t.login('firm');
    staff = await t.login('staff');
    fishery = await t.login('secretary-fishery');
    const members = json(await t.call('GET', '/api/enterprises?pageSize=200', { cookie: secretary })).items.map((e: { id: number }) => e.id).filter((id: number) => id !== 1);
    [C, S2] = [members[members.length - 1], members[members.length - 2]];
    const created = await t.call('POST', '/api/users', {
      cookie: secretary,
      body: { username: 'chain-customer', displayName: '需求方管理员', password: 'Chain2026Pass', grants: [{ role: 'enterprise_admin', enterpriseId: C }] },
      headers: idem(),
    });
    expect(created.statusCode, created.body).toBe(201);
    customerAdmin = await t.login('chain-customer', 'Chain2026Pass');
  });
  afterAll(async () => {
    await t?.close();
  });

  const newItem = async () => {
    const res = await t.call('POST', '/api/chain/items', { cookie: secretary, body: { name: `链路测试物料${++itemN}` }, headers: idem() });
    expect(res.statusCode, res.body).toBe(201);
    return json(res).id as number;
  };
  const declare = (cookie: string, body: Record<string, unknown>) => t.call('POST', '/api/chain/links', { cookie, body, headers: idem() });
  const get = async (cookie: string, id: number) => json<Link>(await t.call('GET', `/api/chain/links/${id}`, { cookie }));
  const countLinks = async () => Number((await t.handle.db.selectFrom('supply_links').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const auditsOf = (id: number) => t.handle.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'alliance_id']).where('target_type', '=', 'supply_link').where('target_id', '=', String(id)).orderBy('id').execute();

  it('staff declare a confirmed link; the customer facts are theirs to state', async () => {
    const itemId = await newItem();
    const res = await declare(secretary, { supplierId: 1, customerId: C, itemId, sharePct: 40, leadDays: 3, essential: false, stockDays: 4.5 });
    expect(res.statusCode, res.body).toBe(201);
    const l = json<Link>(res);
    expect(l).toMatchObject({ supplier: { id: 1 }, customer: { id: C }, item: { id: itemId }, sharePct: 40, leadDays: 3, essential: false, stockDays: 4.5, status: 'confirmed', declaredBy: 'alliance', canConfirm: false, version: 1 });
    expect(l.confirmedAt).not.toBeNull();
  });

  it('a firm declares as supplier: pending; only the customer’s admin may confirm, with the current version', async () => {
    const itemId = await newItem();
    const res = await declare(firm, { supplierId: 1, customerId: C, itemId, sharePct: 30, leadDays: 2 });
    expect(res.statusCode, res.body).toBe(201);
    const l = json<Link>(res);
    expect(l).toMatchObject({ status: 'pending', declaredBy: 'supplier', canConfirm: false, confirmedAt: null, stockDays: null });
    // The customer sees it waiting for them (with its own stock), staff see it too.
    expect(await get(customerAdmin, l.id)).toMatchObject({ status: 'pending', canConfirm: true, stockDays: 0 });
    expect((await get(secretary, l.id)).canConfirm).toBe(false);
    // The declaring side cannot confirm its own word.
    expectProblem(await t.call('POST', `/api/chain/links/${l.id}/confirm`, { cookie: firm, body: { version: l.version } }), 403, 'forbidden');
    // A stale version is a conflict naming the current one.
    const stale = expectProblem(await t.call('POST', `/api/chain/links/${l.id}/confirm`, { cookie: customerAdmin, body: { version: l.version + 5 } }), 409, 'version_conflict');
    expect(stale.detail).toContain(String(l.version));
    const ok = await t.call('POST', `/api/chain/links/${l.id}/confirm`, { cookie: customerAdmin, body: { version: l.version } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json<Link>(ok)).toMatchObject({ status: 'confirmed', canConfirm: false, version: l.version + 1 });
    expect(json<Link>(ok).confirmedAt).not.toBeNull();
    expectProblem(await t.call('POST', `/api/chain/links/${l.id}/confirm`, { cookie: customerAdmin, body: { version: l.version + 1 } }), 400, 'validation_failed');
  });

  it('enterprise staff cannot declare; a firm cannot declare a link between two other firms', async () => {
    const itemId = await newItem();
    const before = await countLinks();
    expectProblem(await declare(staff, { supplierId: 1, customerId: C, itemId, sharePct: 10, leadDays: 1 }), 403, 'forbidden');
    expectProblem(await declare(firm, { supplierId: S2, customerId: C, itemId, sharePct: 10, leadDays: 1 }), 403, 'forbidden');
    expect(await countLinks()).toBe(before);
  });

  it('visibility: the supplier sees its own links, never its customer’s other suppliers', async () => {
    const itemId = await newItem();
    const mine = json<Link>(await declare(secretary, { supplierId: 1, customerId: C, itemId, sharePct: 50, leadDays: 2 }));
    const other = json<Link>(await declare(secretary, { supplierId: S2, customerId: C, itemId, sharePct: 50, leadDays: 2 }));
    const list = async (cookie: string, q = '') => json<{ items: Link[]; total: number }>(await t.call('GET', `/api/chain/links?pageSize=1000${q}`, { cookie }));

    const staffView = await list(secretary, `&enterpriseId=${C}`);
    expect(staffView.items.map((l) => l.id)).toEqual(expect.arrayContaining([mine.id, other.id]));
    const firmView = await list(firm, `&enterpriseId=${C}`);
    expect(firmView.items.map((l) => l.id)).toContain(mine.id);
    expect(firmView.items.map((l) => l.id)).not.toContain(other.id);
    // Everything the firm sees has firm 1 on one side, and it is exactly the staff view of firm 1.
    const all = await list(firm);
    expect(all.items.every((l) => l.supplier.id === 1 || l.customer.id === 1)).toBe(true);
    expect(all.items.map((l) => l.id).sort()).toEqual((await list(secretary, '&enterpriseId=1')).items.map((l) => l.id).sort());
    expect(all.total).toBe(all.items.length);
    // The customer sees both of its suppliers; as supplier the firm never sees the customer's stock.
    expect((await list(customerAdmin, `&itemId=${itemId}`)).items.map((l) => l.id).sort()).toEqual([mine.id, other.id].sort());
    expect(all.items.filter((l) => l.supplier.id === 1).every((l) => l.stockDays === null)).toBe(true);

    // One answer for "not yours" and "not there": 404.
    expectProblem(await t.call('GET', `/api/chain/links/${other.id}`, { cookie: firm }), 404, 'not_found');
    expectProblem(await t.call('GET', `/api/chain/links/${other.id}`, { cookie: staff }), 404, 'not_found');
    expectProblem(await t.call('PATCH', `/api/chain/links/${other.id}`, { cookie: firm, body: { version: 1, leadDays: 9 } }), 404, 'not_found');
    expectProblem(await t.call('DELETE', `/api/chain/links/${other.id}?version=1`, { cookie: firm }), 404, 'not_found');
    expect((await t.call('GET', `/api/chain/links/${mine.id}`, { cookie: staff })).statusCode).toBe(200);
  });

  it('another alliance’s link ids answer 404, both ways', async () => {
    const itemId = await newItem();
    const leather = json<Link>(await declare(secretary, { supplierId: 1, customerId: C, itemId, sharePct: 5, leadDays: 2 }));
    expectProblem(await t.call('GET', `/api/chain/links/${leather.id}`, { cookie: fishery }), 404, 'not_found');
    expectProblem(await t.call('PATCH', `/api/chain/links/${leather.id}`, { cookie: fishery, body: { version: 1, leadDays: 9 } }), 404, 'not_found');
    expectProblem(await t.call('POST', `/api/chain/links/${leather.id}/confirm`, { cookie: fishery, body: { version: 1 } }), 404, 'not_found');
    expectProblem(await t.call('DELETE', `/api/chain/links/${leather.id}?version=1`, { cookie: fishery }), 404, 'not_found');
    expect(json(await t.call('GET', '/api/chain/links?pageSize=1000', { cookie: fishery })).items.map((l: Link) => l.id)).not.toContain(leather.id);
    // A fishery link whose supplier is not also a leather member (firms may belong to several alliances).
    const leatherMembers = new Set((await t.handle.db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', 1).execute()).map((m) => m.enterprise_id));
    const fisheryLink = (json(await t.call('GET', '/api/chain/links?pageSize=1000', { cookie: fishery })).items as Link[]).find((l) => !leatherMembers.has(l.supplier.id))!;
    expect(fisheryLink).toBeDefined();
    expectProblem(await t.call('GET', `/api/chain/links/${fisheryLink.id}`, { cookie: secretary }), 404, 'not_found');
    expectProblem(await t.call('GET', `/api/chain/links/${fisheryLink.id}`, { cookie: firm }), 404, 'not_found');
    // A fishery firm is not a member here: declaring with it is a field error.
    const bad = expectProblem(await declare(secretary, { supplierId: fisheryLink.supplier.id, customerId: C, itemId, sharePct: 5, leadDays: 2 }), 400, 'validation_failed');
    expect(bad.errors).toEqual([expect.objectContaining({ path: 'supplierId', code: 'not_a_member' })]);
  });

  it('share sum: 70 % registered + 40 % more is refused by how much, and nothing is written', async () => {
    const itemId = await newItem();
    expect((await declare(secretary, { supplierId: 1, customerId: C, itemId, sharePct: 70, leadDays: 2 })).statusCode).toBe(201);
    const [links, audits] = [await countLinks(), Number((await t.handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)];
    const doc = expectProblem(await declare(secretary, { supplierId: S2, customerId: C, itemId, sharePct: 40, leadDays: 2 }), 400, 'validation_failed');
    expect(doc.errors).toHaveLength(1);
    expect(doc.errors![0]).toMatchObject({ path: 'sharePct', code: 'share_sum_exceeded', params: { totalPct: 110, excessPct: 10 } });
    expect(doc.errors![0]!.message).toBe('该企业此物料的供货份额合计 110%，超出 100% 共 10 个百分点。');
    expect(await countLinks()).toBe(links);
    expect(Number((await t.handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(audits);
    // Exactly 100 % is fine; an edit that lifts the total over is refused the same way.
    const fill = json<Link>(await declare(secretary, { supplierId: S2, customerId: C, itemId, sharePct: 30, leadDays: 2 }));
    expect(fill.status).toBe('confirmed');
    const edit = expectProblem(await t.call('PATCH', `/api/chain/links/${fill.id}`, { cookie: secretary, body: { version: fill.version, sharePct: 30.5 } }), 400, 'validation_failed');
    expect(edit.errors![0]).toMatchObject({ path: 'sharePct', code: 'share_sum_exceeded', params: { totalPct: 100.5, excessPct: 0.5 } });
    // More than two decimals is a schema error.
    const decimals = expectProblem(await declare(secretary, { supplierId: 1, customerId: S2, itemId, sharePct: 10.125, leadDays: 2 }), 400, 'validation_failed');
    expect(decimals.errors![0]).toMatchObject({ path: 'sharePct', code: 'at_most_two_decimals' });
  });

  it('an edit by one side sends a confirmed link back to pending, for the other side to confirm', async () => {
    const itemId = await newItem();
    const l = json<Link>(await declare(secretary, { supplierId: 1, customerId: C, itemId, sharePct: 20, leadDays: 2, stockDays: 3 }));
    expect(l.status).toBe('confirmed');
    const res = await t.call('PATCH', `/api/chain/links/${l.id}`, { cookie: firm, body: { version: l.version, leadDays: 4 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<Link>(res)).toMatchObject({ leadDays: 4, status: 'pending', declaredBy: 'supplier', confirmedAt: null, canConfirm: false, version: 2 });
    expect(await get(customerAdmin, l.id)).toMatchObject({ status: 'pending', canConfirm: true, stockDays: 3 });
    // Stale versions are refused for edits as for confirmations.
    expectProblem(await t.call('PATCH', `/api/chain/links/${l.id}`, { cookie: customerAdmin, body: { version: 1, leadDays: 5 } }), 409, 'version_conflict');
    // The customer changing only its own facts (stock) does not need the supplier again.
    const facts = await t.call('PATCH', `/api/chain/links/${l.id}`, { cookie: customerAdmin, body: { version: 2, stockDays: 6 } });
    expect(facts.statusCode, facts.body).toBe(200);
    expect(json<Link>(facts)).toMatchObject({ stockDays: 6, status: 'pending', declaredBy: 'supplier', canConfirm: true, version: 3 });
    const confirmed = await t.call('POST', `/api/chain/links/${l.id}/confirm`, { cookie: customerAdmin, body: { version: 3 } });
    expect(json<Link>(confirmed)).toMatchObject({ status: 'confirmed', leadDays: 4 });
    // A customer's change of the link itself goes back to the supplier.
    const back = json<Link>(await t.call('PATCH', `/api/chain/links/${l.id}`, { cookie: customerAdmin, body: { version: 4, sharePct: 25 } }));
    expect(back).toMatchObject({ status: 'pending', declaredBy: 'customer', sharePct: 25 });
    expect(await get(firm, l.id)).toMatchObject({ canConfirm: true });
    // Staff edits stand as they are.
    const byStaff = json<Link>(await t.call('PATCH', `/api/chain/links/${l.id}`, { cookie: secretary, body: { version: 5, leadDays: 1 } }));
    expect(byStaff).toMatchObject({ status: 'pending', leadDays: 1, version: 6 });
  });

  it('the supplier may not state the customer’s facts (essential, stock): refused on declaring as on editing, naming the field', async () => {
    const itemId = await newItem();
    const before = await countLinks();
    // Declaring as the supplier with the customer's facts is refused — not silently dropped.
    const both = expectProblem(await declare(firm, { supplierId: 1, customerId: C, itemId, sharePct: 20, leadDays: 2, essential: false, stockDays: 9 }), 400, 'validation_failed');
    expect(both.errors).toEqual([expect.objectContaining({ path: 'essential', code: 'customer_fact' }), expect.objectContaining({ path: 'stockDays', code: 'customer_fact' })]);
    expect(both.errors![0]!.message).toBe('是否关键物料、库存天数由需求方填写。');
    for (const [field, value] of [['essential', true], ['stockDays', 0]] as const) {
      const one = expectProblem(await declare(firm, { supplierId: 1, customerId: C, itemId, sharePct: 20, leadDays: 2, [field]: value }), 400, 'validation_failed');
      expect(one.errors).toEqual([expect.objectContaining({ path: field, code: 'customer_fact' })]);
    }
    expect(await countLinks()).toBe(before);
    expect(await t.handle.db.selectFrom('chain_needs').select('id').where('item_id', '=', itemId).execute()).toEqual([]);
    // Without them the supplier's declaration stands; the customer's need starts at the defaults.
    const declared = await declare(firm, { supplierId: 1, customerId: C, itemId, sharePct: 20, leadDays: 2 });
    expect(declared.statusCode, declared.body).toBe(201);
    const l = await get(customerAdmin, json<Link>(declared).id);
    expect(l).toMatchObject({ essential: true, stockDays: 0 });
    // The customer declaring states them.
    const itemB = await newItem();
    const mine = await declare(customerAdmin, { supplierId: S2, customerId: C, itemId: itemB, sharePct: 20, leadDays: 2, essential: false, stockDays: 9 });
    expect(mine.statusCode, mine.body).toBe(201);
    expect(json<Link>(mine)).toMatchObject({ declaredBy: 'customer', essential: false, stockDays: 9 });
    const r1 = expectProblem(await t.call('PATCH', `/api/chain/links/${l.id}`, { cookie: firm, body: { version: l.version, essential: false } }), 400, 'validation_failed');
    expect(r1.errors).toEqual([expect.objectContaining({ path: 'essential', code: 'customer_fact' })]);
    const r2 = expectProblem(await t.call('PATCH', `/api/chain/links/${l.id}`, { cookie: firm, body: { version: l.version, stockDays: 2 } }), 400, 'validation_failed');
    expect(r2.errors).toEqual([expect.objectContaining({ path: 'stockDays', code: 'customer_fact' })]);
    expect(await get(customerAdmin, l.id)).toMatchObject({ essential: true, stockDays: 0, version: l.version });
  });

  it('delete needs the current version; every step leaves an audit row', async () => {
    const itemId = await newItem();
    const l = json<Link>(await declare(firm, { supplierId: 1, customerId: C, itemId, sharePct: 15, leadDays: 2 }));
    await t.call('POST', `/api/chain/links/${l.id}/confirm`, { cookie: customerAdmin, body: { version: 1 } });
    await t.call('PATCH', `/api/chain/links/${l.id}`, { cookie: secretary, body: { version: 2, leadDays: 3 } });
    expectProblem(await t.call('DELETE', `/api/chain/links/${l.id}?version=2`, { cookie: firm }), 409, 'version_conflict');
    expectProblem(await t.call('DELETE', `/api/chain/links/${l.id}?version=3`, { cookie: staff }), 403, 'forbidden');
    const del = await t.call('DELETE', `/api/chain/links/${l.id}?version=3`, { cookie: firm });
    expect(del.statusCode, del.body).toBe(200);
    expectProblem(await t.call('GET', `/api/chain/links/${l.id}`, { cookie: secretary }), 404, 'not_found');
    const ids = {
      firm: json(await t.call('GET', '/api/session', { cookie: firm })).user.id,
      customer: json(await t.call('GET', '/api/session', { cookie: customerAdmin })).user.id,
      secretary: json(await t.call('GET', '/api/session', { cookie: secretary })).user.id,
    };
    expect(await auditsOf(l.id)).toEqual([
      { action: 'chain.link_declare', actor_user_id: ids.firm, alliance_id: 1 },
      { action: 'chain.link_confirm', actor_user_id: ids.customer, alliance_id: 1 },
      { action: 'chain.link_update', actor_user_id: ids.secretary, alliance_id: 1 },
      { action: 'chain.link_delete', actor_user_id: ids.firm, alliance_id: 1 },
    ]);
  });

  it('a link is declared once per supplier, customer and item; supplier and customer differ', async () => {
    const itemId = await newItem();
    expect((await declare(secretary, { supplierId: 1, customerId: C, itemId, sharePct: 10, leadDays: 2 })).statusCode).toBe(201);
    const dup = expectProblem(await declare(secretary, { supplierId: 1, customerId: C, itemId, sharePct: 10, leadDays: 2 }), 400, 'validation_failed');
    expect(dup.errors).toEqual([expect.objectContaining({ path: 'itemId', code: 'link_exists' })]);
    const same = expectProblem(await declare(secretary, { supplierId: C, customerId: C, itemId, sharePct: 10, leadDays: 2 }), 400, 'validation_failed');
    expect(same.errors).toEqual([expect.objectContaining({ path: 'customerId', code: 'same_enterprise' })]);
    const unknown = expectProblem(await declare(secretary, { supplierId: 1, customerId: C, itemId: 999_999, sharePct: 10, leadDays: 2 }), 400, 'validation_failed');
    expect(unknown.errors).toEqual([expect.objectContaining({ path: 'itemId', code: 'unknown_item' })]);
  });
});
