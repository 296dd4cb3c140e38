/** Schemas of the working-day calendar endpoints. */
import { z } from 'zod';
import { isoDate } from '../../core/http/common-schema';

export const DAY_KINDS = ['workday', 'weekend', 'holiday', 'adjustedWorkday'] as const;

export const CalendarQuery = z.object({
  /** First day of the range (default: 1 January of the current Shanghai year). */
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
});

export const CalendarResponse = z.object({
  from: z.string(),
  to: z.string(),
  /** Years the official data covers; outside them only the ordinary week applies. */
  coveredYears: z.array(z.number().int()),
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
