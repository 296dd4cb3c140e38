/** The current alliance's profile, and editing it (secretary, platform admin). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AllianceResponse, UpdateAllianceBody } from '@server/modules/alliances/alliances.schema';
import { api } from '../../lib/api';
import { sessionKey } from '../../lib/session';

export type Alliance = AllianceResponse;
export type UpdateAlliance = z.input<typeof UpdateAllianceBody>;
export const allianceKeys = { one: (id: number) => ['alliances', id] as const };

export function useAlliance(id: number | null) {
  return useQuery({ queryKey: allianceKeys.one(id ?? 0), queryFn: () => api<Alliance>(`/alliances/${id}`), enabled: id !== null });
}

export function useUpdateAlliance(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateAlliance) => api<Alliance>(`/alliances/${id}`, { method: 'PATCH', body }),
    onSuccess: (a) => {
      qc.setQueryData(allianceKeys.one(a.id), a);
      // The session carries the alliance names (header, alliance switcher).
      void qc.invalidateQueries({ queryKey: sessionKey });
    },
  });
}
