/**
 * Demo volunteer experts: the `expert` login (injection moulding and PLC, the tech park's and the
 * leather chain's districts) and thirty more across the default specialties, with districts,
 * availability, loads and past cases. Deterministic; runs inside the seeding transaction.
 */
import type { Deps } from '../core/context';
import type { Trx } from '../core/db/database';
import { createRng } from '../domain/prng';
import type { DemoCity } from './demo-city';

/** Specialty codes with divisions (GB/T 4754) and a past case each. */
const PROFILES: Record<string, { industries: string[]; cases: string[] }> = {
  injection_moulding: { industries: ['29', '39'], cases: ['解决注塑机保压不足导致的缩痕问题', '调整模具温度消除飞边', '注塑件尺寸不稳的工艺优化'] },
  cnc_machining: { industries: ['34', '33'], cases: ['加工中心主轴异响维修', '数控车床精度恢复', '刀具寿命优化'] },
  plc_automation: { industries: ['34', '38', '40'], cases: ['PLC程序故障排查恢复产线', '伺服报警处理', '口罩机自动化改造'] },
  pneumatics_hydraulics: { industries: ['34', '35'], cases: ['气缸动作缓慢与电磁阀漏气维修', '液压站压力不稳排查', '气源处理器选型'] },
  mask_nonwoven: { industries: ['17', '35', '27'], cases: ['口罩机超声波焊接不牢调试', '熔喷布克重不均工艺调整', '耳带机构卡料维修'] },
  leather_shoe: { industries: ['19'], cases: ['片皮机刀片调整', '转鼓鞣制工艺改进', '鞋底成型机温控故障'] },
  refrigeration: { industries: ['13', '34', '54'], cases: ['冷库压缩机故障维修', '速冻线温控改造', '冷链车辆制冷机组保养'] },
  electrical: { industries: ['38', '44'], cases: ['配电柜跳闸排查', '电机过热维修', '车间线路改造'] },
  quality: { industries: ['19', '29', '34'], cases: ['建立来料检验标准', '降低不良率的质量改进', '出口产品认证辅导'] },
  process: { industries: ['19', '29', '17'], cases: ['产线平衡与节拍优化', '换线时间缩短', '工艺参数标准化'] },
  logistics: { industries: ['54', '59'], cases: ['仓储布局优化', '复工期间运输调度', '冷链配送方案'] },
  welding: { industries: ['33', '34'], cases: ['焊缝气孔问题处理', '激光焊接参数调试'] },
  maintenance: { industries: ['34', '35', '19'], cases: ['设备异响与振动诊断', '轴承润滑保养制度', '停机故障快速恢复'] },
  food_processing: { industries: ['13', '14'], cases: ['水产加工线杀菌工艺', '包装机故障维修'] },
  textile: { industries: ['17', '18'], cases: ['织机断纱故障排查', '印染设备温控'] },
};

const DISTRICTS = ['330302', '330303', '330304', '330381', '330382', '330322', '330213', '330212', '330203', '330206'];

export async function seedDemoExperts(trx: Trx, _deps: Deps, city: DemoCity, now: Date, seed: number): Promise<number> {
  const rng = createRng(seed + 13);
  const at = now.toISOString();
  const specialties = await trx.selectFrom('expert_specialties').select(['id', 'code', 'name_zh']).execute();
  const byCode = new Map(specialties.map((s) => [s.code, s.id]));
  const codes = specialties.map((s) => s.code).filter((c) => PROFILES[c]);

  const add = async (userId: number, spec: string[], o: { districts: string[]; availability: number[]; maxCases: number; verified: boolean; paused: boolean; bio: string }) => {
    const industries = [...new Set(spec.flatMap((c) => PROFILES[c]!.industries))];
    const cases = spec.flatMap((c) => rng.shuffle(PROFILES[c]!.cases).slice(0, 2)).join('；');
    await trx.insertInto('expert_profiles').values({
      user_id: userId, bio: o.bio, industries_json: JSON.stringify(industries), districts_json: JSON.stringify(o.districts), availability_json: JSON.stringify(o.availability),
      max_cases: o.maxCases, verified: o.verified ? 1 : 0, paused: o.paused ? 1 : 0, past_cases: cases, created_at: at, updated_at: at,
    }).execute();
    await trx.insertInto('expert_profile_specialties').values(spec.map((c) => ({ user_id: userId, specialty_id: byCode.get(c)! }))).execute();
  };

  const demo = city.users.find((u) => u.username === 'expert')!;
  await add(demo.id, ['injection_moulding', 'plc_automation'], {
    districts: ['330302', '330303', '330304', '330381'], availability: [1, 2, 3, 4, 5], maxCases: 4, verified: true, paused: false,
    bio: '注塑与自动化工程师，二十年注塑车间经验，擅长注塑机液压与PLC故障诊断。',
  });
  const more = city.users.filter((u) => /^expert-\d+$/.test(u.username));
  for (const [k, u] of more.entries()) {
    const i = k + 1;
    const id = u.id;
    const spec = rng.shuffle(codes).slice(0, rng.int(1, 3));
    const names = spec.map((c) => specialties.find((s) => s.code === c)!.name_zh);
    await add(id, spec, {
      districts: rng.shuffle(DISTRICTS).slice(0, rng.int(2, 5)),
      availability: rng.shuffle([0, 1, 2, 3, 4, 5, 6]).slice(0, rng.int(2, 6)).sort(),
      maxCases: rng.int(1, 5),
      verified: rng.chance(0.8),
      paused: i % 13 === 0,
      bio: `退休工程师，志愿服务方向：${names.join('、')}`,
    });
  }
  return more.length + 1;
}
