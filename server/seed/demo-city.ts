/**
 * A deterministic demo city modelled on the 2020 reports of Zhejiang's "复工者联盟": a leather
 * chain alliance (Wenzhou), a fishery-processing chain alliance (Rui'an), the Fenghua
 * pneumatics cluster (~120 firms) and a tech-park alliance, with two weeks of daily reports that
 * follow a believable recovery curve. Pure: the same options give the same city, no I/O.
 *
 * Every enterprise, membership and report gets an explicit id, so the writer can bulk-insert
 * without reading ids back.
 */
import type { Role, WorkingGroup } from '../core/auth/roles';
import { createCreditCodeFactory } from '../domain/credit-code';
import type { DistrictCode } from '../domain/districts';
import type { IndustrySection } from '../domain/industries';
import { createNameFactory, industryWordFor, mobilePhone, personName } from '../domain/names';
import { createRng, type Rng } from '../domain/prng';
import { addDays } from '../domain/workdays';

// One definition: the password rules refuse it in production.
export { DEMO_PASSWORD } from '../core/auth/password';

export interface DemoOptions {
  /** Multiplies every alliance's member count (1 ≈ 215 firms; 500 ≈ 107,500). */
  scale: number;
  seed: number;
  /** The last report day (Asia/Shanghai date): "today" in the demo. */
  today: string;
  days: number;
}

interface AllianceSpec {
  key: string;
  name: string;
  chain: string;
  industry: IndustrySection;
  district: DistrictCode;
  districts: DistrictCode[];
  members: number;
  words: string[];
  products: string[];
  /** Blocker categories this chain suffers most, with weights. */
  blockers: [string, number][];
  description: string;
}

const ALLIANCES: AllianceSpec[] = [
  {
    key: 'leather', name: '温州皮革产业链党建联盟', chain: '皮革产业链', industry: 'C', district: '330302',
    districts: ['330302', '330303', '330304', '330381'], members: 40, words: ['皮革', '鞋业', '皮件', '合成革', '鞋材'],
    products: ['牛皮革', '合成革', '男士皮鞋', '女鞋', '鞋底', '皮带', '箱包', '胶粘剂', '鞋楦'],
    blockers: [['labour', 5], ['raw_material', 3], ['logistics', 2], ['orders', 2], ['prevention_supplies', 1], ['funds', 1]],
    description: '皮革上下游企业同步复工，组建共享员工应急队。',
  },
  {
    key: 'fishery', name: '瑞安水产加工产业链联盟', chain: '水产加工产业链', industry: 'C', district: '330381',
    districts: ['330381', '330305', '330327'], members: 30, words: ['水产食品', '海洋食品', '冷链物流', '渔业'],
    products: ['冷冻带鱼', '鱿鱼丝', '鱼糜制品', '虾仁', '紫菜', '冷链仓储', '包装材料'],
    blockers: [['prevention_supplies', 4], ['logistics', 4], ['labour', 3], ['raw_material', 2], ['policy', 1]],
    description: '统一防控标准，开展“红色团购”防疫物资。',
  },
  {
    key: 'pneumatic', name: '奉化气动产业联盟', chain: '气动元件产业集群', industry: 'C', district: '330213',
    districts: ['330213', '330212', '330203'], members: 120, words: ['气动元件', '气动', '精密机械', '液压'],
    products: ['电磁阀', '气缸', '气源处理器', '接头', '铝型材', '密封件', '压铸件', '呼吸机配件', '口罩机气动件'],
    blockers: [['raw_material', 5], ['logistics', 3], ['equipment', 2], ['labour', 2], ['orders', 2]],
    description: '为呼吸机、口罩机配套气动元件，驻企专员集体会诊。',
  },
  {
    key: 'techpark', name: '一华科技园区联盟', chain: '科技园区', industry: 'C', district: '330304',
    districts: ['330304', '330303'], members: 25, words: ['注塑', '电子', '智能装备', '模具', '卫生材料'],
    products: ['注塑件', '电路板', '熔喷布', '口罩机', '模具', '传感器'],
    blockers: [['equipment', 4], ['raw_material', 2], ['labour', 2], ['funds', 2]],
    description: '园区企业互派技术人员，注塑专家驻企帮扶。',
  },
];

