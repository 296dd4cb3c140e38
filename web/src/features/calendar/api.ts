/** The working-day calendar (holidays and adjusted working days) that SLA deadlines count on. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CalendarResponse, CalendarStatusResponse, ImportNoticeBody, ImportNoticeResponse, PutCalendarDaysBody, PutCalendarDaysResponse } from '@server/modules/calendar/calendar.schema';
import { api } from '../../lib/api';

export type Calendar = CalendarResponse;
export type CalendarDay = Calendar['days'][number];
export type PutCalendarDays = z.input<typeof PutCalendarDaysBody>;

export const calendarKeys = { year: (year: number) => ['calendar', year] as const, status: ['calendar', 'status'] as const };
export type NoticeImport = z.infer<typeof ImportNoticeResponse>;

export function useCalendarYear(year: number) {
  return useQuery({ queryKey: calendarKeys.year(year), queryFn: () => api<Calendar>('/calendar', { query: { year } }), placeholderData: keepPreviousData });
}

export function usePutCalendarDays() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PutCalendarDays) => api<z.infer<typeof PutCalendarDaysResponse>>('/calendar/days', { method: 'PUT', body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['calendar'] }),
  });
}

/** Which years have official holidays; `nextYearMissing` from November while next year's are not entered. */
export function useCalendarStatus(enabled = true) {
  return useQuery({ queryKey: calendarKeys.status, queryFn: () => api<CalendarStatusResponse>('/calendar/status'), enabled, staleTime: 10 * 60_000 });
}

/** Reads a pasted State Council notice; with `dryRun` only previews it. */
export function useImportNotice() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ImportNoticeBody) => api<NoticeImport>('/calendar/import', { method: 'POST', body }),
    onSuccess: (r) => {
      if (r.applied) void qc.invalidateQueries({ queryKey: ['calendar'] });
    },
  });
}
