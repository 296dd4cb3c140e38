/**
 * Totals of group purchasing and of the resource board / orders against the database, on both
 * dialects: an alliance's figures (overview) and the city's (city view) move by exactly what
 * each write adds, money exact to the fen at the tier reached; scope and access.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/auth/policy';
import type { Ctx } from '../../core/context';
import { DIALECTS, TEST_NOW, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json } from '../../test/helpers';
import * as market from '../market/market.service';
import type { MarketFigures } from '../market/market.schema';
import * as purchasing from '../purchasing/purchasing.service';
import type { PurchasingFigures } from '../purchasing/purchasing.schema';
import type { CoSharingResponse } from './city.schema';

const firmCtx = (enterpriseId: number): Ctx => {
  const actor: Actor = {
    userId: 1, username: 'f', displayName: 'f', locale: 'zh-CN', sessionId: 's', allianceId: 1, grants: [{ role: 'enterprise_admin', allianceId: null, workingGroup: null, enterpriseId }],
    roles: new Set(['enterprise_admin']), workingGroups: [], enterpriseIds: [enterpriseId], caseload: [],
  };
  return { actor, requestId: `c-${enterpriseId}`, locale: 'zh-CN' };
};
const pcs = (f: PurchasingFigures) => f.units.find((u) => u.unit === 'pcs') ?? { pledgedCount: 0, allocatedCount: 0, receivedCount: 0 };

describe.each(DIALECTS)('co-sharing figures (%s)', (dialect) => {
  let t: TestApp;
  let sec: string;
  let firm: string;
  let admin: string;
  let firmId: number;
  let others: number[];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    sec = await t.login('secretary');
    firm = await t.login('firm');
    admin = await t.login('admin');
    firmId = t.seed.users.find((u) => u.username === 'firm')!.grants[0]!.enterpriseId!;
    others = (await t.deps.db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', 1).where('enterprise_id', '!=', firmId).orderBy('enterprise_id').limit(2).execute()).map((r) => r.enterprise_id);
  });
  afterAll(async () => {
    await t?.close();
  });

  const figures = async () => ({
    p: json<PurchasingFigures>(await t.call('GET', '/api/purchasing/figures', { cookie: sec })),
    m: json<MarketFigures>(await t.call('GET', '/api/market/figures', { cookie: sec })),
    city: json<CoSharingResponse>(await t.call('GET', '/api/city/co-sharing', { cookie: admin })),
  });

  it('the alliance\'s and the city\'s figures agree with the rows and move by exactly what is written', async () => {
    const before = await figures();
    // The seeded figures agree with the campaign totals and the tables.
    const totals = json<{ campaigns: number; openCampaigns: number; firms: number; orderedFen: number }>(await t.call('GET', '/api/purchasing/totals', { cookie: sec }));
    expect(before.p).toMatchObject({ campaigns: totals.campaigns, openCampaigns: totals.openCampaigns, firms: totals.firms, orderedFen: totals.orderedFen });
    const openOffers = await t.deps.db.selectFrom('market_posts').select((eb) => eb.fn.countAll<number>().as('n')).where('alliance_id', '=', 1).where('status', '=', 'open').where('side', '=', 'offer').executeTakeFirstOrThrow();
    expect(before.m.openOffers).toBe(Number(openOffers.n));
    const row1 = before.city.alliances.find((a) => a.alliance.id === 1)!;
    expect(row1.purchasing).toEqual(before.p);
    expect(row1.market).toEqual(before.m);
    expect(before.city.city.market.openNeeds).toBe(before.city.alliances.reduce((s, a) => s + a.market.openNeeds, 0));
    expect(before.city.city.purchasing.committedFen).toBe(before.city.alliances.reduce((s, a) => s + a.purchasing.committedFen, 0));

    // A campaign: 3000 + 2500 masks pledged reach the 5000 tier (1.20 yuan), 7 kg of disinfectant at 8.00.
    const res = await t.call('POST', '/api/purchasing/campaigns', {
      cookie: sec, headers: idem(),
      body: {
        title: '合计测试团购', supplier: '供应商', allocationRule: 'pro_rata', pledgeDeadline: new Date(Date.parse(TEST_NOW) + 86_400_000).toISOString(),
        items: [
          { name: '口罩', spec: '', unit: 'pcs', tiers: [{ minCount: 0, unitPriceFen: 150 }, { minCount: 5000, unitPriceFen: 120 }], minTotalCount: 0, perFirmCap: null, stockCount: null, dailyUsePer100: null },
          { name: '消毒液', spec: '', unit: 'kg', tiers: [{ minCount: 0, unitPriceFen: 800 }], minTotalCount: 0, perFirmCap: null, stockCount: null, dailyUsePer100: null },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = json<{ id: number; items: { id: number }[] }>(res);
    await purchasing.pledge(t.deps, firmCtx(firmId), c.id, { enterpriseId: firmId, itemId: c.items[0]!.id, count: 3000 });
    await purchasing.pledge(t.deps, firmCtx(others[0]!), c.id, { enterpriseId: others[0]!, itemId: c.items[0]!.id, count: 2500 });
    await purchasing.pledge(t.deps, firmCtx(others[0]!), c.id, { enterpriseId: others[0]!, itemId: c.items[1]!.id, count: 7 });

    // The board: an offer, a need; an order with a quote, split among the quotes.
    const post = (enterpriseId: number, side: 'offer' | 'need') =>
      t.deps.db.transaction().execute((trx) => market.createPost(trx, t.deps, firmCtx(enterpriseId), { enterpriseId, side, kind: 'capacity', item: '裁断机时', spec: '', quantity: { amount: 10, unit: 'pcs' }, availableFrom: '2026-11-25', availableTo: '2026-11-30', districtCode: null, unitPriceFen: null, note: '' }));
    await post(firmId, 'offer');
    await post(others[1]!, 'need');
    const order = await t.deps.db.transaction().execute((trx) => market.createOrder(trx, t.deps, firmCtx(firmId), { enterpriseId: firmId, title: '转包订单', item: '鞋面', spec: '', unit: 'pair', count: 100, needBy: null, targetPriceFen: null, customer: '' }));
    const quoted = await t.deps.db.transaction().execute((trx) => market.createQuote(trx, t.deps, firmCtx(others[0]!), order.body.id, { enterpriseId: others[0]!, count: 100, unitPriceFen: 500, deliveryDate: '2026-12-01', note: '' }));
    await market.splitOrder(t.deps, firmCtx(firmId), order.body.id, { version: quoted.body.version, lines: [{ quoteId: quoted.body.quotes[0]!.id, count: 100 }] });

    const after = await figures();
    expect(after.p.campaigns - before.p.campaigns).toBe(1);
    expect(after.p.openCampaigns - before.p.openCampaigns).toBe(1);
    expect(pcs(after.p).pledgedCount - pcs(before.p).pledgedCount).toBe(5500);
    expect(pcs(after.p).allocatedCount - pcs(before.p).allocatedCount).toBe(0);
    expect(after.p.committedFen - before.p.committedFen).toBe(5500 * 120 + 7 * 800);
    expect(after.p.orderedFen).toBe(before.p.orderedFen);
    const pledgers = await t.deps.db.selectFrom('purchase_pledges as p').innerJoin('purchase_campaigns as c', 'c.id', 'p.campaign_id').select('p.enterprise_id').distinct().where('c.alliance_id', '=', 1).execute();
    expect(after.p.firms).toBe(pledgers.length);
    expect(after.m).toEqual({ ...before.m, openOffers: before.m.openOffers + 1, openNeeds: before.m.openNeeds + 1, orders: before.m.orders + 1, ordersPassedOn: before.m.ordersPassedOn + 1, quotes: before.m.quotes + 1 });
    // The city moved by the same amounts; its alliance row is the overview's.
    expect(after.city.city.purchasing.committedFen - before.city.city.purchasing.committedFen).toBe(5500 * 120 + 7 * 800);
    expect(after.city.city.market.ordersPassedOn - before.city.city.market.ordersPassedOn).toBe(1);
    expect(after.city.alliances.find((a) => a.alliance.id === 1)).toMatchObject({ purchasing: after.p, market: after.m });

    // Locked at the deadline: the allocation, at its tier.
    t.clock.set(new Date(Date.parse(TEST_NOW) + 86_400_000).toISOString());
    expect(await purchasing.lockDueCampaigns(t.deps)).toContain(c.id);
    const locked = (await purchasing.figuresBy(t.deps, 1)).total;
    expect(pcs(locked).allocatedCount - pcs(after.p).allocatedCount).toBe(5500);
    expect(locked.openCampaigns).toBe(after.p.openCampaigns - 1);
    t.clock.set(TEST_NOW);
  });

  it('another alliance sees its own figures; firms read their alliance\'s; only the platform admin reads the city\'s', async () => {
    admin = await t.login('admin');
    sec = await t.login('secretary');
    firm = await t.login('firm');
    const fishery = await t.login('secretary-fishery');
    const own = json<PurchasingFigures>(await t.call('GET', '/api/purchasing/figures', { cookie: fishery }));
    const city = json<CoSharingResponse>(await t.call('GET', '/api/city/co-sharing', { cookie: admin }));
    const fisheryId = (await t.deps.db.selectFrom('alliances').select('id').where('id', '!=', 1).orderBy('id').execute()).map((a) => a.id);
    expect(city.alliances.filter((a) => fisheryId.includes(a.alliance.id)).some((a) => JSON.stringify(a.purchasing) === JSON.stringify(own))).toBe(true);
    expect((await t.call('GET', '/api/market/figures', { cookie: firm })).statusCode).toBe(200);
    expectProblem(await t.call('GET', '/api/city/co-sharing', { cookie: sec }), 403, 'forbidden');
  });
});
