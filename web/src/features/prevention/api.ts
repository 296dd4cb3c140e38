/** Joint prevention (防控共抓): standards with versions, self-inspections, trainings, supplies with days of cover. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AttendanceBody, CreateStandardBody, CreateSupplyBody, CreateTrainingBody, InspectionPage, InspectionResponse, PutDraftBody, SettingsResponse, StandardList, StandardResponse,
  SubmitInspectionBody, SupplyList, SupplyResponse, TrainingPage, TrainingResponse, UpdateSupplyBody,
} from '@server/modules/prevention/prevention.schema';
import { api, send } from '../../lib/api';

export type Standard = StandardResponse;
export type StandardSummary = z.infer<typeof StandardList>['items'][number];
export type Inspection = InspectionResponse;
export type InspectionSummary = z.infer<typeof InspectionPage>['items'][number];
export type Training = TrainingResponse;
export type Supplies = SupplyList;
export type Supply = SupplyResponse;
export type DraftItem = z.input<typeof PutDraftBody>['items'][number];
/** Kept here, not imported from the schema module, so the page chunk pulls in no zod. */
export const OUTCOMES = ['pass', 'fail', 'na'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const preventionKeys = {
  all: ['prevention'] as const,
  standards: ['prevention', 'standards'] as const,
  standard: (id: number) => ['prevention', 'standard', id] as const,
  inspections: (f: object) => ['prevention', 'inspections', f] as const,
  inspection: (id: number) => ['prevention', 'inspection', id] as const,
  trainings: (f: object) => ['prevention', 'trainings', f] as const,
  supplies: ['prevention', 'supplies'] as const,
  settings: ['prevention', 'settings'] as const,
};

export const useStandards = () => useQuery({ queryKey: preventionKeys.standards, queryFn: () => api<z.infer<typeof StandardList>>('/prevention/standards').then((r) => r.items) });
export const useStandard = (id: number | undefined) =>
  useQuery({ queryKey: preventionKeys.standard(id ?? 0), queryFn: () => api<Standard>(`/prevention/standards/${id}`), enabled: !!id });
export const useInspections = (f: { page?: number; pageSize?: number }) =>
  useQuery({ queryKey: preventionKeys.inspections(f), queryFn: () => api<z.infer<typeof InspectionPage>>('/prevention/inspections', { query: f }), placeholderData: keepPreviousData });
export const useInspection = (id: number | undefined) =>
  useQuery({ queryKey: preventionKeys.inspection(id ?? 0), queryFn: () => api<Inspection>(`/prevention/inspections/${id}`), enabled: !!id });
export const useTrainings = (f: { page?: number; pageSize?: number }) =>
  useQuery({ queryKey: preventionKeys.trainings(f), queryFn: () => api<z.infer<typeof TrainingPage>>('/prevention/trainings', { query: f }), placeholderData: keepPreviousData });
export const useSupplies = () => useQuery({ queryKey: preventionKeys.supplies, queryFn: () => api<Supplies>('/prevention/supplies') });
export const useSettings = () => useQuery({ queryKey: preventionKeys.settings, queryFn: () => api<z.infer<typeof SettingsResponse>>('/prevention/settings') });

function useDone() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: preventionKeys.all });
}

export function useCreateStandard() {
  const onSuccess = useDone();
  return useMutation({ mutationFn: ({ body, idempotencyKey }: { body: z.input<typeof CreateStandardBody>; idempotencyKey: string }) => api<Standard>('/prevention/standards', { method: 'POST', body, idempotencyKey }), onSuccess });
}
export function usePutDraft(id: number) {
  const onSuccess = useDone();
  return useMutation({ mutationFn: (body: z.input<typeof PutDraftBody>) => api<Standard>(`/prevention/standards/${id}/draft`, { method: 'PUT', body }), onSuccess });
}
export function usePublish(id: number) {
  const onSuccess = useDone();
  return useMutation({ mutationFn: (version: number) => api<Standard>(`/prevention/standards/${id}/publish`, { method: 'POST', body: { version } }), onSuccess });
}
export function useSubmitInspection() {
  const onSuccess = useDone();
  return useMutation({ mutationFn: ({ body, idempotencyKey }: { body: z.input<typeof SubmitInspectionBody>; idempotencyKey: string }) => api<Inspection>('/prevention/inspections', { method: 'POST', body, idempotencyKey }), onSuccess });
}
export function useCreateTraining() {
  const onSuccess = useDone();
  return useMutation({ mutationFn: ({ body, idempotencyKey }: { body: z.input<typeof CreateTrainingBody>; idempotencyKey: string }) => api<Training>('/prevention/trainings', { method: 'POST', body, idempotencyKey }), onSuccess });
}
export function useRecordAttendance(id: number) {
  const onSuccess = useDone();
  return useMutation({ mutationFn: (body: z.input<typeof AttendanceBody>) => api<Training>(`/prevention/trainings/${id}/attendance`, { method: 'PUT', body }), onSuccess });
}
export function useCreateSupply() {
  const onSuccess = useDone();
  return useMutation({ mutationFn: ({ body, idempotencyKey }: { body: z.input<typeof CreateSupplyBody>; idempotencyKey: string }) => api<Supply>('/prevention/supplies', { method: 'POST', body, idempotencyKey }), onSuccess });
}
export function useUpdateSupply(id: number) {
  const onSuccess = useDone();
  return useMutation({ mutationFn: (body: z.input<typeof UpdateSupplyBody>) => api<Supply>(`/prevention/supplies/${id}`, { method: 'PUT', body }), onSuccess });
}
export function useInvite() {
  const onSuccess = useDone();
  return useMutation({ mutationFn: (campaignId: number) => api<{ campaignId: number | null; invited: number[] }>('/prevention/supplies/invite', { method: 'POST', body: { campaignId } }), onSuccess });
}

/** Adds a photo to a self-inspection (or material to a training) in the shared file store. */
export async function uploadFile(ownerType: 'prevention_inspection' | 'prevention_training', ownerId: number, file: File, idempotencyKey: string): Promise<void> {
  const form = new FormData();
  form.append('file', file, file.name);
  await send('/files', { method: 'POST', query: { ownerType, ownerId }, rawBody: form, idempotencyKey });
}

/** Member firms for pickers (alliance staff only). */
export const useMemberOptions = (enabled: boolean) =>
  useQuery({
    queryKey: ['prevention', 'members'],
    queryFn: () => api<{ items: { id: number; name: string }[] }>('/enterprises', { query: { pageSize: 200 } }).then((r) => r.items.map((e) => ({ value: e.id, label: e.name }))),
    enabled,
    staleTime: 60_000,
  });
