/**
 * The demo city's supply chains: each alliance's members are laid out in tiers from raw
 * materials to finished goods, and each customer buys one or two items from the tier above,
 * from one to three suppliers covering most (not always all) of its need. Pure and deterministic.
 */
import { createRng } from '../domain/prng';

interface ChainSpec {
  /** Item each tier produces (the last tier makes finished goods, bought by no member). */
  tiers: { share: number; item: string }[];
  /** A non-essential item bought by everyone below the first tier (packaging, services). */
  sideItem: string;
}

const CHAINS: Record<string, ChainSpec> = {
  leather: { tiers: [{ share: 0.2, item: '化工助剂' }, { share: 0.25, item: '牛皮革' }, { share: 0.3, item: '鞋底' }, { share: 0.25, item: '' }], sideItem: '包装纸箱' },
  fishery: { tiers: [{ share: 0.3, item: '冰鲜渔获' }, { share: 0.4, item: '冷冻半成品' }, { share: 0.3, item: '' }], sideItem: '冷链运输' },
  pneumatic: { tiers: [{ share: 0.25, item: '铝型材' }, { share: 0.3, item: '压铸件' }, { share: 0.3, item: '电磁阀' }, { share: 0.15, item: '' }], sideItem: '密封件' },
  techpark: { tiers: [{ share: 0.3, item: '塑料粒子' }, { share: 0.4, item: '注塑件' }, { share: 0.3, item: '' }], sideItem: '模具维修' },
};

export interface DemoChain {
  items: { allianceId: number; name: string }[];
  needs: { allianceId: number; enterpriseId: number; item: string; essential: boolean; stockDays: number }[];
  links: { allianceId: number; supplierId: number; customerId: number; item: string; shareBp: number; leadDays: number }[];
}

export function generateDemoChains(alliances: { id: number; key: string }[], membersOf: (allianceId: number) => number[], seed: number): DemoChain {
  const rng = createRng(seed);
  const out: DemoChain = { items: [], needs: [], links: [] };
  for (const a of alliances) {
    const spec = CHAINS[a.key];
    if (!spec) continue;
    const members = membersOf(a.id);
    const tiers: number[][] = [];
    let start = 0;
    spec.tiers.forEach((t, k) => {
      const end = k === spec.tiers.length - 1 ? members.length : Math.min(members.length, start + Math.max(1, Math.round(members.length * t.share)));
      tiers.push(members.slice(start, end));
      start = end;
    });
    for (const t of spec.tiers) if (t.item) out.items.push({ allianceId: a.id, name: t.item });
    out.items.push({ allianceId: a.id, name: spec.sideItem });
    const sideSuppliers = tiers[0]!.slice(0, Math.max(1, Math.ceil(tiers[0]!.length / 4)));
    for (let k = 1; k < tiers.length; k++) {
      const upstream = tiers[k - 1]!;
      const item = spec.tiers[k - 1]!.item;
      if (!upstream.length) continue;
      for (const customer of tiers[k]!) {
        const nSup = Math.min(upstream.length, rng.weighted([1, 2, 3], [0.45, 0.35, 0.2]));
        // Distinct suppliers by sampling indices: shuffling the whole tier per customer is quadratic.
        const picked = new Set<number>();
        while (picked.size < nSup) picked.add(rng.int(0, upstream.length - 1));
        const suppliers = [...picked].map((i) => upstream[i]!);
        // Members cover 70–100 % of the need; the rest comes from outside the alliance.
        let remaining = rng.int(70, 100) * 100;
        suppliers.forEach((supplier, idx) => {
          const shareBp = idx === suppliers.length - 1 ? remaining : Math.round(remaining * (0.4 + rng.next() * 0.3));
          remaining -= shareBp;
          if (shareBp > 0) out.links.push({ allianceId: a.id, supplierId: supplier, customerId: customer, item, shareBp, leadDays: rng.int(1, 4) });
        });
        out.needs.push({ allianceId: a.id, enterpriseId: customer, item, essential: true, stockDays: rng.int(1, 8) });
        if (rng.chance(0.5)) {
          const supplier = rng.pick(sideSuppliers);
          if (supplier !== customer) {
            out.links.push({ allianceId: a.id, supplierId: supplier, customerId: customer, item: spec.sideItem, shareBp: rng.int(20, 60) * 100, leadDays: rng.int(1, 3) });
            out.needs.push({ allianceId: a.id, enterpriseId: customer, item: spec.sideItem, essential: false, stockDays: rng.int(0, 10) });
          }
        }
      }
    }
  }
  return out;
}
