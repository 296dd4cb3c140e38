/** Daily reports: one enterprise's history, filing or editing a day, and the alliance's latest status. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  LatestStatusPage, ReportHistoryResponse, ReportList, ReportResponse, SubmitReportBody,
} from '@server/modules/reports/reports.schema';
import { api } from '../../lib/api';

export type Report = ReportResponse;
export type SubmitReport = z.input<typeof SubmitReportBody>;
export type ReportHistory = z.infer<typeof ReportHistoryResponse>;
export type LatestStatus = z.infer<typeof LatestStatusPage>;

export const reportKeys = {
  all: ['reports'] as const,
  list: (enterpriseId: number, from: string, to: string) => ['reports', 'list', enterpriseId, { from, to }] as const,
  history: (enterpriseId: number, date: string) => ['reports', 'history', enterpriseId, date] as const,
  latest: (q: LatestQuery) => ['reports', 'latest', q] as const,
};

export interface LatestQuery {
  mine?: boolean;
  page?: number;
  pageSize?: number;
  blocker?: string;
}

export const fetchReports = (id: number, from: string, to: string) => api<z.infer<typeof ReportList>>(`/enterprises/${id}/reports`, { query: { from, to } });

export function useEnterpriseReports(enterpriseId: number | undefined, from: string, to: string) {
  return useQuery({
    queryKey: reportKeys.list(enterpriseId ?? 0, from, to),
    queryFn: () => fetchReports(enterpriseId!, from, to),
    enabled: !!enterpriseId,
    select: (d) => [...d.items].sort((a, b) => a.reportDate.localeCompare(b.reportDate)),
  });
}

export function useReportHistory(enterpriseId: number, date: string | null) {
  return useQuery({
    queryKey: reportKeys.history(enterpriseId, date ?? ''),
    queryFn: () => api<ReportHistory>(`/enterprises/${enterpriseId}/reports/${date}`),
    enabled: !!date,
  });
}

export function useLatestStatus(q: LatestQuery) {
  return useQuery({
    queryKey: reportKeys.latest(q),
    queryFn: () => api<LatestStatus>('/reports/latest', { query: { ...q, mine: q.mine ? 'true' : undefined } }),
    placeholderData: keepPreviousData,
  });
}

export function useSubmitReport(enterpriseId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: SubmitReport; idempotencyKey: string }) =>
      api<Report>(`/enterprises/${enterpriseId}/reports`, { method: 'POST', body, idempotencyKey }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: reportKeys.all });
      // Today's status shows on member lists and the overview too.
      void qc.invalidateQueries({ queryKey: ['enterprises'] });
      void qc.invalidateQueries({ queryKey: ['overview'] });
    },
  });
}
