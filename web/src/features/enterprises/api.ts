/** The member registry: list, one member, create / edit, resident commissioners, import and export. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AssignCommissionerBody, CreateEnterpriseBody, EnterprisePage, EnterpriseResponse, ImportResponse, UpdateEnterpriseBody,
} from '@server/modules/enterprises/enterprises.schema';
import { api, downloadResponse, send } from '../../lib/api';
import { memberKey } from '../../lib/members';

export type Enterprise = EnterpriseResponse;
export type EnterpriseList = z.infer<typeof EnterprisePage>;
export type CreateEnterprise = z.input<typeof CreateEnterpriseBody>;
export type UpdateEnterprise = z.input<typeof UpdateEnterpriseBody>;
export type ImportResult = ImportResponse;

/** The list's filters, as they appear in the page's query string and the API's. */
export interface EnterpriseFilters {
  q?: string;
  districtCode?: string;
  industry?: string;
  stage?: 'stopped' | 'partial' | 'full' | 'none';
  mine?: boolean;
  sort?: 'name' | 'headcount' | 'createdAt' | 'districtCode' | 'outputPct';
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export const enterpriseKeys = {
  all: ['enterprises'] as const,
  list: (f: EnterpriseFilters) => ['enterprises', 'list', f] as const,
  one: memberKey,
};

export const fetchEnterprises = (f: EnterpriseFilters) => api<EnterpriseList>('/enterprises', { query: { ...f, mine: f.mine ? 'true' : undefined } });
export function useEnterprises(f: EnterpriseFilters, enabled = true) {
  return useQuery({ queryKey: enterpriseKeys.list(f), queryFn: () => fetchEnterprises(f), placeholderData: keepPreviousData, enabled });
}

/** One member (the same query the other features use, under the same key). */
export { useMember as useEnterprise } from '../../lib/members';

export function useCreateEnterprise() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateEnterprise; idempotencyKey: string }) =>
      api<Enterprise>('/enterprises', { method: 'POST', body, idempotencyKey }),
    onSuccess: (e) => {
      qc.setQueryData(enterpriseKeys.one(e.id), e);
      void qc.invalidateQueries({ queryKey: enterpriseKeys.all });
    },
  });
}

export function useUpdateEnterprise(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateEnterprise) => api<Enterprise>(`/enterprises/${id}`, { method: 'PATCH', body }),
    onSuccess: (e) => {
      qc.setQueryData(enterpriseKeys.one(e.id), e);
      void qc.invalidateQueries({ queryKey: ['enterprises', 'list'] });
    },
  });
}

export type AssignCommissioner = z.input<typeof AssignCommissionerBody>;

export const assignCommissioner = (id: number, body: AssignCommissioner) => api<Enterprise>(`/enterprises/${id}/commissioner`, { method: 'PUT', body });

export interface AssignOutcome {
  saved: Enterprise[];
  failed: { enterprise: Pick<Enterprise, 'id' | 'name'>; error: unknown }[];
}

/**
 * Assigns (userId) or clears (null) the resident commissioner of one or more members, one request
 * each (the API takes one member at a time); a failure does not stop the others.
 */
export function useAssignCommissioner() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ enterprises, userId }: { enterprises: Pick<Enterprise, 'id' | 'name' | 'membership'>[]; userId: number | null }): Promise<AssignOutcome> => {
      const out: AssignOutcome = { saved: [], failed: [] };
      for (const e of enterprises) {
        try {
          // The assignment is the alliance's part of the membership: it names the membership's version.
          const saved = await assignCommissioner(e.id, { userId, version: e.membership.version });
          qc.setQueryData(enterpriseKeys.one(saved.id), saved);
          out.saved.push(saved);
        } catch (error) {
          out.failed.push({ enterprise: { id: e.id, name: e.name }, error });
        }
      }
      return out;
    },
    // Lists (the registry, caseloads, latest status) show commissioners too.
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['enterprises', 'list'] });
      void qc.invalidateQueries({ queryKey: ['reports'] });
    },
  });
}

export function importEnterprises(file: File, dryRun: boolean): Promise<ImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  return send(`/enterprises/import`, { method: 'POST', query: { dryRun: String(dryRun) }, rawBody: form }).then((r) => r.json() as Promise<ImportResult>);
}

export function useImportEnterprises() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, dryRun }: { file: File; dryRun: boolean }) => importEnterprises(file, dryRun),
    onSuccess: (r) => {
      if (!r.dryRun) void qc.invalidateQueries({ queryKey: enterpriseKeys.all });
    },
  });
}

/** The export URL for the current filters (same query string as the list, without paging). */
export function exportPath(f: EnterpriseFilters): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, page: undefined, pageSize: undefined, mine: f.mine ? 'true' : undefined })) {
    if (v !== undefined && v !== '') sp.set(k, String(v));
  }
  const s = sp.toString();
  return `/enterprises/export${s ? `?${s}` : ''}`;
}

/** Downloads the export through fetch so the workbook's headers follow the UI language. */
export function useExportEnterprises() {
  return useMutation({
    mutationFn: async (f: EnterpriseFilters) => {
      const res = await send(exportPath(f));
      await downloadResponse(res, 'enterprises.xlsx');
    },
  });
}

/** The import template (.xlsx with the district and industry drop-downs), in the UI language. */
export function useImportTemplate() {
  return useMutation({
    mutationFn: async () => downloadResponse(await send('/enterprises/import-template'), 'template.xlsx'),
  });
}
