/**
 * Quantities on the wire (zod schemas over `units.ts`): kept apart from the pure helpers so the web
 * app, which shares those, does not load zod with them.
 */
import { z } from 'zod';
import { parseQuantity, UNIT_CODES, UnitError, UNITS, type Dimension } from './units';

export const UnitSchema = z.enum(UNIT_CODES);

/**
 * A quantity on the wire: `{ amount: integer base units, unit }`. `min` bounds the amount
 * (default 0: stocks, needs and orders are never negative).
 */
export function quantitySchema(opts: { min?: number; dimension?: Dimension } = {}) {
  const min = opts.min ?? 0;
  return z
    .object({
      amount: z.number().int().min(min).max(Number.MAX_SAFE_INTEGER),
      unit: UnitSchema,
    })
    .superRefine((q, ctx) => {
      if (opts.dimension && UNITS[q.unit].dimension !== opts.dimension) ctx.addIssue({ code: 'custom', path: ['unit'], message: 'unit_dimension_mismatch', params: { code: 'unit_dimension_mismatch', dimension: opts.dimension } });
    });
}

export const QuantitySchema = quantitySchema();

/**
 * A quantity as people type it: `{ value: "2.5", unit: "kg" }` → `{ amount: 2500, unit: 'kg' }`.
 * Text keeps decimals exact; a value finer than the base unit is an error on `value`, not a rounding.
 */
export const QuantityInputSchema = z
  .object({ value: z.string().max(40), unit: UnitSchema })
  .transform((v, ctx) => {
    try {
      const q = parseQuantity(v.value, v.unit);
      if (q.amount < 0) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'quantity_negative', params: { code: 'quantity_negative' } });
        return z.NEVER;
      }
      return q;
    } catch (err) {
      if (!(err instanceof UnitError)) throw err;
      const code = err.code === 'lossy_conversion' ? 'quantity_too_precise' : 'quantity_invalid';
      ctx.addIssue({ code: 'custom', path: ['value'], message: code, params: { code } });
      return z.NEVER;
    }
  });

/** Money in integer fen (分): the same rule as quantities, one unit. */
export const FenSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
