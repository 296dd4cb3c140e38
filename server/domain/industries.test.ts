import { describe, expect, it } from 'vitest';
import { INDUSTRY_SECTIONS, industrySection, isIndustrySection, sectionOfDivision } from './industries';

describe('INDUSTRY_SECTIONS', () => {
  it('lists the 20 GB/T 4754-2017 sections A–T in order', () => {
    expect(INDUSTRY_SECTIONS.map((s) => s.code).join('')).toBe('ABCDEFGHIJKLMNOPQRST');
    expect(industrySection('C')).toMatchObject({ zh: '制造业', en: 'Manufacturing' });
    expect(industrySection('A').zh).toBe('农、林、牧、渔业');
    expect(industrySection('D').zh).toBe('电力、热力、燃气及水生产和供应业');
    expect(industrySection('T').zh).toBe('国际组织');
  });

  it('division ranges tile 01–97 without gaps or overlaps', () => {
    let expectedFrom = 1;
    for (const s of INDUSTRY_SECTIONS) {
      expect(s.divisions[0]).toBe(expectedFrom);
      expect(s.divisions[1]).toBeGreaterThanOrEqual(s.divisions[0]);
      expectedFrom = s.divisions[1] + 1;
    }
    expect(expectedFrom).toBe(98);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(INDUSTRY_SECTIONS)).toBe(true);
  });
});

describe('isIndustrySection', () => {
  it('accepts only the section letters', () => {
    expect(isIndustrySection('C')).toBe(true);
    expect(isIndustrySection('T')).toBe(true);
    expect(isIndustrySection('c')).toBe(false);
    expect(isIndustrySection('U')).toBe(false);
    expect(isIndustrySection('')).toBe(false);
    expect(isIndustrySection(3)).toBe(false);
    expect(isIndustrySection(null)).toBe(false);
  });
});

describe('sectionOfDivision', () => {
  it('files detailed codes under their section', () => {
    expect(sectionOfDivision('01')).toBe('A');
    expect(sectionOfDivision('3441')).toBe('C'); // 泵及真空设备制造
    expect(sectionOfDivision('C3441')).toBe('C');
    expect(sectionOfDivision('c19')).toBe('C');
    expect(sectionOfDivision('4411')).toBe('D');
    expect(sectionOfDivision('5437')).toBe('G');
    expect(sectionOfDivision('65')).toBe('I');
    expect(sectionOfDivision('70')).toBe('K');
    expect(sectionOfDivision('96')).toBe('S');
    expect(sectionOfDivision('97')).toBe('T');
  });

  it('rejects unassigned divisions, mismatched letters and junk', () => {
    expect(sectionOfDivision('00')).toBeUndefined();
    expect(sectionOfDivision('98')).toBeUndefined();
    expect(sectionOfDivision('A3441')).toBeUndefined();
    expect(sectionOfDivision('3')).toBeUndefined();
    expect(sectionOfDivision('344155')).toBeUndefined();
    expect(sectionOfDivision('制造')).toBeUndefined();
  });
});