export interface DemoUser {
  id: number;
  username: string;
  displayName: string;
  grants: { role: Role; allianceId: number | null; workingGroup: WorkingGroup | null; enterpriseId: number | null }[];
  /** Shown in the start-up banner. */
  label?: string;
}

export interface DemoEnterprise {
  id: number;
  name: string;
  creditCode: string;
  industry: string;
  districtCode: string;
  headcount: number;
  mainProducts: string;
  address: string;
  annualOutputFen: number;
  contacts: { name: string; title: string; phone: string; email: string }[];
  /** Registry fields (0012): 规上, GB/T 4754 division, ownership — derived, drawing nothing from the rng. */
  aboveDesignatedSize: boolean;
  industryDivision: string;
  ownership: string;
}

/** Each alliance's usual divisions (大类): leather 19 制鞋/皮革, fishery 13 农副食品 + 59 仓储, … */
const DIVISIONS: Record<string, string[]> = { leather: ['19', '19', '26'], fishery: ['13', '13', '59'], pneumatic: ['34', '34', '33'], techpark: ['29', '39', '40'] };
const OWNERSHIP_CYCLE = ['private', 'private', 'private', 'private', 'mixed', 'private', 'foreign', 'private', 'hmt', 'state'];

export interface DemoReport {
  enterpriseId: number;
  date: string;
  outputPct: number;
  capacityPct: number;
  staffOnDuty: number;
  staffTotal: number;
  stage: 'stopped' | 'partial' | 'full';
  blockers: { category: string; note: string }[];
  materialCoverDays: number;
  preventionCoverDays: number;
}

export interface DemoCity {
  alliances: (AllianceSpec & { id: number })[];
  users: DemoUser[];
  enterprises: DemoEnterprise[];
  memberships: { allianceId: number; enterpriseId: number }[];
  assignments: { allianceId: number; enterpriseId: number; userId: number }[];
  /** Reports are produced lazily (there can be millions); iterate once. */
  reports(): Generator<DemoReport>;
  reportCount: number;
}

const BLOCKER_NOTES: Record<string, string[]> = {
  raw_material: ['上游原料未到货', '铝锭库存不足三天', '进口原料清关延迟'],
  logistics: ['物流车辆通行证未办妥', '快递停运', '冷链车辆不足'],
  labour: ['外省员工未返岗', '一线工人缺口约三成', '隔离期员工未返岗'],
  equipment: ['设备故障待维修', '新设备无人安装调试', '缺少注塑技术人员'],
  funds: ['流动资金紧张', '贷款到期续贷困难'],
  orders: ['外贸订单取消', '下游客户暂缓提货'],
  prevention_supplies: ['口罩库存不足', '缺少测温枪', '消毒液即将用完'],
  policy: ['社保减免申请未批复', '复工审批材料待补'],
};

function lognormalHeadcount(rng: Rng): number {
  return Math.max(8, Math.min(3000, Math.round(Math.exp(rng.normal(4.0, 0.9)))));
}

