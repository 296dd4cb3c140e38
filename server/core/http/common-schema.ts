/** Schema pieces every module uses: ids, paging, versions, dates. */
import { z } from 'zod';

// In the browser, before any schema is built (every schema module imports this one first, and
// the bundle evaluates it ahead of them): zod compiles object parsers with `new Function`, and
// merely probing whether it may is a `script-src` violation under the server's
// Content-Security-Policy, which has no 'unsafe-eval'. Interpreted parsers are plenty for forms;
// the server keeps the compiled ones.
if (typeof document !== 'undefined') z.config({ jitless: true });

export const IdParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
  params: { code: 'invalid_date' },
  message: 'invalid_date',
});

export const Paging = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const Version = z.number().int().min(1);

export const sortOrder = z.enum(['asc', 'desc']).default('asc');
