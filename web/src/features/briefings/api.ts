/** Briefings (日报 / 周报): downloads on demand and the list of scheduled ones. */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ScheduledPage } from '@server/modules/briefings/briefings.schema';
import { api, downloadResponse, queryString, send } from '../../lib/api';

export type Scheduled = z.infer<typeof ScheduledPage>;
export type BriefingScope = 'alliance' | 'city';
export type BriefingPeriod = 'daily' | 'weekly';
export type BriefingFormat = 'xlsx' | 'pdf';

export const briefingKeys = {
  scheduled: (page: number) => ['briefings', 'scheduled', { page }] as const,
};

export function useScheduledBriefings(page: number, enabled = true) {
  return useQuery({ queryKey: briefingKeys.scheduled(page), queryFn: () => api<Scheduled>('/briefings/scheduled', { query: { page, pageSize: 10 } }), enabled, placeholderData: keepPreviousData });
}

/** Downloads a briefing made now (the PDF takes a few seconds: the server prints it). */
export function useDownloadBriefing() {
  return useMutation({
    mutationFn: async (v: { scope: BriefingScope; period: BriefingPeriod; date: string; format: BriefingFormat }) => {
      const res = await send(`/briefings/${v.scope}/download${queryString({ period: v.period, date: v.date, format: v.format })}`);
      await downloadResponse(res, `briefing-${v.scope}-${v.period}-${v.date}.${v.format}`);
    },
  });
}

/** Downloads a stored file of a scheduled briefing. */
export function useDownloadStored() {
  return useMutation({
    mutationFn: async (v: { fileId: number; name: string }) => downloadResponse(await send(`/files/${v.fileId}`), v.name),
  });
}
