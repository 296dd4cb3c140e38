/**
 * The demo city's supply chains: each alliance's members are given roles from raw materials to
 * finished goods, and each firm buys every essential input of its role from one to three
 * members making it, covering most (not always all) of its need. Pure and deterministic.
 */
import { createRng } from '../domain/prng';

/** One role of a chain: the share of members playing it, what they make, what they need. */
interface Role {
  share: number;
  /** What the role makes (empty: finished goods, bought by no member). */
  item: string;
  /** Essential inputs, each made by another role of the chain (the rest of a need is bought outside). */
  inputs: string[];
}

interface ChainSpec {
  /** Roles from raw materials to finished goods; a role only buys from roles listed before it. */
  roles: Role[];
  /** The GB/T 4754 division (大类) of the finished-goods makers. */
  finishedDivision: string;
  /** What the finished-goods makers make (their main products). */
  finishedProducts: string[];
  /** A non-essential item (supplies, services) made by the role at `sideFrom`, bought by every role after it. */
  sideItem: string;
  sideFrom: number;
}

/**
 * Which industries make each item: the GB/T 4754 divisions (大类) whose firms may supply it. A
 * role's members take the first division of its item; a firm may only supply an item its
 * division makes (a textile firm, 17/18, supplies no aluminium profiles, 32).
 */
export const ITEM_MAKERS: Record<string, readonly string[]> = {
  化工助剂: ['26'],
  皮革护理剂: ['26'],
  生皮: ['19', '13'],
  鞋用胶粘剂: ['26'],
  牛皮革: ['19'],
  鞋底: ['19', '29'],
  冰鲜渔获: ['04'],
  冷链运输: ['59', '54'],
  冷库仓储: ['59'],
  冷冻半成品: ['13'],
  铝型材: ['32'],
  密封件: ['29'],
  压铸件: ['33'],
  金属表面处理: ['33'],
  电磁阀: ['34'],
  塑料粒子: ['26', '29'],
  注塑件: ['29'],
  塑料包装件: ['29'],
};

/**
 * Product-consistent chains: a shoe maker needs leather, soles and adhesive; a tannery needs
 * hides and chemicals; a valve maker needs die castings and seals; a fish processor needs the
 * catch and cold-chain transport. Several essential inputs per firm.
 */
const CHAINS: Record<string, ChainSpec> = {
  leather: {
    roles: [
      { share: 0.1, item: '化工助剂', inputs: [] },
      { share: 0.08, item: '生皮', inputs: [] },
      { share: 0.07, item: '鞋用胶粘剂', inputs: ['化工助剂'] },
      { share: 0.2, item: '牛皮革', inputs: ['生皮', '化工助剂'] },
      { share: 0.2, item: '鞋底', inputs: ['化工助剂'] },
      { share: 0.35, item: '', inputs: ['牛皮革', '鞋底', '鞋用胶粘剂'] },
    ],
    finishedDivision: '19',
    finishedProducts: ['男士皮鞋', '女鞋', '皮靴'],
    sideItem: '皮革护理剂',
    sideFrom: 0,
  },
  fishery: {
    roles: [
      { share: 0.3, item: '冰鲜渔获', inputs: [] },
      { share: 0.1, item: '冷链运输', inputs: [] },
      { share: 0.35, item: '冷冻半成品', inputs: ['冰鲜渔获', '冷链运输'] },
      { share: 0.25, item: '', inputs: ['冷冻半成品', '冷链运输'] },
    ],
    finishedDivision: '13',
    finishedProducts: ['冷冻带鱼', '鱿鱼丝', '鱼糜制品'],
    sideItem: '冷库仓储',
    sideFrom: 1,
  },
  pneumatic: {
    roles: [
      { share: 0.15, item: '铝型材', inputs: [] },
      { share: 0.1, item: '密封件', inputs: [] },
      { share: 0.25, item: '压铸件', inputs: ['铝型材'] },
      { share: 0.3, item: '电磁阀', inputs: ['压铸件', '密封件'] },
      { share: 0.2, item: '', inputs: ['电磁阀', '压铸件', '密封件'] },
    ],
    finishedDivision: '34',
    finishedProducts: ['气缸', '气源处理器', '口罩机气动件'],
    sideItem: '金属表面处理',
    sideFrom: 2,
  },
  techpark: {
    roles: [
      { share: 0.3, item: '塑料粒子', inputs: [] },
      { share: 0.4, item: '注塑件', inputs: ['塑料粒子'] },
      { share: 0.3, item: '', inputs: ['注塑件', '塑料粒子'] },
    ],
    finishedDivision: '39',
    finishedProducts: ['电路板', '传感器', '智能终端'],
    sideItem: '塑料包装件',
    sideFrom: 1,
  },
};

/** The division a role's members are given. */
const roleDivision = (spec: ChainSpec, role: Role) => (role.item ? ITEM_MAKERS[role.item]![0]! : spec.finishedDivision);

