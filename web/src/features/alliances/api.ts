/** The current alliance's profile. */
import { useQuery } from '@tanstack/react-query';
import type { AllianceResponse } from '@server/modules/alliances/alliances.schema';
import { api } from '../../lib/api';

export type Alliance = AllianceResponse;
export const allianceKeys = { one: (id: number) => ['alliances', id] as const };

export function useAlliance(id: number | null) {
  return useQuery({ queryKey: allianceKeys.one(id ?? 0), queryFn: () => api<Alliance>(`/alliances/${id}`), enabled: id !== null });
}
