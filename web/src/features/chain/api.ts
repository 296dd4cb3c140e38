/**
 * The supply-chain map and its chain-break analysis: items, supply links (declare / confirm /
 * edit / delete), the analysis job (answered at once for alliance-size maps, polled while it
 * runs) and saved what-if scenarios.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AnalysisBody, AnalysisJob, AnalysisResult, FileProblemBody, FileProblemResponse, DeclareLinkBody, ItemList, ItemResponse, LinkPage, LinkResponse, ScenarioChange as ScenarioChangeSchema,
  ScenarioList, ScenarioResponse, UpdateLinkBody, MemberList } from '@server/modules/chain/chain.schema';
import { ApiError, api } from '../../lib/api';

export type Item = z.infer<typeof ItemResponse>;
export type Link = LinkResponse;
export type Links = z.infer<typeof LinkPage>;
export type DeclareLink = z.input<typeof DeclareLinkBody>;
export type UpdateLink = z.input<typeof UpdateLinkBody>;
/** An analysis result and the id of the job that made it (what a problem filed from it links to). */
export type Analysis = AnalysisResult & { jobId?: string };
export type AnalysisFirm = AnalysisResult['firms'][number];
export type AnalysisLink = AnalysisResult['links'][number];
export type Job = AnalysisJob;
export type Scenario = z.infer<typeof ScenarioResponse>;
export type ScenarioChange = z.input<typeof ScenarioChangeSchema>;

/** What the analysis is asked (the controls on the chain pages). */
export interface AnalysisParams {
  mode: 'dynamic' | 'static';
  horizon: number;
  theta: number;
  includePending: boolean;
  scenarioId?: number;
  /** Not sent: makes a scenario's comparison refresh after the scenario is edited. */
  scenarioVersion?: number;
}

export const DEFAULT_PARAMS: AnalysisParams = { mode: 'dynamic', horizon: 30, theta: 0.5, includePending: false };

export interface LinkFilters {
  enterpriseId?: number;
  status?: 'pending' | 'confirmed';
  page?: number;
  pageSize?: number;
}

export const chainKeys = {
  all: ['chain'] as const,
  items: ['chain', 'items'] as const,
  links: (f: LinkFilters) => ['chain', 'links', f] as const,
  linksAll: ['chain', 'links'] as const,
  members: ['chain', 'members'] as const,
  analyses: ['chain', 'analysis'] as const,
  analysis: (p: AnalysisParams) => ['chain', 'analysis', p] as const,
  progress: (p: AnalysisParams) => ['chain', 'analysis-progress', p] as const,
  scenarios: ['chain', 'scenarios'] as const,
};

/** Analyses are heavy and the map changes slowly: reuse a result for five minutes. */
export const ANALYSIS_STALE_MS = 5 * 60_000;

export const fetchItems = () => api<z.infer<typeof ItemList>>('/chain/items');
export const fetchLinks = (f: LinkFilters) => api<Links>('/chain/links', { query: { ...f } });
export const fetchScenarios = () => api<z.infer<typeof ScenarioList>>('/chain/scenarios');

export type MemberName = z.infer<typeof MemberList>['items'][number];

/**
 * Members of the alliance by name (counterparties when declaring a link): the first names
 * containing `q`, or the members `ids` (to name chosen values). Bounded: the alliance may have
 * tens of thousands of members.
 */
export function fetchMembers(f: { q?: string; ids?: number[]; limit?: number }): Promise<z.infer<typeof MemberList>> {
  return api<z.infer<typeof MemberList>>('/chain/members', { query: { q: f.q || undefined, ids: f.ids?.length ? f.ids.join(',') : undefined, limit: f.limit ?? 20 } });
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    });
  });

const stillGoing = (job: Job) => job.status === 'queued' || job.status === 'running';

/**
 * Runs an analysis: the server answers small maps at once; a queued or running job is polled
 * until it ends (any server process answers). A failed or interrupted job throws an
 * {@link ApiError} with the job's code (analysis_failed, analysis_interrupted).
 */
export async function runAnalysis(p: AnalysisParams, onProgress: (job: Job) => void = () => {}, signal?: AbortSignal): Promise<Analysis> {
  const body: z.input<typeof AnalysisBody> = { mode: p.mode, horizon: p.horizon, theta: p.theta, includePending: p.includePending, scenarioId: p.scenarioId };
  let job = await api<Job>('/chain/analyses', { method: 'POST', body, signal });
  while (stillGoing(job)) {
    onProgress(job);
    await sleep(600, signal);
    job = await api<Job>(`/chain/analyses/${job.id}`, { signal });
  }
  if (job.status !== 'done' || !job.result) throw new ApiError(0, job.error ?? 'analysis_failed', job.errorDetail ?? '', null);
  onProgress(job);
  return { ...job.result, jobId: job.id };
}