export interface DemoChain {
  items: { allianceId: number; name: string }[];
  needs: { allianceId: number; enterpriseId: number; item: string; essential: boolean; stockDays: number }[];
  links: { allianceId: number; supplierId: number; customerId: number; item: string; shareBp: number; leadDays: number }[];
  /** What each member makes, by `${allianceId}:${enterpriseId}` (`finished` for finished goods). */
  roles: Map<string, string>;
  /** Each firm with a role: its GB/T 4754 division and main products, from the role it plays in its own alliance. */
  firms: Map<number, { division: string; mainProducts: string }>;
}

/**
 * `primaryOf`: the alliance a firm belongs to first (its own chain, which sets its division); in
 * another alliance it plays the first role whose item its division makes, or none.
 */
export function generateDemoChains(alliances: { id: number; key: string }[], membersOf: (allianceId: number) => number[], seed: number, primaryOf: (enterpriseId: number) => number = () => 0): DemoChain {
  const rng = createRng(seed);
  const out: DemoChain = { items: [], needs: [], links: [], roles: new Map(), firms: new Map() };
  // First every alliance's own members take roles (and divisions), then the members from other alliances.
  const groupsOf = new Map<number, number[][]>();
  for (const a of alliances) {
    const spec = CHAINS[a.key];
    if (!spec) continue;
    const members = membersOf(a.id).filter((id) => primaryOf(id) === 0 || primaryOf(id) === a.id);
    const groups: number[][] = [];
    let start = 0;
    spec.roles.forEach((t, k) => {
      const end = k === spec.roles.length - 1 ? members.length : Math.min(members.length, start + Math.max(1, Math.round(members.length * t.share)));
      groups.push(members.slice(start, end));
      start = end;
      for (const id of groups[k]!) out.firms.set(id, { division: roleDivision(spec, t), mainProducts: t.item || spec.finishedProducts[id % spec.finishedProducts.length]! });
    });
    groupsOf.set(a.id, groups);
  }
  for (const a of alliances) {
    const spec = CHAINS[a.key];
    if (!spec) continue;
    const groups = groupsOf.get(a.id)!;
    for (const id of membersOf(a.id)) {
      if (primaryOf(id) === 0 || primaryOf(id) === a.id) continue;
      const division = out.firms.get(id)?.division;
      const k = spec.roles.findIndex((r) => r.item && division !== undefined && ITEM_MAKERS[r.item]!.includes(division));
      if (k >= 0) groups[k]!.push(id);
    }
  }
  for (const a of alliances) {
    const spec = CHAINS[a.key];
    if (!spec) continue;
    const groups = groupsOf.get(a.id)!;
    const makers = new Map<string, number[]>();
    spec.roles.forEach((t, k) => {
      if (t.item) {
        out.items.push({ allianceId: a.id, name: t.item });
        makers.set(t.item, groups[k]!);
      }
      for (const id of groups[k]!) out.roles.set(`${a.id}:${id}`, t.item || 'finished');
    });
    out.items.push({ allianceId: a.id, name: spec.sideItem });
    const sideMakers = groups[spec.sideFrom]!;
    const sideSuppliers = sideMakers.slice(0, Math.max(1, Math.ceil(sideMakers.length / 4)));
    spec.roles.forEach((role, k) => {
      if (k === 0) return;
      for (const customer of groups[k]!) {
        for (const item of role.inputs) {
          const upstream = makers.get(item) ?? [];
          if (!upstream.length) continue;
          const nSup = Math.min(upstream.length, rng.weighted([1, 2, 3], [0.45, 0.35, 0.2]));
          // Distinct suppliers by sampling indices: shuffling the whole group per customer is quadratic.
          const picked = new Set<number>();
          while (picked.size < nSup) picked.add(rng.int(0, upstream.length - 1));
          const suppliers = [...picked].map((i) => upstream[i]!).filter((s) => s !== customer);
          // Members cover 70–100 % of the need; the rest comes from outside the alliance.
          let remaining = rng.int(70, 100) * 100;
          suppliers.forEach((supplier, idx) => {
            const shareBp = idx === suppliers.length - 1 ? remaining : Math.round(remaining * (0.4 + rng.next() * 0.3));
            remaining -= shareBp;
            if (shareBp > 0) out.links.push({ allianceId: a.id, supplierId: supplier, customerId: customer, item, shareBp, leadDays: rng.int(1, 4) });
          });
          out.needs.push({ allianceId: a.id, enterpriseId: customer, item, essential: true, stockDays: rng.int(2, 10) });
        }
        // The side item flows down the chain only (roles after its makers'), keeping the map acyclic.
        if (rng.chance(0.5) && sideSuppliers.length) {
          const supplier = rng.pick(sideSuppliers);
          if (supplier !== customer && k > spec.sideFrom) {
            out.links.push({ allianceId: a.id, supplierId: supplier, customerId: customer, item: spec.sideItem, shareBp: rng.int(20, 60) * 100, leadDays: rng.int(1, 3) });
            out.needs.push({ allianceId: a.id, enterpriseId: customer, item: spec.sideItem, essential: false, stockDays: rng.int(0, 10) });
          }
        }
      }
    });
  }
  return out;
}
