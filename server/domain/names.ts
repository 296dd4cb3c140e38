/**
 * Believable, deterministic demo identities for Wenzhou and Ningbo: enterprise names, person
 * names and mobile numbers, all drawn from a seeded {@link Rng} so a demo data set is
 * reproducible from its seed.
 *
 * Enterprise names follow the registered-name pattern 行政区划 + 字号 + 行业 + 组织形式
 * (region + trade name + industry word + legal form), e.g. 瑞安市海丰水产食品有限公司, with the
 * region written the ways real registrations write it (温州市鹿城区…, 宁波奉化…, 瑞安市…,
 * 浙江…, or 宏达（温州）… with the region after the trade name). Industry words can be drawn per
 * GB/T 4754 section with a bias towards each district's real industrial clusters (乐清 low-voltage
 * electrics, 永嘉 valves, 瑞安 auto parts, 慈溪 home appliances, 余姚/北仑 moulds, 奉化 pneumatics…).
 *
 * All generated data is fictitious; phone numbers are random and may coincide with real
 * subscribers, so demo data must never be used to call or text anyone.
 */
import type { IndustrySection } from './industries';
import type { District, DistrictCode } from './districts';
import { CITIES, districtByCode } from './districts';
import type { Rng } from './prng';

// 字号 (trade-name) characters. Any first + second pair reads like a real trade name (宏达,
// 恒泰, 鑫源…), giving ~4,700 two-character names; three-character names (宏达兴) extend the
// space when a factory runs out of fresh two-character ones.
const TRADE_FIRST = [...'宏华海瑞恒鑫金永正新东天立富嘉汇宝中万大明盛兴泰隆德信联顺凯佳卓创博远通源昌鸿荣祥锦亚欧美精宇阳光康安腾飞龙星诚森力益丰家合众志晨百千同和仁汉君长广鼎旺福禾青蓝红'];
const TRADE_SECOND = [...'达丰盛兴泰隆昌源发利华通宇辉诚信安康力特威强鑫宝成业捷润顺凯晟鹏腾越星光远合运嘉新亿邦阳峰豪科创友和维迪克锐普德乐美泽'];
const TRADE_THIRD = [...'兴达盛隆昌发祥泰源利丰鑫'];

const LEGAL_FORMS = ['有限公司', '股份有限公司', '有限责任公司'] as const;
const LEGAL_FORM_WEIGHTS = [85, 10, 5];

/** Industry words per section, as they appear in registered names (placed before the legal form). */
export const INDUSTRY_WORDS: Readonly<Record<IndustrySection, readonly string[]>> = Object.freeze({
  A: ['农业开发', '水产养殖', '茶业', '果蔬种植', '生态农业', '畜牧'],
  B: ['矿业', '石材开采', '建材矿业'],
  C: [
    '鞋业', '皮革', '服饰', '服装', '眼镜', '打火机', '电器', '电气', '阀门', '泵业', '汽车部件', '汽摩配件',
    '印刷', '包装', '模具', '塑料制品', '塑胶', '五金', '紧固件', '轴承', '机械', '电子', '光电', '家电',
    '文具', '针织', '纺织', '气动元件', '注塑机械', '化工', '新材料', '水产食品', '食品', '制药', '合成革',
    '线缆', '仪表', '不锈钢', '卫浴', '灯具',
  ],
  D: ['电力', '热电', '燃气', '供水', '新能源'],
  E: ['建设', '建筑工程', '装饰工程', '市政工程', '安装工程'],
  F: ['贸易', '商贸', '进出口', '供应链', '百货', '建材'],
  G: ['物流', '运输', '货运代理', '仓储', '港务', '快递'],
  H: ['酒店', '餐饮管理', '饮食'],
  I: ['信息技术', '网络科技', '软件', '数据科技', '通信技术'],
  J: ['投资管理', '融资担保', '小额贷款'],
  K: ['房地产开发', '物业管理', '置业'],
  L: ['企业管理', '人力资源', '商务咨询', '会展服务', '设备租赁'],
  M: ['检测技术', '工程设计', '科技', '技术研究院'],
  N: ['环保科技', '环境工程', '园林绿化', '水务'],
  O: ['家政服务', '汽车维修', '洗涤服务'],
  P: ['教育科技', '职业培训'],
  Q: ['医疗器械', '健康管理', '养老服务'],
  R: ['文化传媒', '广告', '体育发展', '影视'],
  S: ['社会服务'],
  T: ['国际合作'],
});

