import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DISTRICTS, type DistrictCode } from './districts';
import { INDUSTRY_SECTIONS } from './industries';
import {
  INDUSTRY_WORDS,
  createNameFactory,
  enterpriseName,
  industryWordFor,
  mobilePhone,
  personName,
} from './names';
import { createRng } from './prng';

const districtArb = fc.constantFrom(...DISTRICTS.map((d) => d.code));
const HAN = /^[\u4e00-\u9fff（）]+$/;

describe('enterpriseName', () => {
  it('is deterministic for a seed', () => {
    const opts = { district: '330381' as DistrictCode, industryWord: '水产食品' };
    expect(enterpriseName(createRng(1), opts)).toBe(enterpriseName(createRng(1), opts));
  });

  it('follows region + trade name + industry + legal form', () => {
    fc.assert(
      fc.property(fc.integer(), districtArb, (seed, code) => {
        const name = enterpriseName(createRng(seed), { district: code, industryWord: '皮革' });
        const d = DISTRICTS.find((x) => x.code === code);
        const city = d?.city === 'wenzhou' ? '温州' : '宁波';
        expect(name).toMatch(HAN);
        expect(name).toMatch(/(有限公司|股份有限公司|有限责任公司)$/);
        expect(name).toContain('皮革');
        // The region is the district, its city, or the province.
        expect(name.includes(d?.short ?? '?') || name.includes(city) || name.startsWith('浙江')).toBe(true);
        expect(name.length).toBeGreaterThanOrEqual(10);
        expect(name.length).toBeLessThanOrEqual(20);
      }),
    );
  });

  it('writes the region the ways registrations do', () => {
    const rng = createRng(4);
    const lucheng = new Set<string>();
    const ruian = new Set<string>();
    for (let i = 0; i < 400; i += 1) {
      lucheng.add(enterpriseName(rng, { district: '330302', industryWord: '皮革' }));
      ruian.add(enterpriseName(rng, { district: '330381', industryWord: '水产食品' }));
    }
    const l = [...lucheng];
    const r = [...ruian];
    expect(l.some((n) => n.startsWith('温州市鹿城区'))).toBe(true);
    expect(l.some((n) => n.startsWith('温州鹿城'))).toBe(true);
    expect(l.some((n) => /^[^温]{2}（温州）皮革/.test(n))).toBe(true);
    expect(r.some((n) => /^瑞安市..水产食品有限公司$/.test(n))).toBe(true);
    expect(r.some((n) => n.startsWith('浙江'))).toBe(true);
    expect(r.some((n) => n.endsWith('股份有限公司'))).toBe(true);
  });
});

describe('createNameFactory', () => {
  it('never repeats, even when one district and industry is hammered', () => {
    const f = createNameFactory(createRng(5));
    const names = new Set<string>();
    for (let i = 0; i < 30_000; i += 1) names.add(f.enterpriseName({ district: '330305', industryWord: '电气' }));
    expect(names.size).toBe(30_000);
    expect(f.size).toBe(30_000);
  });

  it('falls back to numbered branches when every fresh candidate is taken', () => {
    const f = createNameFactory(createRng(6));
    // Exhaust far beyond the trade-name space of one narrow combination.
    const names = new Set<string>();
    for (let i = 0; i < 150_000; i += 1) names.add(f.enterpriseName({ district: '330328', industryWord: '食品' }));
    expect(names.size).toBe(150_000);
    expect([...names].some((n) => /有限公司第[二三四五六七八九十]+分公司$/.test(n))).toBe(true);
  });

  it('makes 200,000 unique names across the demo cities quickly', () => {
    const rng = createRng(7);
    const f = createNameFactory(rng);
    const started = performance.now();
    for (let i = 0; i < 200_000; i += 1) {
      const d = DISTRICTS[i % DISTRICTS.length].code;
      const section = INDUSTRY_SECTIONS[i % 7 === 0 ? (i >> 3) % 20 : 2].code;
      f.enterpriseName({ district: d, industryWord: industryWordFor(rng, section, d) });
    }
    expect(f.size).toBe(200_000);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('honours reserved names', () => {
    const f = createNameFactory(createRng(8));
    expect(f.reserve('温州市鹿城区宏达皮革有限公司')).toBe(true);
    expect(f.reserve('温州市鹿城区宏达皮革有限公司')).toBe(false);
    expect(f.has('温州市鹿城区宏达皮革有限公司')).toBe(true);
    for (let i = 0; i < 20_000; i += 1) {
      expect(f.enterpriseName({ district: '330302', industryWord: '皮革' })).not.toBe('温州市鹿城区宏达皮革有限公司');
    }
  });

  it('rejects unknown districts', () => {
    expect(() => enterpriseName(createRng(1), { district: '110101' as DistrictCode, industryWord: '皮革' })).toThrow(RangeError);
  });
});

describe('industryWordFor', () => {
  it('has words for every section and favours local clusters in manufacturing', () => {
    for (const s of INDUSTRY_SECTIONS) expect(INDUSTRY_WORDS[s.code].length).toBeGreaterThan(0);
    const rng = createRng(9);
    let electrics = 0;
    for (let i = 0; i < 1000; i += 1) if (/电气|电器|仪表|线缆/.test(industryWordFor(rng, 'C', '330382'))) electrics += 1;
    expect(electrics).toBeGreaterThan(400);
    expect(INDUSTRY_WORDS.G).toContain(industryWordFor(rng, 'G', '330382'));
  });
});

describe('personName', () => {
  it('is two to four Han characters and deterministic', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const n = personName(createRng(seed));
        expect(n).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
        expect(personName(createRng(seed))).toBe(n);
      }),
    );
  });

  it('draws frequent surnames most often', () => {
    const rng = createRng(10);
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i += 1) {
      const s = personName(rng, 'female')[0];
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    expect(counts.get('陈') ?? 0).toBeGreaterThan(counts.get('史') ?? 0);
    expect(counts.size).toBeGreaterThan(40);
  });
});

describe('mobilePhone', () => {
  it('is 11 digits with an assigned 13x/15x/18x/19x prefix', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const p = mobilePhone(createRng(seed));
        expect(p).toMatch(/^1(3\d|5[0-35-9]|8\d|9[0-35-9])\d{8}$/);
      }),
    );
  });
});
