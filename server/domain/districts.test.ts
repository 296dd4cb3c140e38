import { describe, expect, it } from 'vitest';
import { CITIES, DISTRICTS, districtByCode, districtsOf, isDistrictCode } from './districts';

describe('DISTRICTS', () => {
  it('has Wenzhou’s 12 and Ningbo’s 10 county-level divisions', () => {
    expect(districtsOf('wenzhou')).toHaveLength(12);
    expect(districtsOf('ningbo')).toHaveLength(10);
    expect(new Set(DISTRICTS.map((d) => d.code)).size).toBe(22);
  });

  it('codes sit under their city’s prefix (3303 Wenzhou, 3302 Ningbo)', () => {
    for (const d of DISTRICTS) {
      expect(d.code).toMatch(/^\d{6}$/);
      expect(d.code.slice(0, 4)).toBe(CITIES[d.city].code.slice(0, 4));
      expect(d.zh.endsWith({ district: '区', county: '县', city: '市' }[d.kind])).toBe(true);
      expect(d.zh).toBe(d.short + d.zh.slice(-1));
    }
  });

  it('maps codes to names', () => {
    expect(districtByCode('330302')).toMatchObject({ zh: '鹿城区', short: '鹿城', en: 'Lucheng District', city: 'wenzhou' });
    expect(districtByCode('330381')).toMatchObject({ zh: '瑞安市', en: "Rui'an City", kind: 'city' });
    expect(districtByCode('330383').zh).toBe('龙港市');
    expect(districtByCode('330213')).toMatchObject({ zh: '奉化区', en: 'Fenghua District', city: 'ningbo' });
    expect(districtByCode('330282').zh).toBe('慈溪市');
    expect(districtByCode('330225').en).toBe('Xiangshan County');
    expect(districtByCode('330301')).toBeUndefined();
  });

  it('isDistrictCode narrows only known codes', () => {
    expect(isDistrictCode('330206')).toBe(true);
    expect(isDistrictCode('330300')).toBe(false);
    expect(isDistrictCode(330206)).toBe(false);
  });
});
