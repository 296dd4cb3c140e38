/**
 * County-level divisions (区/县/县级市) of the two demo cities, Wenzhou and Ningbo, with their
 * GB/T 2260 administrative division codes. These codes are what positions 3–8 of an enterprise's
 * credit code carry when the county-level authority registered it, which is how enterprises are
 * filed under a district. The list reflects the current divisions (龙港市 330383 split from 苍南县
 * in 2019; 洞头区 and 奉化区 replaced the former county / county-level city of the same name).
 */

/** A demo city. */
export type CityId = 'wenzhou' | 'ningbo';

/** City names and the city-level division code (used by city-level registrations). */
export const CITIES: Readonly<Record<CityId, { readonly code: string; readonly zh: string; readonly en: string }>> =
  Object.freeze({
    wenzhou: { code: '330300', zh: '温州市', en: 'Wenzhou' },
    ningbo: { code: '330200', zh: '宁波市', en: 'Ningbo' },
  });

/** Kind of county-level division; decides the suffix (区/县/市) and how names are prefixed. */
export type DistrictKind = 'district' | 'county' | 'city';

/** One county-level division. */
export interface District {
  readonly code: DistrictCode;
  /** Full Chinese name, e.g. 鹿城区. */
  readonly zh: string;
  /** Name without the 区/县/市 suffix, as used in colloquial and some registered names (鹿城). */
  readonly short: string;
  /** Pinyin name with the English kind, e.g. "Lucheng District", "Rui'an City". */
  readonly en: string;
  readonly city: CityId;
  readonly kind: DistrictKind;
}

const RAW = [
  ['330302', '鹿城区', 'Lucheng', 'wenzhou', 'district'],
  ['330303', '龙湾区', 'Longwan', 'wenzhou', 'district'],
  ['330304', '瓯海区', 'Ouhai', 'wenzhou', 'district'],
  ['330305', '洞头区', 'Dongtou', 'wenzhou', 'district'],
  ['330324', '永嘉县', 'Yongjia', 'wenzhou', 'county'],
  ['330326', '平阳县', 'Pingyang', 'wenzhou', 'county'],
  ['330327', '苍南县', 'Cangnan', 'wenzhou', 'county'],
  ['330328', '文成县', 'Wencheng', 'wenzhou', 'county'],
  ['330329', '泰顺县', 'Taishun', 'wenzhou', 'county'],
  ['330381', '瑞安市', "Rui'an", 'wenzhou', 'city'],
  ['330382', '乐清市', 'Yueqing', 'wenzhou', 'city'],
  ['330383', '龙港市', 'Longgang', 'wenzhou', 'city'],
  ['330203', '海曙区', 'Haishu', 'ningbo', 'district'],
  ['330205', '江北区', 'Jiangbei', 'ningbo', 'district'],
  ['330206', '北仑区', 'Beilun', 'ningbo', 'district'],
  ['330211', '镇海区', 'Zhenhai', 'ningbo', 'district'],
  ['330212', '鄞州区', 'Yinzhou', 'ningbo', 'district'],
  ['330213', '奉化区', 'Fenghua', 'ningbo', 'district'],
  ['330225', '象山县', 'Xiangshan', 'ningbo', 'county'],
  ['330226', '宁海县', 'Ninghai', 'ningbo', 'county'],
  ['330281', '余姚市', 'Yuyao', 'ningbo', 'city'],
  ['330282', '慈溪市', 'Cixi', 'ningbo', 'city'],
] as const;

/** Division code of one of the 22 county-level divisions. */
export type DistrictCode = (typeof RAW)[number][0];

const KIND_EN: Record<DistrictKind, string> = { district: 'District', county: 'County', city: 'City' };

/** All 22 divisions: Wenzhou's then Ningbo's, each in code order. */
export const DISTRICTS: readonly District[] = Object.freeze(
  RAW.map(([code, zh, pinyin, city, kind]): District =>
    Object.freeze({ code, zh, short: zh.slice(0, -1), en: `${pinyin} ${KIND_EN[kind]}`, city, kind }),
  ),
);

const BY_CODE: ReadonlyMap<string, District> = new Map(DISTRICTS.map((d) => [d.code, d]));

/** Narrows untrusted input to a known division code. */
export function isDistrictCode(value: unknown): value is DistrictCode {
  return typeof value === 'string' && BY_CODE.has(value);
}

/**
 * Looks a division up by code. Typed input always resolves; an arbitrary string may not, hence
 * the overloads: callers with a `DistrictCode` need no undefined check.
 */
export function districtByCode(code: DistrictCode): District;
export function districtByCode(code: string): District | undefined;
export function districtByCode(code: string): District | undefined {
  return BY_CODE.get(code);
}

/** The divisions of one city. */
export function districtsOf(city: CityId): readonly District[] {
  return DISTRICTS.filter((d) => d.city === city);
}
