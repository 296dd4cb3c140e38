/** Reference lists shared with the server (pure modules), with labels in the UI language. */
import { CITIES, DISTRICTS, districtByCode } from '@server/domain/districts';
import { INDUSTRY_SECTIONS } from '@server/domain/industries';
import type { Locale } from './i18n';

export { BLOCKER_CATEGORIES } from '@server/modules/reports/reports.schema';
export { STAGES } from '@server/modules/enterprises/enterprises.schema';
export { ROLES, WORKING_GROUPS } from '@server/core/auth/roles';

export type Stage = 'stopped' | 'partial' | 'full';

const lang = (locale: Locale) => (locale === 'en-US' ? 'en' : 'zh');

export function districtName(code: string, locale: Locale): string {
  const d = districtByCode(code);
  return d ? d[lang(locale)] : code;
}

export function industryName(code: string, locale: Locale): string {
  const s = INDUSTRY_SECTIONS.find((x) => x.code === code);
  return s ? `${s.code} · ${s[lang(locale)]}` : code;
}

/** District options grouped by city, for antd Select. */
export function districtOptions(locale: Locale) {
  return (Object.keys(CITIES) as (keyof typeof CITIES)[]).map((city) => ({
    label: CITIES[city][lang(locale)],
    title: CITIES[city][lang(locale)],
    options: DISTRICTS.filter((d) => d.city === city).map((d) => ({ value: d.code, label: d[lang(locale)] })),
  }));
}

export function industryOptions(locale: Locale) {
  return INDUSTRY_SECTIONS.map((s) => ({ value: s.code, label: `${s.code} · ${s[lang(locale)]}` }));
}

/** GB/T 4754-2017 manufacturing divisions (大类 13–43), the ones volunteer experts serve most. */
const MANUFACTURING_DIVISIONS: Record<string, string> = {
  '13': '农副食品加工业', '14': '食品制造业', '15': '酒、饮料和精制茶制造业', '16': '烟草制品业', '17': '纺织业', '18': '纺织服装、服饰业', '19': '皮革、毛皮、羽毛及其制品和制鞋业',
  '20': '木材加工和木、竹、藤、棕、草制品业', '21': '家具制造业', '22': '造纸和纸制品业', '23': '印刷和记录媒介复制业', '24': '文教、工美、体育和娱乐用品制造业', '25': '石油、煤炭及其他燃料加工业',
  '26': '化学原料和化学制品制造业', '27': '医药制造业', '28': '化学纤维制造业', '29': '橡胶和塑料制品业', '30': '非金属矿物制品业', '31': '黑色金属冶炼和压延加工业', '32': '有色金属冶炼和压延加工业',
  '33': '金属制品业', '34': '通用设备制造业', '35': '专用设备制造业', '36': '汽车制造业', '37': '铁路、船舶、航空航天和其他运输设备制造业', '38': '电气机械和器材制造业',
  '39': '计算机、通信和其他电子设备制造业', '40': '仪器仪表制造业', '41': '其他制造业', '42': '废弃资源综合利用业', '43': '金属制品、机械和设备修理业',
};

/** Two-digit GB/T 4754 divisions 01–97 grouped by section; manufacturing ones named (in Chinese, as the standard is). */
export function divisionOptions(locale: Locale) {
  return INDUSTRY_SECTIONS.map((s) => {
    const codes = Array.from({ length: s.divisions[1] - s.divisions[0] + 1 }, (_, i) => String(s.divisions[0] + i).padStart(2, '0'));
    return { label: `${s.code} · ${s[lang(locale)]}`, title: s[lang(locale)], options: codes.map((c) => ({ value: c, label: MANUFACTURING_DIVISIONS[c] ? `${c} ${MANUFACTURING_DIVISIONS[c]}` : `${c} · ${s[lang(locale)]}` })) };
  });
}
