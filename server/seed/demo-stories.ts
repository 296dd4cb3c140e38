/**
 * The article's stories, staged on the demo city so each demo login sees them on its first
 * screen:
 * - leather: a tannery (宝瑞皮业-like) with 40 % of its staff stuck at home runs at 35 % of its
 *   own capacity; three shoe makers buy 90 % of their leather from it and hold two days of
 *   leather: their forecast breaks on day 4, the cause path ending at the tannery's own report
 *   (外省员工未返岗). Helping the tannery comes first; it has an open labour problem.
 * - fishery: a processor's cold-chain transport blocked between cities (logistics blocker).
 * - pneumatics: a valve maker short of coils only a member of another alliance makes.
 * Pure: returns the chain changes, report overrides and problems for seed.ts to write.
 */
import type { DemoChain } from './demo-chain';
import type { DemoCity, DemoReport } from './demo-city';

export const LEATHER_TANNERY_NAME = '鹿城宝瑞皮业有限公司';
export const LEATHER_STUCK_NOTE = '外省员工未返岗，约四成员工滞留老家';
/** Days of leather the story's shoe makers hold, and the day their forecast breaks (see below). */
export const LEATHER_STOCK_DAYS = 2;
export const LEATHER_BREAK_DAY = 4;

export interface DemoStories {
  tannery: number;
  shoeMakers: number[];
  fisheryFirm: number | null;
  pneumaticFirm: number | null;
  /** Today's report of the story firms (replacing or adding the generated one). */
  today: Map<number, Omit<DemoReport, 'enterpriseId' | 'date'>>;
  problems: { allianceId: number; enterpriseId: number; category: 'labour' | 'logistics' | 'raw_material'; title: string; description: string }[];
}

/**
 * Stages the stories; mutates `city` (the tannery's name) and `chains` (the story firms' links
 * and stocks). Shoe maker C: leather 90 % from the tannery (x = a = 0.35), 10 % outside, lead 1,
 * 2 days of stock, every other input 60 days: avail(t) = stock + 0.415 → x 1, 1, 1, 0.66 (stock
 * gone), 0.415 < θ = 0.5 on day 4.
 */
export function stageStories(city: DemoCity, chains: DemoChain): DemoStories | null {
  const role = (allianceId: number, r: string) => city.memberships.filter((m) => m.allianceId === allianceId && chains.roles.get(`${allianceId}:${m.enterpriseId}`) === r).map((m) => m.enterpriseId);
  const tanneries = role(1, '牛皮革');
  const shoes = role(1, 'finished').slice(0, 3);
  if (!tanneries.length || !shoes.length) return null;
  const tannery = tanneries[0]!;
  const firm = (id: number) => city.enterprises.find((e) => e.id === id)!;
  firm(tannery).name = LEATHER_TANNERY_NAME;
  firm(tannery).mainProducts = '牛皮革、鞋面革';

  chains.links = chains.links.filter((l) => !(l.allianceId === 1 && shoes.includes(l.customerId) && l.item === '牛皮革'));
  for (const c of shoes) chains.links.push({ allianceId: 1, supplierId: tannery, customerId: c, item: '牛皮革', shareBp: 9000, leadDays: 1 });
  for (const n of chains.needs) {
    if (n.allianceId !== 1 || !n.essential) continue;
    if (shoes.includes(n.enterpriseId)) n.stockDays = n.item === '牛皮革' ? LEATHER_STOCK_DAYS : 60;
    if (n.enterpriseId === tannery) n.stockDays = 60;
  }
  for (const c of shoes) if (!chains.needs.some((n) => n.allianceId === 1 && n.enterpriseId === c && n.item === '牛皮革')) chains.needs.push({ allianceId: 1, enterpriseId: c, item: '牛皮革', essential: true, stockDays: LEATHER_STOCK_DAYS });

  const today = new Map<number, Omit<DemoReport, 'enterpriseId' | 'date'>>();
  const t = firm(tannery);
  today.set(tannery, {
    outputPct: 35, capacityPct: 35, staffOnDuty: Math.round(t.headcount * 0.6), staffTotal: t.headcount, stage: 'partial',
    blockers: [{ category: 'labour', note: LEATHER_STUCK_NOTE }], materialCoverDays: 12, preventionCoverDays: 7,
  });
  for (const c of shoes) {
    const e = firm(c);
    today.set(c, { outputPct: 100, capacityPct: 100, staffOnDuty: e.headcount, staffTotal: e.headcount, stage: 'full', blockers: [], materialCoverDays: LEATHER_STOCK_DAYS, preventionCoverDays: 10 });
  }
  const problems: DemoStories['problems'] = [
    {
      allianceId: 1, enterpriseId: tannery, category: 'labour', title: '约四成员工滞留老家，鞣制车间无法满负荷',
      description: `${LEATHER_STUCK_NOTE}。鞣制、片皮工段缺熟练工，目前只能开三成多产能；下游多家鞋企的牛皮革主要由本厂供应，库存仅够两天。请协调外省员工返岗专车或就近调剂熟练工。`,
    },
  ];

  const fishery = role(2, '冷冻半成品')[0] ?? null;
  if (fishery !== null) {
    const e = firm(fishery);
    today.set(fishery, {
      outputPct: 45, capacityPct: 80, staffOnDuty: Math.round(e.headcount * 0.85), staffTotal: e.headcount, stage: 'partial',
      blockers: [{ category: 'logistics', note: '冷链车辆跨市通行受阻，冷库周转不过来' }], materialCoverDays: 3, preventionCoverDays: 6,
    });
    problems.push({ allianceId: 2, enterpriseId: fishery, category: 'logistics', title: '冷链运输车辆跨市通行受阻', description: '冷链车辆跨市通行受阻，冷库周转不过来，冷冻半成品积压。请协调冷链车辆通行证和冷库周转。' });
  }
  const pneumatic = role(3, '电磁阀')[0] ?? null;
  // The coil maker: an electronics firm of the tech park (finished goods, division 39), in no pneumatics membership.
  const inOther = role(4, 'finished').find((id) => !city.memberships.some((m) => m.enterpriseId === id && m.allianceId === 3));
  if (pneumatic !== null && inOther !== undefined) {
    const e = firm(pneumatic);
    const maker = firm(inOther).name;
    firm(inOther).mainProducts = '电磁线圈、传感器';
    const note = `电磁线圈只有${maker}生产（一华科技园区联盟成员，不在本联盟），已断供`;
    today.set(pneumatic, {
      outputPct: 40, capacityPct: 90, staffOnDuty: Math.round(e.headcount * 0.9), staffTotal: e.headcount, stage: 'partial',
      blockers: [{ category: 'raw_material', note }], materialCoverDays: 2, preventionCoverDays: 8,
    });
    problems.push({ allianceId: 3, enterpriseId: pneumatic, category: 'raw_material', title: '电磁线圈断供，仅联盟外一家企业生产', description: `${note}。请协调跨联盟对接复产。` });
  }
  return { tannery, shoeMakers: shoes, fisheryFirm: fishery, pneumaticFirm: pneumatic, today, problems };
}
