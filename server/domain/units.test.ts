import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  UNIT_CODES, UNITS, UnitError, addQuantities, amountIn, baseUnitOf, compareQuantities, DIMENSIONS, formatQuantity, parseQuantity,
  quantityOf, toDecimal, unitsOf, withUnit, type UnitCode,
} from './units';
import { QuantityInputSchema, QuantitySchema, quantitySchema } from './units.schema';

const unit = fc.constantFrom(...UNIT_CODES);
const decimalUnit = fc.constantFrom(...UNIT_CODES.filter((u) => /^10*$/.test(String(UNITS[u].factor))));

describe('unit table', () => {
  it('every dimension has exactly one base unit, and every factor is a positive integer', () => {
    for (const d of DIMENSIONS) expect(unitsOf(d).filter((u) => UNITS[u].factor === 1)).toEqual([baseUnitOf(d)]);
    for (const u of UNIT_CODES) expect(Number.isSafeInteger(UNITS[u].factor) && UNITS[u].factor >= 1).toBe(true);
  });

  it('packaging units never convert to pieces', () => {
    for (const u of ['box', 'pair', 'set'] as const) expect(() => amountIn(quantityOf(3, u), 'pcs')).toThrowError(UnitError);
  });
});

describe('exact conversions', () => {
  it('2.5 kg is 2500 g and not a whole number of kilograms', () => {
    const q = parseQuantity('2.5', 'kg');
    expect(q).toEqual({ amount: 2500, unit: 'kg' });
    expect(amountIn(q, 'g')).toBe(2500);
    expect(() => amountIn(q)).toThrow(expect.objectContaining({ code: 'lossy_conversion' }));
    expect(toDecimal(q)).toBe('2.5');
    expect(toDecimal(withUnit(q, 't'))).toBe('0.0025');
  });

  it('0.1 + 0.2 kg is exactly 0.3 kg', () => {
    const sum = addQuantities([parseQuantity('0.1', 'kg'), parseQuantity('0.2', 'kg')]);
    expect(sum).toEqual({ amount: 300, unit: 'kg' });
    expect(toDecimal(sum)).toBe('0.3');
  });

  it('refuses more precision than the base unit carries, instead of rounding', () => {
    expect(() => parseQuantity('2.5004', 'kg')).toThrow(expect.objectContaining({ code: 'lossy_conversion' }));
    expect(() => parseQuantity('1.5', 'pcs')).toThrow(expect.objectContaining({ code: 'lossy_conversion' }));
    expect(() => parseQuantity('0.5', 'dozen')).toThrow(expect.objectContaining({ code: 'lossy_conversion' }));
    expect(parseQuantity('2.500', 'kg')).toEqual({ amount: 2500, unit: 'kg' });
  });

  it('refuses mixing dimensions and leaving the safe integers', () => {
    expect(() => addQuantities([quantityOf(1, 'kg'), quantityOf(1, 'm')])).toThrow(expect.objectContaining({ code: 'incompatible_units' }));
    expect(() => compareQuantities(quantityOf(1, 'L'), quantityOf(1, 'kg'))).toThrow(UnitError);
    expect(() => quantityOf(Number.MAX_SAFE_INTEGER, 't')).toThrow(expect.objectContaining({ code: 'amount_out_of_range' }));
    expect(() => parseQuantity('9999999999999999', 't')).toThrow(expect.objectContaining({ code: 'amount_out_of_range' }));
    expect(() => parseQuantity('1e3', 'kg')).toThrow(expect.objectContaining({ code: 'invalid_amount' }));
  });

  it('a dozen is twelve pieces; thirteen pieces are no decimal of dozens', () => {
    expect(amountIn(quantityOf(2, 'dozen'), 'pcs')).toBe(24);
    expect(() => toDecimal({ amount: 13, unit: 'dozen' })).toThrow(UnitError);
    expect(toDecimal({ amount: 13, unit: 'pcs' })).toBe('13');
  });
});

