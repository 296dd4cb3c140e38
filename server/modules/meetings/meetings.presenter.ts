/** Maps meeting rows to response objects. */
import type { AgendaRow, MeetingRow } from './meetings.repository';
import type { AgendaItemResponse, MeetingStatus, MeetingSummary } from './meetings.schema';

export function toMeetingSummary(row: MeetingRow): MeetingSummary {
  return {
    id: row.id,
    title: row.title,
    scheduledAt: row.scheduled_at,
    location: row.location,
    status: row.status as MeetingStatus,
    attendeeCount: Number(row.attendee_count ?? 0),
    agendaCount: Number(row.agenda_count ?? 0),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export function toAgendaItem(row: AgendaRow, ref: AgendaItemResponse['ref']): AgendaItemResponse {
  return { id: row.id, position: row.position, kind: row.kind as AgendaItemResponse['kind'], refId: row.ref_id, title: row.title, note: row.note, analysisId: row.analysis_id ?? null, ref };
}
