/**
 * Demo group purchases and the resource board of the leather alliance (alliance 1), after the
 * article: "10,000+ masks, 46 thermometer guns, 1,000+ kg disinfectant" bought together. One
 * campaign ordered and partly delivered and received, one still open for pledges; a few offers,
 * needs and an order with quotes on the board. Deterministic; runs inside the seeding transaction.
 */
import type { Trx } from '../core/db/database';
import { allocate } from '../modules/purchasing/purchasing.allocation';
import { tierIndexAt, type PriceTier } from '../modules/purchasing/purchasing.pricing';
import { addDays } from '../domain/workdays';
import type { DemoCity } from './demo-city';

interface DemoItem {
  name: string;
  spec: string;
  unit: string;
  tiers: PriceTier[];
  min: number;
  cap: number | null;
  use: number | null;
  /** Pledges of the members, in order (0: none). */
  pledges: number[];
  available: number | null;
}

export async function seedDemoMarket(trx: Trx, city: DemoCity, now: Date, today: string): Promise<void> {
  const at = now.toISOString();
  const members = city.memberships.filter((m) => m.allianceId === 1).map((m) => m.enterpriseId);
  const firm = city.users.find((u) => u.username === 'firm')!.grants[0]!.enterpriseId!;
  const secretary = city.users.find((u) => u.username === 'secretary')!.id;
  const others = members.filter((m) => m !== firm);
  const headcount = new Map(city.enterprises.map((e) => [e.id, e.headcount]));

  const campaign = async (o: { title: string; status: string; deadline: string; rule: string; items: DemoItem[]; firms: number[]; deliveredShare: number; receivedFirms: number }) => {
    const c = await trx
      .insertInto('purchase_campaigns')
      .values({ alliance_id: 1, title: o.title, supplier: '温州康安医疗器械有限公司', description: '复工复产防疫物资，联盟统一采购、统一配送。', status: o.status, allocation_rule: o.rule, pledge_deadline: o.deadline, target_cover_days: 14, priority_enterprise_ids: '[]', created_by: secretary, locked_at: o.status === 'open' ? null : at, ordered_at: o.status === 'ordered' ? at : null, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [position, it] of o.items.entries()) {
      const firms = o.firms.map((id, k) => ({ id, count: it.pledges[k % it.pledges.length]! })).filter((p) => p.count > 0);
      const lines = o.status === 'open' ? null : allocate(it.available, firms.map((p) => ({ id: p.id, pledged: p.count, cap: it.cap, headcount: headcount.get(p.id) ?? 0 })), o.rule as 'pro_rata');
      const allocated = lines?.reduce((s, l) => s + l.allocated, 0) ?? 0;
      const item = await trx
        .insertInto('purchase_items')
        .values({ campaign_id: c.id, position, name: it.name, spec: it.spec, unit: it.unit, tiers_json: JSON.stringify(it.tiers), min_total_count: it.min, per_firm_cap: it.cap, stock_count: null, daily_use_per_100: it.use, available_count: it.available, unit_price_fen: o.status === 'ordered' ? it.tiers[tierIndexAt(it.tiers, allocated)]!.unitPriceFen : null })
        .returning('id')
        .executeTakeFirstOrThrow();
      let delivered = 0;
      if (o.status === 'ordered') {
        delivered = Math.floor(allocated * o.deliveredShare);
        await trx.insertInto('purchase_deliveries').values({ campaign_id: c.id, item_id: item.id, enterprise_id: null, count: delivered, delivered_on: addDays(today, -1), note: '第一批到货', recorded_by: secretary, created_at: at }).execute();
      }
      let handedOut = 0;
      for (const [k, p] of firms.entries()) {
        const a = lines?.find((l) => l.id === p.id)?.allocated ?? null;
        const received = a !== null && k < o.receivedFirms && handedOut + a <= delivered ? a : 0;
        handedOut += received;
        await trx.insertInto('purchase_pledges').values({ campaign_id: c.id, item_id: item.id, enterprise_id: p.id, count: p.count, allocated_count: a, received_count: received, pledged_by: null, created_at: at, updated_at: at }).execute();
        if (received > 0) await trx.insertInto('purchase_deliveries').values({ campaign_id: c.id, item_id: item.id, enterprise_id: p.id, count: received, delivered_on: today, note: '', recorded_by: secretary, created_at: at }).execute();
      }
    }
  };

  const masks: Omit<DemoItem, 'pledges' | 'available'> = { name: '一次性医用口罩', spec: 'YY/T 0969 独立包装', unit: 'pcs', tiers: [{ minCount: 0, unitPriceFen: 150 }, { minCount: 5000, unitPriceFen: 120 }, { minCount: 10_000, unitPriceFen: 98 }], min: 2000, cap: 3000, use: 200 };
  const guns: Omit<DemoItem, 'pledges' | 'available'> = { name: '红外额温枪', spec: '测温范围 32–42.9℃', unit: 'pcs', tiers: [{ minCount: 0, unitPriceFen: 16_800 }, { minCount: 30, unitPriceFen: 15_800 }], min: 10, cap: 6, use: null };
  const disinfectant: Omit<DemoItem, 'pledges' | 'available'> = { name: '84 消毒液', spec: '有效氯 5%，5 kg/桶', unit: 'kg', tiers: [{ minCount: 0, unitPriceFen: 800 }, { minCount: 500, unitPriceFen: 650 }], min: 100, cap: 200, use: 5 };
  const firstFirms = [firm, ...others].slice(0, 12);
  await campaign({
    title: '复工防疫物资团购（第一批）', status: 'ordered', deadline: new Date(now.getTime() - 3 * 86_400_000).toISOString(), rule: 'pro_rata', firms: firstFirms, deliveredShare: 0.6, receivedFirms: 4,
    items: [
      { ...masks, pledges: [2000, 1200, 800, 3000, 600], available: 10_600 },
      { ...guns, pledges: [6, 4, 2, 5], available: 46 },
      { ...disinfectant, pledges: [150, 100, 60, 200], available: 1200 },
    ],
  });
  await campaign({
    title: '复工防疫物资团购（第二批）', status: 'open', deadline: new Date(now.getTime() + 3 * 86_400_000).toISOString(), rule: 'headcount', firms: others.slice(0, 6), deliveredShare: 0, receivedFirms: 0,
    items: [{ ...masks, pledges: [1500, 800, 1000], available: null }, { ...disinfectant, pledges: [80, 120], available: null }],
  });

  // The board: offers and needs of other members (the demo firm posts its own in the demo).
  const post = (enterpriseId: number, side: string, kind: string, item: string, spec: string, amount: number, unit: string, district: string | null, price: number | null, note: string) =>
    trx.insertInto('market_posts').values({ alliance_id: 1, enterprise_id: enterpriseId, side, kind, item, spec, amount, unit, available_from: today, available_to: addDays(today, 20), district_code: district, unit_price_fen: price, note, created_by: null, created_at: at, updated_at: at }).execute();
  const district = (id: number) => city.enterprises.find((e) => e.id === id)?.districtCode ?? null;
  if (others.length >= 5) {
    await post(others[0]!, 'offer', 'raw_material', '头层牛皮', '1.2–1.4 mm', 3_000_000, 'kg', district(others[0]!), 6500, '库存富余，可先用后结');
    await post(others[1]!, 'need', 'raw_material', '头层牛皮', '1.2–1.4 mm', 1_200_000, 'kg', district(others[1]!), null, '外贸订单急需');
    await post(others[2]!, 'offer', 'logistics', '冷链车', '4.2 米', 2, 'set', district(others[2]!), null, '空驶返程，免费捎带');
    await post(others[3]!, 'offer', 'equipment_time', '激光切割机台时', '6 kW', 40, 'pcs', district(others[3]!), 12_000, '按小时计');
    await post(others[4]!, 'need', 'warehouse', '常温仓库', '叉车可进', 500_000, 'm2', district(others[4]!), null, '');
    const order = await trx
      .insertInto('market_orders')
      .values({ alliance_id: 1, enterprise_id: others[1]!, title: '外贸男鞋订单转包', item: '男士皮鞋', spec: '头层牛皮 40–44 码', unit: 'pair', count: 3000, need_by: addDays(today, 30), target_price_fen: 9500, customer: '意大利进口商', created_by: null, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('market_quotes').values([
      { order_id: order.id, enterprise_id: others[0]!, count: 1800, unit_price_fen: 9200, delivery_date: addDays(today, 25), note: '', created_by: null, created_at: at, updated_at: at },
      { order_id: order.id, enterprise_id: others[3]!, count: 2000, unit_price_fen: 8900, delivery_date: addDays(today, 28), note: '', created_by: null, created_at: at, updated_at: at },
    ]).execute();
  }
}
