/**
 * Schema pieces every module uses: ids, bounded integers, paging, versions, dates, and the two
 * input rules every request obeys whatever its route (see `validatorCompiler`):
 *
 * - integers are bounded to their column's range. Columns are `integer` (32-bit on PostgreSQL)
 *   unless stated otherwise, so a request integer is at most INT32_MAX: SQLite would take a
 *   larger one, PostgreSQL fails the query ("out of range for type integer") with a 500.
 * - no string holds U+0000: PostgreSQL text cannot store it (another 500), and no field of ours
 *   has a use for it.
 */
import { z } from 'zod';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';

// In the browser, before any schema is built (every schema module imports this one first, and
// the bundle evaluates it ahead of them): zod compiles object parsers with `new Function`, and
// merely probing whether it may is a `script-src` violation under the server's
// Content-Security-Policy, which has no 'unsafe-eval'. Interpreted parsers are plenty for forms;
// the server keeps the compiled ones.
if (typeof document !== 'undefined') z.config({ jitless: true });

export const INT32_MAX = 2 ** 31 - 1;

/** An integer that fits an `integer` column; narrow it further with `.min()`/`.max()`. */
export const int32 = () => z.number().int().min(-INT32_MAX - 1).max(INT32_MAX);
/** A row id in a JSON body. */
export const Id = z.number().int().positive().max(INT32_MAX);
/** A row id in a path or query string (text, coerced). */
export const IdText = z.coerce.number().int().positive().max(INT32_MAX);
/** A bounded integer in a query string. */
export const intText = (min: number, max: number) => z.coerce.number().int().min(min).max(Math.min(max, INT32_MAX));

export const IdParam = z.object({ id: IdText });

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
  params: { code: 'invalid_date' },
  message: 'invalid_date',
});

export const Paging = z.object({
  page: intText(1, 100_000).default(1),
  pageSize: intText(1, 200).default(20),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const Version = z.number().int().min(1).max(INT32_MAX);
/** A version in a query string (deletes). */
export const VersionText = intText(1, INT32_MAX);

export const sortOrder = z.enum(['asc', 'desc']).default('asc');

/** Where (paths) a parsed value holds a string — or an object key — containing U+0000. */
export function nulPaths(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulPaths(v, [...path, i], out));
  } else if (value && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) out.push([...path, k]);
      else nulPaths(v, [...path, k], out);
    }
  }
  return out;
}

/** `schema`, refusing any string holding U+0000 with `nul_character` at its path. */
export function refuseNul<T extends z.ZodType>(schema: T): T {
  return schema.superRefine(
    (value, ctx) => {
      for (const path of nulPaths(value)) ctx.addIssue({ code: 'custom', path, message: 'nul_character', params: { code: 'nul_character' } });
    },
    // Also when other members failed: the caller learns of every field at fault at once.
    { when: () => true },
  ) as T;
}

/**
 * The app's validator compiler: fastify-type-provider-zod's, with the NUL rule added to every
 * route's params, query string, headers and body, so no route can forget it.
 */
export const validatorCompiler: typeof zodValidatorCompiler = ({ schema, ...route }) =>
  zodValidatorCompiler({ ...route, schema: schema instanceof z.ZodType ? refuseNul(schema) : schema });
