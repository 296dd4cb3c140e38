/** Joint meetings (联席会议): list, schedule, agenda, minutes, decisions and action items, .docx minutes. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AgendaItemResponse, CreateDecisionBody, CreateMeetingBody, DecisionResponse, MeetingDetail, MeetingPage, MeetingSummary, PutAgendaBody, PutMinutesBody, UpdateMeetingBody,
} from '@server/modules/meetings/meetings.schema';
import { api, downloadResponse, send } from '../../lib/api';

export type Meeting = MeetingSummary;
export type MeetingFull = MeetingDetail;
export type Meetings = z.infer<typeof MeetingPage>;
export type AgendaItem = AgendaItemResponse;
export type Decision = DecisionResponse;
export type CreateMeeting = z.input<typeof CreateMeetingBody>;
export type UpdateMeeting = z.input<typeof UpdateMeetingBody>;
export type PutAgenda = z.input<typeof PutAgendaBody>;
export type PutMinutes = z.input<typeof PutMinutesBody>;
export type CreateDecision = z.input<typeof CreateDecisionBody>;
export type MeetingStatus = Meeting['status'];
export { MEETING_STATUSES, AGENDA_KINDS } from '@server/modules/meetings/meetings.schema';

export interface MeetingFilters {
  status?: MeetingStatus;
  upcoming?: boolean;
  page?: number;
  pageSize?: number;
}

export const meetingKeys = {
  all: ['meetings'] as const,
  list: (f: MeetingFilters) => ['meetings', 'list', f] as const,
  one: (id: number) => ['meetings', 'one', id] as const,
};

export function useMeetings(f: MeetingFilters) {
  return useQuery({
    queryKey: meetingKeys.list(f),
    queryFn: () => api<Meetings>('/meetings', { query: { ...f, upcoming: f.upcoming ? 'true' : undefined } }),
    placeholderData: keepPreviousData,
  });
}

export function useMeeting(id: number) {
  return useQuery({ queryKey: meetingKeys.one(id), queryFn: () => api<MeetingFull>(`/meetings/${id}`), enabled: id > 0 });
}

function useSettle() {
  const qc = useQueryClient();
  return (m: MeetingFull) => {
    qc.setQueryData(meetingKeys.one(m.id), m);
    void qc.invalidateQueries({ queryKey: ['meetings', 'list'] });
  };
}

export function useCreateMeeting() {
  const settle = useSettle();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateMeeting; idempotencyKey: string }) => api<MeetingFull>('/meetings', { method: 'POST', body, idempotencyKey }),
    onSuccess: settle,
  });
}

export function useUpdateMeeting(id: number) {
  const settle = useSettle();
  return useMutation({ mutationFn: (body: UpdateMeeting) => api<MeetingFull>(`/meetings/${id}`, { method: 'PATCH', body }), onSuccess: settle });
}

export function useBuildAgenda(id: number) {
  const settle = useSettle();
  return useMutation({ mutationFn: (version: number) => api<MeetingFull>(`/meetings/${id}/agenda/build`, { method: 'POST', body: { version } }), onSuccess: settle });
}

export function usePutAgenda(id: number) {
  const settle = useSettle();
  return useMutation({ mutationFn: (body: PutAgenda) => api<MeetingFull>(`/meetings/${id}/agenda`, { method: 'PUT', body }), onSuccess: settle });
}

export function usePutMinutes(id: number) {
  const settle = useSettle();
  return useMutation({ mutationFn: (body: PutMinutes) => api<MeetingFull>(`/meetings/${id}/minutes`, { method: 'PUT', body }), onSuccess: settle });
}

export function useAddDecision(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateDecision; idempotencyKey: string }) => api<Decision>(`/meetings/${id}/decisions`, { method: 'POST', body, idempotencyKey }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: meetingKeys.one(id) });
      void qc.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
}

export function useExportMinutes(id: number) {
  return useMutation({
    mutationFn: async () => {
      const res = await send(`/meetings/${id}/minutes.docx`);
      await downloadResponse(res, `minutes-${id}.docx`);
    },
  });
}
