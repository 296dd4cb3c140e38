/** The deadline job: campaigns past their pledge deadline are locked and allocated, once, audited. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, TEST_NOW, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json } from '../../test/helpers';
import type { Actor } from '../../core/auth/policy';
import * as service from './purchasing.service';
import { lockDueCampaigns } from './purchasing.service';

const hoursFromNow = (h: number) => new Date(Date.parse(TEST_NOW) + h * 3_600_000).toISOString();

interface Campaign {
  id: number;
  version: number;
  status: string;
  pledgeOpen: boolean;
  lockedAt: string | null;
  items: { id: number; pledgedCount: number; allocatedCount: number | null; availableCount: number | null }[];
}

describe.each(DIALECTS)('purchase deadline job (%s)', (dialect) => {
  let t: TestApp;
  let sec: string;
  let firm: string;
  let firmId: number;
  let other: number;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    sec = await t.login('secretary');
    firm = await t.login('firm');
    firmId = t.seed.users.find((u) => u.username === 'firm')!.grants[0]!.enterpriseId!;
    const members = (await t.deps.db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', 1).execute()).map((m) => m.enterprise_id);
    other = members.find((m) => m !== firmId)!;
  });
  afterAll(async () => {
    t.clock.set(TEST_NOW);
    await t?.close();
  });

  const create = async (deadline: string, stockCount: number | null) => {
    const res = await t.call('POST', '/api/purchasing/campaigns', {
      cookie: sec, headers: idem(),
      body: { title: '截止自动锁定', supplier: '供应商', allocationRule: 'pro_rata', pledgeDeadline: deadline, items: [{ name: '额温枪', spec: '红外', unit: 'pcs', tiers: [{ minCount: 0, unitPriceFen: 9900 }], minTotalCount: 0, perFirmCap: null, stockCount, dailyUsePer100: null }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    return json<Campaign>(res);
  };
  const pledge = async (c: Campaign, enterpriseId: number, count: number) => {
    const actor: Actor = { userId: 1, username: 'x', displayName: 'x', locale: 'zh-CN', sessionId: 's', allianceId: 1, grants: [], roles: new Set(['enterprise_admin']), workingGroups: [], enterpriseIds: [enterpriseId], caseload: [] };
    await service.pledge(t.deps, { actor, requestId: 'r', locale: 'zh-CN' }, c.id, { enterpriseId, itemId: c.items[0]!.id, count });
  };

  it('locks every campaign past its deadline with the allocation, once, audited as the system; pledges after it are refused before the job runs', async () => {
    const due = await create(hoursFromNow(1), 30);
    const later = await create(hoursFromNow(48), null);
    await pledge(due, firmId, 20);
    await pledge(due, other, 10);
    await pledge(later, firmId, 5);
    // Before the deadline nothing of ours is locked.
    expect(await lockDueCampaigns(t.deps)).not.toContain(due.id);

    t.clock.set(hoursFromNow(1));
    // Deadline reached, job not run yet: still open, but pledging is refused clearly.
    const before = json<Campaign>(await t.call('GET', `/api/purchasing/campaigns/${due.id}`, { cookie: firm }));
    expect(before).toMatchObject({ status: 'open', pledgeOpen: false });
    expectProblem(await t.call('PUT', `/api/purchasing/campaigns/${due.id}/pledges`, { cookie: firm, body: { enterpriseId: firmId, itemId: due.items[0]!.id, count: 1 } }), 409, 'pledge_closed');

    // Two runs at once (two server processes): the campaign is locked exactly once.
    const [a, b] = await Promise.all([lockDueCampaigns(t.deps), lockDueCampaigns(t.deps)]);
    expect([...a, ...b].filter((id) => id === due.id)).toEqual([due.id]);
    expect([...a, ...b]).not.toContain(later.id);
    const locked = json<Campaign>(await t.call('GET', `/api/purchasing/campaigns/${due.id}`, { cookie: sec }));
    expect(locked).toMatchObject({ status: 'locked', lockedAt: hoursFromNow(1), version: due.version + 1 });
    expect(locked.items[0]).toMatchObject({ pledgedCount: 30, allocatedCount: 30, availableCount: 30 });
    const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'purchase.lock').where('target_id', '=', String(due.id)).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: null, alliance_id: 1 });
    expect(JSON.parse(audit[0]!.detail_json)).toMatchObject({ automatic: true, items: [{ available: 30, allocated: 30 }] });

    // Idempotent: a later run changes nothing.
    expect(await lockDueCampaigns(t.deps)).not.toContain(due.id);
    expect(json<Campaign>(await t.call('GET', `/api/purchasing/campaigns/${due.id}`, { cookie: sec })).version).toBe(due.version + 1);
    expect(json<Campaign>(await t.call('GET', `/api/purchasing/campaigns/${later.id}`, { cookie: sec })).status).toBe('open');

    // Past the later deadline: allocated within its pledges (no stock stated: everything pledged).
    t.clock.set(hoursFromNow(49));
    expect(await lockDueCampaigns(t.deps)).toContain(later.id);
    const l2 = json<Campaign>(await t.call('GET', `/api/purchasing/campaigns/${later.id}`, { cookie: await t.login('secretary') }));
    expect(l2.items[0]).toMatchObject({ pledgedCount: 5, allocatedCount: 5 });
    expect(l2.status).toBe('locked');
    t.clock.set(TEST_NOW);
  });

  it('short stock at the deadline is allocated by the campaign\'s rule with no unit lost', async () => {
    sec = await t.login('secretary');
    const c = await create(hoursFromNow(2), 14);
    await pledge(c, firmId, 7);
    await pledge(c, other, 7);
    // Stock was lowered after the pledges (staff may correct the stock): the rule decides.
    await t.deps.db.updateTable('purchase_items').set({ stock_count: 9 }).where('id', '=', c.items[0]!.id).execute();
    t.clock.set(hoursFromNow(3));
    expect(await lockDueCampaigns(t.deps)).toContain(c.id);
    const rows = await t.deps.db.selectFrom('purchase_pledges').select(['enterprise_id', 'count', 'allocated_count']).where('campaign_id', '=', c.id).execute();
    expect(rows.reduce((s, r) => s + (r.allocated_count ?? 0), 0)).toBe(9);
    expect(rows.every((r) => (r.allocated_count ?? 0) <= r.count)).toBe(true);
    t.clock.set(TEST_NOW);
  });
});
