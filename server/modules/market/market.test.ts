import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/auth/policy';
import type { Ctx } from '../../core/context';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json } from '../../test/helpers';
import { currentForecast } from '../chain/chain.forecast';
import * as service from './market.service';

const firmCtx = (enterpriseId: number): Ctx => {
  const actor: Actor = {
    userId: 1, username: 'f', displayName: 'f', locale: 'zh-CN', sessionId: 's', allianceId: 1, grants: [{ role: 'enterprise_admin', allianceId: null, workingGroup: null, enterpriseId }],
    roles: new Set(['enterprise_admin']), workingGroups: [], enterpriseIds: [enterpriseId], caseload: [],
  };
  return { actor, requestId: `m-${enterpriseId}`, locale: 'zh-CN' };
};

describe.each(DIALECTS)('resource board and orders (%s)', (dialect) => {
  let t: TestApp;
  let sec: string;
  let firm: string;
  let firmId: number;
  let others: number[];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    sec = await t.login('secretary');
    firm = await t.login('firm');
    firmId = t.seed.users.find((u) => u.username === 'firm')!.grants[0]!.enterpriseId!;
    others = (await t.deps.db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', 1).where('enterprise_id', '!=', firmId).orderBy('enterprise_id').limit(3).execute()).map((r) => r.enterprise_id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('offers and needs match with explanations; an urgent need (binding chain input) ranks first; a deal needs both sides', async () => {
    // The firm needs 熔喷布 (2 days in stock) from one supplier S only, whose own capacity is 10 %:
    // the current forecast breaks the firm with 熔喷布 as the binding input.
    const at = '2026-11-20T00:00:00Z';
    const item = await t.deps.db.insertInto('chain_items').values({ alliance_id: 1, name: '熔喷布', created_at: at }).returning('id').executeTakeFirstOrThrow();
    const steel = await t.deps.db.insertInto('chain_items').values({ alliance_id: 1, name: '冷轧钢板', created_at: at }).returning('id').executeTakeFirstOrThrow();
    await t.deps.db.deleteFrom('chain_needs').where('enterprise_id', 'in', [firmId, others[1]!]).where('alliance_id', '=', 1).execute();
    await t.deps.db.insertInto('chain_needs').values({ alliance_id: 1, enterprise_id: firmId, item_id: item.id, essential: 1, stock_days: 2, updated_at: at }).execute();
    // Fewer days of stock but no break in the forecast: not urgent (stock alone is not the test).
    await t.deps.db.insertInto('chain_needs').values({ alliance_id: 1, enterprise_id: firmId, item_id: steel.id, essential: 1, stock_days: 1, updated_at: at }).execute();
    const before = await currentForecast(t.deps, 1);
    const members = (await t.deps.db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', 1).execute()).map((m) => m.enterprise_id);
    // A member outside the firm's own supply relations (neither its customer nor already its
    // supplier), preferably one that supplies nobody, so its stop touches the firm alone.
    const unrelated = members.filter((m) => m !== firmId && !(before.customers.get(firmId) ?? []).includes(m) && !(before.customers.get(m) ?? []).includes(firmId));
    const supplier = unrelated.find((m) => !before.customers.has(m)) ?? unrelated[0]!;
    const last = await t.deps.db.selectFrom('resumption_reports').select((eb) => eb.fn.max('report_date').as('d')).where('enterprise_id', '=', supplier).executeTakeFirstOrThrow();
    await t.deps.db.updateTable('resumption_reports').set({ capacity_pct: 10, output_pct: 10 }).where('enterprise_id', '=', supplier).where('report_date', '=', String(last.d)).execute();
    await t.deps.db.insertInto('supply_links').values({ alliance_id: 1, supplier_id: supplier, customer_id: firmId, item_id: item.id, share_bp: 10_000, lead_days: 1, status: 'confirmed', declared_by: 'customer', declared_by_user: null, confirmed_by_user: null, confirmed_at: at, created_at: at, updated_at: at }).execute();
    const forecast = await currentForecast(t.deps, 1);
    const own = forecast.breaks.find((b) => b.enterpriseId === firmId)!;
    expect(own).toMatchObject({ item: '熔喷布' });
    expect(forecast.breaks.some((b) => b.item === '冷轧钢板')).toBe(false);
    const post = (cookie: string, body: Record<string, unknown>) => t.call('POST', '/api/market/posts', { cookie, headers: idem(), body: { kind: 'raw_material', item: '熔喷布', spec: 'BFE99', availableFrom: '2026-11-25', availableTo: '2026-12-10', ...body } });
    const need = await post(firm, { enterpriseId: firmId, side: 'need', quantity: { amount: 500_000, unit: 'kg' }, districtCode: '330302' });
    expect(need.statusCode, need.body).toBe(201);
    expect(json(need)).toMatchObject({ urgent: true, urgentBreak: { enterprise: { id: firmId }, day: own.day, item: '熔喷布' } });
    const steelNeed = await post(firm, { enterpriseId: firmId, side: 'need', item: '冷轧钢板', spec: '', quantity: { amount: 100_000, unit: 'kg' } });
    expect(json(steelNeed)).toMatchObject({ urgent: false, urgentBreak: null });
    // A customer of the firm breaks on 牛皮革 (demo map): the firm's need for it is urgent too, explained by that break.
    const customerBreak = forecast.breaks.find((b) => b.enterpriseId !== firmId && (forecast.customers.get(firmId) ?? []).includes(b.enterpriseId))!;
    expect(customerBreak).toBeDefined();
    const forCustomer = await post(firm, { enterpriseId: firmId, side: 'need', item: customerBreak.item, spec: '', quantity: { amount: 100_000, unit: 'kg' } });
    expect(json(forCustomer).urgentBreak).toMatchObject({ day: customerBreak.day, item: customerBreak.item });
    expect(forecast.customers.get(firmId)).toContain(json(forCustomer).urgentBreak.enterprise.id);
    expectProblem(await post(firm, { enterpriseId: others[0], side: 'offer', quantity: { amount: 1, unit: 'kg' } }), 403, 'forbidden');
    const o = await t.deps.db.transaction().execute((trx) => service.createPost(trx, t.deps, firmCtx(others[0]!), { enterpriseId: others[0]!, side: 'offer', kind: 'raw_material', item: '熔 喷 布', spec: 'BFE99', quantity: { amount: 300_000, unit: 't' }, availableFrom: '2026-11-20', availableTo: '2026-11-30', districtCode: '330381', unitPriceFen: 2000, note: '' }));
    await t.deps.db.transaction().execute((trx) => service.createPost(trx, t.deps, firmCtx(others[1]!), { enterpriseId: others[1]!, side: 'need', kind: 'raw_material', item: '熔喷布', spec: '', quantity: { amount: 400_000, unit: 'kg' }, availableFrom: '2026-11-20', availableTo: '2026-11-30', districtCode: '330381', unitPriceFen: null, note: '' }));
    const board = json<{ items: { id: number; urgent: boolean }[] }>(await t.call('GET', '/api/market/posts?side=need', { cookie: sec })).items;
    // Urgent first, the earliest break first.
    expect(board.slice(0, 2).map((p) => p.id)).toEqual(own.day <= customerBreak.day ? [json(need).id, json(forCustomer).id] : [json(forCustomer).id, json(need).id]);
    expect(board.filter((p) => p.urgent).map((p) => p.id).sort()).toEqual([json(need).id, json(forCustomer).id].sort());
    const matches = json<{ items: { offerId: number; needId: number; amount: number; urgent: boolean; reasons: { code: string }[] }[] }>(await t.call('GET', '/api/market/matches', { cookie: sec })).items.filter((m) => m.offerId === o.body.id);
    // Short supply (300 kg for 900 kg of needs): the urgent need is served first, in full... of what there is.
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({ offerId: o.body.id, needId: json(need).id, amount: 300_000, urgent: true });
    expect(matches[0]!.reasons.map((r) => r.code)).toEqual(['binding_input', 'item', 'spec_exact', 'dates_overlap', 'same_city', 'priced']);
    // The firm sees the proposal touching its need.
    expect(json<{ items: { needId: number }[] }>(await t.call('GET', '/api/market/matches', { cookie: firm })).items.map((m) => m.needId)).toEqual([json(need).id]);
    // The firm proposes the deal; the other side confirms; delivery and receipt.
    const dealRes = await t.call('POST', '/api/market/deals', { cookie: firm, headers: idem(), body: { offerId: o.body.id, needId: json(need).id, amount: 300_000 } });
    expect(dealRes.statusCode, dealRes.body).toBe(201);
    const deal = json(dealRes);
    expect(deal).toMatchObject({ status: 'proposed', needConfirmed: true, offerConfirmed: false, unitPriceFen: 2000 });
    const agreed = await service.dealStep(t.deps, firmCtx(others[0]!), deal.id, { version: deal.version, step: 'confirm' });
    expect(agreed.status).toBe('agreed');
    const delivered = await service.dealStep(t.deps, firmCtx(others[0]!), deal.id, { version: agreed.version, step: 'deliver', amount: 300_000 });
    expectProblem(await t.call('POST', `/api/market/deals/${deal.id}/step`, { cookie: firm, body: { version: agreed.version, step: 'receive' } }), 409, 'version_conflict');
    const received = json(await t.call('POST', `/api/market/deals/${deal.id}/step`, { cookie: firm, body: { version: delivered.version, step: 'receive' } }));
    expect(received).toMatchObject({ status: 'received', deliveredAmount: 300_000, receivedAmount: 300_000 });
    // A third firm sees neither the deal nor its price.
    expect((await service.listDeals(t.deps, firmCtx(others[2]!))).items).toEqual([]);
  });

  it('orders: quotes, split, deliveries; commercial details only for the parties and staff', async () => {
    const res = await t.call('POST', '/api/market/orders', { cookie: firm, headers: idem(), body: { enterpriseId: firmId, title: '外贸订单转包', item: '皮鞋鞋面', spec: '头层牛皮', unit: 'pair', count: 1000, needBy: '2026-12-20', targetPriceFen: 3500, customer: '意大利客户 A' } });
    expect(res.statusCode, res.body).toBe(201);
    const order = json(res);
    const [a, b, c] = others as [number, number, number];
    await t.deps.db.transaction().execute((trx) => service.createQuote(trx, t.deps, firmCtx(a), order.id, { enterpriseId: a, count: 600, unitPriceFen: 3200, deliveryDate: '2026-12-15', note: '' }));
    await t.deps.db.transaction().execute((trx) => service.createQuote(trx, t.deps, firmCtx(b), order.id, { enterpriseId: b, count: 800, unitPriceFen: 3000, deliveryDate: '2026-12-18', note: '' }));
    // Visibility.
    const asStaff = json(await t.call('GET', `/api/market/orders/${order.id}`, { cookie: sec }));
    expect(asStaff).toMatchObject({ targetPriceFen: 3500, customer: '意大利客户 A', quoteCount: 2, party: true });
    expect(asStaff.quotes).toHaveLength(2);
    const asQuoter = await service.getOrder(t.deps.db, firmCtx(a), order.id);
    expect(asQuoter).toMatchObject({ targetPriceFen: null, customer: null, quoteCount: 2, party: true });
    expect(asQuoter.quotes.map((q) => q.enterprise.id)).toEqual([a]);
    const asOther = await service.getOrder(t.deps.db, firmCtx(c), order.id);
    expect(asOther).toMatchObject({ targetPriceFen: null, customer: null, quotes: [], party: false, count: 1000, item: '皮鞋鞋面' });
    expectProblem(await t.call('GET', `/api/market/orders/${order.id}`, { cookie: await t.login('secretary-fishery') }), 404, 'not_found');
    // The poster: suggestion (cheapest first), then a split by hand.
    const sug = json(await t.call('GET', `/api/market/orders/${order.id}/split-suggestion`, { cookie: firm }));
    expect(sug).toMatchObject({ filled: 1000, unfilled: 0, totalFen: 800 * 3000 + 200 * 3200 });
    await expect(service.suggestOrderSplit(t.deps, firmCtx(a), order.id)).rejects.toMatchObject({ code: 'not_found' });
    const quoteA = asStaff.quotes.find((q: { enterprise: { id: number } }) => q.enterprise.id === a).id;
    const quoteB = asStaff.quotes.find((q: { enterprise: { id: number } }) => q.enterprise.id === b).id;
    expectProblem(await t.call('POST', `/api/market/orders/${order.id}/split`, { cookie: firm, body: { version: order.version, lines: [{ quoteId: quoteA, count: 700 }] } }), 422, 'split_invalid');
    const split = json(await t.call('POST', `/api/market/orders/${order.id}/split`, { cookie: firm, body: { version: order.version, lines: [{ quoteId: quoteA, count: 500 }, { quoteId: quoteB, count: 500 }] } }));
    expect(split.status).toBe('split');
    const d1 = await t.call('POST', `/api/market/orders/${order.id}/deliveries`, { cookie: firm, headers: idem(), body: { quoteId: quoteA, count: 500 } });
    expect(d1.statusCode, d1.body).toBe(201);
    expectProblem(await t.call('POST', `/api/market/orders/${order.id}/deliveries`, { cookie: firm, headers: idem(), body: { quoteId: quoteB, count: 501 } }), 400, 'validation_failed');
    const done = json(await t.call('POST', `/api/market/orders/${order.id}/deliveries`, { cookie: firm, headers: idem(), body: { quoteId: quoteB, count: 500 } }));
    expect(done.status).toBe('completed');
  });
});
