/** Schemas of the briefings (日报 / 周报 / city briefing): the figures, the downloads, the scheduled ones. */
import { z } from 'zod';
import { isoDate, Paging, pageOf } from '../../core/http/common-schema';

export const PERIODS = ['daily', 'weekly'] as const;
export const FORMATS = ['xlsx', 'pdf'] as const;

export const BriefingQuery = z.object({
  /** 日报: the day; 周报: the seven days ending on `date`. */
  period: z.enum(PERIODS).default('daily'),
  /** The (last) day, Asia/Shanghai; default today. Not after today. */
  date: isoDate.optional(),
});
export type BriefingQuery = z.infer<typeof BriefingQuery>;

export const DownloadQuery = BriefingQuery.extend({ format: z.enum(FORMATS) });
export type DownloadQuery = z.infer<typeof DownloadQuery>;

const FigureFormat = z.enum(['count', 'rate', 'pct', 'fen']);

export const Briefing = z.object({
  scope: z.enum(['alliance', 'city']),
  /** The alliance (null for the city). */
  alliance: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  period: z.enum(PERIODS),
  from: z.string(),
  to: z.string(),
  generatedAt: z.string(),
  /** Sections in order; a module that is not installed has none. */
  sections: z.array(
    z.object({
      key: z.string(),
      /** `rate`: a share 0–1; `pct`: a percentage 0–100; `fen`: money in fen; null: no data (e.g. no chain analysis yet). */
      figures: z.array(z.object({ key: z.string(), value: z.number().nullable(), format: FigureFormat })),
      chart: z
        .object({ kind: z.enum(['line', 'bar']), format: FigureFormat, categories: z.array(z.string()), series: z.array(z.object({ key: z.string(), data: z.array(z.number()) })) })
        .optional(),
    }),
  ),
});
export type Briefing = z.infer<typeof Briefing>;

export const ScheduledQuery = Paging;

export const ScheduledBriefing = z.object({
  id: z.number().int(),
  scope: z.enum(['alliance', 'city']),
  period: z.enum(PERIODS),
  from: z.string(),
  to: z.string(),
  createdAt: z.string(),
  /** File-store ids (GET /api/files/{id}); pdf null when no browser was available. */
  xlsxFileId: z.number().int(),
  pdfFileId: z.number().int().nullable(),
});
export const ScheduledPage = pageOf(ScheduledBriefing);
