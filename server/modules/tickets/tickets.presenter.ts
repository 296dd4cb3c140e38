/** Maps ticket rows to response objects: the only place rows become API shapes. */
import type { WorkingGroup } from '../../core/auth/roles';
import type { Priority } from './sla';
import type { AttachmentRow, EventRow, HandlerRow, SummaryRow } from './tickets.repository';
import type { AttachmentResponse, TicketCategory, TicketEvent, TicketSummary } from './tickets.schema';
import { CLOCK_STATUSES, type TicketStatus } from './ticket-state';

const userRef = (id: number | null, name: string | null) => (id === null ? null : { id, displayName: name ?? '' });

/** On the clock (a pending ticket is not) and past its resolve deadline. */
export function isOverdue(row: { status: string; resolve_due_at: string }, now: string): boolean {
  return CLOCK_STATUSES.includes(row.status as TicketStatus) && now >= row.resolve_due_at;
}

export function toSummary(row: SummaryRow, now: string): TicketSummary {
  return {
    id: row.id,
    parentId: row.parent_id,
    enterprise: row.enterprise_id === null ? null : { id: row.enterprise_id, name: row.enterprise_name ?? '' },
    category: row.category as TicketCategory,
    priority: row.priority as Priority,
    title: row.title,
    status: row.status as TicketStatus,
    leadGroup: row.lead_group as WorkingGroup | null,
    leadUser: userRef(row.lead_user_id, row.lead_user_name),
    source: row.source as TicketSummary['source'],
    responseDueAt: row.response_due_at,
    resolveDueAt: row.resolve_due_at,
    firstResponseAt: row.first_response_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    overdue: isOverdue(row, now),
    escalationLevel: row.escalation_level,
    pausedAt: row.paused_at,
    pausedWorkdays: row.paused_workdays,
    satisfaction: row.satisfaction,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

function parseData(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function toEvent(row: EventRow): TicketEvent {
  return {
    id: row.id,
    kind: row.kind as TicketEvent['kind'],
    visibility: row.visibility as TicketEvent['visibility'],
    actor: userRef(row.actor_user_id, row.actor_name),
    fromStatus: row.from_status as TicketStatus | null,
    toStatus: row.to_status as TicketStatus | null,
    body: row.body,
    data: parseData(row.data_json),
    createdAt: row.created_at,
  };
}

export function toHandler(row: HandlerRow) {
  return {
    kind: row.kind as 'group' | 'enterprise' | 'user',
    workingGroup: row.working_group as WorkingGroup | null,
    enterprise: row.enterprise_id === null ? null : { id: row.enterprise_id, name: row.enterprise_name ?? '' },
    user: userRef(row.user_id, row.user_name),
  };
}

export function toAttachment(row: AttachmentRow): AttachmentResponse {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    name: row.original_name,
    mime: row.mime,
    size: row.size,
    sha256: row.sha256,
    visibility: row.visibility as AttachmentResponse['visibility'],
    uploadedBy: userRef(row.uploaded_by, row.uploader_name),
    createdAt: row.created_at,
    url: `/api/tickets/${row.ticket_id}/attachments/${row.id}`,
  };
}