describe('properties', () => {
  it('whole counts round-trip through any unit of the same dimension without loss', () => {
    fc.assert(
      fc.property(unit, fc.integer({ min: -1_000_000, max: 1_000_000 }), (u, n) => {
        const q = quantityOf(n, u);
        expect(amountIn(q, u)).toBe(n);
        const base = baseUnitOf(UNITS[u].dimension);
        expect(amountIn(q, base)).toBe(n * UNITS[u].factor);
        for (const other of unitsOf(UNITS[u].dimension)) {
          // Either exact or refused — never a rounded answer.
          try {
            expect(amountIn(q, other) * UNITS[other].factor).toBe(q.amount);
          } catch (e) {
            expect((e as UnitError).code).toBe('lossy_conversion');
            expect(q.amount % UNITS[other].factor).not.toBe(0);
          }
        }
      }),
    );
  });

  it('decimal text round-trips exactly: parse(toDecimal(q)) = q', () => {
    fc.assert(
      fc.property(decimalUnit, fc.integer({ min: -(2 ** 50), max: 2 ** 50 }), (u, amount) => {
        const q = { amount, unit: u as UnitCode };
        expect(parseQuantity(toDecimal(q), u)).toEqual(q);
      }),
    );
  });

  it('addition is exact, associative and commutative on integers', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 ** 9 }), { minLength: 1, maxLength: 20 }), decimalUnit, (amounts, u) => {
        const qs = amounts.map((amount) => ({ amount, unit: u as UnitCode }));
        const forward = addQuantities(qs);
        const backward = addQuantities([...qs].reverse());
        expect(forward.amount).toBe(backward.amount);
        expect(forward.amount).toBe(amounts.reduce((a, b) => a + b, 0));
      }),
    );
  });
});

describe('formatting', () => {
  it('writes the unit in the language and groups digits', () => {
    expect(formatQuantity(parseQuantity('12000', 'pcs'), 'zh-CN')).toBe('12,000 件');
    expect(formatQuantity(parseQuantity('2.5', 'kg'), 'en-US')).toBe('2.5 kg');
    expect(formatQuantity(parseQuantity('1234.05', 't'), 'zh-CN')).toBe('1,234.05 吨');
    expect(formatQuantity(quantityOf(3, 'pair'), 'zh-CN')).toBe('3 双');
    expect(formatQuantity(parseQuantity('-0.75', 'L'), 'en-US')).toBe('-0.75 L');
  });
});

describe('zod helpers', () => {
  it('a wire quantity is an integer amount of a known unit', () => {
    expect(QuantitySchema.safeParse({ amount: 2500, unit: 'kg' }).success).toBe(true);
    expect(QuantitySchema.safeParse({ amount: 2.5, unit: 'kg' }).success).toBe(false);
    expect(QuantitySchema.safeParse({ amount: -1, unit: 'kg' }).success).toBe(false);
    expect(QuantitySchema.safeParse({ amount: 1, unit: 'furlong' }).success).toBe(false);
    const mass = quantitySchema({ dimension: 'mass' }).safeParse({ amount: 1, unit: 'm' });
    expect(mass.success).toBe(false);
    expect(mass.error?.issues[0]).toMatchObject({ path: ['unit'], params: { code: 'unit_dimension_mismatch' } });
  });

  it('typed input becomes base units exactly, or a field error on value', () => {
    expect(QuantityInputSchema.parse({ value: '0.3', unit: 'kg' })).toEqual({ amount: 300, unit: 'kg' });
    const fine = QuantityInputSchema.safeParse({ value: '0.0001', unit: 'kg' });
    expect(fine.error?.issues[0]).toMatchObject({ path: ['value'], params: { code: 'quantity_too_precise' } });
    expect(QuantityInputSchema.safeParse({ value: 'abc', unit: 'kg' }).error?.issues[0]).toMatchObject({ params: { code: 'quantity_invalid' } });
    expect(QuantityInputSchema.safeParse({ value: '-1', unit: 'kg' }).error?.issues[0]).toMatchObject({ params: { code: 'quantity_negative' } });
  });
});
