/** Shared employees (共享员工): postings, matching proposals, placements, roster, figures. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreatePostingBody, CreateWorkerBody, FiguresResponse, JobTypeList, MatchResponse, PlacementPage, PlacementResponse, PostingPage, PostingResponse, ProposalList, ProposalResponse,
  RevealResponse, SettingsResponse, TransitionBody, UpdatePlacementBody, UpdateSettingsBody, WorkerPage, WorkerResponse,
} from '@server/modules/workforce/workforce.schema';
import { api, downloadResponse, newIdempotencyKey, send } from '../../lib/api';
import { currentLocale } from '../../lib/i18n';

export type Posting = PostingResponse;
export type Proposal = ProposalResponse;
export type Placement = PlacementResponse;
export type Worker = WorkerResponse;
export type WorkforceFigures = z.infer<typeof FiguresResponse>;
export type Settings = SettingsResponse;
export type MatchResult = z.infer<typeof MatchResponse>;
export type NewPosting = z.input<typeof CreatePostingBody>;
export type NewWorker = z.input<typeof CreateWorkerBody>;

const all = ['workforce'] as const;

export const useJobTypes = () => useQuery({ queryKey: ['workforce', 'job-types'], queryFn: () => api<z.infer<typeof JobTypeList>>('/workforce/job-types'), staleTime: Infinity });

/** The job type's name in the UI language (the taxonomy comes from the server). */
export function useJobTypeName(): (code: string) => string {
  const q = useJobTypes();
  const zh = currentLocale() === 'zh-CN';
  return (code) => {
    const j = q.data?.items.find((i) => i.code === code);
    return j ? (zh ? j.zh : j.en) : code;
  };
}

export const usePostings = (page: number, pageSize: number, kind?: string, status?: string) =>
  useQuery({ queryKey: ['workforce', 'postings', { page, pageSize, kind, status }], queryFn: () => api<z.infer<typeof PostingPage>>('/workforce/postings', { query: { page, pageSize, kind, status } }), placeholderData: keepPreviousData });
export const useProposals = () => useQuery({ queryKey: ['workforce', 'proposals'], queryFn: () => api<z.infer<typeof ProposalList>>('/workforce/proposals') });
export const usePlacements = (page: number, pageSize: number, status?: string) =>
  useQuery({ queryKey: ['workforce', 'placements', { page, pageSize, status }], queryFn: () => api<z.infer<typeof PlacementPage>>('/workforce/placements', { query: { page, pageSize, status } }), placeholderData: keepPreviousData });
export const useWorkers = (page: number, pageSize: number, enabled = true) =>
  useQuery({ queryKey: ['workforce', 'workers', { page, pageSize }], queryFn: () => api<z.infer<typeof WorkerPage>>('/workforce/workers', { query: { page, pageSize } }), placeholderData: keepPreviousData, enabled });
export const useWorkforceFigures = (enabled = true) => useQuery({ queryKey: ['workforce', 'figures'], queryFn: () => api<WorkforceFigures>('/workforce/figures'), enabled });
export const useSettings = () => useQuery({ queryKey: ['workforce', 'settings'], queryFn: () => api<Settings>('/workforce/settings') });

/** Any write: refresh everything of the feature (small lists). */
export function useWorkforceAction<T, R = unknown>(fn: (v: T) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void qc.invalidateQueries({ queryKey: all }) });
}

export const createPosting = ({ body, key }: { body: NewPosting; key: string }) => api<Posting>('/workforce/postings', { method: 'POST', body, idempotencyKey: key });
export const closePosting = (p: { id: number; version: number }) => api<Posting>(`/workforce/postings/${p.id}/close`, { method: 'POST', body: { version: p.version } });
export const runMatch = (shortageIds: number[]) => api<MatchResult>('/workforce/match', { method: 'POST', body: { shortageIds } });
export const reviewProposal = (p: { id: number; version: number; decision: 'approve' | 'reject' }) => api<Proposal>(`/workforce/proposals/${p.id}/review`, { method: 'POST', body: { decision: p.decision, version: p.version } });
export const answerProposal = (p: { id: number; version: number; enterpriseId: number; decision: 'accept' | 'decline'; headcount?: number }) =>
  api<Proposal>(`/workforce/proposals/${p.id}/answer`, { method: 'POST', body: { enterpriseId: p.enterpriseId, decision: p.decision, headcount: p.headcount, version: p.version } });
export const updatePlacement = ({ id, ...body }: z.input<typeof UpdatePlacementBody> & { id: number }) => api<Placement>(`/workforce/placements/${id}`, { method: 'PATCH', body });
export const transitionPlacement = ({ id, ...body }: z.input<typeof TransitionBody> & { id: number }) => api<Placement>(`/workforce/placements/${id}/transition`, { method: 'POST', body });
export const recordAttendance = (p: { id: number; workDate: string; hours: number }) => api(`/workforce/placements/${p.id}/attendance`, { method: 'POST', body: { workDate: p.workDate, hours: p.hours } });
export const createWorker = ({ body, key }: { body: NewWorker; key: string }) => api<Worker>('/workforce/workers', { method: 'POST', body, idempotencyKey: key });
export const revealWorker = (p: { id: number; field: 'phone' | 'idNumber' }) => api<z.infer<typeof RevealResponse>>(`/workforce/workers/${p.id}/reveal`, { method: 'POST', body: { field: p.field } });
export const updateSettings = (body: UpdateSettingsBody) => api<Settings>('/workforce/settings', { method: 'PATCH', body });
export const eraseWorker = (id: number) => api(`/workforce/workers/${id}`, { method: 'DELETE' });

export const downloadAgreement = async (id: number) => downloadResponse(await send(`/workforce/placements/${id}/agreement.docx`), `agreement-${id}.docx`);
export const downloadSettlement = async () => downloadResponse(await send('/workforce/settlement.xlsx'), 'workforce-settlement.xlsx');

export { newIdempotencyKey };
