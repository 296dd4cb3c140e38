/** Volunteer experts: consultations, ranking, plan, conversation, visits, profile, figures. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CandidateList, ConsultationDetail, ConsultationPage, ExpertPage, ExpertResponse, FiguresResponse, ImportExpertsResponse, MessageList, PlanResponse, RankingResponse, SpecialtyList, VisitList, VisitResponse,
} from '@server/modules/experts/experts.schema';
import { api, downloadResponse, newIdempotencyKey, send } from '../../lib/api';
import { type EventStreamStatus, useEventStream } from '../../lib/event-stream';
import { sessionKey } from '../../lib/session';

export type Consultation = ConsultationDetail;
export type Consultations = z.infer<typeof ConsultationPage>;
export type Expert = ExpertResponse;
export type Ranking = z.infer<typeof RankingResponse>;
export type Plan = z.infer<typeof PlanResponse>;
export type Messages = z.infer<typeof MessageList>;
export type Visit = VisitResponse;
export type Figures = z.infer<typeof FiguresResponse>;

const keys = { all: ['experts'] as const };

export const useConsultations = (awaiting?: boolean) =>
  useQuery({ queryKey: ['experts', 'consultations', awaiting ?? false], queryFn: () => api<Consultations>('/consultations', { query: { pageSize: 100, awaiting: awaiting ? 'true' : undefined } }) });
export const useConsultation = (id: number) => useQuery({ queryKey: ['experts', 'consultation', id], queryFn: () => api<Consultation>(`/consultations/${id}`) });
export const useCandidates = (enabled: boolean) => useQuery({ queryKey: ['experts', 'candidates'], queryFn: () => api<z.infer<typeof CandidateList>>('/consultations/candidates'), enabled });
export const useRanking = (id: number, enabled: boolean) => useQuery({ queryKey: ['experts', 'ranking', id], queryFn: () => api<Ranking>(`/consultations/${id}/ranking`, { query: { limit: 10 } }), enabled });
/** The conversation: refreshed by its live stream ({@link useConversationLive}); polled only while that is down. */
export const useMessages = (id: number, live = false) =>
  useQuery({ queryKey: ['experts', 'messages', id], queryFn: () => api<Messages>(`/consultations/${id}/messages`), refetchInterval: live ? false : 15_000 });

export type LiveState = EventStreamStatus;

/**
 * Keeps an open consultation live over `GET /api/consultations/:id/stream`: a new message or read
 * marker refetches the conversation, a case change the case too; `gone` (the caller no longer
 * sees the case) refetches the case, which then answers 404. The browser reconnects by itself
 * after network hiccups; a stream closed for good is reopened with a growing delay, and the
 * conversation is polled meanwhile.
 */
export function useConversationLive(id: number): LiveState {
  const qc = useQueryClient();
  const refresh = (kind: string) => {
    void qc.invalidateQueries({ queryKey: ['experts', 'messages', id] });
    if (kind === 'case') void qc.invalidateQueries({ queryKey: ['experts', 'consultation', id] });
  };
  return useEventStream(
    `/api/consultations/${id}/stream`,
    {
      ready: () => refresh('message'), // whatever was said while we were away
      changed: (data) => refresh((data as { kind: string }).kind),
      gone: () => void qc.invalidateQueries({ queryKey: ['experts'] }),
      session_ended: () => void qc.invalidateQueries({ queryKey: sessionKey }),
    },
    { final: ['gone', 'session_ended'] },
  );
}
export const useVisits = () => useQuery({ queryKey: ['experts', 'visits'], queryFn: () => api<z.infer<typeof VisitList>>('/visits') });
export const useExperts = (enabled: boolean) => useQuery({ queryKey: ['experts', 'pool'], queryFn: () => api<z.infer<typeof ExpertPage>>('/experts', { query: { pageSize: 200 } }), enabled });
export const useMyProfile = () => useQuery({ queryKey: ['experts', 'me'], queryFn: () => api<Expert>('/experts/me') });
export const useFigures = (enabled: boolean) => useQuery({ queryKey: ['experts', 'figures'], queryFn: () => api<Figures>('/experts/figures'), enabled });
export const useSpecialties = () => useQuery({ queryKey: ['experts', 'specialties'], queryFn: () => api<z.infer<typeof SpecialtyList>>('/expert-specialties') });

/** Any write: refresh everything of the feature (small lists). */
export function useExpertAction<T>(fn: (v: T) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void qc.invalidateQueries({ queryKey: keys.all }) });
}

export const requestExperts = (body: { ticketId: number; machine: string; symptoms: string; expertsNeeded: number }) => api<Consultation>('/consultations', { method: 'POST', body, idempotencyKey: newIdempotencyKey() });
export const makePlan = () => api<Plan>('/consultations/plan', { method: 'POST', body: {} });
export const setExperts = (id: number, expertUserIds: number[], version: number) => api<Consultation>(`/consultations/${id}/experts`, { method: 'PUT', body: { expertUserIds, version } });
export const respond = (id: number, accept: boolean, reason = '') => api(`/consultations/${id}/response`, { method: 'POST', body: { accept, reason } });
export const postMessage = (id: number, body: string, attachmentIds: number[] = []) => api(`/consultations/${id}/messages`, { method: 'POST', body: { body, attachmentIds }, idempotencyKey: newIdempotencyKey() });
export const markRead = (id: number, messageId: number) => api(`/consultations/${id}/read`, { method: 'POST', body: { messageId } });
export async function uploadFile(id: number, file: File): Promise<{ id: number }> {
  const form = new FormData();
  form.append('file', file);
  const res = await send(`/consultations/${id}/attachments`, { method: 'POST', rawBody: form, idempotencyKey: newIdempotencyKey() });
  return (await res.json()) as { id: number };
}
export const scheduleVisit = (id: number, body: { visitDate: string; expertUserIds: number[]; note: string; followUpOf: number | null }) => api<Visit>(`/consultations/${id}/visits`, { method: 'POST', body, idempotencyKey: newIdempotencyKey() });
export const checkIn = (visitId: number) => api<Visit>(`/visits/${visitId}/check-in`, { method: 'POST' });
export const reportVisit = (visitId: number, body: { findings: string; actions: string; partsNeeded: string; followUps: string; version: number }) => api<Visit>(`/visits/${visitId}/report`, { method: 'PUT', body });
export const rate = (id: number, score: number, comment: string) => api(`/consultations/${id}/rating`, { method: 'POST', body: { score, comment }, idempotencyKey: newIdempotencyKey() });
export const closeConsultation = (id: number, version: number, note: string) => api(`/consultations/${id}/close`, { method: 'POST', body: { version, note } });
export const updateMyProfile = (body: Record<string, unknown>) => api<Expert>('/experts/me', { method: 'PATCH', body });

export type ImportResult = ImportExpertsResponse;
export async function importExperts(file: File, dryRun: boolean): Promise<ImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  return (await send('/experts/import', { method: 'POST', query: { dryRun: String(dryRun) }, rawBody: form })).json() as Promise<ImportResult>;
}
export const downloadExpertTemplate = async () => downloadResponse(await send('/experts/import-template'), 'experts-template.xlsx');
