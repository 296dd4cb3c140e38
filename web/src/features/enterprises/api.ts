/** The member registry: list, one member, create / edit, resident commissioners, import and export. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { z } from 'zod';
import type {
  AssignCommissionerBody, CreateEnterpriseBody, EnterprisePage, EnterpriseResponse, ImportResponse, UpdateEnterpriseBody,
} from '@server/modules/enterprises/enterprises.schema';
import { api, downloadResponse, randomHex, send } from '../../lib/api';
import { useEventStream } from '../../lib/event-stream';
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

export function importEnterprises(file: File, dryRun: boolean, progress?: string): Promise<ImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  const query: Record<string, string> = { dryRun: String(dryRun) };
  if (progress) query.progress = progress;
  return send(`/enterprises/import`, { method: 'POST', query, rawBody: form }).then((r) => r.json() as Promise<ImportResult>);
}

export interface ImportVars {
  file: File;
  dryRun: boolean;
  /** Opens the progress stream before the upload; resolves with its token (see {@link useImportProgress}). */
  follow?: () => Promise<string | undefined>;
}

export function useImportEnterprises() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, dryRun, follow }: ImportVars) => importEnterprises(file, dryRun, await follow?.()),
    onSuccess: (r) => {
      if (!r.dryRun) void qc.invalidateQueries({ queryKey: enterpriseKeys.all });
    },
  });
}

export type ImportPhase = 'reading' | 'checking' | 'saving' | 'done';
/** Where an import stands: rows done of total (null while the file is still being read). */
export interface ImportProgress {
  phase: ImportPhase;
  done: number;
  total: number | null;
}

/** How long an upload waits for its progress stream to listen before going ahead without it. */
const STREAM_WAIT_MS = 3_000;

/**
 * Follows one import at a time over `GET /api/enterprises/import/progress?token=`: `follow()`
 * picks a fresh token, opens the stream and resolves with the token once the stream listens (or
 * after a short wait: an import never depends on its progress stream); `progress` is the latest
 * `changed` event; `stop()` closes the stream.
 */
export function useImportProgress() {
  const [token, setToken] = useState<string | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const listening = useRef<(() => void) | null>(null);
  const phase = useRef<ImportPhase | null>(null);
  useEventStream(
    token ? `/api/enterprises/import/progress?token=${token}` : '',
    {
      ready: () => listening.current?.(),
      // A new phase is drawn before the next event is handled: events a moment apart would
      // otherwise be rendered together, and a short phase (the check of a small file) never shown.
      changed: (data) => {
        const next = data as ImportProgress;
        if (next.phase !== phase.current) {
          phase.current = next.phase;
          flushSync(() => setProgress(next));
        } else setProgress(next);
      },
    },
    { enabled: token !== null },
  );
  const follow = useCallback((): Promise<string> => {
    const next = randomHex();
    phase.current = null;
    setProgress(null);
    setToken(next);
    return new Promise((resolve) => {
      const go = () => {
        clearTimeout(timer);
        listening.current = null;
        resolve(next);
      };
      const timer = setTimeout(go, typeof EventSource === 'undefined' ? 0 : STREAM_WAIT_MS);
      listening.current = go;
    });
  }, []);
  const stop = useCallback(() => {
    listening.current = null;
    setToken(null);
    setProgress(null);
  }, []);
  return { follow, stop, progress, following: token !== null };
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
