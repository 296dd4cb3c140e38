/**
 * The hand-compiled row validator agrees with the schema: on every row it accepts, the schema
 * gives the same body (values and key order, so the stored contacts JSON is the same); on every
 * row the schema refuses, it answers null (the import then reports the schema's errors).
 */
import { describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../domain/credit-code';
import { DISTRICTS } from '../../domain/districts';
import { INDUSTRY_SECTIONS } from '../../domain/industries';
import { OWNERSHIP_NAMES, OWNERSHIP_TYPES } from '../../domain/ownership';
import { createRng } from '../../domain/prng';
import type { EnterpriseSheetRow } from './enterprises.excel';
import { ImportRow, toBody } from './enterprises.import';
import { fastRow } from './enterprises.import-row';

function agree(values: EnterpriseSheetRow['values']) {
  const r = { row: 2, values };
  const fast = fastRow(r);
  const slow = ImportRow.safeParse(toBody(r));
  if (fast) {
    expect(slow.success, JSON.stringify(values)).toBe(true);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(slow.data));
  }
  return { fast: !!fast, valid: slow.success };
}

const CODE = makeCreditCode('91330324MB0000001');

describe('fastRow agrees with the schema', () => {
  it('accepts plain rows with the schema\'s body, in its key order', () => {
    const r = agree({ name: '测试企业有限公司', creditCode: CODE.toLowerCase(), industry: 'c', districtCode: '330302', headcount: '1,200', mainProducts: '皮鞋', address: '某路1号', annualOutputYuan: '12,345.678', contactName: '张三', contactPhone: '138 0000 0000', aboveDesignatedSize: '是', industryDivision: '19', ownership: OWNERSHIP_NAMES[OWNERSHIP_TYPES[0]!].zh });
    expect(r).toEqual({ fast: true, valid: true });
    expect(agree({ name: 'AB', creditCode: CODE, industry: INDUSTRY_SECTIONS[0]!.zh, districtCode: DISTRICTS[0]!.zh, headcount: '0' })).toEqual({ fast: true, valid: true });
    expect(agree({ name: 'AB', creditCode: CODE, industry: 'C', districtCode: '330302', headcount: '5', contactName: 'x', contactPhone: '' })).toEqual({ fast: true, valid: true });
  });

  it('leaves every faulty or doubtful row to the schema', () => {
    const base = { name: '测试企业', creditCode: CODE, industry: 'C', districtCode: '330302', headcount: '10' };
    const bad: EnterpriseSheetRow['values'][] = [
      { ...base, name: 'A' },
      { ...base, name: 'x'.repeat(101) },
      { ...base, name: '测试\u0000企业' },
      { ...base, address: 'a\u0000' },
      { ...base, creditCode: CODE.slice(0, 17) + (CODE.endsWith('0') ? '1' : '0') },
      { ...base, creditCode: 'short' },
      { ...base, industry: 'Q9' },
      { ...base, districtCode: '999999' },
      { ...base, headcount: '1.5' },
      { ...base, headcount: '-1' },
      { ...base, headcount: '1000001' },
      { ...base, headcount: 'abc' },
      { ...base, headcount: undefined },
      { ...base, annualOutputYuan: '-1' },
      { ...base, annualOutputYuan: 'n/a' },
      { ...base, annualOutputYuan: '1e300' },
      { ...base, contactName: 'x'.repeat(51) },
      { ...base, contactName: 'x', contactPhone: '12' },
      { ...base, contactName: 'x', contactPhone: '   ' },
      { ...base, aboveDesignatedSize: 'maybe' },
      { ...base, industryDivision: '5' },
      { ...base, industryDivision: '99' },
      { ...base, industryDivision: 'ab' },
      { ...base, industryDivision: '  ' },
      { ...base, ownership: 'nonsense' },
      { ...base, mainProducts: 'x'.repeat(501) },
      { ...base, address: 'x'.repeat(201) },
      {},
    ];
    for (const values of bad) expect(agree(values), JSON.stringify(values)).toEqual({ fast: false, valid: false });
  });

  it('agrees on 20,000 generated rows mixing valid and invalid cells', () => {
    const rng = createRng(16);
    // Mostly the first (valid) cell, so that many rows are valid and many have one fault.
    const pick = <T>(xs: readonly T[]) => (rng.next() < 0.85 ? xs[0]! : rng.pick(xs));
    const cells = {
      name: ['测试企业', 'A', ' 空格企业 ', 'x'.repeat(100), 'x'.repeat(101), '', 'AB'],
      creditCode: [CODE, CODE.toLowerCase(), ` ${CODE} `, 'bad', makeCreditCode('91330302MA0000002'), ''],
      industry: ['C', 'c', 'F', INDUSTRY_SECTIONS[2]!.zh, 'Z', '', undefined],
      districtCode: ['330302', DISTRICTS[1]!.zh, '330324', '1', '', undefined],
      headcount: ['0', '10', '1,000', '1000000', '1000001', '-0', '1.5', 'x', '', ' 12 ', '1e3', undefined],
      mainProducts: ['', '皮鞋', 'x'.repeat(500), 'x'.repeat(501), undefined],
      address: ['', '某路', 'x'.repeat(201), undefined],
      annualOutputYuan: ['0', '1.005', '12,345', '-0.001', '-5', 'x', '9007199254740.99', '1e14', undefined],
      contactName: ['', '张三', 'x'.repeat(50), 'x'.repeat(51), undefined],
      contactPhone: ['', '13800000000', '(0577) 8888-1234', '12', 'abc', '+86 138 0000 0000', undefined],
      aboveDesignatedSize: ['是', '否', 'yes', 'N', '1', 'true', 'maybe', '规上', undefined],
      industryDivision: ['13', '5', '19', '45', '00', 'ab', undefined],
      ownership: [OWNERSHIP_TYPES[0]!, OWNERSHIP_NAMES[OWNERSHIP_TYPES[1]!].zh, OWNERSHIP_NAMES[OWNERSHIP_TYPES[2]!].en, 'x', undefined],
    };
    let fast = 0;
    let valid = 0;
    for (let i = 0; i < 20_000; i++) {
      const values: Record<string, string> = {};
      for (const [k, opts] of Object.entries(cells)) {
        const v = pick(opts as readonly (string | undefined)[]);
        if (v) values[k] = v;
      }
      const r = agree(values);
      expect(r.fast ? r.valid : true).toBe(true);
      fast += Number(r.fast);
      valid += Number(r.valid);
    }
    // The fast path takes (nearly) every valid row, or it would not be worth having.
    expect(valid).toBeGreaterThan(2_000);
    expect(fast).toBeGreaterThanOrEqual(valid * 0.95);
  });
});
