/** Schemas of the working-day calendar endpoints. */
import { z } from 'zod';
import { isoDate } from '../../core/http/common-schema';

export const DAY_KINDS = ['workday', 'weekend', 'holiday', 'adjustedWorkday'] as const;

export const CalendarQuery = z.object({
  /** A whole year (instead of `from`/`to`). */
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  /** First day of the range (default: 1 January of `year`, else of the current Shanghai year). */
  from: isoDate.optional(),
  /** Last day of the range (default: 31 December of `from`'s year); at most 370 days. */
  to: isoDate.optional(),
});
export type CalendarQuery = z.infer<typeof CalendarQuery>;

export const CalendarDay = z.object({
  date: z.string(),
  kind: z.enum(DAY_KINDS),
  isWorkday: z.boolean(),
  /** Holiday name (or "调休上班" for an adjusted working day) in the caller's language; null on ordinary days. */
  name: z.string().nullable(),
  /**
   * Whether the day's year has its official holidays entered. A day of a year without them
   * follows the ordinary week, which the State Council notice may still change.
   */
  official: z.boolean(),
});

export const CalendarResponse = z.object({
  from: z.string(),
  to: z.string(),
  /** Years the official data covers; outside them only the ordinary week applies. */
  coveredYears: z.array(z.number().int()),
  /** Every day of the range is of a year with official holidays entered. */
  official: z.boolean(),
  days: z.array(CalendarDay),
});
export type CalendarResponse = z.infer<typeof CalendarResponse>;

export const PutCalendarDaysBody = z.object({
  days: z
    .array(
      z.object({
        date: isoDate,
        /** `holiday` (放假), `workday` (调休上班, a weekend day worked) or `ordinary` (remove any override). */
        kind: z.enum(['holiday', 'workday', 'ordinary']),
        name: z.string().trim().max(40).default(''),
        nameEn: z.string().trim().max(60).default(''),
      }),
    )
    .min(1)
    .max(400),
});
export type PutCalendarDaysBody = z.infer<typeof PutCalendarDaysBody>;

export const PutCalendarDaysResponse = z.object({ changed: z.number().int(), days: z.array(CalendarDay) });

export const CalendarStatusResponse = z.object({
  /** The current year in Asia/Shanghai. */
  year: z.number().int(),
  coveredYears: z.array(z.number().int()),
  /** The next year's official holidays are entered. */
  nextYearOfficial: z.boolean(),
  /** From November on, while next year's official holidays are not entered: the admin is warned. */
  nextYearMissing: z.boolean(),
});
export type CalendarStatusResponse = z.infer<typeof CalendarStatusResponse>;

export const ImportNoticeBody = z.object({
  year: z.number().int().min(2000).max(2100),
  /** The notice's paragraphs or its table, pasted as text. */
  text: z.string().min(1).max(20_000),
  /** Only read the notice and answer what it would set. */
  dryRun: z.boolean().optional(),
});
export type ImportNoticeBody = z.infer<typeof ImportNoticeBody>;

export const ImportNoticeResponse = z.object({
  year: z.number().int(),
  applied: z.boolean(),
  holidays: z.array(z.object({ name: z.string(), nameEn: z.string(), dates: z.array(z.string()) })),
  workdays: z.array(z.string()),
  /** Overrides of the year that the import replaced (removed or changed). */
  replaced: z.number().int(),
});