export function useItems(enabled = true) {
  return useQuery({ queryKey: chainKeys.items, queryFn: fetchItems, staleTime: 5 * 60_000, enabled });
}

/** Members whose name contains `q` (search as you type). */
export function useMemberSearch(q: string, enabled = true) {
  return useQuery({ queryKey: [...chainKeys.members, 'search', q], queryFn: () => fetchMembers({ q }), staleTime: 5 * 60_000, placeholderData: keepPreviousData, enabled });
}

/** The names of chosen members. */
export function useMembersById(ids: number[]) {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  return useQuery({ queryKey: [...chainKeys.members, 'ids', sorted], queryFn: () => fetchMembers({ ids: sorted, limit: Math.max(1, sorted.length) }), staleTime: 5 * 60_000, enabled: sorted.length > 0 });
}

export function useLinks(f: LinkFilters, enabled = true) {
  return useQuery({ queryKey: chainKeys.links(f), queryFn: () => fetchLinks(f), placeholderData: keepPreviousData, enabled });
}

/** The analysis for `p`, cached for a while; `progress` follows a long-running job. */
export function useAnalysis(p: AnalysisParams, enabled = true) {
  const qc = useQueryClient();
  const query = useQuery({
    queryKey: chainKeys.analysis(p),
    queryFn: ({ signal }) => runAnalysis(p, (job) => qc.setQueryData(chainKeys.progress(p), job.progress), signal),
    staleTime: ANALYSIS_STALE_MS,
    gcTime: 15 * 60_000,
    enabled,
  });
  const progress = useQuery<Job['progress'] | null>({ queryKey: chainKeys.progress(p), queryFn: () => null, enabled: false, staleTime: Infinity });
  return { ...query, progress: progress.data ?? null };
}

function useInvalidateChain() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: chainKeys.linksAll });
    // The map changed: every cached analysis is out of date.
    void qc.invalidateQueries({ queryKey: chainKeys.analyses });
  };
}

export function useDeclareLink() {
  const invalidate = useInvalidateChain();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: DeclareLink; idempotencyKey: string }) => api<Link>('/chain/links', { method: 'POST', body, idempotencyKey }),
    onSuccess: invalidate,
  });
}

export function useUpdateLink() {
  const invalidate = useInvalidateChain();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: UpdateLink }) => api<Link>(`/chain/links/${id}`, { method: 'PATCH', body }),
    onSuccess: invalidate,
  });
}

export function useConfirmLink() {
  const invalidate = useInvalidateChain();
  return useMutation({
    mutationFn: (l: Pick<Link, 'id' | 'version'>) => api<Link>(`/chain/links/${l.id}/confirm`, { method: 'POST', body: { version: l.version } }),
    onSuccess: invalidate,
  });
}

export function useDeleteLink() {
  const invalidate = useInvalidateChain();
  return useMutation({
    mutationFn: (l: Pick<Link, 'id' | 'version'>) => api<{ ok: true }>(`/chain/links/${l.id}`, { method: 'DELETE', query: { version: l.version } }),
    onSuccess: invalidate,
  });
}

export function useCreateItem() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ name, idempotencyKey }: { name: string; idempotencyKey: string }) => api<Item>('/chain/items', { method: 'POST', body: { name }, idempotencyKey }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: chainKeys.items }),
  });
}

export function useScenarios(enabled = true) {
  return useQuery({ queryKey: chainKeys.scenarios, queryFn: fetchScenarios, enabled });
}

export function useSaveScenario() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, name, changes, idempotencyKey }: { id?: number; version?: number; name: string; changes: ScenarioChange[]; idempotencyKey: string }) =>
      id
        ? api<Scenario>(`/chain/scenarios/${id}`, { method: 'PATCH', body: { name, changes, version } })
        : api<Scenario>('/chain/scenarios', { method: 'POST', body: { name, changes }, idempotencyKey }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: chainKeys.scenarios }),
  });
}

export function useDeleteScenario() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<{ ok: true }>(`/chain/scenarios/${id}`, { method: 'DELETE' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: chainKeys.scenarios }),
  });
}

export type FileProblem = z.input<typeof FileProblemBody>;

/** Files a problem for the root firm of a break or a help-priority row (or attaches the analysis to an open one). */
export function useFileProblem() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: FileProblem; idempotencyKey: string }) =>
      api<z.infer<typeof FileProblemResponse>>('/chain/problems', { method: 'POST', body, idempotencyKey }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['tickets'] }),
  });
}

/** The root firm's open problems, to attach an analysis to one of them instead of filing anew. */
export function useOpenProblemsOf(enterpriseId: number, enabled = true) {
  return useQuery({
    queryKey: ['tickets', 'list', { enterpriseId, open: true, pageSize: 50 }],
    queryFn: () => api<{ items: { id: number; title: string }[] }>('/tickets', { query: { enterpriseId, open: 'true', pageSize: 50 } }),
    enabled,
  });
}
