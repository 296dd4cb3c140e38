import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/auth/policy';
import type { Ctx } from '../../core/context';
import { AppError } from '../../core/errors';
import { DIALECTS, TEST_NOW, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json, XLSX_TYPE } from '../../test/helpers';
import * as service from './purchasing.service';

interface Campaign {
  id: number;
  version: number;
  status: string;
  pledgeOpen: boolean;
  firmCount: number;
  totalFen: number;
  items: { id: number; pledgedCount: number; allocatedCount: number | null; deliveredCount: number; receivedCount: number; tier: { index: number; unitPriceFen: number; next: { unitsToGo: number } | null }; unitPriceFen: number | null }[];
  mine: { itemId: number; count: number; allocatedCount: number | null; receivedCount: number; expectedCostFen: number }[];
}

const hoursFromNow = (h: number) => new Date(Date.parse(TEST_NOW) + h * 3_600_000).toISOString();

const masks = (over: Record<string, unknown> = {}) => ({
  name: '一次性医用口罩', spec: 'YY/T 0969 独立包装', unit: 'pcs', tiers: [{ minCount: 0, unitPriceFen: 150 }, { minCount: 5000, unitPriceFen: 120 }, { minCount: 10_000, unitPriceFen: 98 }],
  minTotalCount: 1000, perFirmCap: 3000, stockCount: null, dailyUsePer100: 200, ...over,
});

