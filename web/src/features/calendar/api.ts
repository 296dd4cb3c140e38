/** The working-day calendar (holidays and adjusted working days) that SLA deadlines count on. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CalendarResponse, PutCalendarDaysBody, PutCalendarDaysResponse } from '@server/modules/calendar/calendar.schema';
import { api } from '../../lib/api';

export type Calendar = CalendarResponse;
export type CalendarDay = Calendar['days'][number];
export type PutCalendarDays = z.input<typeof PutCalendarDaysBody>;

export const calendarKeys = { year: (year: number) => ['calendar', year] as const };

export function useCalendarYear(year: number) {
  return useQuery({ queryKey: calendarKeys.year(year), queryFn: () => api<Calendar>('/calendar', { query: { from: `${year}-01-01`, to: `${year}-12-31` } }), placeholderData: keepPreviousData });
}

export function usePutCalendarDays() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PutCalendarDays) => api<z.infer<typeof PutCalendarDaysResponse>>('/calendar/days', { method: 'PUT', body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['calendar'] }),
  });
}