export function generateDemoCity(opts: DemoOptions): DemoCity {
  const rng = createRng(opts.seed);
  const names = createNameFactory(rng.fork());
  const codes = createCreditCodeFactory(rng.fork());
  const alliances = ALLIANCES.map((a, i) => ({ ...a, id: i + 1 }));
  const enterprises: DemoEnterprise[] = [];
  const memberships: DemoCity['memberships'] = [];
  const byAlliance = new Map<number, number[]>();

  for (const a of alliances) {
    const ids: number[] = [];
    const count = Math.max(1, Math.round(a.members * opts.scale));
    for (let k = 0; k < count; k++) {
      const district = rng.pick(a.districts);
      const word = rng.chance(0.7) ? rng.pick(a.words) : industryWordFor(rng, a.industry, district);
      const headcount = lognormalHeadcount(rng);
      const id = enterprises.length + 1;
      const products = rng.shuffle(a.products).slice(0, rng.int(1, 3)).join('、');
      enterprises.push({
        id,
        name: names.enterpriseName({ district, industryWord: word }),
        creditCode: codes.next(district),
        industry: a.industry,
        districtCode: district,
        headcount,
        mainProducts: products,
        address: `${rng.pick(['工业区', '经济开发区', '产业园', '科技园'])}${rng.int(1, 99)}号`,
        // ~ 400k–600k yuan of output a worker a year, in fen
        annualOutputFen: Math.round(headcount * rng.int(40, 60)) * 1_000_000,
        contacts: [{ name: personName(rng), title: rng.pick(['总经理', '办公室主任', '生产厂长', '人事经理']), phone: mobilePhone(rng), email: '' }],
        aboveDesignatedSize: false,
        industryDivision: DIVISIONS[a.key]?.[id % 3] ?? '13',
        ownership: OWNERSHIP_CYCLE[id % OWNERSHIP_CYCLE.length]!,
      });
      // 规上: annual main-business revenue of 20 million yuan or more (the statistics' threshold).
      enterprises[enterprises.length - 1]!.aboveDesignatedSize = enterprises[enterprises.length - 1]!.annualOutputFen >= 2_000_000_000;
      memberships.push({ allianceId: a.id, enterpriseId: id });
      ids.push(id);
    }
    byAlliance.set(a.id, ids);
  }
  // Firms in the tech park that also sit in the leather chain (an enterprise may be in several alliances).
  const techpark = byAlliance.get(4)!;
  for (const id of techpark.slice(0, Math.max(1, Math.round(techpark.length * 0.12)))) memberships.push({ allianceId: 1, enterpriseId: id });

  const users: DemoUser[] = [];
  const addUser = (username: string, displayName: string, grants: DemoUser['grants'], label?: string) => {
    const u: DemoUser = { id: users.length + 1, username, displayName, grants, ...(label ? { label } : {}) };
    users.push(u);
    return u;
  };
  const g = (role: Role, allianceId: number | null = null, workingGroup: WorkingGroup | null = null, enterpriseId: number | null = null) => ({ role, allianceId, workingGroup, enterpriseId });

  addUser('admin', '市委组织部 管理员', [g('platform_admin')], 'platform admin 平台管理员');
  addUser('secretary', `${personName(rng)}（皮革联盟第一书记）`, [g('secretary', 1)], 'alliance secretary 联盟第一书记 (皮革)');
  addUser('tech', `${personName(rng)}（技术服务组）`, [g('group_member', 1, 'tech')], 'working group member 工作小组成员 (技术服务)');
  const commissioner = addUser('commissioner', `${personName(rng)}（驻企专员）`, [g('commissioner', 1)], 'resident commissioner 驻企专员');
  addUser('expert', `${personName(rng)}（爱心科技人）`, [g('expert')], 'volunteer expert 志愿专家');
  const firmId = byAlliance.get(1)![0]!;
  addUser('firm', `${personName(rng)}（企业管理员）`, [g('enterprise_admin', null, null, firmId)], 'enterprise admin 企业管理员');
  addUser('staff', `${personName(rng)}（企业填报员）`, [g('enterprise_staff', null, null, firmId)], 'enterprise staff 企业填报员');
  const groupNames: Record<WorkingGroup, string> = { policy: '政策兑现组', tech: '技术服务组', market: '市场销售组', prevention: '疫情防控组' };
  for (const a of alliances) {
    if (a.id !== 1) addUser(`secretary-${a.key}`, `${personName(rng)}（${a.name.slice(0, 4)}第一书记）`, [g('secretary', a.id)]);
    for (const wg of ['policy', 'market', 'prevention', ...(a.id === 1 ? [] : ['tech'])] as WorkingGroup[]) {
      addUser(`${wg}-${a.key}`, `${personName(rng)}（${groupNames[wg]}）`, [g('group_member', a.id, wg)]);
    }
  }
  addUser('commissioner-fishery', `${personName(rng)}（驻企专员）`, [g('commissioner', 2)]);
  addUser('commissioner-pneumatic', `${personName(rng)}（驻企专员）`, [g('commissioner', 3)]);
  // Thirty more volunteer experts, city-wide (profiles: seed/demo-experts.ts). Their own random
  // stream, so every other generated record stays what it was.
  const expertRng = createRng(opts.seed + 12);
  for (let i = 1; i <= 30; i++) addUser(`expert-${String(i).padStart(2, '0')}`, `${personName(expertRng)}（爱心科技人）`, [g('expert')]);

  const assignments: DemoCity['assignments'] = [];
  const commissioners: Record<number, number> = { 1: commissioner.id, 2: users.find((u) => u.username === 'commissioner-fishery')!.id, 3: users.find((u) => u.username === 'commissioner-pneumatic')!.id };
  for (const [allianceId, userId] of Object.entries(commissioners)) {
    const members = byAlliance.get(Number(allianceId))!;
    // A caseload of about ten firms each (the first firm of the leather chain included).
    for (const enterpriseId of members.slice(0, Math.min(members.length, 10))) assignments.push({ allianceId: Number(allianceId), enterpriseId, userId });
  }

  const allianceOf = new Map<number, AllianceSpec>();
  for (const m of memberships) if (!allianceOf.has(m.enterpriseId)) allianceOf.set(m.enterpriseId, alliances[m.allianceId - 1]!);
  const position = new Map<number, number>();
  for (const ids of byAlliance.values()) ids.forEach((id, k) => position.set(id, k / ids.length));
  const reportSeed = rng.int(1, 2 ** 30);
  const first = addDays(opts.today, -(opts.days - 1));

  function* reports(): Generator<DemoReport> {
    const r = createRng(reportSeed);
    for (const e of enterprises) {
      const spec = allianceOf.get(e.id)!;
      // Each firm restarts on some day of the fortnight and ramps up over a few days;
      // its own capacity recovers first, its actual output trails when inputs are short.
      const restart = Math.floor(r.next() * opts.days * 0.7);
      const ramp = r.int(3, 8);
      // About one firm in ten is still stuck (staff not back, equipment down): its own capacity
      // stays low, which is what starves its customers down the chain.
      // Upstream suppliers (the first members of a chain) are stuck more often, as in the article.
      const stuck = r.chance((position.get(e.id) ?? 1) < 0.45 ? 0.3 : 0.05);
      const ceiling = stuck ? r.int(15, 40) : r.int(80, 115);
      const inputDrag = r.next() * 0.35;
      const reportsTodayProbability = 0.88;
      const blockerWeights = spec.blockers.map((b) => b[1]);
      let material = r.int(2, 20);
      const prevention = r.int(1, 15);
      for (let d = 0; d < opts.days; d++) {
        const date = addDays(first, d);
        const isToday = d === opts.days - 1;
        if (r.next() > (isToday ? reportsTodayProbability : 0.95)) continue;
        const progress = d < restart ? 0 : Math.min(1, (d - restart + 1) / ramp);
        const capacityPct = Math.round(Math.min(ceiling, 10 + progress * ceiling));
        const drag = Math.max(0, inputDrag * (1 - progress * 0.6));
        const outputPct = d < restart ? 0 : Math.round(capacityPct * (1 - drag));
        const stage = outputPct === 0 ? 'stopped' : outputPct >= 85 ? 'full' : 'partial';
        const staffOnDuty = Math.min(e.headcount, Math.round(e.headcount * Math.min(1, 0.15 + progress * 0.9)));
        const blockers: DemoReport['blockers'] = [];
        const nBlockers = stage === 'full' ? (r.chance(0.15) ? 1 : 0) : r.int(1, 3);
        for (let b = 0; b < nBlockers; b++) {
          const category = r.weighted(spec.blockers.map((x) => x[0]), blockerWeights);
          if (!blockers.some((x) => x.category === category)) blockers.push({ category, note: r.pick(BLOCKER_NOTES[category]!) });
        }
        material = Math.max(0, material + (blockers.some((b) => b.category === 'raw_material') ? -1 : 1));
        yield {
          enterpriseId: e.id,
          date,
          outputPct,
          capacityPct,
          staffOnDuty,
          staffTotal: e.headcount,
          stage,
          blockers,
          materialCoverDays: material,
          preventionCoverDays: Math.max(0, prevention - Math.floor(d / 3)),
        };
      }
    }
  }

  return { alliances, users, enterprises, memberships, assignments, reports, reportCount: Math.round(enterprises.length * opts.days * 0.94) };
}
