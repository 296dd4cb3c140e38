/** The city view (全市大屏): figures, breakdowns, the firms behind a figure, live refresh. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import type { z } from 'zod';
import type { BreakdownResponse, CityResponse, CoSharingResponse, FIGURES, FIRM_SORTS, FirmsPage } from '@server/modules/city/city.schema';
import { api, downloadResponse, send } from '../../lib/api';
import { useEventStream } from '../../lib/event-stream';

export type City = z.infer<typeof CityResponse>;
export type AllianceRow = City['alliances'][number];
export type Breakdown = z.infer<typeof BreakdownResponse>;
export type CityFirms = z.infer<typeof FirmsPage>;
export type Figure = (typeof FIGURES)[number];
export type FirmSort = (typeof FIRM_SORTS)[number];

/** What a drill-down lists: a figure, within an alliance (or the city), a district or an industry. */
export interface FirmsFilter {
  figure: Figure;
  allianceId?: number;
  allianceName?: string;
  district?: string;
  industry?: string;
  date?: string;
}
export interface FirmsView {
  page: number;
  pageSize: number;
  sort: FirmSort;
  order: 'asc' | 'desc';
}

export const cityKeys = {
  all: ['city'] as const,
  figures: (date?: string) => ['city', 'figures', { date }] as const,
  breakdown: (by: string, from: string, to: string) => ['city', 'breakdown', { by, from, to }] as const,
  firms: (f: FirmsFilter, v: FirmsView) => ['city', 'firms', { ...f, ...v }] as const,
};

const firmsQuery = (f: FirmsFilter) => ({ figure: f.figure, allianceId: f.allianceId, district: f.district, industry: f.industry, date: f.date });

export function useCity(date?: string) {
  return useQuery({ queryKey: cityKeys.figures(date), queryFn: () => api<City>('/city', { query: { date } }), placeholderData: keepPreviousData });
}

export function useBreakdown(by: 'district' | 'industry', from: string, to: string) {
  return useQuery({ queryKey: cityKeys.breakdown(by, from, to), queryFn: () => api<Breakdown>('/city/breakdown', { query: { by, from, to } }), placeholderData: keepPreviousData });
}

export function useCityFirms(f: FirmsFilter | null, v: FirmsView) {
  return useQuery({
    queryKey: cityKeys.firms(f ?? { figure: 'members' }, v),
    queryFn: () => api<CityFirms>('/city/firms', { query: { ...firmsQuery(f!), ...v } }),
    enabled: f !== null,
    placeholderData: keepPreviousData,
  });
}

/** Downloads the drill-down as .xlsx (headers in the UI language). */
export function useExportCityFirms() {
  return useMutation({
    mutationFn: async ({ f, v }: { f: FirmsFilter; v: FirmsView }) => {
      const sp = new URLSearchParams();
      for (const [k, val] of Object.entries({ ...firmsQuery(f), sort: v.sort, order: v.order })) if (val !== undefined) sp.set(k, String(val));
      await downloadResponse(await send(`/city/firms/export?${sp.toString()}`), 'city-firms.xlsx');
    },
  });
}

/**
 * Live refresh: the server says `changed` when reports or problems change; every city query is
 * refetched then. Returns whether the stream is connected.
 */
export function useCityStream(enabled = true): boolean {
  const qc = useQueryClient();
  // The first `changed` greets the connection; the page has just loaded its figures. After a
  // reconnect the greeting refetches what changed meanwhile.
  const greeted = useRef(false);
  const status = useEventStream(
    '/api/city/stream',
    {
      changed: () => {
        if (!greeted.current) {
          greeted.current = true;
          return;
        }
        void qc.invalidateQueries({ queryKey: cityKeys.all });
      },
      session_ended: () => undefined,
    },
    { enabled, final: ['session_ended'] },
  );
  return status === 'live';
}

export type CoSharing = z.infer<typeof CoSharingResponse>;

/** Group purchasing and resource / order co-sharing of every alliance, and the city's totals. */
export function useCoSharing() {
  return useQuery({ queryKey: ['city', 'co-sharing'] as const, queryFn: () => api<CoSharing>('/city/co-sharing') });
}
