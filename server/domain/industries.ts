/**
 * Industry sections (门类) of GB/T 4754-2017, 国民经济行业分类 — the classification Chinese
 * registration and statistics data use. A section letter is the coarsest level; below it come
 * two-digit divisions (大类), and every division belongs to exactly one section by range, which
 * {@link sectionOfDivision} uses to file a detailed industry code (e.g. "3441" or "C3441") under
 * its section. English names follow the National Bureau of Statistics' translation.
 */

/** One section letter A–T (there is no I/O gap: GB/T 4754 uses all 20 letters A–T). */
export type IndustrySection =
  | 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J'
  | 'K' | 'L' | 'M' | 'N' | 'O' | 'P' | 'Q' | 'R' | 'S' | 'T';

/** A section with its names and the range of two-digit divisions (大类) it spans, inclusive. */
export interface IndustrySectionInfo {
  readonly code: IndustrySection;
  readonly zh: string;
  readonly en: string;
  readonly divisions: readonly [from: number, to: number];
}

/** All 20 sections in code order. */
export const INDUSTRY_SECTIONS: readonly IndustrySectionInfo[] = Object.freeze([
  { code: 'A', zh: '农、林、牧、渔业', en: 'Agriculture, forestry, animal husbandry and fishery', divisions: [1, 5] },
  { code: 'B', zh: '采矿业', en: 'Mining', divisions: [6, 12] },
  { code: 'C', zh: '制造业', en: 'Manufacturing', divisions: [13, 43] },
  { code: 'D', zh: '电力、热力、燃气及水生产和供应业', en: 'Production and supply of electricity, heat, gas and water', divisions: [44, 46] },
  { code: 'E', zh: '建筑业', en: 'Construction', divisions: [47, 50] },
  { code: 'F', zh: '批发和零售业', en: 'Wholesale and retail trade', divisions: [51, 52] },
  { code: 'G', zh: '交通运输、仓储和邮政业', en: 'Transport, storage and postal services', divisions: [53, 60] },
  { code: 'H', zh: '住宿和餐饮业', en: 'Accommodation and catering', divisions: [61, 62] },
  { code: 'I', zh: '信息传输、软件和信息技术服务业', en: 'Information transmission, software and information technology services', divisions: [63, 65] },
  { code: 'J', zh: '金融业', en: 'Finance', divisions: [66, 69] },
  { code: 'K', zh: '房地产业', en: 'Real estate', divisions: [70, 70] },
  { code: 'L', zh: '租赁和商务服务业', en: 'Leasing and business services', divisions: [71, 72] },
  { code: 'M', zh: '科学研究和技术服务业', en: 'Scientific research and technical services', divisions: [73, 75] },
  { code: 'N', zh: '水利、环境和公共设施管理业', en: 'Management of water conservancy, environment and public facilities', divisions: [76, 79] },
  { code: 'O', zh: '居民服务、修理和其他服务业', en: 'Resident services, repair and other services', divisions: [80, 82] },
  { code: 'P', zh: '教育', en: 'Education', divisions: [83, 83] },
  { code: 'Q', zh: '卫生和社会工作', en: 'Health and social work', divisions: [84, 85] },
  { code: 'R', zh: '文化、体育和娱乐业', en: 'Culture, sports and entertainment', divisions: [86, 90] },
  { code: 'S', zh: '公共管理、社会保障和社会组织', en: 'Public administration, social security and social organisations', divisions: [91, 96] },
  { code: 'T', zh: '国际组织', en: 'International organisations', divisions: [97, 97] },
] as const satisfies readonly IndustrySectionInfo[]);

const BY_CODE: ReadonlyMap<string, IndustrySectionInfo> = new Map(INDUSTRY_SECTIONS.map((s) => [s.code, s]));

/** Narrows untrusted input (query strings, imported spreadsheets) to a section letter. */
export function isIndustrySection(value: unknown): value is IndustrySection {
  return typeof value === 'string' && BY_CODE.has(value);
}

/** The section's names and division range. */
export function industrySection(code: IndustrySection): IndustrySectionInfo {
  const s = BY_CODE.get(code);
  if (!s) throw new RangeError(`unknown industry section ${String(code)}`);
  return s;
}

/**
 * The section a detailed industry code belongs to, from its first two digits: accepts "34",
 * "344", "3441" and the letter-prefixed form "C3441" (in which case the letter must agree).
 * Returns undefined for anything else, including unassigned divisions (e.g. "00", "98").
 */
export function sectionOfDivision(industryCode: string): IndustrySection | undefined {
  const m = /^([A-T])?(\d{2})\d{0,2}$/.exec(industryCode.trim().toUpperCase());
  if (!m) return undefined;
  const division = Number(m[2]);
  const section = INDUSTRY_SECTIONS.find((s) => division >= s.divisions[0] && division <= s.divisions[1]);
  if (!section) return undefined;
  if (m[1] !== undefined && m[1] !== section.code) return undefined;
  return section.code;
}

/** GB/T 4754-2017 manufacturing divisions (大类 13–43), the ones volunteer experts serve most. */
export const MANUFACTURING_DIVISIONS: Record<string, string> = {
  '13': '农副食品加工业', '14': '食品制造业', '15': '酒、饮料和精制茶制造业', '16': '烟草制品业', '17': '纺织业', '18': '纺织服装、服饰业', '19': '皮革、毛皮、羽毛及其制品和制鞋业',
  '20': '木材加工和木、竹、藤、棕、草制品业', '21': '家具制造业', '22': '造纸和纸制品业', '23': '印刷和记录媒介复制业', '24': '文教、工美、体育和娱乐用品制造业', '25': '石油、煤炭及其他燃料加工业',
  '26': '化学原料和化学制品制造业', '27': '医药制造业', '28': '化学纤维制造业', '29': '橡胶和塑料制品业', '30': '非金属矿物制品业', '31': '黑色金属冶炼和压延加工业', '32': '有色金属冶炼和压延加工业',
  '33': '金属制品业', '34': '通用设备制造业', '35': '专用设备制造业', '36': '汽车制造业', '37': '铁路、船舶、航空航天和其他运输设备制造业', '38': '电气机械和器材制造业',
  '39': '计算机、通信和其他电子设备制造业', '40': '仪器仪表制造业', '41': '其他制造业', '42': '废弃资源综合利用业', '43': '金属制品、机械和设备修理业',
};