/** Manufacturing words a district is known for; drawn more often there. */
const CLUSTERS: Readonly<Partial<Record<DistrictCode, readonly string[]>>> = {
  '330302': ['鞋业', '服装', '服饰', '皮革'],
  '330303': ['阀门', '不锈钢', '制药', '合成革'],
  '330304': ['眼镜', '鞋业', '锁具', '五金'],
  '330305': ['水产食品', '船舶修造'],
  '330324': ['阀门', '泵业', '纽扣', '鞋业'],
  '330326': ['皮革', '塑料制品', '包装'],
  '330327': ['印刷', '包装', '塑料制品'],
  '330328': ['食品', '竹木制品'],
  '330329': ['竹木制品', '茶业'],
  '330381': ['汽摩配件', '汽车部件', '机械', '鞋业'],
  '330382': ['电气', '电器', '仪表', '线缆'],
  '330383': ['印刷', '包装', '纺织'],
  '330203': ['服装', '纺织', '电子'],
  '330205': ['新材料', '机械', '电子'],
  '330206': ['模具', '注塑机械', '港口机械', '汽车部件'],
  '330211': ['化工', '新材料', '机械'],
  '330212': ['服装', '电器', '汽车部件', '机械'],
  '330213': ['气动元件', '服装', '机械'],
  '330225': ['针织', '水产食品', '模具'],
  '330226': ['文具', '模具', '灯具'],
  '330281': ['模具', '塑料制品', '光电', '家电'],
  '330282': ['家电', '轴承', '紧固件', '卫浴'],
};

/**
 * An industry word for a section. For manufacturing (C) with a district, half the draws come
 * from the district's clusters so the demo looks like its region (鞋 in 鹿城, 电气 in 乐清).
 */
export function industryWordFor(rng: Rng, section: IndustrySection, district?: DistrictCode): string {
  const local = section === 'C' && district !== undefined ? CLUSTERS[district] : undefined;
  if (local !== undefined && rng.next() < 0.5) return rng.pick(local);
  return rng.pick(INDUSTRY_WORDS[section]);
}

/** Options of {@link enterpriseName}. */
export interface EnterpriseNameOptions {
  district: DistrictCode;
  /** E.g. 皮革, 水产食品, 气动元件 — see {@link INDUSTRY_WORDS} / {@link industryWordFor}. */
  industryWord: string;
}

function tradeName(rng: Rng, length: 2 | 3): string {
  const first = rng.pick(TRADE_FIRST);
  let second = rng.pick(TRADE_SECOND);
  while (second === first) second = rng.pick(TRADE_SECOND);
  if (length === 2) return first + second;
  let third = rng.pick(TRADE_THIRD);
  while (third === second) third = rng.pick(TRADE_THIRD);
  return first + second + third;
}

function cityShort(d: District): string {
  return CITIES[d.city].zh.slice(0, -1);
}

function compose(rng: Rng, d: District, trade: string, industryWord: string): string {
  const form = rng.weighted(LEGAL_FORMS, LEGAL_FORM_WEIGHTS);
  const r = rng.next();
  if (r < 0.04) return `${trade}（${cityShort(d)}）${industryWord}${form}`;
  if (r < 0.1) return `浙江${trade}${industryWord}${form}`;
  let region: string;
  if (d.kind === 'district') {
    const k = rng.next();
    region = k < 0.7 ? CITIES[d.city].zh + d.zh : k < 0.85 ? cityShort(d) + d.short : CITIES[d.city].zh;
  } else {
    region = d.zh;
  }
  return `${region}${trade}${industryWord}${form}`;
}

function resolve(code: DistrictCode): District {
  const d = districtByCode(code);
  if (d === undefined) throw new RangeError(`unknown district ${String(code)}`);
  return d;
}

/**
 * One enterprise name, e.g. 温州市鹿城区宏达皮革有限公司, 宁波奉化亚德气动元件有限公司,
 * 瑞安市海丰水产食品有限公司. Names may repeat across calls; use {@link createNameFactory} for
 * unique names.
 */
export function enterpriseName(rng: Rng, opts: EnterpriseNameOptions): string {
  return compose(rng, resolve(opts.district), tradeName(rng, 2), opts.industryWord);
}

/** A source of enterprise names that never returns the same name twice. */
export interface NameFactory {
  /** A name not returned or reserved before (same style as {@link enterpriseName}). */
  enterpriseName(opts: EnterpriseNameOptions): string;
  /** Marks an existing name as taken (e.g. loaded from a database); false if it already was. */
  reserve(name: string): boolean;
  has(name: string): boolean;
  readonly size: number;
}

const NUMERALS = [...'零一二三四五六七八九'];

