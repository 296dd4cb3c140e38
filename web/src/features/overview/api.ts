/** The alliance's daily aggregates and who has not reported. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { MarketFigures as MarketFiguresSchema } from '@server/modules/market/market.schema';
import type { PurchasingFigures as PurchasingFiguresSchema } from '@server/modules/purchasing/purchasing.schema';
import type { MissingPage, TrendResponse } from '@server/modules/reports/reports.schema';
import { api } from '../../lib/api';

export type Trend = z.infer<typeof TrendResponse>;
export type TrendPoint = Trend['points'][number];
export type Missing = z.infer<typeof MissingPage>;

export const overviewKeys = {
  trend: (days: number, mine: boolean) => ['overview', 'trend', { days, mine }] as const,
  missing: (page: number, pageSize: number, mine: boolean) => ['overview', 'missing', { page, pageSize, mine }] as const,
};

export const fetchTrend = (days: number, mine = false) => api<Trend>('/reports/trend', { query: { days, mine: mine || undefined } });
export const fetchMissing = (page: number, pageSize: number, mine = false) => api<Missing>('/reports/missing', { query: { page, pageSize, mine: mine || undefined } });

export function useTrend(days = 14, mine = false) {
  return useQuery({ queryKey: overviewKeys.trend(days, mine), queryFn: () => fetchTrend(days, mine) });
}

export function useMissing(page: number, pageSize: number, mine = false) {
  return useQuery({ queryKey: overviewKeys.missing(page, pageSize, mine), queryFn: () => fetchMissing(page, pageSize, mine), placeholderData: keepPreviousData });
}

export type PurchasingFigures = z.infer<typeof PurchasingFiguresSchema>;
export type MarketFigures = z.infer<typeof MarketFiguresSchema>;

/** Group purchasing and resource / order co-sharing figures of the alliance. */
export function useCoSharingFigures() {
  return useQuery({
    queryKey: ['overview', 'co-sharing'] as const,
    queryFn: async () => {
      const [purchasing, market] = await Promise.all([api<PurchasingFigures>('/purchasing/figures'), api<MarketFigures>('/market/figures')]);
      return { purchasing, market };
    },
  });
}