describe.each(DIALECTS)('group purchasing (%s)', (dialect) => {
  let t: TestApp;
  let sec: string;
  let firm: string;
  let firmId: number;
  let members: number[];

  const createCampaign = async (body: Record<string, unknown> = {}) => {
    const res = await t.call('POST', '/api/purchasing/campaigns', { cookie: sec, headers: idem(), body: { title: '防疫物资团购', supplier: '温州医疗器械有限公司', allocationRule: 'pro_rata', pledgeDeadline: hoursFromNow(24), items: [masks()], ...body } });
    expect(res.statusCode, res.body).toBe(201);
    return json<Campaign>(res);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    sec = await t.login('secretary');
    firm = await t.login('firm');
    firmId = t.seed.users.find((u) => u.username === 'firm')!.grants[0]!.enterpriseId!;
    members = (await t.deps.db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', 1).execute()).map((m) => m.enterprise_id);
    // 50 member firms for the concurrency test.
    const others = await t.deps.db.selectFrom('enterprises').select('id').where('id', 'not in', members).orderBy('id').limit(Math.max(0, 51 - members.length)).execute();
    if (others.length) await t.deps.db.insertInto('alliance_members').values(others.map((o) => ({ alliance_id: 1, enterprise_id: o.id, joined_at: TEST_NOW }))).execute();
    members.push(...others.map((o) => o.id));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a campaign shows the live tier and each firm\'s expected cost; validates tiers; firms may not create', async () => {
    const bad = await t.call('POST', '/api/purchasing/campaigns', { cookie: sec, headers: idem(), body: { title: '坏价格', supplier: 'x', allocationRule: 'pro_rata', pledgeDeadline: hoursFromNow(1), items: [masks({ tiers: [{ minCount: 10, unitPriceFen: 1 }] })] } });
    expect(expectProblem(bad, 400, 'validation_failed').errors?.map((e) => `${e.path}:${e.code}`)).toEqual(['items.0.tiers:tiers_first_not_zero']);
    expectProblem(await t.call('POST', '/api/purchasing/campaigns', { cookie: firm, headers: idem(), body: {} }), 403, 'forbidden');
    const c = await createCampaign();
    expect(c).toMatchObject({ status: 'open', pledgeOpen: true, firmCount: 0, totalFen: 0 });
    const item = c.items[0]!;
    const res = await t.call('PUT', `/api/purchasing/campaigns/${c.id}/pledges`, { cookie: firm, body: { enterpriseId: firmId, itemId: item.id, count: 2000 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ line: { count: 2000, expectedCostFen: 300_000 }, item: { pledgedCount: 2000, tier: { index: 0, unitPriceFen: 150, next: { unitsToGo: 3000 } } } });
    const mine = json<Campaign>(await t.call('GET', `/api/purchasing/campaigns/${c.id}`, { cookie: firm }));
    expect(mine.mine).toMatchObject([{ count: 2000, expectedCostFen: 300_000 }]);
    // Above the cap: refused with a clear code.
    expectProblem(await t.call('PUT', `/api/purchasing/campaigns/${c.id}/pledges`, { cookie: firm, body: { enterpriseId: firmId, itemId: item.id, count: 3001 } }), 422, 'pledge_above_cap');
    // Not the firm's own enterprise.
    const other = members.find((m) => m !== firmId)!;
    expectProblem(await t.call('PUT', `/api/purchasing/campaigns/${c.id}/pledges`, { cookie: firm, body: { enterpriseId: other, itemId: item.id, count: 1 } }), 403, 'forbidden');
    // Suggestions from headcount and reported prevention cover.
    const sug = json<{ items: { enterprise: { id: number }; suggestedCount: number; headcount: number; preventionCoverDays: number | null }[] }>(await t.call('GET', `/api/purchasing/campaigns/${c.id}/suggestions`, { cookie: firm }));
    expect(sug.items).toHaveLength(1);
    const s = sug.items[0]!;
    expect(s.enterprise.id).toBe(firmId);
    expect(s.suggestedCount).toBe(Math.min(3000, Math.ceil((Math.max(0, 14 - (s.preventionCoverDays ?? 0)) * s.headcount * 200) / 100)));
    // Another alliance's secretary: not found.
    expectProblem(await t.call('GET', `/api/purchasing/campaigns/${c.id}`, { cookie: await t.login('secretary-fishery') }), 404, 'not_found');
  });

  it('50 concurrent pledges at the cap never pass the stock, never lose a pledge; after the deadline refused', async () => {
    const c = await createCampaign({ items: [masks({ perFirmCap: 30, stockCount: 1000, minTotalCount: 0 })] });
    const item = c.items[0]!;
    const firms = members.slice(0, 50);
    expect(firms).toHaveLength(50);
    const ctxFor = (enterpriseId: number): Ctx => {
      const actor: Actor = {
        userId: 1, username: 'firm', displayName: 'firm', locale: 'zh-CN', sessionId: 's', allianceId: 1, grants: [{ role: 'enterprise_admin', allianceId: null, workingGroup: null, enterpriseId }],
        roles: new Set(['enterprise_admin']), workingGroups: [], enterpriseIds: [enterpriseId], caseload: [],
      };
      return { actor, requestId: `r-${enterpriseId}`, locale: 'zh-CN' };
    };
    const results = await Promise.allSettled(firms.map((id) => service.pledge(t.deps, ctxFor(id), c.id, { enterpriseId: id, itemId: item.id, count: 30 })));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    for (const r of refused) expect((r.reason as AppError).code).toBe('pledge_above_stock');
    expect(ok).toHaveLength(33);
    const rows = await t.deps.db.selectFrom('purchase_pledges').select(['enterprise_id', 'count']).where('item_id', '=', item.id).execute();
    expect(rows).toHaveLength(33);
    expect(rows.reduce((s, r) => s + r.count, 0)).toBe(990);
    // The last 10 units: 20 firms race for them, 10 each may take... each asks 1 unit.
    const rest = firms.filter((id) => !rows.some((r) => r.enterprise_id === id)).slice(0, 17);
    const second = await Promise.allSettled(rest.map((id) => service.pledge(t.deps, ctxFor(id), c.id, { enterpriseId: id, itemId: item.id, count: 1 })));
    expect(second.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    const after = await t.deps.db.selectFrom('purchase_pledges').select(['count']).where('item_id', '=', item.id).execute();
    expect(after).toHaveLength(43);
    expect(after.reduce((s, r) => s + r.count, 0)).toBe(1000);
    expect(after.every((r) => r.count <= 30)).toBe(true);
    // After the deadline.
    const soon = await createCampaign({ pledgeDeadline: hoursFromNow(1 / 60) });
    t.clock.set(hoursFromNow(1 / 60));
    const late = await t.call('PUT', `/api/purchasing/campaigns/${soon.id}/pledges`, { cookie: firm, body: { enterpriseId: firmId, itemId: soon.items[0]!.id, count: 10 } });
    expect(expectProblem(late, 409, 'pledge_closed').detail).toContain(hoursFromNow(1 / 60));
    expect(json<Campaign>(await t.call('GET', `/api/purchasing/campaigns/${soon.id}`, { cookie: firm })).pledgeOpen).toBe(false);
    t.clock.set(TEST_NOW);
  });

  it('lock allocates short supply pro rata, order fixes the tier, deliveries and receipts, settlement .xlsx', async () => {
    const c = await createCampaign({ items: [masks({ perFirmCap: null, minTotalCount: 100 }), { name: '消毒液', spec: '84 消毒液 5L', unit: 'kg', tiers: [{ minCount: 0, unitPriceFen: 800 }], minTotalCount: 0, perFirmCap: null, stockCount: null, dailyUsePer100: null }] });
    const [mask, dis] = c.items;
    const other = members.find((m) => m !== firmId)!;
    await service.pledge(t.deps, { actor: { userId: 1, username: 'x', displayName: 'x', locale: 'zh-CN', sessionId: 's', allianceId: 1, grants: [], roles: new Set(['enterprise_admin']), workingGroups: [], enterpriseIds: [other], caseload: [] }, requestId: 'r', locale: 'zh-CN' }, c.id, { enterpriseId: other, itemId: mask!.id, count: 6000 });
    for (const [itemId, count] of [[mask!.id, 3000], [dis!.id, 25]] as const) {
      expect((await t.call('PUT', `/api/purchasing/campaigns/${c.id}/pledges`, { cookie: firm, body: { enterpriseId: firmId, itemId, count } })).statusCode).toBe(200);
    }
    // Order before lock: illegal.
    expectProblem(await t.call('POST', `/api/purchasing/campaigns/${c.id}/order`, { cookie: sec, body: { version: c.version } }), 409, 'illegal_transition');
    const lockedRes = await t.call('POST', `/api/purchasing/campaigns/${c.id}/lock`, { cookie: sec, body: { version: c.version, available: [{ itemId: mask!.id, count: 7000 }] } });
    expect(lockedRes.statusCode, lockedRes.body).toBe(200);
    const locked = json<Campaign>(lockedRes);
    expect(locked.status).toBe('locked');
    expect(locked.items[0]).toMatchObject({ pledgedCount: 9000, allocatedCount: 7000, tier: { index: 1, unitPriceFen: 120 } });
    const lines = json<{ items: { enterprise: { id: number }; itemId: number; allocatedCount: number }[] }>(await t.call('GET', `/api/purchasing/campaigns/${c.id}/pledges`, { cookie: sec })).items;
    const alloc = (e: number, i: number) => lines.find((l) => l.enterprise.id === e && l.itemId === i)!.allocatedCount;
    expect([alloc(firmId, mask!.id), alloc(other, mask!.id)].sort()).toEqual([2333, 4667]);
    expect(alloc(firmId, dis!.id)).toBe(25);
    // The firm sees only its own lines.
    const own = json<{ items: { enterprise: { id: number } }[] }>(await t.call('GET', `/api/purchasing/campaigns/${c.id}/pledges`, { cookie: firm })).items;
    expect(own.every((l) => l.enterprise.id === firmId)).toBe(true);
    expectProblem(await t.call('PUT', `/api/purchasing/campaigns/${c.id}/pledges`, { cookie: firm, body: { enterpriseId: firmId, itemId: mask!.id, count: 1 } }), 409, 'pledge_closed');

    const totalsBefore = json<{ orderedFen: number; items: { name: string; receivedCount: number }[] }>(await t.call('GET', '/api/purchasing/totals', { cookie: sec }));
    const ordered = json<Campaign>(await t.call('POST', `/api/purchasing/campaigns/${c.id}/order`, { cookie: sec, body: { version: locked.version } }));
    expect(ordered.items.map((i) => i.unitPriceFen)).toEqual([120, 800]);
    const deliver = (cookie: string, body: Record<string, unknown>) => t.call('POST', `/api/purchasing/campaigns/${c.id}/deliveries`, { cookie, headers: idem(), body: { deliveredOn: '2026-11-26', ...body } });
    expectProblem(await deliver(firm, { itemId: mask!.id, count: 10 }), 403, 'forbidden');
    expect((await deliver(sec, { itemId: mask!.id, count: 5000 })).statusCode).toBe(201);
    expectProblem(await deliver(sec, { itemId: mask!.id, count: 2001 }), 422, 'delivery_above_allocation');
    const mine = alloc(firmId, mask!.id);
    expectProblem(await deliver(firm, { itemId: mask!.id, enterpriseId: firmId, count: mine + 1 }), 422, 'receipt_above_delivery');
    expect((await deliver(firm, { itemId: mask!.id, enterpriseId: firmId, count: mine })).statusCode).toBe(201);
    const view = json<Campaign>(await t.call('GET', `/api/purchasing/campaigns/${c.id}`, { cookie: firm }));
    expect(view.items[0]).toMatchObject({ deliveredCount: 5000, receivedCount: mine });
    expect(view.mine.find((l) => l.itemId === mask!.id)).toMatchObject({ receivedCount: mine, expectedCostFen: mine * 120 });

    const xlsx = await t.call('GET', `/api/purchasing/campaigns/${c.id}/settlement?enterpriseId=${firmId}`, { cookie: firm });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain(XLSX_TYPE);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const values = wb.worksheets[0]!.getSheetValues().flat().map(String);
    expect(values).toContain('1.20');
    expect(values).toContain((mine * 1.2).toFixed(2));
    expect(values).toContain('200.00');
    expect(values).toContain(((mine * 120 + 20_000) / 100).toFixed(2));
    // Another firm's statement: not found for this firm.
    expectProblem(await t.call('GET', `/api/purchasing/campaigns/${c.id}/settlement?enterpriseId=${other}`, { cookie: firm }), 404, 'not_found');

    const totals = json<{ campaigns: number; orderedFen: number; items: { name: string; receivedCount: number }[] }>(await t.call('GET', '/api/purchasing/totals', { cookie: sec }));
    expect(totals.orderedFen - totalsBefore.orderedFen).toBe(7000 * 120 + 25 * 800);
    expect(totals.items.find((i) => i.name === '一次性医用口罩')!.receivedCount - totalsBefore.items.find((i) => i.name === '一次性医用口罩')!.receivedCount).toBe(mine);
  });
});
