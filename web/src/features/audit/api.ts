/** The alliance's audit log, newest first. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AuditPage } from '@server/modules/users/users.schema';
import { api } from '../../lib/api';

export type Audit = z.infer<typeof AuditPage>;
export type AuditEntry = Audit['items'][number];
export interface AuditFilters {
  targetType?: string;
  targetId?: string;
  page?: number;
  pageSize?: number;
}

export const auditKeys = { list: (f: AuditFilters) => ['audit', f] as const };

export function useAudit(f: AuditFilters) {
  return useQuery({ queryKey: auditKeys.list(f), queryFn: () => api<Audit>('/audit', { query: { ...f } }), placeholderData: keepPreviousData });
}