/** Chinese numeral for 2 ≤ n ≤ 99 (二, 十二, 二十三); Arabic digits beyond. */
function numeral(n: number): string {
  if (n >= 100) return String(n);
  if (n < 10) return NUMERALS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : NUMERALS[tens]}十${ones === 0 ? '' : NUMERALS[ones]}`;
}

/**
 * Unique enterprise names, fast enough for hundreds of thousands: each call tries a few fresh
 * two-character trade names, then three-character ones (a space of ~56,000 per region and
 * industry), and only if all collide falls back to a branch of the last candidate
 * (…有限公司第二分公司), which is unique by construction. Lookups are a Set, so the cost per
 * name stays constant as the set grows.
 */
export function createNameFactory(rng: Rng): NameFactory {
  const taken = new Set<string>();
  const branchCount = new Map<string, number>();
  return {
    enterpriseName(opts) {
      const d = resolve(opts.district);
      let candidate = '';
      for (let attempt = 0; attempt < 12; attempt += 1) {
        candidate = compose(rng, d, tradeName(rng, attempt < 6 ? 2 : 3), opts.industryWord);
        if (!taken.has(candidate)) {
          taken.add(candidate);
          return candidate;
        }
      }
      let k = branchCount.get(candidate) ?? 1;
      let name: string;
      do {
        k += 1;
        name = `${candidate}第${numeral(k)}分公司`;
      } while (taken.has(name));
      branchCount.set(candidate, k);
      taken.add(name);
      return name;
    },
    reserve(name) {
      if (taken.has(name)) return false;
      taken.add(name);
      return true;
    },
    has: (name) => taken.has(name),
    get size() {
      return taken.size;
    },
  };
}

// Surnames with rough weights (per mille), blending national frequency with southern Zhejiang,
// where 陈, 林, 郑, 叶, 潘, 金, 应, 俞 are much more common than nationally.
const SURNAMES: readonly (readonly [string, number])[] = [
  ['陈', 90], ['王', 60], ['张', 50], ['李', 50], ['林', 45], ['黄', 35], ['周', 32], ['吴', 30],
  ['郑', 30], ['徐', 28], ['刘', 28], ['胡', 22], ['金', 20], ['叶', 20], ['朱', 18], ['杨', 18],
  ['潘', 16], ['赵', 14], ['孙', 14], ['蒋', 12], ['谢', 12], ['何', 12], ['董', 10], ['应', 10],
  ['俞', 10], ['余', 10], ['马', 9], ['高', 9], ['郭', 8], ['罗', 8], ['梁', 7], ['宋', 7],
  ['唐', 7], ['许', 7], ['邵', 7], ['方', 7], ['卢', 6], ['施', 6], ['毛', 6], ['汪', 6],
  ['钱', 6], ['沈', 6], ['戴', 5], ['袁', 5], ['曹', 5], ['章', 5], ['夏', 5], ['蔡', 5],
  ['程', 4], ['姜', 4], ['范', 4], ['魏', 4], ['谷', 3], ['薛', 3], ['邱', 3], ['洪', 3],
  ['史', 3], ['池', 3], ['季', 3], ['项', 3], ['欧阳', 1], ['诸葛', 0.5],
];
const SURNAME_LIST = SURNAMES.map(([s]) => s);
const SURNAME_WEIGHTS = SURNAMES.map(([, w]) => w);

// Given-name characters: a two-character given name is a lead + a final from the same gender's
// pools (建华, 志强, 晓燕, 雅婷), which keeps combinations natural; one-character names use a final.
const GIVEN = {
  male: {
    lead: [...'建志国永文海俊伟家子宇浩晓明嘉立振德成天少'],
    final: [...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙峰东亮晨阳博豪洋毅锋然'],
  },
  female: {
    lead: [...'晓佳思雨欣梦静丽美雅诗紫秀海春小丹玉'],
    final: [...'芳娜敏静丽艳娟霞燕玲婷雪琳慧颖倩洁红梅莉萍欣怡悦琪晶瑶璐蓉媛露丹妍月'],
  },
} as const;

/** Gender used only to pick given-name characters; no other meaning in the product. */
export type NameGender = 'male' | 'female';

/**
 * A person's name: a frequency-weighted surname and a one- or two-character given name
 * (two in about 70% of cases, as in current naming). Gender is drawn if not given.
 */
export function personName(rng: Rng, gender?: NameGender): string {
  const pools = GIVEN[gender ?? (rng.next() < 0.5 ? 'male' : 'female')];
  const surname = rng.weighted(SURNAME_LIST, SURNAME_WEIGHTS);
  if (rng.next() < 0.3) return surname + rng.pick(pools.final);
  const lead = rng.pick(pools.lead);
  let last = rng.pick(pools.final);
  while (last === lead) last = rng.pick(pools.final);
  return surname + lead + last;
}

// Mainland mobile prefixes in use (MIIT numbering plan): 154 and 194 are not assigned.
const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139',
  '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '180', '181', '182', '183', '184', '185', '186', '187', '188', '189',
  '190', '191', '192', '193', '195', '196', '197', '198', '199',
] as const;

/** An 11-digit mainland mobile number with an assigned 13x/15x/18x/19x prefix. */
export function mobilePhone(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}
