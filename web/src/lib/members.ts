/**
 * Member enterprises for features outside the registry: one member, a caseload, search options.
 * No antd here: the daily report needs these hooks, not the Select of ./enterprise-select.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { EnterprisePage, EnterpriseResponse } from '@server/modules/enterprises/enterprises.schema';
import { api } from './api';

/**
 * The registry's cache key for one member: the enterprises feature uses the same key, so an edit
 * there refreshes every feature that shows the member.
 */
export const memberKey = (id: number) => ['enterprises', 'one', id] as const;

/** One member enterprise (e.g. the signed-in firm's own name), for features outside the registry. */
export function useMember(id: number | undefined) {
  return useQuery({ queryKey: memberKey(id ?? 0), queryFn: () => api<EnterpriseResponse>(`/enterprises/${id}`), enabled: id !== undefined && id > 0 });
}

/** A commissioner's caseload (first 100 firms), to choose the firm one acts for. */
export function useCaseloadMembers(enabled: boolean) {
  const query = { mine: 'true', pageSize: 100 } as const;
  // Same key as the registry's list with these filters (`mine: true`), so both share one entry.
  return useQuery({ queryKey: ['enterprises', 'list', { mine: true, pageSize: 100 }], queryFn: () => api<z.infer<typeof EnterprisePage>>('/enterprises', { query }), enabled });
}

/** Enterprises to attach an enterprise role to (search by name). */
export function useEnterpriseOptions(q: string, enabled = true) {
  return useQuery({
    queryKey: ['users', 'enterprise-options', q],
    queryFn: () => api<{ items: { id: number; name: string }[] }>('/enterprises', { query: { q: q || undefined, pageSize: 20 } }),
    placeholderData: keepPreviousData,
    enabled,
  });
}
